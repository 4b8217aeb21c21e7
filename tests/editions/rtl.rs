//! Right-to-left scripts (issue 27): Arabic, Hebrew and Urdu reports, alone and in an
//! English volume, through every edition, with Debian's Noto fonts (fonts-noto-core,
//! which `.ci/run` installs). The PDF's text is read back with pdftotext and its lines
//! measured from the glyph positions; the EPUB is checked by EPUBCheck and its XHTML
//! read; the XML editions by jing and read back.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use folio_tests::epub::{Epub, assert_epubcheck_clean, text_of_xhtml};
use folio_tests::pdf::{fonts, overfull_lines};
use folio_tests::{export, fidelity, fixture, folio, repo, tools, try_export};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A font of Debian's fonts-noto-core.
fn noto(file: &str) -> PathBuf {
    let path = Path::new("/usr/share/fonts/truetype/noto").join(file);
    assert!(
        path.exists(),
        "{} is missing: install fonts-noto-core (.ci/run does)",
        path.display()
    );
    path
}

const NASKH: &str = "NotoNaskhArabic-Regular.ttf";
const HEBREW: &str = "NotoSerifHebrew-Regular.ttf";
const NASTALIQ: &str = "NotoNastaliqUrdu-Regular.ttf";

/// `--font` for Arabic and Hebrew, and `more` after them.
fn with_fonts(more: &[&str]) -> Vec<String> {
    let mut args = Vec::new();
    for font in [NASKH, HEBREW] {
        args.push("--font".to_owned());
        args.push(noto(font).to_str().unwrap().to_owned());
    }
    args.extend(more.iter().map(|&a| a.to_owned()));
    args
}

fn args(owned: &[String]) -> Vec<&str> {
    owned.iter().map(String::as_str).collect()
}

/// The one edition with `extension` in `dir` (`.xml` is folio XML's).
fn output(dir: &Path, extension: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            name.ends_with(extension)
                && !name.ends_with(&format!(".docbook{extension}"))
                && !name.ends_with(&format!(".jats{extension}"))
        })
        .unwrap_or_else(|| panic!("no {extension} file in {}", dir.display()))
}

/// The Arabic report exported with the fonts and `more` arguments.
fn arabic(more: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = export(&fixture("rtl/arabic.md"), &args(&with_fonts(more)));
    let pdf = output(dir.path(), ".pdf");
    (dir, pdf)
}

/// The words of the Arabic Markdown fixture in reading order: its front matter left
/// out, and its table's caption (set above the table, written under it).
fn arabic_words() -> (Vec<String>, Vec<String>) {
    let source = std::fs::read_to_string(fixture("rtl/arabic.md")).unwrap();
    let body = source.splitn(3, "---\n").nth(2).unwrap();
    let (text, caption): (Vec<&str>, Vec<&str>) =
        body.lines().partition(|line| !line.starts_with("Table:"));
    (
        fidelity::words(&text.join("\n")),
        fidelity::words(&caption.join("\n")),
    )
}

