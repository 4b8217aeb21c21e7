//! Facts about a publication as DocBook and JATS want them: its date in parts, the kind
//! of its identifier, and which notes are never cited.

use std::collections::HashSet;

use folio_model::{Resolved, ResolvedReport, Timestamp, is_xml_id};

/// A publication date split as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateParts {
    /// Four digits.
    pub(crate) year: String,
    /// Two digits, when given.
    pub(crate) month: Option<String>,
    /// Two digits, when given.
    pub(crate) day: Option<String>,
}

impl DateParts {
    /// The parts of `date`; `None` when it is not a valid date of one of those forms.
    pub(crate) fn parse(date: &str) -> Option<Self> {
        let date = date.trim();
        Timestamp::parse(date)?;
        if date.contains('T') {
            return None;
        }
        let mut parts = date.split('-').map(str::to_owned);
        Some(Self {
            year: parts.next()?,
            month: parts.next(),
            day: parts.next(),
        })
    }

    /// The date as ISO 8601 gives it (the form it was written in).
    pub(crate) fn iso(&self) -> String {
        [Some(&self.year), self.month.as_ref(), self.day.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// What kind of identifier a publication carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdentifierKind {
    /// `doi:10.…` or `10.…`.
    Doi,
    /// `urn:isbn:…` or `isbn:…`.
    Isbn,
    /// Any other URI (`urn:…`, `https://…`).
    Uri,
    /// Anything else.
    Other,
}

impl IdentifierKind {
    /// The kind of `identifier`.
    pub(crate) fn of(identifier: &str) -> Self {
        let lower = identifier.trim().to_ascii_lowercase();
        if lower.starts_with("doi:")
            || lower.starts_with("10.")
            || lower.starts_with("https://doi.org/")
        {
            IdentifierKind::Doi
        } else if lower.starts_with("urn:isbn:") || lower.starts_with("isbn:") {
            IdentifierKind::Isbn
        } else if has_scheme(&lower) {
            IdentifierKind::Uri
        } else {
            IdentifierKind::Other
        }
    }
}

fn has_scheme(text: &str) -> bool {
    match text.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The indices of the notes of a report that no reference cites, in note-list order.
pub(crate) fn uncited_notes(report: &ResolvedReport) -> Vec<usize> {
    report
        .notes
        .iter()
        .enumerate()
        .filter(|(_, note)| note.refs.is_empty())
        .map(|(n, _)| n)
        .collect()
}

/// The id each report carries in DocBook and JATS: its own when it is a valid XML id that
/// no earlier report and no note, reference or table anchor already has; none otherwise.
pub(crate) fn report_ids<'a>(resolved: &'a Resolved<'_>) -> Vec<Option<&'a str>> {
    let mut taken: HashSet<&str> = HashSet::new();
    for report in &resolved.reports {
        taken.extend(report.notes.iter().map(|note| note.anchor.as_str()));
        taken.extend(report.refs.iter().map(|site| site.anchor.as_str()));
        taken.extend(report.tables.iter().map(|table| table.anchor.as_str()));
    }
    resolved
        .publication
        .reports
        .iter()
        .map(|report| {
            let id = report.id.as_str();
            (is_xml_id(id) && taken.insert(id)).then_some(id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_split_at_their_precision() {
        let date = DateParts::parse("2001-08").unwrap();
        assert_eq!(
            (
                date.year.as_str(),
                date.month.as_deref(),
                date.day.as_deref()
            ),
            ("2001", Some("08"), None)
        );
        assert_eq!(date.iso(), "2001-08");
        assert_eq!(
            DateParts::parse("2001-08-01").unwrap().day.as_deref(),
            Some("01")
        );
        assert_eq!(DateParts::parse("August 2001"), None);
        assert_eq!(DateParts::parse("2001-02-30"), None);
    }

    #[test]
    fn identifiers_are_told_apart() {
        assert_eq!(IdentifierKind::of("doi:10.1000/1"), IdentifierKind::Doi);
        assert_eq!(IdentifierKind::of("urn:isbn:978-1"), IdentifierKind::Isbn);
        assert_eq!(IdentifierKind::of("urn:folio:abc"), IdentifierKind::Uri);
        assert_eq!(IdentifierKind::of("LM-2001"), IdentifierKind::Other);
    }
}
