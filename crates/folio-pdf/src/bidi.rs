//! Right-to-left text: a paragraph's embedding levels by the Unicode bidirectional
//! algorithm (UAX #9, the `unicode-bidi` crate), and a line's items put in visual order.
//!
//! A paragraph with no right-to-left character, in a language written left to right,
//! never comes here: its levels are all 0 and its lines are set as they are broken.

use folio_model::{Block, Inline};
use unicode_bidi::{BidiClass, BidiInfo, Level};

/// Where a paragraph's base direction comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum BaseDirection {
    /// From its first strong character (UAX #9, rules P2 and P3), left to right when it
    /// has none: the language of the text is written left to right, or unknown.
    #[default]
    Auto,
    /// Right to left, whatever the text: its language is written so (Arabic, Hebrew...).
    Rtl,
}

impl BaseDirection {
    /// The base direction of text in the language `tag` (a BCP 47 tag).
    pub fn of_language(tag: &str) -> Self {
        if folio_model::is_rtl_language(tag) {
            BaseDirection::Rtl
        } else {
            BaseDirection::Auto
        }
    }
}

/// Whether `c`'s bidi class makes a paragraph need reordering: a right-to-left letter,
/// an Arabic digit, or a right-to-left embedding, override or isolate.
fn is_rtl_class(c: char) -> bool {
    matches!(
        unicode_bidi::bidi_class(c),
        BidiClass::R
            | BidiClass::AL
            | BidiClass::AN
            | BidiClass::RLE
            | BidiClass::RLO
            | BidiClass::RLI
    )
}

