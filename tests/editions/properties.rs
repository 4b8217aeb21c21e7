//! Property tests: models made at random, of every kind of content (tables too, with
//! spans, irregular rows and notes in captions and cells; figures of a tiny PNG, with
//! notes in their captions), through every edition. Any model that resolves exports to every edition without a panic; folio XML
//! and model JSON read back into the model that wrote them; and every word of the model
//! is found, in order, in the text taken out of each edition (the PDF through
//! `pdftotext -raw`, in the order folio draws it, the EPUB unzipped, the XML editions
//! with their tags stripped). Failures found are kept as seeds in
//! `tests/proptest-regressions/` and tried first.
//!
//! `PROPTEST_CASES=N` runs more cases than the defaults below.

use folio::epub::{EpubOptions, export_epub};
use folio::model::{
    Align, Block, Cell, ColumnSpec, Endnote, Figure, Image, ImageData, Inline, MediaType, Meta,
    NoteId, Publication, Related, Report, ResolveOptions, Resolved, Row, SourceMap, Summary, Table,
    Timestamp, from_json, resolve, to_json,
};
use folio::pdf::{PdfOptions, export_pdf};
use folio::xml::{export_docbook, export_folio_xml, export_jats, read_folio_xml};
use folio_tests::{epub::Epub, fidelity, tools};
use proptest::prelude::*;

/// Letters the shipped fonts have, markup characters every edition must escape, and
/// punctuation.
const LETTERS: &[char] = &[
    'a', 'b', 'e', 'i', 'k', 'm', 'n', 'o', 'r', 's', 't', 'y', 'A', 'K', 'N', 'W', 'é', 'ü', 'ß',
    'ñ', 'ø', 'ł', 'α', 'λ', 'ж', 'я', 'ﬁ',
];
const BETWEEN: &[&str] = &[
    " ", " ", " ", ", ", ". ", " & ", " <b> ", " \"", "\" ", " (", ") ", " – ", "’", "; ",
];

fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(LETTERS), 1..10)
        .prop_map(|letters| letters.into_iter().collect())
}

/// A run of words, with a space at each end so that every inline boundary is a word
/// boundary in every edition.
fn words(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec((word(), proptest::sample::select(BETWEEN)), 1..max).prop_map(
        |words| {
            let mut text = String::from(" ");
            for (word, between) in words {
                text.push_str(&word);
                text.push_str(between);
            }
            text.push(' ');
            text
        },
    )
}

/// Inline content; `notes` is how many notes a reference may point to.
fn inlines(notes: usize) -> impl Strategy<Value = Vec<Inline>> {
    let text = words(12).prop_map(|text| Inline::Text { text });
    let leaf = if notes == 0 {
        text.boxed()
    } else {
        prop_oneof![
            4 => text,
            1 => (1..=notes).prop_map(|n| Inline::note_ref(n.to_string())),
        ]
        .boxed()
    };
    let tree = leaf.prop_recursive(3, 12, 4, |inner| {
        let content = proptest::collection::vec(inner, 1..4);
        prop_oneof![
            content
                .clone()
                .prop_map(|content| Inline::Emphasis { content }),
            content
                .clone()
                .prop_map(|content| Inline::Strong { content }),
            // live addresses, and ones every edition keeps as text (folio XML as
            // `unsafe-url`, which must read back all the same)
            (content, "[a-z]{1,8}", 0..4u8).prop_map(|(content, path, kind)| Inline::Link {
                url: match kind {
                    0 => format!("https://example.org/{path}?q=1&r=2"),
                    1 => format!("{path}.html#{path}"),
                    2 => format!("javascript:alert('{path}')"),
                    _ => format!(" Java\tScript:{path}"),
                },
                content,
            }),
        ]
    });
    proptest::collection::vec(tree, 1..5)
}

