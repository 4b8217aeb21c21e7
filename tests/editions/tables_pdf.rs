//! Tables in the PDF, checked on the real file that the `folio` command makes of
//! `tests/fixtures/tables.json` (a 60-row table with a two-row header, spans, a footer,
//! long URLs in a narrow column and notes in its caption, header and cells; and a small
//! table with given widths), on A4 and on a small page, with pdftotext, qpdf and
//! pdffonts.

use std::path::{Path, PathBuf};

use folio::model::{Block, Inline, ResolveOptions, ResolvedReport, RowGroup, Table, resolve};
use folio_tests::pdf::{Element, facts, fonts, line_boxes, structure, untagged_content};
use folio_tests::{export, fixture, tools};

/// A4, and a small page (A6) on which the table runs over many pages.
const SIZES: [&str; 2] = ["a4", "105x148mm"];

/// Where the notes go.
const PLACEMENTS: [&str; 3] = ["report", "page", "book"];

fn tables_pdf(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let mut all = vec!["--to", "pdf"];
    all.extend_from_slice(args);
    let dir = export(&fixture("tables.json"), &all);
    let pdf = dir.path().join("tables.pdf");
    (dir, pdf)
}

/// Text without its white space and hyphens: lines broken anywhere (a cell's words over
/// several lines, a URL after its slashes and hyphens, a word of a note hyphenated, its
/// hyphen a soft one) compare equal to the text they hold.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}'))
        .collect()
}

/// The text of `pdf` in the order it is drawn (folio draws a row's cells one after the
/// other, each from its top), squashed.
fn drawn_text(pdf: &Path) -> String {
    squash(&tools::pdftotext_raw(pdf))
}

/// The text of each page of `pdf`, in drawing order.
fn page_texts(pdf: &Path) -> Vec<String> {
    let pages = facts(pdf).page_count;
    (1..=pages)
        .map(|p| {
            let p = p.to_string();
            tools::run(
                "pdftotext",
                &[
                    "-raw".as_ref(),
                    "-f".as_ref(),
                    p.as_ref(),
                    "-l".as_ref(),
                    p.as_ref(),
                    pdf.as_os_str(),
                    "-".as_ref(),
                ],
            )
        })
        .collect()
}

/// The fixture's tables as the PDF must show them: each caption, then each row's
/// cells (their text with each note reference as its mark, glued to the word before
/// it, as a superscript is), head, body, then foot.
struct Expected {
    tables: Vec<ExpectedTable>,
    /// The texts of the table notes a, b, c, and of the endnotes 1 and 2.
    table_notes: Vec<String>,
    endnotes: Vec<String>,
}

struct ExpectedTable {
    caption: String,
    rows: Vec<(RowGroup, Vec<String>)>,
}

fn expected() -> Expected {
    let loaded = folio::import::load(
        &[fixture("tables.json")],
        &folio::import::LoadOptions::default(),
    )
    .unwrap();
    let resolved = resolve(
        &loaded.publication,
        &ResolveOptions::default(),
        &loaded.sources,
    );
    let report = &loaded.publication.reports[0];
    let r = &resolved.reports[0];
    let tables: Vec<&Table> = report
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(&**t),
            _ => None,
        })
        .collect();
    let tables = tables
        .iter()
        .map(|table| ExpectedTable {
            caption: inline_text(&table.caption, r),
            rows: RowGroup::ALL
                .into_iter()
                .flat_map(|group| {
                    table.rows(group).iter().map(move |row| {
                        let cells = row
                            .cells
                            .iter()
                            .map(|cell| blocks_text(&cell.blocks, r))
                            .collect();
                        (group, cells)
                    })
                })
                .collect(),
        })
        .collect();
    let note_text = |n: usize| blocks_text(&report.endnotes[n].blocks, r);
    let table_notes = r.tables[0].notes.iter().map(|&n| note_text(n)).collect();
    let mut endnotes: Vec<(u32, String)> = r
        .notes
        .iter()
        .enumerate()
        .filter(|(_, info)| !info.is_table_note())
        .map(|(n, info)| (info.number, note_text(n)))
        .collect();
    endnotes.sort();
    Expected {
        tables,
        table_notes,
        endnotes: endnotes.into_iter().map(|(_, text)| text).collect(),
    }
}

fn blocks_text(blocks: &[Block], r: &ResolvedReport) -> String {
    let mut out = String::new();
    for block in blocks {
        if let Block::Paragraph { content } = block {
            out.push_str(&inline_text(content, r));
            out.push(' ');
        }
    }
    out
}

