//! Setting a figure: its image on a line of its own, scaled to the measure and to the
//! page (never enlarged past its size at 96 dpi), then its numbered caption in the
//! tables' smaller type, all of it one block the paginator keeps whole and floats to the
//! next page when it does not fit (see `paginate.rs`). Tagged as a Figure with its alt
//! text and a Caption after it; a decorative image (no alt text) is an artifact.

use folio_fonts::Style;
use folio_model::{Block, Figure, PagePlace};

use super::{BlockWriter, FlowBlock, Region, tag};
use crate::image::{LineImage, fit, natural_size};
use crate::paragraph::{Align, Line, ParStyle, Span};
use crate::structure::{ARTIFACT, Role};
use crate::table_layout::Extent;

/// The least width the columns give an image in a table cell, in points (when its
/// natural width is more).
const LEAST_CELL_IMAGE: f32 = 48.0;

impl BlockWriter<'_, '_, '_> {
    /// Sets `figure` at `x` over `width`: a block of its image's line, a small gap, and
    /// its caption's lines, kept whole. In a note (which resolve() reports as an error)
    /// only its caption is set, as a paragraph, so that no word is lost.
    pub(super) fn figure(
        &mut self,
        figure: &Figure,
        x: f32,
        width: f32,
        lead: &[Span],
        origin: (usize, PagePlace),
    ) {
        let theme = self.cx.theme;
        if self.tables.in_note {
            let caption = Block::paragraph(figure.caption.clone());
            self.block(&caption, x, width, theme.notes, lead, origin);
            return;
        }
        // numbered as resolve() numbers them: in reading order, in cells too
        let number = self.figures_seen + 1;
        self.figures_seen += 1;
        let face = theme.table;
        let measure = width.max(1.0);
        let container = self.container();
        let described = !figure.alt.trim().is_empty();
        let image_node = if described {
            self.structure.add(
                Some(container),
                Role::Figure {
                    alt: figure.alt.clone(),
                },
            )
        } else {
            ARTIFACT
        };
        // the caption follows the Figure (inside it, the Figure's alt text would hide it
        // from a screen reader); a decorative image's caption is a paragraph
        let caption_role = if described { Role::Caption } else { Role::P };
        let caption_node = self.structure.add(Some(container), caption_role);
        let mut spans = lead.to_vec();
        spans.push(Span::text(format!("Figure {number}. "), Style::Bold));
        spans.extend(self.spans(&figure.caption, Style::Regular, caption_node));
        // notes the caption cites, at the foot of the page, follow it
        self.place_foot_notes(caption_node);
        let style = ParStyle {
            size: face.size,
            leading: face.leading,
            align: Align::Left,
            width: measure,
            first_indent: 0.0,
            hyphenate: false,
        };
        let mut caption = self.t.set(&spans, &style);
        tag(&mut caption, caption_node);
        // a caption of one line is centred under the image
        if let [line] = caption.as_mut_slice() {
            line.x += ((measure - line.width) / 2.0).max(0.0);
        }
        let gap = face.leading * 0.5;
        let caption_height: f32 = caption.iter().map(|l| l.height).sum::<f32>() + gap;

        // the room: the measure, and the page less the caption; in a table's cell, the
        // page less the caption, the cell's padding and the header drawn again above it
        let room = match self.tables.cell {
            Some(cell) => cell.room,
            None => self.cx.height,
        } - caption_height;
        let (w, h) = fit(&figure.image, measure, room);
        let mut image = Line::blank(h);
        image.baseline = h;
        image.width = w;
        image.x = ((measure - w) / 2.0).max(0.0);
        image.node = image_node;
        image.image = Some(Box::new(LineImage {
            image: figure.image.clone(),
            width: w,
            height: h,
        }));

        let mut lines = Vec::with_capacity(caption.len() + 2);
        lines.push(image);
        lines.push(Line::blank(gap));
        lines.extend(caption);
        let mut block = FlowBlock::new(lines, origin, Region::Body);
        block.x = x;
        block.space_before = theme.block_space * 2.0;
        block.space_after = theme.block_space * 2.0;
        // kept whole: no page breaks between its lines; it floats when it fits on a page
        // (a caption longer than a page is set line by line where it stands)
        block.orphans = usize::MAX;
        block.float = h + caption_height <= self.cx.height;
        self.out.push(block);
        self.previous_paragraph = false;
    }
}

/// How narrow and how wide a figure with a caption of extent `caption` can be set in a
/// table's cell: its image shrinks to any width (the column's share decides it), but not
/// below [`LEAST_CELL_IMAGE`] when it is wider than that, nor past its size at 96 dpi.
pub(super) fn figure_extent(figure: &Figure, caption: Extent) -> Extent {
    let (natural, _) = natural_size(&figure.image);
    Extent {
        min: caption.min.max(natural.min(LEAST_CELL_IMAGE)),
        max: caption.max.max(natural),
    }
}
