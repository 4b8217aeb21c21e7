//! The web-report text reader: country reports as they were saved from the web.
//!
//! The shape (see `examples/north-korea.txt`): the site's navigation, a
//! `Key developments ...: ...` summary, an optional `Related Report:` line, headings on
//! lines of their own, paragraphs with `[N]` note markers, `<Previous | Next>`, and the
//! note list, one `[N] ...` line per note. Several reports may follow each other in one
//! file: the navigation or summary after a note list starts the next one.

use std::collections::HashSet;

use folio_model::{
    Block, Diagnostic, Endnote, Inline, Location, NoteId, Related, Report, ReportSource, Summary,
};

use crate::decode::to_u32;

/// The reports read from one web-report text, with where their parts came from.
#[derive(Debug, Default)]
pub struct WebReports {
    /// The reports, in file order, each titled `title` (numbered when there are several).
    pub reports: Vec<Report>,
    /// Where each report's notes and references are in the file.
    pub sources: Vec<ReportSource>,
    /// Problems found; an error when the file holds no report.
    pub diagnostics: Vec<Diagnostic>,
}

/// The menu of the Landmine Monitor site, as scraped pages carry it.
const SITE_MENU: &[&str] = &[
    "About Us",
    "The Issues",
    "Our Research Products",
    "Order Publications",
    "Press Room",
    "Resources for Monitor Researchers",
    "Table of Contents",
    "Country Reports",
];

/// Reads web-report `text` (already decoded) from `file`, titling the reports `title`.
pub fn read_web_report(text: &str, file: &str, title: &str) -> WebReports {
    let mut parser = Parser {
        state: State::Preamble,
        draft: Draft::default(),
        drafts: Vec::new(),
        paragraph: None,
        saw_navigation: false,
    };
    for (index, raw) in text.split('\n').enumerate() {
        parser.line(to_u32(index + 1), raw);
    }
    parser.finish_report();
    let Parser {
        drafts,
        saw_navigation,
        ..
    } = parser;

    let mut out = WebReports::default();
    if drafts.is_empty() {
        let message = if text.trim().is_empty() {
            "the file is empty: there is no report to read"
        } else if saw_navigation {
            "the file holds only site navigation: there is no report to read"
        } else {
            "the file holds no report text"
        };
        out.diagnostics.push(
            Diagnostic::error(message)
                .at(Some(Location::new(file, 1, 1)))
                .hint("a web report has a summary, headings and paragraphs, then its `[N] ...` note list"),
        );
        return out;
    }
    let several = drafts.len() > 1;
    for (k, draft) in drafts.into_iter().enumerate() {
        let title = if several {
            format!("{title}, part {}", k + 1)
        } else {
            title.to_owned()
        };
        let (report, source) = draft.build(file, title);
        out.reports.push(report);
        out.sources.push(source);
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Before the report's first content: navigation is dropped here.
    Preamble,
    /// Summary, headings and paragraphs.
    Body,
    /// The note list.
    Notes,
}

/// A piece of one source line: where it starts and what it says.
#[derive(Clone, Debug)]
struct Segment<'t> {
    line: u32,
    column: u32,
    text: &'t str,
}

/// A run of non-blank lines, waiting to become a heading, paragraph or summary.
#[derive(Debug)]
struct Paragraph<'t> {
    segments: Vec<Segment<'t>>,
}

#[derive(Debug)]
enum RawBlock<'t> {
    Heading(Segment<'t>),
    Paragraph(Vec<Segment<'t>>),
}

#[derive(Debug)]
struct RawNote<'t> {
    label: &'t str,
    line: u32,
    column: u32,
    paragraphs: Vec<Vec<Segment<'t>>>,
}

#[derive(Debug, Default)]
struct Draft<'t> {
    summary: Option<(&'t str, Vec<Segment<'t>>)>,
    related: Vec<&'t str>,
    blocks: Vec<RawBlock<'t>>,
    notes: Vec<RawNote<'t>>,
}

impl Draft<'_> {
    fn is_empty(&self) -> bool {
        self.summary.is_none()
            && self.related.is_empty()
            && self.blocks.is_empty()
            && self.notes.is_empty()
    }
}

struct Parser<'t> {
    state: State,
    draft: Draft<'t>,
    drafts: Vec<Draft<'t>>,
    paragraph: Option<Paragraph<'t>>,
    saw_navigation: bool,
}

