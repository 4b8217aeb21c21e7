//! The embedded fonts cut down to the characters the book uses: the shipped Noto Serif
//! faces hold some 3,000 glyphs each (2.4 MB together), of which a book of English
//! reports uses a hundred or two.
//!
//! The subset is made by skera (fontations' port of HarfBuzz's subsetter) with
//! HarfBuzz's defaults: it keeps the `cmap` of the characters kept, the glyphs that
//! `GSUB` reaches from them (ligatures such as "fi"), `GSUB` and `GPOS` for them (so
//! kerning and ligatures work as in the whole font), the hinting, and the name table's
//! family and licence names. A face that cannot be cut is embedded whole.

use read_fonts::FontRef;
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use skera::{DEFAULT_DROP_TABLES, DEFAULT_LAYOUT_FEATURES, Plan, SubsetFlags, subset_font};

/// Characters every subset keeps, used or not: printable ASCII and the few
/// characters a reading system may set itself (a hyphen where it hyphenates, quotes,
/// dashes and an ellipsis of its own), so that what it adds is drawn in the book's
/// face too.
const ALWAYS: &[char] = &[
    '\u{a0}', '\u{ad}', '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}',
    '\u{201c}', '\u{201d}', '\u{2026}',
];

/// The characters of the book's documents.
pub(crate) struct Chars {
    /// A bit per character of the Basic Multilingual Plane.
    plane: Vec<u64>,
    /// The characters beyond it.
    astral: std::collections::BTreeSet<u32>,
}

impl Chars {
    /// The characters every subset keeps.
    pub(crate) fn new() -> Self {
        let mut chars = Chars {
            plane: vec![0; 0x10000 / 64],
            astral: std::collections::BTreeSet::new(),
        };
        for c in (' '..='~').chain(ALWAYS.iter().copied()) {
            chars.insert(c);
        }
        chars
    }

    fn insert(&mut self, c: char) {
        let u = u32::from(c);
        match self.plane.get_mut((u / 64) as usize) {
            Some(word) => *word |= 1 << (u % 64),
            None => {
                self.astral.insert(u);
            }
        }
    }

    /// Adds the characters of `text` (markup and all: its ASCII is kept anyway).
    pub(crate) fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // ASCII, which every subset keeps, is skipped eight bytes at a time
            if let Some(chunk) = bytes.get(at..at + 8)
                && let Ok(eight) = <[u8; 8]>::try_from(chunk)
                && u64::from_ne_bytes(eight) & 0x8080_8080_8080_8080 == 0
            {
                at += 8;
                continue;
            }
            if bytes[at] < 0x80 {
                at += 1;
                continue;
            }
            // at a character's first byte: `at` only ever stops at one
            match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) => {
                    self.insert(c);
                    at += c.len_utf8();
                }
                None => at += 1,
            }
        }
    }

    /// The characters, as the subsetter takes them.
    fn to_set(&self) -> IntSet<u32> {
        let mut set = IntSet::empty();
        for (k, &word) in self.plane.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let bit = bits.trailing_zeros();
                set.insert(k as u32 * 64 + bit);
                bits &= bits - 1;
            }
        }
        set.extend(self.astral.iter().copied());
        set
    }
}

