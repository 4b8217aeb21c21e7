//! `resolve()`: the one place where notes are numbered and references are checked.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, SourceMap, label};
use crate::publication::{
    Block, NoteId, Publication, Report, for_each_block, for_each_inline, plain_text,
};
use crate::table::Table;

/// How endnotes are numbered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Numbering {
    /// Each report's notes start again at 1 (the default, as in the sources).
    #[default]
    PerReport,
    /// One sequence of numbers runs through the whole publication.
    Continuous,
}

/// Where a note cited only inside one table goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TableNotes {
    /// At the foot of its table, lettered a, b, c afresh in each table (the default, as
    /// the UN Editorial Manual and DocBook's stylesheets set them).
    #[default]
    Foot,
    /// With the report's other notes, numbered with them.
    Endnotes,
}

/// Options for [`resolve`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResolveOptions {
    /// How notes are numbered. Default: per report.
    pub numbering: Numbering,
    /// Where notes cited only inside one table go. Default: at the table's foot.
    pub table_notes: TableNotes,
}

impl ResolveOptions {
    /// Options with this numbering.
    pub fn with_numbering(numbering: Numbering) -> Self {
        Self {
            numbering,
            ..Self::default()
        }
    }

    /// The same options with table notes set this way.
    pub fn table_notes(mut self, table_notes: TableNotes) -> Self {
        self.table_notes = table_notes;
        self
    }
}

/// A publication with its notes numbered and its references linked: what every edition
/// reads.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Resolved<'a> {
    /// The publication resolved.
    pub publication: &'a Publication,
    /// How the notes were numbered.
    pub numbering: Numbering,
    /// One entry per report, parallel to `publication.reports`.
    pub reports: Vec<ResolvedReport>,
    /// Errors and warnings, in the order of the publication.
    pub diagnostics: Vec<Diagnostic>,
}

/// The numbering and links of one report's notes.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ResolvedReport {
    /// One entry per endnote, parallel to `Report::endnotes`.
    pub notes: Vec<NoteInfo>,
    /// One entry per note reference, in reading order (summary, then body; a table's
    /// caption, then its cells row by row).
    pub refs: Vec<RefSite>,
    /// One entry per table, in reading order (as `Report::for_each_block` meets them).
    pub tables: Vec<TableInfo>,
    /// One entry per figure, in reading order (as `Report::for_each_block` meets them).
    pub figures: Vec<FigureInfo>,
    by_id: HashMap<NoteId, usize>,
}

/// A figure's id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FigureInfo {
    /// An id for the figure, unique in the publication and usable in XML and URLs: its
    /// label when it has one (with `-2`... when another anchor has it), else `fig1`,
    /// `fig2`... (prefixed with the report's id when there are several reports). The
    /// figure's number in its report ("Figure 2") is its index here plus one.
    pub anchor: String,
}

/// A table's id and the notes set at its foot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableInfo {
    /// An id for the table, unique in the publication and usable in XML and URLs: its
    /// label when it has one (with `-2`... when a note's anchor has it), else `tab1`,
    /// `tab2`... (prefixed with the report's id when there are several reports).
    pub anchor: String,
    /// The notes cited only in this table, as indices into `Report::endnotes`, in the
    /// order of their letters (a, b, c: their first citations in the table). Empty with
    /// [`TableNotes::Endnotes`].
    pub notes: Vec<usize>,
}

/// How a note is numbered and where it is cited from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoteInfo {
    /// The number of the note: among the endnotes, or for a table note its place among
    /// its table's notes (1 for a). [`NoteInfo::mark`] is what is printed.
    pub number: u32,
    /// The reference sites that cite the note, as indices into `ResolvedReport::refs`,
    /// in reading order.
    pub refs: Vec<usize>,
    /// An id for the note, unique in the publication and usable in XML and URLs.
    pub anchor: String,
    /// For a table note, its table, as an index into `ResolvedReport::tables`; `None`
    /// for an endnote.
    pub table: Option<usize>,
}

impl NoteInfo {
    /// What is printed for the note and its references: its number, or for a table
    /// note its letter (`a`, `b`, ... `z`, `aa`).
    pub fn mark(&self) -> String {
        match self.table {
            None => self.number.to_string(),
            Some(_) => citation_letter(self.number.saturating_sub(1) as usize),
        }
    }