/// Runs of letters or digits, NFKC-normalised and lowercased: words and numbers.
fn tokens(text: &str) -> Vec<String> {
    text.nfkc()
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `words` without their combining marks (Arabic harakat, Hebrew points). Drawn right
/// to left, a letter's mark comes after the letter in the content stream, where
/// poppler joins it to the letter, but pdftotext then turns the word round character
/// by character and sets the mark after the letter before: the letters come out as
/// typed, their marks one letter off (the marks themselves are checked apart).
fn bare(words: Vec<String>) -> Vec<String> {
    words
        .into_iter()
        .map(|w| w.chars().filter(|&c| !is_combining_mark(c)).collect())
        .collect()
}

#[test]
fn the_arabic_report_is_pdf_ua_and_gives_every_word_as_typed_in_order() {
    let (_dir, pdf) = arabic(&["--to", "pdf", "--pdf-standard", "ua1"]);
    let text = tools::pdftotext(&pdf);
    assert!(!text.contains('\u{fffd}'), "{text}");
    let (words, caption) = arabic_words();
    let extracted = bare(fidelity::words(&text));
    fidelity::assert_in_order("arabic", &bare(words.clone()), &extracted);
    fidelity::assert_in_order("caption", &bare(caption.clone()), &extracted);
    // MuPDF reads glyphs in the order they are drawn: logical order, marks and all
    let mupdf = tools::mutool_text(&pdf);
    let extracted = fidelity::words(&mupdf);
    fidelity::assert_in_order("arabic (mutool)", &words, &extracted);
    fidelity::assert_in_order("caption (mutool)", &caption, &extracted);
    // the shadda of ويقدّر and the damma of زُرعت are there
    assert!(
        text.contains('\u{651}') && text.contains('\u{64f}'),
        "{text}"
    );
    // numbers and Latin words inside Arabic keep their order, and their place
    let mixed = "وقالت منظمة Human Rights Watch في تقريرها لعام 2001 إن الألغام ما زالت تقتل \
                 المدنيين في الجنوب. ويقدّر الجيش اللبناني أن أكثر من 130000 لغم";
    fidelity::assert_in_order("mixed", &bare(tokens(mixed)), &bare(tokens(&text)));
    assert!(text.contains("Human Rights Watch"), "{text}");
    for number in ["1997", "2001", "130000", "4500", "9800", "412"] {
        assert!(text.contains(number), "{number} in {text}");
    }
    // every font embedded, as a subset with its map to Unicode
    let rows = fonts(&pdf);
    assert!(
        rows.iter().any(|row| row.name.contains("NotoNaskhArabic")),
        "{rows:?}"
    );
    for row in rows {
        assert!(row.embedded && row.subset && row.unicode, "{row:?}");
    }
    let (over, lines) = overfull_lines(&pdf);
    assert!(lines > 20);
    assert_eq!(over, 0, "{over} of {lines} lines stick out");
}

/// A word as `pdftotext -bbox-layout` finds it: its extent and its characters, in the
/// order they are drawn (from the left).
#[derive(Debug)]
struct Word {
    x_min: f64,
    x_max: f64,
    text: String,
}

/// The lines of page `page` (from 1), each a list of words, from `pdftotext
/// -bbox-layout`. Right-to-left letters are drawn in logical order, each to the left of
/// the one before, which poppler takes for words of a letter each: letters that touch
/// are joined again into the word they are (its letters from the left).
fn lines_of_page(pdf: &Path, page: usize) -> Vec<Vec<Word>> {
    let number = page.to_string();
    let xml = tools::run(
        "pdftotext",
        &[
            "-bbox-layout".as_ref(),
            "-f".as_ref(),
            number.as_ref(),
            "-l".as_ref(),
            number.as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    let attribute = |chunk: &str, name: &str| -> f64 {
        let start = chunk.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + chunk[start..].find('"').unwrap();
        chunk[start..end].parse().unwrap()
    };
    xml.split("<line ")
        .skip(1)
        .map(|line| {
            let line = &line[..line.find("</line>").unwrap_or(line.len())];
            let mut words: Vec<Word> = Vec::new();
            for word in line.split("<word ").skip(1) {
                let word = Word {
                    x_min: attribute(word, "xMin"),
                    x_max: attribute(word, "xMax"),
                    text: word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()]
                        .to_owned(),
                };
                match words.last_mut() {
                    Some(last) if (word.x_min - last.x_max).abs() < 0.3 => {
                        last.x_max = last.x_max.max(word.x_max);
                        last.text.push_str(&word.text);
                    }
                    _ => words.push(word),
                }
            }
            words
        })
        .collect()
}

/// The line of `lines` holding `word` (as typed: pdftotext gives a right-to-left word's
/// letters from the left, so in reverse).
fn line_with<'l>(lines: &'l [Vec<Word>], word: &str) -> &'l [Word] {
    let drawn: String = word.chars().rev().collect();
    lines
        .iter()
        .find(|line| {
            line.iter()
                .any(|w| w.text.contains(&drawn) || w.text.contains(word))
        })
        .unwrap_or_else(|| panic!("no line holds {word}: {lines:?}"))
}

fn right(line: &[Word]) -> f64 {
    line.iter().map(|w| w.x_max).fold(f64::MIN, f64::max)
}

fn left(line: &[Word]) -> f64 {
    line.iter().map(|w| w.x_min).fold(f64::MAX, f64::min)
}

