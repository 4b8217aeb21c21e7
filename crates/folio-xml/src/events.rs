//! The XML reader under folio XML: quick-xml's events made safe and simple. Entity
//! declarations and external DTDs are refused at the DOCTYPE, before anything could be
//! expanded; references resolve to the five predefined entities and character
//! references only; line ends and attribute values are normalised as XML 1.0 says;
//! characters XML does not allow are refused; nesting is bounded.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::XmlError;
use crate::folio::NAMESPACE;
use crate::markup::is_xml_char;

/// How deep elements may nest before the reader gives up by default (a model nested 32
/// levels needs about 70; a bound keeps hostile input from exhausting the stack).
pub const MAX_DEPTH: usize = 200;

/// What the reader hands on.
#[derive(Debug)]
pub(crate) enum Item<'i> {
    /// An element of the folio namespace starts.
    Start(Start),
    /// The current element ends.
    End,
    /// Character data: a run of text, a CDATA section or a resolved reference.
    Text(Cow<'i, str>),
    /// The document ends.
    Eof,
}

/// A start tag of the folio namespace.
#[derive(Debug)]
pub(crate) struct Start {
    /// The local name.
    pub(crate) name: String,
    /// The attributes without namespace: name, value (normalised and unescaped) and the
    /// byte offset of the name, in order.
    pub(crate) attributes: Vec<(String, String, usize)>,
    /// The byte offset of the tag's `<`.
    pub(crate) at: usize,
}

/// The attributes of a start tag, taken one by one; any left over is an error.
pub(crate) struct Attributes {
    element: String,
    at: usize,
    list: Vec<(String, String, usize)>,
}

impl Attributes {
    /// The attributes of `start`, taken out of it.
    pub(crate) fn of(start: &mut Start) -> Self {
        Self {
            element: start.name.clone(),
            at: start.at,
            list: std::mem::take(&mut start.attributes),
        }
    }

    /// The attribute `name`, when present.
    pub(crate) fn take(&mut self, name: &str) -> Option<String> {
        self.take_at(name).map(|(value, _)| value)
    }

    /// The attribute `name`, when present, with the byte offset of its name.
    pub(crate) fn take_at(&mut self, name: &str) -> Option<(String, usize)> {
        let index = self.list.iter().position(|(key, _, _)| key == name)?;
        let (_, value, at) = self.list.swap_remove(index);
        Some((value, at))
    }

    /// The attribute `name`, which must be present.
    pub(crate) fn required(&mut self, name: &str, events: &Events<'_>) -> Result<String, XmlError> {
        self.required_at(name, events).map(|(value, _)| value)
    }

    /// The attribute `name`, which must be present, with the byte offset of its name.
    pub(crate) fn required_at(
        &mut self,
        name: &str,
        events: &Events<'_>,
    ) -> Result<(String, usize), XmlError> {
        self.take_at(name).ok_or_else(|| {
            events.invalid(
                self.at,
                format!("<{}> lacks its {name} attribute", self.element),
            )
        })
    }

    /// The one of two attributes that stand for each other (`url` and `unsafe-url`),
    /// when either is present; an error when both are.
    pub(crate) fn either(
        &mut self,
        name: &str,
        other: &str,
        events: &Events<'_>,
    ) -> Result<Option<String>, XmlError> {
        match (self.take(name), self.take(other)) {
            (Some(_), Some(_)) => Err(events.invalid(
                self.at,
                format!("<{}> has both {name} and {other}: give one", self.element),
            )),
            (one, other) => Ok(one.or(other)),
        }
    }

    /// An error when an attribute is left that nobody took.
    pub(crate) fn finish(self, events: &Events<'_>) -> Result<(), XmlError> {
        match self.list.first() {
            None => Ok(()),
            Some((key, _, at)) => Err(events.invalid(
                *at,
                format!("<{}> has an unknown attribute {key}", self.element),
            )),
        }
    }
}

/// Safe events over a document held in memory.
pub(crate) struct Events<'i> {
    reader: NsReader<&'i [u8]>,
    source: &'i str,
    depth: usize,
    max_depth: usize,
}

impl<'i> Events<'i> {
    /// Events of `source`.
    pub(crate) fn new(source: &'i str, max_depth: usize) -> Self {
        let mut reader = NsReader::from_str(source);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.trim_text(false);
        config.check_end_names = true;
        config.check_comments = true;
        Self {
            reader,
            source,
            depth: 0,
            max_depth,
        }
    }

