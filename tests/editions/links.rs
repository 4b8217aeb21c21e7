//! Links: only `http`, `https` and `mailto` addresses, relative references and
//! `#anchors` are live, in every edition; any other address (`javascript:`, `file:`,
//! `data:`, `vbscript:`, however it is spelt) is kept as the link's text, with one
//! warning, and folio XML still reads back into the same model.

use std::collections::BTreeSet;
use std::path::Path;

use folio_tests::epub::{Epub, assert_epubcheck_clean, tags, text_of_xhtml};
use folio_tests::pdf::facts;
use folio_tests::{export, folio, repo, tools};

/// The links that must not be live: the Markdown destination, the address the model
/// holds, and a word of the link's text.
const UNSAFE: [(&str, &str, &str); 7] = [
    ("javascript:alert(1)", "javascript:alert(1)", "scripted"),
    ("<  JaVaScRiPt:alert(2)>", "  JaVaScRiPt:alert(2)", "spaced"),
    ("java&#9;script:alert(3)", "java\tscript:alert(3)", "tabbed"),
    ("file:///etc/passwd", "file:///etc/passwd", "passwords"),
    (
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:text/html;base64,PHNjcmlwdD4=",
        "inline",
    ),
    ("vbscript:msgbox(1)", "vbscript:msgbox(1)", "basic"),
    ("//evil.example/share", "//evil.example/share", "network"),
];

/// The links that stay live (in the EPUB, the web and mail addresses only).
const SAFE: [(&str, &str); 4] = [
    ("https://www.icbl.org/lm/2001/", "monitor"),
    ("mailto:monitor@icbl.org", "mail"),
    ("annex.html", "annex"),
    ("#mine-action", "anchor"),
];

/// A Markdown report citing every link, one a sentence, then a note with an unsafe link.
fn markdown() -> String {
    let mut md = String::from("# Links\n\n");
    for (destination, _, word) in UNSAFE {
        md.push_str(&format!("An unsafe [{word} link]({destination}) here.\n"));
    }
    for (url, word) in SAFE {
        md.push_str(&format!("A safe [{word} link]({url}) here.\n"));
    }
    md.push_str("\nCited.[^a]\n\n[^a]: A note with a [noted link](javascript:alert(4)).\n");
    md
}

/// Whether `address`, as a reader would read it, names a scheme no link may have.
fn dangerous(address: &str) -> bool {
    let plain: String = address
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "file:", "data:", "//"]
        .iter()
        .any(|scheme| plain.starts_with(scheme))
}

/// The values of attribute `name` in `xml`, entities of tab and line ends resolved.
fn attribute_values(xml: &str, name: &str) -> Vec<String> {
    let key = format!(" {name}=\"");
    xml.match_indices(&key)
        .map(|(at, _)| {
            let rest = &xml[at + key.len()..];
            let value = &rest[..rest.find('"').unwrap()];
            value
                .replace("&#9;", "\t")
                .replace("&#10;", "\n")
                .replace("&#xA;", "\n")
                .replace("&#x9;", "\t")
                .replace("&amp;", "&")
        })
        .collect()
}

fn exported(dir: &Path, suffix: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().ends_with(suffix))
        .unwrap_or_else(|| panic!("no {suffix} in {dir:?}"))
}

