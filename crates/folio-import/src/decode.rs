//! Bytes to text: UTF-8 with or without a BOM, UTF-16 with a BOM, and Windows-1252 for
//! anything else (what web pages of the 1990s and 2000s were saved in).

use folio_model::{Diagnostic, Location};

/// Text decoded from a file, with line ends made `\n`.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a BOM, with CRLF and lone CR turned into LF.
    pub text: String,
    /// A warning when the bytes were not UTF-8 and were read as Windows-1252.
    pub warning: Option<Diagnostic>,
}

/// Decodes `bytes` from `file`; an error when they look like binary data rather than
/// text (NUL bytes, or many control characters).
pub fn decode(bytes: &[u8], file: &str) -> Result<Decoded, Diagnostic> {
    let (text, warning) = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let warning = had_errors.then(|| {
            Diagnostic::warning(format!(
                "the file has a {} byte-order mark but bytes that are not {0}; they were replaced with U+FFFD",
                encoding.name()
            ))
            .at(Some(Location::new(file, 1, 1)))
        });
        (text.into_owned(), warning)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), None),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let (line, column) = line_column(valid);
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                let warning =
                    Diagnostic::warning("the file is not valid UTF-8; it was read as Windows-1252")
                        .at(Some(Location::new(file, line, column)))
                        .hint("save the file as UTF-8 to be sure every character is read as meant");
                (text.into_owned(), Some(warning))
            }
        }
    };
    check_text(&text, file)?;
    Ok(Decoded {
        text: normalise_line_ends(text),
        warning,
    })
}

/// Text with NUL bytes or a high share of control characters is binary data.
fn check_text(text: &str, file: &str) -> Result<(), Diagnostic> {
    let mut controls = 0usize;
    let mut total = 0usize;
    for (i, c) in text.char_indices() {
        total += 1;
        if c == '\0' {
            let (line, column) = line_column(&text.as_bytes()[..i]);
            return Err(binary(file, line, column));
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            controls += 1;
        }
    }
    if controls > 8 && controls * 20 > total {
        return Err(binary(file, 1, 1));
    }
    Ok(())
}

fn binary(file: &str, line: u32, column: u32) -> Diagnostic {
    Diagnostic::error("the file holds binary data, not text")
        .at(Some(Location::new(file, line, column)))
        .hint("folio reads web-report text (.txt), Markdown (.md), folio XML (.xml), model JSON (.json) and manifests (folio.toml)")
}

fn normalise_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The 1-based line and column just after `prefix`, counting columns in characters.
pub(crate) fn line_column(prefix: &[u8]) -> (u32, u32) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count()
        + 1;
    (to_u32(line), to_u32(column))
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_give_the_same_text() {
        let plain = decode(b"a\nb\n", "f").unwrap();
        let bom_crlf = decode(b"\xEF\xBB\xBFa\r\nb\r\n", "f").unwrap();
        assert_eq!(plain.text, bom_crlf.text);
        assert!(plain.warning.is_none() && bom_crlf.warning.is_none());
    }

    #[test]
    fn windows_1252_is_read_with_one_warning_at_the_first_bad_byte() {
        let decoded = decode(b"ok\nthe people\x92s republic \x93quoted\x94\n", "f.txt").unwrap();
        assert_eq!(
            decoded.text,
            "ok\nthe people\u{2019}s republic \u{201c}quoted\u{201d}\n"
        );
        let warning = decoded.warning.unwrap();
        assert_eq!(warning.location, Some(Location::new("f.txt", 2, 11)));
        assert!(warning.message.contains("Windows-1252"));
    }

    #[test]
    fn utf16_with_a_bom_is_text() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&bytes, "f").unwrap().text, "hé\n");
    }

    #[test]
    fn binary_data_is_an_error() {
        let err = decode(b"PK\x03\x04\x00\x00garbage", "x.txt").unwrap_err();
        assert!(err.is_error());
        assert!(err.message.contains("binary"));
        let noise: Vec<u8> = (0u8..=255)
            .cycle()
            .skip(1)
            .take(4000)
            .filter(|&b| b != 0)
            .collect();
        assert!(decode(&noise, "x").is_err());
    }
}
