//! A table set for the page: its caption and rows, each row holding the lines of its
//! cells, ready for the paginator, which places rows whole (see `paginate/table.rs`).
//!
//! A cell spanning rows is set once, across them; its lines are then dealt to the rows
//! they stand in, so that each row carries its own lines and a page may break between
//! any two rows. The rows a span covers are kept on one page when they fit there.

use crate::paragraph::Line;
use crate::structure::REPEATED;

/// Booktabs' heavy rule (top and bottom of a table) and light rule (under the header,
/// above the footer, at a page break), in points.
pub(crate) const HEAVY_RULE: f32 = 0.8;
pub(crate) const LIGHT_RULE: f32 = 0.45;

/// What a row of a set table is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// The caption's lines, above the table's rules.
    Caption,
    /// A header row, repeated at the top of every later page the table runs onto.
    Head,
    #[default]
    Body,
    /// A footer row, at the table's end.
    Foot,
}

/// A line of a row: from the table's left edge, and from the row's top.
#[derive(Clone, Debug)]
pub(crate) struct RowLine {
    pub x: f32,
    pub y: f32,
    pub line: Line,
    /// The column of its cell (the order of a row's lines).
    pub column: usize,
    /// For a line of a cell spanning rows, how many rows below the cell's first row it
    /// was dealt to (0 for every other line).
    pub below: usize,
}

impl RowLine {
    /// A line at `x`, `y` of a cell of one row, in column 0.
    pub fn new(x: f32, y: f32, line: Line) -> Self {
        RowLine {
            x,
            y,
            line,
            column: 0,
            below: 0,
        }
    }
}

/// A row of a set table.
#[derive(Clone, Debug, Default)]
pub(crate) struct TableRow {
    pub kind: RowKind,
    /// The lines of its cells, cell by cell from the left, each cell's from the top.
    pub lines: Vec<RowLine>,
    /// How far the next row is below its top.
    pub height: f32,
    /// How far its lines reach below its top: its height, or more when a cell spanning
    /// rows has a line across its foot.
    pub extent: f32,
    /// A cell spanning rows goes on into the next row.
    pub span_next: bool,
    /// Light rules under its cells that span columns, in a header of several rows
    /// (booktabs' `\cmidrule`): from the table's left edge, and wide.
    pub cmidrules: Vec<(f32, f32)>,
}

/// A table set for the page.
#[derive(Clone, Debug, Default)]
pub(crate) struct TableBlock {
    /// The caption (when there is one), then the header, body and footer rows.
    pub rows: Vec<TableRow>,
    /// From the left of its first column to the right of its last.
    pub width: f32,
    /// The header rows as drawn again at the top of a later page: artifacts, without
    /// links, anchors or notes (a screen reader meets each row once, and a note
    /// reference in the header is counted once).
    pub repeat: Vec<TableRow>,
}

impl TableBlock {
    /// A table of these rows; the header rows are copied for the pages after the first.
    pub fn new(rows: Vec<TableRow>, width: f32) -> Self {
        let repeat = rows
            .iter()
            .filter(|row| row.kind == RowKind::Head)
            .map(repeated)
            .collect();
        TableBlock {
            rows,
            width,
            repeat,
        }
    }

    /// The height of the repeated header rows.
    pub fn repeat_height(&self) -> f32 {
        self.repeat.iter().map(|row| row.height).sum()
    }

    /// Whether the header is repeated on a page `page_height` tall: when it takes less
    /// than half of it (a header taller than that would leave too little for the body).
    pub fn repeats(&self, page_height: f32) -> bool {
        !self.repeat.is_empty() && self.repeat_height() <= page_height * 0.5
    }

    /// The runs of rows that cells spanning rows tie together and that fit on a page
    /// `page_height` tall: the first row of each and the one past its last.
    fn span_runs(&self, page_height: f32) -> Vec<(usize, usize)> {
        let n = self.rows.len();
        let room = if self.repeats(page_height) {
            page_height - self.repeat_height()
        } else {
            page_height
        };
        let mut runs = Vec::new();
        let mut r = 0;
        while r < n {
            if !self.rows[r].span_next {
                r += 1;
                continue;
            }
            let start = r;
            let mut height = 0.0;
            while r < n && self.rows[r].span_next {
                height += self.rows[r].height;
                r += 1;
            }
            let last = r.min(n - 1);
            if height + self.rows[last].extent <= room {
                runs.push((start, last + 1));
            }
            r += 1;
        }
        runs
    }

