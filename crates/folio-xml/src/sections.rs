//! Sections nested from flat headings, for the dialects that want a hierarchy (DocBook's
//! `<section>`, JATS's `<sec>`): a heading opens a section that runs until the next
//! heading of the same or a higher level.

use folio_model::{Block, Inline};

/// What a dialect writes as the blocks of a body are walked with their sections nested.
pub(crate) trait SectionWriter {
    /// A section starts, with the heading's level and text.
    fn open_section(&mut self, level: u8, title: &[Inline]);
    /// The innermost open section ends; `empty` when it held neither a block nor a
    /// subsection (DocBook needs something in it).
    fn close_section(&mut self, empty: bool);
    /// A block that is not a heading, inside the innermost open section (or before the
    /// first heading).
    fn block(&mut self, block: &Block);
}

/// Walks `blocks`, nesting a section at each heading. A heading deeper than the one
/// before it by more than one level simply nests one section inside.
pub(crate) fn write_sections(blocks: &[Block], writer: &mut impl SectionWriter) {
    // The level of each open section and whether it holds anything yet.
    let mut open: Vec<(u8, bool)> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { level, content } => {
                while open
                    .last()
                    .is_some_and(|&(open_level, _)| open_level >= *level)
                {
                    if let Some((_, filled)) = open.pop() {
                        writer.close_section(!filled);
                    }
                }
                if let Some(parent) = open.last_mut() {
                    parent.1 = true;
                }
                open.push((*level, false));
                writer.open_section(*level, content);
            }
            _ => {
                if let Some(section) = open.last_mut() {
                    section.1 = true;
                }
                writer.block(block);
            }
        }
    }
    while let Some((_, filled)) = open.pop() {
        writer.close_section(!filled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Outline(String);

    impl SectionWriter for Outline {
        fn open_section(&mut self, level: u8, title: &[Inline]) {
            self.0 += &format!("<{level}:{}>", folio_model::plain_text(title));
        }
        fn close_section(&mut self, empty: bool) {
            self.0 += if empty { "(empty)</>" } else { "</>" };
        }
        fn block(&mut self, block: &Block) {
            self.0 += &folio_model::plain_text(block.content().unwrap_or_default());
        }
    }

    fn heading(level: u8, text: &str) -> Block {
        Block::heading(level, vec![Inline::text(text)])
    }

    #[test]
    fn headings_nest_by_level() {
        let blocks = [
            Block::text("intro"),
            heading(1, "A"),
            Block::text("a"),
            heading(3, "A.1"),
            Block::text("a1"),
            heading(2, "A.2"),
            heading(1, "B"),
            Block::text("b"),
        ];
        let mut outline = Outline::default();
        write_sections(&blocks, &mut outline);
        assert_eq!(
            outline.0,
            "intro<1:A>a<3:A.1>a1</><2:A.2>(empty)</></><1:B>b</>"
        );
    }

    #[test]
    fn a_heading_with_only_subsections_is_not_empty() {
        let mut outline = Outline::default();
        write_sections(&[heading(1, "A"), heading(2, "B")], &mut outline);
        assert_eq!(outline.0, "<1:A><2:B>(empty)</></>");
    }
}
