//! What `folio export` does to the files around it: values refused before anything is
//! written, the file names it gives, and that a run which fails puts back every file it
//! replaced (issue 25). What only a separate process shows (signals, umask, the output
//! folder's lock, a relative output folder) is in `crates/folio-cli/tests/outputs.rs`.

use std::path::Path;

use folio_tests::{folio, sample};

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
