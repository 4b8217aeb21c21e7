//! Endnotes: a `doc-endnotes` section after each report, or notes documents after the
//! reports (one per report, or more when its notes are many); one `<li>` per note, with
//! a back-link to every place that cites it.

use folio_model::{Block, Diagnostic, Numbering, PagePlace, citation_letter};

use crate::book::Book;
use crate::document;
use crate::markup::{Dropped, Markup};
use crate::text::{ReportText, blocks_have_rtl};

/// The heading of a notes section.
pub(crate) const NOTES_HEADING: &str = "Notes";

/// The back-link's sign: a caret, as Wikipedia's back-links have it. Every font has it
/// (the shipped Noto Serif has no arrow such as ↩ U+21A9, which readers then took from
/// another font, or showed as a box on e-ink); its `aria-label` says what it does.
const BACK: &str = "^";

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
    let all = 0..text.report().endnotes.len();
    note_list(text, out, all);
    out.close("section");
    out.newline();
}

/// Notes document `d` of the book: some of one report's notes (all of them, unless they
/// are many) under the report's title; the first of the book opens with a "Notes"
/// heading.
pub(crate) fn notes_document(
    book: &Book<'_>,
    d: usize,
    warnings: &mut Vec<Diagnostic>,
) -> (String, Dropped) {
    let Some(part) = book.notes_documents.get(d) else {
        return (String::new(), Dropped::default());
    };
    let r = part.report;
    let plan = &book.reports[r];
    let mut out = book.markup(64 * 1024);
    document::start(&mut out, book, &format!("{NOTES_HEADING}: {}", plan.title));
    let mut section = vec![
        ("class", "notes"),
        ("epub:type", "endnotes"),
        ("role", "doc-endnotes"),
    ];
    if d == 0 {
        section.insert(0, ("id", book.ids.notes.as_str()));
    }
    out.open("section", &section);
    out.newline();
    if d == 0 {
        out.element("h1", &[], NOTES_HEADING);
        out.newline();
    }
    // the notes of a report in a language of its own are marked with it
    let mut attributes = Vec::new();
    if let Some(language) = &plan.language {
        attributes.extend([("lang", language.as_str()), ("xml:lang", language.as_str())]);
        if folio_model::is_rtl_language(language) {
            attributes.push(("dir", "rtl"));
        }
    }
    if part.first {
        attributes.insert(0, ("id", plan.notes_id.as_str()));
        out.open("section", &attributes);
        out.newline();
        out.element("h2", &[], &plan.title);
    } else {
        out.open("section", &attributes);
        out.newline();
        out.element("h2", &[], &format!("{} (continued)", plan.title));
    }
    out.newline();
    let mut text = ReportText::new(book, r, &part.file, warnings);
    note_list(&mut text, &mut out, part.notes.clone());
    out.close("section");
    out.newline();
    out.close("section");
    out.newline();
    document::finish(&mut out);
    out.finish()
}

/// The length of the markup of each endnote of report `r` in a notes document (0 for
/// the notes set with their tables), to split its notes over documents.
pub(crate) fn note_sizes(book: &Book<'_>, r: usize) -> Vec<usize> {
    let mut warnings = Vec::new();
    let file = book.notes_file_of(r).to_owned();
    let mut text = ReportText::new(book, r, &file, &mut warnings);
    let count = text.report().endnotes.len();
    let mut out = book.markup(4096);
    let mut sizes = Vec::with_capacity(count);
    for n in 0..count {
        let before = out.len();
        note_list(&mut text, &mut out, n..n + 1);
        sizes.push(out.len() - before);
    }
    sizes
}

/// `<ol>` with one `<li id="n3">` per endnote `notes` of the report, each ending in its
/// back-links; the notes set with their tables are not listed.
fn note_list(text: &mut ReportText<'_>, out: &mut Markup, notes: std::ops::Range<usize>) {
    let book = text.book;
    let r = text.r;
    let report = text.report();
    let resolved = &book.resolved.reports[r];
    let continuous = book.resolved.numbering == Numbering::Continuous;
    let mut expected = 1;
    out.raw("<ol>\n");
    for n in notes.start..notes.end.min(report.endnotes.len()) {
        let Some(info) = resolved.notes.get(n) else {
            continue;
        };
        if info.is_table_note() {
            continue;
        }
        let number = info.number.to_string();
        // `epub:type="endnote"` tells reading systems to pop the note up; DPUB-ARIA 1.1
        // deprecates the matching role, so the list's section carries `doc-endnotes`
        let mut attributes = vec![("id", info.anchor.as_str()), ("epub:type", "endnote")];
        if continuous || info.number != expected {
            attributes.push(("value", &number));
        }
        // a note in right-to-left text, in a report that is not, is set in its direction
        if text.auto_dir(|| blocks_have_rtl(&report.endnotes[n].blocks)) {
            attributes.push(("dir", "auto"));
        }
        out.open("li", &attributes);
        expected = info.number.saturating_add(1);
        note_body(text, out, n, None);
        out.raw("</li>\n");
    }
    out.raw("</ol>\n");
}

