//! From the model to the flow: each report's title, summary, body and notes set in lines
//! and grouped in blocks that the paginator places on pages.

use folio_fonts::Style;
use folio_model::{
    Block, Inline, NotePlacement, PagePlace, RefCursor, Report, ResolvedReport, citation_letter,
};

use crate::paragraph::{Align, Line, Span, Target, Typesetter};
use crate::style::{Face, Theme};

/// Which part of the book a block belongs to, for running heads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Region {
    /// A report's text.
    Body,
    /// A section of endnotes.
    Notes,
}

/// Set lines that are placed together, with the rules for breaking pages around them.
#[derive(Clone, Debug)]
pub(crate) struct FlowBlock {
    pub lines: Vec<Line>,
    /// Offset from the left edge of the text block.
    pub x: f32,
    /// Space above the block, dropped at the top of a page.
    pub space_before: f32,
    /// Never separated from the first lines of the next block (headings).
    pub keep_with_next: bool,
    /// Starts a new page.
    pub break_before: bool,
    /// The fewest lines left at the foot of a page, and carried to the next, when the
    /// block is split.
    pub orphans: usize,
    pub widows: usize,
    /// Set in the summary's tinted box.
    pub framed: bool,
    /// Where the block comes from: a report and the part of it.
    pub origin: (usize, PagePlace),
    pub region: Region,
    /// The note whose text this block is (in a notes section).
    pub note: Option<u32>,
}

impl FlowBlock {
    fn new(lines: Vec<Line>, origin: (usize, PagePlace), region: Region) -> Self {
        FlowBlock {
            lines,
            x: 0.0,
            space_before: 0.0,
            keep_with_next: false,
            break_before: false,
            orphans: 2,
            widows: 2,
            framed: false,
            origin,
            region,
            note: None,
        }
    }
}

/// An entry of the PDF outline and the table of contents.
#[derive(Clone, Debug)]
pub(crate) struct Heading {
    /// 0 for a report, 1 for its sections, 2 for subsections...
    pub level: u8,
    pub title: String,
    pub anchor: String,
    /// Listed in the table of contents (a report's own "Notes" is only in the outline).
    pub in_contents: bool,
}

/// One report set in blocks, with its headings and, for notes at the foot of the page,
/// each note's block apart.
pub(crate) struct ReportFlow {
    pub blocks: Vec<FlowBlock>,
    pub headings: Vec<Heading>,
    /// For `NotePlacement::FootOfPage`: the block of each note, by note index.
    pub foot_notes: Vec<FlowBlock>,
    /// The notes set at the end of the book (`NotePlacement::EndOfBook`).
    pub book_notes: Vec<FlowBlock>,
}

/// What a report's flow needs to know besides the report.
pub(crate) struct FlowContext<'a> {
    pub theme: &'a Theme,
    pub width: f32,
    pub placement: NotePlacement,
    /// The report's index in the publication.
    pub report: usize,
    /// The global key of the report's first note.
    pub note_base: u32,
    /// Whether the report opens on a new page (every report of a book does).
    pub new_page: bool,
}