impl<'t> Parser<'t> {
    fn line(&mut self, line: u32, raw: &'t str) {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let text = raw.trim_matches(is_space);
        if text.is_empty() {
            self.end_paragraph();
            if self.state == State::Notes
                && let Some(note) = self.draft.notes.last_mut()
                && note.paragraphs.last().is_some_and(|p| !p.is_empty())
            {
                note.paragraphs.push(Vec::new());
            }
            return;
        }
        let column = to_u32(
            raw[..raw.len() - raw.trim_start_matches(is_space).len()]
                .chars()
                .count()
                + 1,
        );
        let segment = Segment { line, column, text };

        if is_previous_next(text) {
            self.end_paragraph();
            self.saw_navigation = true;
            return;
        }
        let chrome = is_site_chrome(raw, text);
        match self.state {
            State::Preamble if chrome => {
                self.saw_navigation = true;
                return;
            }
            State::Notes if chrome || is_summary(text) => {
                self.finish_report();
                self.saw_navigation |= chrome;
                if chrome {
                    return;
                }
            }
            State::Body if is_summary(text) && !self.draft.blocks.is_empty() => {
                self.finish_report();
            }
            _ => {}
        }

        if let Some((label, rest)) = note_start(text)
            && (self.state == State::Notes || self.paragraph.is_none())
        {
            self.end_paragraph();
            self.state = State::Notes;
            let rest_column =
                segment.column + to_u32(text[..text.len() - rest.len()].chars().count());
            let first = (!rest.is_empty()).then_some(Segment {
                line,
                column: rest_column,
                text: rest,
            });
            self.draft.notes.push(RawNote {
                label,
                line,
                column: segment.column,
                paragraphs: vec![first.into_iter().collect()],
            });
            return;
        }
        if self.state == State::Notes {
            if let Some(note) = self.draft.notes.last_mut()
                && let Some(paragraph) = note.paragraphs.last_mut()
            {
                paragraph.push(segment);
            }
            return;
        }
        if self.state == State::Preamble {
            self.state = State::Body;
        }
        match &mut self.paragraph {
            Some(paragraph) => paragraph.segments.push(segment),
            None => {
                self.paragraph = Some(Paragraph {
                    segments: vec![segment],
                })
            }
        }
    }

    /// Classifies the paragraph just ended: summary, related link, heading or paragraph.
    fn end_paragraph(&mut self) {
        let Some(Paragraph { mut segments }) = self.paragraph.take() else {
            return;
        };
        let first = segments[0].text;
        if self.draft.summary.is_none()
            && self.draft.blocks.is_empty()
            && is_summary(first)
            && let Some(colon) = first.find(':')
        {
            let label = first[..colon].trim_matches(is_space);
            let rest = first[colon + 1..].trim_start_matches(is_space);
            let skipped = first.len() - rest.len();
            let column = segments[0].column + to_u32(first[..skipped].chars().count());
            if rest.is_empty() {
                segments.remove(0);
            } else {
                segments[0] = Segment {
                    line: segments[0].line,
                    column,
                    text: rest,
                };
            }
            self.draft.summary = Some((label, segments));
            return;
        }
        if let Some(rest) = related_link(first)
            && segments.len() == 1
        {
            if !rest.is_empty() {
                self.draft.related.push(rest);
            }
            return;
        }
        if segments.len() == 1 && looks_like_heading(first) {
            self.draft
                .blocks
                .push(RawBlock::Heading(segments.remove(0)));
        } else {
            self.draft.blocks.push(RawBlock::Paragraph(segments));
        }
    }

    fn finish_report(&mut self) {
        self.end_paragraph();
        let draft = std::mem::take(&mut self.draft);
        if !draft.is_empty() {
            self.drafts.push(draft);
        }
        self.state = State::Preamble;
    }
}

impl Draft<'_> {
    fn build(self, file: &str, title: String) -> (Report, ReportSource) {
        let labels: HashSet<&str> = self.notes.iter().map(|n| n.label).collect();
        let mut source = ReportSource {
            file: file.to_owned(),
            ..ReportSource::default()
        };
        let mut report = Report::new(folio_model::report_id(&title), title);
        if let Some((label, segments)) = self.summary {
            let blocks = if segments.is_empty() {
                Vec::new()
            } else {
                vec![Block::Paragraph {
                    content: inlines(&segments, &labels, &mut source.refs),
                }]
            };
            report.summary = Some(Summary {
                label: Some(label.to_owned()),
                blocks,
            });
        }
        report.related = self
            .related
            .into_iter()
            .map(|text| Related {
                text: text.to_owned(),
                target: None,
            })
            .collect();
        for block in self.blocks {
            report.body.push(match block {
                RawBlock::Heading(segment) => Block::Heading {
                    level: 1,
                    content: vec![Inline::text(collapse_spaces(segment.text))],
                },
                RawBlock::Paragraph(segments) => Block::Paragraph {
                    content: inlines(&segments, &labels, &mut source.refs),
                },
            });
        }
        let no_labels = HashSet::new();
        for note in self.notes {
            source.notes.push((note.line, note.column));
            let blocks = note
                .paragraphs
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| Block::Paragraph {
                    content: inlines(p, &no_labels, &mut Vec::new()),
                })
                .collect();
            report.endnotes.push(Endnote {
                id: NoteId(note.label.to_owned()),
                source_label: format!("[{}]", note.label),
                blocks,
            });
        }
        (report, source)
    }
}