#[test]
fn right_to_left_lines_end_flush_at_the_right_margin_with_markers_and_numbers_there() {
    let (_dir, pdf) = arabic(&["--to", "pdf"]);
    // the report's page: after the title page and the contents
    let lines = lines_of_page(&pdf, 3);
    // the text block's right edge: where the title and the justified lines end
    let edge = right(line_with(&lines, "لبنان"));
    let lowest_left = lines.iter().map(|line| left(line)).fold(f64::MAX, f64::min);
    // a paragraph after a paragraph: its first line indented from the right, its last
    // line flush right and ragged on the left
    let first = line_with(&lines, "وقالت");
    assert!(
        (right(first) - (edge - 12.0)).abs() < 0.6,
        "the first line ends at {} (the edge {edge})",
        right(first)
    );
    assert!(
        (left(first) - lowest_left).abs() < 0.6,
        "justified: {first:?}"
    );
    let last = line_with(&lines, "طويلة");
    assert!(
        (right(last) - edge).abs() < 0.6,
        "the last line ends at {}",
        right(last)
    );
    assert!(
        left(last) > lowest_left + 30.0,
        "ragged on the left: {last:?}"
    );
    // a justified line of the paragraph before ends there too
    let justified = line_with(&lines, "ينضم");
    assert!((right(justified) - edge).abs() < 0.6);
    // no line starts left of the text block or ends right of it
    for line in &lines {
        assert!(right(line) <= edge + 0.6, "{line:?} passes the edge {edge}");
    }
    // a list item's marker hangs right of its text, which is set in from the right
    let item = line_with(&lines, "تطهير");
    let marker = item
        .iter()
        .find(|w| w.text.chars().any(|c| c.is_ascii_digit()))
        .unwrap();
    let text_right = item
        .iter()
        .filter(|w| !std::ptr::eq(*w, marker))
        .map(|w| w.x_max)
        .fold(f64::MIN, f64::max);
    assert!(marker.x_min > text_right, "{item:?}");
    assert!(
        text_right < edge - 10.0 && marker.x_max <= edge + 0.6,
        "{item:?}"
    );
    // a note's number hangs right of the note's text
    let note = line_with(&lines, "بيان");
    let number = note.iter().find(|w| w.text == "2").unwrap();
    assert!(
        note.iter()
            .all(|w| std::ptr::eq(w, number) || w.x_max < number.x_min)
    );
    // the table's first column is on the right
    let head = line_with(&lines, "المنطقة");
    let first_column = head.iter().find(|w| w.text == "ةقطنملا").unwrap();
    assert!(
        head.iter().all(|w| w.x_max <= first_column.x_max + 0.1),
        "{head:?}"
    );
}

#[test]
fn the_hebrew_report_is_pdf_ua_and_its_words_read_in_order() {
    let source = fixture("rtl/hebrew.txt");
    let dir = export(
        &source,
        &args(&with_fonts(&["--title", "ישראל", "--pdf-standard", "ua1"])),
    );
    let pdf = output(dir.path(), ".pdf");
    let text = tools::pdftotext(&pdf);
    let words = fidelity::words(&std::fs::read_to_string(&source).unwrap());
    fidelity::assert_in_order("hebrew", &words, &fidelity::words(&text));
    let mixed = "לפי ארגון Landmine Monitor, בשנת 2000 נפגעו 12 אזרחים ממוקשים";
    fidelity::assert_in_order("mixed", &tokens(mixed), &tokens(&text));
    let mupdf = tools::mutool_text(&pdf);
    fidelity::assert_in_order("hebrew (mutool)", &words, &fidelity::words(&mupdf));
    fidelity::assert_in_order("mixed (mutool)", &tokens(mixed), &tokens(&mupdf));
    assert!(text.contains("שלום") || text.contains("ישראל"));
    assert!(!text.contains('\u{fffd}'));
    let (over, _) = overfull_lines(&pdf);
    assert_eq!(over, 0);
}

