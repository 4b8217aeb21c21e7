//! Pagination: blocks of lines onto pages, keeping headings with what follows, leaving
//! no orphan or widow line, and, for notes at the foot of the page, setting each note on
//! the page that cites it, continued on the next page when it does not fit. A table's
//! rows are placed whole (see `paginate/table.rs`); a figure is kept whole, and floats
//! to the top of the next page when it does not fit (see `paginate/float.rs`).

mod float;
mod table;

use folio_model::PagePlace;

use crate::flow::{FlowBlock, Region};
use crate::geometry::Rect;
use crate::paragraph::Line;

/// A line placed on a page, its position relative to the text block's top left.
#[derive(Clone, Debug)]
pub(crate) struct Placed {
    pub x: f32,
    pub y: f32,
    pub line: Line,
}

/// A horizontal rule.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub thickness: f32,
}

/// A page of laid-out content, positions relative to the text block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Page {
    pub lines: Vec<Placed>,
    /// Tinted boxes behind the summary.
    pub frames: Vec<Rect>,
    pub rules: Vec<Rule>,
    /// The report the page belongs to.
    pub report: Option<usize>,
    /// The first page of a report (no running head).
    pub opening: bool,
    /// Holds only notes (its running head says which pages they belong to).
    pub notes_only: bool,
    /// Where the page's content begins, for an e-book's page list.
    pub start: Option<(usize, PagePlace)>,
    /// The notes whose text is on the page.
    pub notes: Vec<u32>,
}

/// Fills pages of a text block `height` points tall.
pub(crate) struct Paginator<'n> {
    height: f32,
    width: f32,
    frame_padding: f32,
    pages: Vec<Page>,
    page: Page,
    y: f32,
    has_body: bool,
    /// Notes at the foot of the page: each note's lines by key, from `base`.
    foot_notes: Option<FootNotes<'n>>,
    foot: Vec<Line>,
    foot_height: f32,
    carry: Vec<Line>,
    frame: Option<usize>,
    /// The table whose rows are being placed.
    table: Option<table::OpenTable>,
    /// Figures that did not fit where they stand, in order, waiting for the top of the
    /// next page.
    deferred: std::collections::VecDeque<FlowBlock>,
}

/// The notes to set at the foot of pages, and how.
pub(crate) struct FootNotes<'n> {
    pub blocks: &'n [FlowBlock],
    pub base: u32,
    /// Space above the separating rule, and below it.
    pub gap: f32,
}

/// A line of a block, or a row of a table's block, with the rules for breaking after it.
#[derive(Clone, Copy)]
struct Entry {
    block: usize,
    /// The line, or the table's row.
    line: usize,
    space_before: f32,
    glued: bool,
}

impl<'n> Paginator<'n> {
    pub fn new(
        width: f32,
        height: f32,
        frame_padding: f32,
        foot_notes: Option<FootNotes<'n>>,
    ) -> Self {
        Paginator {
            height,
            width,
            frame_padding,
            pages: Vec::new(),
            page: Page::default(),
            y: 0.0,
            has_body: false,
            foot_notes,
            foot: Vec::new(),
            foot_height: 0.0,
            carry: Vec::new(),
            frame: None,
            table: None,
            deferred: std::collections::VecDeque::new(),
        }
    }

    /// Places `blocks` after what is already placed (their lines move onto the pages).
    pub fn place(&mut self, mut blocks: Vec<FlowBlock>) {
        for block in &mut blocks {
            if let Some(table) = block.table.as_deref_mut() {
                table.gather_spans(self.height);
            }
        }
        let entries = entries(&blocks, self.height);
        let blocks = blocks.as_mut_slice();
        let mut i = 0;
        while i < entries.len() {
            let first = entries[i];
            let block = &blocks[first.block];
            // what comes before the notes or the next report: the figures still waiting
            if first.line == 0 && (block.break_before || block.region == Region::Notes) {
                self.place_all_deferred();
            }
            if block.float && first.line == 0 {
                let end = i + block.lines.len().max(1) - 1;
                self.place_float(&entries[i..=end], blocks);
                i = end + 1;
                continue;
            }
            // the atom: lines glued together, and the figures that stand among them
            let mut end = i;
            let mut figures = false;
            while end + 1 < entries.len()
                && (entries[end].glued || blocks[entries[end].block].float)
            {
                end += 1;
                figures |= blocks[entries[end].block].float;
            }
            if figures {
                self.place_with_figures(&entries[i..=end], blocks);
                i = end + 1;
                continue;
            }
            let atom = &entries[i..=end];
            if blocks[atom[0].block].break_before && atom[0].line == 0 && self.has_content() {
                self.new_page();
            }
            if !self.fits(atom, blocks) && self.has_content() {
                self.next_page_for(atom, blocks);
            }
            if self.fits(atom, blocks) {
                self.place_lines(atom, blocks);
            } else {
                self.place_line_by_line(atom, blocks);
            }
            i = end + 1;
        }
    }

