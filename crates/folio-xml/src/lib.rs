//! The XML editions of folio: folio XML (written and read back), DocBook 5 and JATS 1.3
//! (BITS 2.0 for a book of several reports), written from one resolved publication.
//!
//! ```
//! use folio_model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
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
//!
//! let xml = folio_xml::export_folio_xml(&resolved);
//! let text = std::str::from_utf8(&xml).unwrap();
//! assert_eq!(folio_xml::read_folio_xml(text).unwrap(), publication);
//!
//! let docbook = String::from_utf8(folio_xml::export_docbook(&resolved)).unwrap();
//! assert!(docbook.contains("<footnote xml:id=\"n1\"><para>UN records, 1998.</para></footnote>"));
//! let jats = String::from_utf8(folio_xml::export_jats(&resolved)).unwrap();
//! assert!(jats.contains("<xref ref-type=\"fn\" rid=\"n1\" id=\"r1\">1</xref>"));
//! ```
//!
//! Every edition is UTF-8, indented two spaces per level, with the inline content of a
//! paragraph or heading on one line so that indentation never changes the text. The same
//! publication always gives the same bytes. The output is valid when the resolved
//! publication has no errors (see `Resolved::has_errors`). DocBook and JATS carry the
//! publication's identifier when it has one; they derive none, since working one out from
//! the content takes longer than writing a whole volume.

mod docbook;
mod events;
mod folio;
mod html_table;
mod inlines;
mod jats;
mod jats_report;
mod markup;
mod media;
mod metadata;
mod read;
mod sections;

use folio_model::{Publication, ReportSource, Resolved};

pub use events::MAX_DEPTH;
pub use folio::{NAMESPACE, VERSION};

/// Options of the XML editions ([`export_folio_xml_with`], [`export_docbook_with`],
/// [`export_jats_with`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct XmlOptions {
    /// The folder, relative to the XML file, where the publication's images are copied
    /// (`folio export` makes `NAME.media` beside `NAME.xml`, `NAME.docbook.xml` and
    /// `NAME.jats.xml`). An image is then named as [`folio_model::Image::media_path`]
    /// names it in that folder (`NAME.media/charts/casualties.png`; a source path that
    /// is not plain is given a safe name there), which never leaves the folder. Default:
    /// `None`, each image named by its source path as the input gives it (relative to
    /// the input, so right for XML written beside it). Either way a character a URI
    /// cannot hold as it is (a space, `%`, `#`...) is percent-encoded.
    pub media_folder: Option<String>,
}

impl XmlOptions {
    /// The default options with the images in `folder`, relative to the XML file.
    pub fn with_media_folder(folder: impl Into<String>) -> Self {
        Self {
            media_folder: Some(folder.into()),
        }
    }
}

/// Why a folio XML document could not be read. Each error says where, as a 1-based line
/// and a column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// The text is not well-formed XML, or not folio XML of this version's shape.
    #[error("invalid folio XML at line {line}, column {column}: {problem}")]
    Invalid {
        /// Line of the problem, from 1.
        line: u32,
        /// Column of the problem, from 1.
        column: u32,
        /// What is wrong.
        problem: String,
    },
    /// The document has a DOCTYPE that declares entities or names an external DTD.
    /// Refused at once, before anything is expanded or fetched: such declarations are
    /// how the "billion laughs" and external-entity (XXE) attacks work.
    #[error(
        "folio XML refuses a DOCTYPE that declares entities or names an external DTD \
         (line {line}, column {column})"
    )]
    UnsafeDoctype {
        /// Line of the DOCTYPE, from 1.
        line: u32,
        /// Column of the DOCTYPE, from 1.
        column: u32,
    },
    /// The document is folio XML of another version.
    #[error(
        "folio XML version {found:?} is not supported (this folio reads version {VERSION}) \
         at line {line}, column {column}"
    )]
    UnsupportedVersion {
        /// Line of the root element, from 1.
        line: u32,
        /// Column of the root element, from 1.
        column: u32,
        /// The version the document gives.
        found: String,
    },
}

impl XmlError {
    /// Where the problem is: line and column, both from 1.
    pub fn location(&self) -> (u32, u32) {
        match self {
            XmlError::Invalid { line, column, .. }
            | XmlError::UnsafeDoctype { line, column }
            | XmlError::UnsupportedVersion { line, column, .. } => (*line, *column),
        }
    }
}

/// folio XML: the publication written one to one, in the namespace [`NAMESPACE`], with
/// `version="1"`. [`read_folio_xml`] gives back exactly the same publication. Its RELAX
/// NG schema is `schema/folio.rnc` in this crate. A figure's image is named by its
/// source path.
pub fn export_folio_xml(resolved: &Resolved<'_>) -> Vec<u8> {
    folio::write_publication(resolved.publication, None)
}

