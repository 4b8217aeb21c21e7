//! The plan of the book, made before anything is written: which documents it has,
//! what each is called, and every id, so that links between documents agree and no id
//! is used twice anywhere in the book.

use std::collections::HashSet;

use folio_model::{
    Block, Diagnostic, NotePlacement, Publication, Report, Resolved, ResolvedReport, plain_text,
    unique_id,
};

use crate::EpubOptions;
use crate::images::Images;
use crate::pages::PageMarkers;

/// The folder of the package inside the zip.
pub(crate) const PACKAGE_DIR: &str = "EPUB";
/// The title page.
pub(crate) const TITLE_FILE: &str = "title.xhtml";
/// The nav document.
pub(crate) const NAV_FILE: &str = "nav.xhtml";
/// The most a notes document holds, with [`NotePlacement::EndOfBook`]: a report's notes
/// that take more go on in more documents (calibre flags a document over 260 KB, and an
/// e-ink reader loads the whole document at every note).
pub(crate) const NOTES_DOCUMENT_LIMIT: usize = 250 * 1024;

/// Everything the writers of the book's documents share.
#[derive(Debug)]
pub(crate) struct Book<'a> {
    /// The publication, resolved.
    pub resolved: &'a Resolved<'a>,
    /// The options of the export.
    pub options: &'a EpubOptions,
    /// The book's title, never empty.
    pub title: String,
    /// The language of the book, a well-formed BCP 47 tag.
    pub language: String,
    /// The publication date, when it is one (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// One plan per report, parallel to `publication.reports`.
    pub reports: Vec<ReportPlan>,
    /// Where the print pages begin.
    pub pages: PageMarkers,
    /// The image files, each once.
    pub images: Images<'a>,
    /// Ids of the nav document's three lists and of the title page's heading.
    pub ids: BookIds,
    /// Warnings found while planning.
    pub warnings: Vec<Diagnostic>,
    /// The notes documents, with [`NotePlacement::EndOfBook`]: one per report that has
    /// endnotes, or more when its notes pass [`NOTES_DOCUMENT_LIMIT`]; in reading order.
    pub notes_documents: Vec<NotesDocument>,
    /// Every file name taken, lower-cased.
    files: HashSet<String>,
    /// Documents for the web edition ([`crate::html_reports`]): HTML pages ending in
    /// `.html`, each report's notes after it.
    pub html: bool,
}

/// A notes document: some of one report's endnotes.
#[derive(Debug, Clone)]
pub(crate) struct NotesDocument {
    /// The report.
    pub report: usize,
    /// The file name, in the package folder.
    pub file: String,
    /// The id of its item in the package document's manifest.
    pub item_id: String,
    /// The endnotes it holds (indices into `Report::endnotes`).
    pub notes: std::ops::Range<usize>,
    /// Whether it holds the report's first notes (and so its heading's id).
    pub first: bool,
}

/// The ids of the book's own parts.
#[derive(Debug)]
pub(crate) struct BookIds {
    /// The nav document's table of contents.
    pub toc: String,
    /// The nav document's landmarks.
    pub landmarks: String,
    /// The nav document's page-list.
    pub page_list: String,
    /// The title page's heading.
    pub title: String,
    /// The endnotes section of the notes document ([`NotePlacement::EndOfBook`]).
    pub notes: String,
    /// For the web edition, the ids of its pages' own parts
    /// ([`crate::html::RESERVED_IDS`]); empty for the EPUB.
    pub reserved: Vec<String>,
}

