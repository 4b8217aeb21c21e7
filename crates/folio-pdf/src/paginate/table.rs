//! Placing a table's rows on pages. A row goes whole onto the page, or whole to the
//! next; only a row taller than a page (or one that would leave its table's caption and
//! header alone at the foot of a page) is split, between lines. Every page after the
//! first that the table runs onto opens with its header rows drawn again (artifacts,
//! see `table.rs`). Rules are booktabs': a heavy rule at the top and the bottom of the
//! table, light ones under the header, above the footer and where a page breaks it.

use super::{Entry, Paginator, Placed, Rule};
use crate::flow::FlowBlock;
use crate::table::{HEAVY_RULE, LIGHT_RULE, RowKind, RowLine, TableBlock, TableRow};

/// The table whose rows are being placed, and what of it the page holds.
pub(super) struct OpenTable {
    /// Its block.
    block: usize,
    /// Its left edge and width, for its rules.
    x: f32,
    width: f32,
    /// Whether a row of it below the caption is placed: the pages after repeat its
    /// header.
    started: bool,
    /// Whether the page holds rows of it (under its top rule), and where the last ends.
    on_page: bool,
    bottom: f32,
    /// Whether the page holds nothing but its caption and header rows.
    head_only: bool,
}

impl Paginator<'_> {
    /// How far row `entry` of `table` moves the page on and how far its lines reach,
    /// with its header drawn again above it when it continues its table at the top of a
    /// page (`first` of what is placed together).
    pub(super) fn row_size(&self, entry: &Entry, table: &TableBlock, first: bool) -> (f32, f32) {
        let Some(row) = table.rows.get(entry.line) else {
            return (0.0, 0.0);
        };
        let head = if first && self.repeats_before(entry, table) {
            table.repeat_height()
        } else {
            0.0
        };
        (head + row.height, head + row.extent)
    }

    /// Whether the header is drawn again above row `entry`: a body or footer row that
    /// continues its table on a page holding none of it.
    fn repeats_before(&self, entry: &Entry, table: &TableBlock) -> bool {
        let continues = self
            .table
            .as_ref()
            .is_some_and(|t| t.block == entry.block && t.started && !t.on_page);
        let kind = table.rows.get(entry.line).map(|row| row.kind);
        continues
            && matches!(kind, Some(RowKind::Body | RowKind::Foot))
            && table.repeats(self.height)
    }

    /// Places row `entry` of a table where it must go: on this page when it fits, else
    /// whole on the next; a row taller than a page, or one that would leave its table's
    /// caption and header alone at the foot of this page, is split between its lines,
    /// the rest carried on under the header on the next page.
    pub(super) fn place_row(&mut self, entry: &Entry, blocks: &mut [FlowBlock]) {
        let one = std::slice::from_ref(entry);
        loop {
            let mut notes = Vec::new();
            if self.fits(one, blocks) {
                self.place_row_part(entry, blocks, None, &mut notes);
                self.add_foot_notes(notes);
                return;
            }
            let Some(table) = blocks[entry.block].table.as_deref() else {
                return;
            };
            let Some(row) = table.rows.get(entry.line) else {
                return;
            };
            let head_only = self
                .table
                .as_ref()
                .is_some_and(|t| t.block == entry.block && t.head_only);
            let repeat = if matches!(row.kind, RowKind::Body | RowKind::Foot)
                && table.repeats(self.height)
            {
                table.repeat_height()
            } else {
                0.0
            };
            let taller_than_a_page = row.extent + repeat > self.height + 0.01;
            if self.has_content() && !head_only && !taller_than_a_page {
                self.new_page();
                continue;
            }
            // split where no line is cut, when a line fits here
            let space = if self.has_body {
                entry.space_before
            } else {
                0.0
            };
            let above = if self.repeats_before(entry, table) {
                table.repeat_height()
            } else {
                0.0
            };
            let room = self.height
                - self.y
                - self.foot_height
                - self.foot_needed(one, blocks)
                - space
                - above;
            let cut = match cut_between_lines(&row.lines, room) {
                Some(cut) => cut,
                // nothing fits under what the page holds: the next page, unless that
                // would leave the table's header alone here, or the page holds nothing
                // else (the first lines go, whatever they need)
                None if self.has_content() && !head_only => {
                    self.new_page();
                    continue;
                }
                None => first_lines(&row.lines).unwrap_or(f32::INFINITY),
            };
            let done = self.place_row_part(entry, blocks, Some(cut), &mut notes);
            self.add_foot_notes(notes);
            if done {
                return;
            }
            self.new_page();
        }
    }

    fn add_foot_notes(&mut self, notes: Vec<u32>) {
        for key in notes {
            self.add_foot_note(key);
        }
    }

    /// Places row `entry` of a table, its lines that end above `cut` (from the row's
    /// top; all of them without one), with what goes before it: the space above the
    /// table, its top rule, its header drawn again on a page after the first, a light
    /// rule over its footer; and after it, the rule under the header or at the table's
    /// end. Adds the notes the placed lines cite to `notes`. Gives whether the row is
    /// placed whole; if not, what is left of it stays in the table, moved up.
    pub(super) fn place_row_part(
        &mut self,
        entry: &Entry,
        blocks: &mut [FlowBlock],
        cut: Option<f32>,
        notes: &mut Vec<u32>,
    ) -> bool {
        self.mark_page(&blocks[entry.block], false);
        let block = &mut blocks[entry.block];
        let (x, framed) = (block.x, block.framed);
        let Some(table) = block.table.as_deref_mut() else {
            return true;
        };
        let count = table.rows.len();
        let Some(kind) = table.rows.get(entry.line).map(|row| row.kind) else {
            return true;
        };
        if self.table.as_ref().is_none_or(|t| t.block != entry.block) {
            self.table = Some(OpenTable {
                block: entry.block,
                x,
                width: table.width,
                started: false,
                on_page: false,
                bottom: 0.0,
                head_only: !self.has_content(),
            });
        }
        if self.has_body {
            self.y += entry.space_before;
        }
        let repeat = self.repeats_before(entry, table);
        let Some(mut open) = self.table.take() else {
            return true;
        };
        let part_top = self.y;
        if kind != RowKind::Caption {
            if !open.on_page {
                self.rule(&open, self.y, HEAVY_RULE, 0.0);
                if repeat {
                    for row in &table.repeat {
                        let top = self.y;
                        for row_line in &row.lines {
                            self.page.lines.push(Placed {
                                x: x + row_line.x,
                                y: top + row_line.y,
                                line: row_line.line.clone(),
                            });
                        }
                        self.y += row.height;
                        self.cmidrules(x, row);
                    }
                    self.rule(&open, self.y, LIGHT_RULE, -0.5);
                }
                open.on_page = true;
            } else if kind == RowKind::Foot
                && entry.line > 0
                && table.rows[entry.line - 1].kind == RowKind::Body
            {
                self.rule(&open, self.y, LIGHT_RULE, -0.5);
            }
            open.started = true;
        }
        if !matches!(kind, RowKind::Caption | RowKind::Head) {
            open.head_only = false;
        }

        let row = &mut table.rows[entry.line];
        let top = self.y;
        let limit = cut.unwrap_or(f32::INFINITY);
        let mut rest = Vec::new();
        for row_line in std::mem::take(&mut row.lines) {
            if row_line.y + row_line.line.height <= limit + 0.01 {
                notes.extend_from_slice(&row_line.line.notes);
                self.page.lines.push(Placed {
                    x: x + row_line.x,
                    y: top + row_line.y,
                    line: row_line.line,
                });
            } else {
                rest.push(RowLine {
                    y: row_line.y - limit,
                    ..row_line
                });
            }
        }
        let done = rest.is_empty();
        if done {
            self.y = top + row.height;
        } else {
            self.y = top + limit;
            let reach = rest
                .iter()
                .map(|l| l.y + l.line.height)
                .fold(0.0f32, f32::max);
            row.height = (row.height - limit).max(reach);
            row.extent = (row.extent - limit).max(reach);
            row.lines = rest;
        }
        self.has_body = true;
        self.frame_span(framed, part_top, self.y);
        open.bottom = self.y;
        if done {
            let next = table.rows.get(entry.line + 1).map(|r| r.kind);
            if kind == RowKind::Head {
                self.cmidrules(x, &table.rows[entry.line]);
                if next.is_some_and(|k| k != RowKind::Head) {
                    self.rule(&open, self.y, LIGHT_RULE, -0.5);
                }
            }
            if entry.line + 1 == count {
                // the table's end
                if kind != RowKind::Caption {
                    self.rule(&open, self.y, HEAVY_RULE, -1.0);
                }
                return true;
            }
        }
        self.table = Some(open);
        done
    }

    /// A rule across the open table at `y`, `thickness` thick, shifted by `shift` times
    /// its thickness (0 below `y`, -1 above it, -0.5 across it).
    fn rule(&mut self, open: &OpenTable, y: f32, thickness: f32, shift: f32) {
        self.page.rules.push(Rule {
            x: open.x,
            y: y + shift * thickness,
            width: open.width,
            thickness,
        });
    }

    /// The light rules under the header cells of `row` that span columns, at its foot
    /// (`self.y`), a little short of the cells' edges.
    fn cmidrules(&mut self, x: f32, row: &TableRow) {
        for &(left, width) in &row.cmidrules {
            let trim = (width * 0.1).min(2.0);
            self.page.rules.push(Rule {
                x: x + left + trim,
                y: self.y - LIGHT_RULE * 0.5,
                width: (width - 2.0 * trim).max(0.0),
                thickness: LIGHT_RULE,
            });
        }
    }

    /// Ends the part of the open table on this page, when it holds one: a light rule
    /// under its last row there (the table goes on on the next page).
    pub(super) fn end_table_part(&mut self) {
        if let Some(open) = self.table.take() {
            if open.on_page {
                self.rule(&open, open.bottom, LIGHT_RULE, -1.0);
            }
            self.table = Some(OpenTable {
                on_page: false,
                head_only: true,
                ..open
            });
        }
    }
}

