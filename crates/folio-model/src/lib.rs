//! The publication model of folio: reports with endnotes, numbered once by [`resolve`].
//!
//! Readers (`folio-import`) make a [`Publication`]; [`resolve`] numbers its notes and
//! links every reference to its note; every edition reads only the [`Resolved`] form,
//! so the PDF, EPUB and XML editions cannot disagree about a note.
//!
//! ```
//! use folio_model::{resolve, ReportBuilder, PublicationBuilder, ResolveOptions, SourceMap};
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
//! assert!(!resolved.has_errors());
//! assert_eq!(resolved.reports[0].notes[0].number, 1);
//! let json = folio_model::to_json(&publication);
//! assert_eq!(folio_model::from_json(&json).unwrap(), publication);
//! ```

mod builder;
mod diagnostic;
mod figure;
mod json;
mod language;
mod link;
mod pages;
mod publication;
mod resolve;
mod slug;
mod stamp;
mod table;

/// The stack a thread needs to read and write a model nested 256 levels deep (the most
/// folio's readers allow: 64 MiB; the operating system commits only what is used).
/// folio's own threads (the PDF's layout, the readers') have it.
pub const STACK_SIZE: usize = 64 << 20;

pub use builder::{InlineBuilder, PublicationBuilder, ReportBuilder, RowBuilder, TableBuilder};
pub use diagnostic::{Diagnostic, Location, ReportSource, Severity, SourceMap};
pub use figure::{Figure, Image, ImageData, MediaType};
pub use json::{
    FORMAT_NAME, FORMAT_VERSION, JsonError, MAX_JSON_DEPTH, from_json, from_json_nested, to_json,
};
pub use language::{has_rtl_text, is_rtl_language};
pub use link::is_live_link;
pub use pages::{NotePlacement, PageMap, PagePlace, PageStart};
pub use publication::{
    Block, Endnote, Inline, Meta, NoteId, Publication, Related, Report, Summary, for_each_block,
    for_each_figure_mut, for_each_inline, plain_text, push_plain_text,
};
pub use resolve::{
    FigureInfo, NoteInfo, Numbering, RefCursor, RefSite, ResolveOptions, Resolved, ResolvedReport,
    TableInfo, TableNotes, citation_letter, is_xml_id, resolve,
};
pub use slug::{report_id, slug, unique_id};
pub use stamp::{Timestamp, content_identifier, identifier, print_identifier};
pub use table::{Align, Cell, ColumnSpec, Grid, Placed, Row, RowGroup, Table, TableProblem};