/// The plan of one report's document.
#[derive(Debug)]
pub(crate) struct ReportPlan {
    /// The file name, in the package folder.
    pub file: String,
    /// The id of its item in the package document's manifest.
    pub item_id: String,
    /// The title shown, never empty.
    pub title: String,
    /// The id of the `<h1>`.
    pub title_id: String,
    /// The id of the summary's label.
    pub summary_id: String,
    /// The id of each top-level body heading, parallel to `Report::body` (`None` for
    /// the other blocks).
    pub heading_ids: Vec<Option<String>>,
    /// The id of the report's notes section (after the report, or in the notes
    /// document).
    pub notes_id: String,
    /// One plan per table, in reading order (parallel to `ResolvedReport::tables`).
    pub tables: Vec<TablePlan>,
    /// Whether the report has endnotes to list (notes set with their tables are not).
    pub has_endnotes: bool,
    /// The report's own language (a well-formed BCP 47 tag), when it is not the book's:
    /// its document and its notes are marked with it.
    pub language: Option<String>,
}

/// The ids of one table's parts.
#[derive(Debug)]
pub(crate) struct TablePlan {
    /// The id of its `<caption>`, which names the table's scrolling box; `None` when
    /// the table has no caption.
    pub caption_id: Option<String>,
}

impl<'a> Book<'a> {
    /// Plans the book of `resolved`.
    pub(crate) fn new(resolved: &'a Resolved<'a>, options: &'a EpubOptions) -> Self {
        Self::plan(resolved, options, false)
    }

    /// Plans the pages of the web edition of `resolved`: as the book's documents, each
    /// report's notes after it, written as HTML in files ending in `.html`.
    pub(crate) fn for_web(resolved: &'a Resolved<'a>, options: &'a EpubOptions) -> Self {
        Self::plan(resolved, options, true)
    }

    /// A document of the book being written, `capacity` bytes reserved.
    pub(crate) fn markup(&self, capacity: usize) -> crate::markup::Markup {
        crate::markup::Markup::with_capacity(capacity).html(self.html)
    }

    fn plan(resolved: &'a Resolved<'a>, options: &'a EpubOptions, html: bool) -> Self {
        let publication = resolved.publication;
        let mut warnings = Vec::new();
        let mut taken = anchors(resolved);
        let mut claim = |base: String| unique_id(base, &mut taken);
        let ids = BookIds {
            toc: claim("toc".into()),
            landmarks: claim("landmarks".into()),
            page_list: claim("page-list".into()),
            title: claim("book-title".into()),
            notes: claim("notes".into()),
            reserved: if html {
                crate::html::RESERVED_IDS
                    .iter()
                    .map(|id| claim((*id).into()))
                    .collect()
            } else {
                Vec::new()
            },
        };
        let mut files = HashSet::new();
        let mut pages = HashSet::new();
        let reports: Vec<ReportPlan> = publication
            .reports
            .iter()
            .enumerate()
            .map(|(r, report)| {
                let plan = plan_report(r, report, &resolved.reports[r], &mut claim, &mut files);
                if html {
                    ReportPlan {
                        file: format!("{}.html", page_stem(&plan.item_id, &mut pages)),
                        ..plan
                    }
                } else {
                    plan
                }
            })
            .collect();
        let pages = PageMarkers::new(publication, options, &mut claim, &mut warnings);
        let images = Images::new(publication, &mut warnings);
        let title = non_empty(&publication.meta.title, "Untitled");
        let mut notes_documents = Vec::new();
        if options.notes == NotePlacement::EndOfBook && !html {
            for (r, plan) in reports.iter().enumerate() {
                if plan.has_endnotes {
                    let stem = plan
                        .item_id
                        .strip_prefix("report-")
                        .unwrap_or(&plan.item_id);
                    let item_id = unique_id(format!("notes-{stem}"), &mut files);
                    notes_documents.push(NotesDocument {
                        report: r,
                        file: format!("{item_id}.xhtml"),
                        item_id,
                        notes: 0..publication.reports[r].endnotes.len(),
                        first: true,
                    });
                }
            }
        }
        Book {
            resolved,
            options,
            title,
            language: language(publication, &mut warnings),
            date: date(publication, &mut warnings),
            reports,
            pages,
            images,
            ids,
            warnings,
            notes_documents,
            files,
            html,
        }
    }

