//! The model JSON: the serde form of a publication, with a format name and version.

use serde::{Deserialize, Serialize};

use crate::publication::{Meta, Publication, Report};

/// The version of the model JSON this crate writes. It reads this version and every
/// earlier one: version 2 added tables and version 3 figures, so a version 1 document
/// is a version 3 document without either.
pub const FORMAT_VERSION: u32 = 3;

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
    /// Arrays and objects nest deeper than the reader allows.
    #[error(
        "invalid model JSON at line {line}, column {column}: arrays and objects nest deeper than {limit} levels"
    )]
    TooDeep {
        /// Line of the first array or object too deep, from 1.
        line: usize,
        /// Its column, from 1.
        column: usize,
        /// How deep they may nest.
        limit: usize,
    },
    /// The document is not a folio model (its `format` field says otherwise).
    #[error("not a folio model JSON document (format is {found:?}, expected {FORMAT_NAME:?})")]
    NotFolio {
        /// The format found.
        found: String,
    },
    /// The document was written by a newer folio.
    #[error(
        "model JSON version {found} is not supported (this folio reads versions 1 to {FORMAT_VERSION})"
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
    to_json_stamped(publication, FORMAT_VERSION)
}

/// The publication as [`to_json`] writes it, but with `version` in its envelope: the
/// content identifier hashes the version 1 form, so that a publication's identifier
/// stays what it was before version 2 (a publication without tables reads the same).
pub(crate) fn to_json_stamped(publication: &Publication, version: u32) -> String {
    let envelope = EnvelopeRef {
        format: FORMAT_NAME,
        version,
        meta: &publication.meta,
        reports: &publication.reports,
    };
    // Serialising plain structs of strings and vectors cannot fail.
    let mut json = serde_json::to_string_pretty(&envelope).unwrap_or_default();
    json.push('\n');
    json
}

/// How deep arrays and objects may nest in the model JSON [`from_json`] reads (as
/// serde_json allows by default): enough for a model nested 32 levels.
pub const MAX_JSON_DEPTH: usize = 128;

/// Reads a publication from model JSON whose arrays and objects nest at most
/// [`MAX_JSON_DEPTH`] levels.
pub fn from_json(text: &str) -> Result<Publication, JsonError> {
    from_json_nested(text, MAX_JSON_DEPTH)
}

/// Reads a publication from model JSON whose arrays and objects nest at most
/// `max_depth` levels. The reader recurses once per level: a deep document wants a
/// thread with a large stack (64 MiB reads 1,000 levels).
pub fn from_json_nested(text: &str, max_depth: usize) -> Result<Publication, JsonError> {
    if let Some((line, column)) = too_deep(text, max_depth) {
        return Err(JsonError::TooDeep {
            line,
            column,
            limit: max_depth,
        });
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // the depth is bounded above, before serde recurses
    deserializer.disable_recursion_limit();
    let syntax = |e: serde_json::Error| JsonError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let envelope = Envelope::deserialize(&mut deserializer).map_err(syntax)?;
    deserializer.end().map_err(syntax)?;
    if envelope.format != FORMAT_NAME {
        return Err(JsonError::NotFolio {
            found: envelope.format,
        });
    }
    if !(1..=FORMAT_VERSION).contains(&envelope.version) {
        return Err(JsonError::UnsupportedVersion {
            found: envelope.version,
        });
    }
    Ok(Publication::new(envelope.meta, envelope.reports))
}

/// Where the first array or object deeper than `max_depth` opens (line and column from
/// 1), scanning the text as JSON outside strings; `None` when none is.
fn too_deep(text: &str, max_depth: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let (mut line, mut line_start) = (1, 0);
    for (at, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'\n' => (line, line_start) = (line + 1, at + 1),
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Some((line, text[line_start..at].chars().count() + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_is_read_and_later_versions_are_refused() {
        let v1 = r#"{"format": "folio-model", "version": 1, "meta": {"title": "T"},
            "reports": [{"id": "r", "title": "R", "body": [{"type": "paragraph",
            "content": [{"type": "text", "text": "Words."}]}]}]}"#;
        let publication = from_json(v1).unwrap();
        assert_eq!(publication.reports[0].body.len(), 1);
        assert!(to_json(&publication).contains("\"version\": 3"));
        let v4 = v1.replace("\"version\": 1", "\"version\": 4");
        assert_eq!(
            from_json(&v4),
            Err(JsonError::UnsupportedVersion { found: 4 })
        );
    }

    #[test]
    fn json_nested_too_deep_is_refused_at_its_place() {
        let deep = format!(
            "{{\n  \"reports\": {}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(
            from_json(&deep),
            Err(JsonError::TooDeep {
                line: 2,
                column: 141,
                limit: 128
            })
        );
        // brackets inside strings do not count
        let text = format!("{{\"format\": \"{}\"}}", "[\\\"{".repeat(300));
        assert!(!matches!(from_json(&text), Err(JsonError::TooDeep { .. })));
    }

    #[test]
    fn a_deeper_limit_reads_a_deeper_model() {
        let mut block = crate::Block::text("deep");
        for _ in 0..100 {
            block = crate::Block::Quote {
                blocks: vec![block],
            };
        }
        let mut report = crate::Report::new("r", "R");
        report.body.push(block);
        let publication = Publication::new(Meta::titled("T"), vec![report]);
        let json = to_json(&publication);
        assert!(matches!(from_json(&json), Err(JsonError::TooDeep { .. })));
        let deep = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || from_json_nested(&json, 1000))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(deep, Ok(publication));
    }
}
