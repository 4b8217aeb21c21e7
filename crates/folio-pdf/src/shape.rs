//! Shaping with rustybuzz: each distinct piece of text is shaped once per font and
//! cached, at unit size, so a word that recurs a thousand times is shaped once.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use folio_fonts::Style;
use rustybuzz::{Face, ShapePlan, UnicodeBuffer};

use crate::fonts::{FontBook, FontId};

/// A glyph of shaped text, its metrics in ems (font units over units per em).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ShapedGlyph {
    /// The glyph id in its font.
    pub id: u16,
    /// The byte offset in the shaped text where the glyph's cluster begins.
    pub cluster: u32,
    /// The horizontal advance.
    pub advance: f32,
    /// The horizontal offset.
    pub x_offset: f32,
    /// The vertical offset (up is positive).
    pub y_offset: f32,
}

/// A piece of text shaped in one font and one direction.
///
/// The glyphs are kept in logical order (their clusters rise), whatever the direction:
/// for right-to-left text rustybuzz gives them in visual order, and they are turned
/// round once shaped, so that splitting, measuring and mapping glyphs back to their
/// text work alike in both directions. A right-to-left piece is drawn from its last
/// glyph to its first.
#[derive(Debug)]
pub(crate) struct Shaped {
    pub font: FontId,
    pub text: Box<str>,
    pub glyphs: Box<[ShapedGlyph]>,
    /// Shaped right to left: drawn from the last glyph to the first.
    pub rtl: bool,
}

impl Shaped {
    /// The advance of glyphs `range`, in ems.
    pub fn width(&self, range: std::ops::Range<usize>) -> f32 {
        self.glyphs[range].iter().map(|g| g.advance).sum()
    }

    /// The bytes of the text that glyphs `range` stand for, as `(start, end)`: from the
    /// first glyph's cluster to the cluster of the glyph after the range (or the end of
    /// the text); `None` when the range starts past the last glyph.
    pub fn text_span(&self, range: std::ops::Range<usize>) -> Option<(usize, usize)> {
        let start = self.glyphs.get(range.start)?.cluster as usize;
        let end = self
            .glyphs
            .get(range.end)
            .map_or(self.text.len(), |g| g.cluster as usize);
        Some((start, end))
    }

    /// The text of glyphs `range` (see [`Shaped::text_span`]).
    pub fn text_of(&self, range: std::ops::Range<usize>) -> &str {
        let Some((start, end)) = self.text_span(range) else {
            return "";
        };
        self.text.get(start..end.max(start)).unwrap_or("")
    }

    /// The glyph index at which byte offset `at` of the text begins a cluster, when the
    /// text can be split there (no glyph, such as a ligature, spans it).
    pub fn split_point(&self, at: usize) -> Option<usize> {
        let at = u32::try_from(at).ok()?;
        let index = self.glyphs.iter().position(|g| g.cluster >= at)?;
        (self.glyphs[index].cluster == at && index > 0).then_some(index)
    }
}

/// Shapes text for one thread of layout: rustybuzz faces borrowed from the font book,
/// one shape plan per font and script, and the cache of shaped pieces.
pub(crate) struct Shaper<'f> {
    faces: Vec<Face<'f>>,
    plans: HashMap<(FontId, rustybuzz::Script, bool), ShapePlan>,
    /// The orders in which the fallback fonts are tried, by language (the first, for
    /// any language, when no fallback is for one), and which is in force.
    orders: Vec<(String, Vec<FontId>)>,
    order: usize,
    /// Per font: text to its shaping, left to right.
    cache: Vec<HashMap<Box<str>, Arc<Shaped>>>,
    /// Per font: text to its shaping, right to left (made only for text that has some).
    cache_rtl: Vec<HashMap<Box<str>, Arc<Shaped>>>,
    /// The font of a character in a style, in each order of the fallbacks.
    coverage: HashMap<(char, Style, u8), FontId>,
    /// Whether any fallback font is for some languages (when none is, there is one order).
    by_language: bool,
    book: &'f FontBook,
    /// Per font: the hyphen a line break adds (see [`Shaper::soft_hyphen`]).
    soft_hyphens: Vec<Option<Arc<Shaped>>>,
    buffer: Option<UnicodeBuffer>,
    /// Characters no font could show, in the order first met.
    pub missing: Vec<char>,
}

impl<'f> Shaper<'f> {
    pub fn new(book: &'f FontBook) -> Self {
        let faces = (0..book.fonts.len())
            .filter_map(|i| Face::from_slice(book.data(i as FontId), book.fonts[i].index))
            .collect();
        Shaper {
            faces,
            plans: HashMap::default(),
            orders: vec![(String::new(), book.fallback_order(""))],
            order: 0,
            by_language: book.fonts.iter().any(|font| !font.languages.is_empty()),
            book,
            cache: (0..book.fonts.len()).map(|_| HashMap::default()).collect(),
            cache_rtl: (0..book.fonts.len()).map(|_| HashMap::default()).collect(),
            coverage: HashMap::default(),
            soft_hyphens: vec![None; book.fonts.len()],
            buffer: Some(UnicodeBuffer::new()),
            missing: Vec::new(),
        }
    }

