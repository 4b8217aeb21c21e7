//! What `folio export` does to the files around it: values refused before anything is
//! written, the file names it gives, and that a run which fails puts back every file it
//! replaced (issue 25). What only a separate process shows (signals, umask, the output
//! folder's lock, a relative output folder) is in `crates/folio-cli/tests/outputs.rs`.

use std::path::Path;

use folio_tests::{folio, sample};

/// The files in `dir`, sorted by name.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// `folio export INPUT -o OUT ARGS...`.
fn export_into(input: &Path, out: &Path, args: &[&str]) -> folio_tests::Run {
    let mut all = vec![
        "export",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    folio(&all)
}

#[test]
fn values_that_make_no_sense_are_refused_with_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = sample();
    let cases: [(&[&str], &str); 7] = [
        (&["--title", ""], "the title is empty"),
        (&["--title", " \t "], "the title is empty"),
        (&["--max-input-size", "0.5"], "not a whole number of bytes"),
        (&["--max-input-size", "1.1K"], "not a whole number of bytes"),
        (
            &["--page-size", "40x40mm"],
            "each side must be from 50.8 mm (2 in) to 705.6 mm (2000 pt)",
        ),
        (
            &["--page-size", "2000x300mm"],
            "each side must be from 50.8 mm (2 in) to 705.6 mm (2000 pt)",
        ),
        (&["--page-size", "big"], "invalid page size \"big\""),
    ];
    for (args, message) in cases {
        let run = export_into(&sample, &out, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(message),
            "{args:?}: expected {message:?} in\n{}",
            run.stderr
        );
        assert!(!out.exists(), "{args:?} wrote something");
        // check takes the same publication options
        if args[0] != "--page-size" {
            let mut check = vec!["check", sample.to_str().unwrap()];
            check.extend_from_slice(args);
            let run = folio(&check);
            assert_eq!(run.code, 2, "check {args:?}: {}", run.stderr);
            assert!(run.stderr.contains(message), "{}", run.stderr);
        }
    }
    // a fractional size that makes whole bytes is taken
    let run = export_into(&sample, &out, &["--max-input-size", "1.5M", "--to", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // the manifest's page size gets the same message, at its line
    std::fs::copy(&sample, dir.path().join("r.txt")).unwrap();
    let manifest = dir.path().join("folio.toml");
    std::fs::write(
        &manifest,
        "[publication]\ntitle = \"T\"\n\n[output]\npage-size = \"30x30mm\"\n\n[[report]]\nsource = \"r.txt\"\n",
    )
    .unwrap();
    let run = folio(&["check", manifest.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("folio.toml:5:") && run.stderr.contains("from 50.8 mm (2 in)"),
        "{}",
        run.stderr
    );
}

/// The six files of an export named `name`.
fn editions_of(name: &str) -> Vec<String> {
    let mut files: Vec<String> = ["pdf", "epub", "xml", "docbook.xml", "jats.xml", "json"]
        .iter()
        .map(|extension| format!("{name}.{extension}"))
        .collect();
    // the web edition's folder
    files.push(name.to_owned());
    files.sort();
    files
}

#[test]
fn titles_in_any_script_give_their_own_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let titles = [
        ("북한 보고서", "북한-보고서"),
        ("كوريا الشمالية", "كوريا-الشمالية"),
        ("צפון קוריאה", "צפון-קוריאה"),
        ("Übersicht 北朝鮮", "ubersicht-北朝鮮"),
        ("ＡＢＣ", "abc"),
        ("— ? —", "publication"),
    ];
    let mut expected = Vec::new();
    for (title, name) in titles {
        let run = export_into(&sample(), &out, &["--title", title]);
        assert_eq!(run.code, 0, "{title}: {}", run.stderr);
        let written = editions_of(name);
        assert_eq!(run.stdout.lines().count(), 7, "{title}: {}", run.stdout);
        for file in &written {
            assert!(
                run.stdout.contains(&format!("/{file}\n")),
                "{title}: {file} not in\n{}",
                run.stdout
            );
        }
        expected.extend(written);
    }
    // every export kept its own files: none replaced another's
    expected.sort();
    assert_eq!(names_in(&out), expected);
    // and each edition is whole under its new name
    let json = std::fs::read_to_string(out.join("북한-보고서.json")).unwrap();
    assert!(
        json.contains("\"title\": \"북한 보고서\""),
        "{}",
        &json[..200]
    );
    let epub = std::fs::File::open(out.join("كوريا-الشمالية.epub")).unwrap();
    assert!(zip::ZipArchive::new(epub).unwrap().len() > 5);
    let text = folio_tests::tools::pdftotext(&out.join("צפון-קוריאה.pdf"));
    assert!(text.contains("Landmine Monitor"), "{text}");
}

#[test]
fn a_title_too_long_for_a_file_name_gives_a_cut_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // 250 characters: a slug of 250 bytes, which with `.docbook.xml` is past the 255
    // bytes a file name may have
    let title = "Landmine Monitor Report ".repeat(11)[..250].to_owned();
    assert_eq!(title.len(), 250);
    let run = export_into(&sample(), &out, &["--title", &title]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names = names_in(&out);
    assert_eq!(names.len(), 7, "{names:?}");
    let name = names[0].split('.').next().unwrap().to_owned();
    assert_eq!(names, editions_of(&name));
    assert!(name.len() <= 120 && name.len() > 100, "{name}");
    let full = title.to_lowercase().replace(' ', "-");
    assert!(full.starts_with(&name) && !name.ends_with('-'), "{name}");
    // in a script of three-byte characters, cut at a character boundary
    let korean = "북".repeat(250);
    let run = export_into(&sample(), &out, &["--title", &korean, "--to", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join(format!("{}.json", "북".repeat(40))).is_file());
}

#[test]
fn a_folder_in_the_way_of_one_edition_leaves_every_old_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // a first export, whose files a second must not half replace
    let run = export_into(&sample(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let editions = editions_of("north-korea");
    let jats = out.join("north-korea.jats.xml");
    std::fs::remove_file(&jats).unwrap();
    std::fs::create_dir(&jats).unwrap();
    std::fs::write(jats.join("keep.txt"), "mine").unwrap();
    // the files (the web edition's folder is checked by its index page)
    let before: Vec<(String, Vec<u8>)> = editions
        .iter()
        .filter(|name| !name.ends_with(".jats.xml"))
        .map(|name| {
            let path = out.join(name);
            let path = if path.is_dir() {
                path.join("index.html")
            } else {
                path
            };
            (name.clone(), std::fs::read(path).unwrap())
        })
        .collect();
    // different content: a run that replaced them would show
    let run = export_into(
        &sample(),
        &out,
        &[
            "--numbering",
            "continuous",
            "--title",
            "North Korea",
            "--notes",
            "book",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "folio: error: cannot write {}: a folder of that name is in the way; nothing was written",
            jats.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    for (name, bytes) in &before {
        let path = out.join(name);
        let path = if path.is_dir() {
            path.join("index.html")
        } else {
            path
        };
        assert!(std::fs::read(path).unwrap() == *bytes, "{name} changed");
    }
    assert_eq!(names_in(&out), editions, "a file came or went");
    assert_eq!(
        std::fs::read_to_string(jats.join("keep.txt")).unwrap(),
        "mine"
    );

    // a run that fails after making its output folder (here a PDF/A whose fonts lack
    // a character) takes the folders it made away again
    let input = dir.path().join("cjk.txt");
    std::fs::write(&input, "Text with 北 in it.[1]\n\n[1] A note.\n").unwrap();
    let made = dir.path().join("made/deeper");
    let run = export_into(&input, &made, &["--pdf-standard", "a2b"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!dir.path().join("made").exists());
}

#[test]
fn a_manifest_source_in_the_output_folder_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // a first export makes out/x.xml, which a manifest titled X then names as a source
    std::fs::copy(sample(), dir.path().join("x.txt")).unwrap();
    let run = folio(&[
        "export",
        dir.path().join("x.txt").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--to",
        "xml,json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = std::fs::read(out.join("x.xml")).unwrap();
    let manifest = dir.path().join("folio.toml");
    std::fs::write(
        &manifest,
        "[publication]\ntitle = \"X\"\n\n[[report]]\nsource = \"out/x.xml\"\n",
    )
    .unwrap();
    let run = folio(&[
        "export",
        manifest.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let source = dir.path().join("out/x.xml");
    assert!(
        run.stderr.contains(&format!(
            "folio: error: {} is an input of this export",
            source.display()
        )),
        "{}",
        run.stderr
    );
    assert!(std::fs::read(out.join("x.xml")).unwrap() == before);
    assert_eq!(names_in(&out), ["x.json", "x.xml"]);
}
