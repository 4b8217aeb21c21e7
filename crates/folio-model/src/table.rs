//! Tables: a caption, column specs, and head, body and foot rows of cells that may span
//! columns and rows (pandoc's table model, without its row-head columns).
//!
//! A table's rows need not be regular: a row may cover fewer or more columns than the
//! table has, and a span may run past the table. [`Table::grid`] places every cell on a
//! regular grid all the same, so that no edition loses a cell, and says what was wrong;
//! `resolve()` turns that into warnings (a row padded or widened) and errors (a span
//! past the table, an empty table).

use serde::{Deserialize, Serialize};

use crate::publication::{Block, Inline};

/// A table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Table {
    /// An id for the table, unique in the publication and usable in XML, when the source
    /// gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The caption, set above the table; empty for none. It may cite notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<Inline>,
    /// One spec per column, left to right.
    #[serde(default)]
    pub columns: Vec<ColumnSpec>,
    /// The header rows, repeated at the top of every page the table runs onto.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub head: Vec<Row>,
    /// The body rows.
    #[serde(default)]
    pub body: Vec<Row>,
    /// The footer rows (totals, a source line), set at the end of the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foot: Vec<Row>,
}

/// How a column is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ColumnSpec {
    /// How the column's cells are aligned.
    #[serde(default, skip_serializing_if = "is_default")]
    pub align: Align,
    /// The column's share of the table's width, against the other columns' shares
    /// (`1`, `2`, `1` gives the middle column half the width); `None` to size it from its
    /// content. Widths are used only when every column has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
}

impl ColumnSpec {
    /// A column aligned this way, sized from its content.
    pub fn aligned(align: Align) -> Self {
        Self { align, width: None }
    }

    /// A column aligned this way, with this share of the table's width.
    pub fn with_width(align: Align, width: u32) -> Self {
        Self {
            align,
            width: Some(width),
        }
    }
}

/// The alignment of a column's cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Align {
    /// None given: the edition's default (the start of the line).
    #[default]
    Default,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right (figures).
    Right,
}

impl Align {
    /// The name folio XML and model JSON use: `left`, `center`, `right`; `None` for the
    /// default.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Align::Default => None,
            Align::Left => Some("left"),
            Align::Center => Some("center"),
            Align::Right => Some("right"),
        }
    }

    /// The alignment with this name (see [`Align::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "left" => Some(Align::Left),
            "center" => Some(Align::Center),
            "right" => Some(Align::Right),
            _ => None,
        }
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

fn one() -> u32 {
    1
}

/// A row of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Row {
    /// The cells, left to right; a cell spanning rows from above takes no place here.
    pub cells: Vec<Cell>,
}

impl Row {
    /// A row of these cells.
    pub fn new(cells: Vec<Cell>) -> Self {
        Self { cells }
    }
}

/// A cell: blocks (usually one paragraph), spanning one or more columns and rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cell {
    /// What the cell holds; empty for an empty cell.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// How many columns the cell spans, at least 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub colspan: u32,
    /// How many rows the cell spans, at least 1 (within its head, body or foot).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rowspan: u32,
}

impl Default for Cell {
    fn default() -> Self {
        Self {
            blocks: Vec::new(),
            colspan: 1,
            rowspan: 1,
        }
    }
}

impl Cell {
    /// A cell of one paragraph of these inlines (none for an empty cell).
    pub fn inlines(content: Vec<Inline>) -> Self {
        let blocks = if content.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph { content }]
        };
        Self {
            blocks,
            ..Self::default()
        }
    }

    /// A cell of plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self::inlines(vec![Inline::text(text)])
    }

    /// The same cell spanning `colspan` columns and `rowspan` rows.
    pub fn spanning(mut self, colspan: u32, rowspan: u32) -> Self {
        self.colspan = colspan;
        self.rowspan = rowspan;
        self
    }
}

/// The three groups of a table's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RowGroup {
    /// The header rows.
    Head,
    /// The body rows.
    Body,
    /// The footer rows.
    Foot,
}

