//! XML written by hand: every piece of text escaped, and the characters XHTML forbids
//! dropped and counted, so that nothing from the input is ever passed through as markup.

use std::collections::BTreeMap;

use folio_model::Diagnostic;

/// An XML document being written: markup we trust, text we escape.
#[derive(Debug, Default)]
pub(crate) struct Markup {
    out: String,
    dropped: Dropped,
    /// HTML for the web rather than the EPUB's XHTML: no `epub:` or `xml:` attributes,
    /// and void elements without the closing slash.
    html: bool,
}

/// The characters XHTML forbids that were dropped, with how often each was.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Dropped(BTreeMap<char, usize>);

impl Markup {
    /// An empty document with room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            dropped: Dropped::default(),
            html: false,
        }
    }

    /// The same document written as HTML for the web when `html`: the attributes only
    /// XML and EPUB reading systems read (`epub:type`, `xml:lang`) are left out, and void
    /// elements are written `<img ...>`.
    pub(crate) fn html(mut self, html: bool) -> Self {
        self.html = html;
        self
    }

    /// How many bytes are written so far.
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// Markup we wrote ourselves, written as it is.
    pub(crate) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Text, with `&`, `<` and `>` escaped.
    pub(crate) fn text(&mut self, text: &str) {
        escape_into(&mut self.out, text, false, &mut self.dropped);
    }

    /// An attribute value, with `&`, `<`, `>` and `"` escaped (for `name="..."`).
    pub(crate) fn attr_value(&mut self, value: &str) {
        escape_into(&mut self.out, value, true, &mut self.dropped);
    }

    /// `<tag a="v" ...>`; attribute names are ours, values are escaped.
    pub(crate) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        self.attrs(attrs);
        self.out.push('>');
    }

    /// `<tag a="v" .../>`.
    pub(crate) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        self.attrs(attrs);
        self.out.push_str(if self.html { ">" } else { "/>" });
    }

    /// `</tag>`.
    pub(crate) fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `<tag a="v" ...>text</tag>`.
    pub(crate) fn element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// A line break, to keep the output readable in a diff.
    pub(crate) fn newline(&mut self) {
        self.out.push('\n');
    }

    /// The document, and what was dropped from it.
    pub(crate) fn finish(self) -> (String, Dropped) {
        (self.out, self.dropped)
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (name, value) in attrs {
            if self.html && (name.starts_with("epub:") || name.starts_with("xml:")) {
                continue;
            }
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true, &mut self.dropped);
            self.out.push('"');
        }
    }
}

impl Dropped {
    /// Adds what another document dropped.
    pub(crate) fn merge(&mut self, other: Dropped) {
        for (c, n) in other.0 {
            *self.0.entry(c).or_default() += n;
        }
    }

    /// One warning naming every character dropped, or none when nothing was.
    pub(crate) fn warning(&self) -> Option<Diagnostic> {
        if self.0.is_empty() {
            return None;
        }
        const SHOWN: usize = 12;
        let total: usize = self.0.values().sum();
        let mut names: Vec<String> = self
            .0
            .keys()
            .take(SHOWN)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        if self.0.len() > SHOWN {
            names.push(format!("and {} more", self.0.len() - SHOWN));
        }
        let characters = if total == 1 {
            "character"
        } else {
            "characters"
        };
        Some(
            Diagnostic::warning(format!(
                "the epub leaves out {total} {characters} that XHTML forbids: {}",
                names.join(", ")
            ))
            .hint("these are control characters or noncharacters; the text around them is kept"),
        )
    }
}

/// Whether XHTML text may not hold `c`: C0 controls other than tab, line feed and
/// carriage return, DEL and the C1 controls, and Unicode's noncharacters. (Lone
/// surrogates cannot occur in a Rust string.)
pub(crate) fn is_forbidden(c: char) -> bool {
    let n = u32::from(c);
    matches!(n, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F..=0x9F | 0xFDD0..=0xFDEF)
        || n & 0xFFFE == 0xFFFE
}

/// For each byte: whether the scan must stop at it. In text: `&`, `<`, `>`, the C0
/// controls but tab and line feed, DEL, and the lead bytes of the forbidden characters
/// beyond ASCII (U+0080..U+009F, U+FDD0..U+FFFF, the last two of every plane).
const STOPS_IN_TEXT: [bool; 256] = stops(false);
/// The same in a double-quoted attribute value, where `"`, tab and line feed stop too.
const STOPS_IN_ATTRIBUTE: [bool; 256] = stops(true);