    /// Splits the notes documents of the book by size: `sizes` gives, for each report,
    /// the length of the markup of each of its endnotes (0 for the notes set with their
    /// tables); a document takes notes while they fit in [`NOTES_DOCUMENT_LIMIT`] (with
    /// room for its own markup), and at least one.
    pub(crate) fn split_notes(&mut self, sizes: &[Vec<usize>]) {
        const ROOM: usize = 4 * 1024;
        let mut split = Vec::with_capacity(self.notes_documents.len());
        for document in std::mem::take(&mut self.notes_documents) {
            let Some(sizes) = sizes.get(document.report) else {
                split.push(document);
                continue;
            };
            let mut start = document.notes.start;
            let mut taken = ROOM;
            let mut part = document.clone();
            for n in document.notes.clone() {
                let size = sizes.get(n).copied().unwrap_or(0);
                if n > start && taken + size > NOTES_DOCUMENT_LIMIT {
                    part.notes = start..n;
                    split.push(part.clone());
                    let item_id =
                        unique_id(format!("{}-{}", document.item_id, n + 1), &mut self.files);
                    part = NotesDocument {
                        file: format!("{item_id}.xhtml"),
                        item_id,
                        first: false,
                        ..document.clone()
                    };
                    start = n;
                    taken = ROOM;
                }
                taken += size;
            }
            part.notes = start..document.notes.end;
            split.push(part);
        }
        self.notes_documents = split;
    }

    /// The publication.
    pub(crate) fn publication(&self) -> &'a Publication {
        self.resolved.publication
    }

    /// The path in the zip of a file of the package folder.
    pub(crate) fn path(&self, file: &str) -> String {
        format!("{PACKAGE_DIR}/{file}")
    }

    /// The language of report `r`: its own, or the book's.
    pub(crate) fn language_of(&self, r: usize) -> &str {
        self.reports[r]
            .language
            .as_deref()
            .unwrap_or(&self.language)
    }

    /// Whether the endnotes are in notes documents of their own, after the reports
    /// (with [`NotePlacement::EndOfBook`], when there are endnotes).
    pub(crate) fn notes_apart(&self) -> bool {
        !self.notes_documents.is_empty()
    }

    /// The notes documents of report `r`, in order.
    pub(crate) fn notes_documents_of(&self, r: usize) -> impl Iterator<Item = &NotesDocument> {
        self.notes_documents.iter().filter(move |d| d.report == r)
    }

    /// The document that holds the start of report `r`'s notes.
    pub(crate) fn notes_file_of(&self, r: usize) -> &str {
        match self.notes_documents_of(r).next() {
            Some(document) => &document.file,
            None => &self.reports[r].file,
        }
    }

    /// The document that holds note `n` of report `r`: a table's note stays with its
    /// table, in the report's document.
    pub(crate) fn note_file(&self, r: usize, n: usize) -> &str {
        let is_table_note = self.resolved.reports[r]
            .notes
            .get(n)
            .is_some_and(|note| note.is_table_note());
        if is_table_note {
            return &self.reports[r].file;
        }
        self.notes_documents_of(r)
            .find(|d| d.notes.contains(&n))
            .map_or_else(|| self.notes_file_of(r), |d| d.file.as_str())
    }

    /// A link from document `from` to the `id` in document `to`: `#id` within one
    /// document, `to#id` across.
    pub(crate) fn href(from: &str, to: &str, id: &str) -> String {
        if from == to {
            format!("#{id}")
        } else {
            format!("{to}#{id}")
        }
    }
}

/// The stem of a web page's file, from its report's document name `item_id`: cut to
/// [`PAGE_STEM_BYTES`] at a character boundary (a report's id may be a long title's
/// slug, and a file system takes 255 bytes a name), and unique among `pages`.
fn page_stem(item_id: &str, pages: &mut HashSet<String>) -> String {
    let mut end = item_id.len().min(PAGE_STEM_BYTES);
    while !item_id.is_char_boundary(end) {
        end -= 1;
    }
    let stem = item_id[..end].trim_end_matches(['-', '_', '.']);
    unique_id(stem.to_owned(), pages)
}

