//! Tables laid out on pages: every word kept, no line past the text block or the page,
//! the header repeated, rows moved whole or split only when taller than a page, and no
//! panic on tables the model allows but resolve() refuses.

use folio_model::{
    Block, Cell, ColumnSpec, Endnote, Inline, Meta, NotePlacement, Publication, ReportBuilder,
    ResolveOptions, Row, SourceMap, Table, resolve,
};

use crate::book::{Book, typeset};
use crate::fonts::FontBook;
use crate::paragraph::{Line, Segment};
use crate::structure::REPEATED;
use crate::{PageSize, PdfOptions, PdfStandard};

fn line_text(line: &Line) -> String {
    let mut text = String::new();
    for run in &line.runs {
        for segment in &run.segments {
            match segment {
                Segment::Glyphs { shaped, range } => {
                    text.push_str(shaped.text_of(range.start as usize..range.end as usize));
                }
                Segment::Space { .. } => text.push(' '),
            }
        }
    }
    text
}

fn lay_out(report: folio_model::Report, page_size: PageSize, notes: NotePlacement) -> Book {
    let title = report.title.clone();
    let publication = Publication::new(Meta::titled(title), vec![report]);
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    let options = PdfOptions {
        page_size,
        notes,
        ..PdfOptions::default()
    };
    let fonts = FontBook::new(&[]).unwrap();
    typeset(&resolved, &options, &fonts).book
}

fn small_page() -> PageSize {
    "100x120mm".parse().unwrap()
}

/// Every line of the book lies inside the text block: no wider than the measure, and
/// (but for a line that cannot fit a page at all) above its foot.
fn assert_inside(book: &Book) {
    for (p, page) in book.pages.iter().enumerate() {
        for placed in &page.page.lines {
            let right = placed.x + placed.line.width;
            assert!(
                placed.x >= -0.01 && right <= book.width + 0.01,
                "page {p}: {:?} runs from {} to {right}, past {}",
                line_text(&placed.line),
                placed.x,
                book.width
            );
            assert!(
                placed.y >= -0.01 && placed.y + placed.line.height <= book.height + 0.01,
                "page {p}: {:?} at {} below the foot {}",
                line_text(&placed.line),
                placed.y,
                book.height
            );
        }
        for rule in &page.page.rules {
            assert!(rule.x >= -0.01 && rule.x + rule.width <= book.width + 0.01);
        }
    }
}

