//! Publications of many reports as a PDF book: title page, contents, running heads, note
//! placement; checked on the real file.

use std::path::PathBuf;

use folio_tests::pdf::facts;
use folio_tests::{fidelity, folio, tools, volume_20};

/// Exports the 20-report volume to PDF with extra `args`; the folder and the PDF's path.
fn export_volume(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let files = volume_20();
    let mut all: Vec<&str> = vec!["export"];
    all.extend(files.iter().map(|p| p.to_str().unwrap()));
    all.extend([
        "--to",
        "pdf",
        "--title",
        "Landmine Monitor 2001",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    all.extend_from_slice(args);
    let run = folio(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.path().join("landmine-monitor-2001.pdf");
    (dir, pdf)
}

/// The text of each page, as pdftotext gives it.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    tools::pdftotext(pdf)
        .split('\u{c}')
        .map(str::to_owned)
        .collect()
}

fn lines(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A contents entry: `Austria . . . . . 12` gives ("Austria", "12").
fn contents_entry(line: &str) -> Option<(String, String)> {
    let (title, number) = line.rsplit_once(' ')?;
    number.parse::<u32>().ok()?;
    let title = title.trim_end_matches([' ', '.']).trim();
    Some((title.to_owned(), number.to_owned()))
}

#[test]
fn the_contents_give_the_page_where_each_report_starts() {
    let (_dir, pdf) = export_volume(&[]);
    let pages = pages(&pdf);
    assert!(
        lines(&pages[0]).contains(&"Landmine Monitor 2001"),
        "the title page"
    );
    // the contents: report titles are the entries whose pages are reports' first pages
    // (pdftotext -layout keeps each entry's title, leaders and number on one line)
    let layout = tools::run(
        "pdftotext",
        &[
            "-layout".as_ref(),
            "-l".as_ref(),
            "6".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    let mut contents = Vec::new();
    for page in layout.split('\u{c}').skip(1) {
        let page_lines = lines(page);
        if page_lines.first() != Some(&"Contents") && contents.is_empty() {
            continue;
        }
        if !contents.is_empty() && !page_lines.iter().any(|l| l.contains(". .")) {
            break;
        }
        contents.extend(page_lines.iter().filter_map(|l| contents_entry(l)));
    }
    let titles: Vec<String> = volume_20()
        .iter()
        .map(|p| folio::import::readable_stem(p))
        .collect();
    // a report's first page has no running head: its first line is the title, its last the folio
    let mut starts = std::collections::HashMap::new();
    for page in &pages {
        let page_lines = lines(page);
        if let (Some(first), Some(last)) = (page_lines.first(), page_lines.last())
            && titles.iter().any(|t| t == first)
        {
            starts.entry(first.to_string()).or_insert(last.to_string());
        }
    }
    assert_eq!(starts.len(), 20, "{starts:?}");
    for title in &titles {
        let listed = contents
            .iter()
            .find(|(t, _)| t == title)
            .unwrap_or_else(|| panic!("{title} is not in the contents: {contents:?}"));
        assert_eq!(&listed.1, &starts[title], "{title}");
    }
}

#[test]
fn the_outline_nests_publication_report_section() {
    let (_dir, pdf) = export_volume(&[]);
    let outline = facts(&pdf).outline;
    assert_eq!(outline[0], (0, "Landmine Monitor 2001".to_owned()));
    let reports: Vec<&String> = outline
        .iter()
        .filter(|(d, _)| *d == 1)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(reports.len(), 20);
    assert!(
        outline.iter().filter(|(d, _)| *d == 2).count() >= 115,
        "every section"
    );
}

/// What qpdf reads of the PDF (`qpdf --json --json-key=KEY`).
fn qpdf_json(pdf: &std::path::Path, key: &str) -> serde_json::Value {
    let key = format!("--json-key={key}");
    let json = tools::run("qpdf", &["--json".as_ref(), key.as_ref(), pdf.as_os_str()]);
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_outline_leads_to_the_page_of_each_entry() {
    // the front matter is written after the body and shown before it: every
    // destination must still be the page of its entry
    let (_dir, pdf) = export_volume(&[]);
    let pages = pages(&pdf);
    let outlines = qpdf_json(&pdf, "outlines");
    let mut entries = Vec::new();
    let mut stack: Vec<&serde_json::Value> =
        outlines["outlines"].as_array().unwrap().iter().collect();
    while let Some(item) = stack.pop() {
        entries.push((
            item["title"].as_str().unwrap().to_owned(),
            item["destpageposfrom1"].as_u64().unwrap() as usize,
        ));
        stack.extend(item["kids"].as_array().into_iter().flatten());
    }
    assert!(entries.len() > 140, "{} entries", entries.len());
    for (title, page) in &entries {
        let text = pages[page - 1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(title.as_str()),
            "{title:?} leads to page {page}, which reads {text:.200}"
        );
    }
}

#[test]
fn the_page_labels_are_roman_for_the_front_matter_then_arabic_from_1() {
    let (_dir, pdf) = export_volume(&[]);
    let labels = qpdf_json(&pdf, "pagelabels");
    let ranges: Vec<(u64, String, u64)> = labels["pagelabels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|range| {
            let label = &range["label"];
            (
                range["index"].as_u64().unwrap(),
                label["/S"].as_str().unwrap().to_owned(),
                label["/St"].as_u64().unwrap_or(1),
            )
        })
        .collect();
    // two ranges, not one per page: the title page and contents, then the body
    assert_eq!(ranges.len(), 2, "{ranges:?}");
    assert_eq!(ranges[0], (0, "/r".to_owned(), 1));
    let body = ranges[1].0 as usize;
    assert_eq!(ranges[1], (body as u64, "/D".to_owned(), 1));
    // the body begins with the first report's opening page, numbered 1 at its foot
    let first = lines(&pages(&pdf)[body]).last().map(|l| l.to_string());
    assert_eq!(first.as_deref(), Some("1"));
}

#[test]
fn notes_at_the_foot_stand_on_the_page_of_their_reference() {
    let (_dir, pdf) = export_volume(&["--notes", "page"]);
    let facts = facts(&pdf);
    let mut checked = 0;
    for link in facts
        .links
        .iter()
        .filter(|l| l.alt.as_deref().is_some_and(|a| a.starts_with("Note ")))
    {
        let destination = link.destination.as_ref().unwrap();
        let note_page = facts.destinations[destination];
        assert_eq!(
            note_page, link.page,
            "note {destination} is not on the page that cites it"
        );
        checked += 1;
    }
    assert_eq!(checked, 1263);
    let text = tools::pdftotext(&pdf);
    for file in volume_20() {
        let source = std::fs::read_to_string(file).unwrap();
        let (_, notes) = fidelity::source_words(&source);
        fidelity::assert_in_order("notes", &notes, &fidelity::words(&text));
    }
}

#[test]
fn notes_at_the_end_of_the_book_have_running_heads_naming_their_pages() {
    let (_dir, pdf) = export_volume(&["--notes", "book"]);
    let facts = facts(&pdf);
    assert!(facts.outline.iter().any(|(d, t)| *d == 1 && t == "Notes"));
    let pages = pages(&pdf);
    let heads: Vec<&str> = pages
        .iter()
        .filter_map(|p| lines(p).first().copied())
        .filter(|l| l.starts_with("Notes to page"))
        .collect();
    assert!(heads.len() > 10, "{heads:?}");
    // every note link leads into the notes pages, after the last report's text
    let first_notes_page = pages
        .iter()
        .position(|p| lines(p).first() == Some(&"Notes"))
        .unwrap();
    for link in facts
        .links
        .iter()
        .filter(|l| l.alt.as_deref().is_some_and(|a| a.starts_with("Note ")))
    {
        assert!(facts.destinations[link.destination.as_ref().unwrap()] >= first_notes_page);
    }
}

#[test]
fn every_edition_of_a_book_is_the_same_bytes_twice() {
    let all = ["--to", "pdf,epub,xml,docbook,jats,json", "--notes", "page"];
    let (a, _) = export_volume(&all);
    let (b, _) = export_volume(&all);
    let mut names: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "{names:?}");
    for name in names {
        let first = std::fs::read(a.path().join(&name)).unwrap();
        let second = std::fs::read(b.path().join(&name)).unwrap();
        assert!(first == second, "{name:?} differs between two runs");
    }
}