impl RowGroup {
    /// The groups in reading order.
    pub const ALL: [RowGroup; 3] = [RowGroup::Head, RowGroup::Body, RowGroup::Foot];

    /// `head`, `body` or `foot`.
    pub fn name(self) -> &'static str {
        match self {
            RowGroup::Head => "head",
            RowGroup::Body => "body",
            RowGroup::Foot => "foot",
        }
    }
}

impl Table {
    /// A table with these columns and no rows.
    pub fn new(columns: Vec<ColumnSpec>) -> Self {
        Self {
            columns,
            ..Self::default()
        }
    }

    /// The rows of one group.
    pub fn rows(&self, group: RowGroup) -> &[Row] {
        match group {
            RowGroup::Head => &self.head,
            RowGroup::Body => &self.body,
            RowGroup::Foot => &self.foot,
        }
    }

    /// Every row, head, body and foot, in reading order.
    pub fn all_rows(&self) -> impl Iterator<Item = &Row> {
        self.head.iter().chain(&self.body).chain(&self.foot)
    }

    /// Every row, mutably, in the order of [`Table::all_rows`].
    pub fn all_rows_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.head
            .iter_mut()
            .chain(&mut self.body)
            .chain(&mut self.foot)
    }

    /// The spec of column `index`; a column past the specs given is the default.
    pub fn column(&self, index: usize) -> ColumnSpec {
        self.columns.get(index).copied().unwrap_or_default()
    }

    /// Each column's share of the table's width as a percentage for HTML and CSS
    /// (`25%`, `33.33%`: in hundredths, rounded down, so that the shares never add up to
    /// more than the whole), when every column of `grid` has a width (a share of 0
    /// counts as none); `None` otherwise, for widths from the content.
    pub fn width_percentages(&self, grid: &Grid) -> Option<Vec<String>> {
        if self.columns.len() != grid.columns {
            return None;
        }
        let widths: Vec<u64> = self
            .columns
            .iter()
            .map(|c| c.width.filter(|&w| w > 0).map(u64::from))
            .collect::<Option<_>>()?;
        let total: u64 = widths.iter().sum();
        if total == 0 {
            return None;
        }
        let percent = |width: u64| {
            let hundredths = width.saturating_mul(10_000) / total;
            match hundredths % 100 {
                0 => format!("{}%", hundredths / 100),
                cents => format!("{}.{cents:02}%", hundredths / 100),
            }
        };
        Some(widths.into_iter().map(percent).collect())
    }

    /// Where every cell goes on a regular grid, and what was irregular.
    pub fn grid(&self) -> Grid {
        let mut grid = Grid {
            columns: self.columns.len(),
            groups: Default::default(),
            problems: Vec::new(),
        };
        if self.all_rows().next().is_none() {
            grid.problems.push(TableProblem::Empty);
        }
        for (g, group) in RowGroup::ALL.into_iter().enumerate() {
            grid.groups[g] = place_group(group, self.rows(group), &mut grid);
        }
        if grid.columns == 0 && !grid.problems.contains(&TableProblem::Empty) {
            grid.problems.push(TableProblem::Empty);
        }
        grid
    }
}

/// A table's cells placed on a regular grid: see [`Table::grid`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Grid {
    /// The number of columns: the table's specs, or more when a row has more cells.
    pub columns: usize,
    /// For head, body and foot, one entry per row, parallel to the row's cells.
    pub groups: [Vec<Vec<Placed>>; 3],
    /// What was irregular, in reading order.
    pub problems: Vec<TableProblem>,
}

impl Grid {
    /// The placement of one group's rows, parallel to [`Table::rows`].
    pub fn group(&self, group: RowGroup) -> &[Vec<Placed>] {
        &self.groups[group as usize]
    }

