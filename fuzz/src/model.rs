//! A publication and the options of its editions, made from the fuzzer's bytes: small
//! (the PDF edition is typeset for every input), but with every kind of block and inline
//! in every place it can stand, ids that clash, references that dangle, text with
//! markup, controls and characters no font has, odd page sizes and margins.

use folio::model::{
    Block, Endnote, Inline, Meta, NoteId, NotePlacement, Numbering, PageMap, PagePlace, PageStart,
    Publication, Related, Report, Summary, Timestamp, report_id,
};
use folio::pdf::{Margins, PageSize, PdfOptions, PdfStandard};

use super::bytes::Bytes;

/// A publication to export, with the options to export it with.
pub struct Fuzzed {
    /// The publication.
    pub publication: Publication,
    /// How its notes are numbered.
    pub numbering: Numbering,
    /// The PDF edition's options (its `notes` also place the EPUB's).
    pub pdf: PdfOptions,
    /// A page map for the EPUB edition instead of the PDF's, when given: one that may
    /// name pages the publication does not have.
    pub page_map: Option<PageMap>,
}

/// Characters worth meeting: white space of every kind, controls XML cannot hold,
/// noncharacters, a soft hyphen, joiners, a ligature, marks, and letters of scripts the
/// shipped font lacks.
const CHARS: [char; 32] = [
    ' ',
    ' ',
    '\n',
    '\t',
    '\r',
    '\u{0}',
    '\u{b}',
    '\u{7f}',
    '\u{a0}',
    '\u{ad}',
    '\u{200b}',
    '\u{200d}',
    '\u{2028}',
    '\u{202e}',
    '\u{fffe}',
    '\u{ffff}',
    '\u{fffd}',
    '\u{feff}',
    '\u{301}',
    'é',
    'ß',
    'ﬁ',
    '—',
    '“',
    'Ω',
    'Ж',
    '김',
    '😀',
    '\u{10ffff}',
    '\u{e000}',
    '\u{85}',
    '\u{1}',
];

/// Pieces of text that mean something to a reader, an edition or the line breaker.
const WORDS: [&str; 24] = [
    "the ",
    "mine ",
    "Key developments since May 2000: ",
    "[1]",
    "[2001]",
    "https://example.org/a?b=c&d=e",
    "]]>",
    "<b>",
    "&amp;",
    "--",
    "# ",
    "**",
    "[^a]",
    "Table of Contents",
    "antipersonnel ",
    "hyphenation",
    "co-operation",
    "www.icbl.org/lm/2001/report",
    "  ",
    "\r\n",
    "Notes",
    "\"'",
    "xmlns=",
    "Incomprehensibilities ",
];

/// Note ids, few so that references find notes and two notes may share one.
const NOTE_IDS: [&str; 10] = ["1", "2", "3", "4", "10", "fn-a", "a b", "", "<&\"'>", "x:y"];

const URLS: [&str; 8] = [
    "https://example.org/",
    "http://www.icbl.org/lm/2001/",
    "mailto:",
    "javascript:",
    "ftp://",
    "#",
    "",
    "a/b?c=d&e",
];

const LANGUAGES: [&str; 6] = ["en", "ko", "", "en-US", "x-klingon", "zh-Hant-TW"];

const DATES: [&str; 6] = [
    "2001-08-01",
    "2001",
    "2001-02",
    "2001-02-30",
    "0000-00-00",
    "9999-12-31",
];

/// A report's own language: right to left or not, odd or empty.
const REPORT_LANGUAGES: [&str; 6] = ["ar", "he-IL", "fa", "ur", "en", ""];

/// Right-to-left pieces: Arabic with its lam-alef and a shadda, Hebrew with its points,
/// Arabic-Indic digits, a right-to-left mark, an embedding and an isolate left open, and
/// Latin and numbers to mix them with.
const RIGHT_TO_LEFT: [&str; 10] = [
    "\u{627}\u{644}\u{623}\u{644}\u{63a}\u{627}\u{645} ",
    "\u{648}\u{64a}\u{642}\u{62f}\u{651}\u{631} ",
    "\u{5e9}\u{5c1}\u{5b8}\u{5dc}\u{5d5}\u{5b9}\u{5dd} ",
    "\u{661}\u{662}\u{663}",
    "\u{200f}",
    "\u{202b}",
    "\u{2067}",
    "Human Rights Watch ",
    "2001",
    ". ",
];

/// Text of right-to-left pieces, a few or none.
fn right_to_left_text(b: &mut Bytes<'_>) -> String {
    (0..b.below(12)).map(|_| *b.pick(&RIGHT_TO_LEFT)).collect()
}

