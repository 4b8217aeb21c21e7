//! `folio export`: load once, resolve once, write every edition asked for.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use folio::import::{LoadOptions, Loaded};
use folio::model::{Diagnostic, NotePlacement, Numbering, ResolveOptions, Resolved, Timestamp};

use crate::args::{ExportArgs, Format, NotesArg, NumberingArg, PublicationArgs};
use crate::output::write_atomically;
use crate::{EXIT_INPUT, EXIT_OK};

pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let (loaded, options) = load(&args.inputs, &args.publication)?;
    let resolved = folio::model::resolve(&loaded.publication, &options, &loaded.sources);
    print_diagnostics(err, loaded.diagnostics.iter().chain(&resolved.diagnostics))?;
    if loaded.has_errors() || resolved.has_errors() {
        writeln!(
            err,
            "folio: error: the input has errors; nothing was written"
        )?;
        return Ok(EXIT_INPUT);
    }

    let epoch = source_date_epoch(err)?;
    let modified = Timestamp::for_publication(&loaded.publication.meta, epoch);
    let name = output_name(&loaded.publication.meta.title);
    let mut formats = args.formats.clone();
    formats.dedup();
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for format in formats {
        let (file, bytes) = match format {
            Format::Json => (
                format!("{name}.json"),
                folio::model::to_json(&loaded.publication).into_bytes(),
            ),
            Format::Epub => (
                format!("{name}.epub"),
                epub(&resolved, args, modified, err)?,
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

/// The EPUB edition; its warnings go to `err`.
fn epub(
    resolved: &Resolved<'_>,
    args: &ExportArgs,
    modified: Timestamp,
    err: &mut dyn Write,
) -> anyhow::Result<Vec<u8>> {
    let mut options = folio::epub::EpubOptions::modified(modified);
    options.embed_fonts = !args.no_embed_fonts;
    options.notes = note_placement(args.notes);
    let epub = folio::epub::export_epub(resolved, &options)?;
    print_diagnostics(err, &epub.warnings)?;
    Ok(epub.bytes)
}

/// `--notes`, as the editions' option.
pub fn note_placement(notes: NotesArg) -> NotePlacement {
    match notes {
        NotesArg::Report => NotePlacement::EndOfReport,
        NotesArg::Book => NotePlacement::EndOfBook,
        NotesArg::Page => NotePlacement::FootOfPage,
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds date: seconds since 1970 that editions
/// carry instead of the publication date. A value that is not one is ignored with a
/// warning.
fn source_date_epoch(err: &mut dyn Write) -> std::io::Result<Option<i64>> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(seconds) if Timestamp::from_unix(seconds).is_some() => Ok(Some(seconds)),
        _ => {
            writeln!(
                err,
                "folio: warning: SOURCE_DATE_EPOCH={text:?} is not a number of seconds from 1970 to 9999; ignored"
            )?;
            Ok(None)
        }
    }
}

/// Reads the inputs; an I/O error (a missing file) is an error of the command (exit 2),
/// what is wrong inside a file is a diagnostic.
pub fn load(
    inputs: &[PathBuf],
    args: &PublicationArgs,
) -> anyhow::Result<(Loaded, ResolveOptions)> {
    let loaded = folio::import::load(inputs, &LoadOptions::with_title(args.title.clone()))?;
    let numbering = match args.numbering {
        NumberingArg::Report => Numbering::PerReport,
        NumberingArg::Continuous => Numbering::Continuous,
    };
    Ok((loaded, ResolveOptions::with_numbering(numbering)))
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

/// The file name (without extension) of a publication's outputs: its title as a slug.
fn output_name(title: &str) -> String {
    let slug = folio::model::slug(title);
    if slug.is_empty() {
        "publication".to_owned()
    } else {
        slug
    }
}