    /// The columns of row `row` of `group` that no cell covers (the row is short: an
    /// edition sets empty cells there).
    pub fn gaps(&self, group: RowGroup, row: usize) -> Vec<usize> {
        let mut covered = vec![false; self.columns];
        for (r, placed) in self.group(group).iter().enumerate().take(row + 1) {
            for p in placed {
                if r + p.rowspan > row {
                    for c in covered.iter_mut().skip(p.column).take(p.colspan) {
                        *c = true;
                    }
                }
            }
        }
        covered
            .iter()
            .enumerate()
            .filter_map(|(c, &covered)| (!covered).then_some(c))
            .collect()
    }
}

impl Grid {
    /// For each row of `group`, how many empty cells it needs to fill the grid: the
    /// columns that neither its cells nor spans from the rows above cover (they all
    /// come after its last cell, so an edition sets them at the row's end). One pass,
    /// where [`Grid::gaps`] looks back over the rows above.
    pub fn padding(&self, group: RowGroup) -> Vec<usize> {
        let rows = self.group(group);
        let mut padding = Vec::with_capacity(rows.len());
        // for each column, how many more rows a span from above covers
        let mut covered = vec![0usize; self.columns];
        for placed in rows {
            for p in placed {
                let end = (p.column + p.colspan).min(covered.len());
                for n in covered.iter_mut().take(end).skip(p.column) {
                    *n = p.rowspan;
                }
            }
            padding.push(covered.iter().filter(|&&n| n == 0).count());
            for n in &mut covered {
                *n = n.saturating_sub(1);
            }
        }
        padding
    }
}

/// Where one cell goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Placed {
    /// Its first column, from 0.
    pub column: usize,
    /// The columns it covers, at least 1, within the grid.
    pub colspan: usize,
    /// The rows it covers, at least 1, within its group.
    pub rowspan: usize,
}

/// Something irregular about a table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableProblem {
    /// The table has no rows, or no columns: an error.
    Empty,
    /// A row covers fewer or more columns than the table has: a warning. A short row is
    /// padded with empty cells; a long one widens the table, so no cell is lost.
    RowWidth {
        /// The row's group.
        group: RowGroup,
        /// The row's index in its group, from 0.
        row: usize,
        /// The columns it covers.
        covers: usize,
        /// The columns the table has.
        columns: usize,
    },
    /// A cell spans past the last column or the last row of its group, or spans no
    /// column or row: an error. The span is cut at the table's edge.
    BadSpan {
        /// The cell's group.
        group: RowGroup,
        /// The cell's row in its group, from 0.
        row: usize,
        /// The cell's index in its row, from 0.
        cell: usize,
        /// Its column span.
        colspan: u32,
        /// Its row span.
        rowspan: u32,
    },
}

impl TableProblem {
    /// Whether the problem is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        !matches!(self, TableProblem::RowWidth { .. })
    }
}

impl std::fmt::Display for TableProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableProblem::Empty => f.write_str("the table is empty: it needs a row and a column"),
            TableProblem::RowWidth {
                group,
                row,
                covers,
                columns,
            } => {
                let what = if covers < columns {
                    "padded with empty cells"
                } else {
                    "the table widened to keep them"
                };
                let cells = if *covers == 1 { "cell" } else { "cells" };
                write!(
                    f,
                    "{} row {} has {covers} {cells} where the table has {columns} columns; {what}",
                    group.name(),
                    row + 1
                )
            }
            TableProblem::BadSpan {
                group,
                row,
                cell,
                colspan,
                rowspan,
            } => write!(
                f,
                "cell {} of {} row {} spans {colspan} columns and {rowspan} rows, past the table (or none)",
                cell + 1,
                group.name(),
                row + 1
            ),
        }
    }
}