    /// Whether the note is set at the foot of a table rather than with the endnotes.
    pub fn is_table_note(&self) -> bool {
        self.table.is_some()
    }
}

/// One place where a note is cited.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefSite {
    /// The note cited, as an index into `Report::endnotes`; `None` when the reference
    /// dangles (an error).
    pub note: Option<usize>,
    /// Which citation of its note this is: 0 for the first, 1 for the second...
    pub nth: usize,
    /// An id for the reference site, unique in the publication, for back-links.
    pub anchor: String,
}

impl ResolvedReport {
    /// The index into `Report::endnotes` of the note with this id.
    pub fn note_index(&self, id: &NoteId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// A cursor that hands out this report's reference sites in reading order; a
    /// backend calls [`RefCursor::next_site`] at every `Inline::NoteRef` it renders.
    pub fn cursor(&self) -> RefCursor<'_> {
        RefCursor {
            refs: &self.refs,
            next: 0,
        }
    }
}

/// Hands out a report's reference sites in reading order.
#[derive(Clone, Debug)]
pub struct RefCursor<'r> {
    refs: &'r [RefSite],
    next: usize,
}

impl RefCursor<'static> {
    /// A cursor with no reference sites (for text that cannot cite notes, such as a
    /// note's own text).
    pub fn empty() -> Self {
        RefCursor { refs: &[], next: 0 }
    }
}

impl<'r> RefCursor<'r> {
    /// The next reference site, with its index into `ResolvedReport::refs`.
    pub fn next_site(&mut self) -> Option<(usize, &'r RefSite)> {
        let index = self.next;
        let site = self.refs.get(index)?;
        self.next += 1;
        Some((index, site))
    }
}

impl Resolved<'_> {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// The number of section headings in all reports.
    pub fn section_count(&self) -> usize {
        self.publication
            .reports
            .iter()
            .map(Report::section_count)
            .sum()
    }

    /// The number of endnotes in all reports.
    pub fn note_count(&self) -> usize {
        self.reports.iter().map(|r| r.notes.len()).sum()
    }

    /// The number of note references in all reports.
    pub fn reference_count(&self) -> usize {
        self.reports.iter().map(|r| r.refs.len()).sum()
    }
}

/// The label of the `nth` citation of a note in back-links: `a`, `b`, ... `z`, `aa`, ...
pub fn citation_letter(nth: usize) -> String {
    let mut n = nth + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Numbers the notes of `publication`, links every reference to its note and checks
/// them: a reference to no note and two notes with one label are errors; a note never
/// cited, an empty note and notes first cited out of the order of the note list are
/// warnings, as is each link whose address no edition makes live
/// ([`is_live_link`](crate::is_live_link)). A note cited only inside one table becomes
/// that table's note (see [`TableNotes`]); tables are checked (see
/// [`crate::Table::grid`]). `sources` says where things came from (pass
/// `&SourceMap::default()` for a publication built in code).
pub fn resolve<'a>(
    publication: &'a Publication,
    options: &ResolveOptions,
    sources: &SourceMap,
) -> Resolved<'a> {
    let mut diagnostics = Vec::new();
    check_reports(publication, sources, &mut diagnostics);
    let several = publication.reports.len() > 1;
    let prefix_anchors = several && options.numbering == Numbering::PerReport;
    let mut next_number = 1u32;
    let mut reports = Vec::with_capacity(publication.reports.len());
    for (r, report) in publication.reports.iter().enumerate() {
        if options.numbering == Numbering::PerReport {
            next_number = 1;
        }
        let report_prefix = format!("{}-", report.id);
        let prefixes = Prefixes {
            notes: if prefix_anchors {
                report_prefix.clone()
            } else {
                String::new()
            },
            tables: if several {
                report_prefix
            } else {
                String::new()
            },
        };
        let resolved = resolve_report(
            report,
            r,
            &prefixes,
            options,
            &mut next_number,
            sources,
            &mut diagnostics,
        );
        reports.push(resolved);
    }
    unique_table_anchors(publication, &mut reports);
    Resolved {
        publication,
        numbering: options.numbering,
        reports,
        diagnostics,
    }
}

