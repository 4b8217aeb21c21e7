//! PDF standards: PDF/UA-1 for accessibility, PDF/A-2 and PDF/A-3 for archives, checked
//! by krilla's validators as the file is written.

use std::fmt;
use std::str::FromStr;

use krilla::configure::{
    Accessibility, Archival, Configuration, ConfigurationBuilder, ValidationError,
};
use krilla::error::KrillaError;

use crate::PdfError;
use crate::fonts::FontBook;

/// A standard a PDF can be made to conform to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PdfStandard {
    /// PDF/UA-1, universal accessibility (ISO 14289-1): tagged, titled, with a language,
    /// alternate text on links, every character mapped to Unicode.
    Ua1,
    /// PDF/A-2a, archival and accessible (ISO 19005-2, level A).
    A2a,
    /// PDF/A-2b, archival, visual appearance (level B).
    A2b,
    /// PDF/A-3b, archival, visual appearance, embedded files allowed (ISO 19005-3).
    A3b,
}

impl PdfStandard {
    /// The name on the command line and in `folio.toml`: `ua1`, `a2a`, `a2b`, `a3b`.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::Ua1 => "ua1",
            PdfStandard::A2a => "a2a",
            PdfStandard::A2b => "a2b",
            PdfStandard::A3b => "a3b",
        }
    }

    /// Every standard, in the order of their names above.
    pub const ALL: [PdfStandard; 4] = [
        PdfStandard::Ua1,
        PdfStandard::A2a,
        PdfStandard::A2b,
        PdfStandard::A3b,
    ];

    fn title(self) -> &'static str {
        match self {
            PdfStandard::Ua1 => "PDF/UA-1",
            PdfStandard::A2a => "PDF/A-2a",
            PdfStandard::A2b => "PDF/A-2b",
            PdfStandard::A3b => "PDF/A-3b",
        }
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Why a name is not a standard.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown PDF standard {0:?}: use ua1, a2a, a2b or a3b")]
pub struct PdfStandardError(pub String);

impl FromStr for PdfStandard {
    type Err = PdfStandardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase().replace(['-', '/', '_'], "");
        match name.as_str() {
            "ua1" | "pdfua1" => Ok(PdfStandard::Ua1),
            "a2a" | "pdfa2a" => Ok(PdfStandard::A2a),
            "a2b" | "pdfa2b" => Ok(PdfStandard::A2b),
            "a3b" | "pdfa3b" => Ok(PdfStandard::A3b),
            _ => Err(PdfStandardError(s.to_owned())),
        }
    }
}

/// krilla's configuration for `standards`: at most one archival and one accessibility
/// standard.
pub(crate) fn configuration(standards: &[PdfStandard]) -> Result<Configuration, PdfError> {
    let mut builder = ConfigurationBuilder::new();
    let mut archival = None;
    for &standard in standards {
        match standard {
            PdfStandard::Ua1 => builder = builder.with_accessibility_validator(Accessibility::UA1),
            PdfStandard::A2a | PdfStandard::A2b | PdfStandard::A3b => {
                if let Some(other) = archival.replace(standard)
                    && other != standard
                {
                    return Err(PdfError::Conformance {
                        standards: list(standards),
                        problems: format!(
                            "{other} and {standard} cannot both be met; choose one PDF/A level"
                        ),
                    });
                }
                builder = builder.with_archival_validator(match standard {
                    PdfStandard::A2a => Archival::A2_A,
                    PdfStandard::A2b => Archival::A2_B,
                    _ => Archival::A3_B,
                });
            }
        }
    }
    builder.finish().map_err(|e| PdfError::Conformance {
        standards: list(standards),
        problems: format!("{e:?}"),
    })
}

/// A writer error in the reader's words; validation failures list what is missing,
/// naming the characters and fonts (`fonts` names them).
pub(crate) fn error(error: KrillaError, standards: &[PdfStandard], fonts: &FontBook) -> PdfError {
    match error {
        KrillaError::Validation(problems) => {
            let mut missing: Vec<char> = Vec::new();
            let mut seen = Vec::new();
            for (problem, _) in &problems {
                if let ValidationError::ContainsNotDefGlyph(_, _, text) = problem {
                    for c in text.chars() {
                        if !missing.contains(&c) {
                            missing.push(c);
                        }
                    }
                    continue;
                }
                let text = describe(problem, fonts);
                if !seen.contains(&text) {
                    seen.push(text);
                }
            }
            if !missing.is_empty() {
                let chars: Vec<String> = missing
                    .iter()
                    .map(|&c| format!("U+{:04X} {c:?}", u32::from(c)))
                    .collect();
                seen.insert(
                    0,
                    format!(
                        "no font can show {} (add a font that has it with --font FILE)",
                        chars.join(", ")
                    ),
                );
            }
            PdfError::Conformance {
                standards: list(standards),
                problems: seen.join("; "),
            }
        }
        other => PdfError::Write(format!("{other:?}")),
    }
}

fn describe(problem: &ValidationError, fonts: &FontBook) -> String {
    match problem {
        ValidationError::NoDocumentLanguage => "the document has no language".into(),
        ValidationError::NoDocumentTitle => "the document has no title".into(),
        ValidationError::MissingDocumentOutline => "the document has no outline".into(),
        ValidationError::MissingHeadingTitle => "a heading has no title".into(),
        ValidationError::MissingAnnotationAltText(_) => "a link has no alternate text".into(),
        ValidationError::MissingDocumentDate => "the document has no date".into(),
        ValidationError::MissingTagging => "the document is not tagged".into(),
        ValidationError::UnicodePrivateArea(font, _, c, _) => format!(
            "U+{:04X} (in the font {}) is a private-use character, which has no meaning to keep",
            u32::from(*c),
            fonts.name_of(font)
        ),
        ValidationError::InvalidCodepointMapping(font, _, c, _) => format!(
            "U+{:04X} (in the font {}) cannot be mapped to text",
            u32::from(*c),
            fonts.name_of(font)
        ),
        ValidationError::NoCodepointMapping(font, glyph, _) => format!(
            "glyph {} of the font {} is drawn for no character, so its text cannot be \
             extracted (a fault of folio's: please report it with the input)",
            glyph.to_u32(),
            fonts.name_of(font)
        ),
        ValidationError::RestrictedLicense(font) => format!(
            "the licence of the font {} does not allow it to be embedded",
            fonts.name_of(font)
        ),
        ValidationError::MissingAltText(_) => "an image has no alternate text".into(),
        other => format!("{other:?}"),
    }
}

fn list(standards: &[PdfStandard]) -> String {
    standards
        .iter()
        .map(PdfStandard::to_string)
        .collect::<Vec<_>>()
        .join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_several_spellings() {
        assert_eq!("ua1".parse::<PdfStandard>().unwrap(), PdfStandard::Ua1);
        assert_eq!("PDF/UA-1".parse::<PdfStandard>().unwrap(), PdfStandard::Ua1);
        assert_eq!("pdf/a-2b".parse::<PdfStandard>().unwrap(), PdfStandard::A2b);
        assert!("a1b".parse::<PdfStandard>().is_err());
        for standard in PdfStandard::ALL {
            assert_eq!(standard.name().parse::<PdfStandard>().unwrap(), standard);
        }
    }

    #[test]
    fn two_pdf_a_levels_cannot_be_combined() {
        assert!(configuration(&[PdfStandard::A2b, PdfStandard::A3b]).is_err());
        assert!(configuration(&[PdfStandard::Ua1, PdfStandard::A2a]).is_ok());
        assert!(configuration(&[]).is_ok());
    }
}