    /// Gives the lines of a cell spanning rows back to its first row, where the rows it
    /// spans are kept on one page (see [`TableBlock::glue`]): the page then draws each
    /// cell's lines together, and its text reads whole, cell by cell (`pdftotext -raw`
    /// reads the page's content in the order it is drawn). Where the rows cannot be kept
    /// together, each line stays with the row it stands in, so that a page may break
    /// between them.
    pub fn gather_spans(&mut self, page_height: f32) {
        for (start, end) in self.span_runs(page_height) {
            let tops: Vec<f32> = self.rows[start..end]
                .iter()
                .scan(0.0, |top, row| {
                    let this = *top;
                    *top += row.height;
                    Some(this)
                })
                .collect();
            for r in start + 1..end {
                let lines = std::mem::take(&mut self.rows[r].lines);
                let (moved, kept): (Vec<RowLine>, Vec<RowLine>) =
                    lines.into_iter().partition(|l| l.below > 0);
                self.rows[r].lines = kept;
                for mut line in moved {
                    let first = r.saturating_sub(line.below).max(start);
                    line.y += tops[r - start] - tops[first - start];
                    line.below = 0;
                    let row = &mut self.rows[first];
                    row.extent = row.extent.max(line.y + line.line.height);
                    row.lines.push(line);
                }
            }
            for row in &mut self.rows[start..end] {
                // by column, each cell's lines from the top (the sort is stable)
                row.lines.sort_by_key(|l| l.column);
            }
        }
    }

    /// For each row, whether a page may not break after it, on a page `page_height` tall:
    /// after the caption and the header (never left without a body row under them),
    /// before the footer, between the rows of a cell spanning rows (when they fit on a
    /// page together), and after the last row when `keep_last` (its notes follow).
    pub fn glue(&self, page_height: f32, keep_last: bool) -> Vec<bool> {
        let n = self.rows.len();
        let mut glue: Vec<bool> = (0..n)
            .map(|r| {
                let next = self.rows.get(r + 1).map(|row| row.kind);
                match (self.rows[r].kind, next) {
                    (_, None) => keep_last,
                    (RowKind::Caption | RowKind::Head, _) => true,
                    (RowKind::Body, Some(RowKind::Foot)) => true,
                    (RowKind::Foot, Some(RowKind::Foot)) => true,
                    _ => false,
                }
            })
            .collect();
        // the rows a span covers, together when they fit on a page
        for (start, end) in self.span_runs(page_height) {
            for g in &mut glue[start..end - 1] {
                *g = true;
            }
        }
        glue
    }
}

/// A copy of header row `row` to draw on a later page: an artifact of pagination.
fn repeated(row: &TableRow) -> TableRow {
    let lines = row
        .lines
        .iter()
        .map(|l| {
            let mut line = l.line.clone();
            line.node = REPEATED;
            for run in &mut line.runs {
                run.node = None;
            }
            line.links.clear();
            line.anchors.clear();
            line.notes.clear();
            RowLine { line, ..*l }
        })
        .collect();
    TableRow {
        lines,
        span_next: false,
        ..row.clone_empty()
    }
}

impl TableRow {
    /// The row without its lines.
    fn clone_empty(&self) -> TableRow {
        TableRow {
            kind: self.kind,
            lines: Vec::new(),
            height: self.height,
            extent: self.extent,
            span_next: self.span_next,
            cmidrules: self.cmidrules.clone(),
        }
    }
}

/// A cell set at its column's width, to be placed in its rows.
#[derive(Debug)]
pub(crate) struct SetCell {
    /// Its first row in its group, and how many rows it spans (at least 1).
    pub row: usize,
    pub rowspan: usize,
    /// Its first column (the order of lines in a row).
    pub column: usize,
    /// Its lines, x from the table's left edge, y from the top of its content.
    pub lines: Vec<RowLine>,
    /// The height of its content.
    pub height: f32,
}