/// A PNG of one pixel, which every edition can embed: the bytes of every figure's image.
const TINY_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xd0\x08\xe8\x01\x00\x01\xa8\x01\x05\xbb\x70\x02\xcf\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// The tiny PNG's bytes, shared by every image made (as a reader shares a file's).
static TINY: std::sync::LazyLock<ImageData> =
    std::sync::LazyLock::new(|| ImageData(TINY_PNG.into()));

#[test]
fn the_tiny_png_is_an_image_folio_takes() {
    let facts = folio::import::check_image(TINY_PNG).unwrap();
    assert_eq!(
        (facts.media_type, facts.width, facts.height),
        (MediaType::Png, 1, 1)
    );
}

/// A figure of the tiny PNG under one of a few names (so that some show the same
/// image), with a caption that may cite notes, an alt text or none, and now and then a
/// label (made unique by [`publication`]).
fn figure(notes: usize) -> impl Strategy<Value = Block> {
    (
        proptest::sample::select(vec!["chart.png", "maps/Korea 2000.png", "a.png"]),
        inlines(notes),
        proptest::option::of(words(4)),
        any::<bool>(),
    )
        .prop_map(|(src, caption, alt, label)| {
            let mut image = Image::new(src, MediaType::Png, (1, 1), Vec::new());
            image.data = TINY.clone();
            let mut figure = Figure::new(image, caption, alt.unwrap_or_default().trim());
            figure.label = label.then(String::new);
            Block::figure(figure)
        })
}

/// Blocks: paragraphs and headings, and lists and quotes holding blocks; tables and
/// figures (in the body only: a note cannot hold one) at any depth.
fn blocks(notes: usize, headings: bool, tables: bool) -> impl Strategy<Value = Vec<Block>> {
    let paragraph = inlines(notes).prop_map(Block::paragraph);
    let leaf = match (headings, tables) {
        (true, true) => prop_oneof![
            6 => paragraph,
            2 => (1u8..=3, inlines(0)).prop_map(|(level, content)| Block::heading(level, content)),
            1 => table(notes),
            1 => figure(notes),
        ]
        .boxed(),
        (true, false) => prop_oneof![
            4 => paragraph,
            1 => (1u8..=3, inlines(0)).prop_map(|(level, content)| Block::heading(level, content)),
        ]
        .boxed(),
        (false, _) => paragraph.boxed(),
    };
    let tree = leaf.prop_recursive(3, 10, 3, |inner| {
        prop_oneof![
            (
                proptest::option::of(1u64..30),
                proptest::collection::vec(proptest::collection::vec(inner.clone(), 1..3), 1..4)
            )
                .prop_map(|(start, items)| Block::List { start, items }),
            proptest::collection::vec(inner, 1..3).prop_map(|blocks| Block::Quote { blocks }),
        ]
    });
    proptest::collection::vec(tree, 1..6)
}

