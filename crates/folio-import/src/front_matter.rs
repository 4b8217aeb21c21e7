//! A Markdown file's front matter: a block of metadata before the text, in YAML between
//! `---` lines or in TOML between `+++` lines.
//!
//! TOML is read by the `toml` crate. YAML is read by a small reader of our own, which
//! knows what front matter holds and no more: `key: value` (plain, `"double"` or
//! `'single'` quoted, continued on indented lines), `key: [a, b]`, and `key:` followed by
//! `- item` lines. Anything else (nested maps, `|` and `>` blocks, anchors) is a warning
//! naming its line, and is left out.

use folio_model::{Diagnostic, Location, Meta};
use toml::de::{DeTable, DeValue};

use crate::lines::LineIndex;
use crate::metadata::{check_date, check_language, check_text};

/// The front matter of a Markdown file.
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    /// The metadata it gives; `None` when the file has no front matter.
    pub(crate) meta: Option<Meta>,
    /// The language it names (`lang` or `language`), when it names one: the language of
    /// the file's reports.
    pub(crate) language: Option<String>,
    /// The byte offset where the Markdown after it begins.
    pub(crate) body: usize,
}

/// The keys folio reads, for the hint on an unknown one.
const KNOWN_KEYS: &str = "title, subtitle, author(s), editor(s), publisher, date, lang or language, identifier, rights, description, subject(s) or keywords";

/// Reads the front matter at the start of `text`, if it has one.
pub(crate) fn read_front_matter(
    text: &str,
    file: &str,
    lines: &LineIndex<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let first = text.split('\n').next().unwrap_or_default().trim_end();
    let (closers, yaml): (&[&str], bool) = match first {
        "---" => (&["---", "..."], true),
        "+++" => (&["+++"], false),
        _ => return FrontMatter::default(),
    };
    let start = text.find('\n').map_or(text.len(), |at| at + 1);
    let mut offset = start;
    let mut end = None;
    for line in text[start..].split_inclusive('\n') {
        if closers.contains(&line.trim_end()) {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((end, body)) = end else {
        diagnostics.push(
            Diagnostic::warning(format!(
                "the front matter begun by `{first}` on line 1 never ends; the file is read as Markdown from its first line"
            ))
            .at(Some(Location::new(file, 1, 1)))
            .hint(format!("end the front matter with a line `{}`", closers[0])),
        );
        return FrontMatter::default();
    };
    let place = Place { file, lines };
    let mut found = Vec::new();
    let entries = if yaml {
        yaml_entries(text, start, end, &place, &mut found)
    } else {
        toml_entries(text, start, end, &place, &mut found)
    };
    if yaml && entries.is_empty() && !found.is_empty() {
        // nothing in it reads as metadata: `---` lines around text, as a thematic
        // break and a setext heading; pandoc too reads such a block as Markdown
        return FrontMatter::default();
    }
    let named = entries
        .iter()
        .any(|entry| matches!(entry.key.to_ascii_lowercase().as_str(), "lang" | "language"));
    let meta = meta_of(entries, &place, &mut found);
    found.sort_by(|a, b| a.location.cmp(&b.location));
    diagnostics.extend(found);
    FrontMatter {
        // (a bad one is an error, which stops the run)
        language: named.then(|| meta.language.clone()),
        meta: Some(meta),
        body,
    }
}

/// The file being read, to make locations from offsets.
struct Place<'a> {
    file: &'a str,
    lines: &'a LineIndex<'a>,
}

impl Place<'_> {
    fn at(&self, offset: usize) -> Option<Location> {
        self.lines.at(self.file, offset)
    }
}

/// One `key: value` of the front matter, with the byte offsets of the key and value.
#[derive(Debug)]
struct Entry {
    key: String,
    key_at: usize,
    value: Value,
    value_at: usize,
}

