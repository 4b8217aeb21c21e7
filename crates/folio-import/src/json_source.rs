//! Where the parts of a model JSON document stand: the place of each report's endnotes
//! and note references, for diagnostics. serde_json reads the model without places, so
//! the text is scanned again, once it has read, by the method told at [`json_sources`].

use folio_model::{Publication, ReportSource};

use crate::lines::LineIndex;

/// The place of every endnote and note reference of each report of `publication`, read
/// from the model JSON `text` of `file`.
///
/// A report is the n-th object of the top-level `reports` array. Its endnotes stand at
/// the `{` of each object of its `endnotes` array. Its note references stand at the `{`
/// of each object whose `type` is `"note_ref"` and that is reached from the report's
/// `summary` or `body` through `blocks`, `items`, `content`, and a table's or figure's
/// `caption`, `head`, `body`, `foot` and `cells` keys and arrays only; those under
/// `summary` come first, then those under `body`, each in the order of the text (the
/// reading order the model gives them, whatever the order of the keys outside tables;
/// in a table, the caption is read before the cells, as folio writes it). Its figures
/// stand at the `{` of each object whose `type` is `"figure"`, found the same way. When
/// what the scan finds does not match the model (it always should, as both read the
/// same text), that report's places are left empty rather than wrong.
pub(crate) fn json_sources(text: &str, file: &str, publication: &Publication) -> Vec<ReportSource> {
    let found = scan(text);
    let lines = LineIndex::new(text);
    publication
        .reports
        .iter()
        .enumerate()
        .map(|(r, report)| {
            let mut source = ReportSource {
                file: file.to_owned(),
                ..ReportSource::default()
            };
            if let Some(places) = found.get(r) {
                let refs: Vec<usize> = places
                    .summary_refs
                    .iter()
                    .chain(&places.body_refs)
                    .copied()
                    .collect();
                if refs.len() == report.note_refs().len() {
                    source.refs = refs.into_iter().map(|at| lines.position(at)).collect();
                }
                if places.notes.len() == report.endnotes.len() {
                    source.notes = places.notes.iter().map(|&at| lines.position(at)).collect();
                }
                let mut figures = 0;
                report.for_each_block(&mut |block| {
                    figures += usize::from(matches!(block, folio_model::Block::Figure(_)));
                });
                let mut found: Vec<usize> = places.summary_figures.clone();
                found.sort_unstable();
                let mut body = places.body_figures.clone();
                body.sort_unstable();
                found.extend(body);
                if found.len() == figures {
                    source.figures = found.into_iter().map(|at| lines.position(at)).collect();
                }
            }
            source
        })
        .collect()
}

/// The byte offsets of one report's parts.
#[derive(Debug, Default)]
struct Places {
    notes: Vec<usize>,
    summary_refs: Vec<usize>,
    body_refs: Vec<usize>,
    summary_figures: Vec<usize>,
    body_figures: Vec<usize>,
}

/// What an open array or object is to the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The document's object.
    Root,
    /// The `reports` array.
    Reports,
    /// A report's object.
    Report,
    /// Inside a report's summary (`true`) or body (`false`), where note references are.
    Text { summary: bool },
    /// A report's `endnotes` array.
    Endnotes,
    /// Anything else.
    Other,
}

#[derive(Debug)]
struct Open {
    role: Role,
    object: bool,
    /// Where its `{` or `[` is.
    at: usize,
    /// In an object: the key of the value being read, once read.
    key: Option<String>,
    /// In an object: whether its `type` is `"note_ref"`.
    note_ref: bool,
    /// In an object: whether its `type` is `"figure"`.
    figure: bool,
}

