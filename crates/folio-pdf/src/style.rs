//! The typographic design: sizes, leading and spacing, derived from the page size.

use crate::geometry::PageSize;
use crate::paragraph::{Align, ParStyle};

/// Sizes of one kind of text: font size and line spacing, in points.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Face {
    pub size: f32,
    pub leading: f32,
}

/// The design of a book: every size the layout uses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Theme {
    pub body: Face,
    pub notes: Face,
    pub summary: Face,
    /// Table cells and captions: a size under the text's.
    pub table: Face,
    pub report_title: Face,
    pub headings: [Face; 3],
    pub running_head: Face,
    pub folio: Face,
    /// The indent of a paragraph's first line after another paragraph.
    pub indent: f32,
    /// The space before a section heading.
    pub heading_space: f32,
    /// The space between blocks that are not paragraphs (lists, quotes, notes).
    pub block_space: f32,
    /// How far note numbers hang to the left of the note text.
    pub note_hang: f32,
    /// Padding inside the summary's tinted box.
    pub frame_padding: f32,
}

impl Theme {
    /// The design for pages of this size: 10.5 pt text on A4 and Letter, a little
    /// smaller on a 6 × 9 in page.
    pub fn for_page(page: &PageSize) -> Self {
        let body_size: f32 = if page.width < 480.0 { 10.0 } else { 10.5 };
        let scale = body_size / 10.5;
        let face = |size: f32, leading: f32| Face {
            size: size * scale,
            leading: leading * scale,
        };
        Theme {
            body: face(10.5, 14.2),
            notes: face(8.8, 11.6),
            summary: face(10.0, 13.6),
            table: face(9.4, 12.2),
            report_title: face(20.0, 25.0),
            headings: [face(12.5, 16.5), face(11.0, 14.5), face(10.5, 14.2)],
            running_head: face(8.5, 11.0),
            folio: face(9.0, 11.0),
            indent: 12.0 * scale,
            heading_space: 14.0 * scale,
            block_space: 6.0 * scale,
            note_hang: 20.0 * scale,
            frame_padding: 9.0 * scale,
        }
    }

    /// A paragraph style of `face` over `width`.
    pub fn par(&self, face: Face, width: f32, align: Align) -> ParStyle {
        ParStyle {
            size: face.size,
            leading: face.leading,
            align,
            width,
            first_indent: 0.0,
            hyphenate: align == Align::Justify,
        }
    }

    /// The style of a heading at `level` (1 for a section).
    pub fn heading(&self, level: u8) -> Face {
        self.headings[usize::from(level.clamp(1, 3) - 1)]
    }
}
