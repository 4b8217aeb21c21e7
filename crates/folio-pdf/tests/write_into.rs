//! `Typeset::write_into`: the PDF handed over in pieces as it is written is the PDF
//! `Typeset::write` gives, byte for byte; and so is the PDF `export_pdf_into` lays out
//! while it writes it.

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

/// A book of `reports` reports, each with paragraphs citing notes, and, with `odd`, a
/// character no font has.
fn book(reports: usize, odd: bool) -> folio_model::Publication {
    let mut book = PublicationBuilder::new("Landmine Monitor");
    for r in 0..reports {
        let mut report = ReportBuilder::new(format!("Country {r}")).heading("Mine Action");
        for n in 0..40 {
            report = report.paragraph(|p| {
                p.text(format!(
                    "Paragraph {n} of report {r}: clearance went on in the north, and \
                     the survey of the border areas was finished in the spring{}.",
                    if odd && n == 7 { " \u{10FFFD}" } else { "" }
                ))
                .note(|note| note.text(format!("Note {n} of report {r}, a ministry letter.")))
            });
        }
        book = book.report(report.build());
    }
    book.build()
}

#[test]
fn laid_out_while_written_is_the_pdf_typeset_then_written() {
    use folio_model::NotePlacement;
    use folio_pdf::PdfStandard;

    for (reports, odd, notes, standards, tagged) in [
        (
            7,
            false,
            NotePlacement::EndOfReport,
            vec![PdfStandard::Ua1],
            true,
        ),
        (
            5,
            true,
            NotePlacement::EndOfReport,
            vec![PdfStandard::Ua1],
            true,
        ),
        (5, false, NotePlacement::FootOfPage, vec![], true),
        (4, false, NotePlacement::EndOfReport, vec![], false),
        (3, false, NotePlacement::EndOfBook, vec![], true),
        (1, false, NotePlacement::EndOfReport, vec![], true),
    ] {
        let case = format!("{reports} reports, odd {odd}, {notes:?}, {standards:?}, {tagged}");
        let publication = book(reports, odd);
        let resolved = resolve(
            &publication,
            &ResolveOptions::default(),
            &SourceMap::default(),
        );
        let mut options = PdfOptions::default();
        options.notes = notes;
        options.standards_if_possible = !standards.is_empty();
        options.standards = standards;
        options.tagged = tagged;

        let typeset = folio_pdf::typeset(&resolved, &options).unwrap();
        let page_map = typeset.page_map().clone();
        let whole = typeset.write().unwrap();
        let mut pieces = Pieces::default();
        let mut laid_out = Vec::new();
        let streamed = folio_pdf::export_pdf_into(&resolved, &options, &mut pieces, &mut |map| {
            laid_out.push(map.clone());
        })
        .unwrap();
        let at_once = folio_pdf::export_pdf(&resolved, &options).unwrap();

        assert!(streamed.bytes.is_empty(), "{case}");
        assert!(
            pieces.pieces.concat() == whole.bytes,
            "{case}: the pieces differ"
        );
        assert!(at_once.bytes == whole.bytes, "{case}: export_pdf differs");
        assert_eq!(
            laid_out,
            std::slice::from_ref(&page_map),
            "{case}: the page map, once"
        );
        for pdf in [&streamed, &at_once] {
            assert_eq!(pdf.page_map, page_map, "{case}");
            assert_eq!(pdf.page_count, whole.page_count, "{case}");
            assert_eq!(
                format!("{:?}", pdf.warnings),
                format!("{:?}", whole.warnings),
                "{case}"
            );
        }
        // the character no font has: said, and the PDF written again without PDF/UA
        assert_eq!(
            whole.warnings.is_empty(),
            !odd,
            "{case}: {:?}",
            whole.warnings
        );
        assert_eq!(pieces.restarts, usize::from(odd), "{case}");
    }
}
