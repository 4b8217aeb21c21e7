//! Smart punctuation for web-report text: straight quotes made curly by their context,
//! typewriter dashes made real ones, three dots an ellipsis. Markdown gets the same from
//! pulldown-cmark (`ENABLE_SMART_PUNCTUATION`); this is folio's own, for the text the
//! web-report reader builds.
//!
//! - `"` opens (“) after a space, the start of a paragraph or opening punctuation
//!   (`(`, `[`, a dash, an opening quote) when something follows it; otherwise it closes
//!   (”).
//! - `'` between two letters or digits is an apostrophe (’: `don't`, `People's`), as
//!   before two digits that end a number (`'90s`, `'01`); otherwise it opens (‘) or
//!   closes (’) as `"` does.
//! - `---` is an em dash (—); `--` is an em dash between two words without spaces
//!   (`injuries--to`), and an en dash (–) between two numbers (`1990--95`) or with a
//!   space on either side (`mines -- and`). Runs of four hyphens or more are kept as
//!   typed (rules, blanks to fill in).
//! - `...` is an ellipsis (…), each three dots of a longer run from the left.

use folio_model::Inline;

/// Makes the punctuation of a paragraph's inlines smart, in place. The text runs are
/// read as one: a quote at the end of a run is judged by what follows in the next one,
/// and a note reference counts as a word (a quote before `[4]` closes).
pub(crate) fn inlines(content: &mut [Inline]) {
    let mut before = None;
    for i in 0..content.len() {
        let after = content.get(i + 1).map(|next| match next {
            Inline::Text { text } => text.chars().next(),
            // a note reference, or anything else that is not text, reads as a word
            _ => Some('a'),
        });
        match &mut content[i] {
            Inline::Text { text } => {
                if let Some(smart) = text_in_context(text, before, after.flatten()) {
                    *text = smart;
                }
                before = text.chars().next_back().or(before);
            }
            _ => before = Some('a'),
        }
    }
}

/// `text` with smart punctuation, or `None` when nothing changes (no allocation then).
pub(crate) fn text(text: &str) -> Option<String> {
    text_in_context(text, None, None)
}

/// `text`, which follows `before` and precedes `after` in its paragraph, with smart
/// punctuation; `None` when nothing changes.
fn text_in_context(text: &str, before: Option<char>, after: Option<char>) -> Option<String> {
    let bytes = text.as_bytes();
    // most text has nothing to change: find the first candidate without decoding
    let first = next_candidate(bytes, 0)?;
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = before;
    let mut changed = false;
    let mut at = 0;
    let mut candidate = Some(first);
    while let Some(i) = candidate {
        // the text up to the candidate, as it is, in one piece
        if i > at {
            out.push_str(&text[at..i]);
            previous = text[at..i].chars().next_back();
        }
        let rest = &text[i..];
        let next_of = |skip: usize| rest[skip..].chars().next().or(after);
        let (replacement, consumed): (Option<&str>, usize) = match bytes[i] {
            b'"' => {
                let opens = opens_after(previous) && !is_space_or_end(next_of(1));
                (Some(if opens { "\u{201c}" } else { "\u{201d}" }), 1)
            }
            b'\'' => {
                let next = next_of(1);
                let in_word = previous.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                let year = opens_after(previous) && elided_year(&rest[1..], after);
                let opens = !in_word && !year && opens_after(previous) && !is_space_or_end(next);
                (Some(if opens { "\u{2018}" } else { "\u{2019}" }), 1)
            }
            b'-' => {
                let run = rest.bytes().take_while(|&b| b == b'-').count();
                let next = next_of(run);
                let dash = match run {
                    2 => {
                        let numbers = previous.is_some_and(|p| p.is_ascii_digit())
                            && next.is_some_and(|n| n.is_ascii_digit());
                        let spaced = is_space_or_end(previous) || is_space_or_end(next);
                        Some(if numbers || spaced {
                            "\u{2013}"
                        } else {
                            "\u{2014}"
                        })
                    }
                    3 => Some("\u{2014}"),
                    _ => None,
                };
                (dash, run)
            }
            // `...`, the only other candidate
            _ => (Some("\u{2026}"), 3),
        };
        match replacement {
            Some(smart) => {
                out.push_str(smart);
                changed = true;
                previous = smart.chars().next_back();
            }
            None => {
                out.push_str(&rest[..consumed]);
                previous = Some('-');
            }
        }
        at = i + consumed;
        candidate = next_candidate(bytes, at);
    }
    out.push_str(&text[at..]);
    changed.then_some(out)
}

