//! The PDF print edition of folio: a publication typeset (shaped with rustybuzz, broken
//! into lines by a total-fit algorithm with hyphenation, paginated with widow, orphan and
//! heading control) and written with krilla.
//!
//! ```
//! use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
//!
//! let publication = PublicationBuilder::new("North Korea")
//!     .report(
//!         ReportBuilder::new("North Korea")
//!             .heading("Mine Ban Policy")
//!             .paragraph(|p| p.text("Not a party.").note(|n| n.text("UN records, 1998.")))
//!             .build(),
//!     )
//!     .build();
//! let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
//! let pdf = folio_pdf::export_pdf(&resolved, &folio_pdf::PdfOptions::default())?;
//! assert!(pdf.bytes.starts_with(b"%PDF-"));
//! assert_eq!(pdf.page_count, 1);
//! # Ok::<(), folio_pdf::PdfError>(())
//! ```

#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench;
mod bidi;
mod book;
mod flow;
mod fonts;
mod geometry;
mod hyphenate;
mod image;
mod linebreak;
mod paginate;
mod paragraph;
mod shape;
mod standard;
mod structure;
mod style;
mod table;
mod table_layout;
mod tags;
mod write;

use folio_model::{Diagnostic, NotePlacement, PageMap, PageStart, Resolved, Timestamp};

pub use fonts::FallbackFont;
pub use geometry::{Margins, PageSize, PageSizeError, Rect};
pub use standard::{PdfStandard, PdfStandardError};

/// Options for [`export_pdf`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PdfOptions {
    /// The page size. Default: A4.
    pub page_size: PageSize,
    /// The margins. Default: `None`, margins suited to the page size.
    pub margins: Option<Margins>,
    /// Where the notes go. Default: at the end of each report.
    pub notes: NotePlacement,
    /// Fonts tried in order for characters the shipped family lacks. Default: none.
    pub fallback_fonts: Vec<FallbackFont>,
    /// The document's date (CreationDate and ModDate in the info dictionary and XMP).
    /// Default: `None`, no date: viewers then show none rather than a made-up one. The
    /// CLI passes `SOURCE_DATE_EPOCH` or the publication date when there is one. PDF/A
    /// requires a date: a PDF/A without one is dated [`Timestamp::FALLBACK`]
    /// (2000-01-01).
    pub modified: Option<Timestamp>,
    /// Whether the PDF is tagged (its logical structure and reading order recorded for
    /// screen readers and reflow). Default: true.
    pub tagged: bool,
    /// The standards the PDF must conform to, checked by krilla's validators when it is
    /// written: a failed check is an error naming what is missing. Default: none.
    pub standards: Vec<PdfStandard>,
    /// When true, `standards` are wanted, not required: if the content cannot meet them
    /// (a character no font can show cannot be PDF/UA or PDF/A), the PDF is written
    /// tagged but without them, and a warning says why. Default: false.
    pub standards_if_possible: bool,
    /// How hard the page streams are compressed (deflate), from 0 (stored) to 9
    /// (smallest); above 9 counts as 9. Default: [`PdfOptions::COMPRESSION_LEVEL`], 3:
    /// on the 150-report benchmark volume the PDF is 7% larger than at zlib's usual 6,
    /// and written 20% faster.
    pub compression_level: u8,
}

impl PdfOptions {
    /// The default [`PdfOptions::compression_level`].
    pub const COMPRESSION_LEVEL: u8 = 3;
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            page_size: PageSize::A4,
            margins: None,
            notes: NotePlacement::EndOfReport,
            fallback_fonts: Vec::new(),
            modified: None,
            tagged: true,
            standards: Vec::new(),
            standards_if_possible: false,
            compression_level: Self::COMPRESSION_LEVEL,
        }
    }
}

