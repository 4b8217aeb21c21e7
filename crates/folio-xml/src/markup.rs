//! Writing XML text: escaping, and a writer that indents block-level elements and keeps
//! inline content on one line, so that pretty-printing never adds whitespace to text.

/// The XML declaration every edition starts with.
pub(crate) const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/// Builds an XML document in memory. Block-level elements ([`open`](Self::open),
/// [`close`](Self::close), [`line`](Self::line)) start on a line of their own, indented
/// two spaces per level; everything written between [`line`](Self::line) and
/// [`end_line`](Self::end_line) stays on that line, exactly as given.
#[derive(Debug)]
pub(crate) struct XmlWriter {
    out: String,
    depth: usize,
    /// How many [`begin_inline`](Self::begin_inline) calls are open: while any is,
    /// block-level elements are written without line ends or indentation.
    inline: usize,
}

impl XmlWriter {
    /// A writer that has written the XML declaration.
    pub(crate) fn new(capacity: usize) -> Self {
        let mut out = String::with_capacity(capacity);
        out.push_str(DECLARATION);
        Self {
            out,
            depth: 0,
            inline: 0,
        }
    }

    /// From here until the matching [`end_inline`](Self::end_inline), block-level
    /// elements stay on the current line (blocks inside a footnote, say).
    pub(crate) fn begin_inline(&mut self) {
        self.inline += 1;
    }

    /// Ends what [`begin_inline`](Self::begin_inline) began.
    pub(crate) fn end_inline(&mut self) {
        self.inline = self.inline.saturating_sub(1);
    }

    /// Writes `text` as it is (a DOCTYPE line, say) on a line of its own.
    pub(crate) fn raw_line(&mut self, text: &str) {
        self.newline();
        self.out.push_str(text);
    }

    /// Opens a block-level element on a new line; what follows is indented one more level.
    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.newline();
        self.start_tag(name, attributes);
        self.depth += 1;
    }

    /// Closes a block-level element on a new line.
    pub(crate) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        self.end_tag(name);
    }

    /// An empty element on a line of its own.
    pub(crate) fn empty_line(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.newline();
        self.empty(name, attributes);
    }

    /// Starts an element on a new line whose content goes on the same line; end it with
    /// [`end_line`](Self::end_line).
    pub(crate) fn line(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.newline();
        self.start_tag(name, attributes);
    }

    /// Ends an element started with [`line`](Self::line).
    pub(crate) fn end_line(&mut self, name: &str) {
        self.end_tag(name);
    }

    /// An element holding only `text`, on a line of its own.
    pub(crate) fn text_line(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.line(name, attributes);
        self.text(text);
        self.end_line(name);
    }

    /// A start tag, inline.
    pub(crate) fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        self.attributes(attributes);
        self.out.push('>');
    }

    /// An end tag, inline.
    pub(crate) fn end_tag(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// An empty element, inline.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        self.attributes(attributes);
        self.out.push_str("/>");
    }

    /// Character data, escaped.
    pub(crate) fn text(&mut self, text: &str) {
        escape_into(&mut self.out, text, Context::Text);
    }

    /// The document, with a final line end.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.out.push('\n');
        self.out.into_bytes()
    }

    fn attributes(&mut self, attributes: &[(&str, &str)]) {
        for (name, value) in attributes {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, Context::Attribute);
            self.out.push('"');
        }
    }

    fn newline(&mut self) {
        if self.inline > 0 {
            return;
        }
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Text,
    Attribute,
}

/// Appends `text` to `out` escaped for `context`. A carriage return is written as a
/// character reference so that parsers keep it; in attributes tabs and line ends are too,
/// so that attribute normalisation keeps them. Characters XML 1.0 cannot hold at all
/// (C0 controls other than tab and line ends, U+FFFE, U+FFFF) become U+FFFD.
fn escape_into(out: &mut String, text: &str, context: Context) {
    let attribute = context == Context::Attribute;
    let table = if attribute {
        &ATTRIBUTE_BYTES
    } else {
        &TEXT_BYTES
    };
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    // Everything that may need a change is ASCII, or U+FFFE and U+FFFF (EF BF BE,
    // EF BF BF), so `i` is on a character boundary whenever a change is made.
    while let Some(offset) = bytes[i..].iter().position(|&b| table[usize::from(b)]) {
        i += offset;
        let (replacement, width) = match bytes[i] {
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'&' => ("&amp;", 1),
            b'"' => ("&quot;", 1),
            b'\r' => ("&#13;", 1),
            b'\t' => ("&#9;", 1),
            b'\n' => ("&#10;", 1),
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                ("\u{fffd}", 3)
            }
            0xef => {
                i += 1;
                continue;
            }
            _ => ("\u{fffd}", 1),
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        i += width;
        start = i;
    }
    out.push_str(&text[start..]);
}

/// The bytes character data may need changed: markup characters, carriage returns, C0
/// controls other than tab and line feed, and the first byte of U+FFFE and U+FFFF.
static TEXT_BYTES: [bool; 256] = needs_change(false);

/// The same for attribute values, which change quotes, tabs and line feeds too.
static ATTRIBUTE_BYTES: [bool; 256] = needs_change(true);

const fn needs_change(attribute: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = attribute || (b != b'\t' as usize && b != b'\n' as usize);
        b += 1;
    }
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[b'"' as usize] = attribute;
    table[0xef] = true;
    table
}

/// Whether XML 1.0 allows `c` in a document (production `Char`).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str, context: Context) -> String {
        let mut out = String::new();
        escape_into(&mut out, text, context);
        out
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escaped("a < b & c > \"d\"", Context::Text),
            "a &lt; b &amp; c &gt; \"d\""
        );
        assert_eq!(
            escaped("\"q\" <&>", Context::Attribute),
            "&quot;q&quot; &lt;&amp;&gt;"
        );
    }

    #[test]
    fn whitespace_survives_parsers() {
        assert_eq!(escaped("a\tb\nc\r\n", Context::Text), "a\tb\nc&#13;\n");
        assert_eq!(
            escaped("a\tb\nc\r", Context::Attribute),
            "a&#9;b&#10;c&#13;"
        );
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced() {
        assert_eq!(
            escaped("a\u{1}b\u{fffe}", Context::Text),
            "a\u{fffd}b\u{fffd}"
        );
        assert_eq!(
            escaped("ünï 😀 \u{ff01}\u{fffd}", Context::Text),
            "ünï 😀 \u{ff01}\u{fffd}"
        );
    }

    #[test]
    fn blocks_are_indented_and_lines_kept_whole() {
        let mut w = XmlWriter::new(0);
        w.open("a", &[("x", "1")]);
        w.line("p", &[]);
        w.text(" t ");
        w.empty("br", &[]);
        w.end_line("p");
        w.empty_line("e", &[]);
        w.begin_inline();
        w.open("f", &[]);
        w.text_line("g", &[], "h");
        w.close("f");
        w.end_inline();
        w.close("a");
        let out = String::from_utf8(w.finish()).unwrap();
        assert_eq!(
            out,
            format!("{DECLARATION}\n<a x=\"1\">\n  <p> t <br/></p>\n  <e/><f><g>h</g></f>\n</a>\n")
        );
    }
}
