//! Placing figures: the float rule. A figure is kept whole on one page (its block is no
//! taller than a page: see `flow/figure.rs`). When it does not fit in what is left of
//! the page, it waits, the text after it goes on filling the page, and it opens the next
//! page (LaTeX's `[tp]`, simplified to the top of the next page). Figures that wait keep
//! their order: a figure met while others wait, waits after them. None waits past its
//! report: they are placed before its notes and before the next report, and when the
//! pages are finished. Only where a figure is drawn moves: its element stays where the
//! source puts it in the tag tree.

use super::{Entry, Paginator, entries};
use crate::flow::FlowBlock;

impl Paginator<'_> {
    /// Places the figure of `lines` (every entry of its block) here, or makes it wait.
    pub(super) fn place_float(&mut self, lines: &[Entry], blocks: &mut [FlowBlock]) {
        let Some(first) = lines.first() else {
            return;
        };
        if self.deferred.is_empty() && (self.fits(lines, blocks) || !self.has_content()) {
            self.place_lines(lines, blocks);
        } else {
            self.defer(first.block, blocks);
        }
    }

    /// Places `atom`, lines kept together with figures among them: all of it here when
    /// it fits (and no figure waits); else the lines here (or at the top of the next
    /// page), the figures waiting.
    pub(super) fn place_with_figures(&mut self, atom: &[Entry], blocks: &mut [FlowBlock]) {
        let text: Vec<Entry> = atom
            .iter()
            .filter(|e| !blocks[e.block].float)
            .copied()
            .collect();
        if self.deferred.is_empty() && self.fits(atom, blocks) {
            self.place_lines(atom, blocks);
            return;
        }
        let mut last = None;
        for entry in atom {
            if blocks[entry.block].float && last != Some(entry.block) {
                last = Some(entry.block);
                self.defer(entry.block, blocks);
            }
        }
        if !self.fits(&text, blocks) && self.has_content() {
            self.next_page_for(&text, blocks);
        }
        if self.fits(&text, blocks) {
            self.place_lines(&text, blocks);
        } else {
            self.place_line_by_line(&text, blocks);
        }
    }

    /// Makes the figure of block `b` wait: its lines leave the block for the queue.
    fn defer(&mut self, b: usize, blocks: &mut [FlowBlock]) {
        let block = &mut blocks[b];
        let lines = std::mem::take(&mut block.lines);
        self.deferred.push_back(FlowBlock {
            lines,
            ..block.clone()
        });
    }

    /// Places the waiting figures that fit on this page, in order, until one does not.
    /// On a page that holds nothing yet, the first is placed whatever it needs: it is
    /// no taller than a page.
    pub(super) fn place_deferred(&mut self) {
        while let Some(mut block) = self.deferred.pop_front() {
            let one = std::slice::from_mut(&mut block);
            let lines = entries(one, self.height);
            if self.fits(&lines, one) || !self.has_content() {
                self.place_lines(&lines, one);
            } else {
                self.deferred.push_front(block);
                return;
            }
        }
    }

    /// Places every waiting figure: here while they fit, then on the pages after.
    pub(super) fn place_all_deferred(&mut self) {
        while !self.deferred.is_empty() {
            self.place_deferred();
            if !self.deferred.is_empty() {
                self.new_page();
            }
        }
    }
}
