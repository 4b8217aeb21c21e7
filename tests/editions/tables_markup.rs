//! Tables in the EPUB, DocBook and JATS editions, on the real files the CLI makes of
//! `tests/fixtures/tables.json`: EPUBCheck and jing, every cell's words in order, the
//! markup the tag sets ask for (head cells, spans, the scrolling box and its name), and
//! every note reference in a table linked to its note and back, with table notes set at
//! their table and never in the endnote lists. pandoc reads DocBook and JATS back with
//! every row.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use folio::model::{
    Block, Publication, ResolveOptions, SourceMap, TableNotes, plain_text, resolve,
};
use folio_tests::epub::{Epub, assert_epubcheck_clean, tags, text_of_xhtml};
use folio_tests::fidelity::{assert_in_order, words};
use folio_tests::{export, fixture, golden, tools};

const DOCBOOK_RNG: &str = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng";

fn tables_json() -> PathBuf {
    fixture("tables.json")
}

/// The fixture's publication, as folio reads it.
fn publication() -> Publication {
    let loaded =
        folio::import::load(&[tables_json()], &folio::import::LoadOptions::default()).unwrap();
    assert!(!loaded.has_errors());
    loaded.publication
}

/// The text of each table of the fixture: its caption, then each row's cells, row by row
/// (head, body, foot), note references left out.
struct Expected {
    caption: String,
    rows: Vec<Vec<String>>,
}

fn expected_tables() -> Vec<Expected> {
    let publication = publication();
    let mut tables = Vec::new();
    publication.reports[0].for_each_block(&mut |block| {
        if let Block::Table(table) = block {
            let rows = table
                .all_rows()
                .map(|row| row.cells.iter().map(|c| blocks_text(&c.blocks)).collect())
                .collect();
            tables.push(Expected {
                caption: plain_text(&table.caption),
                rows,
            });
        }
    });
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].rows.len(), 2 + 60 + 1);
    tables
}

fn blocks_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    folio::model::for_each_block(blocks, &mut |block| {
        if let Some(content) = block.content() {
            out.push_str(&plain_text(content));
            out.push(' ');
        }
    });
    out
}

/// Every word of the tables' captions and cells, in reading order.
fn cell_words(tables: &[Expected]) -> Vec<String> {
    let mut text = String::new();
    for table in tables {
        text.push_str(&table.caption);
        text.push('\n');
        for row in &table.rows {
            for cell in row {
                text.push_str(cell);
                text.push('\n');
            }
        }
    }
    words(&text)
}

/// The words of the fixture's notes, by label.
fn note_words() -> BTreeMap<String, Vec<String>> {
    publication().reports[0]
        .endnotes
        .iter()
        .map(|n| (n.id.as_str().to_owned(), words(&blocks_text(&n.blocks))))
        .collect()
}

/// The widths of the rows of each `<table>` of `xml`, counting the columns that spans
/// from the rows above cover (within each `<thead>`, `<tbody>` and `<tfoot>`).
fn row_widths(xml: &str) -> Vec<Vec<usize>> {
    let mut tables = Vec::new();
    let xml = xml.replace("</informaltable>", "</table>");
    for table in xml.split("</table>").filter(|t| t.contains("<tr")) {
        let mut widths = Vec::new();
        for group in table.split("<thead>").flat_map(|g| g.split("<tbody>")) {
            for group in group.split("<tfoot>") {
                // rows a span from above still covers, per column
                let mut carry: Vec<usize> = Vec::new();
                for row in group.split("<tr").skip(1) {
                    let row = row.split("</tr>").next().unwrap();
                    let mut width = carry.iter().filter(|&&n| n > 0).count();
                    // each cell takes the next columns no span from above covers (the
                    // fixture's rows have their header cells before any data cell)
                    let mut column = 0;
                    for cell in tags(row, "th").into_iter().chain(tags(row, "td")) {
                        let span = |name: &str| cell.get(name).map_or(1, |v| v.parse().unwrap());
                        width += span("colspan");
                        for _ in 0..span("colspan") {
                            while carry.get(column).is_some_and(|&n| n > 0) {
                                column += 1;
                            }
                            if carry.len() <= column {
                                carry.resize(column + 1, 0);
                            }
                            carry[column] = span("rowspan");
                            column += 1;
                        }
                    }
                    widths.push(width);
                    for n in &mut carry {
                        *n = n.saturating_sub(1);
                    }
                }
            }
        }
        tables.push(widths);
    }
    tables
}

