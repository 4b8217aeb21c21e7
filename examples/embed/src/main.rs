//! A program that embeds folio: it builds a publication in code, resolves it, writes its
//! PDF, EPUB and JATS editions into a folder, and checks what it wrote.
//!
//! ```sh
//! cargo run --manifest-path examples/embed/Cargo.toml -- [OUTPUT-DIR]
//! ```
//!
//! The folder defaults to `embed-out` in the system's temporary folder. The program
//! exits with 1 if the publication has errors or an edition is not what it should be.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio::epub::{EpubOptions, export_epub};
use folio::model::{
    PublicationBuilder, ReportBuilder, ResolveOptions, STACK_SIZE, SourceMap, Timestamp, resolve,
};
use folio::pdf::{PdfOptions, export_pdf};
use folio::xml::export_jats;

/// Every word of these reaches every edition.
const NOTES: [&str; 3] = [
    "Statement of the DPRK Mission to the United Nations, 4 December 1998.",
    "Jane's Mines and Mine Clearance, 2000-2001, pp. 186-7.",
    "Interview with a defector, Seoul, 12 March 2001.",
];

fn main() -> ExitCode {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("embed-out"));
    // folio's readers and writers recurse once per level of nesting: a program that
    // lets its input nest deeply gives the thread that exports it folio's stack size
    let worker = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || run(&out));
    match worker.map(|thread| thread.join()) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        Ok(Ok(Err(message))) => {
            eprintln!("embed: {message}");
            ExitCode::FAILURE
        }
        _ => {
            eprintln!("embed: the export thread could not run");
            ExitCode::FAILURE
        }
    }
}

fn run(out: &Path) -> Result<(), String> {
    let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
        .subtitle("Toward a Mine-Free World")
        .author("International Campaign to Ban Landmines")
        .date("2001-08-01")
        .report(
            ReportBuilder::new("North Korea")
                .summary("Key developments since May 2000", |p| {
                    p.text("The leaders of the two Koreas discussed the landmine issue.")
                })
                .heading("Mine Ban Policy")
                .paragraph(|p| {
                    p.text("The DPRK has not acceded to the treaty ")
                        .emphasis(|e| e.text("for security reasons"))
                        .text(".")
                        .note(|n| n.text(NOTES[0]))
                })
                .heading("Production and Stockpiling")
                .paragraph(|p| {
                    p.text("It produces the Model 15 antipersonnel mine.")
                        .note(|n| n.text(NOTES[1]))
                        .text(" Its stockpile is likely to be substantial.")
                        .note_ref("1")
                })
                .build(),
        )
        .report(
            ReportBuilder::new("South Korea")
                .heading("Mine Clearance")
                .paragraph(|p| {
                    p.text("Clearance along the Demilitarized Zone began in September 2000.")
                        .note(|n| n.text(NOTES[2]))
                })
                .build(),
        )
        .build();

    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    for diagnostic in &resolved.diagnostics {
        eprintln!("{diagnostic}");
    }
    if resolved.has_errors() {
        return Err("the publication has errors".into());
    }
    // the same date every run, so the same bytes every run
    let date = Timestamp::for_publication(&publication.meta, None);

    let mut pdf_options = PdfOptions::default();
    pdf_options.modified = Some(date);
    let pdf = export_pdf(&resolved, &pdf_options).map_err(|e| format!("pdf: {e}"))?;
    let epub =
        export_epub(&resolved, &EpubOptions::modified(date)).map_err(|e| format!("epub: {e}"))?;
    let jats = export_jats(&resolved);

    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, bytes) in [
        ("report.pdf", &pdf.bytes),
        ("report.epub", &epub.bytes),
        ("report.jats.xml", &jats),
    ] {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    check_pdf(
        &std::fs::read(out.join("report.pdf")).map_err(|e| e.to_string())?,
        pdf.page_count,
    )?;
    check_epub(&out.join("report.epub"))?;
    check_jats(&String::from_utf8(jats).map_err(|e| e.to_string())?)?;
    println!(
        "wrote {} ({} pages), {} and {}",
        out.join("report.pdf").display(),
        pdf.page_count,
        out.join("report.epub").display(),
        out.join("report.jats.xml").display()
    );
    Ok(())
}

/// A whole PDF: its header, its end, a page for each report at least, the fonts
/// embedded and the text extractable (a ToUnicode map).
fn check_pdf(bytes: &[u8], pages: usize) -> Result<(), String> {
    let ends = bytes.trim_ascii_end();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if !bytes.starts_with(b"%PDF-") || !ends.ends_with(b"%%EOF") {
        return Err("pdf: not a whole PDF file".into());
    }
    if pages < 2 {
        return Err(format!("pdf: {pages} pages for two reports"));
    }
    if !has(b"/FontFile2") || !has(b"/ToUnicode") {
        return Err("pdf: fonts not embedded with their text".into());
    }
    Ok(())
}

/// An EPUB package: `mimetype` first and stored, a report document holding every word
/// of the notes, and the notes linked as pop-up notes.
fn check_epub(path: &Path) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("epub: {e}"))?;
    let first = zip.by_index(0).map_err(|e| e.to_string())?;
    let name = first.name().map_err(|e| e.to_string())?;
    if name != "mimetype" || first.compression() != zip::CompressionMethod::Stored {
        return Err("epub: mimetype is not the first file, stored".into());
    }
    drop(name);
    drop(first);
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        if entry.name().map_err(|e| e.to_string())?.ends_with(".xhtml") {
            entry.read_to_string(&mut text).map_err(|e| e.to_string())?;
        }
    }
    let xhtml = text.replace("&#x27;", "'").replace("&apos;", "'");
    for note in NOTES {
        if !xhtml.contains(note) {
            return Err(format!("epub: the note {note:?} is missing"));
        }
    }
    if xhtml.matches("epub:type=\"noteref\"").count() != 4 {
        return Err("epub: not every note reference is a noteref".into());
    }
    Ok(())
}

/// JATS with every note as a footnote and every reference linked to it.
fn check_jats(jats: &str) -> Result<(), String> {
    let text = jats.replace("&apos;", "'").replace("&#x27;", "'");
    for note in NOTES {
        if !text.contains(note) {
            return Err(format!("jats: the note {note:?} is missing"));
        }
    }
    if jats.matches("<xref ref-type=\"fn\"").count() != 4 {
        return Err("jats: not every note reference is an xref to its note".into());
    }
    Ok(())
}