/// Where to split rows of `lines` (y from the row's top) to place what fits in `room`:
/// the lowest place at or above `room` that cuts no line, when a line ends above it.
fn cut_between_lines(lines: &[RowLine], room: f32) -> Option<f32> {
    let fits = |cut: f32| {
        lines
            .iter()
            .any(|l| l.y + l.line.height <= cut + 0.01)
            .then_some(cut)
    };
    // as in a paragraph, no page ends with half a word (the cell's neighbours would
    // come between its halves), unless a column holds nothing but a long word cut to
    // fit it, which leaves no other place to cut
    let whole_words = cut_above(lines, room, true);
    fits(whole_words).or_else(|| fits(cut_above(lines, room, false)))
}

/// The lowest cut at or above `room` that passes through no line and, with
/// `whole_words`, leaves no hyphenated line above it whose word goes on below it.
fn cut_above(lines: &[RowLine], room: f32, whole_words: bool) -> f32 {
    let mut cut = room;
    loop {
        let mut moved = false;
        for l in lines {
            let bottom = l.y + l.line.height;
            let cut_through = l.y < cut - 0.01 && bottom > cut + 0.01;
            let word_goes_on = whole_words
                && l.line.hyphenated
                && l.y < cut - 0.01
                && bottom <= cut + 0.01
                && lines.iter().any(|m| {
                    m.column == l.column && m.y >= bottom - 0.01 && m.y + m.line.height > cut + 0.01
                });
            if cut_through || word_goes_on {
                cut = l.y;
                moved = true;
            }
        }
        if !moved {
            return cut;
        }
    }
}

