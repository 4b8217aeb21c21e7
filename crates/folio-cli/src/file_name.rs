//! The file names of a publication's editions: `NAME.pdf`, `NAME.epub`, ..., where
//! `NAME` is a slug of the title that keeps the letters and digits of every script.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::args::Format;

/// The longest `NAME`, in bytes: with the longest extension (`.docbook.xml`) a file name
/// stays far below the 255 bytes file systems allow.
pub const MAX_NAME_BYTES: usize = 120;

/// The `NAME` of a title that has no letter or digit.
pub const FALLBACK_NAME: &str = "publication";

/// The file name of `format`'s edition of the publication named `name`. Each format has
/// its own extension, and `name` has no dot, so two editions never share a file name.
pub fn file_name(format: Format, name: &str) -> String {
    let extension = match format {
        // the web edition is a folder of its own
        Format::Html => return name.to_owned(),
        Format::Pdf => "pdf",
        Format::Epub => "epub",
        Format::Json => "json",
        Format::Xml => "xml",
        Format::Docbook => "docbook.xml",
        Format::Jats => "jats.xml",
    };
    format!("{name}.{extension}")
}

/// The `NAME` of a publication titled `title`.
///
/// The title is NFKC-normalised (full-width `ＡＢＣ` is `ABC`, the ligature `ﬁ` is `fi`)
/// and lower-cased; letters and digits of every script are kept as they are (Korean,
/// Arabic, Hebrew, Chinese, Cyrillic, Greek, ...), with the combining marks that go with
/// them, except that a Latin letter with a diacritic is spelled in ASCII (`Übersicht`
/// gives `ubersicht`, `Straße` `strasse`). Everything else (spaces, punctuation, symbols)
/// separates words, which are joined with `-`. The name is cut to [`MAX_NAME_BYTES`] at a
/// character boundary, never empty ([`FALLBACK_NAME`]), and never a name Windows keeps
/// for a device (`con`, `nul`, `com1`, ...).
pub fn output_name(title: &str) -> String {
    let mut name = String::with_capacity(title.len().min(MAX_NAME_BYTES));
    let mut word = String::new();
    // whether the last character kept was a letter of a script other than Latin, which
    // the combining marks after it belong to
    let mut marks_follow = false;
    let mut full = false;
    let mut end_word = |word: &mut String, name: &mut String| {
        if word.is_empty() || full {
            word.clear();
            return;
        }
        let dash = usize::from(!name.is_empty());
        if name.len() + dash + word.len() <= MAX_NAME_BYTES {
            if dash == 1 {
                name.push('-');
            }
            name.push_str(word);
        } else {
            // the word that does not fit is cut at a character boundary
            let room = MAX_NAME_BYTES.saturating_sub(name.len() + dash);
            let cut = (0..=room.min(word.len()))
                .rev()
                .find(|&at| word.is_char_boundary(at))
                .unwrap_or(0);
            if cut > 0 {
                if dash == 1 {
                    name.push('-');
                }
                name.push_str(&word[..cut]);
            }
            full = true;
        }
        word.clear();
    };
    for c in title.nfkc() {
        if is_ignorable(c) {
            continue;
        }
        if is_combining_mark(c) {
            if marks_follow {
                word.push(c);
            }
            continue;
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
            marks_follow = false;
        } else if c.is_alphanumeric() {
            match latin_in_ascii(c) {
                Some(ascii) => {
                    word.extend(ascii);
                    marks_follow = false;
                }
                None => {
                    word.extend(c.to_lowercase());
                    marks_follow = true;
                }
            }
        } else {
            end_word(&mut word, &mut name);
            marks_follow = false;
        }
    }
    end_word(&mut word, &mut name);
    if name.is_empty() {
        return FALLBACK_NAME.to_owned();
    }
    if is_windows_device(&name) {
        name.push('-');
        name.push_str(FALLBACK_NAME);
    }
    name
}

/// A Latin letter with a diacritic (or a Latin letter outside ASCII, such as `ß`, `æ`,
/// `ø`, `ŋ`) spelled in lowercase ASCII letters; `None` for a character of another script,
/// or one with no faithful ASCII spelling.
fn latin_in_ascii(c: char) -> Option<impl Iterator<Item = char>> {
    if !is_latin(c) {
        return None;
    }
    let ascii = deunicode::deunicode_char(c)?;
    let mut letters = ascii
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .peekable();
    letters.peek()?;
    Some(letters)
}

