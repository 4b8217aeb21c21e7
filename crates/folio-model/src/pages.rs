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
