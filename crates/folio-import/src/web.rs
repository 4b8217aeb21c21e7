//! The web-report text reader: country reports as they were saved from the web.
//!
//! The shape (see `examples/north-korea.txt`): the site's navigation, a
//! `Key developments ...: ...` summary, an optional `Related Report:` line, headings on
//! lines of their own, paragraphs with `[N]` note markers, `<Previous | Next>`, and the
//! note list, one `[N] ...` line per note. Several reports may follow each other in one
//! file: the navigation or summary after a note list starts the next one.
//!
//! A bracketed number right after a word or sentence punctuation (`peninsula.[1]`) is a
//! note reference, whether or not the note list has that note (a reference to no note
//! is then an error of `resolve()`); one after a space or at a line's start is one
//! only when the note list has that note (`In [2001]` stays text). The note list is the
//! trailing run of `[N] ...` lines: see [`note_list_start`].

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

/// Reads web-report `text` (already decoded) from `file`, titling the reports `title`,
/// with smart punctuation (see [`read_web_report_with`]).
pub fn read_web_report(text: &str, file: &str, title: &str) -> WebReports {
    read_web_report_with(text, file, title, true)
}

/// Reads web-report `text` as [`read_web_report`] does; `smart` makes straight quotes
/// curly by their context, `--` and `---` dashes and `...` an ellipsis (the rules are
/// pulldown-cmark's smart punctuation, with `--` between two words an em dash), in the
/// text, headings, summary, related links and notes; without it the characters stay as
/// typed.
pub fn read_web_report_with(text: &str, file: &str, title: &str, smart: bool) -> WebReports {
    let mut parser = Parser {
        file,
        state: State::Preamble,
        draft: Draft::default(),
        drafts: Vec::new(),
        paragraph: None,
        tail: Vec::new(),
        tail_open: false,
        saw_navigation: false,
        diagnostics: Vec::new(),
    };
    for (index, raw) in text.split('\n').enumerate() {
        parser.line(to_u32(index + 1), raw);
    }
    parser.finish_report();
    let Parser {
        drafts,
        saw_navigation,
        diagnostics,
        ..
    } = parser;

    let mut out = WebReports {
        diagnostics,
        ..WebReports::default()
    };
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
        let (report, source) = draft.build(file, title, smart);
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
    /// What may be the note list: `[N] ...` lines and what follows them, settled once
    /// the report ends.
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
    file: &'t str,
    state: State,
    draft: Draft<'t>,
    drafts: Vec<Draft<'t>>,
    /// The run of body lines being read.
    paragraph: Option<Paragraph<'t>>,
    /// In [`State::Notes`]: what came since the note list seemed to begin, settled into
    /// body and notes once the report ends (see [`note_list_start`]).
    tail: Vec<Tail<'t>>,
    /// Whether the last paragraph of `tail` goes on (no blank line since).
    tail_open: bool,
    saw_navigation: bool,
    diagnostics: Vec<Diagnostic>,
}

/// A piece of what may be the note list.
#[derive(Debug)]
enum Tail<'t> {
    /// A run of non-blank lines.
    Paragraph(Vec<Segment<'t>>),
    /// A `<Previous | Next>` line.
    Navigation,
}

