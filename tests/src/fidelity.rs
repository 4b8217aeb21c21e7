//! Nothing lost: the words of a web-report source, found in order in the text extracted
//! from an edition. The same measure as `fidelity.py` (words are runs of letters,
//! NFKC-normalised, lowercased, with hyphenated words joined), but strict: every word
//! must be found, in order.

use unicode_normalization::UnicodeNormalization;

/// The words of a web-report source file: the body words (from `Key developments` to
/// `<Previous | Next>`, note markers and `Related Report:` lines left out) and the note
/// words (the `[N] ...` lines after it), each list in source order.
pub fn source_words(source: &str) -> (Vec<String>, Vec<String>) {
    let source = source.replace("\r\n", "\n");
    let source = source.trim_start_matches('\u{feff}');
    let mut body = String::new();
    let mut notes = String::new();
    let mut parts = Vec::new();
    let mut current: Option<String> = None;
    for line in source.split('\n') {
        if line.starts_with("Key developments") {
            parts.extend(current.take());
            current = Some(String::new());
        }
        if let Some(part) = current.as_mut() {
            part.push_str(line);
            part.push('\n');
        }
    }
    parts.extend(current);
    for part in parts {
        let (text, rest) = part.split_once("<Previous | Next>").unwrap_or((&part, ""));
        for line in text.lines() {
            if !line.starts_with("Related Report:") {
                body.push_str(&strip_markers(line));
            }
            body.push('\n');
        }
        for line in rest.lines() {
            if let Some(note) = note_line(line) {
                notes.push_str(note);
                notes.push('\n');
            }
        }
    }
    (words(&body), words(&notes))
}

/// `[12] text` gives `text`.
fn note_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].strip_prefix("] ")?;
    (digits > 0).then(|| after.trim_start())
}

/// Every `[N]` replaced by a space.
fn strip_markers(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..open]);
        if digits > 0 && after[digits..].starts_with(']') {
            out.push(' ');
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The words of `text`: NFKC, a hyphen (or soft hyphen) between word characters joins
/// them even across a line end, then runs of letters, lowercased.
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.nfkc().collect();
    let mut joined = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '-' | '\u{2010}' | '\u{ad}') && i > 0 && is_word_char(chars[i - 1]) {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], ' ' | '\t') {
                j += 1;
            }
            if j < chars.len() && chars[j] == '\n' {
                j += 1;
            }
            while j < chars.len() && matches!(chars[j], ' ' | '\t') {
                j += 1;
            }
            if j < chars.len() && is_word_char(chars[j]) {
                i = j;
                continue;
            }
        }
        if c != '\u{ad}' {
            joined.push(c);
        }
        i += 1;
    }
    joined
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Asserts that `expected` appears in `extracted` in order (other words may come
/// between), naming the first word that does not.
pub fn assert_in_order(what: &str, expected: &[String], extracted: &[String]) {
    let mut found = 0usize;
    let mut pos = 0;
    for word in expected {
        match extracted[pos..].iter().position(|w| w == word) {
            Some(offset) => {
                pos += offset + 1;
                found += 1;
            }
            None => {
                let context =
                    expected[found.saturating_sub(5)..(found + 5).min(expected.len())].join(" ");
                panic!(
                    "{what}: word {} of {} ({word:?}) is missing or out of order; around: {context}",
                    found + 1,
                    expected.len()
                );
            }
        }
    }
}

/// Asserts that every body word and every note word of the web-report `source` reaches
/// `extracted` (text taken out of an edition), each in order.
pub fn assert_nothing_lost(source: &str, extracted: &str) {
    let (body, notes) = source_words(source);
    assert!(!body.is_empty(), "the source has no body words");
    let out = words(extracted);
    assert_in_order("body", &body, &out);
    assert_in_order("notes", &notes, &out);
}

/// The words of extracted text (NFKC, lowercased, runs of letters, as [`words`]), each
/// with whether a hyphen follows it at the end of a line or before a space: a piece of
/// a word cut to fit a column narrower than itself, whose rest comes later (on the next
/// line of its cell, maybe after its neighbours' lines, which pdftotext may set on the
/// same line, or on the next page).
pub fn pieces(text: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.nfkc().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphabetic() {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            let cut =
                matches!(c, '-' | '\u{2010}') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            out.push((std::mem::take(&mut word), cut));
        }
    }
    if !word.is_empty() {
        out.push((word, false));
    }
    out
}

