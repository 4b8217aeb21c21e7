//! Text is never set where no reader sees it: margins that leave the text block no room
//! on the page are an error, and nothing is written.

use folio_model::{PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap, resolve};
use folio_pdf::{Margins, PageSize, PdfError, PdfOptions, export_pdf};

fn export(margins: Option<Margins>) -> Result<folio_pdf::Pdf, PdfError> {
    let publication = PublicationBuilder::new("Margins")
        .report(
            ReportBuilder::new("Margins")
                .paragraph(|p| p.text("Words that must be on the page."))
                .build(),
        )
        .build();
    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    let mut options = PdfOptions::default();
    options.margins = margins;
    export_pdf(&resolved, &options)
}

#[test]
fn margins_that_push_the_text_off_the_page_are_an_error() {
    let page = PageSize::A4;
    let wide = |inner: f32| Margins {
        top: 50.0,
        bottom: 50.0,
        inner,
        outer: 50.0,
    };
    assert!(export(Some(wide(200.0))).is_ok());
    // the text block keeps its least width, 72 pt, which now starts past the page
    for inner in [page.width - 40.0, page.width + 100.0] {
        match export(Some(wide(inner))) {
            Err(PdfError::Placement(message)) => {
                assert!(message.contains("outside the page"), "{message}")
            }
            other => panic!("margin {inner}: {:?}", other.map(|pdf| pdf.page_count)),
        }
    }
    let deep = Margins {
        top: page.height + 10.0,
        ..wide(50.0)
    };
    assert!(matches!(export(Some(deep)), Err(PdfError::Placement(_))));
}