#[derive(Debug, PartialEq)]
enum Value {
    One(String),
    Many(Vec<String>),
    /// A value of a kind no metadata field takes (a number, a table), named.
    Other(&'static str),
}

/// Sets the fields of a [`Meta`] from the entries; an unknown key is a warning, a bad
/// value an error.
fn meta_of(entries: Vec<Entry>, place: &Place<'_>, diagnostics: &mut Vec<Diagnostic>) -> Meta {
    let mut meta = Meta::default();
    for entry in entries {
        let key = entry.key.to_ascii_lowercase();
        let mut field = Field {
            entry: &entry,
            place,
            diagnostics: &mut *diagnostics,
        };
        match key.as_str() {
            "title" => meta.title = field.one(check_text).unwrap_or_default(),
            "subtitle" => meta.subtitle = field.one(check_text),
            "author" | "authors" => meta.authors = field.many(),
            "editor" | "editors" => meta.editors = field.many(),
            "publisher" => meta.publisher = field.one(check_text),
            "date" => meta.date = field.one(check_date),
            "lang" | "language" => {
                if let Some(language) = field.one(check_language) {
                    meta.language = language;
                }
            }
            "identifier" => meta.identifier = field.one(check_text),
            "rights" | "copyright" => meta.rights = field.one(check_text),
            "description" | "abstract" => meta.description = field.one(check_text),
            "subject" | "subjects" | "keywords" => meta.subjects = field.many(),
            _ => diagnostics.push(
                Diagnostic::warning(format!(
                    "front matter key `{}` is not a metadata field folio knows; it is left out",
                    entry.key
                ))
                .at(place.at(entry.key_at))
                .hint(format!("folio reads {KNOWN_KEYS}")),
            ),
        }
    }
    meta
}

/// One entry being made a metadata field.
struct Field<'a> {
    entry: &'a Entry,
    place: &'a Place<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Field<'_> {
    /// A field of one value, checked by `check`; `None` (and an error) when it is bad.
    fn one(&mut self, check: fn(&str) -> Result<String, String>) -> Option<String> {
        let result = match &self.entry.value {
            Value::One(text) => check(text),
            Value::Many(items) if items.len() <= 1 => {
                check(items.first().map_or("", String::as_str))
            }
            Value::Many(_) => Err("takes one value, not a list".to_owned()),
            Value::Other(kind) => Err(format!("takes text, not {kind}")),
        };
        result.map_err(|message| self.error(&message)).ok()
    }

    /// A field of a list of names or words; a single value is a list of one.
    fn many(&mut self) -> Vec<String> {
        let items = match &self.entry.value {
            Value::One(text) => std::slice::from_ref(text),
            Value::Many(items) => items.as_slice(),
            Value::Other(kind) => {
                self.error(&format!("takes text or a list of texts, not {kind}"));
                return Vec::new();
            }
        };
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            match check_text(item) {
                Ok(value) => values.push(value),
                Err(message) => self.error(&format!("an item of the list: {message}")),
            }
        }
        values
    }

    fn error(&mut self, message: &str) {
        self.diagnostics.push(
            Diagnostic::error(format!("front matter `{}`: {message}", self.entry.key))
                .at(self.place.at(self.entry.value_at)),
        );
    }
}