/// The inlines of a paragraph's segments: text, with `[N]` made a note reference where
/// the note list has an `N`. Segments (lines) are joined by a space.
fn inlines(
    segments: &[Segment<'_>],
    labels: &HashSet<&str>,
    refs: &mut Vec<(u32, u32)>,
) -> Vec<Inline> {
    let mut content = Vec::new();
    let mut text = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let mut rest = segment.text;
        let mut column = segment.column;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let label_len = after.bytes().take_while(u8::is_ascii_digit).count();
            let is_ref = label_len > 0
                && after[label_len..].starts_with(']')
                && labels.contains(&after[..label_len]);
            let (head, consumed) = if is_ref {
                (&rest[..open], open + label_len + 2)
            } else {
                (&rest[..=open], open + 1)
            };
            push_collapsed(&mut text, head);
            if is_ref {
                let at = column + to_u32(rest[..open].chars().count());
                if !text.is_empty() {
                    content.push(Inline::text(std::mem::take(&mut text)));
                }
                content.push(Inline::note_ref(&after[..label_len]));
                refs.push((segment.line, at));
            }
            column += to_u32(rest[..consumed].chars().count());
            rest = &rest[consumed..];
        }
        push_collapsed(&mut text, rest);
    }
    if !text.is_empty() {
        content.push(Inline::text(text));
    }
    content
}

/// Appends `s` with runs of spaces and tabs made one space.
fn push_collapsed(out: &mut String, s: &str) {
    let mut previous_space = out.ends_with(' ');
    for c in s.chars() {
        if c == ' ' || c == '\t' {
            if !previous_space {
                out.push(' ');
            }
            previous_space = true;
        } else {
            out.push(c);
            previous_space = false;
        }
    }
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// Spaces as scraped pages have them, the no-break space among them.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `<Previous | Next>` and its variants.
fn is_previous_next(text: &str) -> bool {
    // Every line is asked, most of them whole paragraphs: stop as soon as what is left
    // is longer than the longest variant.
    const LONGEST: usize = "previous|next".len();
    let mut squeezed = String::with_capacity(LONGEST);
    let kept = text
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, '<' | '>' | '«' | '»'))
        .flat_map(char::to_lowercase);
    for c in kept {
        if squeezed.len() >= LONGEST {
            return false;
        }
        squeezed.push(c);
    }
    matches!(squeezed.as_str(), "previous|next" | "previous" | "next")
}

/// A line of the site's navigation: a menu item (the site ends them with a no-break
/// space), or a line with no letter or digit (`+ · * · +`).
fn is_site_chrome(raw: &str, text: &str) -> bool {
    SITE_MENU.contains(&text)
        || (raw.trim_end_matches([' ', '\t']).ends_with('\u{a0}')
            && text.split_whitespace().count() <= 6
            && !text.ends_with('.'))
        || !text.chars().any(char::is_alphanumeric)
}

/// `Key developments since May 2000: ...`
fn is_summary(text: &str) -> bool {
    text.starts_with("Key developments") && text.contains(':')
}

/// `Related Report: X` gives `Some("X")`; an empty link gives `Some("")`.
fn related_link(text: &str) -> Option<&str> {
    ["Related Reports:", "Related Report:"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))
        .map(|rest| rest.trim_matches(is_space))
}

/// `[12] Text of the note` gives `("12", "Text of the note")`.
fn note_start(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 5 {
        return None;
    }
    let after = rest[digits..].strip_prefix(']')?;
    if !after.is_empty() && !after.starts_with(is_space) {
        return None;
    }
    Some((&rest[..digits], after.trim_start_matches(is_space)))
}

