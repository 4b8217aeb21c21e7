//! Input the readers once read wrong, too slowly or without a limit (issue 25, items 6
//! to 8 and the smaller points): each case on the real command line and its real output.

use std::path::Path;

use folio_tests::{folio, sample};

/// Writes `files` (name and text) into a new folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_owned()
}

/// The model JSON `folio export` writes of `input`.
fn exported_json(input: &str) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let run = folio(&[
        "export",
        input,
        "--to",
        "json",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

/// The texts of a report's body blocks, in order.
fn body_texts(json: &serde_json::Value, report: usize) -> Vec<String> {
    json["reports"][report]["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|block| {
            block["content"]
                .as_array()
                .unwrap()
                .iter()
                .map(|inline| inline["text"].as_str().unwrap_or("|ref|").to_owned())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn a_web_report_reference_to_no_note_is_an_error_at_its_place() {
    let dir = folder(&[(
        "r.txt",
        "Mine Ban Policy\n\nIt is likely to be substantial.[19] In [2001] he wrote [sic] it.[1]\n\n[1] A note.\n",
    )]);
    let input = path(dir.path(), "r.txt");
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{input}:3:32: error: note reference [19] points to no note"
        )),
        "{}",
        run.stderr
    );
    // `[2001]` after a space and `[sic]` are text: one error only
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    let out = dir.path().join("out");
    let export = folio(&["export", &input, "-o", out.to_str().unwrap()]);
    assert_eq!(export.code, 1, "{}", export.stderr);
    assert!(!out.exists(), "an input with errors wrote something");
}

#[test]
fn a_web_report_body_line_starting_with_a_number_stays_in_the_body() {
    let text = "Mine Ban Policy\n\nThe state acted.[1]\n\n[2001] was a year of change.\n\nProduction\n\nThe DPRK produces mines.[2]\n\n<Previous | Next>\n\n[1] One.\n[2] Two.\n";
    let dir = folder(&[("r.txt", text)]);
    let input = path(dir.path(), "r.txt");
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "checked 1 report: 2 sections, 2 endnotes, 2 references; 0 errors, 0 warnings"
    );
    let json = exported_json(&input);
    assert_eq!(
        body_texts(&json, 0),
        [
            "Mine Ban Policy",
            "The state acted.|ref|",
            "[2001] was a year of change.",
            "Production",
            "The DPRK produces mines.|ref|",
        ]
    );
    assert_eq!(json["reports"][0]["endnotes"].as_array().unwrap().len(), 2);

    // two reports in one file, each with such a line: each keeps its own note list
    let two = format!(
        "Key developments since May 2000: A.\n\n{text}\nTable of Contents\n\nKey developments since May 2000: B.\n\n{text}"
    );
    let dir = folder(&[("two.txt", &two)]);
    let input = path(dir.path(), "two.txt");
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("checked 2 reports: 4 sections, 4 endnotes, 4 references;"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_web_report_note_line_with_a_bad_label_is_kept_with_a_warning() {
    let dir = folder(&[(
        "r.txt",
        "Text.[1][2]\n\n[1] One.\n[-1] minus.\n[2] Two.\n[99999999999999999999] big.\n",
    )]);
    let input = path(dir.path(), "r.txt");
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{input}:4:1: warning: `[-1]` is not a note label (a note label is a number without a sign); the line is kept as text of note [1]"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "{input}:6:1: warning: `[99999999999999999999]` is not a note label"
        )),
        "{}",
        run.stderr
    );
    // no word is lost
    let json = exported_json(&input).to_string();
    assert!(json.contains("One. [-1] minus."), "{json}");
    assert!(json.contains("Two. [99999999999999999999] big."), "{json}");
}

#[test]
fn the_sample_web_report_reads_as_before() {
    let run = folio(&["check", sample().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "checked 1 report: 4 sections, 18 endnotes, 18 references; 0 errors, 0 warnings"
    );
}

#[test]
fn markdown_with_many_references_on_one_line_gives_each_its_place() {
    // 50,000 references on one line, then one to no note: its column is exact
    let line = "Text[^a]".repeat(50_000);
    let dir = folder(&[(
        "refs.md",
        &format!("# Refs\n\n{line} and[^gone].\n\n[^a]: The note.\n"),
    )]);
    let input = path(dir.path(), "refs.md");
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{input}:3:400005: error:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("50001 references; 1 error"),
        "{}",
        run.stdout
    );
}

/// A font to name: one of the shipped faces (575 KiB).
fn shipped_font() -> std::path::PathBuf {
    folio_tests::repo().join("fonts/NotoSerif-Regular.ttf")
}

