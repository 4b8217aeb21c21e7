//! Times the PDF edition of a folder of web-report files, tagged and untagged, reading
//! excluded: `cargo run --release -p folio-pdf --example time_pdf -- DIR [RUNS] [MODE]`.
//! Prints the median wall time of each and the tagging's cost; MODE `tagged` or
//! `untagged` runs only that one (to measure its peak memory alone).
#![allow(clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::time::Instant;

#[path = "../../../bench/volume.rs"]
mod volume;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("a folder of .txt reports"));
    let runs: usize = args.next().map_or(3, |r| r.parse().unwrap());
    let modes: Vec<bool> = match args.next().as_deref() {
        Some("tagged") => vec![true],
        Some("untagged") => vec![false],
        _ => vec![false, true],
    };
    let files = volume::reports_in(&dir);
    let loaded = volume::load(&files);
    let resolved = volume::resolve(&loaded);
    let mut medians = Vec::new();
    for &tagged in &modes {
        let mut options = folio_pdf::PdfOptions::default();
        options.tagged = tagged;
        let mut times = Vec::new();
        let mut pages = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let pdf = folio_pdf::export_pdf(&resolved, &options).unwrap();
            times.push(start.elapsed().as_secs_f64());
            pages = pdf.page_count;
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!("tagged={tagged}: {pages} pages, median {median:.3} s of {runs} runs");
        medians.push(median);
    }
    if let [untagged, tagged] = medians[..] {
        println!("tagging costs {:+.1}%", (tagged / untagged - 1.0) * 100.0);
    }
}