/// The longest stem of a web page's file name, in bytes: with a `-NN` to keep it unique
/// and `.html`, far below the 255 bytes a file name may take.
const PAGE_STEM_BYTES: usize = 120;

/// Every anchor `resolve()` gave, so that our own ids never take one of them.
fn anchors(resolved: &Resolved<'_>) -> HashSet<String> {
    let mut taken = HashSet::with_capacity(resolved.note_count() + resolved.reference_count());
    for report in &resolved.reports {
        taken.extend(report.notes.iter().map(|n| n.anchor.clone()));
        taken.extend(report.refs.iter().map(|s| s.anchor.clone()));
        taken.extend(report.tables.iter().map(|t| t.anchor.clone()));
        taken.extend(report.figures.iter().map(|f| f.anchor.clone()));
    }
    taken
}

fn plan_report(
    r: usize,
    report: &Report,
    resolved: &ResolvedReport,
    claim: &mut impl FnMut(String) -> String,
    files: &mut HashSet<String>,
) -> ReportPlan {
    // A report id is a letter, then letters, digits, '-', '_' or '.'; resolve() reports
    // any other as an error, but the book must not break on one.
    let base = if folio_model::is_xml_id(&report.id) {
        report.id.clone()
    } else {
        format!("report-{}", r + 1)
    };
    // Reading systems may treat file names that differ only in case as one.
    let stem = unique_id(format!("report-{}", base.to_lowercase()), files);
    let mut n = 0;
    let heading_ids = report
        .body
        .iter()
        .map(|block| match block {
            Block::Heading { .. } => {
                n += 1;
                Some(claim(format!("{base}-s{n}")))
            }
            _ => None,
        })
        .collect();
    ReportPlan {
        file: format!("{stem}.xhtml"),
        item_id: stem,
        title: non_empty(&report.title, &format!("Report {}", r + 1)),
        title_id: claim(base.clone()),
        summary_id: claim(format!("{base}-summary")),
        heading_ids,
        notes_id: claim(format!("{base}-notes")),
        tables: plan_tables(report, resolved, claim),
        has_endnotes: resolved.notes.iter().any(|note| !note.is_table_note()),
        language: report
            .language
            .as_deref()
            .map(str::trim)
            .filter(|tag| is_language_tag(tag))
            .map(str::to_owned),
    }
}

/// The ids of a report's tables, in reading order: the caption's is the table's anchor
/// with `-caption`.
fn plan_tables(
    report: &Report,
    resolved: &ResolvedReport,
    claim: &mut impl FnMut(String) -> String,
) -> Vec<TablePlan> {
    if resolved.tables.is_empty() {
        return Vec::new();
    }
    let mut plans = Vec::with_capacity(resolved.tables.len());
    report.for_each_block(&mut |block| {
        if let Block::Table(table) = block {
            let anchor = resolved.tables.get(plans.len()).map(|t| t.anchor.as_str());
            let caption_id = (!table.caption.is_empty())
                .then(|| claim(format!("{}-caption", anchor.unwrap_or("table"))));
            plans.push(TablePlan { caption_id });
        }
    });
    plans
}

/// `text` trimmed, or `fallback` when nothing is left.
pub(crate) fn non_empty(text: &str, fallback: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        fallback.to_owned()
    } else {
        text.to_owned()
    }
}

/// The text of a heading for a table of contents: its plain text, note references left
/// out, or `fallback`.
pub(crate) fn heading_label(content: &[folio_model::Inline], fallback: &str) -> String {
    non_empty(&plain_text(content), fallback)
}