#[test]
fn the_issue_s_report_extracts_and_is_pdf_ua_and_without_fonts_says_so_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    std::fs::write(
        &report,
        "Key developments since May 2000: مرحبا بالعالم.[1] שלום עולם.[2]\n\nSection\n\n\
         שלום עולם again.[1]\n\n[1] حاشية.\n[2] הערה.\n",
    )
    .unwrap();
    let out = export(
        &report,
        &args(&with_fonts(&["--to", "pdf", "--pdf-standard", "ua1"])),
    );
    let pdf = output(out.path(), ".pdf");
    for text in [tools::pdftotext(&pdf), tools::mutool_text(&pdf)] {
        assert!(!text.contains('\u{fffd}'), "{text}");
        for word in ["שלום", "עולם", "مرحبا", "بالعالم", "حاشية", "הערה", "again"]
        {
            assert!(
                text.nfkc().collect::<String>().contains(word),
                "{word} in {text}"
            );
        }
    }
    // no font for Hebrew and Arabic: PDF/UA cannot be met, and the message names the
    // characters, not a debug dump
    let (_out, run) = try_export(&report, &["--to", "pdf", "--pdf-standard", "ua1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no font can show U+"), "{}", run.stderr);
    assert!(run.stderr.contains("'ש'"), "{}", run.stderr);
    for dump in ["NoCodepointMapping", "Font {", "GlyphId("] {
        assert!(!run.stderr.contains(dump), "{}", run.stderr);
    }
    // and without a standard asked for, a tagged PDF and a warning
    let (_out, run) = try_export(&report, &["--to", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no font can show"), "{}", run.stderr);
}

#[test]
fn the_epub_of_an_arabic_book_is_right_to_left_and_epubcheck_clean() {
    let dir = export(&fixture("rtl/arabic.md"), &["--to", "epub"]);
    let file = output(dir.path(), ".epub");
    assert_epubcheck_clean(&file);
    let epub = Epub::open(&file);
    assert!(
        epub.opf()
            .contains("<spine toc=\"ncx\" page-progression-direction=\"rtl\">"),
        "{}",
        epub.opf()
    );
    let documents = epub.xhtml();
    assert!(documents.len() >= 3);
    for (name, xhtml) in &documents {
        assert!(
            xhtml.contains(" lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">"),
            "{name} is not marked right to left"
        );
        // the whole document is: no paragraph needs a direction of its own
        assert!(!xhtml.contains("dir=\"auto\""), "{name}");
    }
    let (words, _) = arabic_words();
    let text = text_of_xhtml(&epub.spine_text());
    fidelity::assert_in_order("arabic", &words, &fidelity::words(&text));
    // indents and the summary's rule are logical, so they mirror
    let css = epub.text(&format!("{}style.css", epub.package_dir()));
    assert!(css.contains("padding-inline-start") && css.contains("border-inline-start"));
    assert!(!css.contains("padding-left") && !css.contains("border-left"));
}

#[test]
fn the_epub_of_a_hebrew_report_in_english_metadata_marks_its_paragraphs_auto() {
    let dir = export(
        &fixture("rtl/hebrew.txt"),
        &["--to", "epub", "--title", "Israel"],
    );
    let file = output(dir.path(), ".epub");
    assert_epubcheck_clean(&file);
    let epub = Epub::open(&file);
    assert!(!epub.opf().contains("page-progression-direction"));
    let (_, report) = epub
        .xhtml()
        .into_iter()
        .find(|(name, _)| name.contains("report"))
        .unwrap();
    assert!(!report.contains("dir=\"rtl\""));
    // each paragraph and note holding Hebrew takes its direction from its text
    assert_eq!(report.matches("<p dir=\"auto\">").count(), 3, "{report}");
    for note in ["n1", "n2"] {
        assert!(
            report.contains(&format!(
                "<li id=\"{note}\" epub:type=\"endnote\" dir=\"auto\">"
            )),
            "{report}"
        );
    }
}

#[test]
fn an_arabic_caption_in_an_english_report_is_isolated_in_every_html() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("figures/marker.gif"), dir.path().join("marker.gif")).unwrap();
    let report = dir.path().join("captions.md");
    std::fs::write(
        &report,
        "---\ntitle: Captions\nlang: en\n---\n\nText.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n\
         Table: ضحايا الألغام في الجنوب\n\n![خريطة الألغام](marker.gif \"A marker\")\n",
    )
    .unwrap();
    let out = export(&report, &["--to", "epub,html"]);
    let file = output(out.path(), ".epub");
    assert_epubcheck_clean(&file);
    let epub = Epub::open(&file);
    let (_, xhtml) = epub
        .xhtml()
        .into_iter()
        .find(|(name, _)| name.contains("report"))
        .unwrap();
    let site = std::fs::read_to_string(out.path().join("captions/report-captions.html")).unwrap();
    for html in [xhtml, site.as_str()] {
        // the label keeps its place, the caption its own direction
        assert!(
            html.contains("Table 1.</span> <bdi>ضحايا الألغام في الجنوب</bdi></caption>"),
            "{html}"
        );
        assert!(
            html.contains("Figure 1.</span> <bdi>خريطة الألغام</bdi></figcaption>"),
            "{html}"
        );
    }
}

/// The mixed book of `tests/fixtures/rtl/book.toml` (English, with reports in Arabic,
/// Hebrew and Urdu) in a folder with its fonts, exported with `more` arguments.
fn mixed_book(more: &[&str]) -> (tempfile::TempDir, tempfile::TempDir) {
    let book = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("rtl")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, book.path().join(path.file_name().unwrap())).unwrap();
    }
    for font in [NASKH, HEBREW, NASTALIQ] {
        std::fs::copy(noto(font), book.path().join(font)).unwrap();
    }
    let out = export(&book.path().join("book.toml"), more);
    (book, out)
}

