//! From the model to the flow: each report's title, summary, body and notes set in lines
//! and grouped in blocks that the paginator places on pages.

mod figure;
mod table;

use folio_fonts::Style;
use folio_model::{
    Block, Inline, NotePlacement, PagePlace, RefCursor, Report, ResolvedReport, citation_letter,
};

use crate::bidi::BaseDirection;
use crate::paragraph::{Align, Line, Span, Target, Typesetter};
use crate::structure::{NodeId, Role, Structure};
use crate::style::{Face, Theme};
use crate::table::TableBlock;

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
    /// Space below the block, before the next (a table's), dropped at the top of a page.
    pub space_after: f32,
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
    /// A table, whose rows the paginator places (the block has no lines of its own).
    pub table: Option<Box<TableBlock>>,
    /// A figure, kept whole: when it does not fit in what is left of the page, the text
    /// after it goes on there, and it goes to the top of the next page.
    pub float: bool,
}

impl FlowBlock {
    fn new(lines: Vec<Line>, origin: (usize, PagePlace), region: Region) -> Self {
        FlowBlock {
            lines,
            x: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next: false,
            break_before: false,
            orphans: 2,
            widows: 2,
            framed: false,
            origin,
            region,
            note: None,
            table: None,
            float: false,
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
    /// The report's logical structure, for tagged PDF.
    pub structure: Structure,
    /// The section of the report's notes at the end of the book, which the book's notes
    /// part holds.
    pub book_notes_root: Option<NodeId>,
}

/// What a report's flow needs to know besides the report.
pub(crate) struct FlowContext<'a> {
    pub theme: &'a Theme,
    pub width: f32,
    /// The text block's height: the tallest a figure can be.
    pub height: f32,
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
    let mut structure = Structure::new(cx.report as u32);
    let part = structure.add(None, Role::Part);
    let mut blocks = Vec::new();
    let mut headings = Vec::new();
    let mut refs = resolved.cursor();
    let mut foot_note_nodes: Vec<Option<NodeId>> = vec![None; report.endnotes.len()];
    let start = (cx.report, PagePlace::Start);

    // the title
    let title_node = structure.add(
        Some(part),
        Role::Heading {
            level: 1,
            title: report.title.clone(),
        },
    );
    let mut title = set(
        t,
        &[Span::text(&report.title, Style::Bold)],
        theme.report_title,
        cx.width,
        Align::Left,
    );
    tag(&mut title, title_node);
    // an empty title keeps its place: the outline and the contents link to it
    keep_a_line(&mut title, theme.report_title.leading, title_node);
    if let Some(first) = title.first_mut() {
        first.anchors.push((report_anchor(report), 0.0));
    }
    let mut block = FlowBlock::new(title, start, Region::Body);
    block.keep_with_next = true;
    block.break_before = cx.new_page;
    block.orphans = usize::MAX;
    blocks.push(block);
    headings.push(Heading {
        level: 0,
        title: report.title.clone(),
        anchor: report_anchor(report),
        in_contents: true,
    });

    let mut w = BlockWriter {
        t,
        cx,
        refs: &mut refs,
        report,
        resolved,
        structure: &mut structure,
        foot_note_nodes: &mut foot_note_nodes,
        anchor_prefix: format!("{}/h", report.id),
        out: &mut blocks,
        headings: &mut headings,
        sections: vec![(0, part)],
        sectioning: false,
        previous_paragraph: false,
        pending_notes: Vec::new(),
        tables: table::TableState::default(),
        figures_seen: 0,
    };

    // the summary, in a tinted box
    if let Some(summary) = &report.summary {
        let inner = cx.width - 2.0 * theme.frame_padding;
        let summary_node = w.structure.add(Some(part), Role::Sect);
        w.sections = vec![(0, summary_node)];
        let first = w.out.len();
        // the label runs into a first paragraph, or stands on a line of its own before
        // whatever else comes first
        let mut run_in = None;
        match (&summary.label, summary.blocks.first()) {
            (Some(label), Some(Block::Paragraph { .. })) => run_in = Some(label),
            (Some(label), _) => {
                let node = w.structure.add(Some(summary_node), Role::P);
                let mut lines = set(
                    w.t,
                    &[Span::text(label, Style::Bold)],
                    theme.summary,
                    inner,
                    Align::Left,
                );
                tag(&mut lines, node);
                let mut b = FlowBlock::new(lines, start, Region::Body);
                b.x = theme.frame_padding;
                w.out.push(b);
            }
            (None, _) => {}
        }
        for block in &summary.blocks {
            let lead: Vec<Span> = run_in
                .take()
                .map(|label| Span::text(format!("{label}: "), Style::Bold))
                .into_iter()
                .collect();
            w.block(
                block,
                theme.frame_padding,
                inner,
                theme.summary,
                &lead,
                start,
            );
        }
        for (i, b) in w.out[first..].iter_mut().enumerate() {
            b.framed = true;
            b.space_before = if i == 0 { theme.block_space * 2.0 } else { 0.0 };
        }
    }
    for (i, related) in report.related.iter().enumerate() {
        let node = w.structure.add(Some(part), Role::P);
        let spans = [
            Span::text("Related report: ", Style::Italic),
            Span::text(&related.text, Style::Regular),
        ];
        let mut lines = set(w.t, &spans, theme.summary, cx.width, Align::Left);
        tag(&mut lines, node);
        let mut b = FlowBlock::new(lines, start, Region::Body);
        b.space_before = theme.block_space;
        if i == 0 && report.summary.is_some() {
            b.space_before += theme.frame_padding;
        }
        w.out.push(b);
    }

    // the body, in sections built from its headings
    w.sections = vec![(0, part)];
    w.sectioning = true;
    w.previous_paragraph = false;
    let after_summary = if report.summary.is_some() {
        theme.frame_padding
    } else {
        0.0
    };
    for (index, block) in report.body.iter().enumerate() {
        let before = w.out.len();
        w.block(
            block,
            0.0,
            cx.width,
            theme.body,
            &[],
            (cx.report, PagePlace::Block(index)),
        );
        if index == 0
            && let Some(b) = w.out.get_mut(before)
        {
            b.space_before = b.space_before.max(theme.block_space * 2.0 + after_summary);
        }
    }
    w.sectioning = false;

    // the notes
    let mut out = ReportFlow {
        blocks: Vec::new(),
        headings: Vec::new(),
        foot_notes: Vec::new(),
        book_notes: Vec::new(),
        structure: Structure::default(),
        book_notes_root: None,
    };
    let at_foot = cx.placement == NotePlacement::FootOfPage;
    // notes that no reference calls have no page foot to go to: they end the report;
    // a table's own notes are set under it
    let foot_nodes = w.foot_note_nodes.clone();
    let end_notes: Vec<usize> = (0..report.endnotes.len())
        .filter(|&n| !at_foot || foot_nodes[n].is_none())
        .filter(|&n| !resolved.notes[n].is_table_note())
        .collect();
    if at_foot {
        // one block per note, by index; a note nobody cites has none here
        for (n, node) in foot_nodes.into_iter().enumerate() {
            let block = match node {
                Some(node) => {
                    // the note's blocks become one, each line keeping where its own
                    // block is set in (a quote or a list in a note)
                    let mut note = note_blocks(&mut w, report, n, node).into_iter();
                    let mut block = note
                        .next()
                        .unwrap_or_else(|| FlowBlock::new(Vec::new(), start, Region::Notes));
                    let x = std::mem::take(&mut block.x);
                    for line in &mut block.lines {
                        line.x += x;
                    }
                    for more in note {
                        block.lines.extend(more.lines.into_iter().map(|mut line| {
                            line.x += more.x;
                            line
                        }));
                    }
                    block
                }
                None => FlowBlock::new(Vec::new(), start, Region::Notes),
            };
            out.foot_notes.push(block);
        }
    }
    if !end_notes.is_empty() {
        if cx.placement == NotePlacement::EndOfBook {
            let section = w.structure.add_apart(Role::Sect);
            let heading_node = w.structure.add(
                Some(section),
                Role::Heading {
                    level: 2,
                    title: report.title.clone(),
                },
            );
            let mut heading = set(
                w.t,
                &[Span::text(&report.title, Style::Bold)],
                theme.heading(1),
                cx.width,
                Align::Left,
            );
            tag(&mut heading, heading_node);
            keep_a_line(&mut heading, theme.heading(1).leading, heading_node);
            if let Some(first) = heading.first_mut() {
                first.anchors.push((format!("{}/notes", report.id), 0.0));
            }
            let mut block = FlowBlock::new(heading, (cx.report, PagePlace::Note(0)), Region::Notes);
            block.keep_with_next = true;
            block.space_before = theme.heading_space;
            let mut notes = vec![block];
            for &n in &end_notes {
                let node = w.structure.add(Some(section), Role::Note);
                notes.extend(note_blocks(&mut w, report, n, node));
            }
            out.book_notes = notes;
            out.book_notes_root = Some(section);
        } else {
            let section = w.structure.add(Some(part), Role::Sect);
            let heading_node = w.structure.add(
                Some(section),
                Role::Heading {
                    level: 2,
                    title: "Notes".into(),
                },
            );
            let mut heading = set(
                w.t,
                &[Span::text("Notes", Style::Bold)],
                theme.heading(1),
                cx.width,
                Align::Left,
            );
            tag(&mut heading, heading_node);
            let anchor = format!("{}/notes", report.id);
            if let Some(first) = heading.first_mut() {
                first.anchors.push((anchor.clone(), 0.0));
            }
            let mut block = FlowBlock::new(
                heading,
                (cx.report, PagePlace::Note(end_notes[0])),
                Region::Notes,
            );
            block.keep_with_next = true;
            block.space_before = theme.heading_space * 1.5;
            w.out.push(block);
            w.headings.push(Heading {
                level: 1,
                title: "Notes".into(),
                anchor,
                in_contents: false,
            });
            for &n in &end_notes {
                let node = w.structure.add(Some(section), Role::Note);
                let note = note_blocks(&mut w, report, n, node);
                w.out.extend(note);
            }
        }
    }
    out.blocks = blocks;
    out.headings = headings;
    out.structure = structure;
    out
}

/// The blocks of note `n` inside element `note`: its number hanging in the margin,
/// linked back to where it is cited (with a, b, c for each place when it is cited more
/// than once), then its text.
fn note_blocks(
    w: &mut BlockWriter<'_, '_, '_>,
    report: &Report,
    n: usize,
    note_node: NodeId,
) -> Vec<FlowBlock> {
    let width = w.cx.width;
    note_blocks_at(w, report, n, note_node, 0.0, width)
}

/// The blocks of note `n` as [`note_blocks`] sets them, `left` points in from the text
/// block's edge and `measure` wide (a table's notes, under the table); its number (a
/// table note's letter) hangs at `left`.
fn note_blocks_at(
    w: &mut BlockWriter<'_, '_, '_>,
    report: &Report,
    n: usize,
    note_node: NodeId,
    left: f32,
    measure: f32,
) -> Vec<FlowBlock> {
    let cx = w.cx;
    let theme = cx.theme;
    let resolved = w.resolved;
    let note = &report.endnotes[n];
    let info = &resolved.notes[n];
    let key = cx.note_base + n as u32;
    // a right-to-left note is set from the right, its number hanging on the right
    let rtl = w.starts_rtl(&note.blocks);
    let base = w.t.base;
    if rtl {
        w.t.base = BaseDirection::Rtl;
    }
    let hang = if rtl { left } else { left + theme.note_hang };
    let width = measure - theme.note_hang;
    let origin = (cx.report, PagePlace::Note(n));

    let label_node = w.structure.add(Some(note_node), Role::Label);
    let number = info.mark();
    let first_ref = info
        .refs
        .first()
        .map(|&site| resolved.refs[site].anchor.clone());
    let label_link = first_ref
        .is_some()
        .then(|| w.structure.add_inline(label_node, Role::Link));
    let label = Span {
        link: first_ref.map(Target::Anchor),
        alt: Some(format!("Back to reference {number}")),
        node: label_link,
        ..Span::text(number.clone(), Style::Regular)
    };
    let saved = std::mem::replace(&mut w.sections, vec![(0, note_node)]);
    let mut lead = Vec::new();
    let mut blocks = Vec::new();
    let before = w.out.len();
    for (i, block) in note.blocks.iter().enumerate() {
        if i == 0 && info.refs.len() > 1 {
            // the back-links a, b, c open the note's first paragraph
            lead.clear();
            for (nth, &site) in info.refs.iter().enumerate() {
                let letter = citation_letter(nth);
                lead.push(Span {
                    link: Some(Target::Anchor(resolved.refs[site].anchor.clone())),
                    alt: Some(format!("Back to reference {number}{letter}")),
                    node: Some(LEAD_LINK),
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
        } else {
            lead.clear();
        }
        // a note's text cites no notes (resolve() reports it when one does), and a table
        // in it (which resolve() reports too) is set as plain text
        let saved_refs = std::mem::replace(w.refs, RefCursor::empty());
        let saved_in_note = std::mem::replace(&mut w.tables.in_note, true);
        w.previous_paragraph = false;
        w.block(block, hang, width, theme.notes, &lead, origin);
        w.tables.in_note = saved_in_note;
        *w.refs = saved_refs;
    }
    blocks.extend(w.out.drain(before..));
    if blocks.is_empty() {
        // a note with no blocks, or only blocks that set nothing (an empty list), still
        // shows its number, and its references still lead to it
        let mut line = Line::blank(theme.notes.leading);
        line.node = label_node;
        let mut block = FlowBlock::new(vec![line], origin, Region::Notes);
        block.x = hang;
        blocks.push(block);
    }
    w.sections = saved;
    for block in &mut blocks {
        block.region = Region::Notes;
        block.note = Some(key);
        block.space_before = 0.0;
        block.origin = origin;
    }
    let mut label_line = set(w.t, &[label], theme.notes, hang, Align::Left);
    tag(&mut label_line, label_node);
    if let Some(first) = blocks.first_mut() {
        first.space_before = theme.notes.leading * 0.25;
        // the number hangs left of the note's text, even when its first block (a list,
        // a quote) is set further in
        let text_start = hang - first.x;
        // a note whose first block sets no line (an empty paragraph) still shows its
        // number, and its references still lead to it
        keep_a_line(&mut first.lines, theme.notes.leading, label_node);
        if let Some(line) = first.lines.first_mut() {
            if let Some(label) = label_line.into_iter().next() {
                if rtl {
                    line.hang_right(label, text_start + width + theme.notes.size * 0.5);
                } else {
                    line.hang(label, text_start - theme.notes.size * 0.5);
                }
            }
            line.anchors.push((info.anchor.clone(), -first.x));
        }
    }
    w.t.base = base;
    blocks
}

/// The narrowest measure nesting leaves, as a share of the text block's width: quotes
/// and lists nested deeper than that are set in no further.
const MIN_MEASURE: f32 = 1.0 / 3.0;

/// A stand-in element for the lead spans of a note's first paragraph (its back-links):
/// the writer of the paragraph gives each its own link element.
const LEAD_LINK: NodeId = NodeId {
    scope: u32::MAX - 2,
    index: 0,
};

/// Sets blocks of the body, the summary or a note, and builds their structure.
struct BlockWriter<'a, 'f, 'r> {
    t: &'a mut Typesetter<'f>,
    cx: &'a FlowContext<'a>,
    refs: &'a mut RefCursor<'r>,
    report: &'r Report,
    resolved: &'r ResolvedReport,
    structure: &'a mut Structure,
    /// For notes at the foot of the page: the element of each note, made after the
    /// paragraph that first cites it.
    foot_note_nodes: &'a mut Vec<Option<NodeId>>,
    /// Prefix of the anchors of headings set by this writer.
    anchor_prefix: String,
    out: &'a mut Vec<FlowBlock>,
    headings: &'a mut Vec<Heading>,
    /// The open sections, innermost last: (heading level, element); level 0 is the
    /// container the writer started in.
    sections: Vec<(u8, NodeId)>,
    /// Whether headings open sections (in a report's body) or stand alone (in notes).
    sectioning: bool,
    previous_paragraph: bool,
    /// Notes first cited in the paragraph being set.
    pending_notes: Vec<usize>,
    /// Where the writer is among tables (see `flow/table.rs`).
    tables: table::TableState,
    /// How many figures of the summary and the body were set: the next one's number
    /// less one (its index in `ResolvedReport::figures`).
    figures_seen: usize,
}

impl BlockWriter<'_, '_, '_> {
    fn container(&self) -> NodeId {
        self.sections.last().map_or(NodeId::default(), |&(_, n)| n)
    }

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
                let title = folio_model::plain_text(content);
                let parent = if self.sectioning {
                    while self.sections.len() > 1
                        && self.sections.last().is_some_and(|&(l, _)| l >= *level)
                    {
                        self.sections.pop();
                    }
                    let section = self.structure.add(Some(self.container()), Role::Sect);
                    self.sections.push((*level, section));
                    section
                } else {
                    self.container()
                };
                let node = self.structure.add(
                    Some(parent),
                    Role::Heading {
                        level: level.saturating_add(1).min(6),
                        title: title.clone(),
                    },
                );
                // in a note, a list or the summary a heading keeps the size around it
                let heading_face = if self.sectioning {
                    theme.heading(*level)
                } else {
                    face
                };
                let spans = self.spans(content, style, node);
                let mut lines = set(self.t, &spans, heading_face, width, Align::Left);
                tag(&mut lines, node);
                keep_a_line(&mut lines, heading_face.leading, node);
                let anchor = format!("{}{}", self.anchor_prefix, self.headings.len());
                if let Some(first) = lines.first_mut() {
                    first.anchors.push((anchor.clone(), 0.0));
                }
                self.headings.push(Heading {
                    // under its report (0) at any level the model holds, so that the
                    // outline nests it, and a book can nest the report in turn
                    level: (*level).clamp(1, 6),
                    title,
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
                let node = self.structure.add(Some(self.container()), Role::P);
                let mut spans: Vec<Span> = lead
                    .iter()
                    .map(|span| {
                        let mut span = span.clone();
                        if span.node == Some(LEAD_LINK) {
                            span.node = Some(self.structure.add_inline(node, Role::Link));
                        }
                        span
                    })
                    .collect();
                // in a table's cell: ragged as its column says, bold in its header
                let (base, align) = self
                    .tables
                    .cell
                    .map_or((Style::Regular, Align::Justify), |c| (c.style, c.align));
                spans.extend(self.spans(content, base, node));
                self.place_foot_notes(node);
                let mut style = theme.par(face, width, align);
                if self.previous_paragraph && self.tables.cell.is_none() {
                    style.first_indent = theme.indent;
                }
                let mut lines = self.t.set(&spans, &style);
                tag(&mut lines, node);
                let mut b = FlowBlock::new(lines, origin, Region::Body);
                b.x = x;
                self.out.push(b);
                self.previous_paragraph = true;
            }
            Block::List { start, items } => {
                let indent = face.size * 1.6;
                let list = self.structure.add(
                    Some(self.container()),
                    Role::List {
                        ordered: start.is_some(),
                    },
                );
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(n) => format!("{}.", n.saturating_add(i as u64)),
                        None => "\u{2022}".to_owned(),
                    };
                    let list_item = self.structure.add(Some(list), Role::ListItem);
                    let label_node = self.structure.add(Some(list_item), Role::Label);
                    let body = self.structure.add(Some(list_item), Role::ListBody);
                    self.sections.push((u8::MAX, body));
                    let before = self.out.len();
                    self.previous_paragraph = false;
                    // a right-to-left item is set in from the right, its marker there
                    let rtl = self.starts_rtl(item);
                    let base = self.t.base;
                    if rtl {
                        self.t.base = BaseDirection::Rtl;
                    }
                    let (inner_x, inner_width) = if rtl {
                        self.nested(x, width, 0.0, indent)
                    } else {
                        self.nested(x, width, indent, 0.0)
                    };
                    for (j, b) in item.iter().enumerate() {
                        let lead = if i == 0 && j == 0 { lead } else { &[] };
                        self.block(b, inner_x, inner_width, face, lead, origin);
                    }
                    self.sections.pop();
                    // an item that sets no block, or opens with a table (whose rows the
                    // paginator places, with no line of its own to hang a marker on) or a
                    // figure (whose first line is its image), gets a blank line for its
                    // marker
                    let opens_with_table = self
                        .out
                        .get(before)
                        .is_some_and(|b| b.table.is_some() || b.float);
                    if self.out.len() == before || opens_with_table {
                        // a figure stays with the marker it opens the item with
                        if let Some(figure) = self.out.get_mut(before) {
                            figure.float = false;
                        }
                        let mut line = Line::blank(face.leading);
                        line.node = label_node;
                        let mut b = FlowBlock::new(vec![line], origin, Region::Body);
                        b.x = inner_x;
                        b.keep_with_next = opens_with_table;
                        self.out.insert(before, b);
                    }
                    let mut label = set(
                        self.t,
                        &[Span::text(marker, Style::Regular)],
                        face,
                        indent,
                        Align::Left,
                    );
                    tag(&mut label, label_node);
                    if let Some(first) = self.out.get_mut(before) {
                        first.space_before = first.space_before.max(theme.block_space * 0.5);
                        // the marker hangs left of this item's text, even when its first
                        // block (a list, a quote) is set further in and has its own
                        let text_start = inner_x - first.x;
                        // an item whose first block sets no line (an empty paragraph)
                        // still shows its marker
                        keep_a_line(&mut first.lines, face.leading, label_node);
                        if let (Some(line), Some(label)) =
                            (first.lines.first_mut(), label.into_iter().next())
                        {
                            if rtl {
                                let text_end = text_start + inner_width;
                                line.hang_right(label, text_end + face.size * 0.4);
                            } else {
                                line.hang(label, text_start - face.size * 0.4);
                            }
                        }
                    }
                    self.t.base = base;
                }
                self.previous_paragraph = false;
            }
            Block::Quote { blocks } => {
                let indent = face.size * 2.0;
                let quote = self.structure.add(Some(self.container()), Role::BlockQuote);
                self.sections.push((u8::MAX, quote));
                let before = self.out.len();
                self.previous_paragraph = false;
                let (inner_x, inner_width) = self.nested(x, width, indent, indent);
                for (j, b) in blocks.iter().enumerate() {
                    let lead = if j == 0 { lead } else { &[] };
                    self.block(b, inner_x, inner_width, face, lead, origin);
                }
                self.sections.pop();
                if let Some(first) = self.out.get_mut(before) {
                    first.space_before = first.space_before.max(theme.block_space);
                }
                self.previous_paragraph = false;
            }
            Block::Table(table) => self.table(table, x, width, face, lead, origin),
            Block::Figure(figure) => self.figure(figure, x, width, lead, origin),
        }
    }

    /// Whether `blocks` (a list item, a note) are set right to left: in a report whose
    /// language is written so, or when their text starts with a right-to-left letter.
    fn starts_rtl(&self, blocks: &[Block]) -> bool {
        self.t.base == BaseDirection::Rtl || crate::bidi::blocks_start_rtl(blocks)
    }

    /// The left edge and measure of a block nested in one at `x` over `width`, set in by
    /// `left` and `right`: the indents stop growing where the measure would fall below
    /// [`MIN_MEASURE`] of the text block's width (shrunk in proportion on the way there),
    /// so that text nested at any depth is set on lines of a readable width, inside the
    /// text block.
    fn nested(&self, x: f32, width: f32, left: f32, right: f32) -> (f32, f32) {
        let min = (self.cx.width * MIN_MEASURE).min(width);
        let room = (width - min).max(0.0);
        let indent = left + right;
        if indent <= room {
            (x + left, width - indent)
        } else {
            let scale = room / indent;
            (x + left * scale, width - room)
        }
    }

    /// For notes at the foot of the page: gives each note first cited in `paragraph` its
    /// element, after the paragraph (the reading order: text, then its notes).
    fn place_foot_notes(&mut self, paragraph: NodeId) {
        if self.cx.placement != NotePlacement::FootOfPage {
            return;
        }
        let pending: Vec<usize> = std::mem::take(&mut self.pending_notes);
        let parent = self.container();
        for n in pending {
            if self.foot_note_nodes[n].is_none() {
                let node = self
                    .structure
                    .add_after(Some(parent), paragraph, Role::Note);
                self.foot_note_nodes[n] = Some(node);
            }
        }
    }

    /// The spans of inline `content` in `base` style, inside element `parent`; note
    /// references become linked superscript numbers.
    fn spans(&mut self, content: &[Inline], base: Style, parent: NodeId) -> Vec<Span> {
        let mut spans = Vec::new();
        self.push_spans(content, base, None, parent, &mut spans);
        spans
    }

    fn push_spans(
        &mut self,
        content: &[Inline],
        style: Style,
        link: Option<(&str, NodeId)>,
        parent: NodeId,
        out: &mut Vec<Span>,
    ) {
        for inline in content {
            match inline {
                Inline::Text { text } => out.push(Span {
                    link: link.map(|(url, _)| Target::Url(url.to_owned())),
                    node: link.map(|(_, node)| node),
                    ..Span::text(clean(text), style)
                }),
                Inline::Emphasis { content } => {
                    let emphasised = Style::new(style.is_bold(), !style.is_italic());
                    self.push_spans(content, emphasised, link, parent, out);
                }
                Inline::Strong { content } => {
                    self.push_spans(
                        content,
                        Style::new(true, style.is_italic()),
                        link,
                        parent,
                        out,
                    );
                }
                // an address no edition makes live (`javascript:`, `file:`...) is its
                // text: resolve() warned about it
                Inline::Link { url, content } if !folio_model::is_live_link(url) => {
                    self.push_spans(content, style, link, parent, out);
                }
                Inline::Link { url, content } => {
                    let node = match link {
                        Some((_, node)) => node,
                        None => self.structure.add_inline(parent, Role::Link),
                    };
                    self.push_spans(content, style, Some((url, node)), parent, out);
                }
                Inline::NoteRef { note } => {
                    let site = self.refs.next_site().map(|(_, site)| site);
                    match site.and_then(|s| s.note.map(|n| (s, n))) {
                        Some((site, n)) => {
                            let reference = self.structure.add_inline(parent, Role::Reference);
                            let link = self.structure.add_inline(reference, Role::Link);
                            let info = &self.resolved.notes[n];
                            // a table's note is lettered, and set under the table, never
                            // at the foot of the page
                            let foot = !info.is_table_note();
                            if site.nth == 0
                                && foot
                                && self.cx.placement == NotePlacement::FootOfPage
                            {
                                self.pending_notes.push(n);
                            }
                            out.push(Span {
                                alt: Some(format!("Note {}", info.mark())),
                                text: reference_mark(info),
                                style: Style::Regular,
                                superscript: true,
                                link: Some(Target::Anchor(info.anchor.clone())),
                                anchor: Some(site.anchor.clone()),
                                note: foot.then_some(self.cx.note_base + n as u32),
                                node: Some(link),
                            });
                        }
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

/// What a note reference prints: the note's number, or a table note's letter after a
/// no-break space (at the superscript's size, so a narrow one). A letter set tight
/// against the word before it would be read as part of it by search and copy
/// (`casualtiesa`); the space keeps them apart (poppler's `pdftotext -raw` does not take
/// U+202F's narrower gap for one), and no line break comes between them. A number needs
/// none: it is no letter of the word.
pub(crate) fn reference_mark(info: &folio_model::NoteInfo) -> String {
    if info.is_table_note() {
        format!("\u{a0}{}", info.mark())
    } else {
        info.mark()
    }
}

/// Gives `lines` to element `node`.
fn tag(lines: &mut [Line], node: NodeId) {
    for line in lines {
        line.node = node;
    }
}

/// Gives `lines`, when a block set none (its text is empty), one blank line of element
/// `node`: what hangs on a block's first line (a note's number, a list's marker, an
/// anchor that links and the outline lead to) is never dropped.
fn keep_a_line(lines: &mut Vec<Line>, leading: f32, node: NodeId) {
    if lines.is_empty() {
        let mut line = Line::blank(leading);
        line.node = node;
        lines.push(line);
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
