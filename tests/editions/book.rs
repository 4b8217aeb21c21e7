//! Publications of many reports as a PDF book: title page, contents, running heads, note
//! placement; checked on the real file.

use std::path::PathBuf;

use folio_tests::pdf::facts;
use folio_tests::{fidelity, fixture, folio, tools};

fn volume() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("volume-20"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Exports the 20-report volume to PDF with extra `args`; the folder and the PDF's path.
fn export_volume(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let files = volume();
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
    let titles: Vec<String> = volume()
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
    for file in volume() {
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
