//! Byte offsets to lines and columns, for readers whose parsers report offsets
//! (pulldown-cmark, toml).

use folio_model::Location;

use crate::decode::to_u32;

/// Where the lines of a text start, and how many characters lie before every
/// [`BLOCK`]-th byte, so that any byte offset gives its line and column in time that
/// does not grow with the line's length: a column is counted from the nearest block
/// start, never from the line's start (100,000 note references on one line would
/// otherwise count the line 100,000 times).
#[derive(Debug)]
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// `chars_before[k]`: the characters in the first `k * BLOCK` bytes.
    chars_before: Vec<usize>,
}

/// The bytes between two entries of [`LineIndex::chars_before`].
const BLOCK: usize = 256;

impl<'t> LineIndex<'t> {
    /// The index of `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        chars_before.push(0);
        for block in text.as_bytes().chunks(BLOCK) {
            chars += char_starts(block);
            chars_before.push(chars);
        }
        Self {
            text,
            starts,
            chars_before,
        }
    }

    /// The 1-based line and column (in characters) of the byte `offset`; an offset past
    /// the end is the end, and one inside a character is that character.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = if offset - start <= BLOCK {
            char_starts(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_to(offset) - self.chars_to(start)
        } + 1;
        (to_u32(line), to_u32(column))
    }

    /// The characters in the first `offset` bytes (a character boundary).
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let before = self.chars_before.get(block).copied().unwrap_or(0);
        before + char_starts(&self.text.as_bytes()[block * BLOCK..offset])
    }

    /// The place of the byte `offset` in `file`, for a diagnostic.
    pub(crate) fn at(&self, file: &str, offset: usize) -> Option<Location> {
        let (line, column) = self.position(offset);
        Some(Location::new(file, line, column))
    }
}

/// How many characters start in `bytes` of UTF-8: the bytes that are not continuation
/// bytes (`10xxxxxx`).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_give_lines_and_columns_in_characters() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(2), (1, 3));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(5), (2, 2));
        assert_eq!(index.position(4), (2, 1));
        assert_eq!(index.position(7), (3, 1));
        assert_eq!(index.position(8), (4, 1));
        assert_eq!(index.position(99), (4, 2));
    }

    #[test]
    fn columns_on_long_lines_count_characters_across_blocks() {
        // lines that span many blocks, of one-, two-, three- and four-byte characters,
        // checked against counting from the line's start
        let line: String = "aé€😀".repeat(300);
        let text = format!("x\n{line}\n{line}z");
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
            let line = text[..offset].matches('\n').count() + 1;
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(
                index.position(offset),
                (to_u32(line), to_u32(column)),
                "at {offset}"
            );
        }
        assert_eq!(index.position(text.len()), (3, 1202));
    }
}
