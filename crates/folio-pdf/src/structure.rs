//! The logical structure of the book, for tagged PDF: parts, sections, headings,
//! paragraphs, lists, notes and their labels, references and links, in reading order.
//!
//! The flow builds a skeleton of block-level elements in reading order (each report in
//! its own scope, so reports can be set in parallel); lines and runs name the element
//! their content belongs to. Inline elements (a note reference, a link) are placed in
//! their paragraph where their first content is drawn.

/// An element of the structure: its scope (a report's index, or [`BOOK`]) and its index
/// in the scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NodeId {
    pub scope: u32,
    pub index: u32,
}

/// The scope of the book's own elements: title page, contents, notes at the end.
pub(crate) const BOOK: u32 = u32::MAX - 1;

/// Content that is not part of the text: running heads, folios, rules, leaders.
pub(crate) const ARTIFACT: NodeId = NodeId {
    scope: u32::MAX,
    index: 0,
};

/// Content drawn again on a later page (a table's header rows): an artifact of
/// pagination.
pub(crate) const REPEATED: NodeId = NodeId {
    scope: u32::MAX,
    index: 1,
};

impl Default for NodeId {
    /// Content no element claims is an artifact.
    fn default() -> Self {
        ARTIFACT
    }
}

impl NodeId {
    pub fn is_artifact(self) -> bool {
        self.scope == u32::MAX
    }
}

/// What an element is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Role {
    /// A report, or a part of the book (title page, notes).
    Part,
    /// A section, or the summary.
    Sect,
    /// A heading, H1 to H6, with its text (PDF/UA wants it).
    Heading {
        level: u8,
        title: String,
    },
    P,
    /// A list; ordered or not.
    List {
        ordered: bool,
    },
    ListItem,
    /// A list item's marker or a note's number.
    Label,
    ListBody,
    BlockQuote,
    /// An endnote or footnote.
    Note,
    /// A note reference (holding its link).
    Reference,
    Link,
    /// The table of contents and its items.
    Toc,
    TocItem,
    /// A table, its caption, its groups of rows, a row.
    Table,
    Caption,
    TableHead,
    TableBody,
    TableFoot,
    TableRow,
    /// A header cell (of a column) and a data cell, with the columns and rows they span.
    TableHeader {
        colspan: u32,
        rowspan: u32,
    },
    TableCell {
        colspan: u32,
        rowspan: u32,
    },
    /// An image with what it shows in words (its caption is a [`Role::Caption`] after
    /// it, so that the alt text, which stands for the Figure's content, hides nothing).
    Figure {
        alt: String,
    },
}

/// One element.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub role: Role,
    /// Block-level children in reading order.
    pub children: Vec<NodeId>,
    /// For an inline element (reference, link): the element it sits in.
    pub inline_parent: Option<NodeId>,
    /// For an element placed with [`Structure::add_after`]: the sibling it follows.
    after: Option<NodeId>,
}

/// The elements of one scope.
#[derive(Clone, Debug, Default)]
pub(crate) struct Structure {
    pub scope: u32,
    pub elements: Vec<Element>,
    /// The scope's top-level elements in reading order.
    pub roots: Vec<NodeId>,
}

impl Structure {
    pub fn new(scope: u32) -> Self {
        Structure {
            scope,
            elements: Vec::new(),
            roots: Vec::new(),
        }
    }

    fn push(&mut self, role: Role, inline_parent: Option<NodeId>) -> NodeId {
        self.push_after(role, inline_parent, None)
    }

    fn push_after(
        &mut self,
        role: Role,
        inline_parent: Option<NodeId>,
        after: Option<NodeId>,
    ) -> NodeId {
        let id = NodeId {
            scope: self.scope,
            index: self.elements.len() as u32,
        };
        self.elements.push(Element {
            role,
            children: Vec::new(),
            inline_parent,
            after,
        });
        id
    }

    /// A block-level element, last child of `parent` (or a root).
    pub fn add(&mut self, parent: Option<NodeId>, role: Role) -> NodeId {
        let id = self.push(role, None);
        match parent.and_then(|p| self.element_mut(p)) {
            Some(parent) => parent.children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// A block-level element placed right after `sibling` in `parent` (after elements
    /// already placed there the same way, in order).
    pub fn add_after(&mut self, parent: Option<NodeId>, sibling: NodeId, role: Role) -> NodeId {
        let id = self.push_after(role, None, Some(sibling));
        let mut list = match parent.and_then(|p| self.element(p)) {
            Some(parent) => parent.children.clone(),
            None => self.roots.clone(),
        };
        match list.iter().position(|&c| c == sibling) {
            Some(mut at) => {
                at += 1;
                while at < list.len()
                    && self
                        .element(list[at])
                        .is_some_and(|e| e.after == Some(sibling))
                {
                    at += 1;
                }
                list.insert(at, id);
            }
            None => list.push(id),
        }
        match parent.and_then(|p| self.element_mut(p)) {
            Some(parent) => parent.children = list,
            None => self.roots = list,
        }
        id
    }

    /// A block-level element that is not a root of the scope: something outside the
    /// scope holds it (a report's notes in the book's notes part).
    pub fn add_apart(&mut self, role: Role) -> NodeId {
        self.push(role, None)
    }

    /// Makes `child` (of any scope) the last child of `parent`.
    pub fn adopt(&mut self, parent: NodeId, child: NodeId) {
        if let Some(parent) = self.element_mut(parent) {
            parent.children.push(child);
        }
    }

    /// An inline element inside `parent`, placed where its first content is drawn.
    pub fn add_inline(&mut self, parent: NodeId, role: Role) -> NodeId {
        self.push(role, Some(parent))
    }

    pub fn element(&self, id: NodeId) -> Option<&Element> {
        (id.scope == self.scope).then(|| self.elements.get(id.index as usize))?
    }

    fn element_mut(&mut self, id: NodeId) -> Option<&mut Element> {
        (id.scope == self.scope).then(|| self.elements.get_mut(id.index as usize))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_placed_after_a_paragraph_keep_their_order() {
        let mut s = Structure::new(0);
        let sect = s.add(None, Role::Sect);
        let p1 = s.add(Some(sect), Role::P);
        let p2 = s.add(Some(sect), Role::P);
        let n1 = s.add_after(Some(sect), p1, Role::Note);
        let n2 = s.add_after(Some(sect), p1, Role::Note);
        let children = &s.element(sect).unwrap().children;
        assert_eq!(children, &[p1, n1, n2, p2]);
        let link = s.add_inline(p2, Role::Link);
        assert_eq!(s.element(link).unwrap().inline_parent, Some(p2));
        assert!(!link.is_artifact() && ARTIFACT.is_artifact());
    }
}