fn inline_text(content: &[Inline], r: &ResolvedReport) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => out.push_str(&inline_text(content, r)),
            Inline::NoteRef { note } => {
                let n = r.note_index(note).expect("the fixture's notes resolve");
                out.push_str(&r.notes[n].mark());
            }
        }
    }
    out
}

/// Where `needle` is in `text` at or after `from`, failing with `what` when it is not.
fn find_after(text: &str, needle: &str, from: usize, what: &str) -> usize {
    match text[from..].find(needle) {
        Some(at) => from + at,
        None => panic!(
            "{what}: {needle:?} is missing or out of order; after it: {:?}",
            &text[from..(from + 300).min(text.len())]
        ),
    }
}

/// The header rows of the fixture's first table, as drawn.
const HEADER: &str = "DistrictCasualtiesSourcebKilledInjured";

/// The body rows of the first table on a page: the numbers N of its `... district N`
/// first cells.
fn rows_on(page: &str) -> Vec<u32> {
    let tokens: Vec<&str> = page.split_whitespace().collect();
    tokens
        .windows(2)
        .filter(|w| w[0] == "district")
        .filter_map(|w| w[1].parse().ok())
        .collect()
}

#[test]
fn every_page_that_holds_rows_of_the_table_opens_them_with_its_header() {
    for size in SIZES {
        let (_dir, pdf) = tables_pdf(&["--page-size", size]);
        let pages = page_texts(&pdf);
        let mut seen = Vec::new();
        let mut pages_with_rows = 0;
        for (p, page) in pages.iter().enumerate() {
            let rows = rows_on(page);
            if rows.is_empty() {
                continue;
            }
            pages_with_rows += 1;
            let text = squash(page);
            let first_row = text
                .find(&format!("district{}", rows[0]))
                .expect("the row is on the page");
            let header = text.find(HEADER);
            assert!(
                header.is_some_and(|h| h < first_row),
                "{size}: page {} holds rows {rows:?} without the header above them",
                p + 1
            );
            // the header is there once, and no page repeats it without a row under it
            assert_eq!(text.matches(HEADER).count(), 1, "{size}: page {}", p + 1);
            seen.extend(rows);
        }
        // every row once, in order: rows move whole, never split over two pages
        assert_eq!(seen, (1..=60).collect::<Vec<u32>>(), "{size}");
        assert!(pages_with_rows >= 3, "{size}: {pages_with_rows} pages");
        // and no page shows the header without a row of the table
        for (p, page) in pages.iter().enumerate() {
            if squash(page).contains(HEADER) {
                assert!(!rows_on(page).is_empty(), "{size}: page {}", p + 1);
            }
        }
    }
}

#[test]
fn every_cell_is_set_whole_and_in_reading_order() {
    let expected = expected();
    for size in SIZES {
        let (_dir, pdf) = tables_pdf(&["--page-size", size]);
        let text = drawn_text(&pdf);
        let mut at = 0;
        let mut cells = 0;
        for table in &expected.tables {
            if !table.caption.is_empty() {
                at = find_after(&text, &squash(&table.caption), at, size);
            }
            for (_, row) in &table.rows {
                for cell in row {
                    let cell = squash(cell);
                    if !cell.is_empty() {
                        at = find_after(&text, &cell, at, size) + cell.len();
                        cells += 1;
                    }
                }
            }
        }
        assert_eq!(cells, 5 + 60 * 4 - 2 + 3 + 9, "{size}: every cell found");
    }
}

#[test]
fn no_line_sticks_out_of_the_text_block_and_long_urls_break_in_their_column() {
    for size in SIZES {
        let (_dir, pdf) = tables_pdf(&["--page-size", size]);
        let (widths, lines) = line_boxes(&pdf);
        // the margins are the same on either side: the text block ends where the page
        // ends less the left margin, where the text begins
        let left = lines.iter().map(|l| l.x_min).fold(f64::MAX, f64::min);
        for line in &lines {
            let edge = widths[line.page - 1] - left;
            assert!(
                line.x_max <= edge + 0.5,
                "{size}: page {} line ends at {:.1}, past the edge at {edge:.1}: {}",
                line.page,
                line.x_max,
                line.text
            );
        }
        // the URLs are broken at their slashes inside their column, never whole on a line
        let url = "https://www.example.org/reports/landmine-monitor/2001/north-korea/casualties/district-1.html";
        let pieces: Vec<&str> = lines
            .iter()
            .filter(|l| l.text.contains("example.org") || l.text.contains("casualties/"))
            .map(|l| l.text.as_str())
            .collect();
        assert!(pieces.len() >= 2 * 15, "{size}: {pieces:?}");
        assert!(!pieces.iter().any(|p| p.contains(url)), "{size}");
    }
}