    /// Places `atom`, taller than what is left of a page, line by line (a table row by
    /// row), breaking pages where it must.
    fn place_line_by_line(&mut self, atom: &[Entry], blocks: &mut [FlowBlock]) {
        for entry in atom {
            if blocks[entry.block].table.is_some() {
                self.place_row(entry, blocks);
                continue;
            }
            let entry = std::slice::from_ref(entry);
            if !self.fits(entry, blocks) && self.has_content() {
                self.next_page_for(entry, blocks);
            }
            self.place_lines(entry, blocks);
        }
    }

    /// Starts a new page for `atom`, and another while the figures placed at the top of
    /// the new one leave it too little room.
    fn next_page_for(&mut self, atom: &[Entry], blocks: &[FlowBlock]) {
        self.new_page();
        while !self.page.lines.is_empty() && !self.fits(atom, blocks) {
            self.new_page();
        }
    }

    /// The pages, the last one closed.
    pub fn finish(mut self) -> Vec<Page> {
        // notes continued past the last line of text take pages of their own, and the
        // figures still waiting go on the next
        while self.has_content() || !self.carry.is_empty() || !self.deferred.is_empty() {
            self.new_page();
        }
        self.pages
    }

    fn has_content(&self) -> bool {
        !self.page.lines.is_empty() || !self.foot.is_empty()
    }

    /// Whether `atom` fits below what is placed, with the notes it cites (at least their
    /// first lines) at the foot.
    fn fits(&self, atom: &[Entry], blocks: &[FlowBlock]) -> bool {
        let mut height = 0.0f32;
        // a table's row may reach below where the next begins
        let mut reach = 0.0f32;
        for (k, entry) in atom.iter().enumerate() {
            if k > 0 || self.has_body {
                height += entry.space_before;
            }
            let (advance, extent) = match &blocks[entry.block].table {
                Some(table) => self.row_size(entry, table, k == 0),
                None => {
                    let h = blocks[entry.block].lines[entry.line].height;
                    (h, h)
                }
            };
            reach = reach.max(height + extent);
            height += advance;
        }
        let foot = self.foot_needed(atom, blocks);
        self.y + height.max(reach) + self.foot_height + foot <= self.height + 0.01
    }

    /// The foot space the notes first cited in `atom` need: their first two lines (or
    /// all of a shorter note), and the separator when the foot is empty.
    fn foot_needed(&self, atom: &[Entry], blocks: &[FlowBlock]) -> f32 {
        let Some(foot) = &self.foot_notes else {
            return 0.0;
        };
        let mut height = 0.0;
        let mut any = false;
        let mut keys = Vec::new();
        for entry in atom {
            entry_notes(entry, blocks, &mut keys);
        }
        for key in keys {
            if let Some(note) = foot.note(key)
                && !self.page.notes.contains(&key)
            {
                any = true;
                height += note.lines.iter().take(2).map(|l| l.height).sum::<f32>();
            }
        }
        if any && self.foot.is_empty() {
            height += 2.0 * foot.gap;
        }
        height
    }