    /// Sets the language of the text to shape: the fallback fonts for it are tried first
    /// (see [`crate::FallbackFont::languages`]). Gives what to restore the language
    /// before with ([`Shaper::restore_language`]).
    pub fn set_language(&mut self, language: &str) -> usize {
        let before = self.order;
        if !self.by_language {
            return before;
        }
        self.order = match self.orders.iter().position(|(tag, _)| tag == language) {
            Some(order) => order,
            None if self.orders.len() < usize::from(u8::MAX) => {
                let order = self.book.fallback_order(language);
                self.orders.push((language.to_owned(), order));
                self.orders.len() - 1
            }
            None => 0,
        };
        before
    }

    /// Sets back the language [`Shaper::set_language`] replaced.
    pub fn restore_language(&mut self, before: usize) {
        self.order = before.min(self.orders.len() - 1);
    }

    /// The font that shows `c` in `style`: the shipped face, else the first fallback that
    /// has it, in the order of the language set. A character no font has is recorded in
    /// `missing` and given the shipped face (which shows it as a box).
    pub fn font_for(&mut self, c: char, style: Style) -> FontId {
        let styled = FontBook::styled(style);
        if c.is_ascii() || c.is_whitespace() {
            return styled;
        }
        let key = (c, style, self.order as u8);
        if let Some(&font) = self.coverage.get(&key) {
            return font;
        }
        let has = |face: &Face<'_>| face.glyph_index(c).is_some();
        let order = &self.orders[self.order].1;
        let font = if self.faces.get(usize::from(styled)).is_some_and(has) {
            styled
        } else if let Some(&found) = order
            .iter()
            .find(|&&i| self.faces.get(usize::from(i)).is_some_and(has))
        {
            found
        } else {
            if !is_invisible(c) && !self.missing.contains(&c) {
                self.missing.push(c);
            }
            styled
        };
        self.coverage.insert(key, font);
        font
    }

    /// The units per em of font `font`.
    pub fn units_per_em(&self, font: FontId) -> f32 {
        self.faces
            .get(usize::from(font))
            .map_or(1000.0, |face| face.units_per_em().max(1) as f32)
    }

    /// `text` shaped left to right in `font`, from the cache when it has been shaped
    /// before.
    pub fn shape(&mut self, font: FontId, text: &str) -> Arc<Shaped> {
        if let Some(shaped) = self.cache.get(usize::from(font)).and_then(|c| c.get(text)) {
            return shaped.clone();
        }
        let shaped = Arc::new(self.shape_uncached(font, text, false));
        if let Some(cache) = self.cache.get_mut(usize::from(font)) {
            cache.insert(text.into(), shaped.clone());
        }
        shaped
    }

    /// The hyphen that hyphenation, or a word cut in a narrow column, sets at a line's
    /// end, in `font`. It looks like `-` and is as wide, but its text is the soft hyphen
    /// U+00AD, as ISO 32000-1 (14.8.2.2.3) asks of a hyphen the layout adds: text taken
    /// out of the PDF (a screen reader's, a copy's) then gives the word whole, while
    /// the hyphens of the words themselves (`mine-free`) stay `-`. It is drawn with the
    /// font's own glyph for U+00AD when that glyph is not the hyphen's (Noto Serif has
    /// one), so that the font's text map gives U+00AD for it; otherwise with the
    /// hyphen's glyph, which krilla then wraps in an `ActualText` of U+00AD where the
    /// same glyph also stands for `-`.
    pub fn soft_hyphen(&mut self, font: FontId) -> Arc<Shaped> {
        if let Some(Some(shaped)) = self.soft_hyphens.get(usize::from(font)) {
            return shaped.clone();
        }
        let hyphen = self.shape(font, "-");
        let own = self.faces.get(usize::from(font)).and_then(|face| {
            let glyph = face.glyph_index('\u{ad}')?.0;
            let distinct = glyph != 0 && hyphen.glyphs.iter().all(|g| g.id != glyph);
            distinct.then_some(glyph)
        });
        let glyphs = match (own, &*hyphen.glyphs) {
            (Some(id), [drawn]) => Box::new([ShapedGlyph {
                id,
                cluster: 0,
                ..*drawn
            }]) as Box<[ShapedGlyph]>,
            _ => hyphen
                .glyphs
                .iter()
                .map(|g| ShapedGlyph { cluster: 0, ..*g })
                .collect(),
        };
        let shaped = Arc::new(Shaped {
            font,
            text: "\u{ad}".into(),
            glyphs,
            rtl: false,
        });
        if let Some(slot) = self.soft_hyphens.get_mut(usize::from(font)) {
            *slot = Some(shaped.clone());
        }
        shaped
    }

    /// `text` shaped in `font` right to left when `rtl` (a run at an odd bidi level),
    /// else left to right, from the cache when it has been shaped so before.
    #[inline]
    pub fn shape_in(&mut self, font: FontId, text: &str, rtl: bool) -> Arc<Shaped> {
        if !rtl {
            return self.shape(font, text);
        }
        if let Some(shaped) = self
            .cache_rtl
            .get(usize::from(font))
            .and_then(|c| c.get(text))
        {
            return shaped.clone();
        }
        let shaped = Arc::new(self.shape_uncached(font, text, true));
        if let Some(cache) = self.cache_rtl.get_mut(usize::from(font)) {
            cache.insert(text.into(), shaped.clone());
        }
        shaped
    }

