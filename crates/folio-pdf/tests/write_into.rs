//! `Typeset::write_into`: the PDF handed over in pieces as it is written is the PDF
//! `Typeset::write` gives, byte for byte.

use folio_model::{PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap, resolve};
use folio_pdf::{PdfOptions, PdfOut};

/// Records the pieces as they come.
#[derive(Default)]
struct Pieces {
    pieces: Vec<Vec<u8>>,
    restarts: usize,
}

impl PdfOut for Pieces {
    fn piece(&mut self, bytes: Vec<u8>) {
        self.pieces.push(bytes);
    }

    fn restart(&mut self) {
        self.pieces.clear();
        self.restarts += 1;
    }
}

#[test]
fn the_pieces_are_the_whole_file() {
    // a few megabytes of PDF: undeflated pages, many of them
    let mut report = ReportBuilder::new("Pieces");
    for n in 0..1600 {
        report = report.paragraph(|p| {
            p.text(format!(
                "Paragraph {n}: the quick brown fox jumps over the lazy dog, and the \
                 report goes on about mines, clearance and survivors, line after line."
            ))
        });
    }
    let publication = PublicationBuilder::new("Pieces")
        .report(report.build())
        .build();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    let mut options = PdfOptions::default();
    options.compression_level = 0;

    let whole = folio_pdf::typeset(&resolved, &options)
        .and_then(folio_pdf::Typeset::write)
        .unwrap();
    let mut pieces = Pieces::default();
    let streamed = folio_pdf::typeset(&resolved, &options)
        .and_then(|typeset| typeset.write_into(&mut pieces))
        .unwrap();

    assert!(streamed.bytes.is_empty(), "the bytes went to the pieces");
    assert_eq!(streamed.page_count, whole.page_count);
    assert!(
        pieces.pieces.len() > 1,
        "{} bytes in one piece",
        whole.bytes.len()
    );
    assert_eq!(pieces.restarts, 0);
    assert!(pieces.pieces.iter().all(|piece| !piece.is_empty()));
    assert!(
        pieces.pieces.concat() == whole.bytes,
        "the pieces differ from the file"
    );

    // and gathered in a vector, the same
    let mut gathered = Vec::new();
    folio_pdf::typeset(&resolved, &options)
        .and_then(|typeset| typeset.write_into(&mut gathered))
        .unwrap();
    assert!(gathered == whole.bytes);
}
