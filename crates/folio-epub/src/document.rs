//! The frame every XHTML document of the book shares: the XML declaration, the
//! namespaces, the language, the title and the stylesheet.

use crate::book::Book;
use crate::markup::Markup;

/// The stylesheet's file name, in the package folder.
pub(crate) const STYLESHEET_FILE: &str = "style.css";

/// Starts an XHTML document of the book titled `title`, up to and including `<body>`.
pub(crate) fn start(out: &mut Markup, book: &Book<'_>, title: &str) {
    start_in(out, &book.language, title);
}

/// Starts an XHTML document in `language` titled `title`, up to and including `<body>`.
pub(crate) fn start_in(out: &mut Markup, language: &str, title: &str) {
    out.raw(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<!DOCTYPE html>\n",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" ",
        "xmlns:epub=\"http://www.idpf.org/2007/ops\""
    ));
    language_of(out, language);
    out.raw(">\n<head>\n");
    out.element("title", &[], title);
    out.raw("\n<link rel=\"stylesheet\" type=\"text/css\" href=\"");
    out.raw(STYLESHEET_FILE);
    out.raw("\"/>\n</head>\n<body>\n");
}

/// Ends a document [`start`] began.
pub(crate) fn finish(out: &mut Markup) {
    out.raw("</body>\n</html>\n");
}

/// ` lang="en" xml:lang="en"`: HTML reads the one, XML the other; and ` dir="rtl"` for a
/// language written right to left, so that reading systems set the text from the right
/// and mirror its indents.
pub(crate) fn language_of(out: &mut Markup, language: &str) {
    out.raw(" lang=\"");
    out.attr_value(language);
    out.raw("\" xml:lang=\"");
    out.attr_value(language);
    out.raw("\"");
    if folio_model::is_rtl_language(language) {
        out.raw(" dir=\"rtl\"");
    }
}
