//! folio turns reports with endnotes into a print PDF, an EPUB 3 e-book and XML print
//! editions, from one model.
//!
//! This crate gathers folio's parts behind one dependency: the model ([`model`]), the
//! readers ([`import`]) and, with their features, the editions: `pdf`, `epub`, `xml`
//! and `html`, all on by default.
//!
//! ```
//! use folio::model::{resolve, PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap};
//!
//! let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
//!     .report(
//!         ReportBuilder::new("North Korea")
//!             .paragraph(|p| p.text("Not a party.").note(|n| n.text("UN records.")))
//!             .build(),
//!     )
//!     .build();
//! let resolved = resolve(&publication, &ResolveOptions::default(), &SourceMap::default());
//! assert!(!resolved.has_errors());
//! let json = folio::model::to_json(&publication);
//! assert!(json.contains("\"version\": 3"));
//! ```

/// The EPUB 3 edition.
#[cfg(feature = "epub")]
pub use folio_epub as epub;
/// The web edition: a static HTML site (feature `html`, on by default).
#[cfg(feature = "html")]
pub use folio_html as html;
pub use folio_import as import;
pub use folio_model as model;
/// The PDF print edition.
#[cfg(feature = "pdf")]
pub use folio_pdf as pdf;
/// The XML editions: folio XML, DocBook 5 and JATS (feature `xml`, on by default).
#[cfg(feature = "xml")]
pub use folio_xml as xml;