#[test]
fn a_mixed_book_marks_each_report_s_language_in_every_edition() {
    let (_book, out) = mixed_book(&["--to", "epub,xml,docbook,jats,json"]);
    let name = output(out.path(), ".json");
    let stem = name.file_stem().unwrap().to_str().unwrap().to_owned();
    let file = |extension: &str| out.path().join(format!("{stem}{extension}"));
    // folio XML: the publication's language, and each report's own
    let xml = std::fs::read_to_string(file(".xml")).unwrap();
    assert!(xml.contains(" version=\"1\" xml:lang=\"en\">"));
    for language in ["ar", "he", "ur"] {
        assert!(
            xml.contains(&format!(" xml:lang=\"{language}\">")),
            "{language}"
        );
    }
    tools::run(
        "jing",
        &[
            OsStr::new("-c"),
            repo().join("crates/folio-xml/schema/folio.rnc").as_os_str(),
            file(".xml").as_os_str(),
        ],
    );
    // and it reads back into the model the JSON holds
    let json = std::fs::read_to_string(file(".json")).unwrap();
    let model = folio::model::from_json(&json).unwrap();
    assert_eq!(folio::xml::read_folio_xml(&xml).unwrap(), model);
    let languages: Vec<Option<&str>> = model
        .reports
        .iter()
        .map(|r| r.language.as_deref())
        .collect();
    assert_eq!(languages, [Some("ar"), Some("he"), Some("ur")]);
    // DocBook and JATS mark each chapter
    let docbook = std::fs::read_to_string(file(".docbook.xml")).unwrap();
    let jats = std::fs::read_to_string(file(".jats.xml")).unwrap();
    for language in ["ar", "he", "ur"] {
        let attribute = format!(" xml:lang=\"{language}\">");
        assert_eq!(docbook.matches(&attribute).count(), 1, "{language}");
        assert_eq!(jats.matches(&attribute).count(), 1, "{language}");
    }
    tools::run(
        "jing",
        &[
            OsStr::new("/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"),
            file(".docbook.xml").as_os_str(),
        ],
    );
    // the EPUB: each report's document in its language, right to left; the rest English
    assert_epubcheck_clean(&file(".epub"));
    let epub = Epub::open(&file(".epub"));
    assert!(!epub.opf().contains("page-progression-direction"));
    let marked =
        |language: &str| format!(" lang=\"{language}\" xml:lang=\"{language}\" dir=\"rtl\">");
    for (name, xhtml) in epub.xhtml() {
        let right_to_left = ["ar", "he", "ur"]
            .iter()
            .filter(|language| xhtml.contains(&marked(language)))
            .count();
        if name.contains("report") {
            assert_eq!(right_to_left, 1, "{name}");
        } else {
            assert_eq!(right_to_left, 0, "{name}");
            assert!(xhtml.contains(" lang=\"en\" xml:lang=\"en\">"), "{name}");
        }
    }
}