    fn shape_uncached(&mut self, font: FontId, text: &str, rtl: bool) -> Shaped {
        let Some(face) = self.faces.get(usize::from(font)) else {
            return Shaped {
                font,
                text: text.into(),
                glyphs: Box::new([]),
                rtl,
            };
        };
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        // the direction is the bidi level's, never guessed from the script: Arabic-Indic
        // digits are Arabic script but read left to right, brackets mirror only in a
        // right-to-left run
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let key = (font, buffer.script(), rtl);
        let plan = self.plans.entry(key).or_insert_with(|| {
            ShapePlan::new(
                face,
                buffer.direction(),
                Some(buffer.script()),
                buffer.language().as_ref(),
                &[],
            )
        });
        let output = rustybuzz::shape_with_plan(face, plan, buffer);
        let upem = face.units_per_em().max(1) as f32;
        let mut glyphs: Box<[ShapedGlyph]> = output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                cluster: info.cluster,
                advance: em(pos.x_advance as f32, upem),
                x_offset: em(pos.x_offset as f32, upem),
                y_offset: em(pos.y_offset as f32, upem),
            })
            .collect();
        if rtl {
            // rustybuzz gives right-to-left glyphs in visual order: kept in logical order
            glyphs.reverse();
        }
        self.buffer = Some(output.clear());
        Shaped {
            font,
            text: text.into(),
            glyphs,
            rtl,
        }
    }
}

/// `units` font units in ems, as the f32 whose product with `upem` gives `units` back
/// exactly when there is one: the PDF writer turns ems back into font units to compare
/// with the font's own advances, and an exact whole number is written short (`-20`, not
/// `-19.999695`), which keeps content streams smaller and faster to write and compress.
pub(crate) fn em(units: f32, upem: f32) -> f32 {
    let first = units / upem;
    if first * upem == units {
        return first;
    }
    let mut below = first;
    let mut above = first;
    for _ in 0..16 {
        below = below.next_down();
        above = above.next_up();
        if below * upem == units {
            return below;
        }
        if above * upem == units {
            return above;
        }
    }
    first
}

/// Characters that show nothing, so a font lacking them loses nothing.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}')
        || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_and_kerning_are_applied_and_cached() {
        let book = FontBook::new(&[]).unwrap();
        let mut shaper = Shaper::new(&book);
        let fi = shaper.shape(0, "fine");
        // "fi" is one ligature glyph in Noto Serif: 3 glyphs for 4 letters
        assert_eq!(fi.glyphs.len(), 3);
        assert_eq!(fi.text_of(0..1), "fi");
        assert_eq!(fi.split_point(1), None, "a ligature cannot be split");
        assert_eq!(fi.split_point(2), Some(1));
        let again = shaper.shape(0, "fine");
        assert!(Arc::ptr_eq(&fi, &again));
        let av = shaper.shape(0, "AV");
        let a = shaper.shape(0, "A");
        let v = shaper.shape(0, "V");
        assert!(
            av.width(0..2) < a.width(0..1) + v.width(0..1),
            "AV is kerned"
        );
    }

    #[test]
    fn the_hyphen_a_break_adds_is_a_soft_hyphen_drawn_as_a_hyphen() {
        let book = FontBook::new(&[]).unwrap();
        let mut shaper = Shaper::new(&book);
        for font in 0..4 {
            let hyphen = shaper.shape(font, "-");
            let soft = shaper.soft_hyphen(font);
            assert_eq!(&*soft.text, "\u{ad}");
            assert_eq!(soft.glyphs.len(), 1);
            // Noto Serif's own U+00AD glyph, as wide as the hyphen
            assert_ne!(soft.glyphs[0].id, hyphen.glyphs[0].id);
            assert_eq!(soft.glyphs[0].advance, hyphen.glyphs[0].advance);
            assert!(Arc::ptr_eq(&soft, &shaper.soft_hyphen(font)));
        }
    }

    #[test]
    fn whole_font_units_survive_the_round_trip_through_ems() {
        // advances, kerning and offsets of text fonts stay well inside a thousand units
        let exact = (-1500..1500)
            .filter(|&u| em(u as f32, 1000.0) * 1000.0 == u as f32)
            .count();
        assert!(exact >= 2900, "{exact} of 3000");
        for units in -3000..3000 {
            assert_eq!(em(units as f32, 2048.0) * 2048.0, units as f32);
        }
    }

    #[test]
    fn characters_the_family_lacks_are_found_missing() {
        let book = FontBook::new(&[]).unwrap();
        let mut shaper = Shaper::new(&book);
        assert_eq!(shaper.font_for('é', Style::Regular), 0);
        assert_eq!(shaper.font_for('Ж', Style::Italic), 1);
        assert_eq!(shaper.font_for('김', Style::Regular), 0);
        assert_eq!(shaper.missing, ['김']);
    }
}