/// Whether `text` holds a character that makes the bidirectional algorithm worth
/// running: a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko...), an Arabic
/// digit, or a right-to-left mark, embedding, override or isolate. Left-to-right text with
/// none of them is laid out as it stands.
pub(crate) fn has_rtl(text: &str) -> bool {
    // Every such character is written in UTF-8 with one of these first bytes: D6 to DF
    // (U+0590 to U+07FF), E0 (U+0800 to U+0FFF), E2 (among the punctuation of U+2000 to
    // U+2FFF, only the right-to-left mark, embedding, override and isolate), EF (the
    // presentation forms, U+F000 to U+FFFF) or F0 (U+10000 on): ASCII is passed over
    // eight bytes at a time, other text a byte at a time, the four marks compared and
    // only characters with the other first bytes looked up (not curly quotes and dashes).
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(eight) = bytes.get(i..i + 8)
            && u64::from_le_bytes(eight.try_into().unwrap_or_default()) & 0x8080_8080_8080_8080 == 0
        {
            i += 8;
            continue;
        }
        let rtl = match bytes[i] {
            0xe2 => matches!(
                text[i..].chars().next(),
                Some('\u{200f}' | '\u{202b}' | '\u{202e}' | '\u{2067}')
            ),
            0xd6..=0xe0 | 0xef | 0xf0 => text[i..].chars().next().is_some_and(is_rtl_class),
            _ => false,
        };
        if rtl {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether the first strong character of `text` (skipping isolates) is right to left.
pub(crate) fn starts_rtl(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

/// Whether the first strong character of the text of `blocks` (their paragraphs,
/// headings and captions, depth first) is right to left: a list item or a note that
/// starts so is set right to left, its marker or number on the right.
pub(crate) fn blocks_start_rtl(blocks: &[Block]) -> bool {
    let mut found = None;
    folio_model::for_each_block(blocks, &mut |block| {
        let Some(content) = block.inlines().filter(|_| found.is_none()) else {
            return;
        };
        folio_model::for_each_inline(content, &mut |inline| {
            if found.is_none()
                && let Inline::Text { text } = inline
            {
                match unicode_bidi::get_base_direction(text.as_str()) {
                    unicode_bidi::Direction::Ltr => found = Some(false),
                    unicode_bidi::Direction::Rtl => found = Some(true),
                    unicode_bidi::Direction::Mixed => {}
                }
            }
        });
    });
    found == Some(true)
}

/// Resolves the embedding levels of `text`, a paragraph, into `levels` (one per byte),
/// and gives the paragraph's level (0 left to right, 1 right to left); `None`, with
/// `levels` left empty, when the paragraph needs no reordering: it has no right-to-left
/// character and its language does not make it right to left.
pub(crate) fn resolve(text: &str, base: BaseDirection, levels: &mut Vec<u8>) -> Option<u8> {
    levels.clear();
    if base == BaseDirection::Auto && !has_rtl(text) {
        return None;
    }
    let paragraph = if base == BaseDirection::Rtl || starts_rtl(text) {
        Level::rtl()
    } else {
        Level::ltr()
    };
    // one paragraph level for the whole text, even where it holds a paragraph separator
    let info = BidiInfo::new(text, Some(paragraph));
    levels.extend(info.levels.iter().map(Level::number));
    Some(paragraph.number())
}

/// The visual order of a line's items, given their levels (rule L2: from the highest
/// level down to the lowest odd one, every run at that level or above is reversed), into
/// `order` as indices into `levels`.
pub(crate) fn visual_order(levels: &[u8], order: &mut Vec<usize>) {
    order.clear();
    order.extend(0..levels.len());
    let Some(&highest) = levels.iter().max() else {
        return;
    };
    let lowest_odd = levels.iter().copied().min().unwrap_or(0) | 1;
    let mut level = highest;
    while level >= lowest_odd && level > 0 {
        let mut i = 0;
        while i < levels.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < levels.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_text_is_left_alone() {
        let mut levels = Vec::new();
        let text = "The DPRK has not acceded to the 1997 treaty \u{201c}as such\u{201d} — yet.";
        assert_eq!(resolve(text, BaseDirection::Auto, &mut levels), None);
        assert!(levels.is_empty());
        assert!(!has_rtl("Übersicht 北朝鮮 북한"));
    }

    #[test]
    fn the_quick_test_finds_every_right_to_left_character() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(
                has_rtl(&format!("a{c}b")),
                is_rtl_class(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn the_first_strong_character_or_the_language_gives_the_base() {
        let mut levels = Vec::new();
        assert_eq!(
            resolve("שלום again", BaseDirection::Auto, &mut levels),
            Some(1)
        );
        assert_eq!(
            resolve("In Hebrew: שלום", BaseDirection::Auto, &mut levels),
            Some(0)
        );
        assert_eq!(
            resolve("Plain English", BaseDirection::Rtl, &mut levels),
            Some(1)
        );
        assert_eq!(levels.len(), "Plain English".len());
        // Arabic-Indic digits alone: left to right, but resolved (they read left to right
        // in a run of their own)
        assert_eq!(resolve("٢٠٠١", BaseDirection::Auto, &mut levels), Some(0));
        assert!(levels.iter().all(|&l| l == 2));
        assert_eq!(resolve("", BaseDirection::Rtl, &mut levels), Some(1));
    }

    #[test]
    fn numbers_and_latin_inside_arabic_keep_their_order() {
        // logical: ARABIC1 Amnesty 2001 ARABIC2
        let text = "قال Amnesty في 2001 ذلك";
        let mut levels = Vec::new();
        assert_eq!(resolve(text, BaseDirection::Auto, &mut levels), Some(1));
        let words: Vec<(usize, &str)> = text
            .split(' ')
            .scan(0, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, w))
            })
            .collect();
        let word_levels: Vec<u8> = words.iter().map(|&(at, _)| levels[at]).collect();
        assert_eq!(word_levels, [1, 2, 1, 2, 1]);
        let mut order = Vec::new();
        visual_order(&word_levels, &mut order);
        let visual: Vec<&str> = order.iter().map(|&i| words[i].1).collect();
        // drawn from the left: the last Arabic word first, the first one last; the Latin
        // word and the number each read left to right
        assert_eq!(visual, ["ذلك", "2001", "في", "Amnesty", "قال"]);
    }

    #[test]
    fn runs_are_reversed_from_the_highest_level_down() {
        let mut order = Vec::new();
        visual_order(&[0, 0, 1, 1, 2, 2, 1, 0], &mut order);
        assert_eq!(order, [0, 1, 6, 4, 5, 3, 2, 7]);
        // reversed at level 2, then back at level 1
        visual_order(&[0, 2, 2, 0], &mut order);
        assert_eq!(order, [0, 1, 2, 3]);
        visual_order(&[1, 2, 2], &mut order);
        assert_eq!(order, [1, 2, 0]);
        visual_order(&[], &mut order);
        assert!(order.is_empty());
    }
}
