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
}

/// One loaded font.
pub(crate) struct LoadedFont {
    /// Its name in messages: the shipped face's file name, or the path the user gave.
    pub name: String,
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
            fonts.push(load(data, 0, face.file_name)?);
        }
        for fallback in fallbacks.iter().take(usize::from(FontId::MAX) - 4) {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(fallback.data.clone());
            fonts.push(load(data, fallback.index, &fallback.name)?);
        }
        Ok(FontBook { fonts })
    }

    /// The shipped face of this style.
    pub fn styled(style: Style) -> FontId {
        style as FontId
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

fn load(
    data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    index: u32,
    name: &str,
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
        data,
        index,
        pdf,
    })
}