/// A publication and options from `data`.
pub fn fuzzed(data: &[u8]) -> Fuzzed {
    let mut b = Bytes::new(data);
    let b = &mut b;
    let numbering = if b.chance() {
        Numbering::Continuous
    } else {
        Numbering::PerReport
    };
    let pdf = pdf_options(b);
    let page_map = b.chance().then(|| page_map(b));
    let meta = meta(b);
    let reports = (0..b.below(4)).map(|_| report(b)).collect();
    let mut publication = Publication::new(meta, reports);
    let mut pdf = pdf;
    let date = Timestamp::for_publication(
        &publication.meta,
        b.chance().then(|| b.wide().cast_signed()),
    );
    pdf.modified = Some(date);
    // the editions' date, also when the metadata gives none
    if publication.meta.date.is_none() && b.chance() {
        publication.meta.date = Some(date.to_date());
    }
    // right-to-left text and reports in languages of their own (issue 27), drawn last so
    // that the inputs kept before make the publications they made: once the bytes have
    // run out, nothing is added
    for report in &mut publication.reports {
        let choice = b.below(4);
        if choice & 1 == 1 {
            report.language = Some(b.pick(&REPORT_LANGUAGES).to_string());
        }
        if choice & 2 == 2 {
            let notes: Vec<NoteId> = report.endnotes.iter().map(|n| n.id.clone()).collect();
            let mut content = vec![Inline::Text {
                text: right_to_left_text(b),
            }];
            content.extend(inlines(b, &notes, 0));
            let at = b.below(report.body.len() + 1);
            report.body.insert(at, Block::Paragraph { content });
        }
    }
    Fuzzed {
        publication,
        numbering,
        pdf,
        page_map,
    }
}

fn pdf_options(b: &mut Bytes<'_>) -> PdfOptions {
    let mut options = PdfOptions::default();
    options.page_size = match b.below(6) {
        0 => PageSize::LETTER,
        1 => PageSize::TRADE_6X9,
        // from the smallest page `--page-size` takes up
        2 => PageSize {
            width: 144.0 + f32::from(b.byte()) * 7.0,
            height: 144.0 + f32::from(b.byte()) * 7.0,
        },
        // what a program may pass: any numbers at all
        3 => PageSize {
            width: *b.pick(&[0.0, 1.0, 50.0, 144.0, 1e9, f32::NAN, -600.0]),
            height: *b.pick(&[0.0, 1.0, 50.0, 144.0, 1e9, f32::INFINITY, 800.0]),
        },
        _ => PageSize::A4,
    };
    if b.below(4) == 0 {
        let side = |b: &mut Bytes<'_>| *b.pick(&[0.0, 10.0, 36.0, 72.0, 300.0, -20.0, 1e6]);
        options.margins = Some(Margins {
            top: side(b),
            bottom: side(b),
            inner: side(b),
            outer: side(b),
        });
    }
    options.notes = *b.pick(&[
        NotePlacement::EndOfReport,
        NotePlacement::EndOfBook,
        NotePlacement::FootOfPage,
    ]);
    options.tagged = b.below(4) != 0;
    options.standards = match b.below(6) {
        0 => vec![PdfStandard::Ua1],
        1 => vec![PdfStandard::A2b],
        2 => vec![PdfStandard::Ua1, PdfStandard::A2a],
        3 => vec![PdfStandard::A2b, PdfStandard::A3b],
        _ => Vec::new(),
    };
    options.standards_if_possible = b.chance();
    options
}

fn page_map(b: &mut Bytes<'_>) -> PageMap {
    PageMap {
        pages: (0..b.below(5))
            .map(|_| PageStart {
                label: text(b, 3),
                report: b.below(5),
                place: match b.below(3) {
                    0 => PagePlace::Start,
                    1 => PagePlace::Block(b.below(8)),
                    _ => PagePlace::Note(b.below(6)),
                },
            })
            .collect(),
    }
}

/// Text of up to `max` pieces: an ASCII character, one of [`CHARS`] or one of [`WORDS`].
fn text(b: &mut Bytes<'_>, max: usize) -> String {
    let mut text = String::new();
    for _ in 0..b.below(max + 1) {
        match b.byte() {
            byte @ 0..=0x1f => text.push(CHARS[usize::from(byte)]),
            byte @ 0x20..=0x7e => text.push(char::from(byte)),
            byte => text.push_str(WORDS[usize::from(byte - 0x7f) % WORDS.len()]),
        }
    }
    text
}

