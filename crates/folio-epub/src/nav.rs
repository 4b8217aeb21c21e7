//! The nav document: the table of contents, the landmarks (title page, contents, start
//! of the text, notes) and, with a page map, the page-list.

use folio_model::PagePlace;

use crate::book::{Book, NAV_FILE, TITLE_FILE};
use crate::document;
use crate::markup::{Dropped, Markup};
use crate::notes::NOTES_HEADING;
use crate::toc::{Toc, TocEntry};

/// The heading of the table of contents.
const CONTENTS: &str = "Contents";

/// The nav document.
pub(crate) fn nav_document(book: &Book<'_>, toc: &Toc) -> (String, Dropped) {
    let mut out = Markup::with_capacity(16 * 1024);
    document::start(&mut out, book, CONTENTS);
    out.open(
        "nav",
        &[
            ("epub:type", "toc"),
            ("role", "doc-toc"),
            ("id", &book.ids.toc),
        ],
    );
    out.newline();
    out.element("h1", &[], CONTENTS);
    out.newline();
    entries(&mut out, &toc.entries);
    out.close("nav");
    out.newline();
    landmarks(&mut out, book);
    if !book.pages.is_empty() {
        page_list(&mut out, book);
    }
    document::finish(&mut out);
    out.finish()
}

fn entries(out: &mut Markup, entries: &[TocEntry]) {
    out.raw("<ol>\n");
    for entry in entries {
        out.raw("<li>");
        out.element("a", &[("href", &entry.href)], &entry.label);
        if !entry.children.is_empty() {
            out.newline();
            self::entries(out, &entry.children);
        }
        out.raw("</li>\n");
    }
    out.raw("</ol>\n");
}

/// The places a reading system can go to directly.
fn landmarks(out: &mut Markup, book: &Book<'_>) {
    let mut marks = vec![
        ("titlepage", TITLE_FILE.to_owned(), "Title page"),
        ("toc", format!("{NAV_FILE}#{}", book.ids.toc), CONTENTS),
    ];
    if let Some(first) = book.reports.first() {
        marks.push(("bodymatter", first.file.clone(), "Start of content"));
    }
    let first_notes = book.reports.iter().position(|plan| plan.has_endnotes);
    match (book.notes_documents.first(), first_notes) {
        (Some(document), _) => marks.push(("endnotes", document.file.clone(), NOTES_HEADING)),
        (None, Some(r)) => {
            let plan = &book.reports[r];
            let href = format!("{}#{}", plan.file, plan.notes_id);
            marks.push(("endnotes", href, NOTES_HEADING));
        }
        (None, None) => {}
    }
    out.open(
        "nav",
        &[
            ("epub:type", "landmarks"),
            ("id", &book.ids.landmarks),
            ("aria-label", "Landmarks"),
            ("hidden", "hidden"),
        ],
    );
    out.raw("\n<ol>\n");
    for (kind, href, label) in &marks {
        out.raw("<li>");
        out.element("a", &[("epub:type", kind), ("href", href)], label);
        out.raw("</li>\n");
    }
    out.raw("</ol>\n</nav>\n");
}

/// The print edition's pages, each linked to the marker where it begins.
fn page_list(out: &mut Markup, book: &Book<'_>) {
    out.open(
        "nav",
        &[
            ("epub:type", "page-list"),
            ("role", "doc-pagelist"),
            ("id", &book.ids.page_list),
            ("aria-label", "Pages"),
            ("hidden", "hidden"),
        ],
    );
    out.raw("\n<ol>\n");
    for marker in book.pages.all() {
        let file = match marker.place {
            PagePlace::Note(n) => book.note_file(marker.report, n),
            PagePlace::Start | PagePlace::Block(_) => &book.reports[marker.report].file,
        };
        out.raw("<li>");
        out.element(
            "a",
            &[("href", &format!("{file}#{}", marker.id))],
            &marker.label,
        );
        out.raw("</li>\n");
    }
    out.raw("</ol>\n</nav>\n");
}