fn resolve_report(
    report: &Report,
    r: usize,
    prefixes: &Prefixes,
    options: &ResolveOptions,
    next_number: &mut u32,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> ResolvedReport {
    let Prefixes {
        notes: prefix,
        tables: table_prefix,
    } = prefixes;
    let mut by_id = HashMap::with_capacity(report.endnotes.len());
    for (n, note) in report.endnotes.iter().enumerate() {
        if let Some(&first) = by_id.get(&note.id) {
            let first_at = sources.note(r, first).map(|l| l.to_string());
            let mut d = Diagnostic::error(format!(
                "duplicate note label {}: two notes cannot share a label",
                label(&note.id)
            ))
            .at(sources.note(r, n));
            if let Some(at) = first_at {
                d = d.hint(format!("the first note {} is at {at}", label(&note.id)));
            }
            diagnostics.push(d);
        } else {
            by_id.insert(note.id.clone(), n);
        }
        if note_is_empty(&note.blocks) {
            diagnostics.push(
                Diagnostic::warning(format!("note {} is empty", label(&note.id)))
                    .at(sources.note(r, n)),
            );
        }
    }

    // every reference, with the table it sits in
    let mut walk = Walk::default();
    if let Some(summary) = &report.summary {
        walk.blocks(&summary.blocks, None);
    }
    walk.blocks(&report.body, None);

    // a note cited only inside one table is that table's note
    let mut home: Vec<Option<Option<usize>>> = vec![None; report.endnotes.len()];
    for &(id, table) in &walk.sites {
        if let Some(&n) = by_id.get(id) {
            home[n] = match home[n] {
                None => Some(table),
                Some(seen) if seen == table => Some(seen),
                Some(_) => Some(None),
            };
        }
    }
    let table_of = |n: usize| match options.table_notes {
        TableNotes::Foot => home[n].flatten(),
        TableNotes::Endnotes => None,
    };

    let mut notes = Vec::with_capacity(report.endnotes.len());
    for n in 0..report.endnotes.len() {
        let (number, anchor, table) = match table_of(n) {
            // numbered below, by first citation in the table
            Some(t) => (0, String::new(), Some(t)),
            None => {
                let number = *next_number;
                *next_number += 1;
                (number, format!("{prefix}n{number}"), None)
            }
        };
        notes.push(NoteInfo {
            number,
            refs: Vec::new(),
            anchor,
            table,
        });
    }
    let mut tables: Vec<TableInfo> = walk
        .tables
        .iter()
        .enumerate()
        .map(|(t, table)| TableInfo {
            anchor: table
                .label
                .clone()
                .unwrap_or_else(|| format!("{table_prefix}tab{}", t + 1)),
            notes: Vec::new(),
        })
        .collect();

    let figures: Vec<FigureInfo> = walk
        .figures
        .iter()
        .enumerate()
        .map(|(f, figure)| FigureInfo {
            anchor: figure
                .label
                .clone()
                .unwrap_or_else(|| format!("{table_prefix}fig{}", f + 1)),
        })
        .collect();

    let mut refs = Vec::with_capacity(walk.sites.len());
    let mut latest_first_cited: Option<usize> = None;
    for (site, &(id, _)) in walk.sites.iter().enumerate() {
        let note = by_id.get(id).copied();
        let (nth, anchor) = match note {
            Some(n) => {
                let info = &mut notes[n];
                let nth = info.refs.len();
                info.refs.push(site);
                if let Some(t) = info.table {
                    if nth == 0 {
                        tables[t].notes.push(n);
                        info.number = tables[t].notes.len() as u32;
                        info.anchor = format!("{table_prefix}t{}-{}", t + 1, info.mark());
                    }
                    let suffix = if nth == 0 {
                        String::new()
                    } else {
                        format!("-{}", citation_letter(nth))
                    };
                    (
                        nth,
                        format!("{table_prefix}t{}-r{}{suffix}", t + 1, info.mark()),
                    )
                } else {
                    if nth == 0 {
                        if let Some(latest) = latest_first_cited.filter(|&l| l > n) {
                            diagnostics.push(
                                Diagnostic::warning(format!(
                                    "note {} is first cited after note {}: labels out of order",
                                    label(id),
                                    label(&report.endnotes[latest].id)
                                ))
                                .at(sources.reference(r, site)),
                            );
                        }
                        latest_first_cited = latest_first_cited.max(Some(n));
                    }
                    let number = info.number;
                    let suffix = if nth == 0 {
                        String::new()
                    } else {
                        citation_letter(nth)
                    };
                    (nth, format!("{prefix}r{number}{suffix}"))
                }
            }
            None => {
                diagnostics.push(
                    Diagnostic::error(format!("note reference {} points to no note", label(id)))
                        .at(sources.reference(r, site))
                        .hint(format!(
                            "add a note {} to the report's note list",
                            label(id)
                        )),
                );
                (0, format!("{prefix}x{site}"))
            }
        };
        refs.push(RefSite { note, nth, anchor });
    }

    for (n, info) in notes.iter().enumerate() {
        let is_first_with_label = by_id.get(&report.endnotes[n].id) == Some(&n);
        if info.refs.is_empty() && is_first_with_label {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "note {} is never referred to",
                    label(&report.endnotes[n].id)
                ))
                .at(sources.note(r, n)),
            );
        }
    }
    check_tables(&walk.tables, r, sources, diagnostics);
    ResolvedReport {
        notes,
        refs,
        tables,
        figures,
        by_id,
    }
}