/// Where the first of `lines` to end, ends (the least a split must place).
fn first_lines(lines: &[RowLine]) -> Option<f32> {
    lines
        .iter()
        .map(|l| l.y + l.line.height)
        .min_by(f32::total_cmp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paragraph::Line;

    /// Lines of 10 points one under the other in `column`, hyphenated where `hyphens`
    /// says.
    fn column(column: usize, hyphens: &[bool]) -> Vec<RowLine> {
        hyphens
            .iter()
            .enumerate()
            .map(|(i, &hyphenated)| {
                let mut line = Line::blank(10.0);
                line.hyphenated = hyphenated;
                let mut row_line = RowLine::new(0.0, i as f32 * 10.0, line);
                row_line.column = column;
                row_line
            })
            .collect()
    }

    #[test]
    fn a_row_is_cut_between_lines_and_not_after_half_a_word() {
        // room for 2.5 lines: the cut falls after the second line
        let plain = column(0, &[false, false, false, false]);
        assert_eq!(cut_between_lines(&plain, 25.0), Some(20.0));
        // the second line ends in a hyphen: its word goes on, so the cut moves up
        let hyphen = column(0, &[false, true, false, false]);
        assert_eq!(cut_between_lines(&hyphen, 25.0), Some(10.0));
        // so it does for a word cut in another column
        let mut two = column(0, &[false, false, false]);
        two.extend(column(1, &[false, true, false]));
        assert_eq!(cut_between_lines(&two, 25.0), Some(10.0));
        let mut ended = column(0, &[false, false, false]);
        ended.extend(column(1, &[false, false, false]));
        assert_eq!(cut_between_lines(&ended, 25.0), Some(20.0));
        // a column of nothing but one long word cut to fit: cut where it must
        let long = column(0, &[true, true, true, false]);
        assert_eq!(cut_between_lines(&long, 25.0), Some(20.0));
        // nothing fits at all
        assert_eq!(cut_between_lines(&plain, 5.0), None);
    }
}