/// The entries of YAML front matter between the byte offsets `start` and `end`.
fn yaml_entries(
    text: &str,
    start: usize,
    end: usize,
    place: &Place<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // what the next indented line may do: add items to a list, or continue a text
    let mut open = Open::Nothing;
    // the text of the last entry's value as written, over its lines, read once whole
    let mut pending: Option<String> = None;
    let mut offset = start;
    for raw in text[start..end].split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let content = line.trim_start();
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(item) = list_item(content) {
            if let (Open::List, Some(entry)) = (open, entries.last_mut())
                && let Value::Many(items) = &mut entry.value
            {
                let item_at = at + indent + (content.len() - item.len());
                items.push(checked_scalar(
                    item,
                    &entry.key,
                    item_at,
                    place,
                    diagnostics,
                ));
                continue;
            }
        } else if indent == 0
            && let Some((key, value)) = key_value(line)
        {
            finish_value(&mut entries, pending.take(), place, diagnostics);
            let value_at = at + (line.len() - value.len());
            // `key: # comment` has no value
            let value = if value.starts_with('#') { "" } else { value };
            let (value, next) = if value.is_empty() {
                (Value::Many(Vec::new()), Open::List)
            } else if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                let items = flow_items(items)
                    .into_iter()
                    .map(|item| checked_scalar(item, key, value_at, place, diagnostics))
                    .collect();
                (Value::Many(items), Open::Nothing)
            } else if value.starts_with(['|', '>', '{', '&', '*', '!']) {
                diagnostics.push(not_understood(place, value_at).hint(
                    "folio's front matter reader takes plain and quoted values, [a, b] lists and `- item` lists",
                ));
                (
                    Value::Other("a kind of YAML value folio does not read"),
                    Open::Skip,
                )
            } else {
                pending = Some(value.to_owned());
                (Value::One(String::new()), Open::Text)
            };
            if let Value::Other(_) = value {
                open = next;
                continue;
            }
            entries.push(Entry {
                key: key.to_owned(),
                key_at: at,
                value,
                value_at,
            });
            open = next;
            continue;
        } else if indent > 0 {
            match (open, &mut pending) {
                (Open::Skip, _) => continue,
                (Open::Text, Some(text)) => {
                    // a line break in a value is a space
                    text.push(' ');
                    text.push_str(content);
                    continue;
                }
                _ => {}
            }
        }
        finish_value(&mut entries, pending.take(), place, diagnostics);
        open = Open::Nothing;
        diagnostics.push(not_understood(place, at + indent).hint(
            "folio's front matter reader takes `key: value`, `key: [a, b]` and `- item` lines",
        ));
    }
    finish_value(&mut entries, pending.take(), place, diagnostics);
    entries
}

/// Gives the last entry the value `written` over its lines, read as a YAML scalar.
fn finish_value(
    entries: &mut [Entry],
    written: Option<String>,
    place: &Place<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let (Some(written), Some(entry)) = (written, entries.last_mut()) {
        let value = checked_scalar(&written, &entry.key, entry.value_at, place, diagnostics);
        entry.value = Value::One(value);
    }
}

/// The YAML scalar `written` (at byte `at`), or, when it is not valid YAML, the text as
/// written, with a warning: folio does not guess what was meant, and loses no word.
fn checked_scalar(
    written: &str,
    key: &str,
    at: usize,
    place: &Place<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let written = written.trim();
    scalar(written).unwrap_or_else(|problem| {
        diagnostics.push(
            Diagnostic::warning(format!(
                "front matter `{key}`: {written} is not valid YAML ({problem}); it is kept as written"
            ))
            .at(place.at(at))
            .hint(format!(
                "put the value in single quotes, doubling any quote inside: '{}'",
                written.replace('\'', "''")
            )),
        );
        written.to_owned()
    })
}

/// What an indented line after an entry may do.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Open {
    Nothing,
    /// Add `- item`s to the list of a `key:` with no value.
    List,
    /// Continue the text of a `key: value`.
    Text,
    /// Belong to a value folio does not read.
    Skip,
}

fn not_understood(place: &Place<'_>, at: usize) -> Diagnostic {
    Diagnostic::warning("this line of the YAML front matter is not understood; it is left out")
        .at(place.at(at))
}

/// `- item` gives `item`.
fn list_item(content: &str) -> Option<&str> {
    if content == "-" {
        return Some("");
    }
    content.strip_prefix("- ").map(str::trim_start)
}

/// `key: value` gives `("key", "value")`; the key is letters, digits, `_` and `-`.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let key_ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'));
    let value_ok = rest.is_empty() || rest.starts_with([' ', '\t']);
    (key_ok && value_ok).then(|| (key, rest.trim()))
}

/// A YAML scalar: `"double quoted"` with backslash escapes, `'single quoted'` with `''`
/// for a quote, or plain text up to a ` #` comment; each may be followed by a comment.
/// What is not valid YAML gives what is wrong: a quote not closed, text after the
/// closing quote, a plain value that starts with a character YAML reserves or holds
/// `: ` (which would start a map).
fn scalar(raw: &str) -> Result<String, &'static str> {
    let raw = raw.trim();
    let mut chars = raw.chars();
    let first = chars.next();
    let second = chars.next();
    match first {
        Some('"') => double_quoted(&raw[1..]),
        Some('\'') => single_quoted(&raw[1..]),
        Some('[') => Err("a `[` list that is not closed"),
        Some('{') => Err("a `{` map that is not closed"),
        Some(']' | '}' | ',' | '%' | '@' | '`') => {
            Err("a value that is not quoted cannot start with this character")
        }
        Some('-' | '?' | ':') if second.is_none_or(char::is_whitespace) => {
            Err("a value that is not quoted cannot start with this character")
        }
        _ => {
            let text = without_comment(raw);
            if text.contains(": ") || text.contains(":\t") || text.ends_with(':') {
                Err("a `:` followed by a space starts a map, which a value cannot hold")
            } else {
                Ok(text.to_owned())
            }
        }
    }
}