/// A heading stands on a line of its own: short, starting with a capital or a digit,
/// with no note marker and no sentence punctuation at its end.
fn looks_like_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let first_ok = text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let last_ok = !text.ends_with(['.', ',', ';', ':', '!', '?', '"', '”', '’', '\'', ']']);
    first_ok && last_ok && words <= 14 && text.chars().count() <= 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::plain_text;

    fn read(text: &str) -> WebReports {
        read_web_report(text, "t.txt", "T")
    }

    fn paragraph_inlines(report: &Report, index: usize) -> &[Inline] {
        report.body[index].content().unwrap()
    }

    #[test]
    fn a_marker_after_punctuation_is_a_reference() {
        let r = read("It said so on the peninsula.[1] And more.\n\n[1] A source.\n");
        let content = paragraph_inlines(&r.reports[0], 0);
        assert_eq!(
            content,
            &[
                Inline::text("It said so on the peninsula."),
                Inline::note_ref("1"),
                Inline::text(" And more."),
            ]
        );
        assert_eq!(r.sources[0].refs, vec![(1, 29)]);
        assert_eq!(r.sources[0].notes, vec![(3, 1)]);
    }

    #[test]
    fn numbers_without_a_note_and_sic_stay_text() {
        let r = read("In [2001] he wrote [sic] a note.[1]\n\n[1] Source.\n");
        let content = paragraph_inlines(&r.reports[0], 0);
        assert_eq!(content[0], Inline::text("In [2001] he wrote [sic] a note."));
        assert_eq!(content.len(), 2);
    }

    #[test]
    fn navigation_and_an_empty_related_line_give_nothing() {
        let text = "About Us\u{a0}\nThe Issues\u{a0}\nTable of Contents\nCountry Reports\n<Previous | Next>\n\nKey developments since May 2000: Things happened.\n\nRelated Report:\n\nMine Ban Policy\n\nA paragraph.\n\n<Previous | Next>\n";
        let r = read(text);
        assert!(r.diagnostics.is_empty());
        let report = &r.reports[0];
        let summary = report.summary.as_ref().unwrap();
        assert_eq!(
            summary.label.as_deref(),
            Some("Key developments since May 2000")
        );
        assert_eq!(
            plain_text(summary.blocks[0].content().unwrap()),
            "Things happened."
        );
        assert!(report.related.is_empty());
        assert_eq!(report.body.len(), 2);
        assert!(matches!(report.body[0], Block::Heading { level: 1, .. }));
    }

    #[test]
    fn a_related_link_with_text_is_kept() {
        let r = read("Related Report: South Korea\n\nBody text here.\n");
        assert_eq!(r.reports[0].related[0].text, "South Korea");
    }

    #[test]
    fn a_page_of_only_navigation_is_an_error() {
        let r = read("About Us\u{a0}\nTable of Contents\n<Previous | Next>\n");
        assert!(r.reports.is_empty());
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].message.contains("only site navigation"));
        let r = read(" \n\n");
        assert!(r.diagnostics[0].message.contains("empty"));
    }

    #[test]
    fn lines_of_one_paragraph_are_joined_and_spaces_collapsed() {
        let r = read("First line\nsecond  line.\n");
        assert_eq!(
            plain_text(paragraph_inlines(&r.reports[0], 0)),
            "First line second line."
        );
    }

    #[test]
    fn notes_may_run_over_several_lines_and_paragraphs() {
        let r = read("Text.[1][2]\n\n[1] One,\ncontinued.\n\nSecond paragraph.\n[2] Two.\n");
        let notes = &r.reports[0].endnotes;
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].blocks.len(), 2);
        assert_eq!(
            plain_text(notes[0].blocks[0].content().unwrap()),
            "One, continued."
        );
        assert_eq!(notes[1].source_label, "[2]");
    }

    #[test]
    fn headings_are_short_lines_without_final_punctuation() {
        assert!(looks_like_heading("Production, Transfer and Stockpiling"));
        assert!(looks_like_heading(
            "Ratification and National Implementation Measures"
        ));
        assert!(!looks_like_heading("It is likely."));
        assert!(!looks_like_heading("lowercase start"));
        assert!(!looks_like_heading("Related Report:"));
    }

    #[test]
    fn reports_following_each_other_are_split() {
        let one = "+ · *\nAbout Us\u{a0}\n\nKey developments since May 2000: A.\n\nHeading\n\nBody.[1]\n\n<Previous | Next>\n\n[1] Note one.\n";
        let r = read(&format!("{one}{one}"));
        assert_eq!(r.reports.len(), 2);
        assert_eq!(r.reports[1].title, "T, part 2");
        assert_eq!(r.reports[1].id, "t-part-2");
        assert_eq!(r.reports[1].endnotes.len(), 1);
        assert_eq!(r.sources[1].refs, vec![(20, 6)]);
    }
}