fn assert_rectangular(edition: &str, xml: &str) {
    let widths = row_widths(xml);
    assert_eq!(widths.len(), 2, "{edition}: two tables");
    assert_eq!(widths[0].len(), 63, "{edition}: 2 + 60 + 1 rows");
    assert!(
        widths[0].iter().all(|&w| w == 4),
        "{edition}: {:?}",
        widths[0]
    );
    assert_eq!(widths[1], [3, 3, 3], "{edition}");
}

/// `xml` without the elements `<open ...>...</close>` that start with `open`: note marks,
/// whose letters would stick to the word before them.
fn without(xml: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        out.push(' ');
        let end = rest[at..].find(close).unwrap() + at + close.len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------- EPUB

/// The EPUB of the fixture, made by the CLI with `args`.
fn epub(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let mut all = vec!["--to", "epub"];
    all.extend_from_slice(args);
    let dir = export(&tables_json(), &all);
    let path = dir.path().join("tables.epub");
    (dir, path)
}

/// Every id of the book's documents: (document, id).
fn ids(epub: &Epub) -> BTreeSet<(String, String)> {
    let mut ids = BTreeSet::new();
    for (path, xhtml) in epub.xhtml() {
        for name in [
            "a", "li", "div", "caption", "section", "span", "h1", "h2", "p",
        ] {
            for attrs in tags(xhtml, name) {
                if let Some(id) = attrs.get("id") {
                    assert!(ids.insert((path.clone(), id.clone())), "{id} twice");
                }
            }
        }
    }
    ids
}

/// Every noteref leads to a note and every note's back-links to its noterefs; table
/// notes are `doc-footnote`s after their table in the report's document. Returns the
/// noterefs' marks in document order.
fn assert_epub_notes_link_both_ways(epub: &Epub) -> Vec<String> {
    let ids = ids(epub);
    let report_file = "EPUB/report-tables.xhtml";
    let report = epub.text(report_file);
    let mut marks = Vec::new();
    let mut sites = BTreeSet::new();
    let mut targets = BTreeSet::new();
    for (path, xhtml) in epub.xhtml() {
        let mut rest = xhtml;
        while let Some(at) = rest.find("<a epub:type=\"noteref\"") {
            let tag = &rest[at..];
            let attrs = &tags(tag, "a")[0];
            let mark = tag[tag.find('>').unwrap() + 1..tag.find("</a>").unwrap()].to_owned();
            assert_eq!(attrs["role"], "doc-noteref");
            let (file, id) = attrs["href"].split_once('#').unwrap();
            let file = if file.is_empty() {
                path.clone()
            } else {
                format!("EPUB/{file}")
            };
            assert!(
                ids.contains(&(file.clone(), id.to_owned())),
                "{id} leads nowhere"
            );
            if mark.bytes().all(|b| b.is_ascii_lowercase()) {
                // a table note: in the report's document, marked to pop up
                assert_eq!(file, report_file);
                let note = tags(report, "div")
                    .into_iter()
                    .find(|d| d.get("id").map(String::as_str) == Some(id))
                    .unwrap();
                assert_eq!(note["epub:type"], "footnote");
                assert_eq!(note["role"], "doc-footnote");
                assert_eq!(note["class"], "table-note");
            } else {
                assert!(epub.text(&file).contains(&format!("<li id=\"{id}\"")));
            }
            sites.insert((path.clone(), attrs["id"].clone()));
            targets.insert(id.to_owned());
            marks.push(mark);
            rest = &tag[1..];
        }
    }
    let mut back = BTreeSet::new();
    for (path, xhtml) in epub.xhtml() {
        for link in tags(xhtml, "a") {
            if link.get("role").map(String::as_str) != Some("doc-backlink") {
                continue;
            }
            let (file, id) = link["href"].split_once('#').unwrap();
            let file = if file.is_empty() {
                path.clone()
            } else {
                format!("EPUB/{file}")
            };
            assert!(sites.contains(&(file.clone(), id.to_owned())), "{id}");
            back.insert((file, id.to_owned()));
        }
    }
    assert_eq!(back, sites, "every noteref has its back-link");
    marks
}

/// The ids of the `<li>` of the endnote lists.
fn endnote_ids(epub: &Epub) -> Vec<String> {
    let mut ids = Vec::new();
    for (_, xhtml) in epub.xhtml() {
        for section in xhtml.split("role=\"doc-endnotes\"").skip(1) {
            let section = section.split("</section>").next().unwrap();
            assert!(!section.contains("table-note"));
            ids.extend(tags(section, "li").into_iter().map(|li| li["id"].clone()));
        }
    }
    ids
}

#[test]
fn the_epub_sets_tables_and_their_notes_and_passes_epubcheck() {
    for args in [&[][..], &["--notes", "book"][..]] {
        let (_dir, path) = epub(args);
        assert_epubcheck_clean(&path);
        let epub = Epub::open(&path);
        let marks = assert_epub_notes_link_both_ways(&epub);
        // caption a, head b, body a (again), 1, c, c, then 2 in the text after the table
        assert_eq!(marks, ["1", "a", "b", "a", "1", "c", "c", "2"], "{args:?}");
        assert_eq!(endnote_ids(&epub), ["n1", "n2"], "{args:?}");
        let report = epub.text("EPUB/report-tables.xhtml");
        for (id, back) in [("t1-a", 2), ("t1-b", 1), ("t1-c", 2)] {
            let note = report.split(&format!("<div id=\"{id}\"")).nth(1).unwrap();
            let note = note.split("</div>").next().unwrap();
            assert_eq!(note.matches("role=\"doc-backlink\"").count(), back, "{id}");
            if back == 2 {
                assert!(note.contains(">^a</a> <a"), "{note}");
                assert!(note.contains(">^b</a>"), "{note}");
            }
        }
        // the notes follow their table, lettered, before the text after it
        let table_end = report.find("</table>").unwrap();
        let letters: Vec<usize> = ["a", "b", "c"]
            .iter()
            .map(|l| {
                report
                    .find(&format!("<span class=\"note-label\">{l}</span>"))
                    .unwrap()
            })
            .collect();
        assert!(table_end < letters[0] && letters[0] < letters[1] && letters[1] < letters[2]);
        assert!(letters[2] < report.find("The surveys cover only").unwrap());
        if args.is_empty() {
            assert!(!epub.names.iter().any(|n| n.starts_with("EPUB/notes-")));
        } else {
            let notes = epub.text("EPUB/notes-tables.xhtml");
            assert!(
                !notes.contains("t1-"),
                "no table note at the end of the book"
            );
        }
    }
}

#[test]
fn the_epub_tables_are_marked_up_for_every_reader() {
    let (_dir, path) = epub(&[]);
    let epub = Epub::open(&path);
    let report = epub.text("EPUB/report-tables.xhtml");
    let captions: BTreeMap<String, ()> = tags(report, "caption")
        .into_iter()
        .map(|c| (c["id"].clone(), ()))
        .collect();
    let wraps: Vec<_> = tags(report, "div")
        .into_iter()
        .filter(|d| d.get("class").map(String::as_str) == Some("table-wrap"))
        .collect();
    assert_eq!(wraps.len(), 2);
    for wrap in &wraps {
        assert_eq!(
            (wrap["role"].as_str(), wrap["tabindex"].as_str()),
            ("region", "0")
        );
    }
    assert!(
        captions.contains_key(&wraps[0]["aria-labelledby"]),
        "{captions:?}"
    );
    assert_eq!(wraps[1]["aria-label"], "Table 2");
    assert!(!wraps[1].contains_key("aria-labelledby"));
    // five header cells, each a column header; the head's spans as the fixture has them
    let th = tags(report, "th");
    assert_eq!(th.len(), 5);
    assert!(th.iter().all(|t| t["scope"] == "col"));
    assert_eq!(th[0]["rowspan"], "2");
    assert_eq!(th[1]["colspan"], "2");
    assert!(report.contains("<thead>") && report.contains("<tbody>") && report.contains("<tfoot>"));
    assert!(!report.contains(" align="), "no align attribute in XHTML5");
    assert!(report.contains("<colgroup><col style=\"width: 25%\"/><col style=\"width: 50%\"/><col style=\"width: 25%\"/></colgroup>"));
    assert!(report.contains("<td class=\"align-right\">344</td>"));
    assert_rectangular("epub", report);
    let css = epub.text("EPUB/style.css");
    assert!(css.contains(".table-wrap {\n  overflow-x: auto;"));
    // every cell's words in order, and every note's
    let extracted = words(&text_of_xhtml(report));
    assert_in_order("epub cells", &cell_words(&expected_tables()), &extracted);
    for (label, note) in note_words() {
        assert_in_order(&format!("epub note {label}"), &note, &extracted);
    }
}

#[test]
fn the_tables_match_their_golden_files() {
    let dir = export(&tables_json(), &["--to", "epub,docbook,jats,xml"]);
    let epub = Epub::open(&dir.path().join("tables.epub"));
    for file in ["report-tables.xhtml", "style.css", "nav.xhtml"] {
        let bytes = &epub.files[&format!("EPUB/{file}")];
        golden::check("tables", &format!("epub/{file}"), bytes);
    }
    for file in ["tables.docbook.xml", "tables.jats.xml", "tables.xml"] {
        golden::check(
            "tables",
            file,
            &std::fs::read(dir.path().join(file)).unwrap(),
        );
    }
}

// ------------------------------------------------------------------ DocBook and JATS

/// What pandoc reads of each table of `document`: its caption's text, and the text of
/// each cell of its head, body and foot rows (notes left out, a link's text apart).
struct PandocTable {
    caption: String,
    head: Vec<Vec<String>>,
    body: Vec<Vec<String>>,
    foot: Vec<Vec<String>>,
}

fn pandoc_tables(from: &str, document: &Path) -> Vec<PandocTable> {
    let doc = tools::pandoc_json(from, document);
    let mut tables = Vec::new();
    find_tables(&doc["blocks"], &mut None, &mut tables);
    tables
}

/// Finds the tables in pandoc's JSON. pandoc reads a JATS caption into a
/// `Div.caption` before its table (`caption` keeps it for the next table).
fn find_tables(
    value: &serde_json::Value,
    caption: &mut Option<String>,
    out: &mut Vec<PandocTable>,
) {
    let is_caption = |node: &serde_json::Map<String, serde_json::Value>| {
        node.get("t").and_then(|t| t.as_str()) == Some("Div")
            && node["c"][0][1]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "caption")
    };
    match value {
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| find_tables(v, caption, out));
        }
        serde_json::Value::Object(node) if is_caption(node) => {
            *caption = Some(inline_text(&node["c"][1]));
        }
        serde_json::Value::Object(node)
            if node.get("t").and_then(|t| t.as_str()) == Some("Table") =>
        {
            let c = &node["c"];
            let rows = |rows: &serde_json::Value| -> Vec<Vec<String>> {
                rows.as_array()
                    .unwrap()
                    .iter()
                    .map(|row| {
                        row[1]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|cell| inline_text(&cell[4]))
                            .collect()
                    })
                    .collect()
            };
            let mut body = Vec::new();
            for tbody in c[4].as_array().unwrap() {
                body.extend(rows(&tbody[2]));
                body.extend(rows(&tbody[3]));
            }
            let own = inline_text(&c[1][1]);
            let caption = caption
                .take()
                .filter(|_| own.trim().is_empty())
                .unwrap_or(own);
            out.push(PandocTable {
                caption,
                head: rows(&c[3][1]),
                body,
                foot: rows(&c[5][1]),
            });
        }
        serde_json::Value::Object(node) => {
            node.values().for_each(|v| find_tables(v, caption, out));
        }
        _ => {}
    }
}

