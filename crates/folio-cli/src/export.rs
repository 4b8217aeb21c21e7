//! `folio export`: load once, resolve once, write every edition asked for.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use folio::import::{LoadOptions, Loaded};
use folio::model::{Diagnostic, NotePlacement, Numbering, ResolveOptions, Timestamp};
use folio::pdf::PageSize;

use crate::args::{ExportArgs, Format, NotesArg, NumberingArg, PublicationArgs};
use crate::output::write_atomically;
use crate::{EXIT_INPUT, EXIT_OK};

pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let Input {
        loaded,
        options,
        page_size,
    } = load(&args.inputs, &args.publication)?;
    let resolved = folio::model::resolve(&loaded.publication, &options, &loaded.sources);
    print_diagnostics(err, loaded.diagnostics.iter().chain(&resolved.diagnostics))?;
    if loaded.has_errors() || resolved.has_errors() {
        writeln!(
            err,
            "folio: error: the input has errors; nothing was written"
        )?;
        return Ok(EXIT_INPUT);
    }

    let name = output_name(&loaded.publication.meta.title);
    let stamp = Timestamp::for_publication(&loaded.publication.meta, source_date_epoch(err)?);
    // a flag given on the command line wins over the manifest, which wins over the
    // default
    let notes = match args.notes {
        Some(NotesArg::Report) => NotePlacement::EndOfReport,
        Some(NotesArg::Book) => NotePlacement::EndOfBook,
        Some(NotesArg::Page) => NotePlacement::FootOfPage,
        None => loaded.output.notes.unwrap_or_default(),
    };
    let fonts = if args.pdf.fonts.is_empty() {
        &loaded.output.fonts
    } else {
        &args.pdf.fonts
    };
    let mut formats = args.formats.clone();
    formats.sort_unstable();
    formats.dedup();
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for format in formats {
        let (file, bytes) = match format {
            Format::Pdf => {
                let mut options = folio::pdf::PdfOptions::default();
                options.page_size = args.pdf.page_size.or(page_size).unwrap_or_default();
                options.notes = notes;
                options.modified = stamp;
                options.fallback_fonts = read_fonts(fonts)?;
                let pdf = folio::pdf::export_pdf(&resolved, &options)?;
                print_diagnostics(err, &pdf.warnings)?;
                (format!("{name}.pdf"), pdf.bytes)
            }
            Format::Json => (
                format!("{name}.json"),
                folio::model::to_json(&loaded.publication).into_bytes(),
            ),
            Format::Xml => (
                format!("{name}.xml"),
                folio::xml::export_folio_xml(&resolved),
            ),
            Format::Docbook => (
                format!("{name}.docbook.xml"),
                folio::xml::export_docbook(&resolved),
            ),
            Format::Jats => (
                format!("{name}.jats.xml"),
                folio::xml::export_jats(&resolved),
            ),
        };
        outputs.push((args.output.join(file), bytes));
    }

    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    for (path, bytes) in &outputs {
        write_atomically(path, bytes)?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(EXIT_OK)
}

/// A publication read, with how to resolve it and the page size its manifest gives.
pub struct Input {
    /// The publication and what the readers found.
    pub loaded: Loaded,
    /// The numbering: `--numbering`, else the manifest's, else per report.
    pub options: ResolveOptions,
    /// The manifest's page size, when it gives one that reads.
    pub page_size: Option<PageSize>,
}

/// Reads the inputs; an I/O error (a missing file) or a manifest given with other inputs
/// is an error of the command (exit 2), what is wrong inside a file (the manifest's
/// page size among it) is a diagnostic.
pub fn load(inputs: &[PathBuf], args: &PublicationArgs) -> anyhow::Result<Input> {
    let mut loaded = folio::import::load(inputs, &LoadOptions::with_title(args.title.clone()))?;
    let numbering = match args.numbering {
        Some(NumberingArg::Report) => Numbering::PerReport,
        Some(NumberingArg::Continuous) => Numbering::Continuous,
        None => loaded.output.numbering.unwrap_or_default(),
    };
    let page_size = match &loaded.output.page_size {
        Some(size) => match size.value.parse::<PageSize>() {
            Ok(page_size) => Some(page_size),
            Err(error) => {
                loaded.diagnostics.push(
                    Diagnostic::error(format!("`output.page-size`: {error}"))
                        .at(Some(size.location.clone())),
                );
                None
            }
        },
        None => None,
    };
    Ok(Input {
        loaded,
        options: ResolveOptions::with_numbering(numbering),
        page_size,
    })
}

pub fn print_diagnostics<'d>(
    err: &mut dyn Write,
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
) -> std::io::Result<()> {
    for diagnostic in diagnostics {
        writeln!(err, "{diagnostic}")?;
    }
    Ok(())
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds timestamp, when set; a value that is not
/// a whole number of seconds is a usage error.
fn source_date_epoch(err: &mut dyn Write) -> anyhow::Result<Option<i64>> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(seconds) if seconds >= 0 => Ok(Some(seconds)),
        _ => {
            writeln!(
                err,
                "folio: warning: SOURCE_DATE_EPOCH={text:?} is not a number of seconds since 1970; it is ignored"
            )?;
            Ok(None)
        }
    }
}

/// Reads the fallback fonts given with `--font`.
fn read_fonts(paths: &[PathBuf]) -> anyhow::Result<Vec<folio::pdf::FallbackFont>> {
    paths
        .iter()
        .map(|path| {
            let data = std::fs::read(path)
                .with_context(|| format!("cannot read the font {}", path.display()))?;
            Ok(folio::pdf::FallbackFont {
                name: path.display().to_string(),
                data,
                index: 0,
            })
        })
        .collect()
}

/// The file name (without extension) of a publication's outputs: its title as a slug.
fn output_name(title: &str) -> String {
    let slug = folio::model::slug(title);
    if slug.is_empty() {
        "publication".to_owned()
    } else {
        slug
    }
}