/// Makes every table's and figure's anchor unique in the publication: a label keeps its
/// name unless a note or reference anchor (or a label before it) has it (then it gets
/// `-2`, `-3`...), and a made-up `tab1` or `fig1` steps aside for every label. Nothing to
/// do without tables and figures.
fn unique_table_anchors(publication: &Publication, reports: &mut [ResolvedReport]) {
    if reports
        .iter()
        .all(|r| r.tables.is_empty() && r.figures.is_empty())
    {
        return;
    }
    let mut taken: HashSet<String> = HashSet::new();
    for report in reports.iter() {
        taken.extend(report.notes.iter().map(|n| n.anchor.clone()));
        taken.extend(report.refs.iter().map(|s| s.anchor.clone()));
    }
    let mut labelled: Vec<(Vec<bool>, Vec<bool>)> = Vec::with_capacity(reports.len());
    for report in &publication.reports {
        let (mut tables, mut figures) = (Vec::new(), Vec::new());
        report.for_each_block(&mut |block| match block {
            Block::Table(table) => tables.push(table.label.is_some()),
            Block::Figure(figure) => figures.push(figure.label.is_some()),
            _ => {}
        });
        labelled.push((tables, figures));
    }
    // labels first, in reading order (tables, then figures), then the made-up anchors
    for labels_pass in [true, false] {
        for (report, (tables, figures)) in reports.iter_mut().zip(&labelled) {
            let anchors = report
                .tables
                .iter_mut()
                .map(|info| &mut info.anchor)
                .zip(tables)
                .chain(
                    report
                        .figures
                        .iter_mut()
                        .map(|info| &mut info.anchor)
                        .zip(figures),
                );
            for (anchor, &is_labelled) in anchors {
                if is_labelled == labels_pass {
                    *anchor = crate::unique_id(std::mem::take(anchor), &mut taken);
                }
            }
        }
    }
}

/// The prefixes that keep a report's anchors unique in the publication.
struct Prefixes {
    /// For notes and references: empty when the numbers are unique already.
    notes: String,
    /// For tables and their notes, whose letters restart in each table.
    tables: String,
}

/// A report's note references in reading order, each with the table it sits in (as an
/// index into `tables`), and its tables in reading order.
#[derive(Default)]
struct Walk<'a> {
    sites: Vec<(&'a NoteId, Option<usize>)>,
    tables: Vec<&'a Table>,
    figures: Vec<&'a crate::Figure>,
}