#[test]
fn a_font_that_is_no_regular_file_or_too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(dir.path().join("folder.ttf")).unwrap();
    let fifo = dir.path().join("pipe.ttf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let font = shipped_font();
    let folder_font = dir.path().join("folder.ttf");
    let cases: [(&Path, &[&str], String); 4] = [
        (
            Path::new("/dev/zero"),
            &[],
            "cannot use the font /dev/zero: it is a device, not a file".to_owned(),
        ),
        (
            &folder_font,
            &[],
            format!(
                "cannot use the font {}: it is a folder, not a file",
                folder_font.display()
            ),
        ),
        (
            &fifo,
            &[],
            format!(
                "cannot use the font {}: it is a named pipe, not a file",
                fifo.display()
            ),
        ),
        (
            &font,
            &["--max-input-size", "100K"],
            format!(
                "cannot use the font {}: it is larger than the 100 KiB folio reads (575.1 KiB)",
                font.display()
            ),
        ),
    ];
    let sample = sample();
    for (font, extra, message) in cases {
        let mut args = vec![
            "export",
            sample.to_str().unwrap(),
            "--to",
            "pdf",
            "--font",
            font.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let run = folio(&args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(&message), "{message}\n{}", run.stderr);
        assert!(!out.exists(), "{message}: something was written");
    }
}

#[test]
fn a_manifest_font_that_is_bad_is_an_error_at_its_place_in_check_and_export() {
    let dir = folder(&[
        ("r.txt", "Text.[1]\n\n[1] A note.\n"),
        ("text.ttf", "not a font"),
    ]);
    std::fs::copy(shipped_font(), dir.path().join("good.ttf")).unwrap();
    let manifest = |font: &str| {
        format!(
            "[publication]\ntitle = \"T\"\n\n[output]\nfonts = [\"good.ttf\", \"{font}\"]\n\n[[report]]\nsource = \"r.txt\"\n"
        )
    };
    let toml = path(dir.path(), "folio.toml");
    let out = dir.path().join("out");
    let cases: [(&str, &[&str], &str); 3] = [
        (
            "text.ttf",
            &[],
            ":5:22: error: `output.fonts`: \"text.ttf\": it is not a TrueType or OpenType font",
        ),
        (
            "missing.ttf",
            &[],
            ":5:22: error: `output.fonts`: \"missing.ttf\": there is no such file",
        ),
        (
            "good.ttf",
            &["--max-input-size", "100K"],
            ":5:10: error: `output.fonts`: \"good.ttf\": it is larger than the 100 KiB folio reads (575.1 KiB)",
        ),
    ];
    for (font, extra, message) in cases {
        std::fs::write(&toml, manifest(font)).unwrap();
        let expected = format!("{toml}{message}");
        let mut check = vec!["check", toml.as_str()];
        check.extend_from_slice(extra);
        let run = folio(&check);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
        let mut export = vec!["export", toml.as_str(), "-o", out.to_str().unwrap()];
        export.extend_from_slice(extra);
        let run = folio(&export);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
        assert!(!out.exists(), "{font}: something was written");
    }
    // good fonts only: checked and used
    std::fs::write(&toml, manifest("good.ttf")).unwrap();
    let run = folio(&["check", &toml]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn yaml_front_matter_that_does_not_parse_is_a_warning_at_its_line() {
    let dir = folder(&[(
        "r.md",
        "---\ntitle: [unclosed\nauthor: \"Bad \"quote\"\n---\n\nText.[^1]\n\n[^1]: A note.\n",
    )]);
    let input = path(dir.path(), "r.md");
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        format!(
            "{input}:2:8: warning: front matter `title`: [unclosed is not valid YAML (a `[` list that is not closed); it is kept as written"
        ),
        format!(
            "{input}:3:9: warning: front matter `author`: \"Bad \"quote\" is not valid YAML (text after the closing quote); it is kept as written"
        ),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    // kept as written, not dropped
    let json = exported_json(&input);
    assert_eq!(json["meta"]["title"], "[unclosed");
    assert_eq!(json["meta"]["authors"][0], "\"Bad \"quote\"");
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The sample exported as `format` (`json` or `xml`) into `dir`, as text.
fn sample_as(dir: &Path, format: &str) -> String {
    let run = folio(&[
        "export",
        sample().to_str().unwrap(),
        "--to",
        format,
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read_to_string(dir.join(format!("north-korea.{format}"))).unwrap()
}

#[test]
fn a_dangling_reference_in_model_json_names_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let json = sample_as(dir.path(), "json");
    // note reference 5 now cites a note 99 that does not exist
    let cited = json.find("\"note\": \"5\"").unwrap();
    let json = json.replacen("\"note\": \"5\"", "\"note\": \"99\"", 1);
    let (line, column) = line_column(&json, json[..cited].rfind('{').unwrap());
    let input = path(dir.path(), "dangling.json");
    std::fs::write(&input, &json).unwrap();
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!("{input}:{line}:{column}: error: note reference [99] points to no note");
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    // the note no longer cited is named at its place too
    let note = json.find("\"id\": \"5\"").unwrap();
    let (line, column) = line_column(&json, json[..note].rfind('{').unwrap());
    let expected = format!("{input}:{line}:{column}: warning: note [5] is never referred to");
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
}

#[test]
fn a_dangling_reference_and_a_bad_heading_level_in_folio_xml_name_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let xml = sample_as(dir.path(), "xml");
    let dangling = xml.replacen("<note-ref note=\"5\"/>", "<note-ref note=\"99\"/>", 1);
    let (line, column) = line_column(&dangling, dangling.find("<note-ref note=\"99\"").unwrap());
    let input = path(dir.path(), "dangling.xml");
    std::fs::write(&input, &dangling).unwrap();
    let run = folio(&["check", &input]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!("{input}:{line}:{column}: error: note reference [99] points to no note");
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);

    for level in ["0", "7", "x"] {
        let bad = xml.replacen("level=\"1\"", &format!("level=\"{level}\""), 1);
        let (line, column) = line_column(&bad, bad.find(&format!("level=\"{level}\"")).unwrap());
        let input = path(dir.path(), "level.xml");
        std::fs::write(&input, &bad).unwrap();
        let run = folio(&["check", &input]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let expected = format!(
            "{input}:{line}:{column}: error: invalid folio XML at line {line}, column {column}: heading level \"{level}\" is not a number from 1 to 6"
        );
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
}