const fn stops(in_attribute: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'&' | b'<' | b'>' | b'\r' | 0x7F | 0xC2 | 0xEF | 0xF0..=0xF4 => true,
            b'"' | b'\t' | b'\n' => in_attribute,
            0x00..=0x1F => true,
            _ => false,
        };
        b += 1;
    }
    table
}

/// Appends `text` to `out`, escaped for element content (or for a double-quoted
/// attribute value when `in_attribute`), leaving out the characters XHTML forbids.
///
/// Text is mostly letters: the scan runs over bytes, stopping only where
/// [`STOPS_IN_TEXT`] says, and decodes a character only at a lead byte.
pub(crate) fn escape_into(out: &mut String, text: &str, in_attribute: bool, dropped: &mut Dropped) {
    let stops = if in_attribute {
        &STOPS_IN_ATTRIBUTE
    } else {
        &STOPS_IN_TEXT
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|&b| stops[usize::from(b)]) {
        i += skip;
        let b = bytes[i];
        let (len, replacement) = if b < 0x80 {
            let replacement = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                // Kept as characters an attribute's normalisation would not turn into
                // spaces.
                b'\t' => "&#9;",
                b'\n' => "&#10;",
                b'\r' => "&#13;",
                _ => {
                    *dropped.0.entry(char::from(b)).or_default() += 1;
                    ""
                }
            };
            (1, replacement)
        } else {
            // A lead byte, so `i` is on a character boundary.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !is_forbidden(c) {
                i += c.len_utf8();
                continue;
            }
            *dropped.0.entry(c).or_default() += 1;
            (c.len_utf8(), "")
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        i += len;
        start = i;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> (String, Dropped) {
        let mut m = Markup::default();
        m.text(s);
        m.finish()
    }

    #[test]
    fn text_that_looks_like_markup_is_escaped() {
        assert_eq!(
            text("<b>Tom & Jerry</b>").0,
            "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"
        );
        assert_eq!(text("&amp; stays text").0, "&amp;amp; stays text");
        assert_eq!(text("\"quoted\" 'single'").0, "\"quoted\" 'single'");
    }

    #[test]
    fn attribute_values_escape_quotes_and_keep_whitespace() {
        let mut m = Markup::default();
        m.empty("a", &[("href", "x?a=1&b=\"2\""), ("title", "a\tb\nc")]);
        assert_eq!(
            m.finish().0,
            "<a href=\"x?a=1&amp;b=&quot;2&quot;\" title=\"a&#9;b&#10;c\"/>"
        );
    }

    #[test]
    fn forbidden_characters_are_dropped_and_named_once() {
        let (out, dropped) = text("a\u{1}b\u{1}c\u{ffff}d\u{85}e\u{fdd0}f\u{10fffe}g\te\nf\r");
        assert_eq!(out, "abcdefg\te\nf&#13;");
        let warning = dropped.warning().unwrap();
        assert_eq!(
            warning.message,
            "the epub leaves out 6 characters that XHTML forbids: \
             U+0001, U+0085, U+FDD0, U+FFFF, U+10FFFE"
        );
        assert_eq!(text("plain").1.warning(), None);
    }

    #[test]
    fn allowed_characters_outside_ascii_pass() {
        for c in [
            'é',
            '’',
            '\u{a0}',
            '\u{fffd}',
            '\u{1f600}',
            '\u{e000}',
            '\u{fdf0}',
        ] {
            assert!(!is_forbidden(c), "{c:?}");
            assert_eq!(text(&c.to_string()).0, c.to_string());
        }
    }

    #[test]
    fn every_character_is_kept_or_dropped_as_is_forbidden_says() {
        // Every code point of the BMP and the planes' last ones, around the ones the
        // scan treats apart.
        let chars = (0u32..0x1_0000)
            .chain(0x1_FFF0..0x2_0010)
            .chain(0x10_FFF0..=0x10_FFFF)
            .filter_map(char::from_u32);
        for c in chars {
            let s = format!("a{c}b");
            let (out, dropped) = text(&s);
            let kept = !dropped.0.contains_key(&c);
            assert_eq!(kept, !is_forbidden(c), "{c:?}");
            if kept && !matches!(c, '&' | '<' | '>' | '\r') {
                assert_eq!(out, s, "{c:?}");
            }
        }
    }

    #[test]
    fn many_dropped_characters_are_summed_up() {
        let all: String = (1u8..=0x1f)
            .filter(|b| ![9, 10, 13].contains(b))
            .map(char::from)
            .collect();
        let (_, dropped) = text(&all);
        let message = dropped.warning().unwrap().message;
        assert!(message.contains("28 characters"), "{message}");
        assert!(message.ends_with("and 16 more"), "{message}");
    }
}