/// Places one group's rows on the grid, HTML's way: each cell takes the next column that
/// no row span from above covers. Widens `grid.columns` for long rows.
fn place_group(group: RowGroup, rows: &[Row], grid: &mut Grid) -> Vec<Vec<Placed>> {
    // for each column, how many more rows a span from above covers
    let mut covered: Vec<usize> = Vec::new();
    let mut placed_rows = Vec::with_capacity(rows.len());
    let declared = grid.columns;
    for (r, row) in rows.iter().enumerate() {
        let rows_left = rows.len() - r;
        let mut placed = Vec::with_capacity(row.cells.len());
        let mut column = 0;
        for (c, cell) in row.cells.iter().enumerate() {
            while covered.get(column).is_some_and(|&n| n > 0) {
                column += 1;
            }
            let wanted_cols = cell.colspan.max(1) as usize;
            let wanted_rows = cell.rowspan.max(1) as usize;
            // a span past the declared columns is cut there, unless the cell itself
            // starts past them (a long row), which widens the table instead
            let room = if column < declared {
                declared - column
            } else {
                1
            };
            let colspan = wanted_cols.min(room).min(free_run(&covered, column, room));
            let rowspan = wanted_rows.min(rows_left);
            if cell.colspan == 0
                || cell.rowspan == 0
                || colspan < wanted_cols
                || rowspan < wanted_rows
            {
                grid.problems.push(TableProblem::BadSpan {
                    group,
                    row: r,
                    cell: c,
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                });
            }
            if covered.len() < column + colspan {
                covered.resize(column + colspan, 0);
            }
            for n in &mut covered[column..column + colspan] {
                *n = rowspan;
            }
            placed.push(Placed {
                column,
                colspan,
                rowspan,
            });
            column += colspan;
        }
        let covers = covered.iter().filter(|&&n| n > 0).count().max(column);
        if covers != declared {
            grid.problems.push(TableProblem::RowWidth {
                group,
                row: r,
                covers,
                columns: declared,
            });
        }
        grid.columns = grid.columns.max(covers).max(covered.len());
        for n in &mut covered {
            *n = n.saturating_sub(1);
        }
        placed_rows.push(placed);
    }
    placed_rows
}

