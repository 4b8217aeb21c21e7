//! A table's rows in the HTML table model that DocBook and JATS share: `<col>` widths,
//! `<thead>`, `<tbody>` and `<tfoot>` of `<tr>`, and `<th>` / `<td>` with their spans and
//! alignment. Each dialect says what goes inside a cell.

use folio_model::{
    Align, Block, Cell, Grid, Inline, Placed, RefCursor, Row, RowGroup, Table, for_each_block,
    for_each_inline,
};

use crate::inlines::InlineWriter;

/// Where a dialect sets a table's footer rows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FootRows {
    /// In a `<tfoot>` before the `<tbody>`, as the HTML 4 table model has it.
    BeforeBody,
    /// As the last rows of the `<tbody>`, each `<tr class="foot">` (for readers that
    /// leave `<tfoot>` out).
    EndOfBody,
}

/// A dialect's writer of HTML-model tables.
pub(crate) trait TableWriter<'a>: InlineWriter {
    /// Where the footer rows go.
    const FOOT_ROWS: FootRows;

    /// The element `name` (`th` or `td`) with `attributes`, holding `cell`'s content.
    fn cell(&mut self, name: &str, attributes: &[(&str, &str)], cell: &Cell);

    /// The cursor that hands out the report's reference sites.
    fn ref_cursor(&mut self) -> &mut RefCursor<'a>;

    /// The index of the report's next figure (in `ResolvedReport::figures`).
    fn figure_counter(&mut self) -> &mut usize;

    /// The column widths (when every column has one), then the head, body and foot
    /// (see [`FootRows`]), each cell where `grid` placed it; a short row is padded with
    /// empty cells, so that the grid stays rectangular.
    ///
    /// The HTML 4 table model puts `<tfoot>` before `<tbody>`, while the reading order
    /// (and so the order of reference sites and of figures) has the foot last: there the
    /// foot's references take the sites after the body's, and its figures the numbers
    /// after the body's.
    fn rows(&mut self, table: &Table, grid: &Grid) {
        column_widths(self, table, grid);
        self.row_group(table, grid, RowGroup::Head);
        if table.foot.is_empty() || Self::FOOT_ROWS == FootRows::EndOfBody {
            self.row_group(table, grid, RowGroup::Body);
            return;
        }
        let at_body = (self.ref_cursor().clone(), *self.figure_counter());
        let (refs, figures) = count_refs_and_figures(&table.body);
        for _ in 0..refs {
            self.ref_cursor().next_site();
        }
        *self.figure_counter() += figures;
        self.row_group(table, grid, RowGroup::Foot);
        let after_foot = (
            std::mem::replace(self.ref_cursor(), at_body.0),
            std::mem::replace(self.figure_counter(), at_body.1),
        );
        self.row_group(table, grid, RowGroup::Body);
        *self.ref_cursor() = after_foot.0;
        *self.figure_counter() = after_foot.1;
    }

    /// `<thead>`, `<tbody>` or `<tfoot>` with the group's rows; nothing for a group
    /// without rows. With [`FootRows::EndOfBody`], the body's `<tbody>` ends with the
    /// foot's rows (and the foot writes nothing).
    fn row_group(&mut self, table: &Table, grid: &Grid, group: RowGroup) {
        let foot_in_body = Self::FOOT_ROWS == FootRows::EndOfBody;
        let tag = match group {
            RowGroup::Head => "thead",
            RowGroup::Foot if foot_in_body => return,
            RowGroup::Foot => "tfoot",
            _ => "tbody",
        };
        let with_foot = group == RowGroup::Body && foot_in_body && !table.foot.is_empty();
        if table.rows(group).is_empty() && !with_foot {
            return;
        }
        self.xml().open(tag, &[]);
        self.rows_of(table, grid, group, &[]);
        if with_foot {
            self.rows_of(table, grid, RowGroup::Foot, &[("class", "foot")]);
        }
        self.xml().close(tag);
    }

    /// The `<tr>` of each row of `group`, with `attributes`.
    fn rows_of(
        &mut self,
        table: &Table,
        grid: &Grid,
        group: RowGroup,
        attributes: &[(&str, &str)],
    ) {
        let placed = grid.group(group);
        let padding = grid.padding(group);
        for (r, row) in table.rows(group).iter().enumerate() {
            self.xml().open("tr", attributes);
            let places = placed.get(r).map_or(&[][..], Vec::as_slice);
            for (cell, place) in row.cells.iter().zip(places) {
                self.placed_cell(table, group, cell, place);
            }
            for _ in 0..padding.get(r).copied().unwrap_or(0) {
                self.xml().empty_line("td", &[]);
            }
            self.xml().close("tr");
        }
    }

    /// One cell: `<th scope="col">` in the head (unless it is empty), `<td>` elsewhere,
    /// with the spans the grid gave it and its column's alignment (a header spanning
    /// columns is centred over them).
    fn placed_cell(&mut self, table: &Table, group: RowGroup, cell: &Cell, p: &Placed) {
        let header = group == RowGroup::Head && !cell.blocks.is_empty();
        let mut attributes: [(&str, &str); 4] = [("", ""); 4];
        let mut n = 0;
        if header {
            attributes[n] = ("scope", "col");
            n += 1;
        }
        let colspan = (p.colspan > 1).then(|| p.colspan.to_string());
        if let Some(colspan) = &colspan {
            attributes[n] = ("colspan", colspan);
            n += 1;
        }
        let rowspan = (p.rowspan > 1).then(|| p.rowspan.to_string());
        if let Some(rowspan) = &rowspan {
            attributes[n] = ("rowspan", rowspan);
            n += 1;
        }
        let align = if header && p.colspan > 1 {
            Align::Center
        } else {
            table.column(p.column).align
        };
        if let Some(align) = align.name() {
            attributes[n] = ("align", align);
            n += 1;
        }
        self.cell(if header { "th" } else { "td" }, &attributes[..n], cell);
    }
}