/// Rows of `columns` cells, each of no, one or two paragraphs.
fn rows(
    notes: usize,
    columns: usize,
    count: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<Row>> {
    let cell = proptest::collection::vec(inlines(notes).prop_map(Block::paragraph), 0..3).prop_map(
        |blocks| {
            let mut cell = Cell::default();
            cell.blocks = blocks;
            cell
        },
    );
    proptest::collection::vec(
        proptest::collection::vec(cell, columns..=columns).prop_map(Row::new),
        count,
    )
}

/// A table of one to four columns with a caption or none, header and footer rows or
/// none, body rows, spans, and now and then a short or long row (warnings, not errors).
/// Its label, when it has one, is made unique by [`publication`].
fn table(notes: usize) -> impl Strategy<Value = Block> {
    let align = proptest::sample::select(vec![
        Align::Default,
        Align::Left,
        Align::Center,
        Align::Right,
    ]);
    (1usize..=4).prop_flat_map(move |columns| {
        (
            (
                proptest::option::of(inlines(notes)),
                proptest::collection::vec(align.clone(), columns..=columns),
                proptest::option::of(proptest::collection::vec(0u32..4, columns..=columns)),
                any::<bool>(),
            ),
            rows(notes, columns, 0..3),
            rows(notes, columns, 1..4),
            rows(notes, columns, 0..2),
            (any::<bool>(), any::<bool>(), 0u8..12),
        )
            .prop_map(
                |((caption, aligns, widths, label), head, body, foot, (rowspan, colspan, odd))| {
                    let columns = aligns
                        .iter()
                        .enumerate()
                        .map(|(i, &align)| match &widths {
                            Some(widths) => ColumnSpec::with_width(align, widths[i]),
                            None => ColumnSpec::aligned(align),
                        })
                        .collect();
                    let mut table = Table::new(columns);
                    table.label = label.then(String::new);
                    table.caption = caption.unwrap_or_default();
                    table.head = head;
                    table.body = body;
                    table.foot = foot;
                    shape(&mut table.body, rowspan, colspan, odd);
                    Block::table(table)
                },
            )
    })
}

/// Gives body rows a row span (the first cell of the first row over two rows), a column
/// span (the last two cells of the last row as one), a short row or a long one; a cell
/// that gives way to a span gives its blocks to the spanning cell.
fn shape(body: &mut [Row], rowspan: bool, colspan: bool, odd: u8) {
    if rowspan && body.len() >= 2 {
        let below = body[1].cells.remove(0);
        body[0].cells[0].rowspan = 2;
        body[0].cells[0].blocks.extend(below.blocks);
    }
    if let Some(last) = body.last_mut()
        && colspan
        && last.cells.len() >= 2
    {
        let right = last.cells.pop().unwrap();
        let merged = last.cells.last_mut().unwrap();
        merged.colspan = 2;
        merged.blocks.extend(right.blocks);
    }
    match odd {
        0 if body[0].cells.len() > 1 => {
            let gone = body[0].cells.pop().unwrap();
            body[0].cells[0].blocks.extend(gone.blocks);
        }
        1 => body[0].cells.push(Cell::text(" long row ")),
        _ => {}
    }
}

/// Gives each labelled table of `blocks` the label `table-N`, counting from `next`.
fn label_tables(blocks: &mut [Block], next: &mut usize) {
    for block in blocks {
        match block {
            Block::Table(table) => {
                if table.label.is_some() {
                    *next += 1;
                    table.label = Some(format!("table-{next}"));
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    label_tables(item, next);
                }
            }
            Block::Quote { blocks } => label_tables(blocks, next),
            Block::Figure(figure) => {
                if figure.label.is_some() {
                    *next += 1;
                    figure.label = Some(format!("figure-{next}"));
                }
            }
            Block::Heading { .. } | Block::Paragraph { .. } => {}
        }
    }
}

/// `read` (model JSON or folio XML read back, which name images rather than hold
/// their bytes) with the bytes of `from`'s images, figure for figure, as a reader that
/// reads the files again gives them.
fn with_image_bytes(mut read: Publication, from: &Publication) -> Publication {
    let mut bytes = Vec::new();
    for report in &from.reports {
        report.for_each_block(&mut |block| {
            if let Block::Figure(figure) = block {
                bytes.push(figure.image.data.clone());
            }
        });
    }
    let mut bytes = bytes.into_iter();
    for report in &mut read.reports {
        report.for_each_figure_mut(&mut |figure| {
            if let Some(data) = bytes.next() {
                figure.image.data = data;
            }
        });
    }
    read
}

fn report() -> impl Strategy<Value = Report> {
    (0usize..5).prop_flat_map(|notes| {
        (
            words(5),
            proptest::option::of((proptest::option::of(words(4)), blocks(notes, false, false))),
            proptest::collection::vec(words(3), 0..2),
            blocks(notes, true, true),
            proptest::collection::vec(blocks(0, false, false), notes),
        )
            .prop_map(|(title, summary, related, body, endnotes)| {
                let mut report = Report::new("r", title.trim());
                report.summary = summary.map(|(label, blocks)| Summary {
                    label: label.map(|l| l.trim().to_owned()),
                    blocks,
                });
                report.related = related
                    .into_iter()
                    .map(|text| Related {
                        text: text.trim().to_owned(),
                        target: None,
                    })
                    .collect();
                report.body = body;
                report.endnotes = endnotes
                    .into_iter()
                    .enumerate()
                    .map(|(i, blocks)| Endnote::new(NoteId((i + 1).to_string()), blocks))
                    .collect();
                report
            })
    })
}

fn publication() -> impl Strategy<Value = Publication> {
    (words(6), proptest::collection::vec(report(), 1..4)).prop_map(|(title, mut reports)| {
        let mut labels = 0;
        for (i, report) in reports.iter_mut().enumerate() {
            report.id = format!("r{}", i + 1);
            label_tables(&mut report.body, &mut labels);
        }
        Publication::new(Meta::titled(title.trim()), reports)
    })
}

/// The text of the model in reading order: each report's title, summary, related
/// reports and body, then its notes, blocks apart.
/// The words of a publication as an edition gives them: its body in reading order, and
/// apart from it each note, and with `cells_apart` each table cell and figure caption.
fn model_text(publication: &Publication, cells_apart: bool) -> (String, Vec<String>) {
    let mut text = Text {
        body: String::new(),
        apart: Vec::new(),
        cells_apart,
    };
    for report in &publication.reports {
        text.body.push_str(&report.title);
        text.body.push('\n');
        if let Some(summary) = &report.summary {
            text.body
                .push_str(summary.label.as_deref().unwrap_or_default());
            text.body.push('\n');
            text.blocks(&summary.blocks);
        }
        for related in &report.related {
            text.body.push_str(&related.text);
            text.body.push('\n');
        }
        text.blocks(&report.body);
        for note in &report.endnotes {
            let mut note_text = Text {
                body: String::new(),
                apart: Vec::new(),
                cells_apart,
            };
            note_text.blocks(&note.blocks);
            text.apart.push(note_text.body);
            text.apart.extend(note_text.apart);
        }
    }
    (text.body, text.apart)
}

struct Text {
    body: String,
    apart: Vec<String>,
    cells_apart: bool,
}

impl Text {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    inlines_text(content, &mut self.body);
                    self.body.push('\n');
                }
                Block::List { items, .. } => items.iter().for_each(|item| self.blocks(item)),
                Block::Quote { blocks } => self.blocks(blocks),
                // a page's figure floats to the next page when it does not fit, the
                // text after it flowing on: its caption is read apart from the text
                Block::Figure(figure) if self.cells_apart => {
                    let mut caption = String::new();
                    inlines_text(&figure.caption, &mut caption);
                    self.apart.push(caption);
                }
                Block::Figure(figure) => {
                    inlines_text(&figure.caption, &mut self.body);
                    self.body.push('\n');
                }
                Block::Table(table) => {
                    inlines_text(&table.caption, &mut self.body);
                    self.body.push('\n');
                    for cell in table.all_rows().flat_map(|row| &row.cells) {
                        if self.cells_apart {
                            let mut cell_text = Text {
                                body: String::new(),
                                apart: Vec::new(),
                                cells_apart: true,
                            };
                            cell_text.blocks(&cell.blocks);
                            self.apart.push(cell_text.body);
                            self.apart.extend(cell_text.apart);
                        } else {
                            self.blocks(&cell.blocks);
                        }
                    }
                }
            }
        }
    }
}

