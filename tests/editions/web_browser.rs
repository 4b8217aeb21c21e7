//! The web edition in a real browser: Debian's Chromium, headless, driven by
//! playwright-core (`tests/browser/check.mjs`, through `folio_tests::browser`), with
//! axe-core injected into every page and the Nu HTML Checker run on every page. One
//! browser at a time (the checks are slow, and the machines have two cores).
//! Screenshots of every page at 412×915 and 1280×800 go to
//! `target/web-screenshots/<site>/` on every run.

use std::path::PathBuf;
use std::sync::Mutex;

use folio_tests::browser::{SiteReport, check_site};
use folio_tests::{fidelity, repo, sample, volume_20};

use crate::web::Site;

/// One browser at a time.
static BROWSER: Mutex<()> = Mutex::new(());

/// Where the screenshots of site `name` go: kept after the run, as its artefacts.
fn shots(name: &str) -> PathBuf {
    let dir = repo().join("target/web-screenshots").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(site: &Site, name: &str, search: &str) -> SiteReport {
    let _one = BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    check_site(&site.root, &shots(name), Some(search))
}

/// What every site must show: no console error, no failed request, no axe violation,
/// no Nu HTML Checker error, every note test passed (with scripts, without, from files),
/// and screenshots of every page at both sizes.
fn assert_clean(report: &SiteReport, pages: usize) {
    let errors = report.errors();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report.pages.len(), pages);
    for page in &report.pages {
        assert_eq!(page.screenshots.len(), 2, "{}", page.file);
        for shot in &page.screenshots {
            assert!(std::path::Path::new(&shot.path).is_file(), "{shot:?}");
        }
    }
}

#[test]
fn the_sample_s_site_reads_pops_up_its_notes_and_searches_in_chromium() {
    let site = Site::export(&[sample()], &[]);
    let report = check(&site, "sample", "landmine");
    assert_clean(&report, 2);
    let page = report.page(&site.report_pages()[0]);
    assert_eq!(page.lang.as_deref(), Some("en"));
    assert_eq!(page.dir.as_deref(), Some("ltr"));
    assert_eq!(page.note_refs, 18);
    // a click on a reference shows its note in place, with no page change; Escape
    // closes it with focus back on the reference; its back-link returns there
    assert_eq!(page.note_tests.len(), 2, "at 1280×800 and at 412×915");
    for test in &page.note_tests {
        assert!(
            test.same_page && test.popover_open && test.popover_has_note_text,
            "{test:?}"
        );
        assert!(
            test.popover_in_viewport && test.focus_in_popover,
            "{test:?}"
        );
        assert_eq!(test.closed_on_escape, Some(true), "{test:?}");
        assert_eq!(test.focus_returned, Some(true), "{test:?}");
        assert_eq!(test.backlink_returns, Some(true), "{test:?}");
        assert_eq!(test.popover_closed_after_backlink, Some(true), "{test:?}");
    }
    // without scripts the reference leads to the note
    let no_script = page.no_script.as_ref().unwrap();
    assert_eq!(no_script.hash_is_href, Some(true), "{no_script:?}");
    assert_eq!(no_script.note_in_viewport, Some(true), "{no_script:?}");
    // every word and note of the source, in the order a reader meets them
    let source = std::fs::read_to_string(sample()).unwrap();
    fidelity::assert_nothing_lost(&source, &page.text);
    // the search lists the report's places that hold the word, over HTTP and from files
    let search = report.search.as_ref().unwrap();
    for run in [&search.server, &search.file_url] {
        let run = run.as_ref().unwrap();
        assert!(
            run.results
                .iter()
                .any(|r| r.href.starts_with("report-north-korea.html")),
            "{run:?}"
        );
    }
}

#[test]
fn the_volume_s_site_is_valid_accessible_and_finds_each_report_in_chromium() {
    let files = volume_20();
    let site = Site::export(&files, &["--title", "Landmine Monitor Report 2001"]);
    let pages = site.report_pages();
    // the last report's title word, which its page holds
    let last = std::fs::read_to_string(site.root.join(&pages[19])).unwrap();
    let title = last[last.find("<h1").unwrap()..].split_once('>').unwrap().1;
    let word = fidelity::words(&title[..title.find("</h1>").unwrap()])[0].clone();
    let report = check(&site, "volume-20", &word);
    assert_clean(&report, 21);
    let search = report.search.as_ref().unwrap();
    let found = &search.server.as_ref().unwrap().results;
    assert!(
        found.iter().any(|r| r.href.starts_with(&pages[19])),
        "{word}: {found:?}"
    );
    // nothing lost, page by page in the contents' order
    let text: Vec<&str> = pages.iter().map(|p| report.page(p).text.as_str()).collect();
    let sources: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    fidelity::assert_nothing_lost(&sources.join("\n"), &text.join("\n"));
}

#[test]
fn a_site_of_tables_figures_and_an_arabic_report_passes_in_chromium() {
    let site = Site::export(
        &[
            folio_tests::fixture("figures.md"),
            folio_tests::fixture("tables.md"),
            folio_tests::fixture("rtl/arabic.md"),
        ],
        &["--title", "Tables, figures and Arabic"],
    );
    let report = check(&site, "tables-figures-arabic", "casualties");
    assert_clean(&report, 4);
    let pages = site.report_pages();
    let arabic = report.page(&pages[2]);
    assert_eq!(arabic.lang.as_deref(), Some("ar"));
    assert_eq!(arabic.dir.as_deref(), Some("rtl"));
    // a wide table scrolls in its own box: no page scrolls sideways on a phone
    for page in &report.pages {
        for shot in &page.screenshots {
            assert!(shot.scroll_width <= shot.width, "{}: {shot:?}", page.file);
        }
    }
}