/// The rows of one group (header, body or footer) of `count` rows from its cells: each
/// row as tall as its tallest cell (with `padding` above and below, and at least one
/// line of `leading`), the last row a cell spans made taller when the cell needs it;
/// every line dealt to the row it begins in.
pub(crate) fn group_rows(
    kind: RowKind,
    count: usize,
    cells: Vec<SetCell>,
    padding: f32,
    leading: f32,
) -> Vec<TableRow> {
    let mut heights = vec![leading + 2.0 * padding; count];
    for cell in cells.iter().filter(|c| c.rowspan <= 1) {
        if let Some(h) = heights.get_mut(cell.row) {
            *h = h.max(cell.height + 2.0 * padding);
        }
    }
    let mut spanning: Vec<&SetCell> = cells.iter().filter(|c| c.rowspan > 1).collect();
    spanning.sort_by_key(|c| c.rowspan);
    for cell in spanning {
        let end = cell.row.saturating_add(cell.rowspan).min(count);
        if cell.row >= end {
            continue;
        }
        let have: f32 = heights[cell.row..end].iter().sum();
        let need = cell.height + 2.0 * padding;
        if need > have {
            heights[end - 1] += need - have;
        }
    }
    let mut tops = Vec::with_capacity(count);
    let mut top = 0.0;
    for h in &heights {
        tops.push(top);
        top += h;
    }
    let mut rows: Vec<TableRow> = heights
        .iter()
        .map(|&height| TableRow {
            kind,
            height,
            extent: height,
            ..TableRow::default()
        })
        .collect();
    // each row's lines with their cell's column, to be put in column order
    let mut dealt: Vec<Vec<(usize, RowLine)>> = (0..count).map(|_| Vec::new()).collect();
    for cell in cells {
        if cell.row >= count {
            continue;
        }
        let end = cell.row.saturating_add(cell.rowspan.max(1)).min(count);
        for row in &mut rows[cell.row..end - 1] {
            row.span_next = true;
        }
        // the row of the cell's line before, when it ended in a hyphen
        let mut word_in = None;
        for mut line in cell.lines {
            let y = tops[cell.row] + padding + line.y;
            // the last of the cell's rows that begins above the line; but the end of a
            // word hyphenated on the line before stays in that line's row, so that no
            // page break and no neighbouring cell comes between its halves
            let r = word_in.unwrap_or_else(|| {
                (cell.row..end)
                    .rev()
                    .find(|&r| tops[r] <= y + 0.01)
                    .unwrap_or(cell.row)
            });
            word_in = line.line.hyphenated.then_some(r);
            line.y = y - tops[r];
            line.column = cell.column;
            line.below = r - cell.row;
            let bottom = line.y + line.line.height;
            rows[r].extent = rows[r].extent.max(bottom);
            dealt[r].push((cell.column, line));
        }
    }
    for (row, mut lines) in rows.iter_mut().zip(dealt) {
        lines.sort_by_key(|(column, _)| *column);
        row.lines = lines.into_iter().map(|(_, line)| line).collect();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, rowspan: usize, column: usize, lines: usize) -> SetCell {
        SetCell {
            row,
            rowspan,
            column,
            lines: (0..lines)
                .map(|i| RowLine::new(column as f32 * 50.0, i as f32 * 10.0, Line::blank(10.0)))
                .collect(),
            height: lines as f32 * 10.0,
        }
    }

    #[test]
    fn rows_are_as_tall_as_their_tallest_cell() {
        let rows = group_rows(
            RowKind::Body,
            2,
            vec![cell(0, 1, 0, 1), cell(0, 1, 1, 3), cell(1, 1, 0, 0)],
            2.0,
            10.0,
        );
        let heights: Vec<f32> = rows.iter().map(|r| r.height).collect();
        // three lines and padding; an empty row keeps a line's height
        assert_eq!(heights, [34.0, 14.0]);
        assert_eq!(rows[0].lines.len(), 4);
        assert!(!rows[0].span_next);
    }

    #[test]
    fn a_cell_spanning_rows_is_dealt_to_them_and_keeps_them_together() {
        // a four-line cell over two one-line rows: the second row grows to hold it, and
        // its last lines go with the second row
        let rows = group_rows(
            RowKind::Body,
            3,
            vec![
                cell(0, 1, 0, 1),
                cell(0, 2, 1, 4),
                cell(1, 1, 0, 1),
                cell(2, 1, 0, 1),
            ],
            2.0,
            10.0,
        );
        assert_eq!(rows[0].height, 14.0);
        assert_eq!(rows[1].height, 44.0 - 14.0);
        assert!(rows[0].span_next && !rows[1].span_next);
        // lines at 2, 12 (row 0), 22 and 32 (row 1, from its top at 14: 8 and 18)
        assert_eq!(rows[0].lines.len(), 1 + 2);
        let row1: Vec<f32> = rows[1].lines.iter().map(|l| l.y).collect();
        assert_eq!(
            row1,
            [2.0, 8.0, 18.0],
            "column 0 first, then the span's lines"
        );
        // a line of the span across row 0's foot reaches past it
        assert!(rows[0].extent >= rows[0].height);
        let table = TableBlock::new(rows, 100.0);
        assert_eq!(table.glue(1000.0, false), [true, false, false]);
        // on a page too short for the two rows together, they may part
        assert_eq!(table.glue(40.0, false), [false, false, false]);
    }

    #[test]
    fn the_end_of_a_hyphenated_word_stays_in_the_row_of_its_start() {
        // a four-line cell over two one-line rows: its second line stands in row 0 and
        // ends in a hyphen, so its third line, which stands in row 1, goes with row 0
        let mut spanning = cell(0, 2, 1, 4);
        spanning.lines[1].line.hyphenated = true;
        let rows = group_rows(
            RowKind::Body,
            2,
            vec![cell(0, 1, 0, 1), spanning, cell(1, 1, 0, 1)],
            2.0,
            10.0,
        );
        let in_row = |r: usize| rows[r].lines.iter().filter(|l| l.column == 1).count();
        assert_eq!((in_row(0), in_row(1)), (3, 1));
        // it is set where it stands, below row 0's foot
        assert!(rows[0].extent > rows[0].height);
    }

    #[test]
    fn a_spanning_cell_kept_on_one_page_is_drawn_whole_with_its_first_row() {
        let rows = || {
            group_rows(
                RowKind::Body,
                2,
                vec![cell(0, 1, 0, 1), cell(0, 2, 1, 4), cell(1, 1, 0, 1)],
                2.0,
                10.0,
            )
        };
        let mut table = TableBlock::new(rows(), 100.0);
        table.gather_spans(1000.0);
        // row 0: column 0's line, then the span's four lines in order
        let row0: Vec<(usize, f32)> = table.rows[0]
            .lines
            .iter()
            .map(|l| (l.column, l.y))
            .collect();
        assert_eq!(row0, [(0, 2.0), (1, 2.0), (1, 12.0), (1, 22.0), (1, 32.0)]);
        assert_eq!(table.rows[1].lines.len(), 1);
        assert!(table.rows[0].extent >= 42.0);
        // too short a page: each line stays in its row, to part between them
        let mut parted = TableBlock::new(rows(), 100.0);
        parted.gather_spans(40.0);
        assert_eq!(parted.rows[1].lines.len(), 3);
    }

    #[test]
    fn the_header_is_glued_to_the_first_body_row_and_repeated_as_an_artifact() {
        let mut head = group_rows(RowKind::Head, 1, vec![cell(0, 1, 0, 1)], 2.0, 10.0);
        head[0].lines[0].line.anchors.push(("t1-ra".into(), 0.0));
        head[0].lines[0].line.notes.push(3);
        let body = group_rows(RowKind::Body, 2, vec![], 2.0, 10.0);
        let foot = group_rows(RowKind::Foot, 1, vec![], 2.0, 10.0);
        let table = TableBlock::new([head, body, foot].concat(), 100.0);
        assert_eq!(table.glue(1000.0, true), [true, false, true, true]);
        let repeat = &table.repeat[0].lines[0].line;
        assert_eq!(repeat.node, REPEATED);
        assert!(repeat.anchors.is_empty() && repeat.notes.is_empty());
        assert!(table.repeats(100.0) && !table.repeats(20.0));
        // nothing to place is no row
        assert!(group_rows(RowKind::Body, 0, vec![cell(3, 9, 0, 2)], 2.0, 10.0).is_empty());
    }
}