#[test]
fn a_manifest_s_font_for_urdu_sets_the_urdu_report_and_only_it() {
    let (_book, out) = mixed_book(&["--to", "pdf", "--pdf-standard", "ua1"]);
    let pdf = output(out.path(), ".pdf");
    let rows = fonts(&pdf);
    let has = |name: &str| rows.iter().any(|row| row.name.contains(name));
    assert!(has("NotoNaskhArabic") && has("NotoSerifHebrew") && has("NotoNastaliqUrdu"));
    // the Urdu report's letters are Nastaliq's, the Arabic report's Naskh's
    let stext = tools::run(
        "mutool",
        &[
            "draw".as_ref(),
            "-F".as_ref(),
            "stext".as_ref(),
            "-o".as_ref(),
            "-".as_ref(),
            pdf.as_os_str(),
        ],
    );
    let font_of = |c: char| -> Vec<String> {
        let mut found = Vec::new();
        let mut font = "";
        for line in stext.lines() {
            if let Some(at) = line.find("<font name=\"") {
                font = &line[at + 12..];
                font = &font[..font.find('"').unwrap()];
            }
            if line.contains(&format!("c=\"{c}\""))
                || line.contains(&format!("c=\"&#x{:x};\"", c as u32))
            {
                found.push(font.to_owned());
            }
        }
        found.sort();
        found.dedup();
        found
    };
    // ے (yeh barree) is written in the Urdu report only; ة (teh marbuta) in the Arabic
    let urdu = font_of('ے');
    assert!(
        !urdu.is_empty() && urdu.iter().all(|f| f.contains("Nastaliq")),
        "{urdu:?}"
    );
    let arabic = font_of('ة');
    assert!(
        !arabic.is_empty() && arabic.iter().all(|f| f.contains("Naskh")),
        "{arabic:?}"
    );
    // listed for any text, the Urdu font would never be reached: Naskh has the letters
    let book = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("rtl")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, book.path().join(path.file_name().unwrap())).unwrap();
    }
    let manifest = std::fs::read_to_string(book.path().join("book.toml"))
        .unwrap()
        .replace(
            "{ file = \"NotoNastaliqUrdu-Regular.ttf\", languages = [\"ur\"] }",
            "\"NotoNastaliqUrdu-Regular.ttf\"",
        );
    std::fs::write(book.path().join("book.toml"), manifest).unwrap();
    for font in [NASKH, HEBREW, NASTALIQ] {
        std::fs::copy(noto(font), book.path().join(font)).unwrap();
    }
    let out = export(&book.path().join("book.toml"), &["--to", "pdf"]);
    let rows = fonts(&output(out.path(), ".pdf"));
    assert!(
        !rows.iter().any(|row| row.name.contains("NotoNastaliqUrdu")),
        "{rows:?}"
    );
}

#[test]
fn the_same_right_to_left_input_gives_the_same_bytes() {
    let (first, _) = arabic(&["--to", "pdf,epub"]);
    let (second, _) = arabic(&["--to", "pdf,epub"]);
    for extension in [".pdf", ".epub"] {
        let a = std::fs::read(output(first.path(), extension)).unwrap();
        let b = std::fs::read(output(second.path(), extension)).unwrap();
        assert!(a == b, "two {extension} files differ");
    }
}

#[test]
fn right_to_left_content_of_every_kind_sets_without_a_panic() {
    use folio::model::{PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap, resolve};
    let report = |language: Option<&str>| {
        let mut builder = ReportBuilder::new("تقرير")
            .paragraph(|p| p.text(""))
            .paragraph(|p| p.text("\u{200f}"))
            .paragraph(|p| p.text("   "))
            .paragraph(|p| {
                p.text("قال ")
                    .emphasis(|e| e.text("Human Rights Watch"))
                    .text(" (2001) إن «الألغام» [قاتلة]")
                    .note(|n| n.text("מקור: דוח 2001."))
            })
            .heading("")
            .table(|t| {
                t.caption(|c| c.text("جدول"))
                    .header(|r| r.cell(|c| c.text("المنطقة")).cell(|c| c.text("العدد")))
                    .row(|r| r.cell(|c| c.text("")).cell(|c| c.text("٢٠٠١")))
                    .row(|r| {
                        r.cell(|c| c.text("שלום".repeat(200)))
                            .cell(|c| c.text("12"))
                    })
            })
            .paragraph(|p| p.text("سلام".repeat(400)));
        if let Some(language) = language {
            builder = builder.language(language);
        }
        builder.build()
    };
    for language in [None, Some("ar"), Some("he-IL")] {
        let publication = PublicationBuilder::new("كتاب")
            .report(report(language))
            .build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        for notes in ["report", "page", "book"] {
            let mut options = folio::pdf::PdfOptions::default();
            options.notes = match notes {
                "page" => folio::model::NotePlacement::FootOfPage,
                "book" => folio::model::NotePlacement::EndOfBook,
                _ => folio::model::NotePlacement::EndOfReport,
            };
            // no font for Arabic and Hebrew: boxes, named in a warning
            let pdf = folio::pdf::export_pdf(&resolved, &options).unwrap();
            assert!(pdf.page_count >= 1);
            assert!(!pdf.warnings.is_empty());
        }
        let epub = folio::epub::export_epub(
            &resolved,
            &folio::epub::EpubOptions::modified(folio::model::Timestamp::FALLBACK),
        )
        .unwrap();
        assert!(!epub.bytes.is_empty());
    }
    // the command line says the same of a report that is nothing but a right-to-left mark
    let dir = tempfile::tempdir().unwrap();
    let mark = dir.path().join("mark.md");
    std::fs::write(&mark, "---\nlang: he\n---\n# \u{200f}\n\n\u{200f}\n").unwrap();
    let run = folio(&["check", mark.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