/// Sets one report.
pub(crate) fn report_flow(
    t: &mut Typesetter<'_>,
    report: &Report,
    resolved: &ResolvedReport,
    cx: &FlowContext<'_>,
) -> ReportFlow {
    let theme = cx.theme;
    let mut out = ReportFlow {
        blocks: Vec::new(),
        headings: Vec::new(),
        foot_notes: Vec::new(),
        book_notes: Vec::new(),
    };
    let mut refs = resolved.cursor();
    let start = (cx.report, PagePlace::Start);

    // the title
    let mut title = set(
        t,
        &[Span::text(&report.title, Style::Bold)],
        theme.report_title,
        cx.width,
        Align::Left,
    );
    if let Some(first) = title.first_mut() {
        first.anchors.push((report_anchor(report), 0.0));
    }
    let mut block = FlowBlock::new(title, start, Region::Body);
    block.keep_with_next = true;
    block.break_before = cx.new_page;
    block.orphans = usize::MAX;
    out.blocks.push(block);
    out.headings.push(Heading {
        level: 0,
        title: report.title.clone(),
        anchor: report_anchor(report),
        in_contents: true,
    });

    // the summary, in a tinted box
    if let Some(summary) = &report.summary {
        let inner = cx.width - 2.0 * theme.frame_padding;
        let mut first = true;
        let mut label_pending = summary.label.clone();
        for block in &summary.blocks {
            let mut blocks = Vec::new();
            let mut lead = Vec::new();
            if let Some(label) = label_pending.take()
                && matches!(block, Block::Paragraph { .. })
            {
                lead.push(Span::text(format!("{label}: "), Style::Bold));
            }
            let mut w = BlockWriter {
                t,
                cx,
                refs: &mut refs,
                resolved,
                anchor_prefix: format!("{}/h", report.id),
                out: &mut blocks,
                headings: &mut out.headings,
                previous_paragraph: false,
            };
            w.block(
                block,
                theme.frame_padding,
                inner,
                theme.summary,
                &lead,
                start,
            );
            for mut b in blocks {
                b.framed = true;
                b.space_before = if first { theme.block_space * 2.0 } else { 0.0 };
                first = false;
                out.blocks.push(b);
            }
        }
        if let Some(label) = label_pending {
            let lines = set(
                t,
                &[Span::text(label, Style::Bold)],
                theme.summary,
                inner,
                Align::Left,
            );
            let mut b = FlowBlock::new(lines, start, Region::Body);
            b.framed = true;
            b.x = theme.frame_padding;
            b.space_before = theme.block_space * 2.0;
            out.blocks.push(b);
        }
    }
    for related in &report.related {
        let spans = [
            Span::text("Related report: ", Style::Italic),
            Span::text(&related.text, Style::Regular),
        ];
        let lines = set(t, &spans, theme.summary, cx.width, Align::Left);
        let mut b = FlowBlock::new(lines, start, Region::Body);
        b.space_before = theme.block_space;
        out.blocks.push(b);
    }

    // the body
    let mut w = BlockWriter {
        t,
        cx,
        refs: &mut refs,
        resolved,
        anchor_prefix: format!("{}/h", report.id),
        out: &mut out.blocks,
        headings: &mut out.headings,
        previous_paragraph: false,
    };
    for (index, block) in report.body.iter().enumerate() {
        let first_of_body = index == 0;
        let before = w.out.len();
        w.block(
            block,
            0.0,
            cx.width,
            theme.body,
            &[],
            (cx.report, PagePlace::Block(index)),
        );
        if first_of_body && let Some(b) = w.out.get_mut(before) {
            b.space_before = b.space_before.max(theme.block_space * 2.0);
        }
    }

    // the notes
    if !report.endnotes.is_empty() {
        match cx.placement {
            NotePlacement::FootOfPage => {
                for n in 0..report.endnotes.len() {
                    let mut blocks = note_blocks(t, report, resolved, n, cx);
                    let mut block = blocks.remove(0);
                    for more in blocks {
                        block.lines.extend(more.lines);
                    }
                    out.foot_notes.push(block);
                }
            }
            NotePlacement::EndOfBook => {
                let mut heading = set(
                    t,
                    &[Span::text(&report.title, Style::Bold)],
                    theme.heading(1),
                    cx.width,
                    Align::Left,
                );
                let anchor = format!("{}/notes", report.id);
                if let Some(first) = heading.first_mut() {
                    first.anchors.push((anchor, 0.0));
                }
                let mut block =
                    FlowBlock::new(heading, (cx.report, PagePlace::Note(0)), Region::Notes);
                block.keep_with_next = true;
                block.space_before = theme.heading_space;
                out.book_notes.push(block);
                for n in 0..report.endnotes.len() {
                    out.book_notes
                        .extend(note_blocks(t, report, resolved, n, cx));
                }
            }
            _ => {
                let mut heading = set(
                    t,
                    &[Span::text("Notes", Style::Bold)],
                    theme.heading(1),
                    cx.width,
                    Align::Left,
                );
                let anchor = format!("{}/notes", report.id);
                if let Some(first) = heading.first_mut() {
                    first.anchors.push((anchor.clone(), 0.0));
                }
                let mut block =
                    FlowBlock::new(heading, (cx.report, PagePlace::Note(0)), Region::Notes);
                block.keep_with_next = true;
                block.space_before = theme.heading_space * 1.5;
                out.blocks.push(block);
                out.headings.push(Heading {
                    level: 1,
                    title: "Notes".into(),
                    anchor,
                    in_contents: false,
                });
                for n in 0..report.endnotes.len() {
                    out.blocks.extend(note_blocks(t, report, resolved, n, cx));
                }
            }
        }
    }
    out
}

