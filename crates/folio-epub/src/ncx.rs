//! The EPUB 2 NCX (`toc.ncx`), for reading systems older than the nav document: the
//! same table of contents.

use crate::book::Book;
use crate::markup::{Dropped, Markup};
use crate::toc::{Toc, TocEntry};

/// The NCX's file name, in the package folder.
pub(crate) const NCX_FILE: &str = "toc.ncx";

/// The NCX document.
pub(crate) fn ncx(book: &Book<'_>, toc: &Toc, identifier: &str) -> (String, Dropped) {
    let mut out = Markup::with_capacity(16 * 1024);
    out.raw(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\""
    ));
    out.attr_value(&book.language);
    out.raw("\">\n<head>\n");
    let depth = toc.depth().max(1).to_string();
    for (name, content) in [
        ("dtb:uid", identifier),
        ("dtb:depth", &depth),
        ("dtb:totalPageCount", "0"),
        ("dtb:maxPageNumber", "0"),
    ] {
        out.empty("meta", &[("name", name), ("content", content)]);
        out.newline();
    }
    out.raw("</head>\n<docTitle><text>");
    out.text(&book.title);
    out.raw("</text></docTitle>\n<navMap>\n");
    let mut order = 0;
    nav_points(&mut out, &toc.entries, &mut order);
    out.raw("</navMap>\n</ncx>\n");
    out.finish()
}

/// `<navPoint>`s, numbered in reading order.
fn nav_points(out: &mut Markup, entries: &[TocEntry], order: &mut usize) {
    for entry in entries {
        *order += 1;
        let id = format!("navpoint-{order}");
        out.open(
            "navPoint",
            &[("id", &id), ("playOrder", &order.to_string())],
        );
        out.raw("<navLabel><text>");
        out.text(&entry.label);
        out.raw("</text></navLabel>");
        out.empty("content", &[("src", &entry.href)]);
        out.newline();
        nav_points(out, &entry.children, order);
        out.raw("</navPoint>\n");
    }
}