/// The notes of table `t` of the report, after the table: one `<div>` per note, its
/// letter first, its back-links last, marked as a footnote so that reading systems pop
/// it up at its references. Nothing when the table has no notes.
pub(crate) fn table_notes(text: &mut ReportText<'_>, out: &mut Markup, t: usize) {
    let book = text.book;
    let resolved = &book.resolved.reports[text.r];
    let Some(table) = resolved.tables.get(t) else {
        return;
    };
    if table.notes.is_empty() {
        return;
    }
    out.raw("<div class=\"table-notes\">\n");
    for &n in &table.notes {
        let Some(info) = resolved.notes.get(n) else {
            continue;
        };
        let mut attributes = vec![
            ("id", info.anchor.as_str()),
            ("class", "table-note"),
            ("epub:type", "footnote"),
            ("role", "doc-footnote"),
        ];
        // set in the direction of its text (its letter, marked left to right, does not
        // count), in a report that is not right to left
        let report = text.report();
        let auto = text.auto_dir(|| {
            report
                .endnotes
                .get(n)
                .is_some_and(|note| blocks_have_rtl(&note.blocks))
        });
        if auto {
            attributes.push(("dir", "auto"));
        }
        out.open("div", &attributes);
        note_body(text, out, n, Some((&info.mark(), auto)));
        out.raw("</div>\n");
    }
    out.raw("</div>\n");
}

/// The blocks of note `n`, its page markers first, its back-links at the end of its
/// last paragraph (or in a paragraph of their own), and `label`, when given, at the
/// start of its first paragraph (or in a paragraph of its own), marked left to right
/// when the note's direction comes from its text (`dir="auto"`).
fn note_body(text: &mut ReportText<'_>, out: &mut Markup, n: usize, label: Option<(&str, bool)>) {
    let book = text.book;
    let r = text.r;
    let report = text.report();
    let Some(note) = report.endnotes.get(n) else {
        return;
    };
    let cited = book.resolved.reports[r]
        .notes
        .get(n)
        .is_some_and(|info| !info.refs.is_empty());
    book.pages.write(out, r, PagePlace::Note(n));
    let blocks = note.blocks.as_slice();
    let last = blocks.len().checked_sub(1);
    let mut label = label;
    let first_is_paragraph = matches!(blocks.first(), Some(Block::Paragraph { .. }));
    if let Some(label) = label.filter(|_| !first_is_paragraph) {
        out.raw("<p>");
        note_label(out, label);
        out.raw("</p>");
    }
    for (i, block) in blocks.iter().enumerate() {
        let is_last = Some(i) == last;
        let labelled = i == 0 && label.is_some();
        let Block::Paragraph { content } = block else {
            text.blocks(out, std::slice::from_ref(block));
            continue;
        };
        if !is_last && !labelled {
            text.blocks(out, std::slice::from_ref(block));
            continue;
        }
        out.raw("<p>");
        if let Some(label) = label.take().filter(|_| labelled) {
            note_label(out, label);
            out.raw(" ");
        }
        text.inlines(out, content);
        if is_last && cited {
            // A no-break space keeps the first back-link with the last word.
            out.raw("\u{a0}");
            back_links(text, out, n);
        }
        out.raw(if is_last { "</p>" } else { "</p>\n" });
    }
    let ends_in_paragraph = matches!(blocks.last(), Some(Block::Paragraph { .. }));
    if cited && !ends_in_paragraph {
        out.raw("<p class=\"backlinks\">");
        back_links(text, out, n);
        out.raw("</p>");
    }
}

/// A table note's letter, at the start of the note; with `dir="ltr"` when the note's
/// direction comes from its text, which the letter must not decide.
fn note_label(out: &mut Markup, (label, in_auto): (&str, bool)) {
    out.raw(if in_auto {
        "<span class=\"note-label\" dir=\"ltr\">"
    } else {
        "<span class=\"note-label\">"
    });
    out.text(label);
    out.raw("</span>");
}

/// `<a role="doc-backlink" href="#r3">^</a>`, one per place note `n` is cited from,
/// lettered a, b, c when there are several, separated by spaces.
fn back_links(text: &ReportText<'_>, out: &mut Markup, n: usize) {
    let book = text.book;
    let resolved = &book.resolved.reports[text.r];
    let Some(info) = resolved.notes.get(n) else {
        return;
    };
    let several = info.refs.len() > 1;
    let mark = info.mark();
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
        // "Back to reference 3, citation b" for a note cited more than once: the letter
        // shown ("^b") a word of the name, as WCAG's label in name asks (axe-core flags
        // "3b" and "3 (b)")
        let label = if several {
            format!("Back to reference {mark}, citation {letter}")
        } else {
            format!("Back to reference {mark}")
        };
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