/// The text of pandoc's JSON for some blocks or inlines: notes and links within the
/// document (note marks) left out.
fn inline_text(value: &serde_json::Value) -> String {
    fn walk(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(node) => match node.get("t").and_then(|t| t.as_str()) {
                Some("Note") => {}
                Some("Str") => out.push_str(node["c"].as_str().unwrap()),
                Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
                Some("Link") if node["c"][2][0].as_str().is_some_and(|t| t.starts_with('#')) => {
                    out.push(' ');
                }
                _ => {
                    out.push(' ');
                    if let Some(c) = node.get("c") {
                        walk(c, out);
                    }
                    out.push(' ');
                }
            },
            _ => {}
        }
    }
    let mut out = String::new();
    walk(value, &mut out);
    out
}

/// pandoc reads every row and every cell's words, in order, with the caption.
fn assert_pandoc_reads_every_cell(from: &str, document: &Path, foot_in_body: bool) {
    let read = pandoc_tables(from, document);
    let expected = expected_tables();
    assert_eq!(read.len(), 2, "{from}");
    let heads: Vec<usize> = read.iter().map(|t| t.head.len()).collect();
    let bodies: Vec<usize> = read.iter().map(|t| t.body.len()).collect();
    let feet: Vec<usize> = read.iter().map(|t| t.foot.len()).collect();
    if foot_in_body {
        assert_eq!(
            (heads, bodies, feet),
            (vec![2, 0], vec![61, 3], vec![0, 0]),
            "{from}"
        );
    } else {
        assert_eq!(
            (heads, bodies, feet),
            (vec![2, 0], vec![60, 3], vec![1, 0]),
            "{from}"
        );
    }
    let mut text = String::new();
    for table in &read {
        text.push_str(&table.caption);
        text.push('\n');
        for row in table.head.iter().chain(&table.body).chain(&table.foot) {
            for cell in row {
                text.push_str(cell);
                text.push('\n');
            }
        }
    }
    assert_eq!(
        words(&text),
        cell_words(&expected),
        "{from}: the cells' words"
    );
}