/// The first place at or after `from` where smart punctuation may change `bytes`: a
/// straight quote, two hyphens or more, three dots. Every one is ASCII, so the search
/// goes byte by byte without decoding.
fn next_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    let found = bytes.get(from..)?.iter().enumerate().position(|(i, &b)| {
        let i = from + i;
        match b {
            b'"' | b'\'' => true,
            b'-' => bytes.get(i + 1) == Some(&b'-'),
            b'.' => bytes.get(i + 1) == Some(&b'.') && bytes.get(i + 2) == Some(&b'.'),
            _ => false,
        }
    })?;
    Some(from + found)
}

/// Whether a quote after `previous` opens: at the start, after a space, or after
/// opening punctuation or a dash.
fn opens_after(previous: Option<char>) -> bool {
    match previous {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '<'
                        | '/'
                        | '-'
                        | '\u{2013}'
                        | '\u{2014}'
                        | '\u{201c}'
                        | '\u{2018}'
                )
        }
    }
}

fn is_space_or_end(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Whether `rest`, the text after a `'`, starts with two digits that end a number
/// (`90s`, `01 `): the apostrophe of an elided century.
fn elided_year(rest: &str, after: Option<char>) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() >= 2
        && bytes[0].is_ascii_digit()
        && bytes[1].is_ascii_digit()
        && match bytes.get(2) {
            Some(b) => !b.is_ascii_digit(),
            None => !after.is_some_and(|a| a.is_ascii_digit()),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(s: &str) -> String {
        text(s).unwrap_or_else(|| s.to_owned())
    }

    #[test]
    fn quotes_open_and_close_by_their_context() {
        assert_eq!(
            smart(r#"could not accede "for security reasons" under"#),
            "could not accede \u{201c}for security reasons\u{201d} under"
        );
        assert_eq!(
            smart(r#""Quoted," he said."#),
            "\u{201c}Quoted,\u{201d} he said."
        );
        assert_eq!(smart(r#"("inside")"#), "(\u{201c}inside\u{201d})");
        assert_eq!(smart("'single' quotes"), "\u{2018}single\u{2019} quotes");
        assert_eq!(
            smart("People's Republic, the soldiers' mines"),
            "People\u{2019}s Republic, the soldiers\u{2019} mines"
        );
        assert_eq!(
            smart("in the '90s and '01."),
            "in the \u{2019}90s and \u{2019}01."
        );
        assert_eq!(smart("'1990' quoted"), "\u{2018}1990\u{2019} quoted");
    }

    #[test]
    fn dashes_follow_their_neighbours() {
        assert_eq!(
            smart("injuries--to both soldiers and civilians--due to"),
            "injuries\u{2014}to both soldiers and civilians\u{2014}due to"
        );
        assert_eq!(smart("1990--1995"), "1990\u{2013}1995");
        assert_eq!(smart("mines -- and more"), "mines \u{2013} and more");
        assert_eq!(smart("a---b"), "a\u{2014}b");
        assert_eq!(smart("mine-free"), "mine-free");
        assert_eq!(smart("----"), "----");
        assert_eq!(text("mine-free, in 2001. No change."), None);
    }

    #[test]
    fn three_dots_are_an_ellipsis() {
        assert_eq!(smart("made...PMD-6s"), "made\u{2026}PMD-6s");
        assert_eq!(smart("end...."), "end\u{2026}.");
        assert_eq!(smart("a.b..c"), "a.b..c");
    }

    #[test]
    fn a_quote_before_a_note_reference_closes() {
        let mut content = vec![
            Inline::text("defensive purposes.\""),
            Inline::note_ref("5"),
            Inline::text(" Analysts say \"to be"),
        ];
        inlines(&mut content);
        assert_eq!(content[0], Inline::text("defensive purposes.\u{201d}"));
        assert_eq!(content[2], Inline::text(" Analysts say \u{201c}to be"));
        // a quote at the end of a run judged by the next run
        let mut content = vec![Inline::text("said \""), Inline::text("yes\" then")];
        inlines(&mut content);
        assert_eq!(content[0], Inline::text("said \u{201c}"));
        assert_eq!(content[1], Inline::text("yes\u{201d} then"));
    }

    #[test]
    fn odd_text_never_panics() {
        for s in ["\"", "'", "--", "...", "é\"'--...ü", "\"\"''", "'9", "'99"] {
            let _ = smart(s);
            let mut content = vec![Inline::text(s), Inline::note_ref("1"), Inline::text(s)];
            inlines(&mut content);
        }
    }
}
