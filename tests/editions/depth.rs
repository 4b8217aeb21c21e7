//! Nothing the PDF's layout sets is lost: quotes and lists nested as deep as
//! `--max-nesting 256` allows are set, every word and note marker in order, inside the
//! text block, on A4 and on the smallest page folio takes; blocks that set no line keep
//! what hangs on them (a list's marker, a note's number and its links).

use std::path::Path;

use folio::pdf::PageSize;
use folio_tests::pdf::facts;
use folio_tests::tools::run;
use folio_tests::{Run, folio};

/// The depths tried: every one to 40 (past the default limit of 32, where the old
/// layout lost text), then 64, 128 and the most `--max-nesting` allows.
fn depths() -> Vec<usize> {
    (1..=40).chain([64, 128, 256]).collect()
}

/// The smallest page `--page-size` takes: 144 pt (2 in) a side.
const SMALLEST: &str = "2x2in";

/// How a case nests its text.
#[derive(Clone, Copy, Debug)]
enum Nesting {
    /// `> > > text`
    Quote,
    /// `- - - text`: each item's first block is the next list.
    List,
    /// `> - > - text`
    Mixed,
    /// An item on a line of its own at each level, the deepest citing the note.
    Items,
}

/// A Markdown report of one case per depth, each followed by a plain paragraph (so the
/// next starts afresh), each citing a note of its own; and the words expected, in
/// order, in the text the PDF gives back (with its spaces, hyphens and markers taken
/// out), the note numbers among them.
fn document(nesting: Nesting, depths: &[usize]) -> (String, Vec<String>) {
    let mut md = String::from("Cases opened.\n\n");
    let mut expected = vec!["Casesopened.".to_owned()];
    for (n, &d) in depths.iter().enumerate() {
        let note = n + 1;
        let text = format!("begin{d} deep quote[^n{d}] words end{d}");
        let words = format!("begin{d}deepquote{note}wordsend{d}");
        match nesting {
            Nesting::Quote => md.push_str(&"> ".repeat(d)),
            Nesting::List => md.push_str(&"- ".repeat(d)),
            Nesting::Mixed => {
                (0..d).for_each(|i| md.push_str(if i % 2 == 0 { "> " } else { "- " }))
            }
            Nesting::Items => {
                for level in 0..d - 1 {
                    md.push_str(&format!("{}- item{level}of{d}\n", "  ".repeat(level)));
                    expected.push(format!("item{level}of{d}"));
                }
                md.push_str(&"  ".repeat(d - 1));
                md.push_str("- ");
            }
        }
        md.push_str(&text);
        md.push_str(&format!("\n\nbetween{d}\n\n"));
        expected.push(words);
        expected.push(format!("between{d}"));
    }
    for (n, &d) in depths.iter().enumerate() {
        md.push_str(&format!("[^n{d}]: note{d} text\n"));
        expected.push(format!("{}note{d}text", n + 1));
    }
    (md, expected)
}

/// Runs the command line as `folio` does, on a thread with its stack (a model nested 256
/// deep is read and set by recursion).
fn folio_on_big_stack(args: Vec<String>) -> Run {
    std::thread::Builder::new()
        .stack_size(folio::import::STACK_SIZE)
        .spawn(move || folio(&args.iter().map(String::as_str).collect::<Vec<_>>()))
        .unwrap()
        .join()
        .unwrap()
}