fn inlines_text(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => inlines_text(content, out),
            Inline::NoteRef { .. } => out.push(' '),
        }
    }
}

/// Asserts that the body words of `publication` are in `extracted` in order, and the
/// words of each note in order (an edition may set a note where it is first cited).
/// With `cells_apart` (for the PDF), each table cell's words are in order too, but the
/// cells are not checked against each other: a page cuts a row taller than itself
/// between its lines, so a cell's words are read with those of its neighbours between
/// them, page by page (the order of whole rows is the tables tests' to check); and each
/// figure's caption is in order, but apart from the text: a figure that does not fit
/// waits for the next page while the text after it fills this one (the float rule,
/// which figures_pdf.rs checks).
fn assert_words_reach(
    edition: &str,
    publication: &Publication,
    extracted: &str,
    cells_apart: bool,
) {
    let (body, apart) = model_text(publication, cells_apart);
    let found = fidelity::words(extracted);
    fidelity::assert_in_order(&format!("{edition} body"), &fidelity::words(&body), &found);
    // in the PDF, a word wider than its table column is cut to fit, with a hyphen, and
    // its pieces may have the cell's neighbours, or a page break, between them
    let pieces = cells_apart.then(|| fidelity::pieces(extracted));
    for (i, text) in apart.iter().enumerate() {
        let what = format!("{edition} note or cell {}", i + 1);
        match &pieces {
            Some(pieces) => {
                fidelity::assert_in_order_in_pieces(&what, &fidelity::words(text), pieces)
            }
            None => fidelity::assert_in_order(&what, &fidelity::words(text), &found),
        }
    }
}

