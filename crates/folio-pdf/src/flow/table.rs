//! Setting a table: its column widths from what its cells hold (see `table_layout.rs`),
//! its caption and cells set by the paragraph typesetter at their columns' widths, its
//! structure for tagged PDF (Table, Caption, THead, TBody, TFoot, TR, TH with its scope,
//! TD, with their spans), and its notes, lettered, under it.

use folio_fonts::Style;
use folio_model::{
    Align as ColumnAlign, Block, Grid, Inline, PagePlace, RefCursor, RowGroup, Table,
};

use super::{BlockWriter, FlowBlock, Region, clean, note_blocks_at, tag};
use crate::bidi::BaseDirection;
use crate::paragraph::{Align, ParStyle, Span};
use crate::structure::{NodeId, Role};
use crate::style::Face;
use crate::table::{RowKind, RowLine, SetCell, TableBlock, TableRow, group_rows};
use crate::table_layout::{Claim, Extent, column_widths};

#[cfg(test)]
mod tests;

/// How the paragraphs of a table's cell are set.
#[derive(Clone, Copy, Debug)]
pub(super) struct CellText {
    /// Ragged, as the column is aligned.
    pub align: Align,
    /// Bold in the header.
    pub style: Style,
    /// The height a figure in the cell, with its caption, may take: the page's, less the
    /// cell's padding and the header rows drawn again above its row.
    pub room: f32,
}

/// Where a block writer is among tables.
#[derive(Default)]
pub(super) struct TableState {
    /// In a table's cell: how its paragraphs are set.
    pub cell: Option<CellText>,
    /// In a note.
    pub in_note: bool,
    /// How many tables of the summary and the body were met: the next one's index in
    /// `ResolvedReport::tables`.
    pub seen: usize,
}

