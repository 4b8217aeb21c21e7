//! Puts the book together: plans it, writes each document in the package's order and
//! packs them, with the identifier derived from the content worked out on another
//! thread meanwhile; then cuts the fonts down to the characters the documents use
//! (each face on a thread of its own) and compresses everything on every core.

use folio_model::{Diagnostic, Resolved};

use crate::book::{self, Book};
use crate::markup::Dropped;
use crate::package::{self, Package, Slot};
use crate::toc::Toc;
use crate::{EpubOptions, document, images, nav, ncx, notes, opf, style, subset, text, title};

/// The EPUB's bytes and the warnings of its writing.
pub(crate) fn assemble(
    resolved: &Resolved<'_>,
    options: &EpubOptions,
) -> std::io::Result<(Vec<u8>, Vec<Diagnostic>)> {
    let publication = resolved.publication;
    std::thread::scope(|scope| {
        // An identifier derived from the content hashes all of it: it is worked out
        // while the text is written, and only the package document and the NCX wait.
        let identifier = std::thread::Builder::new()
            .name("epub-identifier".into())
            .spawn_scoped(scope, || folio_model::identifier(publication));

        let mut book = Book::new(resolved, options);
        if book.notes_apart() {
            // a report's notes go on in more documents when they are many
            let sizes: Vec<Vec<usize>> = (0..book.reports.len())
                .map(|r| notes::note_sizes(&book, r))
                .collect();
            book.split_notes(&sizes);
        }
        let book = book;
        let mut warnings = book.warnings.clone();
        let mut contents = Contents {
            package: Package::new(options.modified),
            dropped: Dropped::default(),
            // the characters the fonts must have, when they are embedded
            chars: options.embed_fonts.then(subset::Chars::new),
        };

        let opf_slot = contents.package.reserve(package::PACKAGE_DOCUMENT_PATH);
        let toc = Toc::new(&book);
        contents.add(&book.path(book::NAV_FILE), nav::nav_document(&book, &toc));
        let ncx_slot = contents.package.reserve(&book.path(ncx::NCX_FILE));
        let has_tables = resolved.reports.iter().any(|r| !r.tables.is_empty());
        let css = style::stylesheet(options.embed_fonts, has_tables, !book.images.is_empty());
        let css_path = book.path(document::STYLESHEET_FILE);
        contents.add(&css_path, (css, Dropped::default()));
        contents.add(&book.path(book::TITLE_FILE), title::title_page(&book));
        for (r, plan) in book.reports.iter().enumerate() {
            let report = text::report_document(&book, r, &mut warnings);
            contents.add(&book.path(&plan.file), report);
        }
        for (d, document) in book.notes_documents.iter().enumerate() {
            let notes = notes::notes_document(&book, d, &mut warnings);
            contents.add(&book.path(&document.file), notes);
        }
        // each image once, its bytes shared with the publication
        for file in &book.images.files {
            let stored = images::is_stored(file.image.media_type);
            let bytes = file.image.data.0.clone();
            contents
                .package
                .add_shared(&book.path(&file.file), bytes, stored);
        }
        // the fonts, cut down to the characters of the documents
        if let Some(chars) = contents.chars.take() {
            let faces = folio_fonts::faces();
            let data: Vec<&'static [u8]> = faces.iter().map(|face| face.data).collect();
            for (face, bytes) in faces.iter().zip(subset::subset_all(&data, &chars)) {
                contents
                    .package
                    .add(&book.path(&style::font_path(face)), bytes);
            }
            let license = folio_fonts::LICENSE.as_bytes();
            contents
                .package
                .add(&book.path(style::FONT_LICENSE_FILE), license);
        }

        let identifier = identifier
            .ok()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_else(|| folio_model::identifier(publication));
        contents.fill(opf_slot, opf::package_document(&book, &identifier));
        contents.fill(ncx_slot, ncx::ncx(&book, &toc, &identifier));

        let bytes = contents.package.finish()?;
        warnings.extend(contents.dropped.warning());
        Ok((bytes, warnings))
    })
}

/// The package being filled, what its documents left out, and the characters they use.
struct Contents {
    package: Package,
    dropped: Dropped,
    chars: Option<subset::Chars>,
}

impl Contents {
    fn add(&mut self, path: &str, (text, dropped): (String, Dropped)) {
        self.dropped.merge(dropped);
        if let Some(chars) = &mut self.chars {
            chars.add(&text);
        }
        self.package.add(path, text.into_bytes());
    }

    fn fill(&mut self, slot: Slot, (text, dropped): (String, Dropped)) {
        self.dropped.merge(dropped);
        self.package.fill(slot, text.into_bytes());
    }
}