/// How many columns from `start` (at most `max`) no span from above covers.
fn free_run(covered: &[usize], start: usize, max: usize) -> usize {
    (start..start + max)
        .take_while(|&c| covered.get(c).is_none_or(|&n| n == 0))
        .count()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: Vec<Cell>) -> Row {
        Row::new(cells)
    }

    fn cells(n: usize) -> Vec<Cell> {
        (0..n).map(|i| Cell::text(i.to_string())).collect()
    }

    fn table(columns: usize, body: Vec<Row>) -> Table {
        Table {
            columns: vec![ColumnSpec::default(); columns],
            body,
            ..Table::default()
        }
    }

    #[test]
    fn a_regular_table_has_no_problems() {
        let mut t = table(3, vec![row(cells(3)), row(cells(3))]);
        t.head = vec![row(cells(3))];
        let grid = t.grid();
        assert_eq!(grid.problems, []);
        assert_eq!(grid.columns, 3);
        assert_eq!(grid.group(RowGroup::Body)[1][2].column, 2);
    }

    #[test]
    fn spans_take_their_columns_and_rows() {
        // | a (2 rows) | b (2 cols)     |
        // |            | c     | d      |
        let t = table(
            3,
            vec![
                row(vec![
                    Cell::text("a").spanning(1, 2),
                    Cell::text("b").spanning(2, 1),
                ]),
                row(vec![Cell::text("c"), Cell::text("d")]),
            ],
        );
        let grid = t.grid();
        assert_eq!(grid.problems, []);
        let body = grid.group(RowGroup::Body);
        assert_eq!((body[0][1].column, body[0][1].colspan), (1, 2));
        assert_eq!((body[1][0].column, body[1][1].column), (1, 2));
        assert_eq!(grid.gaps(RowGroup::Body, 1), Vec::<usize>::new());
        assert_eq!(grid.padding(RowGroup::Body), [0, 0]);
    }

    #[test]
    fn a_short_row_is_padded_and_a_long_one_widens_the_table() {
        let t = table(3, vec![row(cells(2)), row(cells(4))]);
        let grid = t.grid();
        assert_eq!(grid.columns, 4);
        assert_eq!(grid.gaps(RowGroup::Body, 0), vec![2, 3]);
        assert_eq!(grid.padding(RowGroup::Body), [2, 0]);
        assert_eq!(grid.problems.len(), 2);
        assert!(grid.problems.iter().all(|p| !p.is_error()));
        assert_eq!(
            grid.problems[0].to_string(),
            "body row 1 has 2 cells where the table has 3 columns; padded with empty cells"
        );
    }

    #[test]
    fn padding_agrees_with_gaps_around_spans_from_above() {
        // | a (3 rows) | b | c (2 rows) |
        // |            | d |            |     (full)
        // |            |   |   |            (short: one gap, after the covered a)
        // | e |                            (short: b's and c's columns empty)
        let t = table(
            3,
            vec![
                row(vec![
                    Cell::text("a").spanning(1, 3),
                    Cell::text("b"),
                    Cell::text("c").spanning(1, 2),
                ]),
                row(vec![Cell::text("d")]),
                row(vec![]),
                row(vec![Cell::text("e")]),
            ],
        );
        let grid = t.grid();
        let padding = grid.padding(RowGroup::Body);
        for (r, &n) in padding.iter().enumerate() {
            assert_eq!(n, grid.gaps(RowGroup::Body, r).len(), "row {r}");
        }
        assert_eq!(padding, [0, 0, 2, 2]);
    }

    #[test]
    fn a_span_past_the_table_is_an_error_and_is_cut() {
        let t = table(
            2,
            vec![
                row(vec![Cell::text("a").spanning(3, 1), Cell::text("b")]),
                row(vec![Cell::text("c").spanning(1, 5), Cell::text("d")]),
            ],
        );
        let grid = t.grid();
        let errors: Vec<_> = grid.problems.iter().filter(|p| p.is_error()).collect();
        assert_eq!(errors.len(), 2, "{:?}", grid.problems);
        let body = grid.group(RowGroup::Body);
        assert_eq!(body[0][0].colspan, 2);
        assert_eq!(body[1][0].rowspan, 1);
        // the cell after the cut span is kept, past the declared columns
        assert_eq!(body[0][1].column, 2);
        assert_eq!(grid.columns, 3);
    }

    #[test]
    fn an_empty_table_is_an_error() {
        assert_eq!(table(2, vec![]).grid().problems, [TableProblem::Empty]);
        assert_eq!(
            table(0, vec![row(vec![])]).grid().problems,
            [TableProblem::Empty]
        );
        let zero = table(1, vec![row(vec![Cell::text("a").spanning(0, 1)])]);
        assert!(zero.grid().problems[0].is_error());
    }

    #[test]
    fn widths_are_percentages_rounded_down_when_every_column_has_one() {
        let mut t = table(3, vec![row(cells(3))]);
        assert_eq!(t.width_percentages(&t.grid()), None);
        t.columns = [1, 2, 1]
            .map(|w| ColumnSpec::with_width(Align::Default, w))
            .to_vec();
        assert_eq!(
            t.width_percentages(&t.grid()).unwrap(),
            ["25%", "50%", "25%"]
        );
        t.columns = [1, 1, u32::MAX]
            .map(|w| ColumnSpec::with_width(Align::Default, w))
            .to_vec();
        let shares = t.width_percentages(&t.grid()).unwrap();
        assert_eq!(shares[0], "0%");
        t.columns[2].width = Some(1);
        assert_eq!(
            t.width_percentages(&t.grid()).unwrap(),
            ["33.33%", "33.33%", "33.33%"]
        );
        t.columns[2].width = Some(0);
        assert_eq!(t.width_percentages(&t.grid()), None);
    }

    #[test]
    fn json_leaves_out_the_defaults() {
        let t = table(1, vec![row(vec![Cell::text("a")])]);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"columns":[{}],"body":[{"cells":[{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]}]}]}"#
        );
        assert_eq!(serde_json::from_str::<Table>(&json).unwrap(), t);
    }
}
