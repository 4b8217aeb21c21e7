//! The search index: the site's text cut into places (a report's opening, up to its
//! first heading, with its notes; then each of its sections), and every word mapped to
//! the places that hold it. The script looks the words of a query up in it, in the
//! browser: no server.
//!
//! As JSON: `{"v":1,"docs":[["report-x.html","North Korea"],["report-x.html#x-s1",
//! "North Korea: Mine Ban Policy"],...],"words":{"mine":[1,4],...}}`, each word's
//! places in rising order, written as the difference from the one before (`[1,3]` is
//! places 1 and 4), which keeps the numbers of common words short. Words are runs of
//! letters and digits, lower-cased, as the script cuts a query.

use std::fmt::Write;

use rustc_hash::FxHashMap;

use folio_epub::HtmlReports;
use folio_model::{Block, Resolved, for_each_block, push_plain_text};

/// The index as JSON, for a site served over HTTP.
pub(crate) const JSON_FILE: &str = "search-index.json";
/// The index wrapped in a call to `folioSearchIndex`, for a site opened from files,
/// where a page cannot fetch JSON but can load a script.
pub(crate) const SCRIPT_FILE: &str = "search-index.js";

/// The index of the site's text, as JSON.
pub(crate) fn index(resolved: &Resolved<'_>, html: &HtmlReports) -> String {
    let publication = resolved.publication;
    let mut docs: Vec<(String, String)> = Vec::new();
    // gathered in a hash map (a lookup per word of the text), sorted once at the end
    let mut words: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut text = String::new();
    for (report, page) in publication.reports.iter().zip(&html.reports) {
        // the opening: the title, the summary, the body up to the first heading, and the
        // notes (which the report's page holds after its text)
        text.clear();
        text.push_str(&page.title);
        if let Some(summary) = &report.summary {
            if let Some(label) = &summary.label {
                text.push(' ');
                text.push_str(label);
            }
            blocks_text(&summary.blocks, &mut text);
        }
        let first_heading = report
            .body
            .iter()
            .position(|block| matches!(block, Block::Heading { .. }))
            .unwrap_or(report.body.len());
        blocks_text(&report.body[..first_heading], &mut text);
        for note in &report.endnotes {
            blocks_text(&note.blocks, &mut text);
        }
        add(
            &mut docs,
            &mut words,
            page.file.clone(),
            page.title.clone(),
            &text,
        );
        // each section: from its heading to the next
        let mut headings = page.headings.iter();
        let mut start = first_heading;
        while start < report.body.len() {
            let end = report.body[start + 1..]
                .iter()
                .position(|block| matches!(block, Block::Heading { .. }))
                .map_or(report.body.len(), |at| start + 1 + at);
            text.clear();
            blocks_text(&report.body[start..end], &mut text);
            let (href, title) = match headings.next() {
                Some(heading) => (
                    format!("{}#{}", page.file, heading.id),
                    format!("{}: {}", page.title, heading.text),
                ),
                None => (page.file.clone(), page.title.clone()),
            };
            add(&mut docs, &mut words, href, title, &text);
            start = end;
        }
    }
    let mut json = String::with_capacity(words.len() * 24 + docs.len() * 64);
    json.push_str("{\"v\":1,\"docs\":[");
    for (i, (href, title)) in docs.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push('[');
        string(&mut json, href);
        json.push(',');
        string(&mut json, title);
        json.push(']');
    }
    json.push_str("],\"words\":{");
    let mut words: Vec<(String, Vec<u32>)> = words.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (i, (word, places)) in words.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        string(&mut json, word);
        json.push_str(":[");
        let mut last = 0;
        for (k, &place) in places.iter().enumerate() {
            if k > 0 {
                json.push(',');
            }
            let _ = write!(json, "{}", place - last);
            last = place;
        }
        json.push(']');
    }
    json.push_str("}}");
    json
}

/// Adds a place (`href`, named `title`) holding `text` to the index: the words of
/// both find it.
fn add(
    docs: &mut Vec<(String, String)>,
    words: &mut FxHashMap<String, Vec<u32>>,
    href: String,
    title: String,
    text: &str,
) {
    let place = u32::try_from(docs.len()).unwrap_or(u32::MAX);
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .chain(title.split(|c: char| !c.is_alphanumeric()))
    {
        if word.is_empty() {
            continue;
        }
        let lower;
        let word = if word.chars().any(char::is_uppercase) {
            lower = word.to_lowercase();
            lower.as_str()
        } else {
            word
        };
        // a word met before takes no new string
        match words.get_mut(word) {
            Some(places) => {
                if places.last() != Some(&place) {
                    places.push(place);
                }
            }
            None => {
                words.insert(word.to_owned(), vec![place]);
            }
        }
    }
    docs.push((href, title));
}

/// Appends the text of `blocks` (their paragraphs, headings, captions, list items and
/// cells), each block's after a space.
fn blocks_text(blocks: &[Block], text: &mut String) {
    for_each_block(blocks, &mut |block| {
        if let Some(content) = block.inlines() {
            text.push(' ');
            push_plain_text(content, text);
        }
        if let Block::Figure(figure) = block {
            text.push(' ');
            text.push_str(&figure.alt);
        }
    });
}

/// `value` as a JSON string.
fn string(json: &mut String, value: &str) {
    json.push('"');
    for c in value.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            // a script may not end early inside the wrapped index
            '<' => json.push_str("\\u003c"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(json, "\\u{:04x}", u32::from(c));
            }
            c => json.push(c),
        }
    }
    json.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::{PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap, resolve};

    #[test]
    fn each_word_leads_to_the_places_that_hold_it() {
        let publication = PublicationBuilder::new("Monitor")
            .report(
                ReportBuilder::new("North Korea")
                    .paragraph(|p| p.text("Opening \"words\".").note(|n| n.text("Noted.")))
                    .heading("Mine Ban Policy")
                    .paragraph(|p| p.text("Landmines remain."))
                    .build(),
            )
            .report(
                ReportBuilder::new("Lebanon")
                    .heading("Landmines")
                    .paragraph(|p| p.text("Mine clearance."))
                    .build(),
            )
            .build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let html = folio_epub::html_reports(&resolved).unwrap();
        let json = index(&resolved, &html);
        assert!(json.starts_with("{\"v\":1,\"docs\":[[\"report-"), "{json}");
        // places: 0 North Korea, 1 its Mine Ban Policy, 2 Lebanon, 3 its Landmines
        assert!(json.contains("\"landmines\":[1,2]"), "{json}");
        assert!(json.contains("\"mine\":[1,2]"), "{json}");
        assert!(json.contains("\"noted\":[0]"), "{json}");
        assert!(json.contains("\"words\":[0]"), "{json}");
        assert!(json.contains(": Mine Ban Policy\"]"), "{json}");
        assert!(!json.contains("Opening \""));
    }

    #[test]
    fn strings_are_json_that_cannot_end_a_script() {
        let mut json = String::new();
        string(&mut json, "a\"b\\c</script>\u{1}\u{2028}");
        assert_eq!(json, "\"a\\\"b\\\\c\\u003c/script>\\u0001\\u2028\"");
    }
}
