//! How long the Markdown reader takes over many footnote references on one line, the
//! case that was quadratic (each reference's column was counted from the line's start:
//! 400,000 references took 33 s), next to as many on lines of their own. Both should
//! grow in step with the number of references.
//!
//! `cargo bench -p folio-import --bench markdown`
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// A report citing one note `refs` times, all on one line or each on a line of its own.
fn markdown(refs: usize, one_line: bool) -> String {
    let cite = if one_line { "Text[^a]" } else { "Text[^a]\n" };
    format!("# Refs\n\n{}\n\n[^a]: The note.\n", cite.repeat(refs))
}

fn references(c: &mut Criterion) {
    let mut group = c.benchmark_group("markdown/references");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for refs in [25_000, 100_000] {
        for (name, one_line) in [("one line", true), ("a line each", false)] {
            let text = markdown(refs, one_line);
            group.throughput(Throughput::Elements(refs as u64));
            group.bench_with_input(BenchmarkId::new(name, refs), &text, |b, text| {
                b.iter(|| {
                    let read = folio_import::read_markdown(black_box(text), "refs.md", "Refs");
                    assert_eq!(read.sources[0].refs.len(), refs);
                    read
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, references);
criterion_main!(benches);
