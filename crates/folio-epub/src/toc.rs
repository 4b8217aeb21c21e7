//! The table of contents, as one tree that the nav document and the NCX both write:
//! each report, its sections nested by level, and the notes.

use folio_model::Block;

use crate::book::{Book, heading_label};
use crate::notes::NOTES_HEADING;

/// The table of contents.
#[derive(Debug, Default)]
pub(crate) struct Toc {
    /// The entries at the top, in reading order.
    pub entries: Vec<TocEntry>,
}

/// One entry of the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TocEntry {
    /// What the entry says.
    pub label: String,
    /// Where it leads, relative to the package folder.
    pub href: String,
    /// The entries under it.
    pub children: Vec<TocEntry>,
}

impl TocEntry {
    fn new(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: href.into(),
            children: Vec::new(),
        }
    }
}

impl Toc {
    /// The table of contents of `book`.
    pub(crate) fn new(book: &Book<'_>) -> Self {
        let mut entries = Vec::with_capacity(book.reports.len() + 1);
        for (r, plan) in book.reports.iter().enumerate() {
            let report = &book.publication().reports[r];
            let mut headings = Vec::new();
            for (block, id) in report.body.iter().zip(&plan.heading_ids) {
                if let (Block::Heading { level, content }, Some(id)) = (block, id) {
                    let label = heading_label(content, &format!("Section {}", headings.len() + 1));
                    headings.push((*level, TocEntry::new(label, format!("{}#{id}", plan.file))));
                }
            }
            let mut entry = TocEntry::new(&plan.title, &plan.file);
            entry.children = nest(&headings);
            if !book.notes_apart() && plan.has_endnotes {
                let href = format!("{}#{}", plan.file, plan.notes_id);
                entry.children.push(TocEntry::new(NOTES_HEADING, href));
            }
            entries.push(entry);
        }
        if let Some(first) = book.notes_documents.first() {
            let mut notes = TocEntry::new(NOTES_HEADING, &first.file);
            for document in book.notes_documents.iter().filter(|d| d.first) {
                let plan = &book.reports[document.report];
                let href = format!("{}#{}", document.file, plan.notes_id);
                notes.children.push(TocEntry::new(&plan.title, href));
            }
            entries.push(notes);
        }
        Toc { entries }
    }

    /// How deep the tree goes: 1 for a flat list.
    pub(crate) fn depth(&self) -> usize {
        fn depth(entries: &[TocEntry]) -> usize {
            entries
                .iter()
                .map(|e| 1 + depth(&e.children))
                .max()
                .unwrap_or(0)
        }
        depth(&self.entries)
    }
}

/// Headings with their levels, as a tree: each heading holds the headings of a deeper
/// level that follow it.
fn nest(items: &[(u8, TocEntry)]) -> Vec<TocEntry> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (level, entry) = &items[i];
        let end = items[i + 1..]
            .iter()
            .position(|(l, _)| l <= level)
            .map_or(items.len(), |p| i + 1 + p);
        let mut entry = entry.clone();
        entry.children = nest(&items[i + 1..end]);
        out.push(entry);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_nest_by_level_even_when_a_level_is_skipped() {
        let e = |l: &str| TocEntry::new(l, l);
        let items = [
            (1, e("a")),
            (2, e("a.1")),
            (4, e("a.1.x")),
            (2, e("a.2")),
            (1, e("b")),
            (3, e("b.x")),
        ];
        let tree = nest(&items);
        let shape: Vec<(String, Vec<String>)> = tree
            .iter()
            .map(|e| {
                (
                    e.label.clone(),
                    e.children.iter().map(|c| c.label.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("a".to_owned(), vec!["a.1".to_owned(), "a.2".to_owned()]),
                ("b".to_owned(), vec!["b.x".to_owned()]),
            ]
        );
        assert_eq!(tree[0].children[0].children[0].label, "a.1.x");
        assert_eq!(Toc { entries: tree }.depth(), 3);
    }
}
