//! Tables as the readers take them (issue 23): the Markdown fixture read into the model
//! it means, folio XML of both table fixtures valid against our schema and read back,
//! the diagnostics of irregular and empty tables at their place, and where table notes
//! go, all through the `folio` command.

use std::path::{Path, PathBuf};

use folio::import::{LoadOptions, Loaded, load};
use folio::model::{
    Align, Block, Publication, ResolveOptions, Table, TableNotes, plain_text, resolve,
};
use folio_tests::{export, fixture, folio, repo, tools};

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn loaded(file: &Path) -> Loaded {
    load(&[file.to_owned()], &LoadOptions::default()).unwrap()
}

/// The tables of a publication's reports, in reading order.
fn tables(publication: &Publication) -> Vec<&Table> {
    let mut found = Vec::new();
    for report in &publication.reports {
        report.for_each_block(&mut |block| {
            if let Block::Table(table) = block {
                found.push(&**table);
            }
        });
    }
    found
}

/// The text of each cell of a row.
fn row_texts(row: &folio::model::Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|cell| {
            cell.blocks
                .iter()
                .filter_map(|block| block.content().map(plain_text))
                .collect::<String>()
        })
        .collect()
}

/// The 1-based number of the first line of `file` that starts with `start`.
fn line_of(file: &Path, start: &str) -> u32 {
    let text = std::fs::read_to_string(file).unwrap();
    let index = text.lines().position(|l| l.starts_with(start)).unwrap();
    u32::try_from(index).unwrap() + 1
}

/// Each note's id and the mark printed for it, with table notes set this way.
fn marks(publication: &Publication, table_notes: TableNotes) -> Vec<(String, String)> {
    let resolved = resolve(
        publication,
        &ResolveOptions::default().table_notes(table_notes),
        &folio::model::SourceMap::default(),
    );
    assert!(
        resolved.diagnostics.is_empty(),
        "{:?}",
        resolved.diagnostics
    );
    let report = &publication.reports[0];
    report
        .endnotes
        .iter()
        .zip(&resolved.reports[0].notes)
        .map(|(note, info)| (note.id.as_str().to_owned(), info.mark()))
        .collect()
}

#[test]
fn the_markdown_fixture_reads_into_the_expected_model() {
    let file = fixture("tables.md");
    let read = loaded(&file);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    let found = tables(&read.publication);
    assert_eq!(found.len(), 2);

    let casualties = found[0];
    let aligns: Vec<Align> = casualties.columns.iter().map(|c| c.align).collect();
    assert_eq!(
        aligns,
        [Align::Left, Align::Right, Align::Right, Align::Left]
    );
    assert_eq!(
        plain_text(&casualties.caption),
        "Mine casualties by district, 1999–2000"
    );
    assert_eq!(casualties.head.len(), 1);
    assert_eq!(
        row_texts(&casualties.head[0]),
        ["District", "Killed", "Injured", "Source"]
    );
    assert_eq!(casualties.body.len(), 60);
    assert!(casualties.body.iter().all(|row| row.cells.len() == 4));
    assert!(casualties.foot.is_empty());
    assert_eq!(
        row_texts(&casualties.body[3]),
        [
            "North Pyongan district 4",
            "2",
            "10",
            "https://www.example.org/reports/landmine-monitor/2001/north-korea/casualties/district-4.html"
        ]
    );
    assert_eq!(row_texts(&casualties.body[59])[0], "Kaesong district 60");

    let stockpiles = found[1];
    let aligns: Vec<Align> = stockpiles.columns.iter().map(|c| c.align).collect();
    assert_eq!(
        aligns,
        [Align::Default, Align::Center, Align::Right, Align::Right]
    );
    assert_eq!(
        plain_text(&stockpiles.caption),
        "Stockpiles by mine type, 2000"
    );
    assert_eq!(stockpiles.body.len(), 4);

    // where the tables are, and the caption's reference before the header's and cells'
    let source = &read.sources.reports[0];
    assert_eq!(
        source.tables,
        [
            (line_of(&file, "| District"), 1),
            (line_of(&file, "| Mine type"), 1)
        ]
    );
    let lines: Vec<u32> = source.refs.iter().map(|&(line, _)| line).collect();
    let caption = line_of(&file, "Table: Mine casualties");
    let header = line_of(&file, "| District");
    assert_eq!(lines.len(), 9);
    assert_eq!(&lines[1..3], [caption, header]);
    assert!(lines[3..7].windows(2).all(|w| w[0] < w[1]), "{lines:?}");
    assert!(lines[3] > header && lines[6] > caption, "{lines:?}");

    // lettered at each table's foot, afresh in the second; a note cited in the text
    // too stays an endnote; one cited from two rows is one note
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|&(id, mark)| (id.to_owned(), mark.to_owned()))
            .collect()
    };
    assert_eq!(
        marks(&read.publication, TableNotes::Foot),
        owned(&[
            ("survey", "1"),
            ("src", "a"),
            ("killed", "b"),
            ("est", "c"),
            ("later", "2"),
            ("stock", "a"),
        ])
    );
    assert_eq!(
        marks(&read.publication, TableNotes::Endnotes),
        owned(&[
            ("survey", "1"),
            ("src", "2"),
            ("killed", "3"),
            ("est", "4"),
            ("later", "5"),
            ("stock", "6"),
        ])
    );
    let resolved = resolve(&read.publication, &ResolveOptions::default(), &read.sources);
    let report = &resolved.reports[0];
    assert_eq!(report.tables.len(), 2);
    assert_eq!(report.tables[0].notes, [1, 2, 3]);
    assert_eq!(report.tables[1].notes, [5]);
    assert_eq!(report.notes[3].refs.len(), 2);
    assert_eq!(report.notes[0].refs.len(), 3);
}

