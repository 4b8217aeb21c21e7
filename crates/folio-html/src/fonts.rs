//! The shipped faces for the web: cut down to the characters the site uses (as the
//! EPUB's are, by skera) and compressed to WOFF2 with Brotli by ttf2woff2, each face on
//! a thread of its own. A face that cannot be compressed is served as the TrueType
//! subset, with a warning.
//!
//! The `glyf` and `loca` tables are stored as they are (WOFF2's null transform), not
//! transformed: ttf2woff2 0.13 transforms them without first padding each glyph to four
//! bytes as Google's encoder does, so the table the decoder rebuilds is longer than the
//! length it states, and OTS (the sanitizer Chromium and Firefox run on every web
//! font) refuses the font. Stored as they are, the fonts pass, for some 10% more bytes
//! (the sample's regular face: 13.6 KB transformed, 15.0 KB as it is).

use folio_fonts::Face;
use folio_model::Diagnostic;

/// The fonts' licence, in the site's folder.
pub(crate) const LICENSE_FILE: &str = "fonts/OFL.txt";

/// Brotli's quality for the fonts. Measured on the four subsets of a short English
/// text (69 KB of WOFF2 together): quality 5 takes 11 ms, 9 takes 82 ms, 11 (the most)
/// 166 ms for 6% fewer bytes, which on two cores was a third of the time of the whole
/// 150-report site; a browser fetches the fonts once for the whole site.
const QUALITY: u8 = 5;

/// A face as the site serves it.
pub(crate) struct WebFont {
    /// The shipped face.
    pub face: &'static Face,
    /// Its path in the site's folder.
    pub path: String,
    /// Its CSS format name: `woff2`, or `truetype` when it could not be compressed.
    pub format: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The shipped faces cut down to the characters of `texts` and compressed, with a
/// warning for any that is served uncompressed.
pub(crate) fn web_fonts(texts: &[&str]) -> (Vec<WebFont>, Vec<Diagnostic>) {
    let subsets = folio_epub::subset_faces(texts.iter().copied());
    let faces = folio_fonts::faces();
    let encoded: Vec<Result<Vec<u8>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = subsets
            .iter()
            .map(|subset| {
                std::thread::Builder::new()
                    .name("html-woff2".into())
                    .spawn_scoped(scope, move || encode(subset))
            })
            .collect();
        handles
            .into_iter()
            .zip(&subsets)
            .map(|(handle, subset)| {
                handle
                    .ok()
                    .and_then(|handle| handle.join().ok())
                    .unwrap_or_else(|| encode(subset))
            })
            .collect()
    });
    let mut warnings = Vec::new();
    let fonts = faces
        .iter()
        .zip(subsets)
        .zip(encoded)
        .map(|((face, subset), woff2)| {
            let stem = face.file_name.trim_end_matches(".ttf");
            match woff2 {
                Ok(bytes) => WebFont {
                    face,
                    path: format!("fonts/{stem}.woff2"),
                    format: "woff2",
                    bytes,
                },
                Err(why) => {
                    warnings.push(Diagnostic::warning(format!(
                        "the web edition serves {} as TrueType: it could not be \
                         compressed to WOFF2 ({why})",
                        face.file_name
                    )));
                    WebFont {
                        face,
                        path: format!("fonts/{stem}.ttf"),
                        format: "truetype",
                        bytes: subset,
                    }
                }
            }
        })
        .collect();
    (fonts, warnings)
}

fn encode(font: &[u8]) -> Result<Vec<u8>, String> {
    ttf2woff2::encode_no_transform(font, ttf2woff2::BrotliQuality::from(QUALITY))
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_is_cut_down_and_compressed() {
        let (fonts, warnings) = web_fonts(&["Mine Ban Policy — “landmines”"]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(fonts.len(), folio_fonts::faces().len());
        for font in &fonts {
            assert_eq!(font.format, "woff2");
            assert!(font.bytes.starts_with(b"wOF2"), "{}", font.path);
            assert!(font.path.starts_with("fonts/NotoSerif") && font.path.ends_with(".woff2"));
            // a subset of a face of some 600 KB
            assert!(
                font.bytes.len() < 60_000,
                "{} {}",
                font.path,
                font.bytes.len()
            );
        }
    }
}
