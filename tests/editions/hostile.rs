//! Hostile and broken input: a clear message naming the file, exit 1 (the input has
//! errors) or 2 (usage or I/O), never a panic, never a partial output, and an existing
//! output file left as it was.

use std::path::Path;

use folio_tests::{folio, sample};

/// Every file `folio export` writes for a publication titled `NAME`.
const OUTPUTS: [&str; 6] = [
    "NAME.pdf",
    "NAME.epub",
    "NAME.xml",
    "NAME.docbook.xml",
    "NAME.jats.xml",
    "NAME.json",
];

/// A case: its input files (name and bytes), the command's arguments after `export`
/// (`{dir}` is the case's folder), the exit status and a
/// part of the message it must print.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &'static [&'static str],
    code: u8,
    message: &'static str,
}

fn case(
    name: &'static str,
    file: &'static str,
    bytes: impl Into<Vec<u8>>,
    code: u8,
    message: &'static str,
) -> Case {
    Case {
        name,
        files: vec![(file, bytes.into())],
        args: &[],
        code,
        message,
    }
}

fn cases() -> Vec<Case> {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut deep_json = String::from(r#"{"format": "folio-model", "version": 1, "reports": "#);
    deep_json.push_str(&"[".repeat(100_000));
    let deep_xml = format!(
        concat!(
            r#"<publication xmlns="https://folio.invalid/ns/1" version="1">"#,
            "<meta><title>T</title><language>en</language></meta>",
            r#"<report id="r"><title>R</title><body>{}"#
        ),
        "<quote>".repeat(100_000)
    );
    vec![
        case(
            "empty",
            "r.txt",
            "",
            1,
            "r.txt:1:1: error: the file is empty",
        ),
        case("blank", "r.txt", "\n\n  \r\n", 1, "r.txt:1:1: error:"),
        case("garbage", "r.txt", garbage.clone(), 1, "binary data"),
        case(
            "garbage markdown",
            "r.md",
            garbage.clone(),
            1,
            "r.md:1:1: error:",
        ),
        case(
            "garbage xml",
            "r.xml",
            garbage.clone(),
            1,
            "r.xml:1:1: error:",
        ),
        case(
            "garbage json",
            "r.json",
            garbage.clone(),
            1,
            "r.json:1:1: error:",
        ),
        case(
            "garbage manifest",
            "r.toml",
            garbage,
            1,
            "r.toml:1:1: error:",
        ),
        case(
            "navigation only",
            "r.txt",
            "About Us\u{a0}\nThe Issues\u{a0}\nTable of Contents\nCountry Reports\n<Previous | Next>\n",
            1,
            "only site navigation",
        ),
        case(
            "billion laughs",
            "r.xml",
            concat!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n",
                " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n",
                "]>\n<publication>&lol2;</publication>\n"
            ),
            1,
            "r.xml:2:1: error:",
        ),
        case(
            "external entity",
            "r.xml",
            concat!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n",
                "<publication>&x;</publication>\n"
            ),
            1,
            "r.xml:2:1: error:",
        ),
        case(
            "XML nested 100,000 deep",
            "r.xml",
            deep_xml,
            1,
            "nest deeper than 200 levels",
        ),
        case(
            "JSON nested 100,000 deep",
            "r.json",
            deep_json,
            1,
            "r.json:1:",
        ),
        case(
            "a note that does not exist",
            "r.md",
            "# R\n\nText.[^gone]\n",
            1,
            "r.md:3:6: error:",
        ),
        Case {
            name: "manifest out of its folder",
            files: vec![(
                "folio.toml",
                b"[publication]\ntitle = \"T\"\n\n[[report]]\nsource = \"../r.txt\"\n".to_vec(),
            )],
            args: &[],
            code: 1,
            message: "folio.toml:5:10: error: `report.source`: \"../r.txt\" lies outside",
        },
        Case {
            name: "manifest with a missing source",
            files: vec![(
                "folio.toml",
                b"[publication]\ntitle = \"T\"\n\n[[report]]\nsource = \"gone.txt\"\n".to_vec(),
            )],
            args: &[],
            code: 1,
            message: "folio.toml:5:10: error:",
        },
        Case {
            name: "a missing input",
            files: vec![],
            args: &["{dir}/missing.txt"],
            code: 2,
            message: "cannot read",
        },
        Case {
            name: "an unknown format",
            files: vec![("r.txt", b"Text.\n".to_vec())],
            args: &["--to", "pdf,docx"],
            code: 2,
            message: "invalid value 'docx'",
        },
        Case {
            name: "an output folder that cannot be made",
            files: vec![("r.txt", b"Text.\n".to_vec()), ("file", b"x".to_vec())],
            args: &["-o", "{dir}/file/out"],
            code: 2,
            message: "folio: error:",
        },
        Case {
            name: "a limit of no bytes",
            files: vec![("r.txt", b"Text.\n".to_vec())],
            args: &["--max-input-size", "0"],
            code: 2,
            message: "--max-input-size",
        },
        Case {
            name: "a nesting limit too deep",
            files: vec![("r.txt", b"Text.\n".to_vec())],
            args: &["--max-nesting", "257"],
            code: 2,
            message: "--max-nesting",
        },
        case("empty markdown", "r.md", "", 1, "r.md:1:1: error:"),
        case("empty json", "r.json", "", 1, "r.json:1:1: error:"),
    ]
}