fn jing(document: &Path) {
    let schema = repo().join("crates/folio-xml/schema/folio.rnc");
    tools::run(
        "jing",
        &["-c".as_ref(), schema.as_os_str(), document.as_os_str()],
    );
}

#[test]
fn folio_xml_of_both_fixtures_is_valid_and_reads_back_into_the_model() {
    for (name, rows) in [("tables.md", 61 + 5), ("tables.json", 63 + 3)] {
        let input = fixture(name);
        let dir = export(&input, &["--to", "xml"]);
        let xml = dir.path().join("tables.xml");
        jing(&xml);
        let text = std::fs::read_to_string(&xml).unwrap();
        assert_eq!(text.matches("<table").count(), 2, "{name}");
        assert_eq!(text.matches("<row>").count(), rows, "{name}");
        let read = folio::xml::read_folio_xml(&text).unwrap();
        assert_eq!(read, loaded(&input).publication, "{name}");
    }
}

/// Writes `text` to `name` in a new folder.
fn written(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

#[test]
fn a_row_of_the_wrong_width_is_a_warning_at_its_line_and_its_cells_are_kept() {
    let (_dir, file) = written(
        "rows.md",
        "# Rows\n\n| a | b | c |\n|---|---|--:|\n| 1 | 2 | 3 | 4 `|` x |\n| 5 |\n| 6 | 7 | 8 |\n",
    );
    let run = folio(&["check", path(&file)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let f = path(&file);
    assert_eq!(
        run.stderr,
        format!(
            "{f}:5:1: warning: this table row has 5 cells where the header has 3: the table widened to keep them\n  hint: write a `|` that belongs to a cell's text as `\\|`\n{f}:6:1: warning: this table row has 1 cell where the header has 3: padded with empty cells\n"
        )
    );
    assert!(
        run.stdout.ends_with("; 0 errors, 2 warnings\n"),
        "{}",
        run.stdout
    );

    let dir = export(&file, &["--to", "xml"]);
    let read =
        folio::xml::read_folio_xml(&std::fs::read_to_string(dir.path().join("rows.xml")).unwrap())
            .unwrap();
    let table = tables(&read)[0];
    assert_eq!(table.columns.len(), 5);
    assert_eq!(table.columns[2].align, Align::Right);
    assert_eq!(row_texts(&table.body[0]), ["1", "2", "3", "4 `", "` x"]);
    assert_eq!(row_texts(&table.body[1]), ["5", "", "", "", ""]);
    assert_eq!(row_texts(&table.head[0]), ["a", "b", "c", "", ""]);
}

/// folio XML of one report whose body is `body`, each part on its own line.
fn folio_xml(body: &str) -> String {
    format!(
        "<publication xmlns=\"https://folio.invalid/ns/1\" version=\"1\">\n<meta><title>T</title><language>en</language></meta>\n<report id=\"r\"><title>R</title>\n<body>\n{body}\n</body><endnotes/></report></publication>\n"
    )
}

/// Runs `folio check` and `folio export` on `file`: both must fail with exit 1, the check
/// printing `expected` among its diagnostics, the export writing nothing.
fn refused(file: &Path, expected: &str) {
    let run = folio(&["check", path(file)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    let (dir, run) = folio_tests::try_export(file, &["--to", "xml,json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_empty_table_is_an_error_at_its_place() {
    let (_dir, file) = written(
        "empty.xml",
        &folio_xml("<paragraph>Before.</paragraph>\n  <table><column/><body/></table>"),
    );
    refused(
        &file,
        &format!(
            "{}:6:3: error: table 1: the table is empty: it needs a row and a column",
            path(&file)
        ),
    );
    // model JSON gives no positions: the error is at the report's file
    let (_dir, file) = written(
        "empty.json",
        r#"{"format": "folio-model", "version": 2, "meta": {"title": "T", "language": "en"},
            "reports": [{"id": "r", "title": "R", "body": [{"type": "table", "columns": [], "body": []}]}]}"#,
    );
    refused(
        &file,
        &format!("{}:1:1: error: table 1: the table is empty", path(&file)),
    );
}

#[test]
fn a_span_past_the_table_in_folio_xml_is_an_error_at_its_place() {
    let (_dir, file) = written(
        "span.xml",
        &folio_xml(
            "<table><column/><column/><body><row><cell/><cell/></row></body></table>\n<table>\n<column/><column/>\n<body><row><cell colspan=\"3\"/></row><row><cell rowspan=\"2\"/><cell/></row></body>\n</table>",
        ),
    );
    let run = folio(&["check", path(&file)]);
    assert_eq!(run.code, 1);
    let f = path(&file);
    assert_eq!(
        run.stderr,
        format!(
            "{f}:6:1: error: table 2: cell 1 of body row 1 spans 3 columns and 1 rows, past the table (or none)\n{f}:6:1: error: table 2: cell 1 of body row 2 spans 1 columns and 2 rows, past the table (or none)\n"
        )
    );
    refused(&file, "spans 3 columns");
}

#[test]
fn a_bad_table_attribute_in_folio_xml_is_an_error_at_its_element() {
    let (_dir, file) = written(
        "align.xml",
        &folio_xml("<table>\n  <column align=\"middle\"/>\n  <body/>\n</table>"),
    );
    refused(
        &file,
        &format!(
            "{}:6:3: error: invalid folio XML at line 6, column 3: column align \"middle\" is not left, center or right",
            path(&file)
        ),
    );
}

#[test]
fn table_notes_go_where_the_flag_or_the_manifest_says() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("tables.md"), dir.path().join("tables.md")).unwrap();
    let manifest = |output: &str| {
        let file = dir.path().join("folio.toml");
        std::fs::write(
            &file,
            format!(
                "[publication]\ntitle = \"Tables\"\n\n[output]\n{output}\n\n[[report]]\nsource = \"tables.md\"\n"
            ),
        )
        .unwrap();
        file
    };
    let foot = "checked 1 report: 2 sections, 2 endnotes, 4 table notes, 9 references; 0 errors, 0 warnings\n";
    let endnotes = "checked 1 report: 2 sections, 6 endnotes, 9 references; 0 errors, 0 warnings\n";
    let md = dir.path().join("tables.md");
    let cases: [(Vec<&str>, &str); 6] = [
        (vec![path(&md)], foot),
        (vec![path(&md), "--table-notes", "endnotes"], endnotes),
        (vec![path(&md), "--table-notes", "foot"], foot),
        (vec!["MANIFEST:table-notes = \"endnotes\""], endnotes),
        (
            vec![
                "MANIFEST:table-notes = \"endnotes\"",
                "--table-notes",
                "foot",
            ],
            foot,
        ),
        (vec!["MANIFEST:table-notes = \"foot\""], foot),
    ];
    for (args, expected) in cases {
        let mut args: Vec<String> = args.iter().map(|&a| a.to_owned()).collect();
        if let Some(output) = args[0].strip_prefix("MANIFEST:") {
            args[0] = path(&manifest(output)).to_owned();
        }
        let mut all = vec!["check"];
        all.extend(args.iter().map(String::as_str));
        let run = folio(&all);
        assert_eq!(run.code, 0, "{all:?}: {}", run.stderr);
        assert_eq!(run.stdout, expected, "{all:?}");
    }
    let bad = manifest("\ntable-notes = \"margin\"");
    let run = folio(&["check", path(&bad)]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "{}:6:15: error: `output.table-notes`: \"margin\" is not a place for table notes; write foot or endnotes\n",
            path(&bad)
        )
    );
    let run = folio(&["check", path(&md), "--table-notes", "margin"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--table-notes"), "{}", run.stderr);
    let out = export(&md, &["--to", "xml", "--table-notes", "endnotes"]);
    assert!(out.path().join("tables.xml").exists());
}