/// A PDF edition.
#[derive(Debug)]
#[non_exhaustive]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Problems worth knowing: characters no font could show.
    pub warnings: Vec<Diagnostic>,
    /// Where each page begins in the content, for an e-book's page list.
    pub page_map: PageMap,
    /// How many pages the PDF has.
    pub page_count: usize,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// A font file could not be used.
    #[error("cannot use the font {name}: {reason}")]
    Font {
        /// The font, as the user named it.
        name: String,
        /// Why.
        reason: String,
    },
    /// The page size cannot make a page: a side that is not a number, under 3 points or
    /// over 14,400 (200 in, the most PDF readers take).
    #[error("the page size cannot make a page")]
    PageSize,
    /// The PDF writer failed.
    #[error("cannot write the PDF: {0}")]
    Write(String),
    /// A figure's image cannot be read: its bytes are not the image its media type says.
    #[error("cannot use the image {src}: {reason}")]
    Image {
        /// The image, by the path its source names it by.
        src: String,
        /// Why.
        reason: String,
    },
    /// Text would be set outside the page, where no reader sees it: the page size and
    /// margins leave it no room. Nothing is written rather than text lost.
    #[error("cannot place the text on the page: {0}")]
    Placement(String),
    /// Something laid out would be lost on the way to the PDF: a link or outline entry
    /// leading to no place in the book, text in a font the book does not hold. A fault
    /// of folio's, reported rather than written as a PDF that lacks it.
    #[error("the layout lost something: {0}")]
    Layout(String),
    /// The PDF does not meet a standard asked for.
    #[error("the PDF does not conform to {standards}: {problems}")]
    Conformance {
        /// The standards asked for.
        standards: String,
        /// What is missing or wrong, one problem after another.
        problems: String,
    },
}

/// Typesets `resolved` and writes it as a PDF. It gives the bytes [`typeset`] then
/// [`Typeset::write`] give, sooner: see [`export_pdf_into`].
pub fn export_pdf(resolved: &Resolved<'_>, options: &PdfOptions) -> Result<Pdf, PdfError> {
    export_pdf_to(resolved, options, None, &mut |_| {})
}

/// Typesets `resolved` and writes it as a PDF at once, handing the file to `out` as it
/// is written, as [`Typeset::write_into`] does (the returned [`Pdf`]'s `bytes` are
/// empty); `laid_out` is given the page map (see [`Typeset::page_map`]) as soon as the
/// last page is laid out, before the PDF is finished: an e-book's page list can be made
/// from it meanwhile.
///
/// Each report's pages are written as soon as it and the reports before it are laid
/// out, while the next reports are being laid out on the other cores, and the title page
/// and contents last (they take the body's page numbers; the PDF still shows them
/// first). The bytes are those of [`typeset`] then [`Typeset::write`], the same for the
/// same input. With notes at the end of the book, which every report links to, the whole
/// book is laid out before its first page is written. When `standards` are only wanted
/// and the content cannot meet them, the book is set again and written without them:
/// `out` is told to [`PdfOut::restart`].
///
/// ```
/// use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
///
/// let publication = PublicationBuilder::new("Landmine Monitor")
///     .report(ReportBuilder::new("Angola").paragraph(|p| p.text("A party.")).build())
///     .report(ReportBuilder::new("Kenya").paragraph(|p| p.text("A party.")).build())
///     .build();
/// let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
/// let options = folio_pdf::PdfOptions::default();
/// let mut file = Vec::new();
/// let mut pages = 0;
/// let pdf = folio_pdf::export_pdf_into(&resolved, &options, &mut file, &mut |map| {
///     pages = map.pages.len();
/// })?;
/// // the two reports' pages, and the title page and contents
/// assert_eq!((pages, pdf.page_count), (2, 4));
/// assert_eq!(file, folio_pdf::typeset(&resolved, &options)?.write()?.bytes);
/// # Ok::<(), folio_pdf::PdfError>(())
/// ```
pub fn export_pdf_into(
    resolved: &Resolved<'_>,
    options: &PdfOptions,
    out: &mut dyn PdfOut,
    laid_out: &mut dyn FnMut(&PageMap),
) -> Result<Pdf, PdfError> {
    export_pdf_to(resolved, options, Some(out), laid_out)
}

fn export_pdf_to(
    resolved: &Resolved<'_>,
    options: &PdfOptions,
    out: Option<&mut dyn PdfOut>,
    laid_out: &mut dyn FnMut(&PageMap),
) -> Result<Pdf, PdfError> {
    if options.notes == NotePlacement::EndOfBook {
        let typeset = typeset(resolved, options)?;
        laid_out(typeset.page_map());
        return typeset.write_to(out);
    }
    let fonts = fonts_for(options)?;
    let frame = book::Frame::new(options);
    let lay_out = |take: &mut dyn FnMut(book::ReportPages)| {
        book::lay_out_reports(resolved, options, &fonts, frame, take);
    };
    let mut page_map = PageMap::default();
    let (bytes, warnings, page_count) = write_book(
        resolved,
        options,
        &fonts,
        book::BookBuilder::new(resolved, options, frame),
        Some(&lay_out),
        &mut |book| {
            page_map = book_page_map(book);
            laid_out(&page_map);
        },
        out,
    )?;
    Ok(Pdf {
        bytes,
        warnings,
        page_map,
        page_count,
    })
}

