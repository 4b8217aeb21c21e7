//! The package document (`package.opf`): metadata, accessibility metadata, the
//! manifest of every file and the spine, the reading order.

use crate::book::{Book, NAV_FILE, TITLE_FILE};
use crate::document::STYLESHEET_FILE;
use crate::markup::{Dropped, Markup};
use crate::ncx::NCX_FILE;
use crate::style::{FONT_LICENSE_FILE, font_path};

/// The conformance claim, in the form EPUB Accessibility 1.1 gives it.
const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

const XHTML: &str = "application/xhtml+xml";

/// The package document.
pub(crate) fn package_document(book: &Book<'_>, identifier: &str) -> (String, Dropped) {
    let mut out = Markup::with_capacity(8 * 1024);
    out.raw(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" ",
        "unique-identifier=\"pub-id\""
    ));
    out.raw(" xml:lang=\"");
    out.attr_value(&book.language);
    out.raw("\">\n");
    metadata(&mut out, book, identifier);
    let items = manifest(book);
    out.raw("<manifest>\n");
    for item in &items {
        let mut attrs = vec![
            ("id", item.id.as_str()),
            ("href", &item.href),
            ("media-type", item.media_type),
        ];
        if let Some(properties) = item.properties {
            attrs.push(("properties", properties));
        }
        out.empty("item", &attrs);
        out.newline();
    }
    // a book in a language written right to left turns its pages from right to left
    if folio_model::is_rtl_language(&book.language) {
        out.raw("</manifest>\n<spine toc=\"ncx\" page-progression-direction=\"rtl\">\n");
    } else {
        out.raw("</manifest>\n<spine toc=\"ncx\">\n");
    }
    for item in items.iter().filter(|i| i.in_spine) {
        out.empty("itemref", &[("idref", &item.id)]);
        out.newline();
    }
    out.raw("</spine>\n</package>\n");
    out.finish()
}

fn metadata(out: &mut Markup, book: &Book<'_>, identifier: &str) {
    let meta = &book.publication().meta;
    out.raw("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    out.element("dc:identifier", &[("id", "pub-id")], identifier);
    out.newline();
    out.element("dc:title", &[("id", "title")], &book.title);
    out.newline();
    refine(out, "title", "title-type", None, "main");
    if let Some(subtitle) = meta
        .subtitle
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        out.element("dc:title", &[("id", "subtitle")], subtitle);
        out.newline();
        refine(out, "subtitle", "title-type", None, "subtitle");
    }
    out.element("dc:language", &[], &book.language);
    out.newline();
    let creators = meta
        .authors
        .iter()
        .map(|name| (name, "aut"))
        .chain(meta.editors.iter().map(|name| (name, "edt")))
        .filter(|(name, _)| !name.trim().is_empty());
    for (k, (name, role)) in creators.enumerate() {
        let id = format!("creator-{}", k + 1);
        out.element("dc:creator", &[("id", &id)], name.trim());
        out.newline();
        refine(out, &id, "role", Some("marc:relators"), role);
    }
    let optional = [
        ("dc:publisher", &meta.publisher),
        ("dc:date", &book.date),
        ("dc:description", &meta.description),
        ("dc:rights", &meta.rights),
    ];
    for (element, text) in optional {
        if let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            out.element(element, &[], text);
            out.newline();
        }
    }
    for subject in meta
        .subjects
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        out.element("dc:subject", &[], subject);
        out.newline();
    }
    property(out, "dcterms:modified", &book.options.modified.to_iso8601());
    accessibility(out, book, identifier);
    out.raw("</metadata>\n");
}

/// Accessibility metadata (EPUB Accessibility 1.1, schema.org's vocabulary).
fn accessibility(out: &mut Markup, book: &Book<'_>, identifier: &str) {
    let pages = !book.pages.is_empty();
    if pages {
        // Where the page numbers come from: the print edition of the same publication,
        // by the identifier the PDF carries in its XMP (folio_model::print_identifier)
        let print = format!("{identifier}#print");
        out.element("dc:source", &[("id", "page-source")], &print);
        out.newline();
        refine(out, "page-source", "source-of", None, "pagination");
    }
    let images = !book.images.is_empty();
    property(out, "schema:accessMode", "textual");
    if images {
        property(out, "schema:accessMode", "visual");
    }
    // Every image has alt text, or is decorative (an empty alt): the text suffices.
    property(out, "schema:accessModeSufficient", "textual");
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if images {
        features.push("alternativeText");
    }
    if pages {
        features.extend(["pageBreakMarkers", "pageNavigation", "printPageNumbers"]);
    }
    for feature in features {
        property(out, "schema:accessibilityFeature", feature);
    }
    property(out, "schema:accessibilityHazard", "none");
    let mut summary = String::from(if images {
        "This publication is text with images. Every image has alternative text, \
         except decorative ones, which are marked so that assistive technology skips \
         them; figures are numbered, and their captions follow the image."
    } else {
        "This publication is text only, without images or media."
    });
    summary.push_str(
        " Headings follow the structure of each report, and a table of contents links to \
         every report and section. Every note reference links to its endnote, and every \
         endnote links back to each place that cites it.",
    );
    if pages {
        summary
            .push_str(" The page numbers of the print edition are marked in the text and listed.");
    }
    property(out, "schema:accessibilitySummary", &summary);
    property(out, "dcterms:conformsTo", CONFORMANCE);
}

/// `<meta property="...">value</meta>`
fn property(out: &mut Markup, property: &str, value: &str) {
    out.element("meta", &[("property", property)], value);
    out.newline();
}

/// `<meta refines="#id" property="..." scheme="...">value</meta>`
fn refine(out: &mut Markup, id: &str, property: &str, scheme: Option<&str>, value: &str) {
    let refines = format!("#{id}");
    let mut attrs = vec![("refines", refines.as_str()), ("property", property)];
    if let Some(scheme) = scheme {
        attrs.push(("scheme", scheme));
    }
    out.element("meta", &attrs, value);
    out.newline();
}

/// One file of the package.
struct Item {
    id: String,
    href: String,
    media_type: &'static str,
    properties: Option<&'static str>,
    in_spine: bool,
}

/// Every file of the package but the package document; the spine's files in reading
/// order: title page, contents, reports, notes.
fn manifest(book: &Book<'_>) -> Vec<Item> {
    let item = |id: &str, href: &str, media_type, in_spine| Item {
        id: id.to_owned(),
        href: href.to_owned(),
        media_type,
        properties: None,
        in_spine,
    };
    let mut items = vec![
        item("title-page", TITLE_FILE, XHTML, true),
        Item {
            properties: Some("nav"),
            ..item("nav", NAV_FILE, XHTML, true)
        },
    ];
    for plan in &book.reports {
        items.push(item(&plan.item_id, &plan.file, XHTML, true));
    }
    for document in &book.notes_documents {
        items.push(item(&document.item_id, &document.file, XHTML, true));
    }
    items.push(item("ncx", NCX_FILE, "application/x-dtbncx+xml", false));
    items.push(item("css", STYLESHEET_FILE, "text/css", false));
    for file in &book.images.files {
        items.push(Item {
            id: file.item_id.clone(),
            href: file.file.clone(),
            media_type: file.image.media_type.as_str(),
            properties: None,
            in_spine: false,
        });
    }
    if book.options.embed_fonts {
        for (k, face) in folio_fonts::faces().iter().enumerate() {
            items.push(item(
                &format!("font-{}", k + 1),
                &font_path(face),
                "font/ttf",
                false,
            ));
        }
        items.push(item("font-licence", FONT_LICENSE_FILE, "text/plain", false));
    }
    items
}
