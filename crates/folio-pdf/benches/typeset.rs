//! The typesetter's hot paths, each alone and together: shaping, setting paragraphs,
//! total-fit line breaking, pagination, the whole layout and the whole PDF export.
//!
//! `cargo bench -p folio-pdf` times the 20-report volume of the test fixtures; give
//! another folder of web-report files with `FOLIO_BENCH_DIR`, such as the 150-report
//! volume `python3 bench/gen_corpus.py --reports 150 --seed-file examples/north-korea.txt
//! --out /tmp/vol150` makes (`FOLIO_BENCH_DIR=/tmp/vol150/reports`). The stages come from
//! `folio_pdf::bench`, which is not part of the crate's stable API.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use folio_pdf::PdfOptions;
use folio_pdf::bench::{self, Fonts, Paragraphs, Typeset};

#[path = "../../../bench/volume.rs"]
mod volume;
use volume::volume;

fn typesetting(c: &mut Criterion) {
    let files = volume();
    let loaded = volume::load(&files);
    let resolved = volume::resolve(&loaded);
    let fonts = Fonts::shipped();
    let paragraphs = bench::paragraphs(&loaded.publication);
    let words = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum::<usize>() as u64;
    let options = PdfOptions::default();

    let mut group = c.benchmark_group(format!("pdf/{} reports", files.len()));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));

    group.throughput(Throughput::Elements(words));
    group.bench_function("shape words", |b| {
        b.iter(|| bench::shape_words(&fonts, black_box(&paragraphs)));
    });
    group.bench_function("set paragraphs", |b| {
        b.iter(|| bench::set_paragraphs(&fonts, black_box(&paragraphs)));
    });
    let items = Paragraphs::new(&fonts, &paragraphs);
    group.throughput(Throughput::Elements(items.item_count() as u64));
    group.bench_function("break lines", |b| {
        b.iter(|| black_box(&items).break_lines())
    });

    for (name, notes) in [
        ("paginate", folio_model::NotePlacement::EndOfReport),
        (
            "paginate, notes at the foot",
            folio_model::NotePlacement::FootOfPage,
        ),
    ] {
        let mut options = options.clone();
        options.notes = notes;
        let typeset = Typeset::new(&fonts, &resolved, &options);
        group.throughput(Throughput::Elements(
            typeset.paginate(typeset.blocks()) as u64
        ));
        group.bench_function(name, |b| {
            b.iter_batched(
                || typeset.blocks(),
                |blocks| typeset.paginate(blocks),
                BatchSize::LargeInput,
            );
        });
    }

    // the whole layout and export take a tenth of a second or more per run
    let pages = bench::typeset(&fonts, &resolved, &options) as u64;
    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(pages));
    group.bench_function("lay out the book", |b| {
        b.iter(|| bench::typeset(&fonts, black_box(&resolved), &options));
    });
    group.bench_function("export_pdf", |b| {
        b.iter(|| folio_pdf::export_pdf(black_box(&resolved), &options).unwrap());
    });
    group.finish();
}

criterion_group!(benches, typesetting);
criterion_main!(benches);
