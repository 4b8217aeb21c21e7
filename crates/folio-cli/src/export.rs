//! `folio export`: load once, resolve once, write every edition asked for.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use folio::import::{LoadOptions, Loaded};
use folio::model::{Diagnostic, Numbering, ResolveOptions};

use crate::args::{ExportArgs, Format, NumberingArg, PublicationArgs};
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
