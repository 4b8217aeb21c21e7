//! Builds a report in code and prints its model JSON.
//!
//! Run with `cargo run --example build_report`.

use folio::model::{
    PublicationBuilder, ReportBuilder, ResolveOptions, SourceMap, resolve, to_json,
};

fn main() {
    let report = ReportBuilder::new("North Korea")
        .summary("Key developments since May 2000", |p| {
            p.text("The leaders of North Korea and South Korea discussed the landmine issue at their June 2000 summit meeting.")
        })
        .heading("Mine Ban Policy")
        .paragraph(|p| {
            p.text("The DPRK has not acceded to the 1997 Mine Ban Treaty, but could not accede ")
                .emphasis(|e| e.text("for security reasons"))
                .text(" under the present circumstances.")
                .note(|n| n.text("Statement of Counselor Kim Sam Jong, 4 December 1998."))
        })
        .heading("Production, Transfer and Stockpiling")
        .paragraph(|p| {
            p.text("The DPRK produces the Model 15 antipersonnel mine.")
                .note(|n| n.text("See Jane’s Mines and Mine Clearance, 2000-2001, pp. 186-7."))
                .text(" Its stockpile is likely to be substantial.")
                .note_ref("1")
        })
        .build();
    let publication = PublicationBuilder::new("Landmine Monitor Report 2001")
        .subtitle("Toward a Mine-Free World")
        .author("International Campaign to Ban Landmines")
        .date("2001-08-01")
        .report(report)
        .build();

    let resolved = resolve(
        &publication,
        &ResolveOptions::default(),
        &SourceMap::default(),
    );
    for diagnostic in &resolved.diagnostics {
        eprintln!("{diagnostic}");
    }
    print!("{}", to_json(&publication));
}
