//! Where the print edition's pages begin, so that other editions can show print page
//! numbers (an EPUB page-list).

/// The pages of a print edition, in order, each with the place in the content where it
/// begins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMap {
    /// One entry per page that begins inside a report's content.
    pub pages: Vec<PageStart>,
}

/// One print page and where it begins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageStart {
    /// The page number as printed (`"12"`, `"iv"`).
    pub label: String,
    /// The report, as an index into `Publication::reports`.
    pub report: usize,
    /// The part of the report the page begins in.
    pub place: PagePlace,
}

/// A part of a report a page can begin in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PagePlace {
    /// The report's title and summary.
    Start,
    /// The top-level body block with this index (the page begins at or inside it).
    Block(usize),
    /// The endnote with this index into `Report::endnotes`.
    Note(usize),
}

/// Where an edition sets the notes (after pandoc's `ReferenceLocation`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NotePlacement {
    /// After each report, under a "Notes" heading (the default).
    #[default]
    EndOfReport,
    /// All together at the end of the book, with a heading per report.
    EndOfBook,
    /// At the foot of the page that cites them (print); editions without pages set them
    /// after each report.
    FootOfPage,
}
