//! The print edition's page starts, as page-break markers in the text and a page-list in
//! the nav document.

use std::collections::HashMap;

use folio_model::{Diagnostic, PagePlace, Publication};

use crate::EpubOptions;
use crate::markup::Markup;

/// Where each print page begins in the book.
#[derive(Debug, Default)]
pub(crate) struct PageMarkers {
    markers: Vec<Marker>,
    at: HashMap<(usize, PagePlace), Vec<usize>>,
}

/// One page start.
#[derive(Debug)]
pub(crate) struct Marker {
    /// The page number as printed.
    pub label: String,
    /// The marker's id.
    pub id: String,
    /// The report, as an index into `Publication::reports`.
    pub report: usize,
    /// Where in the report.
    pub place: PagePlace,
}

impl PageMarkers {
    /// The markers of `options.page_map`; a page that begins at a place the publication
    /// does not have is left out with a warning.
    pub(crate) fn new(
        publication: &Publication,
        options: &EpubOptions,
        claim: &mut impl FnMut(String) -> String,
        warnings: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut markers = PageMarkers::default();
        let Some(map) = &options.page_map else {
            return markers;
        };
        let mut left_out = Vec::new();
        for (k, page) in map.pages.iter().enumerate() {
            let exists =
                publication
                    .reports
                    .get(page.report)
                    .is_some_and(|report| match page.place {
                        PagePlace::Start => true,
                        PagePlace::Block(b) => b < report.body.len(),
                        PagePlace::Note(n) => n < report.endnotes.len(),
                    });
            let label = page.label.trim();
            if !exists || label.is_empty() {
                left_out.push(if label.is_empty() {
                    format!("#{}", k + 1)
                } else {
                    label.to_owned()
                });
                continue;
            }
            let base = if label.bytes().all(|b| b.is_ascii_alphanumeric()) {
                format!("page-{label}")
            } else {
                format!("page-{}", k + 1)
            };
            markers
                .at
                .entry((page.report, page.place))
                .or_default()
                .push(markers.markers.len());
            markers.markers.push(Marker {
                label: label.to_owned(),
                id: claim(base),
                report: page.report,
                place: page.place,
            });
        }
        if !left_out.is_empty() {
            warnings.push(
                Diagnostic::warning(format!(
                    "the page map names {} pages that begin nowhere in the publication or have no number; the epub's page-list leaves them out: {}",
                    left_out.len(),
                    left_out.join(", ")
                ))
                .hint("a page map must come from a layout of this same publication"),
            );
        }
        markers
    }

    /// Whether there are no page starts.
    pub(crate) fn is_empty(&self) -> bool {
        self.markers.is_empty()
    }

    /// Every page start, in the order of the page map.
    pub(crate) fn all(&self) -> &[Marker] {
        &self.markers
    }

    /// Writes the markers of the pages that begin at `place` of report `report`.
    pub(crate) fn write(&self, out: &mut Markup, report: usize, place: PagePlace) {
        let Some(indices) = self.at.get(&(report, place)) else {
            return;
        };
        for &i in indices {
            let marker = &self.markers[i];
            out.empty(
                "span",
                &[
                    ("epub:type", "pagebreak"),
                    ("role", "doc-pagebreak"),
                    ("id", &marker.id),
                    ("aria-label", &marker.label),
                ],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_model::{PageMap, PageStart, PublicationBuilder, ReportBuilder};

    #[test]
    fn pages_at_places_the_publication_lacks_are_left_out_with_a_warning() {
        let publication = PublicationBuilder::new("P")
            .report(
                ReportBuilder::new("R")
                    .heading("H")
                    .paragraph(|p| p.text("T."))
                    .build(),
            )
            .build();
        let page = |label: &str, report, place| PageStart {
            label: label.into(),
            report,
            place,
        };
        let options = EpubOptions {
            page_map: Some(PageMap {
                pages: vec![
                    page("1", 0, PagePlace::Start),
                    page("2", 0, PagePlace::Block(1)),
                    page("2", 0, PagePlace::Block(1)),
                    page("iv b", 0, PagePlace::Block(1)),
                    page("3", 0, PagePlace::Block(2)),
                    page("4", 1, PagePlace::Start),
                    page("5", 0, PagePlace::Note(0)),
                    page(" ", 0, PagePlace::Start),
                ],
            }),
            ..EpubOptions::default()
        };
        let mut taken = std::collections::HashSet::new();
        let mut claim = |id| folio_model::unique_id(id, &mut taken);
        let mut warnings = Vec::new();
        let markers = PageMarkers::new(&publication, &options, &mut claim, &mut warnings);
        let ids: Vec<&str> = markers.all().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["page-1", "page-2", "page-2-2", "page-4"]);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("4 pages"),
            "{}",
            warnings[0].message
        );
        assert!(
            warnings[0].message.ends_with(": 3, 4, 5, #8"),
            "{}",
            warnings[0].message
        );
        let mut out = Markup::default();
        markers.write(&mut out, 0, PagePlace::Start);
        assert_eq!(
            out.finish().0,
            r#"<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"/>"#
        );
    }
}
