//! `folio check`: read, resolve, report.

use std::io::Write;

use folio::model::{Diagnostic, Resolved};

use crate::args::CheckArgs;
use crate::export::{Input, load, print_diagnostics};
use crate::{EXIT_INPUT, EXIT_OK};

pub fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let Input {
        loaded, options, ..
    } = load(&args.inputs, &args.publication)?;
    let resolved = folio::model::resolve(&loaded.publication, &options, &loaded.sources);
    let diagnostics: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .chain(&resolved.diagnostics)
        .collect();
    print_diagnostics(err, diagnostics.iter().copied())?;
    writeln!(out, "{}", summary_line(&resolved, &diagnostics))?;
    let errors = diagnostics.iter().any(|d| d.is_error());
    Ok(if errors { EXIT_INPUT } else { EXIT_OK })
}

/// `checked 1 report: 4 sections, 18 endnotes, 18 references; 0 errors, 0 warnings`, with
/// `2 table notes` after the endnotes when notes are set at the foot of tables.
fn summary_line(resolved: &Resolved<'_>, diagnostics: &[&Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let table_notes = resolved
        .reports
        .iter()
        .flat_map(|report| &report.notes)
        .filter(|note| note.is_table_note())
        .count();
    let mut notes = counted(resolved.note_count() - table_notes, "endnote");
    if table_notes > 0 {
        notes = format!("{notes}, {}", counted(table_notes, "table note"));
    }
    format!(
        "checked {}: {}, {}, {}; {}, {}",
        counted(resolved.publication.reports.len(), "report"),
        counted(resolved.section_count(), "section"),
        notes,
        counted(resolved.reference_count(), "reference"),
        counted(errors, "error"),
        counted(warnings, "warning"),
    )
}

fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