fn optional(b: &mut Bytes<'_>, max: usize) -> Option<String> {
    b.chance().then(|| text(b, max))
}

fn meta(b: &mut Bytes<'_>) -> Meta {
    let mut meta = Meta::titled(text(b, 6));
    meta.subtitle = optional(b, 4);
    meta.authors = (0..b.below(3)).map(|_| text(b, 3)).collect();
    meta.editors = (0..b.below(2)).map(|_| text(b, 3)).collect();
    meta.publisher = optional(b, 3);
    meta.date = match b.below(3) {
        0 => None,
        1 => Some(b.pick(&DATES).to_string()),
        _ => Some(text(b, 4)),
    };
    meta.language = if b.below(4) == 0 {
        text(b, 3)
    } else {
        b.pick(&LANGUAGES).to_string()
    };
    meta.identifier = optional(b, 3);
    meta.rights = optional(b, 3);
    meta.description = optional(b, 4);
    meta.subjects = (0..b.below(3)).map(|_| text(b, 2)).collect();
    meta
}

fn report(b: &mut Bytes<'_>) -> Report {
    let title = text(b, 5);
    // a report id as a reader makes it, or any text (empty, clashing, no XML id)
    let id = if b.below(4) == 0 {
        text(b, 2)
    } else {
        report_id(&title)
    };
    let mut report = Report::new(id, title);
    let ids: Vec<NoteId> = (0..b.below(5)).map(|_| note_id(b)).collect();
    if b.chance() {
        report.summary = Some(Summary {
            label: optional(b, 3),
            blocks: blocks(b, &ids, 1),
        });
    }
    report.related = (0..b.below(3))
        .map(|_| Related {
            text: text(b, 3),
            target: b.chance().then(|| url(b)),
        })
        .collect();
    report.body = blocks(b, &ids, 0);
    report.endnotes = ids
        .into_iter()
        .map(|id| {
            let source_label = if b.chance() {
                format!("[{id}]")
            } else {
                text(b, 2)
            };
            let blocks = blocks(b, &[], 2);
            Endnote {
                id,
                source_label,
                blocks,
            }
        })
        .collect();
    report
}

fn note_id(b: &mut Bytes<'_>) -> NoteId {
    if b.below(8) == 0 {
        NoteId(text(b, 2))
    } else {
        NoteId(b.pick(&NOTE_IDS).to_string())
    }
}

fn url(b: &mut Bytes<'_>) -> String {
    format!("{}{}", b.pick(&URLS), text(b, 3))
}

/// Blocks `depth` containers deep; `notes` are the ids references mostly cite.
fn blocks(b: &mut Bytes<'_>, notes: &[NoteId], depth: usize) -> Vec<Block> {
    let count = b.below(if depth < 4 { 5 } else { 2 });
    (0..count)
        .map(|_| match b.below(if depth < 4 { 6 } else { 3 }) {
            0 => Block::Heading {
                level: match b.below(8) {
                    level @ 0..6 => u8::try_from(level + 1).unwrap_or(1),
                    6 => 0,
                    _ => b.byte(),
                },
                content: inlines(b, notes, 0),
            },
            3 => Block::List {
                start: match b.below(4) {
                    0 => Some(u64::from(b.byte())),
                    1 => Some(*b.pick(&[0, u64::MAX, u64::from(u32::MAX) + 1])),
                    _ => None,
                },
                items: (0..b.below(3))
                    .map(|_| blocks(b, notes, depth + 1))
                    .collect(),
            },
            4 => Block::Quote {
                blocks: blocks(b, notes, depth + 1),
            },
            _ => Block::Paragraph {
                content: inlines(b, notes, 0),
            },
        })
        .collect()
}

/// Inlines inside `depth` containers; references mostly cite one of `notes`.
fn inlines(b: &mut Bytes<'_>, notes: &[NoteId], depth: usize) -> Vec<Inline> {
    (0..b.below(6))
        .map(|_| match b.below(if depth < 4 { 7 } else { 3 }) {
            0 => Inline::NoteRef {
                note: if !notes.is_empty() && b.below(4) != 0 {
                    b.pick(notes).clone()
                } else {
                    note_id(b)
                },
            },
            3 => Inline::Emphasis {
                content: inlines(b, notes, depth + 1),
            },
            4 => Inline::Strong {
                content: inlines(b, notes, depth + 1),
            },
            5 => Inline::Link {
                url: url(b),
                content: inlines(b, notes, depth + 1),
            },
            _ => Inline::Text { text: text(b, 8) },
        })
        .collect()
}
