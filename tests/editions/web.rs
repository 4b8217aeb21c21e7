//! The web edition (`--to html`), read back from the files it writes: every word and
//! note of the source in the site's text, in order; notes linked both ways; ids unique
//! across the site; the same bytes for the same input; fonts that browsers accept; one
//! self-contained file with `--html-single`. `web_browser.rs` opens the sites in
//! Chromium.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use folio_tests::epub::{tags, text_of_xhtml};
use folio_tests::{export, fidelity, fixture, sample, sources, tools, try_export, volume_20};

/// A site written by `folio export INPUTS --to html ARGS`: its folder and its files.
pub(crate) struct Site {
    pub _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// Exports `inputs` with `args` (after `--to html`).
    pub(crate) fn export(inputs: &[PathBuf], args: &[&str]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec!["export".to_owned()];
        all.extend(inputs.iter().map(|p| p.to_str().unwrap().to_owned()));
        all.extend(["--to", "html", "-o"].map(str::to_owned));
        all.push(dir.path().to_str().unwrap().to_owned());
        all.extend(args.iter().map(|a| (*a).to_owned()));
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = folio_tests::folio(&refs);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let folders: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(folders.len(), 1, "one site folder: {folders:?}");
        let root = folders[0].clone();
        Site { _dir: dir, root }
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Every file of the site, by path relative to its folder, with its bytes.
    pub(crate) fn files(&self) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let name = path.strip_prefix(root).unwrap().to_str().unwrap();
                    out.insert(name.replace('\\', "/"), std::fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.root, &self.root, &mut out);
        out
    }

    /// The report pages, in the order the contents list them.
    pub(crate) fn report_pages(&self) -> Vec<String> {
        let index = self.read("index.html");
        let contents = &index[index.find("<nav class=\"contents\"").unwrap()..];
        let mut pages = Vec::new();
        for a in tags(contents, "a") {
            let href = &a["href"];
            if !href.contains('#') && !pages.contains(href) {
                pages.push(href.clone());
            }
        }
        pages
    }