/// `text` up to a comment: a `#` after a space or tab.
fn without_comment(text: &str) -> &str {
    let cut = text
        .match_indices('#')
        .find(|&(at, _)| text[..at].ends_with([' ', '\t']))
        .map_or(text.len(), |(at, _)| at);
    text[..cut].trim_end()
}

/// What may follow a closing quote: nothing, or spaces and a comment.
fn rest_is_comment(rest: &str) -> Result<(), &'static str> {
    let trimmed = rest.trim_start();
    if trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len()) {
        Ok(())
    } else {
        Err("text after the closing quote")
    }
}

/// The inside of a `"double quoted"` scalar after its opening quote, escapes resolved.
fn double_quoted(inside: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(inside.len());
    let mut chars = inside.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                rest_is_comment(&inside[at + 1..])?;
                return Ok(out);
            }
            '\\' => {
                let escaped = match chars.next().map(|(_, e)| e) {
                    Some('n') => '\n',
                    Some('t' | '\t') => '\t',
                    Some('r') => '\r',
                    Some('0') => '\0',
                    Some(' ') => ' ',
                    Some('_') => '\u{a0}',
                    Some('N') => '\u{85}',
                    Some('L') => '\u{2028}',
                    Some('P') => '\u{2029}',
                    Some(e @ ('"' | '\\' | '/')) => e,
                    Some(e @ ('x' | 'u' | 'U')) => {
                        let digits = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = chars.by_ref().take(digits).map(|(_, h)| h).collect();
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == digits)
                            .and_then(char::from_u32)
                            .ok_or("an escape that is no character")?
                    }
                    _ => return Err("an escape YAML does not know"),
                };
                out.push(escaped);
            }
            _ => out.push(c),
        }
    }
    Err("a quote that is not closed")
}

/// The inside of a `'single quoted'` scalar after its opening quote, `''` made `'`.
fn single_quoted(inside: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(inside.len());
    let mut chars = inside.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\'' {
            out.push(c);
        } else if chars.next_if(|&(_, next)| next == '\'').is_some() {
            out.push('\'');
        } else {
            rest_is_comment(&inside[at + 1..])?;
            return Ok(out);
        }
    }
    Err("a quote that is not closed")
}

/// The items of a flow list's inside, `a, "b, c", 'd'`, as written.
fn flow_items(inside: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut quote = None;
    let mut begin = 0;
    for (at, c) in inside.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, ',') => {
                items.push(inside[begin..at].trim());
                begin = at + 1;
            }
            _ => {}
        }
    }
    let last = inside[begin..].trim();
    if !last.is_empty() || !items.is_empty() {
        items.push(last);
    }
    items
}