fn resolved(publication: &Publication) -> Option<Resolved<'_>> {
    let resolved = resolve(
        publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    (!resolved.has_errors()).then_some(resolved)
}

fn epub_text(resolved: &Resolved<'_>) -> String {
    let options = EpubOptions::modified(Timestamp::FALLBACK);
    let epub = export_epub(resolved, &options).expect("the EPUB is written");
    Epub::read(&epub.bytes).spine_text()
}

fn xml_editions(resolved: &Resolved<'_>) -> [(&'static str, String); 3] {
    let text = |bytes: Vec<u8>| fidelity::xml_text(&String::from_utf8(bytes).expect("UTF-8"));
    [
        ("folio XML", text(export_folio_xml(resolved))),
        ("DocBook", text(export_docbook(resolved))),
        // JATS's <tfoot> comes before <tbody> in the file, and after it in reading order
        (
            "JATS",
            fidelity::xml_text(&fidelity::tfoot_last(
                &String::from_utf8(export_jats(resolved)).expect("UTF-8"),
            )),
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The model JSON and folio XML of any model read back into that model.
    #[test]
    fn json_and_folio_xml_read_back_into_the_model(publication in publication()) {
        let json = from_json(&to_json(&publication)).expect("the JSON reads");
        prop_assert_eq!(&with_image_bytes(json, &publication), &publication);
        if let Some(resolved) = resolved(&publication) {
            let xml = String::from_utf8(export_folio_xml(&resolved)).expect("UTF-8");
            let read = read_folio_xml(&xml).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&with_image_bytes(read, &publication), &publication);
        }
    }

    /// Every word of any model reaches the EPUB and the three XML editions, in order.
    #[test]
    fn every_word_reaches_the_epub_and_the_xml_editions(publication in publication()) {
        let Some(resolved) = resolved(&publication) else { return Ok(()) };
        assert_words_reach("EPUB", &publication, &epub_text(&resolved), false);
        for (edition, text) in xml_editions(&resolved) {
            assert_words_reach(edition, &publication, &text, false);
        }
    }
}

proptest! {
    // each case runs pdftotext on a real PDF
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Every word of any model reaches the PDF, with its notes after each report, at
    /// the end of the book or at the foot of the page.
    #[test]
    fn every_word_reaches_the_pdf(
        publication in publication(),
        notes in proptest::sample::select(&[
            folio::model::NotePlacement::EndOfReport,
            folio::model::NotePlacement::EndOfBook,
            folio::model::NotePlacement::FootOfPage,
        ][..]),
    ) {
        let Some(resolved) = resolved(&publication) else { return Ok(()) };
        let mut options = PdfOptions::default();
        options.notes = notes;
        let pdf = export_pdf(&resolved, &options).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("p.pdf");
        std::fs::write(&path, &pdf.bytes).expect("written");
        assert_words_reach("PDF", &publication, &tools::pdftotext_raw(&path), true);
    }
}
