//! The stylesheet: `assets/style.css`, after the `@font-face` rules of the shipped faces
//! when they are embedded, and before `assets/tables.css` when the book has tables.

use std::fmt::Write;

use folio_fonts::Face;

/// The stylesheet that does not depend on the options.
const STYLE: &str = include_str!("../assets/style.css");

/// The rules for tables and their notes, in books that have tables.
const TABLES: &str = include_str!("../assets/tables.css");

/// The font licence's file, in the package folder.
pub(crate) const FONT_LICENSE_FILE: &str = "fonts/OFL.txt";

/// Where a shipped face goes, in the package folder.
pub(crate) fn font_path(face: &Face) -> String {
    format!("fonts/{}", face.file_name)
}

/// The stylesheet, with `@font-face` rules for the shipped faces when `embed_fonts`, and
/// the rules for tables when `tables`.
pub(crate) fn stylesheet(embed_fonts: bool, tables: bool) -> String {
    let mut css = String::with_capacity(STYLE.len() + TABLES.len() + 1024);
    if embed_fonts {
        for face in folio_fonts::faces() {
            let style = if face.style.is_italic() {
                "italic"
            } else {
                "normal"
            };
            let weight = if face.style.is_bold() {
                "bold"
            } else {
                "normal"
            };
            // Writing to a String cannot fail.
            let _ = write!(
                css,
                "@font-face {{\n  font-family: \"{}\";\n  font-style: {style};\n  \
                 font-weight: {weight};\n  src: url(\"{}\") format(\"truetype\");\n}}\n\n",
                face.family,
                font_path(face)
            );
        }
    }
    css.push_str(STYLE);
    if tables {
        css.push('\n');
        css.push_str(TABLES);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_declared_only_when_embedded() {
        let with = stylesheet(true, false);
        assert_eq!(with.matches("@font-face").count(), 4);
        assert!(with.contains("url(\"fonts/NotoSerif-BoldItalic.ttf\")"));
        let without = stylesheet(false, false);
        assert!(!without.contains("@font-face"));
        assert!(without.contains("hyphens: auto"));
        assert!(!without.contains(".table-wrap"));
        assert!(stylesheet(false, true).contains(".table-wrap {\n  overflow-x: auto;"));
    }

    #[test]
    fn the_stylesheet_uses_only_relative_lengths() {
        // Every number with a unit is in em, rem or %, so that the text reflows on
        // every screen and follows the reader's chosen size.
        let css = stylesheet(true, true);
        let bytes = css.as_bytes();
        let mut units = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let starts_number = bytes[i].is_ascii_digit()
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'#'));
            if !starts_number {
                i += 1;
                continue;
            }
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let unit_start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'%') {
                i += 1;
            }
            units.push(&css[unit_start..i]);
        }
        assert!(units.contains(&"em"));
        for unit in units {
            assert!(
                ["", "em", "rem", "%"].contains(&unit),
                "the stylesheet uses {unit:?}"
            );
        }
    }
}