/// The blocks of note `n`: its number hanging in the margin, linked back to where it is
/// cited (with a, b, c for each place when it is cited more than once), then its text.
fn note_blocks(
    t: &mut Typesetter<'_>,
    report: &Report,
    resolved: &ResolvedReport,
    n: usize,
    cx: &FlowContext<'_>,
) -> Vec<FlowBlock> {
    let theme = cx.theme;
    let note = &report.endnotes[n];
    let info = &resolved.notes[n];
    let key = cx.note_base + n as u32;
    let hang = theme.note_hang;
    let width = cx.width - hang;
    let origin = (cx.report, PagePlace::Note(n));

    let number = info.number.to_string();
    let first_ref = info
        .refs
        .first()
        .map(|&site| resolved.refs[site].anchor.clone());
    let label = Span {
        link: first_ref.map(Target::Anchor),
        alt: Some(format!("Back to reference {number}")),
        ..Span::text(number.clone(), Style::Regular)
    };
    let mut lead = Vec::new();
    if info.refs.len() > 1 {
        for (nth, &site) in info.refs.iter().enumerate() {
            let letter = citation_letter(nth);
            lead.push(Span {
                link: Some(Target::Anchor(resolved.refs[site].anchor.clone())),
                alt: Some(format!("Back to reference {number}{letter}")),
                ..Span::text(letter, Style::Italic)
            });
            lead.push(Span::text(
                if nth + 1 == info.refs.len() {
                    "\u{2002}"
                } else {
                    " "
                },
                Style::Regular,
            ));
        }
    }
    let mut blocks = Vec::new();
    let mut refs = RefCursor::empty();
    let mut headings = Vec::new();
    let mut w = BlockWriter {
        t,
        cx,
        refs: &mut refs,
        resolved,
        anchor_prefix: format!("{}/note{n}/h", report.id),
        out: &mut blocks,
        headings: &mut headings,
        previous_paragraph: false,
    };
    if note.blocks.is_empty() {
        w.out.push(FlowBlock::new(
            vec![Line::blank(theme.notes.leading)],
            origin,
            Region::Notes,
        ));
    }
    for (i, block) in note.blocks.iter().enumerate() {
        let lead = if i == 0 { lead.as_slice() } else { &[] };
        w.block(block, hang, width, theme.notes, lead, origin);
    }
    for block in &mut blocks {
        block.region = Region::Notes;
        block.note = Some(key);
        block.space_before = 0.0;
        block.origin = origin;
    }
    let label_line = set(t, &[label], theme.notes, hang, Align::Left);
    if let Some(first) = blocks.first_mut() {
        first.space_before = theme.notes.leading * 0.25;
        if let Some(line) = first.lines.first_mut() {
            if let Some(label) = label_line.into_iter().next() {
                line.hang(label, -theme.notes.size * 0.5);
            }
            line.anchors.push((info.anchor.clone(), -hang));
        }
    }
    blocks
}

/// Sets blocks of the body, the summary or a note.
struct BlockWriter<'a, 'f, 'r> {
    t: &'a mut Typesetter<'f>,
    cx: &'a FlowContext<'a>,
    refs: &'a mut RefCursor<'r>,
    resolved: &'r ResolvedReport,
    /// Prefix of the anchors of headings set by this writer.
    anchor_prefix: String,
    out: &'a mut Vec<FlowBlock>,
    headings: &'a mut Vec<Heading>,
    previous_paragraph: bool,
}