/// How many note references (figure captions' too) and figures the cells of `rows` hold.
fn count_refs_and_figures(rows: &[Row]) -> (usize, usize) {
    let (mut refs, mut figures) = (0, 0);
    for row in rows {
        for cell in &row.cells {
            for_each_block(&cell.blocks, &mut |block: &Block| {
                figures += usize::from(matches!(block, Block::Figure(_)));
                if let Some(content) = block.inlines() {
                    for_each_inline(content, &mut |inline| {
                        refs += usize::from(matches!(inline, Inline::NoteRef { .. }));
                    });
                }
            });
        }
    }
    (refs, figures)
}

/// `<col width="25%"/>` per column when every column of the grid has a share of the
/// width (see [`Table::width_percentages`]); nothing otherwise.
fn column_widths<'a, W: TableWriter<'a> + ?Sized>(writer: &mut W, table: &Table, grid: &Grid) {
    let Some(shares) = table.width_percentages(grid) else {
        return;
    };
    for share in shares {
        writer.xml().empty_line("col", &[("width", &share)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::{Publication, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};

    /// A table with a short row, a long row, spans past its edge and of nothing, a cell
    /// of several blocks, and notes in its caption, body and foot.
    fn irregular() -> Publication {
        let mut report = ReportBuilder::new("R")
            .table(|t| {
                t.caption(|c| c.text("Odd").note_ref("a"))
                    .column(Align::Left)
                    .column(Align::Default)
                    .column(Align::Right)
                    .header(|r| r.text("H1").text("H2").text("H3"))
                    .row(|r| r.cell_spanning(9, 1, |c| c.text("wide").note_ref("a")))
                    .row(|r| r.text("short"))
                    .row(|r| r.text("1").text("2").text("3").text("4").text("5"))
                    .row(|r| r.cell_spanning(1, 7, |c| c.text("tall").note_ref("b")))
                    .row(|r| r.cell_spanning(0, 0, |c| c.text("none")))
                    .footer(|r| r.cell(|c| c.text("foot").note_ref("b")))
            })
            .paragraph(|p| p.text("After.").note_ref("c"))
            .endnote("a", vec![Block::text("Note a")])
            .endnote("b", vec![Block::text("Note b"), Block::text("more")])
            .endnote("c", vec![Block::text("Note c")])
            .build();
        if let Some(Block::Table(table)) = report.body.first_mut() {
            let mut cell = Cell::default();
            cell.blocks = vec![Block::text("one"), Block::text("two")];
            table.body.push(Row::new(vec![cell]));
        }
        PublicationBuilder::new("P").report(report).build()
    }

    /// Every `<tr>...</tr>` of `xml`, as written.
    fn rows(xml: &str) -> Vec<String> {
        xml.split("<tr")
            .skip(1)
            .map(|row| row.split("</tr>").next().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn irregular_tables_keep_every_cell_in_docbook_and_jats() {
        let publication = irregular();
        let resolved = folio_model::resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert!(resolved.has_errors(), "spans past the table are errors");
        let docbook = String::from_utf8(crate::export_docbook(&resolved)).unwrap_or_default();
        let jats = String::from_utf8(crate::export_jats(&resolved)).unwrap_or_default();
        for xml in [&docbook, &jats] {
            for word in [
                "Odd", "H3", "wide", "short", "5", "tall", "none", "one", "two", "foot",
            ] {
                assert!(xml.contains(word), "{word} is lost:\n{xml}");
            }
            let rows = rows(xml);
            assert_eq!(rows.len(), 8, "{xml}");
            // the long row widened the table to 5 columns: the short row is padded
            let short = rows.iter().find(|r| r.contains("short")).unwrap();
            assert_eq!(short.matches("<td/>").count(), 4, "{short}");
            assert!(xml.contains("colspan=\"3\" align=\"left\">wide"), "{xml}");
            assert!(xml.contains("rowspan=\"3\" align=\"left\">tall"), "{xml}");
            assert!(
                xml.contains("<th scope=\"col\" align=\"right\">H3</th>"),
                "{xml}"
            );
        }
        // DocBook: the foot's row ends the body; its footnoteref comes after the
        // footnote of b in the tall cell
        assert!(docbook.contains("<tr class=\"foot\">"), "{docbook}");
        assert!(!docbook.contains("<tfoot>"));
        let tall = docbook
            .find("<footnote xml:id=\"t1-b\" label=\"b\">")
            .unwrap();
        let foot = docbook.find("<footnoteref linkend=\"t1-b\"/>").unwrap();
        assert!(tall < foot);
        assert!(docbook.contains("<footnote xml:id=\"n1\"><para>Note c</para></footnote>"));
        // JATS: <tfoot> before <tbody>, its reference still the second of b
        let tfoot = jats.find("<tfoot>").unwrap();
        assert!(tfoot < jats.find("<tbody>").unwrap());
        assert!(jats[tfoot..].starts_with("<tfoot>\n          <tr>\n            <td align=\"left\">foot<xref ref-type=\"table-fn\" rid=\"t1-b\" id=\"t1-rb-b\">b</xref></td>"), "{jats}");
        assert!(jats.contains("<xref ref-type=\"table-fn\" rid=\"t1-b\" id=\"t1-rb\">b</xref>"));
        assert!(jats.contains("<td>one<break/>two</td>"), "{jats}");
        assert!(jats.contains("<xref ref-type=\"fn\" rid=\"n1\" id=\"r1\">1</xref>"));
        let foot_notes = jats.split("<table-wrap-foot>").nth(1).unwrap_or_default();
        assert!(foot_notes.contains("<fn id=\"t1-b\">\n          <label>b</label>\n          <p>Note b</p>\n          <p>more</p>"), "{jats}");
        let back = jats.split("<back>").nth(1).unwrap_or_default();
        assert_eq!(
            back.matches("<fn id=").count(),
            1,
            "only the endnote: {back}"
        );
    }
}
