//! The model JSON: the serde form of a publication, with a format name and version.

use serde::{Deserialize, Serialize};

use crate::publication::{Meta, Publication, Report};

/// The version of the model JSON this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The value of the `format` field that marks a folio model JSON document.
pub const FORMAT_NAME: &str = "folio-model";

/// Why a model JSON document could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonError {
    /// The text is not JSON of the model's shape.
    #[error("invalid model JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        column: usize,
        /// What serde said.
        message: String,
    },
    /// The document is not a folio model (its `format` field says otherwise).
    #[error("not a folio model JSON document (format is {found:?}, expected {FORMAT_NAME:?})")]
    NotFolio {
        /// The format found.
        found: String,
    },
    /// The document was written by a newer folio.
    #[error(
        "model JSON version {found} is not supported (this folio reads version {FORMAT_VERSION})"
    )]
    UnsupportedVersion {
        /// The version found.
        found: u32,
    },
}

#[derive(Serialize)]
struct EnvelopeRef<'a> {
    format: &'static str,
    version: u32,
    meta: &'a Meta,
    reports: &'a [Report],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u32,
    #[serde(default)]
    meta: Meta,
    reports: Vec<Report>,
}

/// The publication as pretty-printed model JSON, ending in a newline.
pub fn to_json(publication: &Publication) -> String {
    let envelope = EnvelopeRef {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        meta: &publication.meta,
        reports: &publication.reports,
    };
    // Serialising plain structs of strings and vectors cannot fail.
    let mut json = serde_json::to_string_pretty(&envelope).unwrap_or_default();
    json.push('\n');
    json
}

/// Reads a publication from model JSON.
pub fn from_json(text: &str) -> Result<Publication, JsonError> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| JsonError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if envelope.format != FORMAT_NAME {
        return Err(JsonError::NotFolio {
            found: envelope.format,
        });
    }
    if envelope.version != FORMAT_VERSION {
        return Err(JsonError::UnsupportedVersion {
            found: envelope.version,
        });
    }
    Ok(Publication::new(envelope.meta, envelope.reports))
}