#[test]
fn table_notes_sit_under_the_table_before_the_text_after_it_wherever_notes_go() {
    let expected = expected();
    // the first words of the paragraph after the table (never hyphenated)
    let after_table = squash("The surveys");
    for placement in PLACEMENTS {
        for size in SIZES {
            let what = format!("--notes {placement} --page-size {size}");
            let (_dir, pdf) = tables_pdf(&["--notes", placement, "--page-size", size]);
            let text = drawn_text(&pdf);
            let total = "Total344468";
            let mut at = find_after(&text, total, 0, &what) + total.len();
            for (note, letter) in expected.table_notes.iter().zip(["a", "b", "c"]) {
                let note = squash(note);
                let found = find_after(&text, &note, at, &what);
                // each table note once: never again among the endnotes
                assert_eq!(text.matches(&note).count(), 1, "{what}: {note}");
                // its letter before it (with back-links a, b when it is cited twice)
                let label = &text[at..found];
                assert!(label.starts_with(letter), "{what}: {label:?} before {note}");
                at = found + note.len();
            }
            find_after(&text, &after_table, at, &what);
            // the endnotes are there (at the foot of the page, a note is set again on
            // each page that cites it)
            for note in &expected.endnotes {
                assert!(text.contains(&squash(note)), "{what}: {note}");
            }
        }
    }
}

#[test]
fn the_endnotes_are_numbered_without_the_table_notes_and_every_reference_links() {
    for placement in PLACEMENTS {
        let (_dir, pdf) = tables_pdf(&["--notes", placement]);
        let facts = facts(&pdf);
        let targets: Vec<&str> = facts
            .links
            .iter()
            .filter_map(|l| l.destination.as_deref())
            .collect();
        for target in &targets {
            assert!(
                facts.destinations.contains_key(*target),
                "--notes {placement}: {target} is no destination"
            );
        }
        let count = |name: &str| targets.iter().filter(|t| **t == name).count();
        // the endnotes are 1 and 2: note 1 cited in the text and a cell (a, b), note 2
        // once; no third endnote
        assert_eq!(
            (count("n1"), count("n2"), count("n3")),
            (2, 1, 0),
            "{placement}"
        );
        // the table notes: a cited twice (caption, a cell), b once (the header, drawn
        // on every page but linked once), c twice (two rows)
        assert_eq!(
            (count("t1-a"), count("t1-b"), count("t1-c")),
            (2, 1, 2),
            "{placement}: {targets:?}"
        );
        // and each links back to every place that cites it: its letter, and a, b when
        // it is cited twice
        assert_eq!(
            (
                count("t1-ra"),
                count("t1-ra-b"),
                count("t1-rb"),
                count("t1-rc-b")
            ),
            (2, 1, 1, 1),
            "{placement}: {targets:?}"
        );
        let alts: Vec<&str> = facts
            .links
            .iter()
            .filter_map(|l| l.alt.as_deref())
            .collect();
        assert!(alts.contains(&"Note a") && alts.contains(&"Back to reference c"));
    }
}

#[test]
fn a_note_reference_in_the_repeated_header_keeps_its_mark_and_links_once() {
    let (_dir, pdf) = tables_pdf(&["--page-size", "105x148mm"]);
    let pages = page_texts(&pdf);
    let with_header = pages.iter().filter(|p| squash(p).contains(HEADER)).count();
    assert!(with_header >= 5, "{with_header} pages with the header");
    for page in &pages {
        let text = squash(page);
        assert!(!text.contains("Sourcec") && !text.contains("Sourced"));
    }
    let facts = facts(&pdf);
    let header_links: Vec<usize> = facts
        .links
        .iter()
        .filter(|l| l.destination.as_deref() == Some("t1-b"))
        .map(|l| l.page)
        .collect();
    assert_eq!(header_links.len(), 1, "{header_links:?}");
}

/// The elements under element `i` of `elements` (depth first), with their indices.
fn under(elements: &[Element], i: usize) -> impl Iterator<Item = (usize, &Element)> {
    let depth = elements[i].depth;
    elements
        .iter()
        .enumerate()
        .skip(i + 1)
        .take_while(move |(_, e)| e.depth > depth)
}

