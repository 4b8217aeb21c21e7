//! The EPUB edition's hot paths: writing the reports' XHTML, and the whole export (plan,
//! XHTML, nav, NCX, package document, compression and zip).
//!
//! `cargo bench -p folio-epub` times the 20-report volume of the test fixtures; give
//! another folder of web-report files with `FOLIO_BENCH_DIR`, such as the 150-report
//! volume `python3 bench/gen_corpus.py --reports 150 --seed-file examples/north-korea.txt
//! --out /tmp/vol150` makes (`FOLIO_BENCH_DIR=/tmp/vol150/reports`). The XHTML stage comes
//! from `folio_epub::bench`, which is not part of the crate's stable API.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use folio_epub::{EpubOptions, export_epub};

#[path = "../../../bench/volume.rs"]
mod volume;
use volume::volume;

fn epub(c: &mut Criterion) {
    let files = volume();
    let loaded = volume::load(&files);
    let resolved = volume::resolve(&loaded);
    let options = EpubOptions::default();
    let mut group = c.benchmark_group(format!("epub/{} reports", files.len()));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    group.bench_function("export_epub", |b| {
        b.iter(|| export_epub(black_box(&resolved), &options).unwrap());
    });
    let mut no_fonts = options.clone();
    no_fonts.embed_fonts = false;
    group.bench_function("export_epub, no fonts", |b| {
        b.iter(|| export_epub(black_box(&resolved), &no_fonts).unwrap());
    });
    let xhtml = folio_epub::bench::report_documents(&resolved, &options);
    group.throughput(Throughput::Bytes(xhtml as u64));
    group.bench_function("write XHTML", |b| {
        b.iter(|| folio_epub::bench::report_documents(black_box(&resolved), &options));
    });
    group.finish();
}

criterion_group!(benches, epub);
criterion_main!(benches);