impl<'t> Parser<'t> {
    fn line(&mut self, line: u32, raw: &'t str) {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let text = raw.trim_matches(is_space);
        if text.is_empty() {
            self.end_paragraph();
            self.tail_open = false;
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
            if self.state == State::Notes {
                self.tail.push(Tail::Navigation);
                self.tail_open = false;
            }
            return;
        }
        let chrome = is_site_chrome(raw, text);
        // navigation or a summary after a note list starts the next report; after
        // `[N]` lines that turn out to be body text, the report goes on
        if self.state == State::Notes && (chrome || is_summary(text)) && self.settle_tail() {
            self.finish_report();
            self.saw_navigation |= chrome;
            if chrome {
                return;
            }
        }
        match self.state {
            State::Preamble if chrome => {
                self.saw_navigation = true;
                return;
            }
            State::Body if is_summary(text) && !self.draft.blocks.is_empty() => {
                self.finish_report();
            }
            _ => {}
        }

        if self.state == State::Notes {
            match self.tail.last_mut() {
                Some(Tail::Paragraph(segments)) if self.tail_open => segments.push(segment),
                _ => self.tail.push(Tail::Paragraph(vec![segment])),
            }
            self.tail_open = true;
            return;
        }
        if note_start(text).is_some() && self.paragraph.is_none() {
            // a paragraph that starts `[N] ...`: the note list may begin here
            self.state = State::Notes;
            self.tail.push(Tail::Paragraph(vec![segment]));
            self.tail_open = true;
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

    /// Settles what came since the note list seemed to begin: what precedes the note
    /// list [`note_list_start`] finds is body, the rest the report's notes. Gives
    /// whether there is a note list; when there is none, the report's body goes on.
    fn settle_tail(&mut self) -> bool {
        let mut tail = std::mem::take(&mut self.tail);
        self.tail_open = false;
        let start = note_list_start(&tail).unwrap_or(tail.len());
        let notes = tail.split_off(start);
        for item in tail {
            if let Tail::Paragraph(segments) = item {
                self.paragraph = Some(Paragraph { segments });
                self.end_paragraph();
            }
        }
        if notes.is_empty() {
            self.state = State::Body;
            return false;
        }
        for item in notes {
            let Tail::Paragraph(segments) = item else {
                continue;
            };
            for (i, segment) in segments.into_iter().enumerate() {
                self.note_line(segment, i == 0);
            }
        }
        true
    }

    /// A line of the note list: the start of a note, or more of the note before it
    /// (`paragraph_start`: the first line after a blank line).
    fn note_line(&mut self, segment: Segment<'t>, paragraph_start: bool) {
        if let Some((label, rest)) = note_start(segment.text) {
            let rest_column = segment.column
                + to_u32(
                    segment.text[..segment.text.len() - rest.len()]
                        .chars()
                        .count(),
                );
            let first = (!rest.is_empty()).then_some(Segment {
                line: segment.line,
                column: rest_column,
                text: rest,
            });
            self.draft.notes.push(RawNote {
                label,
                line: segment.line,
                column: segment.column,
                paragraphs: vec![first.into_iter().collect()],
            });
            return;
        }
        // the note list starts with a note, so there is one before
        let Some(note) = self.draft.notes.last_mut() else {
            return;
        };
        if let Some((written, problem)) = not_a_label(segment.text) {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "`{written}` is not a note label ({problem}); the line is kept as text of note [{}]",
                    note.label
                ))
                .at(Some(Location::new(self.file, segment.line, segment.column)))
                .hint("a note starts with a line `[N] ...`, N a number of 1 to 5 digits"),
            );
        }
        match note.paragraphs.last_mut() {
            Some(paragraph) if !paragraph_start || paragraph.is_empty() => paragraph.push(segment),
            _ => note.paragraphs.push(vec![segment]),
        }
    }

    fn finish_report(&mut self) {
        self.end_paragraph();
        if self.state == State::Notes {
            self.settle_tail();
        }
        let draft = std::mem::take(&mut self.draft);
        if !draft.is_empty() {
            self.drafts.push(draft);
        }
        self.state = State::Preamble;
    }
}