#[test]
fn the_structure_tree_holds_the_tables_with_scoped_headers_spans_and_notes() {
    for placement in PLACEMENTS {
        let (_dir, pdf) = tables_pdf(&["--notes", placement, "--page-size", "105x148mm"]);
        let (_, elements) = structure(&pdf);
        let tables: Vec<usize> = elements
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == "Table")
            .map(|(i, _)| i)
            .collect();
        assert_eq!(tables.len(), 2, "{placement}");
        let first = &elements[tables[0]];
        assert_eq!(
            first.children,
            ["Caption", "THead", "TBody", "TFoot"],
            "{placement}"
        );
        assert_eq!(elements[tables[1]].children, ["TBody"], "{placement}");

        let rows_of = |group: usize| -> Vec<Vec<&Element>> {
            let depth = elements[group].depth;
            under(&elements, group)
                .filter(|(_, e)| e.depth == depth + 1 && e.kind == "TR")
                .map(|(r, _)| {
                    under(&elements, r)
                        .filter(|(_, c)| c.depth == depth + 2)
                        .map(|(_, c)| c)
                        .collect()
                })
                .collect()
        };
        let group = |kind: &str| {
            under(&elements, tables[0])
                .find(|(_, e)| e.kind == kind)
                .map(|(i, _)| i)
                .unwrap()
        };
        let head = rows_of(group("THead"));
        let body = rows_of(group("TBody"));
        let foot = rows_of(group("TFoot"));
        assert_eq!((head.len(), body.len(), foot.len()), (2, 60, 1));
        let kinds = |row: &[&Element]| row.iter().map(|c| c.kind.clone()).collect::<Vec<_>>();
        assert_eq!(kinds(&head[0]), ["TH", "TH", "TH"]);
        assert_eq!(kinds(&head[1]), ["TH", "TH"]);
        for th in head.iter().flatten() {
            assert_eq!(th.attribute("Scope"), Some("Column"), "{th:?}");
        }
        fn spans(c: &Element) -> (Option<&str>, Option<&str>) {
            (c.attribute("ColSpan"), c.attribute("RowSpan"))
        }
        assert_eq!(spans(head[0][0]), (None, Some("2")));
        assert_eq!(spans(head[0][1]), (Some("2"), None));
        assert_eq!(spans(head[0][2]), (None, Some("2")));
        // the body's own spans, and the short row under a row span
        assert_eq!(kinds(&body[29]), ["TD", "TD", "TD"]);
        assert_eq!(spans(body[29][1]), (Some("2"), None));
        assert_eq!(spans(body[49][3]), (None, Some("2")));
        assert_eq!(kinds(&body[50]), ["TD", "TD", "TD"]);
        assert!(body.iter().flatten().all(|c| c.kind == "TD"));

        // the table's notes come right after it, each a Note with its letter as Lbl
        let depth = first.depth;
        let after: Vec<&Element> = elements[tables[0] + 1..]
            .iter()
            .filter(|e| e.depth <= depth)
            .take_while(|e| e.depth == depth)
            .collect();
        let notes: Vec<&&Element> = after.iter().take_while(|e| e.kind == "Note").collect();
        assert_eq!(notes.len(), 3, "{placement}: {after:?}");
        for note in &notes {
            assert_eq!(note.children.first().map(String::as_str), Some("Lbl"));
        }
        // two endnotes and three table notes
        let all = elements.iter().filter(|e| e.kind == "Note").count();
        assert_eq!(all, 5, "{placement}");
    }
}

#[test]
fn the_header_repeated_on_later_pages_is_tagged_once() {
    let (_dir, pdf) = tables_pdf(&["--page-size", "105x148mm"]);
    let (_, elements) = structure(&pdf);
    let headers: Vec<usize> = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == "TH")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(headers.len(), 5);
    let mut pages = Vec::new();
    for &th in &headers {
        for (_, e) in under(&elements, th) {
            pages.extend(e.pages.iter().copied());
        }
    }
    pages.sort_unstable();
    pages.dedup();
    // all the header's tagged text is on the table's first page, though every page the
    // table runs onto shows it
    assert_eq!(pages.len(), 1, "{pages:?}");
    let shown = page_texts(&pdf)
        .iter()
        .filter(|p| squash(p).contains(HEADER))
        .count();
    assert!(shown >= 5, "{shown}");
    // and the repeats are marked as artifacts: nothing is drawn outside marked content
    assert_eq!(untagged_content(&pdf), Vec::<(usize, String)>::new());
}

#[test]
fn the_pdf_is_pdf_ua_1_valid_with_embedded_fonts_and_the_same_bytes_each_time() {
    for size in SIZES {
        let (_dir, pdf) = tables_pdf(&["--page-size", size, "--pdf-standard", "ua1"]);
        let out = tools::run("qpdf", &["--check".as_ref(), pdf.as_os_str()]);
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        for row in fonts(&pdf) {
            assert!(row.embedded && row.subset && row.unicode, "{row:?}");
        }
        let (_again, second) = tables_pdf(&["--page-size", size, "--pdf-standard", "ua1"]);
        assert!(
            std::fs::read(&pdf).unwrap() == std::fs::read(&second).unwrap(),
            "{size}: two runs differ"
        );
    }
}