/// Scans JSON `text` (which serde_json has read, so is well formed) for the places of
/// each report's parts.
fn scan(text: &str) -> Vec<Places> {
    let bytes = text.as_bytes();
    let mut reports: Vec<Places> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                // only keys and the values of `type` are read; other strings are passed
                let end = match stack.last_mut().filter(|open| open.object) {
                    Some(open) => match open.key.take() {
                        // a key: the value after it belongs to it
                        None => {
                            let (key, end) = json_string(text, at);
                            open.key = Some(key);
                            end
                        }
                        Some(key) if key == "type" => {
                            let (value, end) = json_string(text, at);
                            open.note_ref |= value == "note_ref";
                            open.figure |= value == "figure";
                            end
                        }
                        Some(_) => string_end(bytes, at),
                    },
                    None => string_end(bytes, at),
                };
                at = end;
                continue;
            }
            b'{' | b'[' => {
                let object = bytes[at] == b'{';
                let role = stack.last_mut().map_or(Role::Root, |parent| {
                    let key = if parent.object {
                        parent.key.take()
                    } else {
                        None
                    };
                    child_role(parent.role, key.as_deref(), object)
                });
                if role == Role::Report {
                    reports.push(Places::default());
                }
                if let (Some(parent), Some(places)) = (stack.last(), reports.last_mut())
                    && parent.role == Role::Endnotes
                    && object
                {
                    places.notes.push(at);
                }
                stack.push(Open {
                    role,
                    object,
                    at,
                    key: None,
                    note_ref: false,
                    figure: false,
                });
            }
            b'}' | b']' => {
                if let Some(open) = stack.pop()
                    && let (Role::Text { summary }, Some(places)) = (open.role, reports.last_mut())
                {
                    match (open.note_ref, open.figure, summary) {
                        (true, _, true) => places.summary_refs.push(open.at),
                        (true, _, false) => places.body_refs.push(open.at),
                        (_, true, true) => places.summary_figures.push(open.at),
                        (_, true, false) => places.body_figures.push(open.at),
                        _ => {}
                    }
                }
            }
            // the end of a value that is no string, array or object (a number, true,
            // false, null) also ends its key
            b',' => {
                if let Some(open) = stack.last_mut().filter(|open| open.object) {
                    open.key = None;
                }
            }
            _ => {}
        }
        at += 1;
    }
    reports
}

/// The role of an array or object opened in `parent`, under `key` when `parent` is an
/// object.
fn child_role(parent: Role, key: Option<&str>, object: bool) -> Role {
    match (parent, key) {
        (Role::Root, Some("reports")) if !object => Role::Reports,
        (Role::Reports, _) if object => Role::Report,
        (Role::Report, Some("summary")) => Role::Text { summary: true },
        (Role::Report, Some("body")) => Role::Text { summary: false },
        (Role::Report, Some("endnotes")) if !object => Role::Endnotes,
        (
            Role::Text { summary },
            None
            | Some("blocks" | "items" | "content" | "caption" | "head" | "body" | "foot" | "cells"),
        ) => Role::Text { summary },
        _ => Role::Other,
    }
}

/// The offset after the closing `"` of the JSON string whose `"` is at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => return at + 1,
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The JSON string whose `"` is at `start`, its escapes resolved, and the offset after
/// its closing `"`.
fn json_string(text: &str, start: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut at = start + 1;
    let mut run = at;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                out.push_str(text.get(run..at).unwrap_or_default());
                return (out, at + 1);
            }
            b'\\' => {
                out.push_str(text.get(run..at).unwrap_or_default());
                let escape = bytes.get(at + 1).copied().unwrap_or(b'\\');
                at += 2;
                match escape {
                    b'u' => {
                        let unit = |from: usize| {
                            text.get(from..from + 4)
                                .and_then(|hex| u16::from_str_radix(hex, 16).ok())
                        };
                        let first = unit(at).unwrap_or(0xfffd);
                        at += 4;
                        let mut units = vec![first];
                        if (0xd800..0xdc00).contains(&first)
                            && text.get(at..at + 2) == Some("\\u")
                            && let Some(second) = unit(at + 2)
                        {
                            units.push(second);
                            at += 6;
                        }
                        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
                    }
                    b'n' => out.push('\n'),
                    b't' => out.push('\t'),
                    b'r' => out.push('\r'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    other => out.push(char::from(other)),
                }
                run = at.min(bytes.len());
                continue;
            }
            _ => at += 1,
        }
    }
    out.push_str(text.get(run..).unwrap_or_default());
    (out, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_notes_are_found_in_reading_order_whatever_the_key_order() {
        // the body before the summary, keys of a note reference in either order, an
        // escaped key, and an object of another key that looks like a reference
        let text = r#"{"format": "folio-model", "version": 1, "reports": [
  {"id": "r", "title": "R",
   "body": [{"type": "paragraph", "content": [
     {"type": "text", "text": "a \" [{"},
     {"note": "2", "type": "note_ref"},
     {"type": "emphasis", "content": [{"t\u0079pe": "note_ref", "note": "3"}]}]}],
   "summary": {"label": "L", "blocks": [{"type": "paragraph", "content": [{"type": "note_ref", "note": "1"}]}]},
   "endnotes": [{"id": "1", "source_label": "[1]", "blocks": []},
                {"id": "2", "source_label": "[2]", "blocks": []}]}
]}"#;
        let publication = folio_model::from_json(text).unwrap();
        let sources = json_sources(text, "p.json", &publication);
        assert_eq!(sources.len(), 1);
        assert_eq!(sources[0].file, "p.json");
        assert_eq!(sources[0].refs, [(7, 75), (5, 6), (6, 39)]);
        assert_eq!(sources[0].notes, [(8, 17), (9, 17)]);
    }
}