/// Where the note list begins in `tail`, the paragraphs after the first paragraph that
/// starts `[N] ...` (and the `<Previous | Next>` lines among them); `None` when `[N]`
/// lines are followed by what only a body holds, and so are body text.
///
/// The note list is the trailing run of `[N] ...` lines, each note running on over the
/// lines and paragraphs up to the next. What a note cannot hold ends any run before
/// it, which is then body text:
/// - a paragraph that does not start `[N] ...` and cites a note (a bracketed number right
///   after a word or sentence punctuation);
/// - a heading (a short line of its own) followed by a paragraph that does not start
///   `[N] ...`;
/// - a `<Previous | Next>` line followed by more `[N] ...` lines.
///
/// The note list starts at the first paragraph starting `[N] ...` after the last of
/// these; when none follows it, there is no note list.
fn note_list_start(tail: &[Tail<'_>]) -> Option<usize> {
    let starts_note = |i: usize| {
        matches!(tail.get(i), Some(Tail::Paragraph(segments))
            if segments.first().is_some_and(|s| note_start(s.text).is_some()))
    };
    let last_note = (0..tail.len()).rev().find(|&i| starts_note(i));
    let mut after_body = 0;
    for (i, item) in tail.iter().enumerate() {
        let body = match item {
            Tail::Navigation => last_note.is_some_and(|last| last > i),
            Tail::Paragraph(_) if starts_note(i) => false,
            Tail::Paragraph(segments) => {
                let heading = segments.len() == 1
                    && looks_like_heading(segments[0].text)
                    && matches!(tail.get(i + 1), Some(Tail::Paragraph(_)))
                    && !starts_note(i + 1);
                heading || segments.iter().any(|s| cites_a_note(s.text))
            }
        };
        if body {
            after_body = i + 1;
        }
    }
    (after_body..tail.len()).find(|&i| starts_note(i))
}

impl Draft<'_> {
    fn build(self, file: &str, title: String, smart: bool) -> (Report, ReportSource) {
        let labels: HashSet<&str> = self.notes.iter().map(|n| n.label).collect();
        let punctuate = |mut content: Vec<Inline>| {
            if smart {
                crate::smart::inlines(&mut content);
            }
            content
        };
        let plain = |text: &str| match smart.then(|| crate::smart::text(text)).flatten() {
            Some(smarter) => smarter,
            None => text.to_owned(),
        };
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
                    content: punctuate(inlines(&segments, &labels, &mut source.refs)),
                }]
            };
            report.summary = Some(Summary {
                label: Some(plain(label)),
                blocks,
            });
        }
        report.related = self
            .related
            .into_iter()
            .map(|text| Related {
                text: plain(text),
                target: None,
            })
            .collect();
        for block in self.blocks {
            report.body.push(match block {
                RawBlock::Heading(segment) => Block::Heading {
                    level: 1,
                    content: punctuate(inlines(&[segment], &labels, &mut source.refs)),
                },
                RawBlock::Paragraph(segments) => Block::Paragraph {
                    content: punctuate(inlines(&segments, &labels, &mut source.refs)),
                },
            });
        }
        for note in self.notes {
            source.notes.push((note.line, note.column));
            let blocks = note
                .paragraphs
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| Block::Paragraph {
                    content: punctuate(note_text(p)),
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

/// The text of a paragraph of a note, its segments (lines) joined by a space: in the note
/// list, bracketed numbers are text (a note cannot cite a note).
fn note_text(segments: &[Segment<'_>]) -> Vec<Inline> {
    let mut text = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        push_collapsed(&mut text, segment.text);
    }
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Inline::text(text)]
    }
}

/// The inlines of a paragraph's segments: text, with a bracketed number made a note
/// reference where it cites a note (see [`cites`]), or where the note list has a note of
/// that number. Segments (lines) are joined by a space.
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
        // the character before `rest` on this line
        let mut before = None;
        while let Some(open) = rest.find('[') {
            let before_open = rest[..open].chars().next_back().or(before);
            let label = bracketed_number(&rest[open..]);
            let is_ref = label.is_some_and(|label| cites(before_open) || labels.contains(label));
            let (head, consumed) = match label {
                Some(label) if is_ref => (&rest[..open], open + label.len() + 2),
                _ => (&rest[..=open], open + 1),
            };
            push_collapsed(&mut text, head);
            if let Some(label) = label.filter(|_| is_ref) {
                let at = column + to_u32(rest[..open].chars().count());
                if !text.is_empty() {
                    content.push(Inline::text(std::mem::take(&mut text)));
                }
                content.push(Inline::note_ref(label));
                refs.push((segment.line, at));
            }
            column += to_u32(rest[..consumed].chars().count());
            before = rest[..consumed].chars().next_back();
            rest = &rest[consumed..];
        }
        push_collapsed(&mut text, rest);
    }
    if !text.is_empty() {
        content.push(Inline::text(text));
    }
    content
}