/// Runs `folio export` on a case into an output folder that already holds a file by
/// each output's name, and checks the outcome.
fn run(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &case.files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let stem = case
        .files
        .first()
        .map_or("missing", |(name, _)| name.split('.').next().unwrap());
    let stem = if stem == "folio" { "t" } else { stem };
    for output in OUTPUTS {
        std::fs::write(out.join(output.replace("NAME", stem)), "precious").unwrap();
    }
    let dir_text = dir.path().to_str().unwrap();
    let out_text = out.to_str().unwrap();
    let mut args = vec!["export".to_owned()];
    if !case.args.iter().any(|a| a.starts_with("{dir}/missing"))
        && let Some((name, _)) = case.files.iter().find(|(n, _)| *n != "file")
    {
        args.push(format!("{dir_text}/{name}"));
    }
    let explicit_out = case.args.contains(&"-o");
    args.extend(case.args.iter().map(|a| a.replace("{dir}", dir_text)));
    if !explicit_out {
        args.extend(["-o".to_owned(), out_text.to_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = folio(&args);
    let what = case.name;
    assert_eq!(run.code, case.code, "{what}: {}", run.stderr);
    assert!(
        run.stderr.contains(case.message),
        "{what}: expected {:?} in:\n{}",
        case.message,
        run.stderr
    );
    assert!(!run.stderr.contains("panick"), "{what}: {}", run.stderr);
    assert_untouched(&out, stem, what);
}

/// The output folder holds just the files it held, as they were.
fn assert_untouched(out: &Path, stem: &str, what: &str) {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = OUTPUTS.iter().map(|o| o.replace("NAME", stem)).collect();
    expected.sort();
    assert_eq!(names, expected, "{what}: the output folder changed");
    for name in names {
        assert_eq!(
            std::fs::read_to_string(out.join(&name)).unwrap(),
            "precious",
            "{what}: {name} was overwritten"
        );
    }
}

#[test]
fn hostile_and_broken_input_gives_a_clear_error_and_leaves_the_output_alone() {
    for case in cases() {
        run(&case);
    }
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // 100 MiB that take no room: the size is refused before anything is read
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    let big_text = big.to_str().unwrap();
    let check = folio(&["check", big_text]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "{big_text}:1:1: error: the file is larger than the 64 MiB folio reads (100 MiB)"
        )),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("--max-input-size"),
        "{}",
        check.stderr
    );

    // the limit applies to a manifest's sources too, and can be lowered or raised
    std::fs::copy(sample(), dir.path().join("r.txt")).unwrap();
    std::fs::write(
        dir.path().join("folio.toml"),
        "[publication]\ntitle = \"T\"\n\n[[report]]\nsource = \"r.txt\"\n",
    )
    .unwrap();
    let manifest = dir.path().join("folio.toml");
    let manifest = manifest.to_str().unwrap();
    let small = folio(&["check", manifest, "--max-input-size", "2K"]);
    assert_eq!(small.code, 1, "{}", small.stderr);
    assert!(
        small
            .stderr
            .contains("r.txt:1:1: error: the file is larger than the 2 KiB folio reads"),
        "{}",
        small.stderr
    );
    let enough = folio(&["check", manifest, "--max-input-size", "1.5M"]);
    assert_eq!(enough.code, 0, "{}", enough.stderr);
}

#[test]
fn text_that_is_not_utf8_and_notes_that_are_empty_are_read_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let latin = dir.path().join("latin.txt");
    std::fs::write(&latin, b"Caf\xe9 text.[1]\n\n[1] A note.\n").unwrap();
    let run = folio(&["check", latin.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("latin.txt:1:4: warning:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Windows-1252"), "{}", run.stderr);

    let empty = dir.path().join("empty-notes.txt");
    std::fs::write(&empty, "Text.[1] More.[2]\n\n[1]\n[2] \n").unwrap();
    let run = folio(&["check", empty.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("empty-notes.txt:3:1: warning:"),
        "{}",
        run.stderr
    );
    // and every edition is written
    let out = dir.path().join("out");
    let run = folio(&[
        "export",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // and the web edition's folder
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), OUTPUTS.len() + 1);
}
