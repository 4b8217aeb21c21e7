//! The reports as HTML for the web: the text, notes, tables and figures of the EPUB's
//! documents, written as HTML5 (no `epub:type`, no `xml:lang`, void elements without
//! their slash), each report an `<article>` with its notes after it. folio's web
//! edition (the `folio-html` crate) puts each in a page of its own.
//!
//! ```
//! use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
//!
//! let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
//!     .report(
//!         ReportBuilder::new("North Korea")
//!             .paragraph(|p| p.text("Not a party.").note(|n| n.text("UN records, 1998.")))
//!             .build(),
//!     )
//!     .build();
//! let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
//! let html = folio_epub::html_reports(&resolved)?;
//! let report = &html.reports[0];
//! assert!(report.body.starts_with("<article aria-labelledby="));
//! assert!(report.body.contains("role=\"doc-noteref\""));
//! assert!(!report.body.contains("epub:type"));
//! # Ok::<(), folio_epub::EpubError>(())
//! ```

use std::sync::Arc;

use folio_model::{Block, Diagnostic, Resolved, plain_text};

use crate::book::Book;
use crate::markup::Dropped;
use crate::{EpubError, EpubOptions};

/// The reports of a publication as HTML, with what their pages need around them.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HtmlReports {
    /// The publication's title, never empty.
    pub title: String,
    /// The publication's language, a well-formed BCP 47 tag.
    pub language: String,
    /// One per report, in order.
    pub reports: Vec<HtmlReport>,
    /// The images the reports show, each once; the reports name them by
    /// [`HtmlImage::file`], relative to the pages.
    pub images: Vec<HtmlImage>,
    /// Ids the pages may use for their own parts (`main`, `search`...), taken by no
    /// report: see [`HtmlReports::reserved`].
    pub reserved: Vec<String>,
    /// What is worth knowing: images without bytes, characters HTML forbids left out.
    pub warnings: Vec<Diagnostic>,
}

/// One report as HTML.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HtmlReport {
    /// The file its page should have (`report-north-korea.html`): the other reports'
    /// links to it use this name.
    pub file: String,
    /// Its title, never empty.
    pub title: String,
    /// The id of its `<h1>`.
    pub title_id: String,
    /// Its own language, when it is not the publication's.
    pub language: Option<String>,
    /// Its top-level headings, in order: their ids and text.
    pub headings: Vec<HtmlHeading>,
    /// The `<article>`, notes and all.
    pub body: String,
}

/// A heading of a report, for a contents list or a search index.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HtmlHeading {
    /// The heading's id in the report's page.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// An image a report shows.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HtmlImage {
    /// Its path, relative to the pages (`images/casualties.png`).
    pub file: String,
    /// Its bytes, shared with the publication.
    pub data: Arc<[u8]>,
}

/// The ids [`HtmlReports::reserved`] holds, in this order, each made unique against the
/// reports' ids (a heading of a report may take "main").
pub const RESERVED_IDS: [&str; 5] = [
    "main",
    "search",
    "search-results",
    "note-popover",
    "contents",
];

/// Writes the reports of `resolved` as HTML.
///
/// Fails as [`crate::export_epub`] does, when the publication has errors.
pub fn html_reports(resolved: &Resolved<'_>) -> Result<HtmlReports, EpubError> {
    crate::writable(resolved)?;
    let publication = resolved.publication;
    let options = EpubOptions::default();
    let book = Book::for_web(resolved, &options);
    let reserved = book.ids.reserved.clone();
    let mut warnings = book.warnings.clone();
    let mut dropped = Dropped::default();
    let reports = book
        .reports
        .iter()
        .enumerate()
        .map(|(r, plan)| {
            let (body, left_out) = crate::text::report_document(&book, r, &mut warnings);
            dropped.merge(left_out);
            let report = &publication.reports[r];
            let headings = report
                .body
                .iter()
                .zip(&plan.heading_ids)
                .filter_map(|(block, id)| match (block, id) {
                    (Block::Heading { content, .. }, Some(id)) => Some(HtmlHeading {
                        id: id.clone(),
                        text: plain_text(content),
                    }),
                    _ => None,
                })
                .collect();
            HtmlReport {
                file: plan.file.clone(),
                title: plan.title.clone(),
                title_id: plan.title_id.clone(),
                language: plan.language.clone(),
                headings,
                body,
            }
        })
        .collect();
    let images = book
        .images
        .files
        .iter()
        .map(|file| HtmlImage {
            file: file.file.clone(),
            data: file.image.data.0.clone(),
        })
        .collect();
    warnings.extend(dropped.warning());
    Ok(HtmlReports {
        title: book.title.clone(),
        language: book.language.clone(),
        reports,
        images,
        reserved,
        warnings,
    })
}

/// Appends `text` to `out` escaped as the documents' text and attribute values are
/// (`&`, `<`, `>`, `"`; tab and line ends as character references), with the
/// characters HTML forbids (controls, noncharacters) left out: for the markup a web
/// page writes around [`HtmlReport::body`].
pub fn escape_html(out: &mut String, text: &str) {
    crate::markup::escape_into(out, text, true, &mut Dropped::default());
}

/// The shipped faces ([`folio_fonts::faces`], in that order) cut down to the characters
/// of `texts` (and printable ASCII, and the punctuation a browser may add), as the
/// EPUB's are; a face that cannot be cut is given whole.
pub fn subset_faces<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<Vec<u8>> {
    let mut chars = crate::subset::Chars::new();
    for text in texts {
        chars.add(text);
    }
    let data: Vec<&'static [u8]> = folio_fonts::faces().iter().map(|f| f.data).collect();
    crate::subset::subset_all(&data, &chars)
}

/// The EPUB's stylesheet for the text (headings, notes, the summary, and tables and
/// figures when `tables` and `figures`), without `@font-face` rules: a base for a web
/// page's own.
pub fn text_stylesheet(tables: bool, figures: bool) -> String {
    crate::style::stylesheet(false, tables, figures)
}
