//! Tables: a `<table>` with its caption, column widths, head, body and foot, in a box
//! that scrolls sideways when the table is wider than the screen, and the table's notes
//! after it.
//!
//! ```html
//! <div id="tab1" class="table">
//! <div class="table-wrap" role="region" tabindex="0" aria-labelledby="tab1-caption">
//! <table>
//! <caption id="tab1-caption">…</caption>
//! <thead><tr><th scope="col">…</th>…</tr></thead>
//! <tbody><tr><td class="align-right">…</td>…</tr></tbody>
//! </table>
//! </div>
//! <div class="table-notes"><div id="t1-a" class="table-note" epub:type="footnote" …>…</div></div>
//! </div>
//! ```

use folio_model::{Align, Block, Cell, Grid, Placed, RowGroup, Table};

use crate::markup::Markup;
use crate::notes;
use crate::text::ReportText;

impl ReportText<'_> {
    /// The next table of the report, with its notes.
    pub(crate) fn table(&mut self, out: &mut Markup, table: &Table) {
        let t = self.next_table;
        self.next_table += 1;
        let book = self.book;
        let anchor = book.resolved.reports[self.r]
            .tables
            .get(t)
            .map(|info| info.anchor.as_str());
        let caption_id = book.reports[self.r]
            .tables
            .get(t)
            .and_then(|plan| plan.caption_id.as_deref())
            .filter(|_| !table.caption.is_empty());
        match anchor {
            Some(id) => out.open("div", &[("id", id), ("class", "table")]),
            None => out.open("div", &[("class", "table")]),
        }
        out.newline();
        // The box scrolls, so keyboard users must be able to reach it; it is named by
        // the caption, or by the table's number when there is none.
        let name;
        let label = match caption_id {
            Some(id) => ("aria-labelledby", id),
            None => {
                name = format!("Table {}", t + 1);
                ("aria-label", name.as_str())
            }
        };
        out.open(
            "div",
            &[
                ("class", "table-wrap"),
                ("role", "region"),
                ("tabindex", "0"),
                label,
            ],
        );
        out.raw("\n<table>\n");
        if !table.caption.is_empty() {
            match caption_id {
                Some(id) => out.open("caption", &[("id", id)]),
                None => out.raw("<caption>"),
            }
            // numbered in its report, as the PDF and the XML editions number it
            out.raw(&format!(
                "<span class=\"table-label\">Table {}.</span> ",
                t + 1
            ));
            self.caption_text(out, &table.caption);
            out.raw("</caption>\n");
        }
        let grid = table.grid();
        column_widths(out, table, &grid);
        for group in RowGroup::ALL {
            self.row_group(out, table, &grid, group);
        }
        out.raw("</table>\n</div>\n");
        notes::table_notes(self, out, t);
        out.raw("</div>\n");
    }

    /// `<thead>`, `<tbody>` or `<tfoot>` with the group's rows; nothing for a group
    /// without rows. A short row is padded with empty cells, so that the grid stays
    /// rectangular.
    fn row_group(&mut self, out: &mut Markup, table: &Table, grid: &Grid, group: RowGroup) {
        let rows = table.rows(group);
        if rows.is_empty() {
            return;
        }
        let tag = match group {
            RowGroup::Head => "thead",
            RowGroup::Foot => "tfoot",
            _ => "tbody",
        };
        out.open(tag, &[]);
        out.newline();
        let placed = grid.group(group);
        let padding = grid.padding(group);
        for (r, row) in rows.iter().enumerate() {
            out.raw("<tr>");
            let places = placed.get(r).map_or(&[][..], Vec::as_slice);
            for (cell, place) in row.cells.iter().zip(places) {
                self.cell(out, table, group, cell, place);
            }
            for _ in 0..padding.get(r).copied().unwrap_or(0) {
                out.raw("<td></td>");
            }
            out.raw("</tr>\n");
        }
        out.close(tag);
        out.newline();
    }

    /// One cell: `<th scope="col">` in the head (unless it is empty), `<td>` elsewhere,
    /// with its spans as the grid placed it and its column's alignment as a class. A
    /// cell of one paragraph holds its text; a cell of several blocks holds them.
    fn cell(&mut self, out: &mut Markup, table: &Table, group: RowGroup, cell: &Cell, p: &Placed) {
        let header = group == RowGroup::Head && !cell.blocks.is_empty();
        let tag = if header { "th" } else { "td" };
        out.raw("<");
        out.raw(tag);
        if header {
            // A header spanning columns is a column header of each of them (HTML's
            // "colgroup" scope would need <colgroup> elements to mean anything).
            out.raw(" scope=\"col\"");
        }
        span(out, "colspan", p.colspan);
        span(out, "rowspan", p.rowspan);
        // A header over several columns is centred over them.
        let align = if header && p.colspan > 1 {
            Align::Center
        } else {
            table.column(p.column).align
        };
        out.raw(match align {
            Align::Left => " class=\"align-left\"",
            Align::Center => " class=\"align-center\"",
            Align::Right => " class=\"align-right\"",
            _ => "",
        });
        out.raw(">");
        match cell.blocks.as_slice() {
            [Block::Paragraph { content }] => self.inlines(out, content),
            blocks => self.blocks(out, blocks),
        }
        out.raw("</");
        out.raw(tag);
        out.raw(">");
    }
}

