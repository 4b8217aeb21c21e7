//! Diagnostics: errors and warnings about the input, with where they were found.

use std::fmt;

use crate::publication::NoteId;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing; the editions are still complete.
    Warning,
    /// The input is wrong; editions would be wrong or incomplete.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A place in a source file: 1-based line and column (counted in characters).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, as the user named it.
    pub file: String,
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
}

impl Location {
    /// A location in `file` at `line` and `column`.
    pub fn new(file: impl Into<String>, line: u32, column: u32) -> Self {
        Self {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// An error or warning about the input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in lowercase, without a final full stop.
    pub message: String,
    /// Where, when it comes from a source file.
    pub location: Option<Location>,
    /// Suggestions for a fix, each printed as `hint: ...`.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Self {
            severity,
            message: message.into(),
            location: None,
            hints: Vec::new(),
        }
    }

    /// The same diagnostic, found at `location`.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// The same diagnostic with a hint added.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `file:line:col: error: message`, then one `hint: ...` line per hint.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: ")?,
            None => f.write_str("folio: ")?,
        }
        write!(f, "{}: {}", self.severity, self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Where the parts of a publication came from, so that `resolve()` can say where a
/// problem is. Readers fill it; a publication built in code has an empty one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// One entry per report, in the publication's order (missing entries are unknown).
    pub reports: Vec<ReportSource>,
}

/// Where one report's parts came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportSource {
    /// The file the report was read from.
    pub file: String,
    /// Line and column of each endnote, parallel to `Report::endnotes`.
    pub notes: Vec<(u32, u32)>,
    /// Line and column of each note reference, in the order of `Report::note_refs()`.
    pub refs: Vec<(u32, u32)>,
    /// Line and column of each table, in reading order (summary, then body, depth
    /// first, as `Report::for_each_block` meets them).
    pub tables: Vec<(u32, u32)>,
    /// Line and column of each figure's image, in reading order (summary, then body,
    /// as `Report::for_each_block` meets them); an endnote's figures are not listed.
    pub figures: Vec<(u32, u32)>,
}

impl SourceMap {
    pub(crate) fn note(&self, report: usize, note: usize) -> Option<Location> {
        let source = self.reports.get(report)?;
        let &(line, column) = source.notes.get(note)?;
        Some(Location::new(&source.file, line, column))
    }

    pub(crate) fn reference(&self, report: usize, site: usize) -> Option<Location> {
        let source = self.reports.get(report)?;
        let &(line, column) = source.refs.get(site)?;
        Some(Location::new(&source.file, line, column))
    }

    pub(crate) fn table(&self, report: usize, table: usize) -> Option<Location> {
        let source = self.reports.get(report)?;
        match source.tables.get(table) {
            Some(&(line, column)) => Some(Location::new(&source.file, line, column)),
            None => self.report(report),
        }
    }

    pub(crate) fn figure(&self, report: usize, figure: usize) -> Option<Location> {
        let source = self.reports.get(report)?;
        match source.figures.get(figure) {
            Some(&(line, column)) => Some(Location::new(&source.file, line, column)),
            None => self.report(report),
        }
    }

    pub(crate) fn report(&self, report: usize) -> Option<Location> {
        let source = self.reports.get(report)?;
        Some(Location::new(&source.file, 1, 1))
    }
}

/// Quotes a note label as the messages show it: `[3]`.
pub(crate) fn label(id: &NoteId) -> String {
    format!("[{id}]")
}
