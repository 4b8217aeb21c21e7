//! Endnotes: a `doc-endnotes` section after each report, or one notes document at the
//! end of the book; one `<li>` per note, with a back-link to every place that cites it.

use folio_model::{Block, Diagnostic, Numbering, PagePlace, citation_letter};

use crate::book::{Book, NOTES_FILE};
use crate::document;
use crate::markup::{Dropped, Markup};
use crate::text::ReportText;

/// The heading of a notes section.
pub(crate) const NOTES_HEADING: &str = "Notes";

/// The back-link's sign; U+FE0E asks for the text form, not an emoji.
const BACK: &str = "\u{21a9}\u{fe0e}";

/// The notes of one report, after its text in its own document.
pub(crate) fn notes_section(text: &mut ReportText<'_>, out: &mut Markup) {
    let plan = &text.book.reports[text.r];
    out.open(
        "section",
        &[
            ("id", &plan.notes_id),
            ("class", "notes"),
            ("epub:type", "endnotes"),
            ("role", "doc-endnotes"),
        ],
    );
    out.newline();
    out.element("h2", &[], NOTES_HEADING);
    out.newline();
    note_list(text, out);
    out.close("section");
    out.newline();
}

/// The notes document: every report's notes under the report's title.
pub(crate) fn notes_document(book: &Book<'_>, warnings: &mut Vec<Diagnostic>) -> (String, Dropped) {
    let mut out = Markup::with_capacity(64 * 1024);
    document::start(&mut out, book, NOTES_HEADING);
    out.open(
        "section",
        &[
            ("id", &book.ids.notes),
            ("class", "notes"),
            ("epub:type", "endnotes"),
            ("role", "doc-endnotes"),
        ],
    );
    out.newline();
    out.element("h1", &[], NOTES_HEADING);
    out.newline();
    for (r, plan) in book.reports.iter().enumerate() {
        if book.publication().reports[r].endnotes.is_empty() {
            continue;
        }
        out.open("section", &[("id", &plan.notes_id)]);
        out.newline();
        out.element("h2", &[], &plan.title);
        out.newline();
        let mut text = ReportText::new(book, r, NOTES_FILE, warnings);
        note_list(&mut text, &mut out);
        out.close("section");
        out.newline();
    }
    out.close("section");
    out.newline();
    document::finish(&mut out);
    out.finish()
}

/// `<ol>` with one `<li id="n3">` per note of the report, each ending in its
/// back-links.
fn note_list(text: &mut ReportText<'_>, out: &mut Markup) {
    let book = text.book;
    let r = text.r;
    let report = text.report();
    let resolved = &book.resolved.reports[r];
    let continuous = book.resolved.numbering == Numbering::Continuous;
    let mut expected = 1;
    out.raw("<ol>\n");
    for (n, note) in report.endnotes.iter().enumerate() {
        let Some(info) = resolved.notes.get(n) else {
            continue;
        };
        let number = info.number.to_string();
        if continuous || info.number != expected {
            out.open("li", &[("id", &info.anchor), ("value", &number)]);
        } else {
            out.open("li", &[("id", &info.anchor)]);
        }
        expected = info.number.saturating_add(1);
        book.pages.write(out, r, PagePlace::Note(n));
        let (last, rest) = match note.blocks.split_last() {
            Some((last, rest)) => (Some(last), rest),
            None => (None, &[][..]),
        };
        text.blocks(out, rest);
        match last {
            Some(Block::Paragraph { content }) => {
                out.raw("<p>");
                text.inlines(out, content);
                if !info.refs.is_empty() {
                    // A no-break space keeps the first back-link with the last word.
                    out.raw("\u{a0}");
                }
                back_links(text, out, n);
                out.raw("</p>");
            }
            other => {
                if let Some(block) = other {
                    text.blocks(out, std::slice::from_ref(block));
                }
                if !info.refs.is_empty() {
                    out.raw("<p class=\"backlinks\">");
                    back_links(text, out, n);
                    out.raw("</p>");
                }
            }
        }
        out.raw("</li>\n");
    }
    out.raw("</ol>\n");
}

/// `<a role="doc-backlink" href="#r3">↩</a>`, one per place note `n` is cited from,
/// lettered a, b, c when there are several, separated by spaces.
fn back_links(text: &ReportText<'_>, out: &mut Markup, n: usize) {
    let book = text.book;
    let resolved = &book.resolved.reports[text.r];
    let Some(info) = resolved.notes.get(n) else {
        return;
    };
    let several = info.refs.len() > 1;
    for (k, &site) in info.refs.iter().enumerate() {
        let Some(site) = resolved.refs.get(site) else {
            continue;
        };
        let href = Book::href(text.file, &book.reports[text.r].file, &site.anchor);
        let letter = if several {
            citation_letter(site.nth)
        } else {
            String::new()
        };
        let label = format!("Back to reference {}{letter}", info.number);
        if k > 0 {
            out.raw(" ");
        }
        out.open(
            "a",
            &[
                ("class", "backlink"),
                ("role", "doc-backlink"),
                ("href", &href),
                ("aria-label", &label),
            ],
        );
        out.raw(BACK);
        out.raw(&letter);
        out.close("a");
    }
}
