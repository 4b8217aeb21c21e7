//! The fonts a PDF is set in: the shipped family, then the fallback fonts the user adds,
//! tried in order for characters the family lacks.

use std::sync::Arc;

use folio_fonts::Style;

use crate::PdfError;

/// An index into [`FontBook::fonts`]: 0 to 3 are the shipped regular, italic, bold and
/// bold italic faces, fallback fonts follow.
pub(crate) type FontId = u8;

/// A font file the user adds for characters the shipped family lacks (`--font FILE`).
#[derive(Clone, Debug)]
pub struct FallbackFont {
    /// A name for messages: usually the file's path.
    pub name: String,
    /// The TrueType, OpenType or collection data.
    pub data: Vec<u8>,
    /// The face in a collection (TTC); 0 for a single font.
    pub index: u32,
    /// The languages (BCP 47 tags) this font is for: in a report written in one of them
    /// (`ur` is `ur-PK`'s too) it is tried before the other fallbacks, in others after
    /// them. Empty: tried for any text, in its turn. For scripts that languages write
    /// alike in different styles: Nastaliq for Urdu beside Naskh for Arabic.
    pub languages: Vec<String>,
}

/// One loaded font.
pub(crate) struct LoadedFont {
    /// Its name in messages: the shipped face's file name, or the path the user gave.
    pub name: String,
    /// The languages it is for (see [`FallbackFont::languages`]).
    pub languages: Vec<String>,
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    pub index: u32,
    pub pdf: krilla::text::Font,
}

/// The shipped faces and the fallbacks, loaded once per export.
pub(crate) struct FontBook {
    pub fonts: Vec<LoadedFont>,
}

impl FontBook {
    /// Loads the shipped faces and `fallbacks` (checked: a file that is not a font is an
    /// error naming it).
    pub fn new(fallbacks: &[FallbackFont]) -> Result<Self, PdfError> {
        let mut fonts = Vec::with_capacity(4 + fallbacks.len());
        for style in Style::ALL {
            let face = folio_fonts::face(style);
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(face.data);
            fonts.push(load(data, 0, face.file_name, Vec::new())?);
        }
        for fallback in fallbacks.iter().take(usize::from(FontId::MAX) - 4) {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(fallback.data.clone());
            fonts.push(load(
                data,
                fallback.index,
                &fallback.name,
                fallback.languages.clone(),
            )?);
        }
        Ok(FontBook { fonts })
    }

    /// The shipped face of this style.
    pub fn styled(style: Style) -> FontId {
        style as FontId
    }

    /// The order in which the fallback fonts are tried for text in `language`: those
    /// for that language first, then those for any text, then those for other languages.
    pub fn fallback_order(&self, language: &str) -> Vec<FontId> {
        let fallbacks = (4..self.fonts.len()).map(|i| (i as FontId, &self.fonts[i].languages));
        let mut first = Vec::new();
        let mut any = Vec::new();
        let mut others = Vec::new();
        for (id, languages) in fallbacks {
            if languages.is_empty() {
                any.push(id);
            } else if languages.iter().any(|tag| language_matches(tag, language)) {
                first.push(id);
            } else {
                others.push(id);
            }
        }
        first.extend(any);
        first.extend(others);
        first
    }

    /// The name of the font the PDF writer knows as `pdf`, for messages.
    pub fn name_of(&self, pdf: &krilla::text::Font) -> &str {
        self.fonts
            .iter()
            .find(|font| font.pdf == *pdf)
            .map_or("a font", |font| font.name.as_str())
    }

    /// The data of font `id`.
    pub fn data(&self, id: FontId) -> &[u8] {
        self.fonts[usize::from(id)].data.as_ref().as_ref()
    }
}

/// Whether a font for `tag` is for text in `language`: the same tag, or one that begins
/// with it (`ur` for `ur-PK`, `zh-Hant` for `zh-Hant-TW`), case aside.
fn language_matches(tag: &str, language: &str) -> bool {
    let (tag, language) = (tag.trim(), language.trim());
    language.len() >= tag.len()
        && language.is_char_boundary(tag.len())
        && language[..tag.len()].eq_ignore_ascii_case(tag)
        && matches!(language.as_bytes().get(tag.len()), None | Some(b'-'))
}

fn load(
    data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    index: u32,
    name: &str,
    languages: Vec<String>,
) -> Result<LoadedFont, PdfError> {
    let bytes: &[u8] = data.as_ref().as_ref();
    if rustybuzz::Face::from_slice(bytes, index).is_none() {
        return Err(PdfError::Font {
            name: name.to_owned(),
            reason: "not a TrueType or OpenType font (or no such face in the collection)".into(),
        });
    }
    let pdf =
        krilla::text::Font::new(krilla::Data::from(data.clone()), index).ok_or_else(|| {
            PdfError::Font {
                name: name.to_owned(),
                reason: "the PDF writer cannot read it".into(),
            }
        })?;
    Ok(LoadedFont {
        name: name.to_owned(),
        languages,
        data,
        index,
        pdf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_for_a_language_come_first_in_its_reports_and_last_in_others() {
        let face = folio_fonts::face(Style::Regular);
        let font = |name: &str, languages: &[&str]| FallbackFont {
            name: name.into(),
            data: face.data.to_vec(),
            index: 0,
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
        };
        let book = FontBook::new(&[
            font("naskh", &[]),
            font("nastaliq", &["ur"]),
            font("hebrew", &[]),
            font("kufi", &["ar-EG", "ku"]),
        ])
        .unwrap();
        assert_eq!(book.fallback_order("en"), [4, 6, 5, 7]);
        assert_eq!(book.fallback_order("ur-PK"), [5, 4, 6, 7]);
        assert_eq!(book.fallback_order("UR"), [5, 4, 6, 7]);
        assert_eq!(book.fallback_order("ar-EG"), [7, 4, 6, 5]);
        // a tag is a prefix on subtag boundaries only
        assert_eq!(book.fallback_order("ar"), [4, 6, 5, 7]);
        assert_eq!(book.fallback_order("kur"), [4, 6, 5, 7]);
    }
}