/// The publication date if it is one; a date in another form is left out with a
/// warning (the package document's `dc:date` must be a W3C date).
fn date(publication: &Publication, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let date = publication.meta.date.as_deref()?.trim();
    if date.is_empty() {
        return None;
    }
    if date.len() <= 10 && folio_model::Timestamp::parse(date).is_some() {
        return Some(date.to_owned());
    }
    warnings.push(
        Diagnostic::warning(format!(
            "the publication date {date:?} is not a date the epub can carry; it is left out"
        ))
        .hint("write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
    );
    None
}

/// The publication's language if it is a well-formed BCP 47 tag, else `und` with a
/// warning (a malformed tag makes the book invalid).
fn language(publication: &Publication, warnings: &mut Vec<Diagnostic>) -> String {
    let tag = publication.meta.language.trim();
    if is_language_tag(tag) {
        return tag.to_owned();
    }
    warnings.push(
        Diagnostic::warning(format!(
            "the language {tag:?} is not a BCP 47 tag; the epub says its language is undetermined (und)"
        ))
        .hint("use a tag such as en, fr or pt-BR"),
    );
    "und".to_owned()
}

/// Whether `tag` has the shape of a BCP 47 language tag: a language of 2 to 8 letters,
/// then subtags of 1 to 8 letters or digits, separated by hyphens.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language_ok = subtags
        .next()
        .is_some_and(|l| (2..=8).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    language_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::{PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap, resolve};

    fn two_reports() -> Publication {
        let report = |title: &str| {
            ReportBuilder::new(title)
                .heading("Mine Ban Policy")
                .paragraph(|p| p.text("Text.").note(|n| n.text("Note.")))
                .heading("Mine Action")
                .build()
        };
        PublicationBuilder::new("Volume")
            .report(report("North Korea"))
            .report(report("South Korea"))
            .build()
    }

    /// Plans the book of `publication` with the default options and hands it to
    /// `check`.
    fn with_book(publication: &Publication, check: impl FnOnce(&Resolved<'_>, &Book<'_>)) {
        let resolved = resolve(
            publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let options = EpubOptions::default();
        check(&resolved, &Book::new(&resolved, &options));
    }

    #[test]
    fn every_id_of_the_book_is_unique() {
        with_book(&two_reports(), |resolved, book| {
            let mut seen = HashSet::new();
            let mut all: Vec<&str> = vec![
                &book.ids.toc,
                &book.ids.landmarks,
                &book.ids.page_list,
                &book.ids.title,
                &book.ids.notes,
            ];
            for (plan, report) in book.reports.iter().zip(&resolved.reports) {
                all.extend([&*plan.title_id, &plan.summary_id, &plan.notes_id]);
                all.extend(plan.heading_ids.iter().flatten().map(String::as_str));
                all.extend(report.notes.iter().map(|n| n.anchor.as_str()));
                all.extend(report.refs.iter().map(|s| s.anchor.as_str()));
            }
            for id in &all {
                assert!(folio_model::is_xml_id(id), "{id}");
                assert!(seen.insert(*id), "{id} is used twice");
            }
            assert_eq!(
                book.reports[0].heading_ids[0].as_deref(),
                Some("north-korea-s1")
            );
            assert_eq!(book.reports[1].file, "report-south-korea.xhtml");
        });
    }

    #[test]
    fn our_ids_step_aside_for_the_anchors_of_notes() {
        // A report whose id is another report's note anchor.
        let mut publication = two_reports();
        publication.reports[1].id = "north-korea-n1".into();
        with_book(&publication, |resolved, book| {
            assert_eq!(resolved.reports[0].notes[0].anchor, "north-korea-n1");
            assert_eq!(book.reports[1].title_id, "north-korea-n1-2");
        });
    }

    #[test]
    fn file_names_differ_even_without_case() {
        let mut publication = two_reports();
        publication.reports[0].id = "Korea".into();
        publication.reports[1].id = "korea".into();
        with_book(&publication, |_, book| {
            assert_eq!(book.reports[0].file, "report-korea.xhtml");
            assert_eq!(book.reports[1].file, "report-korea-2.xhtml");
        });
    }

    #[test]
    fn language_tags_are_checked() {
        for good in ["en", "pt-BR", "zh-Hant-TW", "de-CH-1996", "sgn-ase"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "en_US",
            "en-",
            "english language",
            "en-toolongsubtag",
            "1e",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
