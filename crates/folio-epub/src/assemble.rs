//! Puts the book together: plans it, writes each document in the package's order and
//! packs them, with the slow parts that depend on nothing else (the identifier derived
//! from the content, the fonts' compression) done on other threads meanwhile.

use folio_model::{Diagnostic, Resolved};

use crate::book::{self, Book};
use crate::markup::Dropped;
use crate::package::{self, Package, Slot};
use crate::toc::Toc;
use crate::{EpubOptions, document, images, nav, ncx, notes, opf, style, text, title};

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
            .spawn_scoped(scope, || book::identifier(publication));

        let book = Book::new(resolved, options);
        let mut warnings = book.warnings.clone();
        let mut contents = Contents {
            package: Package::new(options.modified),
            dropped: Dropped::default(),
        };
        let fonts: Vec<_> = if options.embed_fonts {
            folio_fonts::faces()
                .iter()
                .map(|face| {
                    let path = book.path(&style::font_path(face));
                    contents.package.start(&path, face.data)
                })
                .collect()
        } else {
            Vec::new()
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
        if let Some(file) = book.notes_file() {
            let notes = notes::notes_document(&book, &mut warnings);
            contents.add(&book.path(file), notes);
        }
        // each image once, its bytes shared with the publication
        for file in &book.images.files {
            let stored = images::is_stored(file.image.media_type);
            let bytes = file.image.data.0.clone();
            contents
                .package
                .add_shared(&book.path(&file.file), bytes, stored);
        }
        for font in fonts {
            contents.package.add_started(font);
        }
        if options.embed_fonts {
            let license = folio_fonts::LICENSE.as_bytes();
            contents
                .package
                .add(&book.path(style::FONT_LICENSE_FILE), license);
        }

        let identifier = identifier
            .ok()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_else(|| book::identifier(publication));
        contents.fill(opf_slot, opf::package_document(&book, &identifier));
        contents.fill(ncx_slot, ncx::ncx(&book, &toc, &identifier));

        let bytes = contents.package.finish()?;
        warnings.extend(contents.dropped.warning());
        Ok((bytes, warnings))
    })
}

/// The package being filled, and what its documents left out.
struct Contents {
    package: Package,
    dropped: Dropped,
}

impl Contents {
    fn add(&mut self, path: &str, (text, dropped): (String, Dropped)) {
        self.dropped.merge(dropped);
        self.package.add(path, text.into_bytes());
    }

    fn fill(&mut self, slot: Slot, (text, dropped): (String, Dropped)) {
        self.dropped.merge(dropped);
        self.package.fill(slot, text.into_bytes());
    }
}