    /// Places the lines of `atom`, then the notes they cite at the foot: what [`fits`]
    /// made room for, the atom with the notes' first lines, is kept for the atom.
    ///
    /// [`fits`]: Self::fits
    fn place_lines(&mut self, atom: &[Entry], blocks: &mut [FlowBlock]) {
        let mut notes = Vec::new();
        for entry in atom {
            if blocks[entry.block].table.is_some() {
                self.place_row_part(entry, blocks, None, &mut notes);
            } else {
                notes.extend(self.place_line(entry, blocks));
            }
        }
        for key in notes {
            self.add_foot_note(key);
        }
    }

    /// Places one line; gives the notes it cites.
    fn place_line(&mut self, entry: &Entry, blocks: &mut [FlowBlock]) -> Vec<u32> {
        let line = std::mem::take(&mut blocks[entry.block].lines[entry.line]);
        let block = &blocks[entry.block];
        if self.has_body {
            self.y += entry.space_before;
        }
        self.mark_page(block, entry.line == 0);
        self.frame_span(block.framed, self.y, self.y + line.height);
        let notes = line.notes.clone();
        self.y += line.height;
        self.page.lines.push(Placed {
            x: block.x + line.x,
            y: self.y - line.height,
            line,
        });
        self.has_body = true;
        // the space under a figure, wherever it lands
        if block.float && entry.line + 1 == block.lines.len() {
            self.y += block.space_after;
        }
        notes
    }

    /// What the page records of a block it holds: where it starts, its report, whether
    /// it opens the report (`first`: the block's first line), its note, and whether the
    /// page holds only notes.
    fn mark_page(&mut self, block: &FlowBlock, first: bool) {
        if self.page.start.is_none() {
            self.page.start = Some(block.origin);
        }
        if self.page.report.is_none() {
            self.page.report = Some(block.origin.0);
        }
        if block.break_before && first {
            self.page.opening = true;
        }
        if let Some(key) = block.note
            && !self.page.notes.contains(&key)
        {
            self.page.notes.push(key);
        }
        if block.region == Region::Body {
            self.page.notes_only = false;
        } else if self.page.lines.is_empty() {
            self.page.notes_only = true;
        }
    }

    /// Extends the summary's tinted box over `top..bottom` when `framed`, or ends it.
    fn frame_span(&mut self, framed: bool, top: f32, bottom: f32) {
        if !framed {
            self.frame = None;
            return;
        }
        let top = top - self.frame_padding * 0.6;
        let bottom = bottom + self.frame_padding * 0.6;
        match self.frame {
            Some(f) => {
                let rect = &mut self.page.frames[f];
                rect.height = bottom - rect.y;
            }
            None => {
                self.page.frames.push(Rect {
                    x: 0.0,
                    y: top,
                    width: self.width,
                    height: bottom - top,
                });
                self.frame = Some(self.page.frames.len() - 1);
            }
        }
    }

    /// Puts note `key` at the foot of this page: all of it when it fits, else what fits
    /// (at least its first line), the rest carried to the next page.
    fn add_foot_note(&mut self, key: u32) {
        let Some(foot) = &self.foot_notes else {
            return;
        };
        let Some(note) = foot.note(key) else {
            return;
        };
        if self.page.notes.contains(&key) {
            return;
        }
        self.page.notes.push(key);
        let gap = foot.gap;
        let mut lines = note.lines.clone();
        // the rule above the notes, when these are the first
        let mut height = if self.foot.is_empty() { 2.0 * gap } else { 0.0 };
        let mut placed = 0;
        for line in &lines {
            // what the text and the notes before left: an earlier note of the same
            // line may have taken it all, and then this one starts on the next page
            let room = self.height - self.y - self.foot_height - height;
            if line.height > room + 0.01 {
                break;
            }
            height += line.height;
            placed += 1;
        }
        // a note that runs on to the next page does not break there in a hyphenated word
        while placed > 0 && placed < lines.len() && lines[placed - 1].hyphenated {
            placed -= 1;
            height -= lines[placed].height;
        }
        if placed > 0 {
            self.foot_height += height;
            self.foot.extend(lines.drain(..placed));
        }
        self.carry.extend(lines);
    }