impl<'a> Walk<'a> {
    fn blocks(&mut self, blocks: &'a [Block], table: Option<usize>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    self.inlines(content, table);
                }
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(item, table);
                    }
                }
                Block::Quote { blocks } => self.blocks(blocks, table),
                Block::Figure(figure) => {
                    self.figures.push(figure);
                    self.inlines(&figure.caption, table);
                }
                Block::Table(t) => {
                    let me = Some(self.tables.len());
                    self.tables.push(t);
                    self.inlines(&t.caption, me);
                    for row in t.all_rows() {
                        for cell in &row.cells {
                            self.blocks(&cell.blocks, me);
                        }
                    }
                }
            }
        }
    }

    fn inlines(&mut self, content: &'a [crate::Inline], table: Option<usize>) {
        for_each_inline(content, &mut |inline| {
            if let crate::Inline::NoteRef { note } = inline {
                self.sites.push((note, table));
            }
        });
    }
}

/// Tables are regular (a short or long row is a warning; a span past the table and an
/// empty table are errors) and hold no tables.
fn check_tables(tables: &[&Table], r: usize, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    for (t, table) in tables.iter().enumerate() {
        let at = || sources.table(r, t);
        for problem in table.grid().problems {
            let message = format!("table {}: {problem}", t + 1);
            out.push(if problem.is_error() {
                Diagnostic::error(message).at(at())
            } else {
                Diagnostic::warning(message).at(at())
            });
        }
        let mut nested = false;
        for row in table.all_rows() {
            for cell in &row.cells {
                for_each_block(&cell.blocks, &mut |block| {
                    nested |= matches!(block, Block::Table(_));
                });
            }
        }
        if nested {
            out.push(
                Diagnostic::error(format!(
                    "table {} holds a table in a cell; tables cannot nest",
                    t + 1
                ))
                .at(at()),
            );
        }
        if let Some(id) = &table.label
            && !is_xml_id(id)
        {
            out.push(
                Diagnostic::error(format!(
                    "table label {id:?} is not a valid id (a letter first, then letters, digits, '-', '_' or '.')"
                ))
                .at(at()),
            );
        }
    }
}

/// Report ids must be unique and usable as XML ids; headings run from level 1 to 6;
/// notes hold no note references and no tables; table labels are unique; a link the
/// editions keep as text is a warning.
fn check_reports(publication: &Publication, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut seen = HashMap::new();
    let mut table_labels = HashMap::new();
    for (r, report) in publication.reports.iter().enumerate() {
        let mut t = 0;
        let mut f = 0;
        report.for_each_block(&mut |block| {
            if let Block::Figure(figure) = block {
                if let Some(id) = &figure.label
                    && !is_xml_id(id)
                {
                    out.push(
                        Diagnostic::error(format!(
                            "figure label {id:?} is not a valid id (a letter first, then letters, digits, '-', '_' or '.')"
                        ))
                        .at(sources.figure(r, f)),
                    );
                }
                f += 1;
            }
            if let Block::Table(table) = block {
                if let Some(id) = &table.label
                    && table_labels.insert(id.as_str(), ()).is_some()
                {
                    out.push(
                        Diagnostic::error(format!("two tables have the label {id:?}"))
                            .at(sources.table(r, t)),
                    );
                }
                t += 1;
            }
        });
        if !is_xml_id(&report.id) {
            out.push(
                Diagnostic::error(format!(
                    "report id {:?} is not a valid id (a letter first, then letters, digits, '-', '_' or '.')",
                    report.id
                ))
                .at(sources.report(r)),
            );
        } else if seen.insert(report.id.as_str(), r).is_some() {
            out.push(
                Diagnostic::error(format!("two reports have the id {:?}", report.id))
                    .at(sources.report(r)),
            );
        }
        let mut bad_level = None;
        report.for_each_block(&mut |block| {
            if let Block::Heading { level, .. } = block
                && !(1..=6).contains(level)
            {
                bad_level = Some(*level);
            }
        });
        if let Some(level) = bad_level {
            out.push(
                Diagnostic::error(format!(
                    "report {:?} has a heading of level {level}; levels run from 1 to 6",
                    report.id
                ))
                .at(sources.report(r)),
            );
        }
        crate::link::check_links(report, out);
        for (n, note) in report.endnotes.iter().enumerate() {
            let mut nested = false;
            let mut table = false;
            let mut figure = false;
            for_each_block(&note.blocks, &mut |block| {
                table |= matches!(block, Block::Table(_));
                figure |= matches!(block, Block::Figure(_));
                if let Some(content) = block.content() {
                    for_each_inline(content, &mut |inline| {
                        nested |= matches!(inline, crate::Inline::NoteRef { .. });
                    });
                }
            });
            if table {
                out.push(
                    Diagnostic::error(format!(
                        "note {} holds a table; notes cannot hold tables",
                        label(&note.id)
                    ))
                    .at(sources.note(r, n)),
                );
            }
            if figure {
                out.push(
                    Diagnostic::error(format!(
                        "note {} holds a figure; notes cannot hold figures",
                        label(&note.id)
                    ))
                    .at(sources.note(r, n)),
                );
            }
            if nested {
                out.push(
                    Diagnostic::error(format!(
                        "note {} refers to another note; notes cannot hold note references",
                        label(&note.id)
                    ))
                    .at(sources.note(r, n)),
                );
            }
        }
    }
}

