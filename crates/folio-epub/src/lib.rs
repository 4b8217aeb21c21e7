//! The EPUB 3 edition of folio: one XHTML document per report, endnotes that pop up and
//! link back, a nav document and an NCX, accessibility metadata, and the same bytes for
//! the same input.
//!
//! ```
//! use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
//! use folio_epub::{export_epub, EpubOptions};
//!
//! let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
//!     .report(
//!         ReportBuilder::new("North Korea")
//!             .heading("Mine Ban Policy")
//!             .paragraph(|p| p.text("Not a party.").note(|n| n.text("UN records, 1998.")))
//!             .build(),
//!     )
//!     .build();
//! let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
//! let epub = export_epub(&resolved, &EpubOptions::default())?;
//! assert!(epub.bytes.starts_with(b"PK\x03\x04"));
//! assert!(epub.warnings.is_empty());
//! # Ok::<(), folio_epub::EpubError>(())
//! ```
//!
//! The book holds a title page, a nav document (table of contents, landmarks and, given
//! a [`PageMap`], a page-list), an EPUB 2 NCX, a stylesheet, the shipped Noto Serif
//! faces with their licence, and one XHTML document per report; each report's notes
//! follow it (or, with [`NotePlacement::EndOfBook`], go after the reports, in a notes
//! document per report, split further when one would pass 250 KB).

mod assemble;
mod book;
mod document;
mod figure;
mod html;
mod images;
mod link;
mod markup;
mod nav;
mod ncx;
mod notes;
mod opf;
mod package;
mod pages;
mod style;
mod subset;
mod table;
mod text;
mod title;
mod toc;

/// Entry points into the writer's stages for the criterion benchmarks
/// (`crates/folio-epub/benches/`). **Not part of the stable API**: compiled only with the
/// non-default feature `bench-internals`, hidden from the docs.
#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench {
    use folio_model::Resolved;

    use crate::EpubOptions;

    /// Plans the book and writes the XHTML document of every report, as the export does,
    /// without packaging them; returns their total length in bytes.
    pub fn report_documents(resolved: &Resolved<'_>, options: &EpubOptions) -> usize {
        let book = crate::book::Book::new(resolved, options);
        let mut warnings = Vec::new();
        (0..book.reports.len())
            .map(|r| {
                crate::text::report_document(&book, r, &mut warnings)
                    .0
                    .len()
            })
            .sum()
    }
}

pub use html::{
    HtmlHeading, HtmlImage, HtmlReport, HtmlReports, RESERVED_IDS, escape_html, html_reports,
    subset_faces, text_stylesheet,
};

use folio_model::{Diagnostic, NotePlacement, PageMap, Resolved, Timestamp};

/// Options for [`export_epub`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EpubOptions {
    /// The book's `dcterms:modified` date, also used as the date of every file in the
    /// package. Default: [`Timestamp::FALLBACK`]; callers usually pass
    /// [`Timestamp::for_publication`], never the current time, so that the same input
    /// gives the same bytes.
    pub modified: Timestamp,
    /// Whether to embed the shipped Noto Serif faces (with their licence) and name them
    /// in the stylesheet. Default: `true`. Without them, reading systems use their own
    /// serif.
    pub embed_fonts: bool,
    /// Where the notes go. Default: [`NotePlacement::EndOfReport`], after each report in
    /// the report's own document. [`NotePlacement::EndOfBook`] puts them after the
    /// reports, in a notes document per report under its title (more than one when its
    /// notes pass 250 KB); [`NotePlacement::FootOfPage`] means
    /// nothing to a book without pages and is set as `EndOfReport`.
    pub notes: NotePlacement,
    /// Where the pages of the print edition begin. Default: `None`. When given, the book
    /// marks each page's start (`epub:type="pagebreak"`) and lists the pages in the nav
    /// document's page-list, so that readers can cite print page numbers.
    pub page_map: Option<PageMap>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        Self {
            modified: Timestamp::FALLBACK,
            embed_fonts: true,
            notes: NotePlacement::EndOfReport,
            page_map: None,
        }
    }
}

impl EpubOptions {
    /// The default options with this modification date.
    pub fn modified(modified: Timestamp) -> Self {
        Self {
            modified,
            ..Self::default()
        }
    }
}

/// An exported EPUB.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Epub {
    /// The EPUB file.
    pub bytes: Vec<u8>,
    /// What is worth knowing about the export: characters left out, page starts the
    /// publication does not have, links kept as text.
    pub warnings: Vec<Diagnostic>,
}

/// Why an EPUB could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EpubError {
    /// The publication has errors (a reference to no note, two notes with one label):
    /// its book would be wrong.
    #[error("the publication has errors ({errors}); an epub of it would be wrong")]
    Unresolved {
        /// How many errors `resolve()` reported.
        errors: usize,
    },
    /// The resolved form does not belong to its publication (it has another number of
    /// reports): it was changed after `resolve()`.
    #[error("the resolved publication does not match its reports; resolve it again")]
    Mismatched,
    /// The zip package could not be written.
    #[error("cannot write the epub package")]
    Package(#[source] std::io::Error),
}

/// Writes the EPUB 3 edition of a resolved publication.
///
/// Fails when the publication has errors; what is merely worth knowing comes back as
/// [`Epub::warnings`].
pub fn export_epub(resolved: &Resolved<'_>, options: &EpubOptions) -> Result<Epub, EpubError> {
    writable(resolved)?;
    let (bytes, warnings) = assemble::assemble(resolved, options).map_err(EpubError::Package)?;
    Ok(Epub { bytes, warnings })
}

/// Whether the documents of `resolved` can be written: no errors, and the resolved form
/// still that of its publication (as many reports, each with as many notes).
pub(crate) fn writable(resolved: &Resolved<'_>) -> Result<(), EpubError> {
    if resolved.has_errors() {
        return Err(EpubError::Unresolved {
            errors: resolved.error_count(),
        });
    }
    let publication = resolved.publication;
    let notes_match = resolved
        .reports
        .iter()
        .zip(&publication.reports)
        .all(|(r, report)| r.notes.len() == report.endnotes.len());
    if resolved.reports.len() != publication.reports.len() || !notes_match {
        return Err(EpubError::Mismatched);
    }
    Ok(())
}
