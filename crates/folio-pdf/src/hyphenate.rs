//! Hyphenation points from the Knuth–Liang patterns for US English (the `hyphenation`
//! crate's embedded dictionary), loaded once and cached per word.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use hyphenation::{Hyphenator as _, Language, Load, Standard};

fn dictionary() -> Option<&'static Standard> {
    static DICTIONARY: OnceLock<Option<Standard>> = OnceLock::new();
    DICTIONARY
        .get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Finds where words may be hyphenated, remembering every word it has seen.
#[derive(Default)]
pub(crate) struct Hyphenator {
    cache: HashMap<Box<str>, Box<[u16]>>,
}

impl Hyphenator {
    /// The byte offsets in `word` where a hyphen may go, at least two letters from the
    /// start and three from the end. Only for words of letters (and apostrophes) at least
    /// five letters long; anything else has none.
    pub fn points(&mut self, word: &str) -> &[u16] {
        if !self.cache.contains_key(word) {
            let points = compute(word);
            self.cache.insert(word.into(), points);
        }
        self.cache.get(word).map_or(&[], |p| p)
    }
}

fn compute(word: &str) -> Box<[u16]> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let plain = word
        .chars()
        .all(|c| c.is_alphabetic() || c == '\'' || c == '’');
    if letters < 5 || !plain || word.len() > u16::MAX as usize {
        return Box::new([]);
    }
    let Some(dictionary) = dictionary() else {
        return Box::new([]);
    };
    dictionary
        .hyphenate(word)
        .breaks
        .into_iter()
        .filter_map(|b| u16::try_from(b).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_get_points_and_others_none() {
        let mut h = Hyphenator::default();
        let word = "fragmentation";
        let parts: Vec<&str> = {
            let points = h.points(word).to_vec();
            let mut last = 0;
            let mut parts = Vec::new();
            for p in points {
                parts.push(&word[last..p as usize]);
                last = p as usize;
            }
            parts.push(&word[last..]);
            parts
        };
        assert_eq!(parts.concat(), word);
        assert!(parts.len() >= 3, "{parts:?}");
        assert!(h.points("mine").is_empty());
        assert!(h.points("POMZ-2M").is_empty());
        assert!(h.points("https://example.org").is_empty());
    }
}