#[test]
fn docbook_tables_are_valid_linked_and_read_back_by_pandoc() {
    let dir = export(&tables_json(), &["--to", "docbook"]);
    let path = dir.path().join("tables.docbook.xml");
    tools::run("jing", &[DOCBOOK_RNG.as_ref(), path.as_os_str()]);
    let xml = std::fs::read_to_string(&path).unwrap();
    // a table with its caption and number, a table without one
    assert!(xml.contains("<table xml:id=\"tab1\" label=\"1\">\n      <caption>Mine casualties"));
    assert!(xml.contains("<informaltable xml:id=\"tab2\">"));
    assert_eq!(tags(&xml, "th").len(), 5);
    assert!(tags(&xml, "th").iter().all(|t| t["scope"] == "col"));
    assert_rectangular("docbook", &xml);
    // every note once as a footnote, table notes lettered; every footnoteref to one
    let footnotes: BTreeMap<String, Option<String>> = tags(&xml, "footnote")
        .into_iter()
        .map(|f| (f["xml:id"].clone(), f.get("label").cloned()))
        .collect();
    let letter = |l: &str| Some(l.to_owned());
    assert_eq!(
        footnotes,
        BTreeMap::from([
            ("n1".to_owned(), None),
            ("n2".to_owned(), None),
            ("t1-a".to_owned(), letter("a")),
            ("t1-b".to_owned(), letter("b")),
            ("t1-c".to_owned(), letter("c")),
        ])
    );
    let refs: Vec<String> = tags(&xml, "footnoteref")
        .into_iter()
        .map(|r| r["linkend"].clone())
        .collect();
    assert_eq!(refs, ["t1-a", "n1", "t1-c"]);
    let caption = xml
        .split("<caption>")
        .nth(1)
        .unwrap()
        .split("</caption>")
        .next()
        .unwrap();
    assert!(caption.contains("<footnote xml:id=\"t1-a\" label=\"a\">"));
    assert_pandoc_reads_every_cell("docbook", &path, true);
    let text = without(&xml, "<footnoteref", "/>");
    let text = without(&text, "<footnote", "</footnote>");
    assert_in_order(
        "docbook",
        &cell_words(&expected_tables()),
        &words(&folio_tests::fidelity::xml_text(&text)),
    );
}

