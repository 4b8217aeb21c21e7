//! The stylesheet: `assets/style.css`, after the `@font-face` rules of the shipped faces
//! when they are embedded, and before `assets/tables.css` when the book has tables and
//! `assets/figures.css` when it has figures.

use std::fmt::Write;

use folio_fonts::Face;

/// The stylesheet that does not depend on the options.
const STYLE: &str = include_str!("../assets/style.css");

/// The rules for tables and their notes, in books that have tables.
const TABLES: &str = include_str!("../assets/tables.css");

/// The rules for figures, in books that have figures.
const FIGURES: &str = include_str!("../assets/figures.css");

/// The font licence's file, in the package folder.
pub(crate) const FONT_LICENSE_FILE: &str = "fonts/OFL.txt";

/// Where a shipped face goes, in the package folder.
pub(crate) fn font_path(face: &Face) -> String {
    format!("fonts/{}", face.file_name)
}

/// The stylesheet, with `@font-face` rules for the shipped faces when `embed_fonts`, the
/// rules for tables when `tables`, and those for figures when `figures`.
pub(crate) fn stylesheet(embed_fonts: bool, tables: bool, figures: bool) -> String {
    let mut css = String::with_capacity(STYLE.len() + TABLES.len() + FIGURES.len() + 1024);
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
    if figures {
        css.push('\n');
        css.push_str(FIGURES);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_declared_only_when_embedded() {
        let with = stylesheet(true, false, false);
        assert_eq!(with.matches("@font-face").count(), 4);
        assert!(with.contains("url(\"fonts/NotoSerif-BoldItalic.ttf\")"));
        let without = stylesheet(false, false, false);
        assert!(!without.contains("@font-face"));
        assert!(without.contains("hyphens: auto"));
        assert!(!without.contains(".table-wrap"));
        assert!(!without.contains("img {"));
        assert!(stylesheet(false, true, false).contains(".table-wrap {\n  overflow-x: auto;"));
        let figures = stylesheet(false, false, true);
        assert!(figures.contains("img {\n  max-width: 100%;\n  height: auto;\n}"));
        assert!(!figures.contains(".table-wrap"));
    }

    #[test]
    fn the_stylesheet_uses_only_relative_lengths() {
        // Every number with a unit is in em, rem or %, so that the text reflows on
        // every screen and follows the reader's chosen size.
        let css = stylesheet(true, true, true);
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
