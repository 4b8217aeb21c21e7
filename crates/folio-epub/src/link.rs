//! Links out of the book: only web and mail addresses, written as valid URLs.
//!
//! A link to anything else (a file beside the source, a fragment of a page we do not
//! have, `javascript:`) would point nowhere inside the book, and EPUBCheck reports it.

/// The schemes a link out of the book may use: of the addresses every edition makes
/// live ([`folio_model::is_live_link`]), those that lead somewhere from inside a book.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// `url` as a link target if it is a web or mail address, with the characters a URL
/// cannot hold (spaces, quotes, letters outside ASCII) percent-encoded; `None` for
/// anything else.
pub(crate) fn web_address(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':')?;
    if !SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return None;
    }
    let host_required = !scheme.eq_ignore_ascii_case("mailto");
    if host_required {
        let host = rest.strip_prefix("//")?;
        let host = host.split(['/', '?', '#']).next().unwrap_or("");
        // A host of letters, digits, '.', '-', and an optional port; userinfo is refused.
        let name = host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                ""
            }
        });
        let name_ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !name_ok {
            return None;
        }
    } else if rest.trim().is_empty() {
        return None;
    }
    Some(percent_encode(url))
}

/// Encodes what a URL cannot hold; a `%` not followed by two hex digits becomes `%25`.
fn percent_encode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escaped_already = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let keep = b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
            && (b != b'%' || escaped_already);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_addresses_are_links() {
        assert_eq!(
            web_address(" http://www.icbl.org/lm/2001/ ").as_deref(),
            Some("http://www.icbl.org/lm/2001/")
        );
        assert_eq!(
            web_address("HTTPS://example.org:8080/a?b=1&c=2#d").as_deref(),
            Some("HTTPS://example.org:8080/a?b=1&c=2#d")
        );
        assert_eq!(
            web_address("mailto:monitor@icbl.org").as_deref(),
            Some("mailto:monitor@icbl.org")
        );
    }

    #[test]
    fn what_a_url_cannot_hold_is_encoded() {
        assert_eq!(
            web_address("http://example.org/a b/Côte\"<x>%20%zz").as_deref(),
            Some("http://example.org/a%20b/C%C3%B4te%22%3Cx%3E%20%25zz")
        );
    }

    #[test]
    fn anything_else_is_not_a_link() {
        for url in [
            "",
            "report.txt",
            "#n3",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org/",
            "http://",
            "http:example.org",
            "http://user@example.org/",
            "http://exa mple.org/",
            "mailto:",
        ] {
            assert_eq!(web_address(url), None, "{url}");
        }
    }
}