    /// The next item; comments, processing instructions and the XML declaration are
    /// passed over.
    pub(crate) fn next(&mut self) -> Result<Item<'i>, XmlError> {
        loop {
            let at = self.position();
            let (namespace, event) = match self.reader.read_resolved_event() {
                Ok((namespace, event)) => (is_folio(&namespace), event),
                Err(error) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(at);
                    return Err(self.invalid(at, format!("malformed XML: {error}")));
                }
            };
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        let max = self.max_depth;
                        return Err(
                            self.invalid(at, format!("elements nest deeper than {max} levels"))
                        );
                    }
                    return self.start(namespace, &start, at).map(Item::Start);
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Item::End);
                }
                Event::Text(text) => {
                    let text = text.xml10_content().map_err(|e| self.invalid(at, e))?;
                    return self.checked(text, at).map(Item::Text);
                }
                Event::CData(data) => {
                    let text = data.xml10_content().map_err(|e| self.invalid(at, e))?;
                    return self.checked(text, at).map(Item::Text);
                }
                Event::GeneralRef(reference) => {
                    let name = reference.decode().map_err(|e| self.invalid(at, e))?;
                    return self
                        .reference(&name, at)
                        .map(|c| Item::Text(c.to_string().into()));
                }
                Event::DocType(doctype) => {
                    let text = doctype.decode().map_err(|e| self.invalid(at, e))?;
                    if declares_or_fetches(&text) {
                        let (line, column) = self.line_column(at);
                        return Err(XmlError::UnsafeDoctype { line, column });
                    }
                }
                Event::Eof => return Ok(Item::Eof),
                Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }

    /// An error about the document at byte offset `at`.
    pub(crate) fn invalid(&self, at: usize, problem: impl ToString) -> XmlError {
        let (line, column) = self.line_column(at);
        XmlError::Invalid {
            line,
            column,
            problem: problem.to_string(),
        }
    }

    /// The 1-based line and column (in characters) of byte offset `at`.
    pub(crate) fn line_column(&self, at: usize) -> (u32, u32) {
        let mut at = at.min(self.source.len());
        while !self.source.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.source[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        (saturate(line), saturate(column))
    }

    /// The byte offset of `part`, a slice of the document (as quick-xml hands out the
    /// names of a document held in memory); `None` for text from elsewhere.
    fn offset_of(&self, part: &str) -> Option<usize> {
        let start = self.source.as_ptr() as usize;
        (part.as_ptr() as usize)
            .checked_sub(start)
            .filter(|&offset| offset < self.source.len())
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn start(&self, in_folio: bool, start: &BytesStart<'_>, at: usize) -> Result<Start, XmlError> {
        let name =
            std::str::from_utf8(start.name().into_inner()).map_err(|e| self.invalid(at, e))?;
        if !in_folio {
            return Err(self.invalid(
                at,
                format!("element <{name}> is not in the folio XML namespace {NAMESPACE}"),
            ));
        }
        let local = name.rsplit(':').next().unwrap_or(name);
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute =
                attribute.map_err(|e| self.invalid(at, format!("malformed XML: {e}")))?;
            if attribute.key.as_namespace_binding().is_some() {
                continue;
            }
            let key =
                std::str::from_utf8(attribute.key.into_inner()).map_err(|e| self.invalid(at, e))?;
            // `xml:lang` (the `xml` prefix needs no binding) is the one prefixed
            // attribute folio XML has
            if key.contains(':') && key != "xml:lang" {
                return Err(self.invalid(at, format!("<{local}> has an unknown attribute {key}")));
            }
            let raw = std::str::from_utf8(&attribute.value).map_err(|e| self.invalid(at, e))?;
            let key_at = self.offset_of(key).unwrap_or(at);
            attributes.push((key.to_owned(), self.attribute_value(raw, at)?, key_at));
        }
        Ok(Start {
            name: local.to_owned(),
            attributes,
            at,
        })
    }

    /// An attribute value as XML 1.0 normalises it: line ends and tabs become spaces,
    /// then references are resolved.
    fn attribute_value(&self, raw: &str, at: usize) -> Result<String, XmlError> {
        let raw = raw.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ");
        let mut value = String::with_capacity(raw.len());
        let mut rest = raw.as_str();
        while let Some(amp) = rest.find('&') {
            value.push_str(&rest[..amp]);
            let after = &rest[amp + 1..];
            let Some(semicolon) = after.find(';') else {
                return Err(
                    self.invalid(at, "malformed XML: '&' without ';' in an attribute value")
                );
            };
            value.push(self.reference(&after[..semicolon], at)?);
            rest = &after[semicolon + 1..];
        }
        value.push_str(rest);
        self.checked(Cow::Owned(value), at).map(Cow::into_owned)
    }

    /// The character a reference stands for: one of the five predefined entities or a
    /// character reference. Any other entity is unknown, since none may be declared.
    fn reference(&self, name: &str, at: usize) -> Result<char, XmlError> {
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => match name.strip_prefix('#') {
                Some(number) => character_reference(number).ok_or_else(|| {
                    self.invalid(at, format!("&{name}; is not a character XML allows"))
                })?,
                None => {
                    return Err(self.invalid(
                        at,
                        format!("unknown entity &{name}; (folio XML uses only the five predefined entities)"),
                    ));
                }
            },
        };
        Ok(c)
    }

    fn checked(&self, text: Cow<'i, str>, at: usize) -> Result<Cow<'i, str>, XmlError> {
        match text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
            None => Ok(text),
            Some((i, c)) => Err(self.invalid(
                at + i,
                format!("the character U+{:04X} is not allowed in XML", u32::from(c)),
            )),
        }
    }
}