#[test]
fn jats_tables_are_linked_at_their_foot_and_read_back_by_pandoc() {
    let dir = export(&tables_json(), &["--to", "jats"]);
    let path = dir.path().join("tables.jats.xml");
    let xml = std::fs::read_to_string(&path).unwrap();
    let labels: Vec<&str> = xml
        .split("<table-wrap ")
        .skip(1)
        .map(|w| {
            w.split("<label>")
                .nth(1)
                .unwrap()
                .split("</label>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(labels, ["Table 1", "Table 2"]);
    assert_eq!(tags(&xml, "table-wrap")[0]["id"], "tab1");
    assert!(xml.contains("<caption>\n          <title>Mine casualties"));
    assert!(tags(&xml, "th").iter().all(|t| t["scope"] == "col"));
    assert_rectangular("jats", &xml);
    // the table's notes at its foot, each called from the table; the endnotes at the back
    let wrap = xml.split("<table-wrap id=\"tab1\">").nth(1).unwrap();
    let wrap = wrap.split("</table-wrap>").next().unwrap();
    let foot = wrap.split("<table-wrap-foot>").nth(1).unwrap();
    let fns: Vec<String> = tags(foot, "fn")
        .into_iter()
        .map(|f| f["id"].clone())
        .collect();
    assert_eq!(fns, ["t1-a", "t1-b", "t1-c"]);
    let calls: Vec<(String, String)> = tags(wrap, "xref")
        .into_iter()
        .filter(|x| x["ref-type"] == "table-fn")
        .map(|x| (x["rid"].clone(), x["id"].clone()))
        .collect();
    assert_eq!(calls.len(), 5);
    let called: BTreeSet<&String> = calls.iter().map(|(rid, _)| rid).collect();
    assert_eq!(
        called,
        fns.iter().collect(),
        "every call to a note at the foot, every note called"
    );
    assert!(
        !xml.replace(wrap, "").contains("table-fn"),
        "no table-fn call outside its table"
    );
    let back = xml.split("<back>").nth(1).unwrap();
    let endnotes: Vec<String> = tags(back, "fn")
        .into_iter()
        .map(|f| f["id"].clone())
        .collect();
    assert_eq!(endnotes, ["n1", "n2"]);
    for x in tags(&xml, "xref")
        .into_iter()
        .filter(|x| x["ref-type"] == "fn")
    {
        assert!(endnotes.contains(&x["rid"]), "{x:?}");
    }
    assert_pandoc_reads_every_cell("jats", &path, false);
}

// ---------------------------------------------------- table notes with the endnotes

#[test]
fn table_notes_numbered_with_the_endnotes_are_listed_with_them() {
    let publication = publication();
    let options = ResolveOptions::default().table_notes(TableNotes::Endnotes);
    let resolved = resolve(&publication, &options, &SourceMap::default());
    assert!(!resolved.has_errors(), "{:?}", resolved.diagnostics);
    let dir = tempfile::tempdir().unwrap();

    let epub = folio::epub::export_epub(&resolved, &folio::epub::EpubOptions::default()).unwrap();
    let path = dir.path().join("tables.epub");
    std::fs::write(&path, &epub.bytes).unwrap();
    assert_epubcheck_clean(&path);
    let epub = Epub::open(&path);
    let marks = assert_epub_notes_link_both_ways(&epub);
    // numbered in the order of the note list: 1, 2, then src 3, hdr 4, est 5
    assert_eq!(marks, ["1", "3", "4", "3", "1", "5", "5", "2"]);
    assert_eq!(endnote_ids(&epub), ["n1", "n2", "n3", "n4", "n5"]);
    assert!(
        !epub
            .text("EPUB/report-tables.xhtml")
            .contains("table-notes")
    );

    let docbook = dir.path().join("tables.docbook.xml");
    std::fs::write(&docbook, folio::xml::export_docbook(&resolved)).unwrap();
    tools::run("jing", &[DOCBOOK_RNG.as_ref(), docbook.as_os_str()]);
    let xml = std::fs::read_to_string(&docbook).unwrap();
    assert!(
        tags(&xml, "footnote")
            .iter()
            .all(|f| !f.contains_key("label"))
    );

    let jats = String::from_utf8(folio::xml::export_jats(&resolved)).unwrap();
    assert!(!jats.contains("table-wrap-foot") && !jats.contains("table-fn"));
    let back = jats.split("<back>").nth(1).unwrap();
    let endnotes: Vec<String> = tags(back, "fn")
        .into_iter()
        .map(|f| f["id"].clone())
        .collect();
    assert_eq!(endnotes, ["n1", "n2", "n3", "n4", "n5"]);
}