/// Asserts that `expected` appears in `extracted` (made by [`pieces`]) in order, other
/// words between, where a word may also be found in pieces: a piece that ends its line
/// in a hyphen and begins the word, then the rest, further on (what a table cell
/// narrower than a word holds, across lines and pages).
pub fn assert_in_order_in_pieces(what: &str, expected: &[String], extracted: &[(String, bool)]) {
    /// Where the earliest match of `word` from `from` ends: whole, or in pieces.
    fn find(word: &str, extracted: &[(String, bool)], from: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (j, (piece, cut)) in extracted.iter().enumerate().skip(from) {
            if best.is_some_and(|end| j + 1 >= end) {
                break;
            }
            if piece == word {
                return Some(best.map_or(j + 1, |end| end.min(j + 1)));
            }
            if *cut
                && piece.len() < word.len()
                && word.starts_with(piece.as_str())
                && let Some(end) = find(&word[piece.len()..], extracted, j + 1)
            {
                best = Some(best.map_or(end, |b| b.min(end)));
            }
        }
        best
    }
    let mut at = 0;
    for (i, word) in expected.iter().enumerate() {
        match find(word, extracted, at) {
            Some(end) => at = end,
            None => panic!(
                "{what}: word {} of {} ({word:?}) is missing or out of order, whole or in pieces",
                i + 1,
                expected.len()
            ),
        }
    }
}

/// The XML with each table's `<tfoot>` moved to the end of its table, where a reader
/// shows it: the XHTML table model of JATS puts `<tfoot>` before `<tbody>` in the file,
/// but its rows come last in reading order.
pub fn tfoot_last(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find("<tfoot") {
        let Some(close) = rest[open..]
            .find("</tfoot>")
            .map(|c| open + c + "</tfoot>".len())
        else {
            break;
        };
        let Some(end) = rest[close..].find("</table>").map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[close..end]);
        out.push_str(&rest[open..close]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The text of an XML document: its character data and its attribute values, entities
/// resolved, each run apart from the next.
pub fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c);
        for (i, part) in rest[open..close].split('"').enumerate() {
            if i % 2 == 1 {
                out.push_str(part);
                out.push(' ');
            }
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_the_words_fidelity_py_counts() {
        let source = std::fs::read_to_string(crate::sample()).unwrap();
        let (body, notes) = source_words(&source);
        assert_eq!((body.len(), notes.len()), (855, 250));
        assert_eq!(body[0], "key");
        assert_eq!(notes.last().unwrap(), "february");
    }

    #[test]
    fn hyphens_join_words_across_line_ends() {
        assert_eq!(
            words("frag-\nmentation Sam-Jong ﬁne"),
            ["fragmentation", "samjong", "fine"]
        );
    }

    #[test]
    fn a_word_cut_across_lines_is_found_in_its_pieces() {
        let text = "one casual-\nother words\nties two\n";
        let found = pieces(text);
        assert_in_order_in_pieces("t", &words("one casualties two"), &found);
        let lost = std::panic::catch_unwind(|| {
            assert_in_order_in_pieces("t", &words("one casualtiez two"), &found)
        });
        assert!(lost.is_err());
    }

    #[test]
    fn a_tfoot_is_read_after_the_body() {
        let xml = "<table><thead>h</thead><tfoot>f</tfoot><tbody>b</tbody></table> after";
        assert_eq!(
            tfoot_last(xml),
            "<table><thead>h</thead><tbody>b</tbody><tfoot>f</tfoot></table> after"
        );
    }

    #[test]
    #[should_panic(expected = "word 3 of 3")]
    fn a_missing_word_is_found() {
        assert_in_order("t", &words("a b c"), &words("a c b"));
    }
}