/// Writes the book `builder` holds, or with `lay_out` lays it out as it is written (see
/// [`write::write`]; `laid_out` sees it once it is laid out), with the standards of
/// `options`. When they are only wanted and the content cannot meet them (a character
/// no font has, or what krilla's validators find), the PDF is written again without
/// them, its book set again (rare), and a warning, first, says why. Gives the file (or
/// nothing, when it went to `out`), the warnings and the number of pages.
fn write_book<'r>(
    resolved: &'r Resolved<'r>,
    options: &PdfOptions,
    fonts: &fonts::FontBook,
    mut builder: book::BookBuilder<'r>,
    lay_out: Option<write::LayOut<'_>>,
    laid_out: &mut dyn FnMut(&book::Book),
    mut out: Option<&mut dyn PdfOut>,
) -> Result<(Vec<u8>, Vec<Diagnostic>, usize), PdfError> {
    const NO_FONT: &str = "some characters have no font (below)";
    let mut typesetter = paragraph::Typesetter::new(shape::Shaper::new(fonts));
    let wanted = (options.standards_if_possible && !options.standards.is_empty()).then(|| {
        options
            .standards
            .iter()
            .map(PdfStandard::to_string)
            .collect::<Vec<_>>()
            .join(" and ")
    });
    let plain = PdfOptions {
        standards: Vec::new(),
        ..options.clone()
    };
    // a box for a missing character meets no standard
    let unmet = |book: &book::Book| wanted.is_some() && !book.missing.is_empty();
    // known before a page is written (the book laid out whole): written once, without them
    let mut reason = unmet(&builder.book).then(|| NO_FONT.to_owned());
    let mut bytes = None;
    let mut again = None;
    if reason.is_none() {
        let first = write::write(
            &mut builder,
            lay_out,
            &mut |book| {
                laid_out(book);
                !unmet(book)
            },
            resolved,
            fonts,
            &mut typesetter,
            options,
            out.as_mut().map(|out| &mut **out as &mut dyn PdfOut),
        );
        match first {
            Ok(written) => bytes = written,
            Err(PdfError::Conformance { problems, .. }) if options.standards_if_possible => {
                reason = Some(problems);
            }
            Err(e) => return Err(e),
        }
        if bytes.is_none() {
            // not finished, for a character no font has, or refused by the validators;
            // writing gave the pages' lines away: set the book again
            reason.get_or_insert_with(|| NO_FONT.to_owned());
            if let Some(out) = out.as_mut() {
                out.restart();
            }
            again = Some(book::typeset(resolved, options, fonts));
        }
    }
    if bytes.is_none() {
        bytes = write::write(
            again.as_mut().unwrap_or(&mut builder),
            None,
            &mut |_| true,
            resolved,
            fonts,
            &mut typesetter,
            &plain,
            out,
        )?;
    }
    let mut warnings = missing_warnings(&builder.book.missing);
    if let (Some(wanted), Some(reason)) = (wanted, reason) {
        warnings.insert(
            0,
            Diagnostic::warning(format!("the PDF is tagged, not {wanted}: {reason}")),
        );
    }
    Ok((
        bytes.unwrap_or_default(),
        warnings,
        builder.book.pages.len(),
    ))
}

/// Typesets `resolved`: its pages laid out, ready to be written with [`Typeset::write`].
/// What depends on the layout alone, such as the page map an e-book's page list takes,
/// is known from here, so other work can go on while the PDF is written.
///
/// ```
/// use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
///
/// let publication = PublicationBuilder::new("North Korea")
///     .report(ReportBuilder::new("North Korea").paragraph(|p| p.text("Not a party.")).build())
///     .build();
/// let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
/// let typeset = folio_pdf::typeset(&resolved, &folio_pdf::PdfOptions::default())?;
/// // known before the PDF is written: an EPUB could be made from it meanwhile
/// let page_map = typeset.page_map().clone();
/// assert_eq!((typeset.page_count(), page_map.pages.len()), (1, 1));
/// let pdf = std::thread::scope(|scope| {
///     let pdf = scope.spawn(|| typeset.write());
///     // ... the EPUB, with `page_map`, here ...
///     pdf.join().unwrap()
/// })?;
/// assert!(pdf.bytes.starts_with(b"%PDF-"));
/// # Ok::<(), folio_pdf::PdfError>(())
/// ```
pub fn typeset<'a>(
    resolved: &'a Resolved<'a>,
    options: &PdfOptions,
) -> Result<Typeset<'a>, PdfError> {
    let fonts = fonts_for(options)?;
    let builder = book::typeset(resolved, options, &fonts);
    let page_map = book_page_map(&builder.book);
    Ok(Typeset {
        resolved,
        options: options.clone(),
        fonts,
        builder,
        page_map,
    })
}

