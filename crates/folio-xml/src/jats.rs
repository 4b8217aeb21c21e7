//! JATS: a JATS 1.3 `<article>` (Archiving and Interchange tag set) for one report, a
//! BITS 2.0 `<book>` for several. This module writes the documents and their metadata;
//! `jats_report.rs` writes each report's body and notes.

use folio_model::{Meta, Resolved};

use crate::XmlOptions;
use crate::folio::estimated_size;
use crate::jats_report::ReportWriter;
use crate::markup::XmlWriter;
use crate::metadata::{DateParts, IdentifierKind, report_ids};

const XLINK: &str = "http://www.w3.org/1999/xlink";

const ARTICLE_DOCTYPE: &str = "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN\" \"JATS-archivearticle1-3.dtd\">";

const BOOK_DOCTYPE: &str = "<!DOCTYPE book PUBLIC \"-//NLM//DTD BITS Book Interchange DTD v2.0 20151225//EN\" \"BITS-book2.dtd\">";

pub(crate) fn write_jats(resolved: &Resolved<'_>, options: &XmlOptions) -> Vec<u8> {
    let publication = resolved.publication;
    let meta = &publication.meta;
    let ids = report_ids(resolved);
    let mut w = XmlWriter::new(estimated_size(publication));
    if let ([report], [notes]) = (&publication.reports[..], &resolved.reports[..]) {
        w.raw_line(ARTICLE_DOCTYPE);
        // an article is its one report, in the report's language
        let mut attributes = vec![
            ("xmlns:xlink", XLINK),
            ("dtd-version", "1.3"),
            ("xml:lang", publication.language_of(report)),
        ];
        attributes.extend(ids.first().copied().flatten().map(|id| ("id", id)));
        w.open("article", &attributes);
        w.open("front", &[]);
        write_journal_meta(&mut w, meta, &report.title);
        w.open("article-meta", &[]);
        if let Some(id) = &meta.identifier {
            w.text_line("article-id", &[("pub-id-type", id_type(id))], id);
        }
        w.open("title-group", &[]);
        w.text_line("article-title", &[], &report.title);
        if report.title == meta.title
            && let Some(subtitle) = &meta.subtitle
        {
            w.text_line("subtitle", &[], subtitle);
        }
        w.close("title-group");
        write_people_and_dates(&mut w, meta);
        write_rights_and_subjects(&mut w, meta);
        w.close("article-meta");
        w.close("front");
        ReportWriter::new(&mut w, report, notes, options).write();
        w.close("article");
    } else {
        w.raw_line(BOOK_DOCTYPE);
        w.open(
            "book",
            &[
                ("xmlns:xlink", XLINK),
                ("dtd-version", "2.0"),
                ("xml:lang", meta.language.as_str()),
            ],
        );
        write_book_meta(&mut w, resolved);
        if !publication.reports.is_empty() {
            w.open("book-body", &[]);
            for ((report, notes), id) in publication.reports.iter().zip(&resolved.reports).zip(&ids)
            {
                let mut attributes = Vec::new();
                attributes.extend(id.map(|id| ("id", id)));
                attributes.push(("book-part-type", "chapter"));
                // a report in a language of its own says so
                attributes.extend(report.language.as_deref().map(|tag| ("xml:lang", tag)));
                w.open("book-part", &attributes);
                w.open("book-part-meta", &[]);
                w.open("title-group", &[]);
                w.text_line("title", &[], &report.title);
                w.close("title-group");
                w.close("book-part-meta");
                ReportWriter::new(&mut w, report, notes, options).write();
                w.close("book-part");
            }
            w.close("book-body");
        }
        w.close("book");
    }
    w.finish()
}

/// For an article, the publication it appears in, when it has a title of its own or a
/// publisher.
fn write_journal_meta(w: &mut XmlWriter, meta: &Meta, article_title: &str) {
    let own_title = meta.title != article_title;
    if !own_title && meta.publisher.is_none() {
        return;
    }
    w.open("journal-meta", &[]);
    if own_title {
        w.open("journal-title-group", &[]);
        w.text_line("journal-title", &[], &meta.title);
        if let Some(subtitle) = &meta.subtitle {
            w.text_line("journal-subtitle", &[], subtitle);
        }
        w.close("journal-title-group");
    }
    write_publisher(w, meta);
    w.close("journal-meta");
}

fn write_book_meta(w: &mut XmlWriter, resolved: &Resolved<'_>) {
    let meta = &resolved.publication.meta;
    w.open("book-meta", &[]);
    if let Some(id) = &meta.identifier {
        w.text_line("book-id", &[("book-id-type", id_type(id))], id);
    }
    w.open("book-title-group", &[]);
    w.text_line("book-title", &[], &meta.title);
    if let Some(subtitle) = &meta.subtitle {
        w.text_line("subtitle", &[], subtitle);
    }
    w.close("book-title-group");
    write_people_and_dates(w, meta);
    write_publisher(w, meta);
    write_rights_and_subjects(w, meta);
    w.close("book-meta");
}

fn id_type(identifier: &str) -> &'static str {
    match IdentifierKind::of(identifier) {
        IdentifierKind::Doi => "doi",
        IdentifierKind::Isbn => "isbn",
        IdentifierKind::Uri | IdentifierKind::Other => "other",
    }
}

/// Authors and editors, then the publication date.
fn write_people_and_dates(w: &mut XmlWriter, meta: &Meta) {
    if !meta.authors.is_empty() || !meta.editors.is_empty() {
        w.open("contrib-group", &[]);
        for (kind, names) in [("author", &meta.authors), ("editor", &meta.editors)] {
            for name in names {
                w.open("contrib", &[("contrib-type", kind)]);
                w.text_line("string-name", &[], name);
                w.close("contrib");
            }
        }
        w.close("contrib-group");
    }
    let Some(date) = &meta.date else {
        return;
    };
    match DateParts::parse(date) {
        Some(parts) => {
            let iso = parts.iso();
            w.open(
                "pub-date",
                &[
                    ("publication-format", "print"),
                    ("date-type", "pub"),
                    ("iso-8601-date", &iso),
                ],
            );
            for (element, part) in [("day", &parts.day), ("month", &parts.month)] {
                if let Some(part) = part {
                    w.text_line(element, &[], part);
                }
            }
            w.text_line("year", &[], &parts.year);
            w.close("pub-date");
        }
        None => {
            w.open(
                "pub-date",
                &[("publication-format", "print"), ("date-type", "pub")],
            );
            w.text_line("string-date", &[], date);
            w.close("pub-date");
        }
    }
}

fn write_publisher(w: &mut XmlWriter, meta: &Meta) {
    if let Some(publisher) = &meta.publisher {
        w.open("publisher", &[]);
        w.text_line("publisher-name", &[], publisher);
        w.close("publisher");
    }
}

/// Rights, description and subjects, in the order JATS and BITS metadata end with them.
fn write_rights_and_subjects(w: &mut XmlWriter, meta: &Meta) {
    if let Some(rights) = &meta.rights {
        w.open("permissions", &[]);
        w.text_line("copyright-statement", &[], rights);
        w.close("permissions");
    }
    if let Some(description) = &meta.description {
        w.open("abstract", &[]);
        w.text_line("p", &[], description);
        w.close("abstract");
    }
    if !meta.subjects.is_empty() {
        w.open("kwd-group", &[]);
        for subject in &meta.subjects {
            w.text_line("kwd", &[], subject);
        }
        w.close("kwd-group");
    }
}