/// Whether `c` is one of the Latin letters outside ASCII: Latin-1 Supplement, Latin
/// Extended-A to -E and Additional, and IPA Extensions (full-width Latin letters are
/// ASCII once NFKC-normalised).
fn is_latin(c: char) -> bool {
    matches!(
        c,
        '\u{C0}'..='\u{24F}'
            | '\u{250}'..='\u{2AF}'
            | '\u{1E00}'..='\u{1EFF}'
            | '\u{2C60}'..='\u{2C7F}'
            | '\u{A720}'..='\u{A7FF}'
            | '\u{AB30}'..='\u{AB6F}'
    )
}

/// Characters that do not separate words: the soft hyphen, zero-width spaces and joiners,
/// direction marks and the byte-order mark.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// `con`, `prn`, `aux`, `nul`, `com0` to `com9`, `lpt0` to `lpt9`: on Windows, a file by
/// such a name (with any extension) is a device.
fn is_windows_device(name: &str) -> bool {
    match name.as_bytes() {
        b"con" | b"prn" | b"aux" | b"nul" => true,
        [b'c', b'o', b'm', digit] | [b'l', b'p', b't', digit] => digit.is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_titles_are_spelled_in_ascii() {
        assert_eq!(output_name("North Korea"), "north-korea");
        assert_eq!(output_name("Übersicht"), "ubersicht");
        assert_eq!(output_name("Côte d’Ivoire"), "cote-d-ivoire");
        assert_eq!(
            output_name("Straße, Æsir, Øresund"),
            "strasse-aesir-oresund"
        );
        assert_eq!(output_name("Việt Nam 2001"), "viet-nam-2001");
        assert_eq!(output_name("ＡＢＣ ｆｕｌｌ"), "abc-full");
        assert_eq!(output_name("ﬁnal ½"), "final-1-2");
        assert_eq!(output_name("  Korea,\tNorth!  "), "korea-north");
        assert_eq!(output_name("Über\u{AD}sicht"), "ubersicht");
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        let korean = output_name("조선민주주의인민공화국 북한");
        let arabic = output_name("كوريا الشمالية");
        let hebrew = output_name("קוריאה הצפונית");
        assert_eq!(korean, "조선민주주의인민공화국-북한");
        assert_eq!(arabic, "كوريا-الشمالية");
        assert_eq!(hebrew, "קוריאה-הצפונית");
        assert_eq!(output_name("Übersicht 北朝鮮"), "ubersicht-北朝鮮");
        assert_eq!(output_name("Северная Корея"), "северная-корея");
        assert_eq!(output_name("Ελλάδα ΣΟΦΙΑ"), "ελλάδα-σοφια");
        assert_eq!(output_name("हिन्दी ٣"), "हिन्दी-٣");
        // Hangul jamo typed apart are composed into syllables
        assert_eq!(output_name("\u{1112}\u{1161}\u{11AB}"), "한");
    }

    #[test]
    fn a_name_is_never_empty_nor_a_device() {
        for title in ["", "   ", "—", "🎉 !!!", "\u{200B}", "·"] {
            assert_eq!(output_name(title), FALLBACK_NAME, "{title:?}");
        }
        assert_eq!(output_name("CON"), "con-publication");
        assert_eq!(output_name("com1"), "com1-publication");
        assert_eq!(output_name("console"), "console");
    }

    #[test]
    fn long_titles_are_cut_at_a_character_boundary() {
        let words = "Landmine Monitor ".repeat(20);
        let name = output_name(&words);
        assert!(name.len() <= MAX_NAME_BYTES, "{}", name.len());
        assert!(name.starts_with("landmine-monitor-landmine"));
        assert!(!name.ends_with('-'));
        // one word longer than the limit, in a script of three-byte characters
        let name = output_name(&"북".repeat(200));
        assert_eq!(name, "북".repeat(40));
        let name = output_name(&format!("a {}", "ü".repeat(300)));
        assert_eq!(name.len(), MAX_NAME_BYTES);
        for length in 0..300 {
            let name = output_name(&"é".repeat(length));
            assert!(name.len() <= MAX_NAME_BYTES && !name.is_empty());
        }
    }

    #[test]
    fn two_editions_never_share_a_file_name() {
        use clap::ValueEnum;
        for name in ["x", "publication", "a-b", "북한"] {
            let mut names: Vec<String> = Format::value_variants()
                .iter()
                .map(|&format| file_name(format, name))
                .collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), Format::value_variants().len());
        }
    }
}
