//! `resolve()`: the one place where notes are numbered and references are checked.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, SourceMap, label};
use crate::publication::{Block, NoteId, Publication, Report, plain_text};

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

/// Options for [`resolve`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResolveOptions {
    /// How notes are numbered. Default: per report.
    pub numbering: Numbering,
}

impl ResolveOptions {
    /// Options with this numbering.
    pub fn with_numbering(numbering: Numbering) -> Self {
        Self { numbering }
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
    /// One entry per note reference, in reading order (summary, then body).
    pub refs: Vec<RefSite>,
    by_id: HashMap<NoteId, usize>,
}

/// How a note is numbered and where it is cited from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoteInfo {
    /// The number printed for the note.
    pub number: u32,
    /// The reference sites that cite the note, as indices into `ResolvedReport::refs`,
    /// in reading order.
    pub refs: Vec<usize>,
    /// An id for the note, unique in the publication and usable in XML and URLs.
    pub anchor: String,
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
/// ([`is_live_link`](crate::is_live_link)). `sources` says where things came from (pass `&SourceMap::default()` for a
/// publication built in code).
pub fn resolve<'a>(
    publication: &'a Publication,
    options: &ResolveOptions,
    sources: &SourceMap,
) -> Resolved<'a> {
    let mut diagnostics = Vec::new();
    check_reports(publication, sources, &mut diagnostics);
    let prefix_anchors = publication.reports.len() > 1 && options.numbering == Numbering::PerReport;
    let mut next_number = 1u32;
    let mut reports = Vec::with_capacity(publication.reports.len());
    for (r, report) in publication.reports.iter().enumerate() {
        if options.numbering == Numbering::PerReport {
            next_number = 1;
        }
        let prefix = if prefix_anchors {
            format!("{}-", report.id)
        } else {
            String::new()
        };
        let resolved = resolve_report(
            report,
            r,
            &prefix,
            &mut next_number,
            sources,
            &mut diagnostics,
        );
        reports.push(resolved);
    }
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
    prefix: &str,
    next_number: &mut u32,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> ResolvedReport {
    let mut by_id = HashMap::with_capacity(report.endnotes.len());
    let mut notes = Vec::with_capacity(report.endnotes.len());
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
        let number = *next_number;
        *next_number += 1;
        notes.push(NoteInfo {
            number,
            refs: Vec::new(),
            anchor: format!("{prefix}n{number}"),
        });
    }

    let mut refs = Vec::new();
    let mut latest_first_cited: Option<usize> = None;
    for (site, id) in report.note_refs().into_iter().enumerate() {
        let note = by_id.get(id).copied();
        let (nth, anchor) = match note {
            Some(n) => {
                let info = &mut notes[n];
                let nth = info.refs.len();
                info.refs.push(site);
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
    ResolvedReport { notes, refs, by_id }
}

/// Report ids must be unique and usable as XML ids; headings run from level 1 to 6;
/// notes hold no note references; a link the editions keep as text is a warning.
fn check_reports(publication: &Publication, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut seen = HashMap::new();
    for (r, report) in publication.reports.iter().enumerate() {
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
            crate::publication::for_each_block(&note.blocks, &mut |block| {
                if let Some(content) = block.content() {
                    crate::publication::for_each_inline(content, &mut |inline| {
                        nested |= matches!(inline, crate::Inline::NoteRef { .. });
                    });
                }
            });
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

    #[test]
    fn citation_letters_run_past_z() {
        assert_eq!(citation_letter(0), "a");
        assert_eq!(citation_letter(25), "z");
        assert_eq!(citation_letter(26), "aa");
    }
}