/// The fonts to typeset with, once the page size is known to make a page (checked before
/// typesetting: a measure kilometres wide would take forever to fill).
fn fonts_for(options: &PdfOptions) -> Result<fonts::FontBook, PdfError> {
    if !options.page_size.fits_pdf() {
        return Err(PdfError::PageSize);
    }
    fonts::FontBook::new(&options.fallback_fonts)
}

/// Where each page of the body begins in the content.
fn book_page_map(book: &book::Book) -> PageMap {
    PageMap {
        pages: book
            .pages
            .iter()
            .filter(|p| !p.front)
            .filter_map(|p| {
                let (report, place) = p.page.start?;
                Some(PageStart {
                    label: p.label.clone(),
                    report,
                    place,
                })
            })
            .collect(),
    }
}

/// A warning for each character no font could show.
fn missing_warnings(missing: &[char]) -> Vec<Diagnostic> {
    missing
        .iter()
        .map(|&c| {
            Diagnostic::warning(format!(
                "no font can show U+{:04X} {c:?}; it is drawn as a box",
                u32::from(c)
            ))
            .hint("add a font that has it with --font FILE")
        })
        .collect()
}

/// Where [`Typeset::write_into`] hands the PDF, piece by piece, as it is written.
pub trait PdfOut {
    /// The next bytes of the file.
    fn piece(&mut self, bytes: Vec<u8>);
    /// Forget the pieces handed over so far: the PDF is written again from its start
    /// (it could not meet the standards asked for, and `standards_if_possible` is set).
    fn restart(&mut self);
}

/// The pieces, one after the other: the whole file.
impl PdfOut for Vec<u8> {
    fn piece(&mut self, bytes: Vec<u8>) {
        if self.is_empty() {
            *self = bytes;
        } else {
            self.extend_from_slice(&bytes);
        }
    }

    fn restart(&mut self) {
        self.clear();
    }
}

/// A publication typeset for print, not yet written: see [`typeset`].
#[must_use = "a typeset publication does nothing until it is written"]
pub struct Typeset<'a> {
    resolved: &'a Resolved<'a>,
    options: PdfOptions,
    fonts: fonts::FontBook,
    builder: book::BookBuilder<'a>,
    page_map: PageMap,
}

impl std::fmt::Debug for Typeset<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeset")
            .field("page_count", &self.page_count())
            .finish_non_exhaustive()
    }
}

impl Typeset<'_> {
    /// Where each page begins in the content, for an e-book's page list.
    pub fn page_map(&self) -> &PageMap {
        &self.page_map
    }

    /// How many pages the PDF has.
    pub fn page_count(&self) -> usize {
        self.builder.book.pages.len()
    }

    /// Writes the pages as a PDF.
    pub fn write(self) -> Result<Pdf, PdfError> {
        self.write_to(None)
    }

    /// Writes the pages as a PDF and hands the file to `out` as it is written, in
    /// pieces of about a megabyte (the returned [`Pdf`]'s `bytes` are empty): a
    /// caller can write them out meanwhile, and holds no copy of the whole file. The
    /// pieces are the bytes [`Typeset::write`] gives, the same for the same input.
    /// On an error, the pieces handed over so far are no PDF: throw them away.
    pub fn write_into(self, out: &mut dyn PdfOut) -> Result<Pdf, PdfError> {
        self.write_to(Some(out))
    }

    fn write_to(self, out: Option<&mut dyn PdfOut>) -> Result<Pdf, PdfError> {
        let Typeset {
            resolved,
            options,
            fonts,
            builder,
            page_map,
        } = self;
        let (bytes, warnings, page_count) =
            write_book(resolved, &options, &fonts, builder, None, &mut |_| {}, out)?;
        Ok(Pdf {
            bytes,
            warnings,
            page_map,
            page_count,
        })
    }
}