/// The words of the book's lines that are not repeats, in order.
fn words(book: &Book) -> Vec<String> {
    book.pages
        .iter()
        .flat_map(|p| &p.page.lines)
        .filter(|placed| placed.line.node != REPEATED)
        .flat_map(|placed| {
            line_text(&placed.line)
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn assert_in_order(expected: &[&str], found: &[String]) {
    let mut at = 0;
    for word in expected {
        match found[at..].iter().position(|w| w.contains(word)) {
            Some(i) => at += i + 1,
            None => panic!("{word:?} is missing or out of order in {found:?}"),
        }
    }
}

fn table(columns: usize, rows: Vec<Vec<Cell>>) -> Table {
    let mut table = Table::new(vec![ColumnSpec::default(); columns]);
    table.body = rows.into_iter().map(Row::new).collect();
    table
}

#[test]
fn a_long_table_repeats_its_header_and_moves_rows_whole() {
    let report = ReportBuilder::new("R")
        .table(|mut t| {
            t = t
                .caption(|c| c.text("A long table"))
                .header(|r| r.text("Name").text("Count"));
            for i in 0..80 {
                t = t.row(|r| r.text(format!("row {i} of the table")).text(i.to_string()));
            }
            t.footer(|r| r.text("Total").text("3160"))
        })
        .paragraph(|p| p.text("After."))
        .build();
    let book = lay_out(report, small_page(), NotePlacement::EndOfReport);
    assert!(book.pages.len() >= 4, "{} pages", book.pages.len());
    assert_inside(&book);
    for (p, page) in book.pages.iter().enumerate() {
        let texts: Vec<(String, bool)> = page
            .page
            .lines
            .iter()
            .map(|l| (line_text(&l.line), l.line.node == REPEATED))
            .collect();
        let rows = texts.iter().filter(|(t, _)| t.starts_with("row ")).count();
        let header = texts.iter().position(|(t, _)| t == "Name");
        if p == 0 {
            // the caption, the header and rows under them
            assert_eq!(texts[1].0, "Table 1. A long table");
            assert!(header.is_some_and(|h| !texts[h].1));
        } else if rows > 0 {
            // drawn again, as an artifact, above the page's first row
            let h = header.unwrap_or_else(|| panic!("page {p}: {texts:?}"));
            assert!(texts[h].1, "page {p}: the repeat is not marked");
            let first_row = texts
                .iter()
                .position(|(t, _)| t.starts_with("row "))
                .unwrap();
            assert!(h < first_row);
        }
        // the rules: a heavy one atop the table's part, a light one under its header,
        // one at its foot
        if rows > 0 {
            assert!(
                page.page.rules.len() >= 3,
                "page {p}: {:?}",
                page.page.rules
            );
        }
    }
    let expected: Vec<String> = (0..80).map(|i| format!("{i} of")).collect();
    let found: Vec<String> = book
        .pages
        .iter()
        .flat_map(|p| &p.page.lines)
        .map(|l| line_text(&l.line))
        .filter(|t| t.starts_with("row "))
        .collect();
    assert_eq!(found.len(), 80, "each row once, never split");
    for (row, wanted) in found.iter().zip(&expected) {
        assert!(row.contains(wanted.as_str()), "{row} is not {wanted}");
    }
    assert_in_order(&["Total", "3160", "After."], &words(&book));
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let long = "word ".repeat(600);
    let report = ReportBuilder::new("R")
        .table(|t| {
            t.header(|r| r.text("Head"))
                .row(|r| r.text("short"))
                .row(|r| r.text(long.clone()))
                .row(|r| r.text("last"))
        })
        .build();
    let book = lay_out(report, small_page(), NotePlacement::EndOfReport);
    assert!(book.pages.len() >= 3, "{} pages", book.pages.len());
    assert_inside(&book);
    let found = words(&book);
    assert_eq!(found.iter().filter(|w| *w == "word").count(), 600);
    assert_in_order(&["Head", "short", "word", "last"], &found);
    // each page the long row runs onto opens with the header
    for page in &book.pages[1..] {
        let first = page
            .page
            .lines
            .iter()
            .find(|l| !line_text(&l.line).is_empty());
        assert!(first.is_some_and(|l| line_text(&l.line) == "Head" && l.line.node == REPEATED));
    }
}

#[test]
fn the_rows_a_cell_spans_stay_on_one_page() {
    let report = ReportBuilder::new("R")
        .table(|mut t| {
            t = t.header(|r| r.text("A").text("B"));
            for i in 0..30 {
                t = if i % 3 == 0 {
                    t.row(|r| {
                        r.text(format!("x{i}"))
                            .cell_spanning(1, 3, |c| c.text(format!("spanning {i} and on")))
                    })
                } else {
                    t.row(|r| r.text(format!("x{i}")))
                };
            }
            t
        })
        .build();
    let book = lay_out(report, small_page(), NotePlacement::EndOfReport);
    assert_inside(&book);
    assert!(book.pages.len() >= 2);
    let page_of = |text: &str| {
        book.pages
            .iter()
            .position(|p| p.page.lines.iter().any(|l| line_text(&l.line) == text))
            .unwrap_or_else(|| panic!("{text} is missing"))
    };
    for i in (0..30).step_by(3) {
        let first = page_of(&format!("x{i}"));
        assert_eq!(page_of(&format!("x{}", i + 1)), first);
        assert_eq!(page_of(&format!("x{}", i + 2)), first);
    }
}

#[test]
fn a_column_of_one_3000_character_token_breaks_it_inside_the_block() {
    let token = "x".repeat(3000);
    let report = ReportBuilder::new("R")
        .table(|t| {
            t.header(|r| r.text("Key").text("Value").text("Note"))
                .row(|r| r.text("one").text(token.clone()).text("short words here"))
                .row(|r| r.text("two").text("2").text("more"))
        })
        .build();
    for size in [PageSize::A4, small_page()] {
        let book = lay_out(report.clone(), size, NotePlacement::EndOfReport);
        assert_inside(&book);
        let found = words(&book);
        let joined: String = found
            .iter()
            .filter(|w| w.starts_with('x'))
            // cut between letters, with a hyphen at each cut: a soft one in the text
            .map(|w| w.trim_end_matches('\u{ad}'))
            .collect();
        assert_eq!(joined, token);
        // the other columns keep their words whole
        assert_in_order(
            &[
                "Key", "Value", "Note", "one", "short", "words", "here", "two",
            ],
            &found,
        );
    }
}

#[test]
fn irregular_tables_lose_no_cell_and_never_panic() {
    let mut report = folio_model::Report::new("r", "R");
    // short and long rows, spans past the table and of nothing, empty cells
    let irregular = table(
        2,
        vec![
            vec![Cell::text("short")],
            vec![Cell::text("a"), Cell::text("b"), Cell::text("long")],
            vec![
                Cell::text("wide").spanning(9, 1),
                Cell::text("tall").spanning(1, 99),
            ],
            vec![Cell::text("zero").spanning(0, 0), Cell::default()],
            vec![],
        ],
    );
    let mut no_rows = Table::new(vec![ColumnSpec::default(); 3]);
    no_rows.caption = vec![Inline::text("no rows")];
    let nothing = Table::default();
    // a table in a cell and one in a note (resolve() refuses both)
    let mut outer = table(1, vec![vec![Cell::text("outer")]]);
    outer.body[0].cells[0]
        .blocks
        .push(Block::table(table(1, vec![vec![Cell::text("inner")]])));
    report.body = vec![
        Block::table(irregular),
        Block::table(no_rows),
        Block::table(nothing),
        Block::table(outer),
        Block::paragraph(vec![
            Inline::text("cites"),
            Inline::NoteRef { note: "n".into() },
        ]),
    ];
    report.endnotes.push(Endnote::new(
        "n",
        vec![Block::table(table(1, vec![vec![Cell::text("noted")]]))],
    ));
    // and a table twenty quotes deep
    let mut deep = Block::table(table(
        3,
        vec![vec![
            Cell::text("deep"),
            Cell::text("down"),
            Cell::text("here"),
        ]],
    ));
    for _ in 0..20 {
        deep = Block::Quote { blocks: vec![deep] };
    }
    report.body.push(deep);
    for notes in [NotePlacement::EndOfReport, NotePlacement::FootOfPage] {
        let book = lay_out(report.clone(), PageSize::A4, notes);
        let found = words(&book);
        assert_in_order(
            &[
                "short", "a", "b", "long", "wide", "tall", "zero", "no", "rows", "outer", "inner",
                "cites",
            ],
            &found,
        );
        assert!(
            found.iter().any(|w| w.ends_with("noted")),
            "{notes:?}: {found:?}"
        );
        // twenty quotes deep the measure is gone (a point wide): the words break between
        // their letters, but are all there
        assert!(found.concat().contains("deepdownhere"), "{found:?}");
    }
    // written as PDF/UA-1, and the same bytes twice
    let publication = Publication::new(Meta::titled("R"), vec![report]);
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    let options = PdfOptions {
        standards: vec![PdfStandard::Ua1],
        ..PdfOptions::default()
    };
    let first = crate::export_pdf(&resolved, &options).unwrap();
    let second = crate::export_pdf(&resolved, &options).unwrap();
    assert!(first.bytes == second.bytes);
}

#[test]
fn table_notes_follow_the_table_and_stay_out_of_the_endnotes() {
    let report = ReportBuilder::new("R")
        .paragraph(|p| p.text("Text").note(|n| n.text("An endnote.")))
        .table(|t| {
            t.caption(|c| c.text("Caption").note(|n| n.text("Table note one.")))
                .header(|r| r.cell(|c| c.text("Head").note(|n| n.text("Table note two."))))
                .row(|r| r.text("cell"))
        })
        .paragraph(|p| p.text("After"))
        .build();
    for notes in [
        NotePlacement::EndOfReport,
        NotePlacement::FootOfPage,
        NotePlacement::EndOfBook,
    ] {
        let book = lay_out(report.clone(), PageSize::A4, notes);
        let found = words(&book);
        assert_in_order(
            &[
                // a table note's letter stands apart from the word it follows
                "Caption", "a", "Head", "b", "cell", "aTable", "one.", "bTable", "two.", "After",
            ],
            &found,
        );
        assert_eq!(
            found.iter().filter(|w| *w == "one.").count(),
            1,
            "{notes:?}"
        );
        // the endnote keeps number 1, and no endnote 2 or 3 follows it
        assert!(found.iter().any(|w| w == "endnote."));
        assert!(!found.iter().any(|w| w == "2" || w == "3"), "{found:?}");
    }
}