impl BlockWriter<'_, '_, '_> {
    /// Sets `table` at `x` over `width`: a block the paginator places row by row, then
    /// the table's notes. A table where none can stand (in a note or a cell, which
    /// resolve() reports as errors) is set as plain text, so that no word is lost.
    pub(super) fn table(
        &mut self,
        table: &Table,
        x: f32,
        width: f32,
        face: Face,
        lead: &[Span],
        origin: (usize, PagePlace),
    ) {
        if self.tables.in_note {
            self.plain_table(table, x, width, face, lead, origin);
            return;
        }
        // counted as resolve() counts them, nested ones too
        let index = self.tables.seen;
        self.tables.seen += 1;
        let grid = table.grid();
        if self.tables.cell.is_some() || !lead.is_empty() || grid.columns == 0 {
            self.plain_table(table, x, width, face, lead, origin);
            return;
        }
        let theme = self.cx.theme;
        let cell_face = theme.table;
        let columns = grid.columns;
        // the measure, at least a point wide however deep the table is nested
        let measure = width.max(1.0);
        // the space between two columns, the padding of each side of it
        let gaps = (columns - 1) as f32;
        let gap = if columns > 1 {
            (cell_face.size * 1.2).min(measure * 0.5 / gaps)
        } else {
            0.0
        };
        let padding = cell_face.size * 0.3;

        let claims = self.claims(table, &grid, cell_face);
        let shares: Vec<Option<u32>> = table.columns.iter().map(|c| c.width).collect();
        let widths = column_widths(columns, &claims, &shares, measure - gap * gaps, gap);
        let mut lefts = Vec::with_capacity(columns);
        let mut right = 0.0f32;
        for (c, w) in widths.iter().enumerate() {
            let left = if c == 0 { 0.0 } else { right + gap };
            lefts.push(left);
            right = left + w;
        }
        // a right-to-left table (in a report whose language is written so) stands at the
        // measure's right edge, its first column on the right
        let rtl = self.t.base == BaseDirection::Rtl;
        let shift = if rtl { (measure - right).max(0.0) } else { 0.0 };
        if rtl {
            for (left, w) in lefts.iter_mut().zip(&widths) {
                *left = right - *left - w;
            }
        }

        let table_node = self.structure.add(Some(self.container()), Role::Table);
        let mut rows = Vec::new();
        if !table.caption.is_empty() {
            let caption = self.structure.add(Some(table_node), Role::Caption);
            // numbered in its report, as the EPUB and the XML editions number it
            let mut spans = vec![Span::text(format!("Table {}. ", index + 1), Style::Bold)];
            spans.extend(self.spans(&table.caption, Style::Bold, caption));
            // notes the caption cites, at the foot of the page, follow the table
            self.place_foot_notes(table_node);
            let style = ParStyle {
                size: cell_face.size,
                leading: cell_face.leading,
                align: Align::Left,
                width: measure,
                first_indent: 0.0,
                hyphenate: false,
            };
            let mut lines = self.t.set(&spans, &style);
            tag(&mut lines, caption);
            let mut y = 0.0;
            let lines: Vec<RowLine> = lines
                .into_iter()
                .map(|line| {
                    let placed = RowLine::new(line.x - shift, y, line);
                    y += placed.line.height;
                    placed
                })
                .collect();
            rows.push(TableRow {
                kind: RowKind::Caption,
                lines,
                height: y + padding * 2.0,
                extent: y + padding * 2.0,
                ..TableRow::default()
            });
        }

        let saved = (self.sectioning, self.tables.cell, self.previous_paragraph);
        self.sectioning = false;
        let mut covered = vec![0usize; columns];
        let mut here = vec![false; columns];
        for group in RowGroup::ALL {
            let model_rows = table.rows(group);
            if model_rows.is_empty() {
                continue;
            }
            let (role, kind, style) = match group {
                RowGroup::Head => (Role::TableHead, RowKind::Head, Style::Bold),
                RowGroup::Foot => (Role::TableFoot, RowKind::Foot, Style::Regular),
                _ => (Role::TableBody, RowKind::Body, Style::Regular),
            };
            let head = group == RowGroup::Head;
            // what a row of this group leaves a figure: the page less the cell's padding
            // and the header rows above it (drawn again on later pages, when they are)
            let head_height: f32 = rows
                .iter()
                .filter(|r| r.kind == RowKind::Head)
                .map(|r| r.height)
                .sum();
            let repeated = if head_height <= self.cx.height * 0.5 {
                head_height
            } else {
                0.0
            };
            let room = self.cx.height - repeated - padding * 2.0;
            let group_node = self.structure.add(Some(table_node), role);
            let mut cells = Vec::new();
            // light rules under header cells spanning columns, but in the last header row
            let mut cmidrules = Vec::new();
            covered.fill(0);
            for (r, (row, placed)) in model_rows.iter().zip(grid.group(group)).enumerate() {
                let tr = self.structure.add(Some(group_node), Role::TableRow);
                for (h, &k) in here.iter_mut().zip(&covered) {
                    *h = k > 0;
                }
                for (cell, p) in row.cells.iter().zip(placed) {
                    let start = p.column.min(columns);
                    let end = p.column.saturating_add(p.colspan.max(1)).min(columns);
                    let (colspan, rowspan) = (p.colspan.max(1) as u32, p.rowspan.max(1) as u32);
                    let role = if head {
                        Role::TableHeader { colspan, rowspan }
                    } else {
                        Role::TableCell { colspan, rowspan }
                    };
                    let node = self.structure.add(Some(tr), role);
                    for (h, k) in here[start..end].iter_mut().zip(&mut covered[start..end]) {
                        *h = true;
                        *k = p.rowspan.max(1);
                    }
                    // a cell's left edge is its first column's, or its last's from the right
                    let edge = if rtl { end.saturating_sub(1) } else { start };
                    let left = lefts.get(edge).copied().unwrap_or(0.0);
                    let cell_width = widths.get(start..end).map_or(0.0, |w| w.iter().sum())
                        + gap * (end - start).saturating_sub(1) as f32;
                    let align = match table.column(p.column).align {
                        ColumnAlign::Center => Align::Center,
                        ColumnAlign::Right => Align::Right,
                        ColumnAlign::Left => Align::FlushLeft,
                        _ => Align::Left,
                    };
                    self.tables.cell = Some(CellText { align, style, room });
                    let (lines, height) =
                        self.cell_lines(&cell.blocks, node, left, cell_width, cell_face, origin);
                    cells.push(SetCell {
                        row: r,
                        rowspan: p.rowspan.max(1),
                        column: p.column,
                        lines,
                        height,
                    });
                    if head && end - start > 1 && p.rowspan <= 1 && r + 1 < model_rows.len() {
                        cmidrules.push((r, left, cell_width));
                    }
                }
                // the columns no cell covers (a short row) get empty cells
                for &h in &here {
                    if !h {
                        let role = Role::TableCell {
                            colspan: 1,
                            rowspan: 1,
                        };
                        self.structure.add(Some(tr), role);
                    }
                }
                for k in &mut covered {
                    *k = k.saturating_sub(1);
                }
            }
            let first = rows.len();
            rows.extend(group_rows(
                kind,
                model_rows.len(),
                cells,
                padding,
                cell_face.leading,
            ));
            for (r, left, width) in cmidrules {
                if let Some(row) = rows.get_mut(first + r) {
                    row.cmidrules.push((left, width));
                }
            }
        }
        (self.sectioning, self.tables.cell, self.previous_paragraph) = saved;

        let resolved = self.resolved;
        let notes = resolved.tables.get(index).map_or(&[][..], |t| &t.notes);
        let mut block = FlowBlock::new(Vec::new(), origin, Region::Body);
        block.x = x + shift;
        block.space_before = theme.block_space * 2.0;
        block.keep_with_next = !notes.is_empty();
        block.table = Some(Box::new(TableBlock::new(rows, right)));
        // space under the table, or under its notes
        let space_after = theme.block_space * 2.0;
        block.space_after = if notes.is_empty() { space_after } else { 0.0 };
        self.out.push(block);

        // its notes, under it: each a Note with its letter as Lbl, after the Table
        let report = self.report;
        let container = self.container();
        for (i, &n) in notes.iter().enumerate() {
            let node = self.structure.add(Some(container), Role::Note);
            let mut blocks = note_blocks_at(self, report, n, node, x, measure);
            for b in &mut blocks {
                b.region = Region::Body;
                b.note = None;
                b.origin = origin;
            }
            if i == 0
                && let Some(first) = blocks.first_mut()
            {
                first.space_before = theme.block_space;
            }
            if i + 1 == notes.len()
                && let Some(last) = blocks.last_mut()
            {
                last.space_after = space_after;
            }
            self.out.extend(blocks);
        }
        self.previous_paragraph = false;
    }

    /// Sets the blocks of a cell `width` wide inside element `node`: its lines, x from
    /// the table's left edge (the cell's content at `left`), y from the cell's top, and
    /// the height they take.
    fn cell_lines(
        &mut self,
        blocks: &[Block],
        node: NodeId,
        left: f32,
        width: f32,
        face: Face,
        origin: (usize, PagePlace),
    ) -> (Vec<RowLine>, f32) {
        self.sections.push((u8::MAX, node));
        let before = self.out.len();
        for block in blocks {
            self.previous_paragraph = false;
            self.block(block, 0.0, width, face, &[], origin);
        }
        self.sections.pop();
        let mut lines = Vec::new();
        let mut y = 0.0;
        for (i, set) in self.out.drain(before..).enumerate() {
            if i > 0 {
                y += set.space_before;
            }
            let x = left + set.x;
            for line in set.lines {
                let height = line.height;
                lines.push(RowLine::new(x + line.x, y, line));
                y += height;
            }
        }
        (lines, y)
    }

    /// What each cell of `table` asks of its columns: the extents of its content, set
    /// as it will be (bold in the header, its note references as their marks).
    fn claims(&mut self, table: &Table, grid: &Grid, face: Face) -> Vec<Claim> {
        // the references are those the table will take, in the same order: its caption's,
        // then its cells' row by row
        let mut cursor = self.refs.clone();
        let mut spans = Vec::new();
        self.measure_spans(&table.caption, Style::Bold, &mut cursor, &mut spans);
        let mut claims = Vec::new();
        for group in RowGroup::ALL {
            let style = if group == RowGroup::Head {
                Style::Bold
            } else {
                Style::Regular
            };
            for (row, placed) in table.rows(group).iter().zip(grid.group(group)) {
                for (cell, p) in row.cells.iter().zip(placed) {
                    let extent =
                        self.blocks_extent(&cell.blocks, style, face, &mut cursor, &mut spans);
                    claims.push(Claim {
                        column: p.column,
                        span: p.colspan,
                        extent,
                    });
                }
            }
        }
        claims
    }

    /// The extent of `blocks` set in `face` (paragraphs in `style`), as the writer sets
    /// them: lists and quotes with their indents. `spans` is a buffer, reused.
    fn blocks_extent(
        &mut self,
        blocks: &[Block],
        style: Style,
        face: Face,
        cursor: &mut RefCursor<'_>,
        spans: &mut Vec<Span>,
    ) -> Extent {
        let mut extent = Extent::default();
        for block in blocks {
            let one = match block {
                Block::Paragraph { content } => {
                    spans.clear();
                    self.measure_spans(content, style, cursor, spans);
                    self.t.extent(spans, face.size)
                }
                Block::Heading { level, content } => {
                    let style = match level {
                        1 => Style::Bold,
                        2 => Style::BoldItalic,
                        _ => Style::Italic,
                    };
                    spans.clear();
                    self.measure_spans(content, style, cursor, spans);
                    self.t.extent(spans, face.size)
                }
                Block::List { items, .. } => items
                    .iter()
                    .fold(Extent::default(), |e, item| {
                        e.stack(self.blocks_extent(item, style, face, cursor, spans))
                    })
                    .widen(face.size * 1.6),
                Block::Quote { blocks } => self
                    .blocks_extent(blocks, style, face, cursor, spans)
                    .widen(face.size * 4.0),
                Block::Figure(figure) => {
                    spans.clear();
                    spans.push(Span::text("Figure 00. ", Style::Bold));
                    self.measure_spans(&figure.caption, Style::Regular, cursor, spans);
                    let caption = self.t.extent(spans, face.size);
                    super::figure::figure_extent(figure, caption)
                }
                // a table in a cell is set as plain text
                Block::Table(inner) => {
                    spans.clear();
                    self.measure_spans(&inner.caption, style, cursor, spans);
                    let mut e = self.t.extent(spans, face.size);
                    for row in inner.all_rows() {
                        for cell in &row.cells {
                            e = e.stack(self.blocks_extent(
                                &cell.blocks,
                                style,
                                face,
                                cursor,
                                spans,
                            ));
                        }
                    }
                    e
                }
            };
            extent = extent.stack(one);
        }
        extent
    }

    /// The spans of `content` as [`BlockWriter::spans`] makes them, for measuring: no
    /// element made, the references taken from `cursor`.
    fn measure_spans(
        &self,
        content: &[Inline],
        style: Style,
        cursor: &mut RefCursor<'_>,
        out: &mut Vec<Span>,
    ) {
        for inline in content {
            match inline {
                Inline::Text { text } => out.push(Span::text(clean(text), style)),
                Inline::Emphasis { content } => {
                    let emphasised = Style::new(style.is_bold(), !style.is_italic());
                    self.measure_spans(content, emphasised, cursor, out);
                }
                Inline::Strong { content } => {
                    let strong = Style::new(true, style.is_italic());
                    self.measure_spans(content, strong, cursor, out);
                }
                Inline::Link { content, .. } => self.measure_spans(content, style, cursor, out),
                Inline::NoteRef { note } => {
                    let mark = cursor
                        .next_site()
                        .and_then(|(_, site)| site.note)
                        .and_then(|n| self.resolved.notes.get(n))
                        .map_or_else(|| format!("[{note}]"), super::reference_mark);
                    out.push(Span {
                        superscript: true,
                        ..Span::text(mark, Style::Regular)
                    });
                }
            }
        }
    }

    /// A table set as plain blocks: its caption, then its cells' blocks one after the
    /// other.
    fn plain_table(
        &mut self,
        table: &Table,
        x: f32,
        width: f32,
        face: Face,
        lead: &[Span],
        origin: (usize, PagePlace),
    ) {
        if !table.caption.is_empty() || !lead.is_empty() {
            let caption = Block::paragraph(table.caption.clone());
            self.block(&caption, x, width, face, lead, origin);
        }
        for row in table.all_rows() {
            for cell in &row.cells {
                for block in &cell.blocks {
                    self.block(block, x, width, face, &[], origin);
                }
            }
        }
    }
}
