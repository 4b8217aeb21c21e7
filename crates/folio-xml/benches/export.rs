//! How long each XML edition takes to write, reading excluded, and the content
//! identifier alone (a hash of the whole publication, which every edition's metadata
//! names).
//!
//! `cargo bench -p folio-xml` times the 20-report volume of the test fixtures; give
//! another folder of web-report files with `FOLIO_BENCH_DIR`, such as the 150-report
//! volume `python3 bench/gen_corpus.py --reports 150 --seed-file examples/north-korea.txt
//! --out /tmp/vol150` makes (`FOLIO_BENCH_DIR=/tmp/vol150/reports`).
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use folio_model::Resolved;

/// An edition's writer.
type Export = fn(&Resolved<'_>) -> Vec<u8>;

#[path = "../../../bench/volume.rs"]
mod volume;
use volume::volume;

fn xml(c: &mut Criterion) {
    let files = volume();
    let loaded = volume::load(&files);
    let resolved = volume::resolve(&loaded);
    let mut group = c.benchmark_group(format!("xml/{} reports", files.len()));
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let editions: [(&str, Export); 3] = [
        ("folio XML", folio_xml::export_folio_xml),
        ("DocBook", folio_xml::export_docbook),
        ("JATS", folio_xml::export_jats),
    ];
    for (name, export) in editions {
        group.throughput(Throughput::Bytes(export(&resolved).len() as u64));
        group.bench_function(name, |b| b.iter(|| export(black_box(&resolved))));
    }
    group.throughput(Throughput::Elements(resolved.note_count() as u64));
    group.bench_function("content identifier", |b| {
        b.iter(|| folio_model::identifier(black_box(&loaded.publication)));
    });
    group.finish();
}

criterion_group!(benches, xml);
criterion_main!(benches);
