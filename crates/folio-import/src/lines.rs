//! Byte offsets to lines and columns, for readers whose parsers report offsets
//! (pulldown-cmark, toml).

use folio_model::Location;

use crate::decode::to_u32;

/// Where the lines of a text start, so that any byte offset gives its line and column
/// without counting from the start every time.
#[derive(Debug)]
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// The index of `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, starts }
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
        let column = self.text[start..offset].chars().count() + 1;
        (to_u32(line), to_u32(column))
    }

    /// The place of the byte `offset` in `file`, for a diagnostic.
    pub(crate) fn at(&self, file: &str, offset: usize) -> Option<Location> {
        let (line, column) = self.position(offset);
        Some(Location::new(file, line, column))
    }
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
}