#[test]
fn unsafe_links_are_text_in_every_edition_with_one_warning_each() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("links.md");
    std::fs::write(&input, markdown()).unwrap();
    let out = dir.path().join("out");
    let run = folio(&[
        "export",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // one warning for each unsafe link, naming it, and none for a safe one
    for (_, address, _) in UNSAFE.iter().chain([&("", "javascript:alert(4)", "")]) {
        let named = format!("{address:?}");
        assert_eq!(
            run.stderr.matches(&named).count(),
            1,
            "{named} in:\n{}",
            run.stderr
        );
    }
    for (url, _) in SAFE {
        let named = format!("{url:?}");
        let warned = run
            .stderr
            .lines()
            .filter(|l| l.contains(&named) && l.contains("every edition"));
        assert_eq!(warned.count(), 0, "{url} is warned about:\n{}", run.stderr);
    }
    let check = folio(&["check", input.to_str().unwrap()]);
    assert_eq!(check.code, 0);
    assert_eq!(
        check
            .stderr
            .matches("kept as text in every edition")
            .count(),
        8
    );

    // PDF: the safe addresses are the only URI actions; the words are all there
    let pdf = exported(&out, ".pdf");
    let uris: BTreeSet<String> = facts(&pdf)
        .links
        .into_iter()
        .filter_map(|l| l.uri)
        .collect();
    let safe: BTreeSet<String> = SAFE.iter().map(|(url, _)| (*url).to_owned()).collect();
    assert_eq!(uris, safe);
    let qdf = tools::run(
        "qpdf",
        &[
            "--qdf".as_ref(),
            "--object-streams=disable".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    for line in qdf.lines().filter(|l| l.contains("/URI (")) {
        let address = line.split_once("/URI (").unwrap().1.trim_end_matches(')');
        assert!(!dangerous(address), "the PDF links to {address}");
    }
    let text = tools::pdftotext(&pdf);
    for (_, _, word) in UNSAFE {
        assert!(text.contains(&format!("{word} link")), "{word}: {text}");
    }
    assert!(text.contains("noted link"));

    // DocBook and JATS: no live address but the safe ones; the words are there
    for suffix in [".docbook.xml", ".jats.xml"] {
        let xml = std::fs::read_to_string(exported(&out, suffix)).unwrap();
        let hrefs: BTreeSet<String> = attribute_values(&xml, "xlink:href").into_iter().collect();
        assert_eq!(hrefs, safe, "{suffix}");
        for (_, _, word) in UNSAFE {
            assert!(xml.contains(&format!("{word} link")), "{suffix}: {word}");
        }
    }

    // folio XML: an unsafe address is kept for the model, as `unsafe-url`, never `url`
    let folio_xml_path = exported(&out, "links.xml");
    let folio_xml = std::fs::read_to_string(&folio_xml_path).unwrap();
    let urls: BTreeSet<String> = attribute_values(&folio_xml, "url").into_iter().collect();
    assert_eq!(urls, safe);
    let kept: BTreeSet<String> = attribute_values(&folio_xml, "unsafe-url")
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = UNSAFE
        .iter()
        .map(|(_, address, _)| (*address).to_owned())
        .chain(["javascript:alert(4)".to_owned()])
        .collect();
    assert_eq!(kept, expected);
    let schema = repo().join("crates/folio-xml/schema/folio.rnc");
    tools::run(
        "jing",
        &[
            "-c".as_ref(),
            schema.as_os_str(),
            folio_xml_path.as_os_str(),
        ],
    );
    // ... and reads back into the same model, and out again as the same bytes
    let json = std::fs::read_to_string(exported(&out, ".json")).unwrap();
    let again = export(&folio_xml_path, &["--to", "xml,json"]);
    assert_eq!(
        std::fs::read_to_string(exported(again.path(), ".json")).unwrap(),
        json
    );
    assert_eq!(
        std::fs::read_to_string(exported(again.path(), "links.xml")).unwrap(),
        folio_xml
    );

    // EPUB: as before, only web and mail addresses are links; the rest is text
    let epub_path = exported(&out, ".epub");
    let epub = Epub::open(&epub_path);
    let mut hrefs = BTreeSet::new();
    let mut text = String::new();
    for (_, xhtml) in epub.xhtml() {
        text.push_str(&text_of_xhtml(xhtml));
        hrefs.extend(
            tags(xhtml, "a")
                .into_iter()
                .filter_map(|a| a.get("href").cloned())
                // addresses out of the book, not its own files and notes
                .filter(|h| h.contains(':')),
        );
    }
    let web: BTreeSet<String> = SAFE[..2].iter().map(|(url, _)| (*url).to_owned()).collect();
    assert_eq!(hrefs, web);
    for (_, _, word) in UNSAFE {
        assert!(text.contains(&format!("{word} link")), "EPUB: {word}");
    }
    assert_epubcheck_clean(&epub_path);
}

/// A model with unsafe addresses in the places Markdown cannot put them (a related
/// report's target, the summary): kept as text, and through folio XML back into the
/// same model.
#[test]
fn unsafe_targets_of_related_reports_are_text_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let model = serde_json::json!({
        "format": "folio-model", "version": 1,
        "meta": {"title": "Related", "language": "en"},
        "reports": [{"id": "r", "title": "Related",
            "summary": {"blocks": [{"type": "paragraph", "content": [
                {"type": "link", "url": "VBScript:x", "content": [
                    {"type": "text", "text": "summary link"}]}]}]},
            "related": [
                {"text": "Unsafe report", "target": "javascript:alert(5)"},
                {"text": "Web report", "target": "https://example.org/r"}],
            "body": [{"type": "paragraph", "content": [{"type": "text", "text": "Body."}]}],
            "endnotes": []}]
    });
    let input = dir.path().join("related.json");
    std::fs::write(&input, model.to_string()).unwrap();
    let out = dir.path().join("out");
    let run = folio(&[
        "export",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("\"javascript:alert(5)\"").count(), 1);
    assert_eq!(run.stderr.matches("\"VBScript:x\"").count(), 1);
    for suffix in [".docbook.xml", ".jats.xml"] {
        let xml = std::fs::read_to_string(exported(&out, suffix)).unwrap();
        let hrefs = attribute_values(&xml, "xlink:href");
        assert_eq!(hrefs, ["https://example.org/r"], "{suffix}");
        assert!(xml.contains("Unsafe report") && xml.contains("summary link"));
    }
    let folio_xml_path = exported(&out, "related.xml");
    let folio_xml = std::fs::read_to_string(&folio_xml_path).unwrap();
    assert_eq!(
        attribute_values(&folio_xml, "unsafe-target"),
        ["javascript:alert(5)"]
    );
    assert_eq!(
        attribute_values(&folio_xml, "target"),
        ["https://example.org/r"]
    );
    assert_eq!(attribute_values(&folio_xml, "unsafe-url"), ["VBScript:x"]);
    let pdf = exported(&out, ".pdf");
    assert!(facts(&pdf).links.iter().all(|l| l.uri.is_none()));
    let epub = Epub::open(&exported(&out, ".epub"));
    let hrefs: Vec<String> = epub
        .xhtml()
        .into_iter()
        .flat_map(|(_, xhtml)| tags(xhtml, "a"))
        .filter_map(|a| a.get("href").cloned())
        .filter(|h| dangerous(h))
        .collect();
    assert!(hrefs.is_empty(), "{hrefs:?}");
    let json = std::fs::read_to_string(exported(&out, ".json")).unwrap();
    let again = export(&folio_xml_path, &["--to", "json"]);
    assert_eq!(
        std::fs::read_to_string(exported(again.path(), ".json")).unwrap(),
        json
    );
}
