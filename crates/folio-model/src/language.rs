//! Languages and the direction they are written in, which every edition reads alike: the
//! PDF's paragraphs and their alignment, the EPUB's `dir`, the XML editions' `xml:lang`.

/// Whether text in the language `tag` (a BCP 47 tag such as `ar`, `he-IL`, `fa`,
/// `ku-Arab`) is written right to left.
///
/// A script subtag decides when there is one (`Arab`, `Hebr`, `Syrc`, `Thaa`, `Nkoo`,
/// `Adlm`, `Rohg`... are right to left; `az-Latn` or `ug-Cyrl` are not); otherwise the
/// language: Arabic (`ar`, with its varieties `arz`, `apc`...), Hebrew (`he`, old `iw`),
/// Persian (`fa`, `prs`), Urdu, Pashto, Sindhi, Uyghur, Kashmiri, Sorani Kurdish (`ckb`),
/// Yiddish (`yi`, old `ji`), Dhivehi, Syriac, Aramaic, N'Ko, Balochi, Punjabi in
/// Shahmukhi (`pnb`) and a few more. Case does not matter; `_` is read as `-`.
pub fn is_rtl_language(tag: &str) -> bool {
    let mut subtags = tag.split(['-', '_']).map(str::trim);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    for subtag in subtags {
        // the script is the four-letter subtag after the language (and its extlangs)
        if subtag.len() == 4 && subtag.chars().all(|c| c.is_ascii_alphabetic()) {
            return RTL_SCRIPTS.iter().any(|s| s.eq_ignore_ascii_case(subtag));
        }
    }
    RTL_LANGUAGES.contains(&primary.as_str())
}

/// Whether `text` holds a right-to-left character: a letter of Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and the other right-to-left scripts (their blocks U+0590 to U+08FF,
/// U+FB1D to U+FDFF, U+FE70 to U+FEFE, U+10800 to U+10FFF and U+1E800 to U+1EFFF), or a
/// right-to-left mark, embedding, override or isolate. An edition marks such text
/// (the EPUB's `dir="auto"`) where its language does not set it right to left.
pub fn has_rtl_text(text: &str) -> bool {
    !text.is_ascii()
        && text.chars().any(|c| {
            matches!(
                c,
                '\u{590}'..='\u{8ff}'
                    | '\u{fb1d}'..='\u{fdff}'
                    | '\u{fe70}'..='\u{fefe}'
                    | '\u{10800}'..='\u{10fff}'
                    | '\u{1e800}'..='\u{1efff}'
                    | '\u{200f}'
                    | '\u{202b}'
                    | '\u{202e}'
                    | '\u{2067}'
            )
        })
}

/// ISO 15924 codes of scripts written right to left.
const RTL_SCRIPTS: &[&str] = &[
    "Adlm", "Arab", "Aran", "Armi", "Avst", "Cprt", "Hebr", "Mand", "Mani", "Mend", "Nbat", "Nkoo",
    "Orkh", "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc",
    "Thaa", "Yezi",
];

/// ISO 639 codes of languages written right to left by default.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "arq", "ary", "arz", "apc", "apd", "acm", "afb", "ajp", "aeb", "azb", "bal",
    "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "khw", "ks", "lrc", "mzn", "nqo", "pnb",
    "prs", "ps", "sd", "sdh", "skr", "syr", "ug", "ur", "yi",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_and_scripts() {
        for tag in [
            "ar", "AR-eg", "he", "he-IL", "fa", "ur", "yi", "ps", "ckb", "ku-Arab",
        ] {
            assert!(is_rtl_language(tag), "{tag}");
        }
        for tag in [
            "en", "en-US", "de", "ko", "zh-Hant", "az-Latn", "ug-Cyrl", "", "arn",
        ] {
            assert!(!is_rtl_language(tag), "{tag}");
        }
        // a script subtag wins over the language
        assert!(is_rtl_language("pa-Arab"));
        assert!(!is_rtl_language("sd-Deva"));
    }

    #[test]
    fn right_to_left_text_is_found() {
        for text in ["שלום", "In Arabic: سلام.", "٢٠٠١", "\u{200f}", "ﻻ"] {
            assert!(has_rtl_text(text), "{text}");
        }
        for text in [
            "",
            "English",
            "“Quoted” — Übersicht, Ελληνικά, Русский, 북한, 北朝鮮",
        ] {
            assert!(!has_rtl_text(text), "{text}");
        }
    }
}