    /// The text of the site in reading order: each report's page, in the contents'
    /// order, without the site's own parts (header, links between reports).
    pub(crate) fn text(&self) -> String {
        self.report_pages()
            .iter()
            .map(|page| {
                let html = self.read(page);
                let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
                text_of_xhtml(&format!("<body>{main}"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn every_word_and_note_of_the_sample_reaches_the_site_in_order() {
    let site = Site::export(&[sample()], &[]);
    let source = std::fs::read_to_string(sample()).unwrap();
    fidelity::assert_nothing_lost(&source, &site.text());
    // and the page's own text, header and all, has them too (nothing hidden from a
    // reader without the stylesheet)
    let page = site.read(&site.report_pages()[0]);
    fidelity::assert_nothing_lost(&source, &text_of_xhtml(&page));
}

#[test]
fn every_word_and_note_of_the_volume_reaches_the_site_in_order() {
    let files = volume_20();
    let site = Site::export(&files, &["--title", "Landmine Monitor Report 2001"]);
    assert_eq!(site.report_pages().len(), 20);
    fidelity::assert_nothing_lost(&sources(&files), &site.text());
}

#[test]
fn pages_are_semantic_html_with_notes_linked_both_ways() {
    let site = Site::export(&[sample()], &["--base-url", "https://example.org/monitor"]);
    let index = site.read("index.html");
    assert!(index.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(index.contains("<link rel=\"canonical\" href=\"https://example.org/monitor/\">"));
    // an address that is not one is refused, as the manifest's is, and nothing written
    let (out, run) = try_export(&sample(), &["--to", "html", "--base-url", "javascript:x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not a web address"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(out.path()).map_or(0, |d| d.count()), 0);
    let name = &site.report_pages()[0];
    let page = site.read(name);
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"https://example.org/monitor/{name}\">"
    )));
    for part in [
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta name=\"description\" content=\"The leaders of North Korea",
        "<title>North Korea</title>",
        "<main id=\"main\">\n<article aria-labelledby=",
        "role=\"doc-abstract\"",
        "<section aria-labelledby=\"north-korea-s1\">\n<h2 id=\"north-korea-s1\">Mine Ban Policy</h2>",
        "role=\"doc-endnotes\"",
        "<nav class=\"pager\" aria-label=\"Reports\">",
        "<form class=\"search\" role=\"search\" hidden>",
        "class=\"note-popover\" popover role=\"dialog\"",
    ] {
        assert!(page.contains(part), "{part}");
    }
    assert!(!page.contains("epub:type") && !page.contains("xml:lang") && !page.contains("/>"));
    // every reference leads to its note, and the note back to every reference
    let refs = tags(&page, "a")
        .into_iter()
        .filter(|a| a.get("role").is_some_and(|r| r == "doc-noteref"))
        .collect::<Vec<_>>();
    assert_eq!(refs.len(), 18);
    let ids: HashSet<String> = tags_with_ids(&page);
    for r in &refs {
        let note = r["href"].strip_prefix('#').unwrap();
        assert!(ids.contains(note), "{note}");
        let back = format!("href=\"#{}\"", r["id"]);
        let at = page.find(&format!("<li id=\"{note}\"")).unwrap();
        let end = at + page[at..].find("</li>").unwrap();
        assert!(
            page[at..end].contains(&back) && page[at..end].contains("role=\"doc-backlink\""),
            "{}",
            &page[at..end]
        );
    }
}

/// The ids of every element of `html`.
fn tags_with_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        let value = &rest[at + 5..];
        let end = value.find('"').unwrap();
        assert!(
            ids.insert(value[..end].to_owned()),
            "the id {:?} is used twice",
            &value[..end]
        );
        rest = &value[end..];
    }
    ids
}

#[test]
fn every_id_is_unique_across_the_site_and_every_link_lands() {
    let files = volume_20();
    let site = Site::export(&files, &["--title", "Landmine Monitor Report 2001"]);
    // the site read once: its files, and its pages as text
    let site_files = site.files();
    let pages: Vec<(&String, String)> = site_files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes.clone()).unwrap()))
        .collect();
    let mut all = HashSet::new();
    let mut ids_of: BTreeMap<&str, HashSet<String>> = BTreeMap::new();
    for (name, html) in &pages {
        let ids = tags_with_ids(html);
        for id in &ids {
            // the pages' own parts (header, main, search) are the same on every page;
            // the reports' ids are each on one page
            let shared = [
                "main",
                "search",
                "search-results",
                "search-results-status",
                "note-popover",
            ];
            if !shared.contains(&id.as_str()) {
                assert!(all.insert(id.clone()), "{id} on two pages");
            }
        }
        ids_of.insert(name.as_str(), ids);
    }
    for (name, html) in &pages {
        for a in tags(html, "a") {
            let href = &a["href"];
            let (file, id) = href.split_once('#').unwrap_or((href, ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            let ids = ids_of
                .get(file)
                .unwrap_or_else(|| panic!("{name}: {href} leads to no page"));
            assert!(
                id.is_empty() || ids.contains(id),
                "{name}: {href} lands nowhere"
            );
        }
        for script in ["style.css", "folio.js"] {
            assert!(html.contains(&format!("\"{script}\"")), "{name}");
        }
    }
    for file in [
        "style.css",
        "folio.js",
        "search-index.json",
        "search-index.js",
        "fonts/OFL.txt",
    ] {
        assert!(site_files.contains_key(file), "{file}");
    }
    // the previous and next reports, and the contents
    let pages = site.report_pages();
    let second = site.read(&pages[1]);
    assert!(second.contains(&format!("<a rel=\"prev\" href=\"{}\">", pages[0])));
    assert!(second.contains(&format!("<a rel=\"next\" href=\"{}\">", pages[2])));
    assert!(second.contains("<a href=\"index.html\">Contents</a>"));
}

#[test]
fn the_same_input_gives_the_same_site() {
    let first = Site::export(&[sample()], &[]);
    let second = Site::export(&[sample()], &[]);
    assert_eq!(first.files(), second.files());
    let files = volume_20();
    let a = Site::export(&files, &["--title", "Monitor"]);
    let b = Site::export(&files, &["--title", "Monitor"]);
    assert_eq!(a.files(), b.files());
}

#[test]
fn the_fonts_are_woff2_subsets_that_browsers_accept() {
    let site = Site::export(&[sample()], &[]);
    let files = site.files();
    let fonts: Vec<&String> = files.keys().filter(|k| k.ends_with(".woff2")).collect();
    assert_eq!(fonts.len(), 4, "{fonts:?}");
    let css = site.read("style.css");
    for font in &fonts {
        let bytes = &files[*font];
        assert!(bytes.starts_with(b"wOF2"), "{font}");
        assert!(bytes.len() < 40_000, "{font}: {} bytes", bytes.len());
        // the sanitizer Chromium and Firefox run on every web font
        tools::ots_sanitize(&site.root.join(font)).unwrap_or_else(|e| panic!("{font}: {e}"));
        assert!(
            css.contains(&format!("url(\"{font}\") format(\"woff2\")")),
            "{font}"
        );
    }
    // a font cut short is refused, so the check can fail
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.woff2");
    let whole = &files[fonts[0]];
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    assert!(tools::ots_sanitize(&cut).is_err());
    // without the fonts: no font files, no @font-face, the same text
    let bare = Site::export(&[sample()], &["--no-embed-fonts"]);
    assert!(!bare.files().keys().any(|k| k.starts_with("fonts/")));
    assert!(!bare.read("style.css").contains("@font-face"));
}

#[test]
fn one_report_makes_one_self_contained_file_with_html_single() {
    let dir = export(&sample(), &["--to", "html", "--html-single"]);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["north-korea.html"]);
    let page = std::fs::read_to_string(dir.path().join("north-korea.html")).unwrap();
    assert!(page.contains("<style>") && page.contains("<script>\n"));
    assert!(page.contains("src: url(\"data:font/woff2;base64,d09GMg"));
    assert!(!page.contains("href=\"style.css\"") && !page.contains("src=\"folio.js\""));
    assert!(!page.contains("<form"), "no search in one page");
    let source = std::fs::read_to_string(sample()).unwrap();
    fidelity::assert_nothing_lost(&source, &text_of_xhtml(&page));
    // several reports cannot be one file: an error that says why, and nothing written
    let files = volume_20();
    let inputs: Vec<&Path> = files.iter().take(2).map(PathBuf::as_path).collect();
    let (out, run) = try_export(
        inputs[0],
        &[inputs[1].to_str().unwrap(), "--to", "html", "--html-single"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds one report"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(out.path()).map_or(0, |d| d.count()), 0);
}

#[test]
fn figures_and_tables_reach_the_site_with_their_images() {
    let site = Site::export(&[fixture("figures.md")], &[]);
    let files = site.files();
    let page = site.read(&site.report_pages()[0]);
    let images = tags(&page, "img");
    assert!(!images.is_empty());
    for img in images {
        let src = &img["src"];
        assert!(files.contains_key(src), "{src}");
        assert!(img.contains_key("alt"));
    }
    assert!(page.contains("<figure") && page.contains("<figcaption>"));
    let tables = Site::export(&[fixture("tables.md")], &[]);
    let page = tables.read(&tables.report_pages()[0]);
    assert!(page.contains("<table") && page.contains("<th scope=\"col\""));
    // every cell's words, in order
    let source = std::fs::read_to_string(fixture("tables.md")).unwrap();
    let cells: String = source
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("|:"))
        .map(|line| {
            line.replace("[^killed]", "")
                .replace("[^est]", "")
                .replace("[^survey]", "")
                .replace("[^stock]", "")
        })
        .collect::<Vec<_>>()
        .join("\n");
    fidelity::assert_in_order(
        "cells",
        &fidelity::words(&cells),
        &fidelity::words(&tables.text()),
    );
}

#[test]
fn a_right_to_left_report_s_page_is_marked_so() {
    let site = Site::export(&[fixture("rtl/arabic.md")], &[]);
    let page = site.read(&site.report_pages()[0]);
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &page[..80]
    );
}

#[test]
fn the_search_index_finds_each_report_by_its_words() {
    let files = volume_20();
    let site = Site::export(&files, &["--title", "Monitor"]);
    let index = site.read("search-index.json");
    let wrapped = site.read("search-index.js");
    assert_eq!(wrapped, format!("folioSearchIndex({index});\n"));
    let json: serde_json::Value = serde_json::from_str(&index).unwrap();
    let docs = json["docs"].as_array().unwrap();
    let words = json["words"].as_object().unwrap();
    // each report's title word leads to a place on that report's page
    for page in site.report_pages() {
        let html = site.read(&page);
        let title = html[html.find("<h1").unwrap()..].split_once('>').unwrap().1;
        let title = &title[..title.find("</h1>").unwrap()];
        let word = fidelity::words(title)[0].to_lowercase();
        let mut place = 0;
        let places: Vec<u64> = words[&word]
            .as_array()
            .unwrap()
            .iter()
            .map(|gap| {
                place += gap.as_u64().unwrap();
                place
            })
            .collect();
        assert!(
            places
                .iter()
                .any(|&p| docs[p as usize][0].as_str().unwrap().starts_with(&page)),
            "{word} does not lead to {page}"
        );
    }
}