/// The faces `fonts` cut down to `chars`, each on a thread of its own; a face that
/// cannot be cut is given whole.
pub(crate) fn subset_all(fonts: &[&'static [u8]], chars: &Chars) -> Vec<Vec<u8>> {
    let unicodes = chars.to_set();
    let unicodes = &unicodes;
    std::thread::scope(|scope| {
        let handles: Vec<_> = fonts
            .iter()
            .skip(1)
            .map(|&font| {
                std::thread::Builder::new()
                    .name("epub-subset".into())
                    .spawn_scoped(scope, move || subset_or_whole(font, unicodes))
            })
            .collect();
        let mut out = Vec::with_capacity(fonts.len());
        out.extend(fonts.first().map(|&font| subset_or_whole(font, unicodes)));
        for (handle, &font) in handles.into_iter().zip(fonts.iter().skip(1)) {
            let subset = handle.ok().and_then(|handle| handle.join().ok());
            out.push(subset.unwrap_or_else(|| subset_or_whole(font, unicodes)));
        }
        out
    })
}

fn subset_or_whole(font: &[u8], unicodes: &IntSet<u32>) -> Vec<u8> {
    subset(font, unicodes).unwrap_or_else(|| font.to_vec())
}

/// `font` with the glyphs of `unicodes` (and those its layout reaches from them), or
/// `None` when it cannot be cut.
pub(crate) fn subset(font: &[u8], unicodes: &IntSet<u32>) -> Option<Vec<u8>> {
    let face = FontRef::new(font).ok()?;
    let mut glyphs = IntSet::empty();
    glyphs.insert(GlyphId::NOTDEF);
    let drop_tables: IntSet<Tag> = DEFAULT_DROP_TABLES.iter().copied().collect();
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let features: IntSet<Tag> = DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    // the names of the family and its licence (0 to 6, and 13, 14: licence, its URL)
    let mut name_ids = IntSet::<NameId>::empty();
    name_ids.insert_range(NameId::from(0)..=NameId::from(6));
    name_ids.insert(NameId::from(13));
    name_ids.insert(NameId::from(14));
    let mut languages = IntSet::<u16>::empty();
    languages.insert(0x0409);
    let plan = Plan::new(
        &glyphs,
        unicodes,
        &face,
        SubsetFlags::default(),
        &drop_tables,
        &scripts,
        &features,
        &name_ids,
        &languages,
    );
    let bytes = subset_font(&face, &plan).ok()?;
    // what the subsetter wrote must read as a font
    FontRef::new(&bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use read_fonts::TableProvider;

    #[test]
    fn chars_gather_what_the_text_uses_beyond_ascii() {
        let mut chars = Chars::new();
        chars.add("plain ASCII, then “quoted” — Kim Jong-Il, 북한, 𝔘 and é at the end é");
        let set = chars.to_set();
        for c in ['a', '~', ' ', '“', '—', '북', '한', '𝔘', 'é', '\u{ad}'] {
            assert!(set.contains(u32::from(c)), "{c}");
        }
        assert!(!set.contains(u32::from('ü')));
        assert!(!set.contains(0x1f));
    }

    #[test]
    fn a_subset_keeps_the_characters_and_the_layout() {
        let regular = folio_fonts::face(folio_fonts::Style::Regular).data;
        let mut chars = Chars::new();
        chars.add("office — “fi” é");
        let cut = subset(regular, &chars.to_set()).unwrap();
        assert!(cut.len() * 5 < regular.len(), "{} bytes", cut.len());
        let face = FontRef::new(&cut).unwrap();
        let cmap = face.cmap().unwrap();
        for c in ['o', 'f', '—', '“', 'é', 'A', '\u{ad}'] {
            assert!(cmap.map_codepoint(c).is_some(), "{c}");
        }
        assert!(cmap.map_codepoint('ж').is_none());
        assert!(face.gsub().is_ok() && face.gpos().is_ok());
        // shaped, the subset sets the same glyphs at the same places as the whole font:
        // its ligatures ("ffi", "fi") and its kerning ("AV", "To") are kept
        let text = "office affluent AVAT To Ty Wa “fi” — é";
        let shape = |font: &[u8]| {
            let face = rustybuzz::Face::from_slice(font, 0).unwrap();
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(text);
            let shaped = rustybuzz::shape(&face, &[], buffer);
            let positions: Vec<(i32, i32)> = shaped
                .glyph_positions()
                .iter()
                .map(|p| (p.x_advance, p.x_offset))
                .collect();
            let clusters: Vec<u32> = shaped.glyph_infos().iter().map(|g| g.cluster).collect();
            (positions, clusters)
        };
        let mut chars = Chars::new();
        chars.add(text);
        let cut = subset(regular, &chars.to_set()).unwrap();
        let (whole, whole_clusters) = shape(regular);
        assert!(
            whole.len() < text.chars().count(),
            "the whole font has ligatures"
        );
        assert_eq!(shape(&cut), (whole, whole_clusters));
        // the same characters give the same bytes
        assert_eq!(subset(regular, &chars.to_set()).unwrap(), cut);
        // what is no font stays whole
        assert!(subset(b"not a font", &chars.to_set()).is_none());
    }
}
