//! GFM pipe tables in the Markdown reader: what pulldown-cmark's table extension does not
//! say, read from the source text. pulldown-cmark pads a row shorter than the header
//! with empty cells but drops the cells of a longer row past the header's count; these
//! functions find the dropped cells again, and tell a caption (`Table: text` or
//! `: text`, pandoc's convention) from a row.

use std::ops::Range;

/// The byte ranges of the cells of a row that pulldown-cmark dropped: `rest` is the
/// source of the row from the end of the last cell it kept to the end of the line (so
/// it starts at that cell's closing `|`), and `offset` is where `rest` starts in the
/// whole text. Cells are split at every `|` not escaped by a backslash (inside code
/// spans too, as GFM splits them); a last cell of nothing but spaces after a closing
/// `|` is no cell. Each range is the cell's text between its pipes, untrimmed.
pub(super) fn dropped_cells(rest: &str, offset: usize) -> Vec<Range<usize>> {
    let pipes = unescaped_pipes(rest);
    let Some(&first) = pipes.first() else {
        return Vec::new();
    };
    let mut cells = Vec::new();
    let mut from = first + 1;
    for &pipe in &pipes[1..] {
        cells.push(offset + from..offset + pipe);
        from = pipe + 1;
    }
    if !is_blank(&rest[from..]) {
        cells.push(offset + from..offset + rest.len());
    }
    cells
}

/// Whether `line` holds a `|` not escaped by a backslash.
pub(super) fn has_pipe(line: &str) -> bool {
    !unescaped_pipes(line).is_empty()
}

/// The offsets of the `|` in `text` that no odd run of backslashes escapes.
fn unescaped_pipes(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut pipes = Vec::new();
    let mut backslashes = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\\' => backslashes += 1,
            b'|' if backslashes.is_multiple_of(2) => {
                pipes.push(i);
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
    }
    pipes
}

fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// When `text` starts with a caption marker, as pandoc reads one: `Table:` (or
/// `table:`), or a `:` not followed by punctuation, after at most three spaces: the
/// length of the marker and the spaces after it.
pub(super) fn caption_marker(text: &str) -> Option<usize> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &text[indent..];
    let marker = if rest.starts_with("Table:") || rest.starts_with("table:") {
        "Table:".len()
    } else if rest.starts_with(':')
        && !rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_punctuation())
    {
        1
    } else {
        return None;
    };
    let after = &rest[marker..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some(indent + marker + spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(row: &str) -> Vec<&str> {
        dropped_cells(row, 0)
            .into_iter()
            .map(|range| &row[range])
            .collect()
    }

    #[test]
    fn dropped_cells_are_split_at_unescaped_pipes() {
        assert_eq!(cells("| 3 | 4 |"), [" 3 ", " 4 "]);
        assert_eq!(cells("| 3 | 4"), [" 3 ", " 4"]);
        assert_eq!(cells("| 3 | |  "), [" 3 ", " "]);
        assert_eq!(cells("| a \\| b | `c\\|d` |"), [" a \\| b ", " `c\\|d` "]);
        assert_eq!(cells("| a \\\\| b"), [" a \\\\", " b"]);
        // a row as wide as the header: the closing pipe, or nothing, is left
        assert!(cells("|").is_empty());
        assert!(cells("|  ").is_empty());
        assert!(cells("").is_empty());
        assert_eq!(dropped_cells("| x | y", 10), vec![11..14, 15..17]);
    }

    #[test]
    fn caption_markers_are_pandocs() {
        assert_eq!(caption_marker("Table: Casualties"), Some(7));
        assert_eq!(caption_marker("table:x"), Some(6));
        assert_eq!(caption_marker(": Casualties"), Some(2));
        assert_eq!(caption_marker("  :Casualties"), Some(3));
        assert_eq!(caption_marker(":-) smile"), None);
        assert_eq!(caption_marker("    : code"), None);
        assert_eq!(caption_marker("Tables: no"), None);
        assert_eq!(caption_marker("A table: no"), None);
        assert!(has_pipe("a | b") && !has_pipe("a \\| b") && !has_pipe("Table: x"));
    }
}