/// The digits of a bracketed number at the start of `text`: `[19]` gives `19`.
fn bracketed_number(text: &str) -> Option<&str> {
    let after = text.strip_prefix('[')?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && after[digits..].starts_with(']')).then(|| &after[..digits])
}

/// Whether a bracketed number right after `before` cites a note, whatever the note
/// list holds: it follows a letter or digit, sentence punctuation, a closing quote or
/// bracket, or `%`, with no space between (`peninsula.[1]`, `mines”[4]`, `[1][2]`).
fn cites(before: Option<char>) -> bool {
    before.is_some_and(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '…'
                    | ')'
                    | ']'
                    | '"'
                    | '\''
                    | '”'
                    | '’'
                    | '»'
                    | '›'
                    | '%'
            )
    })
}

/// Whether a line cites a note: a bracketed number in it follows a word or sentence
/// punctuation (see [`cites`]).
fn cites_a_note(text: &str) -> bool {
    text.match_indices('[').any(|(at, _)| {
        bracketed_number(&text[at..]).is_some() && cites(text[..at].chars().next_back())
    })
}

/// Appends `s` with runs of spaces and tabs made one space.
fn push_collapsed(out: &mut String, s: &str) {
    let mut previous_space = out.ends_with(' ');
    let mut rest = s;
    // Runs between spaces are copied whole (spaces and tabs are ASCII, so every
    // position found is a character boundary).
    while let Some(at) = rest.bytes().position(|b| b == b' ' || b == b'\t') {
        if at > 0 {
            out.push_str(&rest[..at]);
            previous_space = false;
        }
        if !previous_space {
            out.push(' ');
            previous_space = true;
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Spaces as scraped pages have them, the no-break space among them.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `<Previous | Next>` and its variants.
fn is_previous_next(text: &str) -> bool {
    // Every line is asked, paragraphs too: stop as soon as the line is longer than the
    // longest form, rather than lowercasing a whole paragraph.
    const LONGEST: usize = "previous|next".len();
    let mut squeezed = String::with_capacity(LONGEST + 4);
    let kept = text
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, '<' | '>' | '«' | '»'))
        .flat_map(char::to_lowercase);
    for c in kept {
        squeezed.push(c);
        if squeezed.len() > LONGEST {
            return false;
        }
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

/// A line of the note list that starts like a note but is none: `[-1] ...`,
/// `[99999999999999999999] ...`, `[3]text`. Gives what is in brackets and why it is no
/// label.
fn not_a_label(text: &str) -> Option<(&str, &'static str)> {
    let inside = text.strip_prefix('[')?;
    let sign = usize::from(inside.starts_with(['-', '+']));
    let digits = inside[sign..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 || !inside[sign + digits..].starts_with(']') {
        return None;
    }
    let written = &text[..sign + digits + 2];
    let problem = if sign > 0 {
        "a note label is a number without a sign"
    } else if digits > 5 {
        "a note label has at most 5 digits"
    } else {
        "a note label is followed by a space"
    };
    Some((written, problem))
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

    #[test]
    fn a_cited_number_without_a_note_is_a_reference_that_dangles() {
        // after a word or punctuation: a reference, with or without a note
        let r = read(
            "It is likely to be substantial.[19] More.[1] In [2001] [sic] so.\n\n[1] A note.\n",
        );
        let content = paragraph_inlines(&r.reports[0], 0);
        assert_eq!(
            content,
            &[
                Inline::text("It is likely to be substantial."),
                Inline::note_ref("19"),
                Inline::text(" More."),
                Inline::note_ref("1"),
                Inline::text(" In [2001] [sic] so."),
            ]
        );
        assert_eq!(r.sources[0].refs, vec![(1, 32), (1, 42)]);
        // after a closing quote, a bracket or a digit too; never inside a word's brackets
        for (text, refs) in [
            ("mines”[4] and", 1),
            ("seen [sic][4] here", 1),
            ("in 2001[4] and [5] and ([6])", 1),
            ("a [4] b", 0),
        ] {
            let r = read(&format!("{text}\n\n[1] N.\n"));
            let count = r.reports[0].note_refs().len();
            assert_eq!(count, refs, "{text}");
        }
    }

    #[test]
    fn a_body_line_starting_with_a_bracketed_number_does_not_start_the_note_list() {
        let text = "Mine Ban Policy\n\nThe state acted.[1]\n\n[2001] was a year of change.\n\nProduction\n\nThe DPRK produces mines.[2]\n\n<Previous | Next>\n\n[1] One.\n[2] Two.\n";
        let r = read(text);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let report = &r.reports[0];
        let texts: Vec<String> = report
            .body
            .iter()
            .map(|b| plain_text(b.content().unwrap()))
            .collect();
        assert_eq!(
            texts,
            [
                "Mine Ban Policy",
                "The state acted.",
                "[2001] was a year of change.",
                "Production",
                "The DPRK produces mines.",
            ]
        );
        assert!(matches!(report.body[3], Block::Heading { .. }));
        let labels: Vec<&str> = report.endnotes.iter().map(|n| n.id.0.as_str()).collect();
        assert_eq!(labels, ["1", "2"]);
        assert_eq!(r.sources[0].notes, vec![(13, 1), (14, 1)]);
    }

    #[test]
    fn bracketed_lines_followed_only_by_body_text_are_body_text() {
        // no note list after them: a heading with its text, or a paragraph citing a note
        for text in [
            "Intro.\n\n[2001] was a year.\n\nProduction\n\nMore text here.\n",
            "Intro.\n\n[2001] was a year.\n\nMore text here.[1]\n",
        ] {
            let r = read(text);
            let report = &r.reports[0];
            assert!(report.endnotes.is_empty(), "{text}");
            assert_eq!(
                plain_text(report.body[1].content().unwrap()),
                "[2001] was a year.",
                "{text}"
            );
        }
        // a last note's short last paragraph, and navigation after the notes, stay
        let r = read("Text.[1]\n\n[1] A source.\n\nAvailable online\n\n<Previous | Next>\n");
        let notes = &r.reports[0].endnotes;
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].blocks.len(), 2);
    }

    #[test]
    fn each_report_of_a_file_has_its_own_trailing_note_list() {
        let one = "Key developments since May 2000: A.[1]\n\nHeading\n\n[2001] was a year.\n\nBody text.[2]\n\n[1] Note one.\n[2] Note two.\n";
        let r = read(&format!("{one}{one}"));
        assert_eq!(r.reports.len(), 2);
        for (k, report) in r.reports.iter().enumerate() {
            assert_eq!(report.endnotes.len(), 2, "report {k}");
            assert_eq!(
                plain_text(report.body[1].content().unwrap()),
                "[2001] was a year.",
                "report {k}"
            );
        }
        assert_eq!(r.sources[1].notes, vec![(19, 1), (20, 1)]);
    }

    #[test]
    fn lines_of_the_note_list_that_are_no_note_are_kept_with_a_warning() {
        let r = read(
            "Text.[1][2]\n\n[1] One.\n[-1] minus.\n[2] Two.\n[99999999999999999999] big.\n[3]glued.\n",
        );
        let notes = &r.reports[0].endnotes;
        assert_eq!(notes.len(), 2);
        assert_eq!(
            plain_text(notes[0].blocks[0].content().unwrap()),
            "One. [-1] minus."
        );
        assert_eq!(
            plain_text(notes[1].blocks[0].content().unwrap()),
            "Two. [99999999999999999999] big. [3]glued."
        );
        let messages: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap();
                format!("{}:{}: {}", at.line, at.column, d.message)
            })
            .collect();
        assert_eq!(
            messages,
            [
                "4:1: `[-1]` is not a note label (a note label is a number without a sign); the line is kept as text of note [1]",
                "6:1: `[99999999999999999999]` is not a note label (a note label has at most 5 digits); the line is kept as text of note [2]",
                "7:1: `[3]` is not a note label (a note label is followed by a space); the line is kept as text of note [2]",
            ]
        );
        assert!(r.diagnostics.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn bracketed_numbers_in_the_note_list_are_text() {
        let r = read("Text.[1]\n\n[1] It[1] said so.[2]\n");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(
            r.reports[0].endnotes[0].blocks,
            [Block::text("It[1] said so.[2]")]
        );
    }
}