fn is_folio(namespace: &ResolveResult<'_>) -> bool {
    matches!(namespace, ResolveResult::Bound(ns) if ns.into_inner() == NAMESPACE.as_bytes())
}

/// Whether a DOCTYPE's text declares entities (`<!ENTITY`, the billion laughs) or names
/// an external DTD (`SYSTEM` or `PUBLIC`, which could declare them or be fetched).
fn declares_or_fetches(doctype: &str) -> bool {
    let before_subset = doctype.split('[').next().unwrap_or(doctype);
    doctype.contains("ENTITY")
        || before_subset
            .split_ascii_whitespace()
            .any(|word| word == "SYSTEM" || word == "PUBLIC")
}

fn character_reference(number: &str) -> Option<char> {
    let code = match number.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code).filter(|&c| is_xml_char(c))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Result<String, XmlError> {
        let mut events = Events::new(source, MAX_DEPTH);
        let mut out = String::new();
        loop {
            match events.next()? {
                Item::Text(text) => out.push_str(&text),
                Item::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    fn doc(inner: &str) -> String {
        format!("<publication xmlns=\"{NAMESPACE}\">{inner}</publication>")
    }

    #[test]
    fn references_and_line_ends_resolve_as_xml_says() {
        let text = texts(&doc("a&lt;&amp;&#65;&#x42;\r\nb\rc<![CDATA[<d>]]>")).unwrap();
        assert_eq!(text, "a<&AB\nb\nc<d>");
    }

    #[test]
    fn unknown_entities_and_bad_characters_are_refused() {
        let error = texts(&doc("a &nbsp; b")).unwrap_err();
        assert!(
            error.to_string().contains("unknown entity &nbsp;"),
            "{error}"
        );
        assert!(texts(&doc("&#0;")).is_err());
        assert!(texts(&doc("a\u{1}b")).is_err());
    }

    #[test]
    fn a_doctype_with_entities_is_refused_where_it_stands() {
        let source = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY a \"b\">]>\n{}",
            doc("&a;")
        );
        match texts(&source).unwrap_err() {
            XmlError::UnsafeDoctype { line, column } => assert_eq!((line, column), (2, 1)),
            other => panic!("{other}"),
        }
        let system = format!("<!DOCTYPE p SYSTEM \"file:///etc/passwd\">{}", doc(""));
        assert!(matches!(
            texts(&system),
            Err(XmlError::UnsafeDoctype { .. })
        ));
        let plain = format!("<!DOCTYPE publication>{}", doc("x"));
        assert_eq!(texts(&plain).unwrap(), "x");
    }

    #[test]
    fn foreign_elements_and_deep_nesting_are_refused() {
        assert!(texts("<publication/>").is_err());
        let deep = format!(
            "<a xmlns=\"{NAMESPACE}\">{}{}</a>",
            "<b>".repeat(MAX_DEPTH + 1),
            "</b>".repeat(MAX_DEPTH + 1)
        );
        let error = texts(&deep).unwrap_err();
        assert!(error.to_string().contains("nest deeper"), "{error}");
    }

    #[test]
    fn attribute_values_are_normalised() {
        let source = format!("<p xmlns=\"{NAMESPACE}\" a=\"x&#10;y\tz&quot;\r\nw\"/>");
        let mut events = Events::new(&source, MAX_DEPTH);
        let Item::Start(start) = events.next().unwrap() else {
            panic!("no start");
        };
        assert_eq!(
            start.attributes,
            [("a".to_owned(), "x\ny z\" w".to_owned(), 38)]
        );
    }

    #[test]
    fn positions_are_lines_and_columns_in_characters() {
        let events = Events::new("ab\nçd<e", MAX_DEPTH);
        assert_eq!(events.line_column(0), (1, 1));
        assert_eq!(events.line_column(3), (2, 1));
        assert_eq!(events.line_column(6), (2, 3));
    }
}
