//! The tag tree of a tagged PDF: the book's logical structure with the marked content
//! the writer drew for each element, in reading order.

use std::num::{NonZeroU16, NonZeroU32};

use krilla::tagging::{
    BBox, Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::book::BookStructure;
use crate::structure::{NodeId, Role};

/// What an element holds besides its block-level children, in drawing order.
#[derive(Clone)]
enum Item {
    /// Marked content or an annotation.
    Leaf(Identifier),
    /// An inline element (a note reference, a link), placed where its first content is.
    Child(NodeId),
}

/// The marked content of each element, gathered while pages are drawn: one flat list
/// in drawing order (not a list per element: a book has a hundred thousand elements),
/// sorted by element when the tree is built.
#[derive(Default)]
pub(crate) struct Tags {
    items: Vec<(NodeId, Item)>,
    attached: FxHashSet<NodeId>,
    /// Where each figure's image is drawn: its page (by index) and its box.
    boxes: FxHashMap<NodeId, BBox>,
}

impl Tags {
    /// Records that `leaf` belongs to element `node`; an inline element joins its parent
    /// with its first content.
    pub fn record(&mut self, structure: &BookStructure, node: NodeId, leaf: Identifier) {
        self.items.push((node, Item::Leaf(leaf)));
        let mut current = node;
        while self.attached.insert(current) {
            let Some(parent) = structure.element(current).and_then(|e| e.inline_parent) else {
                break;
            };
            self.items.push((parent, Item::Child(current)));
            current = parent;
        }
    }

    /// Records that figure `node`'s image is drawn in `rect` on page `page` (its first
    /// drawing, should there be more).
    pub fn figure_box(&mut self, node: NodeId, page: usize, rect: krilla::geom::Rect) {
        self.boxes.entry(node).or_insert(BBox::new(page, rect));
    }

    /// The tag tree: every top-level element of the book in reading order.
    pub fn tree(mut self, structure: &BookStructure, language: &str) -> TagTree {
        // a stable sort keeps each element's items in drawing order
        self.items.sort_by_key(|(node, _)| *node);
        let mut tree = TagTree::new().with_lang(Some(language.to_owned()));
        for &root in &structure.order {
            if let Some(group) = self.group(structure, root) {
                tree.push(group);
            }
        }
        tree
    }

    fn group(&self, structure: &BookStructure, id: NodeId) -> Option<TagGroup> {
        let element = structure.element(id)?;
        let mut kind = tag(&element.role);
        if let (TagKind::Figure(figure), Some(&bbox)) = (&mut kind, self.boxes.get(&id)) {
            figure.set_bbox(Some(bbox));
        }
        let start = self.items.partition_point(|(node, _)| *node < id);
        let end = self.items.partition_point(|(node, _)| *node <= id);
        // the children's list at its size: a node is some 250 bytes, and a list grown
        // one push at a time holds room for four (a table's cells, each with one
        // paragraph, would take a kilobyte each)
        let mut children = Vec::with_capacity(element.children.len() + (end - start));
        for &child in &element.children {
            if let Some(child) = self.group(structure, child) {
                children.push(Node::Group(child));
            }
        }
        for (_, item) in &self.items[start..end] {
            match item {
                Item::Leaf(leaf) => children.push(Node::Leaf(*leaf)),
                Item::Child(child) => {
                    if let Some(child) = self.group(structure, *child) {
                        children.push(Node::Group(child));
                    }
                }
            }
        }
        Some(TagGroup::with_children(kind, children))
    }
}

/// The PDF structure type of a role.
fn tag(role: &Role) -> TagKind {
    match role {
        Role::Part => Tag::Part.into(),
        Role::Sect => Tag::Section.into(),
        Role::Heading { level, title } => {
            let level = NonZeroU16::new(u16::from(*level).clamp(1, 6)).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, Some(title.clone())).into()
        }
        Role::P => Tag::P.into(),
        Role::List { ordered } => Tag::L(if *ordered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        Role::ListItem => Tag::LI.into(),
        Role::Label => Tag::Lbl.into(),
        Role::ListBody => Tag::LBody.into(),
        Role::BlockQuote => Tag::BlockQuote.into(),
        Role::Note => Tag::Note.into(),
        Role::Reference => Tag::Reference.into(),
        Role::Link => Tag::Link.into(),
        Role::Toc => Tag::TOC.into(),
        Role::TocItem => Tag::TOCI.into(),
        Role::Table => Tag::Table.into(),
        Role::Caption => Tag::Caption.into(),
        Role::TableHead => Tag::THead.into(),
        Role::TableBody => Tag::TBody.into(),
        Role::TableFoot => Tag::TFoot.into(),
        Role::TableRow => Tag::TR.into(),
        Role::TableHeader { colspan, rowspan } => Tag::TH(TableHeaderScope::Column)
            .with_col_span(span(*colspan))
            .with_row_span(span(*rowspan))
            .into(),
        Role::TableCell { colspan, rowspan } => Tag::TD
            .with_col_span(span(*colspan))
            .with_row_span(span(*rowspan))
            .into(),
        Role::Figure { alt } => Tag::Figure(Some(alt.clone())).into(),
    }
}

/// A cell's span as an attribute: none for one column or row, the default.
fn span(n: u32) -> Option<NonZeroU32> {
    NonZeroU32::new(n).filter(|n| n.get() > 1)
}