/// ` colspan="3"`, or nothing for a span of one.
fn span(out: &mut Markup, name: &str, n: usize) {
    if n > 1 {
        out.raw(" ");
        out.raw(name);
        out.raw("=\"");
        out.raw(&n.to_string());
        out.raw("\"");
    }
}

/// `<colgroup>` with each column's share of the width, when every column of the grid has
/// one (see [`Table::width_percentages`]); nothing otherwise.
fn column_widths(out: &mut Markup, table: &Table, grid: &Grid) {
    let Some(shares) = table.width_percentages(grid) else {
        return;
    };
    out.raw("<colgroup>");
    for share in shares {
        out.empty("col", &[("style", &format!("width: {share}"))]);
    }
    out.raw("</colgroup>\n");
}

#[cfg(test)]
mod tests {
    use folio_model::{
        Align, Block, Cell, PublicationBuilder, ReportBuilder, ResolveOptions, Row, SourceMap,
        resolve,
    };

    use crate::EpubOptions;
    use crate::book::Book;

    /// A report whose one table has a short row, a long row, spans past its edge and
    /// none at all, a cell of several blocks and notes in the caption and the cells.
    fn irregular() -> folio_model::Publication {
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
                    .footer(|r| r.text("foot"))
            })
            .endnote("a", vec![Block::text("Note a")])
            .endnote("b", vec![Block::text("Note b"), Block::text("more")])
            .build();
        if let Some(Block::Table(table)) = report.body.first_mut() {
            let mut cell = Cell::default();
            cell.blocks = vec![Block::text("one"), Block::text("two")];
            table.body.push(Row::new(vec![cell]));
        }
        PublicationBuilder::new("P").report(report).build()
    }

    #[test]
    fn an_irregular_table_keeps_every_cell_and_pads_short_rows() {
        let publication = irregular();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert!(resolved.has_errors(), "spans past the table are errors");
        let options = EpubOptions::default();
        let book = Book::new(&resolved, &options);
        let (xhtml, _) = crate::text::report_document(&book, 0, &mut Vec::new());
        for word in [
            "Odd", "H3", "wide", "short", "5", "tall", "none", "one", "two", "foot",
        ] {
            // (the caption's after its label, `<span ...>Table 1.</span> Odd`)
            assert!(
                xhtml.contains(&format!(">{word}")) || xhtml.contains(&format!("</span> {word}")),
                "{word} is lost"
            );
        }
        // the long row widened the table to 5 columns: the short row gets 4 empty cells
        assert!(
            xhtml.contains(
                "<tr><td class=\"align-left\">short</td><td></td><td></td><td></td><td></td></tr>"
            ),
            "{xhtml}"
        );
        // spans as the grid cut them: 9 columns to 3, 7 rows to the 3 left
        assert!(
            xhtml.contains("<td colspan=\"3\" class=\"align-left\">wide"),
            "{xhtml}"
        );
        assert!(
            xhtml.contains("<td rowspan=\"3\" class=\"align-left\">tall"),
            "{xhtml}"
        );
        assert!(
            xhtml
                .contains("<th scope=\"col\" class=\"align-right\">H3</th><td></td><td></td></tr>"),
            "{xhtml}"
        );
        // under the tall cell: in the second column
        assert!(
            xhtml.contains("<tr><td><p>one</p>\n<p>two</p>\n</td><td></td><td></td><td></td></tr>"),
            "{xhtml}"
        );
        // both notes are the table's, lettered, each linked both ways
        assert!(xhtml.contains("href=\"#t1-a\" id=\"t1-ra\">a</a>"));
        assert!(xhtml.contains("href=\"#t1-b\" id=\"t1-rb\">b</a>"));
        assert!(xhtml.contains("<div id=\"t1-b\" class=\"table-note\" epub:type=\"footnote\" role=\"doc-footnote\"><p><span class=\"note-label\">b</span> Note b</p>\n<p>more\u{a0}<a class=\"backlink\""));
        assert!(!xhtml.contains("doc-endnotes"), "no endnotes are left");
    }
}