impl BlockWriter<'_, '_, '_> {
    /// Sets `block` at `x` over `width` in `face`; `lead` goes before a paragraph's text.
    fn block(
        &mut self,
        block: &Block,
        x: f32,
        width: f32,
        face: Face,
        lead: &[Span],
        origin: (usize, PagePlace),
    ) {
        let theme = self.cx.theme;
        match block {
            Block::Heading { level, content } => {
                let style = match level {
                    1 => Style::Bold,
                    2 => Style::BoldItalic,
                    _ => Style::Italic,
                };
                let heading_face = theme.heading(*level);
                let spans = self.spans(content, style);
                let mut lines = set(self.t, &spans, heading_face, width, Align::Left);
                let anchor = format!("{}{}", self.anchor_prefix, self.headings.len());
                if let Some(first) = lines.first_mut() {
                    first.anchors.push((anchor.clone(), 0.0));
                }
                self.headings.push(Heading {
                    level: *level,
                    title: folio_model::plain_text(content),
                    anchor,
                    in_contents: true,
                });
                let mut b = FlowBlock::new(lines, origin, Region::Body);
                b.x = x;
                b.keep_with_next = true;
                b.orphans = usize::MAX;
                b.space_before = if *level == 1 {
                    theme.heading_space
                } else {
                    theme.heading_space * 0.7
                };
                self.out.push(b);
                self.previous_paragraph = false;
            }
            Block::Paragraph { content } => {
                let mut spans = lead.to_vec();
                spans.extend(self.spans(content, Style::Regular));
                let mut style = theme.par(face, width, Align::Justify);
                if self.previous_paragraph {
                    style.first_indent = theme.indent;
                }
                let lines = self.t.set(&spans, &style);
                let mut b = FlowBlock::new(lines, origin, Region::Body);
                b.x = x;
                self.out.push(b);
                self.previous_paragraph = true;
            }
            Block::List { start, items } => {
                let indent = face.size * 1.6;
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}.", n.saturating_add(i as u64)),
                        None => "\u{2022}".to_owned(),
                    };
                    let before = self.out.len();
                    self.previous_paragraph = false;
                    for (j, b) in item.iter().enumerate() {
                        let lead = if i == 0 && j == 0 { lead } else { &[] };
                        self.block(b, x + indent, width - indent, face, lead, origin);
                    }
                    if self.out.len() == before {
                        let mut b =
                            FlowBlock::new(vec![Line::blank(face.leading)], origin, Region::Body);
                        b.x = x + indent;
                        self.out.push(b);
                    }
                    let label = set(
                        self.t,
                        &[Span::text(marker, Style::Regular)],
                        face,
                        indent,
                        Align::Left,
                    );
                    if let Some(first) = self.out.get_mut(before) {
                        first.space_before = first.space_before.max(theme.block_space * 0.5);
                        if let (Some(line), Some(label)) =
                            (first.lines.first_mut(), label.into_iter().next())
                        {
                            line.hang(label, -face.size * 0.4);
                        }
                    }
                }
                self.previous_paragraph = false;
            }
            Block::Quote { blocks } => {
                let indent = face.size * 2.0;
                let before = self.out.len();
                self.previous_paragraph = false;
                for (j, b) in blocks.iter().enumerate() {
                    let lead = if j == 0 { lead } else { &[] };
                    self.block(b, x + indent, width - 2.0 * indent, face, lead, origin);
                }
                if let Some(first) = self.out.get_mut(before) {
                    first.space_before = first.space_before.max(theme.block_space);
                }
                self.previous_paragraph = false;
            }
        }
    }

    /// The spans of inline `content` in `base` style; note references become linked
    /// superscript numbers.
    fn spans(&mut self, content: &[Inline], base: Style) -> Vec<Span> {
        let mut spans = Vec::new();
        self.push_spans(content, base, None, &mut spans);
        spans
    }

    fn push_spans(
        &mut self,
        content: &[Inline],
        style: Style,
        link: Option<&str>,
        out: &mut Vec<Span>,
    ) {
        for inline in content {
            match inline {
                Inline::Text { text } => out.push(Span {
                    link: link.map(|url| Target::Url(url.to_owned())),
                    ..Span::text(clean(text), style)
                }),
                Inline::Emphasis { content } => {
                    let emphasised = Style::new(style.is_bold(), !style.is_italic());
                    self.push_spans(content, emphasised, link, out);
                }
                Inline::Strong { content } => {
                    self.push_spans(content, Style::new(true, style.is_italic()), link, out);
                }
                Inline::Link { url, content } => self.push_spans(content, style, Some(url), out),
                Inline::NoteRef { note } => {
                    let site = self.refs.next_site().map(|(_, site)| site);
                    match site.and_then(|s| s.note.map(|n| (s, n))) {
                        Some((site, n)) => out.push(Span {
                            text: self.resolved.notes[n].number.to_string(),
                            style: Style::Regular,
                            superscript: true,
                            link: Some(Target::Anchor(self.resolved.notes[n].anchor.clone())),
                            anchor: Some(site.anchor.clone()),
                            note: Some(self.cx.note_base + n as u32),
                            alt: Some(format!("Note {}", self.resolved.notes[n].number)),
                        }),
                        None => out.push(Span {
                            superscript: true,
                            ..Span::text(format!("[{note}]"), Style::Regular)
                        }),
                    }
                }
            }
        }
    }
}

/// The anchor of a report's title.
pub(crate) fn report_anchor(report: &Report) -> String {
    format!("report/{}", report.id)
}

/// Sets `spans` unjustified in `face` over `width`.
fn set(t: &mut Typesetter<'_>, spans: &[Span], face: Face, width: f32, align: Align) -> Vec<Line> {
    let style = crate::paragraph::ParStyle {
        size: face.size,
        leading: face.leading,
        align,
        width,
        first_indent: 0.0,
        hyphenate: false,
    };
    t.set(spans, &style)
}

/// Text with control characters made spaces or dropped.
fn clean(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}
