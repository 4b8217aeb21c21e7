//! Which link addresses the editions make live: web and mail addresses, relative
//! references and in-document anchors. Anything else (`javascript:`, `vbscript:`,
//! `data:`, `file:`, a network path `//host/share`) is kept as the link's text in every
//! edition, and [`resolve`](crate::resolve) warns about it once.

use crate::diagnostic::Diagnostic;
use crate::publication::{Block, Inline, Report, for_each_block, for_each_inline};

/// The schemes a live link may have.
const LIVE_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether a link to `url` may be live in an edition: an `http`, `https` or `mailto`
/// address, a relative reference (`annex.html`, `../2000/`, `?q=1`) or an in-document
/// anchor (`#n3`). The scheme is read as browsers read it (the WHATWG URL standard):
/// leading and trailing spaces and control characters are left out, tabs and line ends
/// anywhere are removed, and case does not matter, so `  JaVaScRiPt:` and
/// `java\tscript:` are `javascript:`. A reference with no scheme is live only when it
/// is a plain relative reference: not empty, not a network path (`//host`, `\\host`,
/// which a reader would resolve against the document's own scheme, `file:` for a file
/// on disk), and with no `:` before its first `/`, `?` or `#` (which RFC 3986 does not
/// allow, and some readers take for a scheme).
///
/// ```
/// use folio_model::is_live_link;
///
/// assert!(is_live_link("https://www.icbl.org/lm/2001/"));
/// assert!(is_live_link("#n3"));
/// assert!(!is_live_link("javascript:alert(1)"));
/// assert!(!is_live_link(" JaVa\tScRiPt:alert(1)"));
/// ```
pub fn is_live_link(url: &str) -> bool {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut chars = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    // the WHATWG "scheme start" and "scheme" states
    let mut scheme = String::new();
    let mut has_scheme = false;
    if let Some(first) = chars.next() {
        if first.is_ascii_alphabetic() {
            scheme.push(first.to_ascii_lowercase());
            for c in chars {
                if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') {
                    scheme.push(c.to_ascii_lowercase());
                } else {
                    has_scheme = c == ':';
                    break;
                }
            }
        }
    } else {
        return false;
    }
    if has_scheme {
        return LIVE_SCHEMES.contains(&scheme.as_str());
    }
    let plain: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let network_path = plain
        .get(..2)
        .is_some_and(|start| start.chars().all(|c| matches!(c, '/' | '\\')));
    let first_part = plain.split(['/', '\\', '?', '#']).next().unwrap_or("");
    !network_path && !first_part.contains(':')
}

/// Warns about each link of `report` (in its summary, body, tables, notes and related
/// reports)
/// whose address [`is_live_link`] refuses: the editions keep it as text.
pub(crate) fn check_links(report: &Report, out: &mut Vec<Diagnostic>) {
    let mut warn = |url: &str| {
        if !is_live_link(url) {
            out.push(Diagnostic::warning(format!(
                "the link to {url:?} in {:?} is kept as text in every edition: only http, \
                 https and mailto addresses, relative references and #anchors are live links",
                report.title
            )));
        }
    };
    let blocks = |blocks: &[Block], warn: &mut dyn FnMut(&str)| {
        for_each_block(blocks, &mut |block| {
            if let Some(content) = block.inlines() {
                for_each_inline(content, &mut |inline| {
                    if let Inline::Link { url, .. } = inline {
                        warn(url);
                    }
                });
            }
        });
    };
    if let Some(summary) = &report.summary {
        blocks(&summary.blocks, &mut warn);
    }
    for related in &report.related {
        if let Some(target) = &related.target {
            warn(target);
        }
    }
    blocks(&report.body, &mut warn);
    for note in &report.endnotes {
        blocks(&note.blocks, &mut warn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_addresses_relative_references_and_anchors_are_live() {
        for url in [
            "http://www.icbl.org/lm/2001/",
            "HTTPS://example.org:8080/a?b=1&c=2#d",
            " https://example.org ",
            "mailto:monitor@icbl.org",
            "annex.html",
            "../2000/north-korea.html",
            "/lm/2001/",
            "?q=mines",
            "#n3",
            "a/b:c",
            "north-korea",
        ] {
            assert!(is_live_link(url), "{url:?}");
        }
    }

    #[test]
    fn other_schemes_and_what_could_pass_for_them_are_not() {
        for url in [
            "javascript:alert(1)",
            "  JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{0}\u{1f} javascript:alert(1)",
            "\u{b}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "FILE:///etc/passwd",
            "ftp://example.org/",
            "tel:+1234",
            "C:\\Windows\\system.ini",
            "//evil.example/share",
            "\\\\evil.example\\share",
            "/\\evil.example",
            "\u{a0}javascript:alert(1)",
            "",
            "  \t ",
        ] {
            assert!(!is_live_link(url), "{url:?}");
        }
    }

    #[test]
    fn each_link_kept_as_text_is_one_warning() {
        let report = crate::ReportBuilder::new("R")
            .paragraph(|p| {
                p.link("javascript:alert(1)", |l| l.text("x"))
                    .link("https://example.org", |l| l.text("y"))
            })
            .build();
        let mut out = Vec::new();
        check_links(&report, &mut out);
        assert_eq!(out.len(), 1);
        assert!(
            out[0].message.contains("\"javascript:alert(1)\""),
            "{}",
            out[0]
        );
    }
}