    fn new_page(&mut self) {
        self.end_table_part();
        let mut page = std::mem::take(&mut self.page);
        if !self.foot.is_empty()
            && let Some(foot) = &self.foot_notes
        {
            let mut y = self.height - self.foot_height + foot.gap;
            page.rules.push(Rule {
                x: 0.0,
                y,
                width: self.width * 0.3,
                thickness: 0.5,
            });
            y += foot.gap;
            for line in self.foot.drain(..) {
                let height = line.height;
                // a note's lines carry where they are set in: its block is at 0
                page.lines.push(Placed { x: line.x, y, line });
                y += height;
            }
        }
        self.pages.push(page);
        self.y = 0.0;
        self.has_body = false;
        self.frame = None;
        self.foot_height = 0.0;
        // notes continued from the page before come first in the foot
        if !self.carry.is_empty()
            && let Some(foot) = &self.foot_notes
        {
            let gap = foot.gap;
            let limit = self.height * 0.6;
            self.foot_height = 2.0 * gap;
            let mut taken = 0;
            for line in &self.carry {
                if taken > 0 && self.foot_height + line.height > limit {
                    break;
                }
                self.foot_height += line.height;
                taken += 1;
            }
            while taken > 1 && taken < self.carry.len() && self.carry[taken - 1].hyphenated {
                taken -= 1;
                self.foot_height -= self.carry[taken].height;
            }
            self.foot.extend(self.carry.drain(..taken));
        }
        // the figures that waited for this page open it
        self.place_deferred();
    }
}

impl FootNotes<'_> {
    fn note(&self, key: u32) -> Option<&FlowBlock> {
        self.blocks.get(key.checked_sub(self.base)? as usize)
    }
}

/// The notes cited on the line or row of `entry`, added to `out`.
fn entry_notes(entry: &Entry, blocks: &[FlowBlock], out: &mut Vec<u32>) {
    let block = &blocks[entry.block];
    match &block.table {
        Some(table) => {
            for row_line in table
                .rows
                .get(entry.line)
                .into_iter()
                .flat_map(|r| &r.lines)
            {
                out.extend_from_slice(&row_line.line.notes);
            }
        }
        None => out.extend_from_slice(&block.lines[entry.line].notes),
    }
}

