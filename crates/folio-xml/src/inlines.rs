//! Inline content in DocBook and JATS: the same walk, with each dialect's element names
//! and its own way of marking a note reference.

use folio_model::{Inline, Related, is_live_link};

use crate::markup::XmlWriter;

/// An element name with the attributes it always carries.
pub(crate) type Tag = (&'static str, &'static [(&'static str, &'static str)]);

/// How a dialect marks inline content up.
pub(crate) struct InlineTags {
    /// Emphasis (italic).
    pub(crate) emphasis: Tag,
    /// Strong text (bold).
    pub(crate) strong: Tag,
    /// A link, and the attribute that holds its URL.
    pub(crate) link: (Tag, &'static str),
}

/// A writer of one dialect's inline content.
pub(crate) trait InlineWriter {
    /// The dialect's element names.
    const TAGS: InlineTags;

    /// Where the markup goes.
    fn xml(&mut self) -> &mut XmlWriter;

    /// A reference to the note with this id, at the next reference site of the report.
    fn note_ref(&mut self, id: &str);

    /// Writes `content`. Inside a note (`in_note`), a note reference is an error of the
    /// input (resolve says so) and is written as its label, without taking a site.
    fn inlines(&mut self, content: &[Inline], in_note: bool) {
        for inline in content {
            match inline {
                Inline::Text { text } => self.xml().text(text),
                Inline::Emphasis { content } => {
                    self.wrapped(Self::TAGS.emphasis, None, content, in_note)
                }
                Inline::Strong { content } => {
                    self.wrapped(Self::TAGS.strong, None, content, in_note)
                }
                // an address no edition makes live (`javascript:`, `file:`...) is its
                // text: resolve() warned about it
                Inline::Link { url, content } if !is_live_link(url) => {
                    self.inlines(content, in_note)
                }
                Inline::Link { url, content } => {
                    let (tag, url_attribute) = Self::TAGS.link;
                    self.wrapped(tag, Some((url_attribute, url)), content, in_note);
                }
                Inline::NoteRef { note } if in_note => self.xml().text(&format!("[{note}]")),
                Inline::NoteRef { note } => self.note_ref(note.as_str()),
            }
        }
    }

    /// A related report: its text, linked when it has a target that may be live.
    fn related(&mut self, related: &Related) {
        let ((name, fixed), url_attribute) = Self::TAGS.link;
        match &related.target {
            Some(target) if is_live_link(target) => {
                let mut attributes = fixed.to_vec();
                attributes.push((url_attribute, target));
                self.xml().start_tag(name, &attributes);
                self.xml().text(&related.text);
                self.xml().end_tag(name);
            }
            _ => self.xml().text(&related.text),
        }
    }

    /// `content` inside the element `tag`, with one more attribute when given.
    fn wrapped(
        &mut self,
        (name, fixed): Tag,
        extra: Option<(&str, &str)>,
        content: &[Inline],
        in_note: bool,
    ) {
        let mut attributes = fixed.to_vec();
        attributes.extend(extra);
        self.xml().start_tag(name, &attributes);
        self.inlines(content, in_note);
        self.xml().end_tag(name);
    }
}
