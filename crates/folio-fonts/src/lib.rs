//! The font family folio ships (Noto Serif, SIL Open Font License 1.1), embedded in the
//! binary so that exporting needs no system fonts.
//!
//! ```
//! let regular = folio_fonts::face(folio_fonts::Style::Regular);
//! assert_eq!(regular.family, "Noto Serif");
//! assert!(regular.data.starts_with(&[0, 1, 0, 0]));
//! ```

/// Upright or italic, regular or bold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Upright, regular weight.
    Regular,
    /// Italic, regular weight.
    Italic,
    /// Upright, bold.
    Bold,
    /// Italic, bold.
    BoldItalic,
}

impl Style {
    /// The style with these traits.
    pub fn new(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (false, true) => Style::Italic,
            (true, false) => Style::Bold,
            (true, true) => Style::BoldItalic,
        }
    }

    /// Whether the style is bold.
    pub fn is_bold(self) -> bool {
        matches!(self, Style::Bold | Style::BoldItalic)
    }

    /// Whether the style is italic.
    pub fn is_italic(self) -> bool {
        matches!(self, Style::Italic | Style::BoldItalic)
    }

    /// All four styles.
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Italic,
        Style::Bold,
        Style::BoldItalic,
    ];
}

/// One face of the shipped family.
#[derive(Debug)]
pub struct Face {
    /// The family name, as CSS and PDF viewers know it.
    pub family: &'static str,
    /// Which face of the family this is.
    pub style: Style,
    /// The file name it ships under (in `fonts/`).
    pub file_name: &'static str,
    /// The TrueType data.
    pub data: &'static [u8],
}

static FACES: [Face; 4] = [
    Face {
        family: "Noto Serif",
        style: Style::Regular,
        file_name: "NotoSerif-Regular.ttf",
        data: include_bytes!("../fonts/NotoSerif-Regular.ttf"),
    },
    Face {
        family: "Noto Serif",
        style: Style::Italic,
        file_name: "NotoSerif-Italic.ttf",
        data: include_bytes!("../fonts/NotoSerif-Italic.ttf"),
    },
    Face {
        family: "Noto Serif",
        style: Style::Bold,
        file_name: "NotoSerif-Bold.ttf",
        data: include_bytes!("../fonts/NotoSerif-Bold.ttf"),
    },
    Face {
        family: "Noto Serif",
        style: Style::BoldItalic,
        file_name: "NotoSerif-BoldItalic.ttf",
        data: include_bytes!("../fonts/NotoSerif-BoldItalic.ttf"),
    },
];

/// The face of the shipped family in this style.
pub fn face(style: Style) -> &'static Face {
    &FACES[style as usize]
}

/// All four faces: regular, italic, bold, bold italic.
pub fn faces() -> &'static [Face] {
    &FACES
}

/// The family's licence, the SIL Open Font License 1.1, to ship beside the fonts.
pub const LICENSE: &str = include_str!("../fonts/OFL.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_has_its_own_face() {
        for style in Style::ALL {
            assert_eq!(face(style).style, style);
            assert_eq!(Style::new(style.is_bold(), style.is_italic()), style);
        }
        assert!(LICENSE.contains("SIL OPEN FONT LICENSE Version 1.1"));
    }
}