/// Exports `input` as a PDF on `page` with `--max-nesting 256` and `extra` options;
/// returns the PDF's path (in `dir`).
fn pdf(dir: &Path, input: &Path, page: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join("out");
    let mut args: Vec<String> = ["export", input.to_str().unwrap(), "-o"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.push(out.to_str().unwrap().to_owned());
    for a in ["--to", "pdf", "--max-nesting", "256", "--page-size", page] {
        args.push(a.to_owned());
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let run = folio_on_big_stack(args);
    assert_eq!(run.code, 0, "{input:?} on {page}: {}", run.stderr);
    out.join(
        run.stdout
            .trim()
            .strip_prefix("wrote ")
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap(),
    )
}

/// Asserts that each of `expected` is found in the text of the text block of `pdf`, a
/// PDF of pages of `size`, in order, with nothing of it split off elsewhere: the text in
/// the order folio draws it (`pdftotext -raw`), with spaces, line ends, hyphens and list
/// markers taken out (a word cut at a narrow measure comes back whole), and without the
/// running heads above the text block and the folios below it.
fn assert_all_set(what: &str, pdf: &Path, size: PageSize, expected: &[String]) {
    // folio's text block: the default margins, and at least 72 pt tall
    let margins = size.default_margins();
    let height = (size.height - margins.top - margins.bottom).max(72.0);
    let crop = [
        ("-y", (margins.top - 1.0).floor()),
        ("-H", (height + 2.0).ceil()),
        ("-x", 0.0),
        ("-W", size.width.ceil()),
    ]
    .map(|(flag, value)| [flag.to_owned(), format!("{value}")]);
    let mut args: Vec<std::ffi::OsString> = vec!["-raw".into()];
    args.extend(crop.iter().flatten().map(Into::into));
    args.extend([pdf.as_os_str().to_owned(), "-".into()]);
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let text: String = run("pdftotext", &args)
        .chars()
        // hyphens, the soft hyphens of hyphenated line ends among them, and bullets
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{2022}'))
        .collect();
    let mut at = 0;
    for (i, piece) in expected.iter().enumerate() {
        match text[at..].find(piece.as_str()) {
            Some(found) => at += found + piece.len(),
            None => panic!(
                "{what}: {piece:?} ({} of {}) is missing or out of order; the text goes on: {:?}",
                i + 1,
                expected.len(),
                text[at..].chars().take(200).collect::<String>()
            ),
        }
    }
}

/// Asserts that every word pdftotext finds in `pdf` lies inside the text block of a
/// page of `size` with folio's default margins (1 pt of slack); gives how many words.
fn assert_inside_text_block(what: &str, pdf: &Path, size: PageSize) -> usize {
    let margins = size.default_margins();
    let (left, right) = (margins.inner - 1.0, size.width - margins.outer + 1.0);
    let xml = run(
        "pdftotext",
        &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    let mut words = 0;
    for chunk in xml.split("<word ").skip(1) {
        let x_min = attribute(chunk, "xMin");
        let x_max = attribute(chunk, "xMax");
        let y_max = attribute(chunk, "yMax");
        let word = chunk
            .split_once('>')
            .and_then(|(_, rest)| rest.split_once('<'))
            .map_or("", |(word, _)| word);
        assert!(
            f64::from(left) <= x_min
                && x_max <= f64::from(right)
                && y_max <= f64::from(size.height),
            "{what}: {word:?} lies at x {x_min}..{x_max}, y up to {y_max}, outside the text \
             block ({left}..{right} on a page {} tall)",
            size.height
        );
        words += 1;
    }
    words
}

fn attribute(chunk: &str, name: &str) -> f64 {
    let start = chunk.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + chunk[start..].find('"').unwrap();
    chunk[start..end].parse().unwrap()
}

fn check_nesting(nesting: Nesting, depths: &[usize]) {
    let dir = tempfile::tempdir().unwrap();
    let (md, expected) = document(nesting, depths);
    let input = dir.path().join("depth.md");
    std::fs::write(&input, md).unwrap();
    for (page, size) in [("a4", PageSize::A4), (SMALLEST, SMALLEST.parse().unwrap())] {
        let what = format!("{nesting:?} on {page}");
        let pdf = pdf(dir.path(), &input, page, &[]);
        assert_all_set(&what, &pdf, size, &expected);
        let words = assert_inside_text_block(&what, &pdf, size);
        assert!(words >= expected.len(), "{what}: only {words} words");
    }
}

#[test]
fn quotes_nested_to_256_keep_every_word_inside_the_page() {
    check_nesting(Nesting::Quote, &depths());
}

#[test]
fn lists_nested_to_256_keep_every_word_inside_the_page() {
    check_nesting(Nesting::List, &depths());
}

#[test]
fn quotes_and_lists_mixed_to_256_keep_every_word_inside_the_page() {
    check_nesting(Nesting::Mixed, &depths());
}

#[test]
fn every_item_of_a_deep_list_is_set() {
    check_nesting(Nesting::Items, &[1, 2, 8, 20, 28, 32, 33, 40, 64, 256]);
}

#[test]
fn the_smallest_page_is_the_one_tried() {
    // `--page-size` is read by `PageSize`'s parser
    let smallest: PageSize = SMALLEST.parse().unwrap();
    assert!((smallest.width - 144.0).abs() < 0.01);
    for smaller in ["1.99x2in", "2x1.99in", "143x300pt"] {
        assert!(smaller.parse::<PageSize>().is_err(), "{smaller} is taken");
    }
}

/// A model whose notes are set at the foot of the page: the first note a quote nested
/// 40 deep, the next ones plain paragraphs, each line at its own indent (they were all
/// set at the first note's, past the edge of the page).
#[test]
fn notes_at_the_foot_keep_their_own_indents() {
    let dir = tempfile::tempdir().unwrap();
    let mut quote = serde_json::json!({"type": "paragraph", "content": [
        {"type": "text", "text": "deeply quoted note"}]});
    for _ in 0..40 {
        quote = serde_json::json!({"type": "quote", "blocks": [quote]});
    }
    let long = (0..60).map(|i| format!("word{i}x ")).collect::<String>();
    let model = serde_json::json!({
        "format": "folio-model", "version": 1,
        "meta": {"title": "Foot", "language": "en"},
        "reports": [{"id": "r", "title": "Foot", "related": [], "body": [
            {"type": "paragraph", "content": [
                {"type": "text", "text": "Text citing"}, {"type": "note_ref", "note": "a"},
                {"type": "text", "text": " and"}, {"type": "note_ref", "note": "b"},
                {"type": "text", "text": " here."}]}],
            "endnotes": [
                {"id": "a", "source_label": "a", "blocks": [quote]},
                {"id": "b", "source_label": "b", "blocks": [
                    {"type": "paragraph", "content": [{"type": "text", "text": long}]}]}]}]
    });
    let input = dir.path().join("foot.json");
    std::fs::write(&input, model.to_string()).unwrap();
    for page in ["a4", SMALLEST] {
        let pdf = pdf(dir.path(), &input, page, &["--notes", "page"]);
        let what = format!("foot notes on {page}");
        let size: PageSize = page.parse().unwrap();
        // on the small page the text, the notes and their parts run over several pages
        let pieces = |text: &str| text.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert_all_set(&what, &pdf, size, &pieces("Textciting1 and2here."));
        assert_all_set(&what, &pdf, size, &pieces("1deeply quoted note"));
        assert_all_set(&what, &pdf, size, &pieces(&format!("2{}", long.trim())));
        assert_inside_text_block(&what, &pdf, size);
    }
}

/// Blocks that set no line (an empty paragraph first in a list item or a note, a heading
/// with no text) keep the marker, the number and the anchors that hang on them: the
/// references still link to the note and the note back to them.
#[test]
fn empty_blocks_keep_their_markers_numbers_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = |text: &str| {
        if text.is_empty() {
            serde_json::json!({"type": "paragraph", "content": []})
        } else {
            serde_json::json!({"type": "paragraph", "content": [{"type": "text", "text": text}]})
        }
    };
    let model = serde_json::json!({
        "format": "folio-model", "version": 1,
        "meta": {"title": "Empty blocks", "language": "en"},
        "reports": [{"id": "r", "title": "Empty blocks", "related": [], "body": [
            {"type": "paragraph", "content": [
                {"type": "text", "text": "Before the list cites"},
                {"type": "note_ref", "note": "a"}, {"type": "text", "text": " and"},
                {"type": "note_ref", "note": "b"}, {"type": "text", "text": "."}]},
            {"type": "list", "start": 7, "items": [[paragraph("")], [paragraph("eighth")]]},
            {"type": "heading", "level": 1, "content": []},
            paragraph("after")],
            "endnotes": [
                {"id": "a", "source_label": "a", "blocks": [paragraph(""), paragraph("second of one")]},
                {"id": "b", "source_label": "b", "blocks": [paragraph("note two")]}]}]
    });
    let input = dir.path().join("empty.json");
    std::fs::write(&input, model.to_string()).unwrap();
    let pdf = pdf(dir.path(), &input, "a4", &[]);
    let expected: Vec<String> = [
        "Beforethelistcites1and2.",
        "7.",
        "8.eighth",
        "after",
        "Notes",
        "1secondofone",
        "2notetwo",
    ]
    .map(str::to_owned)
    .into();
    assert_all_set("empty blocks", &pdf, PageSize::A4, &expected);
    let facts = facts(&pdf);
    // two references to their notes, two back-links
    let to_notes = facts
        .links
        .iter()
        .filter(|l| l.destination.is_some())
        .count();
    assert_eq!(to_notes, 4, "{:?}", facts.links);
    for link in &facts.links {
        let name = link.destination.as_ref().unwrap();
        assert!(
            facts.destinations.contains_key(name),
            "{name} leads nowhere"
        );
    }
    // the heading with no text keeps its place in the outline
    assert_eq!(facts.outline.len(), 3, "{:?}", facts.outline);
}