/// The entries of TOML front matter between the byte offsets `start` and `end`.
fn toml_entries(
    text: &str,
    start: usize,
    end: usize,
    place: &Place<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let table = match DeTable::parse(&text[start..end]) {
        Ok(table) => table,
        Err(error) => {
            let at = start + error.span().map_or(0, |span| span.start);
            diagnostics.push(
                Diagnostic::error(format!(
                    "the TOML front matter cannot be read: {}",
                    error.message()
                ))
                .at(place.at(at)),
            );
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for (key, spanned) in table.get_ref().iter() {
        let value_of = |value: &DeValue<'_>| match value {
            DeValue::String(text) => Value::One(text.to_string()),
            DeValue::Datetime(date) => Value::One(date.to_string()),
            other => Value::Other(article(other.type_str())),
        };
        let value = match spanned.get_ref() {
            DeValue::Array(items) => {
                let values: Vec<Value> =
                    items.iter().map(|item| value_of(item.get_ref())).collect();
                match values.iter().find(|v| matches!(v, Value::Other(_))) {
                    Some(_) => Value::Other("a list of values other than text"),
                    None => Value::Many(
                        values
                            .into_iter()
                            .filter_map(|v| match v {
                                Value::One(text) => Some(text),
                                _ => None,
                            })
                            .collect(),
                    ),
                }
            }
            other => value_of(other),
        };
        entries.push(Entry {
            key: key.get_ref().to_string(),
            key_at: start + key.span().start,
            value,
            value_at: start + spanned.span().start,
        });
    }
    entries
}

/// A TOML type name with its article, for messages: `an integer`.
fn article(type_name: &'static str) -> &'static str {
    match type_name {
        "integer" => "an integer",
        "float" => "a number",
        "boolean" => "a boolean",
        "table" => "a table",
        "array" => "a list",
        _ => "a value of another kind",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let lines = LineIndex::new(text);
        let mut diagnostics = Vec::new();
        let front = read_front_matter(text, "f.md", &lines, &mut diagnostics);
        (front, diagnostics)
    }

    #[test]
    fn yaml_front_matter_gives_the_metadata() {
        let text = "---\ntitle: \"Landmine Monitor: 2001\"\nauthor: [ICBL, 'Human Rights Watch']\nlang: fr # a comment\ndate: 2001-08-01\nkeywords:\n  - mines\n  - treaty\ndescription: A long\n  description.\n---\n# Body\n";
        let (front, diagnostics) = read(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let meta = front.meta.unwrap();
        assert_eq!(meta.title, "Landmine Monitor: 2001");
        assert_eq!(meta.authors, ["ICBL", "Human Rights Watch"]);
        assert_eq!(meta.language, "fr");
        assert_eq!(meta.date.as_deref(), Some("2001-08-01"));
        assert_eq!(meta.subjects, ["mines", "treaty"]);
        assert_eq!(meta.description.as_deref(), Some("A long description."));
        assert_eq!(&text[front.body..], "# Body\n");
    }

    #[test]
    fn toml_front_matter_gives_the_metadata() {
        let text = "+++\ntitle = \"T\"\nauthors = [\"A\", \"B\"]\ndate = 2001-08-01\nlanguage = \"de\"\n+++\nText.\n";
        let (front, diagnostics) = read(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let meta = front.meta.unwrap();
        assert_eq!(meta.title, "T");
        assert_eq!(meta.authors, ["A", "B"]);
        assert_eq!(meta.date.as_deref(), Some("2001-08-01"));
        assert_eq!(meta.language, "de");
        assert_eq!(&text[front.body..], "Text.\n");
    }

    #[test]
    fn bad_values_are_errors_at_their_place_and_unknown_keys_warnings() {
        let (_, diagnostics) = read("---\ntitle: T\ndate: August 2001\ntheme: dark\n---\n");
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert!(diagnostics[0].is_error());
        assert!(
            diagnostics[0]
                .message
                .starts_with("front matter `date`: \"August 2001\" is not a date")
        );
        assert_eq!(diagnostics[0].location, Some(Location::new("f.md", 3, 7)));
        assert!(!diagnostics[1].is_error());
        assert!(diagnostics[1].message.contains("`theme`"));
        assert_eq!(diagnostics[1].location, Some(Location::new("f.md", 4, 1)));

        let (_, diagnostics) = read("+++\ntitle = 3\nlang = \"\"\n+++\n");
        let messages: Vec<_> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "front matter `title`: takes text, not an integer",
                "front matter `lang`: \"\" is not a language tag; write a BCP 47 tag such as en or fr-CA"
            ]
        );
        assert_eq!(diagnostics[0].location, Some(Location::new("f.md", 2, 9)));
    }

    #[test]
    fn what_the_small_yaml_reader_does_not_read_is_a_warning() {
        let (front, diagnostics) =
            read("---\ntitle: T\nabstract: |\n  Block text.\nnested:\n  key: value\n---\n");
        assert_eq!(front.meta.unwrap().title, "T");
        let lines: Vec<u32> = diagnostics
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [3, 5, 6], "{diagnostics:?}");
        assert!(diagnostics.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn front_matter_that_never_ends_is_markdown_with_a_warning() {
        let (front, diagnostics) = read("---\ntitle: T\n\nText.\n");
        assert!(front.meta.is_none());
        assert_eq!(front.body, 0);
        assert_eq!(diagnostics.len(), 1);
        let (front, diagnostics) = read("Text.\n---\n");
        assert!(front.meta.is_none() && diagnostics.is_empty());
    }

    #[test]
    fn dashes_around_text_that_is_no_metadata_are_markdown() {
        let (front, diagnostics) = read("---\nSome text, not metadata.\n---\n\nMore.\n");
        assert!(
            front.meta.is_none() && diagnostics.is_empty(),
            "{diagnostics:?}"
        );
        assert_eq!(front.body, 0);
        let (_, diagnostics) = read("---\ntitle:\n---\n");
        assert_eq!(
            diagnostics[0].message,
            "front matter `title`: the value is empty"
        );
    }

    #[test]
    fn bad_toml_is_an_error_at_its_place() {
        let (_, diagnostics) = read("+++\ntitle = \n+++\n");
        assert!(diagnostics[0].is_error());
        assert_eq!(diagnostics[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn yaml_that_does_not_parse_is_kept_as_written_with_a_warning_at_its_line() {
        let (front, diagnostics) = read(concat!(
            "---\n",
            "title: [unclosed\n",
            "author: \"Bad \"quote\"\n",
            "subtitle: Landmine Monitor: 2001\n",
            "keywords: [mines, 'trea'ty']\n",
            "editors:\n",
            "  - \"Open\n",
            "description: \"Two\n",
            "  lines\" # a comment\n",
            "rights: 'It''s ours'\n",
            "---\n",
        ));
        let meta = front.meta.unwrap();
        assert_eq!(meta.title, "[unclosed");
        assert_eq!(meta.authors, ["\"Bad \"quote\""]);
        assert_eq!(meta.subtitle.as_deref(), Some("Landmine Monitor: 2001"));
        assert_eq!(meta.subjects, ["mines", "'trea'ty'"]);
        assert_eq!(meta.editors, ["\"Open"]);
        // valid YAML over two lines, and with a quote inside, reads as YAML
        assert_eq!(meta.description.as_deref(), Some("Two lines"));
        assert_eq!(meta.rights.as_deref(), Some("It's ours"));
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                assert!(!d.is_error(), "{d:?}");
                let at = d.location.as_ref().unwrap();
                format!("{}:{}: {}", at.line, at.column, d.message)
            })
            .collect();
        assert_eq!(
            found,
            [
                "2:8: front matter `title`: [unclosed is not valid YAML (a `[` list that is not closed); it is kept as written",
                "3:9: front matter `author`: \"Bad \"quote\" is not valid YAML (text after the closing quote); it is kept as written",
                "4:11: front matter `subtitle`: Landmine Monitor: 2001 is not valid YAML (a `:` followed by a space starts a map, which a value cannot hold); it is kept as written",
                "5:11: front matter `keywords`: 'trea'ty' is not valid YAML (text after the closing quote); it is kept as written",
                "7:5: front matter `editors`: \"Open is not valid YAML (a quote that is not closed); it is kept as written",
            ]
        );
    }

    #[test]
    fn yaml_scalars_read_as_yaml_reads_them() {
        assert_eq!(scalar(r#""a\tb\u00e9\x41\"""#), Ok("a\tbéA\"".to_owned()));
        assert_eq!(scalar("'a''b' # note"), Ok("a'b".to_owned()));
        assert_eq!(scalar("C# and F# # languages"), Ok("C# and F#".to_owned()));
        assert_eq!(scalar("urn:example:x"), Ok("urn:example:x".to_owned()));
        assert!(scalar(r#""\q""#).is_err());
        assert!(scalar(r#""\u12""#).is_err());
        assert!(scalar("@handle").is_err());
        assert!(scalar("- item").is_err());
        assert!(scalar("-1").is_ok());
    }
}