/// The lines of `blocks` in order (a table's rows), each with whether a page may break
/// after it, on pages `height` tall. A block kept with the next is kept with the next
/// that is no figure: a figure may float away from between them.
fn entries(blocks: &[FlowBlock], height: f32) -> Vec<Entry> {
    let mut entries = Vec::new();
    // the space the block before wants below it
    let mut after = 0.0f32;
    let last_text = blocks.iter().rposition(|b| !b.float);
    for (b, block) in blocks.iter().enumerate() {
        let space_before = block.space_before.max(after);
        // a figure adds its own space under it, where it lands (see `place_line`)
        if !block.float {
            after = block.space_after;
        }
        let more = last_text.is_some_and(|last| last > b);
        if let Some(table) = &block.table {
            let keep_last = block.keep_with_next && more;
            let glue = table.glue(height, keep_last);
            entries.extend(glue.into_iter().enumerate().map(|(row, glued)| Entry {
                block: b,
                line: row,
                space_before: if row == 0 { space_before } else { 0.0 },
                glued,
            }));
            continue;
        }
        let n = block.lines.len();
        for line in 0..n {
            let after = line + 1;
            let glued = if after < n {
                block.orphans == usize::MAX
                    || after < block.orphans
                    || n - after < block.widows
                    // a word hyphenated across pages is hard to read
                    || block.lines[line].hyphenated
            } else {
                block.keep_with_next && more && !block.float
            };
            entries.push(Entry {
                block: b,
                line,
                space_before: if line == 0 { space_before } else { 0.0 },
                glued,
            });
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lines: usize, keep_with_next: bool) -> FlowBlock {
        FlowBlock {
            lines: (0..lines).map(|_| Line::blank(10.0)).collect(),
            x: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            keep_with_next,
            break_before: false,
            orphans: 2,
            widows: 2,
            framed: false,
            origin: (0, PagePlace::Block(0)),
            region: Region::Body,
            note: None,
            table: None,
            float: false,
        }
    }

    /// A paginator of 100 by 100 points that sets `notes` at the foot of the pages.
    fn with_foot_notes(notes: &[FlowBlock]) -> Paginator<'_> {
        let foot = FootNotes {
            blocks: notes,
            base: 0,
            gap: 2.5,
        };
        Paginator::new(100.0, 100.0, 0.0, Some(foot))
    }

    fn line_counts(pages: &[Page]) -> Vec<usize> {
        pages.iter().map(|p| p.lines.len()).collect()
    }

    #[test]
    fn no_orphan_and_no_widow() {
        // 9 lines of room: a 4-line paragraph after 6 lines would leave 3|1; it breaks 2|2
        let mut p = Paginator::new(100.0, 90.0, 0.0, None);
        p.place(vec![block(6, false), block(4, false)]);
        assert_eq!(line_counts(&p.finish()), [8, 2]);
        // after 8 lines only 1 line of room: an orphan; the paragraph moves whole
        let mut p = Paginator::new(100.0, 90.0, 0.0, None);
        p.place(vec![block(8, false), block(4, false)]);
        assert_eq!(line_counts(&p.finish()), [8, 4]);
    }

    #[test]
    fn a_page_never_ends_with_a_hyphen() {
        // 9 lines of room after nothing: a 12-line paragraph would break 9|3, but line 9
        // ends with a hyphen, so the page ends a line earlier
        let mut b = block(12, false);
        b.lines[8].hyphenated = true;
        let mut p = Paginator::new(100.0, 90.0, 0.0, None);
        p.place(vec![b]);
        assert_eq!(line_counts(&p.finish()), [8, 4]);
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        let mut p = Paginator::new(100.0, 90.0, 0.0, None);
        p.place(vec![block(7, false), block(1, true), block(5, false)]);
        let pages = p.finish();
        assert_eq!(line_counts(&pages), [7, 6]);
    }

    #[test]
    fn foot_notes_stand_on_the_page_that_cites_them_and_continue() {
        let mut text = block(8, false);
        text.lines[3].notes = vec![0];
        let note = block(5, false);
        let notes = [note];
        let mut p = with_foot_notes(&notes);
        p.place(vec![text]);
        let pages = p.finish();
        assert_eq!(pages[0].notes, [0]);
        // the note starts on the citing page and runs on to the next
        assert!(pages.len() >= 2);
        let total: usize = pages.iter().map(|p| p.lines.len()).sum();
        assert_eq!(total, 13);
        assert_eq!(pages[0].rules.len(), 1);
    }

    #[test]
    fn notes_never_rise_into_the_text_above_them() {
        // one line cites two notes, each taller than the page: the first fills the foot,
        // the second starts on the next page, and no foot line lies above the text
        let mut text = block(3, false);
        text.lines[0].notes = vec![0, 1];
        let notes = [block(20, false), block(20, false)];
        let mut p = with_foot_notes(&notes);
        p.place(vec![text]);
        let pages = p.finish();
        assert_no_line_crosses_the_rule(&pages);
        let total: usize = pages.iter().map(|p| p.lines.len()).sum();
        assert_eq!(total, 43);

        // a paragraph whose lines must stay together (no orphan, no widow) cites a long
        // note from its first line: the note leaves room for the paragraph's other lines
        let mut text = block(3, false);
        text.lines[0].notes = vec![0];
        let notes = [block(20, false)];
        let mut p = with_foot_notes(&notes);
        p.place(vec![text]);
        let pages = p.finish();
        assert_no_line_crosses_the_rule(&pages);
        assert_eq!(pages[0].lines.len(), 3 + 6);
    }

    #[test]
    fn a_note_running_on_to_the_next_page_does_not_break_in_a_hyphenated_word() {
        let mut text = block(3, false);
        text.lines[0].notes = vec![0];
        // room for six lines of the note under the text; the sixth ends in a hyphen
        let mut note = block(20, false);
        note.lines[5].hyphenated = true;
        note.lines[10].hyphenated = true;
        let notes = [note];
        let mut p = with_foot_notes(&notes);
        p.place(vec![text]);
        let pages = p.finish();
        assert_eq!(pages[0].lines.len(), 3 + 5);
        for page in &pages[..pages.len() - 1] {
            assert!(!page.lines.last().unwrap().line.hyphenated);
        }
        let total: usize = pages.iter().map(|p| p.lines.len()).sum();
        assert_eq!(total, 23);
    }

    /// A figure of `lines` lines: kept whole, floating.
    fn figure(lines: usize, mark: u32) -> FlowBlock {
        let mut b = block(lines, false);
        b.orphans = usize::MAX;
        b.float = true;
        // tells the figure's lines apart
        for line in &mut b.lines {
            line.notes = vec![mark];
        }
        b
    }

    /// On each page, the figure mark of each line (0 for text).
    fn marks(pages: &[Page]) -> Vec<Vec<u32>> {
        pages
            .iter()
            .map(|p| {
                p.lines
                    .iter()
                    .map(|l| l.line.notes.first().copied().unwrap_or(0))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_figure_that_does_not_fit_waits_for_the_next_page_and_the_text_goes_on() {
        // 10 lines of room: 6 of text, a 5-line figure (4 left: it waits), 3 of text
        let mut p = Paginator::new(100.0, 100.0, 0.0, None);
        p.place(vec![block(6, false), figure(5, 7), block(3, false)]);
        let pages = p.finish();
        assert_eq!(marks(&pages), [vec![0; 9], vec![7; 5]]);
        // at the top of its page
        assert_eq!(pages[1].lines[0].y, 0.0);
        // one that fits stays where it stands
        let mut p = Paginator::new(100.0, 100.0, 0.0, None);
        p.place(vec![block(2, false), figure(5, 7), block(3, false)]);
        let pages = p.finish();
        assert_eq!(marks(&pages), [[0, 0, 7, 7, 7, 7, 7, 0, 0, 0]]);
    }

    #[test]
    fn waiting_figures_keep_their_order_and_never_pass_the_notes() {
        // the first figure waits; the second, which would fit, waits after it; both come
        // before the notes, which follow at once
        let mut p = Paginator::new(100.0, 100.0, 0.0, None);
        let mut notes = block(2, false);
        notes.region = Region::Notes;
        p.place(vec![
            block(7, false),
            figure(6, 1),
            figure(2, 2),
            block(1, false),
            notes,
        ]);
        let pages = p.finish();
        assert_eq!(
            marks(&pages),
            [vec![0; 8], vec![1, 1, 1, 1, 1, 1, 2, 2, 0, 0]]
        );
        // at the end, a waiting figure gets a page of its own
        let mut p = Paginator::new(100.0, 100.0, 0.0, None);
        p.place(vec![block(8, false), figure(4, 3)]);
        assert_eq!(marks(&p.finish()), [vec![0; 8], vec![3; 4]]);
    }

    #[test]
    fn a_heading_stays_with_its_text_when_the_figure_after_it_floats() {
        // a heading kept with the paragraph after the figure: the heading and the
        // paragraph's first lines stay together here, the figure goes on
        let mut p = Paginator::new(100.0, 100.0, 0.0, None);
        p.place(vec![
            block(5, false),
            block(1, true),
            figure(6, 4),
            block(4, false),
        ]);
        let pages = p.finish();
        assert_eq!(marks(&pages), [vec![0; 10], vec![4; 6]]);
        // figures at the top of a page leave too little room for what comes next: the
        // text goes to the page after
        let mut p = Paginator::new(100.0, 100.0, 0.0, None);
        p.place(vec![block(9, false), figure(9, 5), block(4, false)]);
        let pages = p.finish();
        assert_eq!(marks(&pages), [vec![0; 9], vec![5; 9], vec![0; 4]]);
    }

    /// On every page, each line lies wholly above the notes' rule or wholly below it.
    fn assert_no_line_crosses_the_rule(pages: &[Page]) {
        for (n, page) in pages.iter().enumerate() {
            for placed in &page.lines {
                let (top, bottom) = (placed.y, placed.y + placed.line.height);
                assert!(
                    top >= -0.01 && bottom <= 100.01,
                    "page {n}: {top}..{bottom}"
                );
                if let Some(rule) = page.rules.first() {
                    assert!(
                        bottom <= rule.y + 0.01 || top >= rule.y - 0.01,
                        "page {n}: a line at {top}..{bottom} crosses the rule at {}",
                        rule.y
                    );
                }
            }
        }
    }
}