/// folio XML as [`export_folio_xml`] writes it, with the images named as `options`
/// say: under [`XmlOptions::media_folder`] when it is set (read back, such a document
/// gives the same publication but for the images' `src`, which is then the path
/// written).
pub fn export_folio_xml_with(resolved: &Resolved<'_>, options: &XmlOptions) -> Vec<u8> {
    folio::write_publication(resolved.publication, options.media_folder.as_deref())
}

/// DocBook 5.0: an `<article>` for a publication of one report, else a `<book>` with a
/// `<chapter>` per report. Sections are nested from the headings; the summary is a
/// `<sidebar>`; a note is a `<footnote>` at its first reference and a `<footnoteref>` at
/// every later one; notes never cited are listed in a last section of their report,
/// "Notes not cited in the text". A figure is a `<figure>` titled by its caption (an
/// `<informalfigure>` without one) holding a `<mediaobject>` with the image and its alt
/// text. Valid against DocBook's RELAX NG schema. Images are named by their source paths
/// ([`export_docbook_with`] names them in a media folder).
pub fn export_docbook(resolved: &Resolved<'_>) -> Vec<u8> {
    docbook::write_docbook(resolved, &XmlOptions::default())
}

/// DocBook 5.0 as [`export_docbook`] writes it, with these options.
pub fn export_docbook_with(resolved: &Resolved<'_>, options: &XmlOptions) -> Vec<u8> {
    docbook::write_docbook(resolved, options)
}

/// JATS: for a publication of one report, a JATS 1.3 `<article>` of the Archiving and
/// Interchange tag set (the tag set whose front matter fits a report that is not in a
/// journal); for several reports, a BITS 2.0 `<book>` with a `<book-part>` per report.
/// Sections are nested from the headings, the summary is a `<boxed-text>`, note
/// references are `<xref ref-type="fn">`, and each report's notes are an `<fn-group>` in
/// its `<back>`. A figure is a `<fig>` with its label ("Figure 2"), its caption and a
/// `<graphic>` holding its alt text. Images are named by their source paths
/// ([`export_jats_with`] names them in a media folder).
pub fn export_jats(resolved: &Resolved<'_>) -> Vec<u8> {
    jats::write_jats(resolved, &XmlOptions::default())
}

/// JATS as [`export_jats`] writes it, with these options.
pub fn export_jats_with(resolved: &Resolved<'_>, options: &XmlOptions) -> Vec<u8> {
    jats::write_jats(resolved, options)
}

/// Reads a folio XML document back into the publication it was written from.
///
/// A DOCTYPE that declares entities or names an external DTD is refused at once
/// ([`XmlError::UnsafeDoctype`]); no external entity is ever read, and only the five
/// predefined entities and character references are resolved.
///
/// Elements may nest [`MAX_DEPTH`] levels deep; [`read_folio_xml_nested`] allows more.
pub fn read_folio_xml(text: &str) -> Result<Publication, XmlError> {
    read::read_publication(text, MAX_DEPTH, read::Levels::Any).map(|(publication, _)| publication)
}

/// Reads folio XML as [`read_folio_xml`] does, with elements nesting at most `max_depth`
/// levels. The reader recurses once per level: a deep document wants a thread with a
/// large stack (64 MiB reads 1,000 levels).
pub fn read_folio_xml_nested(text: &str, max_depth: usize) -> Result<Publication, XmlError> {
    read::read_publication(text, max_depth, read::Levels::Any).map(|(publication, _)| publication)
}

/// Reads folio XML given as input, as [`read_folio_xml_nested`] does, with where each
/// report's parts stand in `text`, read from `file`: one [`ReportSource`] per report,
/// whose notes are the places of its `<endnote>` tags, whose references those of the
/// `<note-ref>` tags of its summary and body, whose tables those of its `<table>`
/// tags, and whose figures those of its `<image>` tags, so that `resolve()` names them in its diagnostics (a reference to no note, a
/// span past the table, an empty table).
///
/// A heading level outside 1 to 6 (which the schema refuses, and `resolve()` too) is an
/// error at its `level` attribute. [`read_folio_xml`] takes levels 0 to 255, so that any
/// model folio writes reads back whole.
pub fn read_folio_xml_located(
    text: &str,
    file: &str,
    max_depth: usize,
) -> Result<(Publication, Vec<ReportSource>), XmlError> {
    let (publication, places) = read::read_publication(text, max_depth, read::Levels::Schema)?;
    let offsets: Vec<usize> = places
        .iter()
        .flat_map(|places| {
            places
                .notes
                .iter()
                .chain(&places.refs)
                .chain(&places.tables)
                .chain(&places.figures)
        })
        .copied()
        .collect();
    let mut positions = read::line_columns(text, &offsets).into_iter();
    let sources = places
        .iter()
        .map(|places| ReportSource {
            file: file.to_owned(),
            notes: positions.by_ref().take(places.notes.len()).collect(),
            refs: positions.by_ref().take(places.refs.len()).collect(),
            tables: positions.by_ref().take(places.tables.len()).collect(),
            figures: positions.by_ref().take(places.figures.len()).collect(),
        })
        .collect();
    Ok((publication, sources))
}
