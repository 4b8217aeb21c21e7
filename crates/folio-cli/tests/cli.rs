//! The `folio` binary: what it prints and how it exits.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/north-korea.txt")
}

fn folio(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_prints_the_summary_line_of_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = folio(&["check", sample().to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "checked 1 report: 4 sections, 18 endnotes, 18 references; 0 errors, 0 warnings\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_counts_several_reports_with_plurals() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let out = folio(
        &["check", s.to_str().unwrap(), s.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "checked 2 reports: 8 sections, 36 endnotes, 36 references; 0 errors, 0 warnings\n"
    );
}

#[test]
fn diagnostics_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.txt"),
        "Heading\n\nText cites a note.[1] And [2] twice.[2]\n\n[1] One.\n[1] Again.\n[2] Two.\n[3] Three.\n",
    )
    .unwrap();
    let out = folio(&["check", "r.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("r.txt:6:1: error: duplicate note label [1]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("r.txt:8:1: warning: note [3] is never referred to"),
        "{stderr}"
    );
    assert_eq!(
        text(&out.stdout),
        "checked 1 report: 1 section, 4 endnotes, 3 references; 1 error, 1 warning\n"
    );
}

#[test]
fn bad_input_exits_1_with_a_clear_message_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.txt", b"", "the file is empty"),
        (
            "garbage.txt",
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
            "binary data",
        ),
        (
            "nav.txt",
            "About Us\u{a0}\nTable of Contents\nCountry Reports\n<Previous | Next>\n".as_bytes(),
            "only site navigation",
        ),
    ];
    for (name, bytes, message) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        for command in ["check", "export"] {
            let out = folio(&[command, name], dir.path());
            assert_eq!(out.status.code(), Some(1), "{command} {name}");
            let stderr = text(&out.stderr);
            assert!(stderr.contains(&format!("{name}:1:")), "{stderr}");
            assert!(stderr.contains(message), "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    assert!(
        !dir.path().join("out").exists(),
        "a failed export wrote output"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = folio(&["check", "missing.txt"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read missing.txt"));
    let unknown = folio(
        &["export", sample().to_str().unwrap(), "--to", "docx"],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("invalid value 'docx'"));
    let no_input = folio(&["check"], dir.path());
    assert_eq!(no_input.status.code(), Some(2));
}

#[test]
fn export_writes_the_model_json_named_after_the_publication() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let out = folio(
        &[
            "export",
            s.to_str().unwrap(),
            "--to",
            "json",
            "-o",
            "editions",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json = std::fs::read_to_string(dir.path().join("editions/north-korea.json")).unwrap();
    assert!(json.contains("\"format\": \"folio-model\""));
    let titled = folio(
        &[
            "export",
            s.to_str().unwrap(),
            "--to",
            "json",
            "--title",
            "Korea, North",
        ],
        dir.path(),
    );
    assert_eq!(titled.status.code(), Some(0));
    let json = std::fs::read_to_string(dir.path().join("out/korea-north.json")).unwrap();
    assert!(json.contains("\"title\": \"Korea, North\""));
}

#[test]
fn every_edition_at_once_is_each_edition_alone_listed_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let s = s.to_str().unwrap();
    // the XML editions are written on their own thread while the PDF is typeset
    let all = folio(
        &[
            "export",
            s,
            "--to",
            "jats,json,epub,xml,pdf,docbook",
            "-o",
            "all",
        ],
        dir.path(),
    );
    assert_eq!(all.status.code(), Some(0), "{}", text(&all.stderr));
    let files = [
        "north-korea.pdf",
        "north-korea.epub",
        "north-korea.json",
        "north-korea.xml",
        "north-korea.docbook.xml",
        "north-korea.jats.xml",
    ];
    let listed: Vec<String> = files.iter().map(|f| format!("wrote all/{f}")).collect();
    assert_eq!(text(&all.stdout).lines().collect::<Vec<_>>(), listed);
    for (format, file) in ["pdf", "epub", "json", "xml", "docbook", "jats"]
        .iter()
        .zip(files)
    {
        let out = format!("alone-{format}");
        let alone = folio(&["export", s, "--to", format, "-o", &out], dir.path());
        assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stderr));
        let together = std::fs::read(dir.path().join("all").join(file)).unwrap();
        let apart = std::fs::read(dir.path().join(&out).join(file)).unwrap();
        if *format == "epub" {
            // alone, the EPUB has no PDF to take print page numbers from
            assert!(together.len() > apart.len(), "{file}");
        } else {
            assert!(together == apart, "{file} differs written with the others");
        }
    }
}

#[test]
fn a_failed_export_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/r.json"), "precious").unwrap();
    std::fs::write(dir.path().join("r.txt"), "Text.[1]\n\n[1] One.\n[1] Two.\n").unwrap();
    let out = folio(&["export", "r.txt", "--to", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/r.json")).unwrap(),
        "precious"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1);
}

#[test]
fn source_date_epoch_dates_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["export", sample().to_str().unwrap(), "--to", "pdf"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "996624000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let info = Command::new("pdfinfo")
        .args(["-isodates", "out/north-korea.pdf"])
        .current_dir(dir.path())
        .output()
        .expect("pdfinfo (Debian's poppler-utils) is needed");
    let info = text(&info.stdout);
    assert!(
        info.contains("CreationDate:    2001-08-01T00:00:00"),
        "{info}"
    );
}

/// The `dcterms:modified` of the EPUB that `folio export` writes with this
/// `SOURCE_DATE_EPOCH`, and what it printed to standard error.
fn epub_modified(source_date_epoch: Option<&str>) -> (String, String) {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .args(["export", sample().to_str().unwrap(), "--to", "epub"])
        .current_dir(dir.path())
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(value) = source_date_epoch {
        command.env("SOURCE_DATE_EPOCH", value);
    }
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let file = std::fs::File::open(dir.path().join("out/north-korea.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut opf = String::new();
    zip.by_name("EPUB/package.opf")
        .unwrap()
        .read_to_string(&mut opf)
        .unwrap();
    let start = opf.find("dcterms:modified\">").unwrap() + "dcterms:modified\">".len();
    let modified = opf[start..start + 20].to_owned();
    (modified, text(&out.stderr))
}

#[test]
fn source_date_epoch_sets_the_epub_modification_date() {
    let (modified, stderr) = epub_modified(None);
    assert_eq!(modified, "2000-01-01T00:00:00Z");
    assert_eq!(stderr, "");
    let (modified, stderr) = epub_modified(Some("996624000"));
    assert_eq!(modified, "2001-08-01T00:00:00Z");
    assert_eq!(stderr, "");
    let (modified, stderr) = epub_modified(Some("yesterday"));
    assert_eq!(modified, "2000-01-01T00:00:00Z");
    assert!(
        stderr.contains("warning: SOURCE_DATE_EPOCH=\"yesterday\" is not a number"),
        "{stderr}"
    );
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let volume = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/volume-20");
    let mut files: Vec<String> = std::fs::read_dir(&volume)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".txt"))
        .collect();
    files.sort();
    let mut args = vec!["export".to_owned()];
    args.extend(files);
    args.extend(["--to", "json,xml"].map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = folio(&args, dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "", "nothing extra on a pipe");
    assert_eq!(text(&out.stdout).lines().count(), 2);
}

#[test]
fn max_nesting_allows_a_model_256_levels_deep_in_every_edition() {
    let dir = tempfile::tempdir().unwrap();
    // quotes and lists in turn, 10,000 levels, around a line of every inline kind
    let markers: String = (0..10_000)
        .map(|i| if i % 2 == 0 { "> " } else { "- " })
        .collect();
    let markdown = format!(
        "# Deep\n\n{markers}a *b **c [d](https://example.org) e** f* g.[^1]\n\n[^1]: The note.\n"
    );
    std::fs::write(dir.path().join("deep.md"), markdown).unwrap();
    let out = folio(&["export", "deep.md", "--max-nesting", "256"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("deep.md:3:") && stderr.contains("nests deeper than 256 levels"),
        "{stderr}"
    );
    // the six files and the web site's folder
    assert_eq!(text(&out.stdout).lines().count(), 7);
    assert!(dir.path().join("out/deep/index.html").is_file());
    // what was written reads back at that depth, and is refused, at its place, without it
    for (file, limit) in [
        ("out/deep.json", "nest deeper than 128 levels"),
        ("out/deep.xml", "nest deeper than 200 levels"),
    ] {
        let deep = folio(&["check", file, "--max-nesting", "256"], dir.path());
        assert_eq!(
            deep.status.code(),
            Some(0),
            "{file}: {}",
            text(&deep.stderr)
        );
        assert!(
            text(&deep.stdout).contains("1 endnote, 1 reference; 0 errors"),
            "{}",
            text(&deep.stdout)
        );
        let shallow = folio(&["check", file], dir.path());
        assert_eq!(shallow.status.code(), Some(1), "{file}");
        let stderr = text(&shallow.stderr);
        assert!(stderr.contains(&format!("{file}:")), "{stderr}");
        assert!(stderr.contains(limit), "{stderr}");
        assert!(!stderr.contains(&format!("{file}:1:1:")), "{stderr}");
    }
}