/// Whether `id` is an XML NCName of the plain kind: an ASCII letter, then ASCII letters,
/// digits, `-`, `_` or `.`.
pub fn is_xml_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn note_is_empty(blocks: &[Block]) -> bool {
    let mut empty = true;
    crate::publication::for_each_block(blocks, &mut |block| {
        if let Some(content) = block.content()
            && !plain_text(content).trim().is_empty()
        {
            empty = false;
        }
    });
    empty
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endnote, Inline, Location, PublicationBuilder, ReportBuilder, ReportSource};

    fn report(refs: &[&str], notes: &[(&str, &str)]) -> Report {
        let mut builder = ReportBuilder::new("R");
        for id in refs {
            builder = builder.paragraph(|p| p.text("Text.").note_ref(*id));
        }
        for (id, text) in notes {
            builder = builder.endnote(*id, vec![Block::text(*text)]);
        }
        builder.build()
    }

    fn resolve_one(report: Report, sources: &SourceMap) -> (Publication, Vec<Diagnostic>) {
        let publication = PublicationBuilder::new("P").report(report).build();
        let diagnostics = resolve(&publication, &ResolveOptions::default(), sources).diagnostics;
        (publication, diagnostics)
    }

    #[test]
    fn notes_are_numbered_in_list_order_and_sites_link_both_ways() {
        let publication = PublicationBuilder::new("P")
            .report(report(&["a", "b", "a"], &[("a", "A"), ("b", "B")]))
            .build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
        let r = &resolved.reports[0];
        assert_eq!(r.notes[0].number, 1);
        assert_eq!(r.notes[1].number, 2);
        assert_eq!(r.notes[0].refs, vec![0, 2]);
        assert_eq!(r.refs[2].nth, 1);
        assert_eq!(r.refs[0].anchor, "r1");
        assert_eq!(r.refs[2].anchor, "r1b");
        assert_eq!(r.notes[0].anchor, "n1");
        let mut cursor = r.cursor();
        assert_eq!(cursor.next_site().unwrap().1.note, Some(0));
        assert_eq!(cursor.next_site().unwrap().1.note, Some(1));
    }

    #[test]
    fn continuous_numbering_runs_across_reports() {
        let publication = PublicationBuilder::new("P")
            .report(report(&["1"], &[("1", "A")]))
            .report(report(&["1"], &[("1", "B")]))
            .build();
        let per_report = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert_eq!(per_report.reports[1].notes[0].number, 1);
        assert_eq!(per_report.reports[1].notes[0].anchor, "r-2-n1");
        let continuous = resolve(
            &publication,
            &ResolveOptions::with_numbering(Numbering::Continuous),
            &SourceMap::default(),
        );
        assert_eq!(continuous.reports[1].notes[0].number, 2);
        assert_eq!(continuous.reports[1].notes[0].anchor, "n2");
    }

    #[test]
    fn a_dangling_reference_is_an_error_at_its_place() {
        let sources = SourceMap {
            reports: vec![ReportSource {
                file: "f.txt".into(),
                notes: vec![(9, 1)],
                refs: vec![(3, 14)],
                tables: Vec::new(),
                figures: Vec::new(),
            }],
        };
        let (_, diagnostics) = resolve_one(report(&["7"], &[("1", "A")]), &sources);
        let error = diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(error.message, "note reference [7] points to no note");
        assert_eq!(error.location, Some(Location::new("f.txt", 3, 14)));
        let unused = diagnostics.iter().find(|d| !d.is_error()).unwrap();
        assert_eq!(unused.message, "note [1] is never referred to");
        assert_eq!(unused.location, Some(Location::new("f.txt", 9, 1)));
    }

    #[test]
    fn a_duplicate_label_is_an_error() {
        let (_, diagnostics) = resolve_one(
            report(&["1"], &[("1", "A"), ("1", "B")]),
            &SourceMap::default(),
        );
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].is_error());
        assert!(
            diagnostics[0]
                .message
                .starts_with("duplicate note label [1]")
        );
    }

    #[test]
    fn labels_out_of_order_and_empty_notes_are_warnings() {
        let (_, diagnostics) = resolve_one(
            report(&["2", "1"], &[("1", "A"), ("2", " ")]),
            &SourceMap::default(),
        );
        let messages: Vec<_> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "note [2] is empty",
                "note [1] is first cited after note [2]: labels out of order"
            ]
        );
        assert!(diagnostics.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn bad_ids_levels_and_nested_references_are_errors() {
        let mut r = report(&["1"], &[]);
        r.id = "1abc".into();
        r.body.push(Block::heading(9, vec![Inline::text("Deep")]));
        r.endnotes.push(Endnote::new(
            "1",
            vec![Block::paragraph(vec![Inline::note_ref("1")])],
        ));
        let publication = Publication::new(Default::default(), vec![r]);
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert_eq!(resolved.error_count(), 3, "{:?}", resolved.diagnostics);
    }

    fn table_report() -> Report {
        // note 1 in the text and the table: an endnote; 2 only in the caption and a
        // cell: the table's a; 3 in one cell twice: the table's b; 4 in the text
        ReportBuilder::new("R")
            .paragraph(|p| p.text("Text.").note_ref("1"))
            .table(|t| {
                t.caption(|c| c.text("Caption").note_ref("2"))
                    .header(|r| r.cell(|c| c.text("H").note_ref("3")))
                    .row(|r| r.cell(|c| c.text("x").note_ref("1").note_ref("2")))
                    .row(|r| r.cell(|c| c.text("y").note_ref("3")))
            })
            .paragraph(|p| p.text("More.").note_ref("4"))
            .endnote("1", vec![Block::text("One")])
            .endnote("2", vec![Block::text("Two")])
            .endnote("3", vec![Block::text("Three")])
            .endnote("4", vec![Block::text("Four")])
            .build()
    }

    #[test]
    fn notes_cited_only_in_a_table_are_lettered_at_its_foot() {
        let publication = PublicationBuilder::new("P").report(table_report()).build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
        let r = &resolved.reports[0];
        let marks: Vec<_> = r.notes.iter().map(NoteInfo::mark).collect();
        assert_eq!(marks, ["1", "a", "b", "2"]);
        assert_eq!(r.tables.len(), 1);
        assert_eq!(r.tables[0].notes, [1, 2]);
        assert_eq!(r.tables[0].anchor, "tab1");
        assert_eq!(r.notes[1].anchor, "t1-a");
        // caption, header, body: the reading order of the references
        let anchors: Vec<_> = r.refs.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            ["r1", "t1-ra", "t1-rb", "r1b", "t1-ra-b", "t1-rb-b", "r2"]
        );
        assert_eq!(r.notes[1].refs, [1, 4]);
    }

    #[test]
    fn table_notes_may_be_numbered_with_the_endnotes() {
        let publication = PublicationBuilder::new("P").report(table_report()).build();
        let options = ResolveOptions::default().table_notes(TableNotes::Endnotes);
        let resolved = resolve(&publication, &options, &SourceMap::default());
        let r = &resolved.reports[0];
        let marks: Vec<_> = r.notes.iter().map(NoteInfo::mark).collect();
        assert_eq!(marks, ["1", "2", "3", "4"]);
        assert!(r.tables[0].notes.is_empty());
        // the notes are first cited out of list order: 1, 2, 3 in the table, then 4
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
    }

    #[test]
    fn table_anchors_are_unique_across_reports() {
        let publication = PublicationBuilder::new("P")
            .report(table_report())
            .report(table_report())
            .build();
        let options = ResolveOptions::with_numbering(Numbering::Continuous);
        let resolved = resolve(&publication, &options, &SourceMap::default());
        assert_eq!(resolved.reports[1].tables[0].anchor, "r-2-tab1");
        assert_eq!(resolved.reports[1].notes[1].anchor, "r-2-t1-a");
        assert_eq!(resolved.reports[1].notes[3].number, 4);
    }

    #[test]
    fn table_anchors_step_aside_for_labels_and_note_anchors() {
        // table 1 is labelled as table 2's made-up anchor would be; table 3 as a note
        let report = ReportBuilder::new("R")
            .paragraph(|p| p.text("Text.").note_ref("1"))
            .table(|t| t.label("tab2").row(|r| r.text("a")))
            .table(|t| t.row(|r| r.text("b")))
            .table(|t| t.label("n1").row(|r| r.text("c")))
            .endnote("1", vec![Block::text("One")])
            .build();
        let publication = PublicationBuilder::new("P").report(report).build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let anchors: Vec<_> = resolved.reports[0]
            .tables
            .iter()
            .map(|t| t.anchor.as_str())
            .collect();
        assert_eq!(anchors, ["tab2", "tab2-2", "n1-2"]);
    }

    #[test]
    fn irregular_tables_are_diagnosed_at_the_table() {
        let mut report = ReportBuilder::new("R")
            .table(|t| t.row(|r| r.text("a").text("b")).row(|r| r.text("c")))
            .build();
        report.endnotes.push(Endnote::new(
            "n",
            vec![Block::table(crate::Table::default())],
        ));
        let sources = SourceMap {
            reports: vec![ReportSource {
                file: "t.md".into(),
                notes: vec![(9, 1)],
                refs: vec![],
                tables: vec![(4, 1)],
                figures: Vec::new(),
            }],
        };
        let (_, diagnostics) = resolve_one(report, &sources);
        let messages: Vec<_> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "t.md:9:1: error: note [n] holds a table; notes cannot hold tables",
                "t.md:9:1: warning: note [n] is empty",
                "t.md:9:1: warning: note [n] is never referred to",
                "t.md:4:1: warning: table 1: body row 2 has 1 cell where the table has 2 columns; padded with empty cells",
            ]
        );
    }

    #[test]
    fn figures_are_anchored_and_their_captions_cite_in_reading_order() {
        let image = crate::Image::new("a.png", crate::MediaType::Png, (10, 10), vec![1u8]);
        let mut labelled = crate::Figure::new(image.clone(), vec![Inline::text("B")], "");
        labelled.label = Some("tab1".into());
        let report = ReportBuilder::new("R")
            .paragraph(|p| p.text("Text.").note_ref("1"))
            .figure(image, |c| c.text("Chart").note_ref("2"), "Bars rising")
            .table(|t| t.row(|r| r.text("x")))
            .block(Block::figure(labelled))
            .endnote("1", vec![Block::text("One")])
            .endnote("2", vec![Block::text("Two")])
            .build();
        let publication = PublicationBuilder::new("P").report(report).build();
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        assert!(
            resolved.diagnostics.is_empty(),
            "{:?}",
            resolved.diagnostics
        );
        let r = &resolved.reports[0];
        let figures: Vec<_> = r.figures.iter().map(|f| f.anchor.as_str()).collect();
        // a label keeps its name; the made-up table anchor steps aside for it
        assert_eq!(figures, ["fig1", "tab1"]);
        assert_eq!(r.tables[0].anchor, "tab1-2");
        // a note cited in a caption is an endnote, numbered in reading order
        assert_eq!(r.notes[1].mark(), "2");
        assert_eq!(r.refs[1].anchor, "r2");
    }

    #[test]
    fn citation_letters_run_past_z() {
        assert_eq!(citation_letter(0), "a");
        assert_eq!(citation_letter(25), "z");
        assert_eq!(citation_letter(26), "aa");
    }
}
