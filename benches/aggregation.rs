//! The aggregation behind `/api/v1/summary` and the organisation page, at national scale
//! (about 450,000 values) and per unit (about 10 million).
//!
//! `cargo bench --bench aggregation`; with `EFFEKT_BENCH_PER_UNIT=1` the larger size too.
//! `cargo test --benches` (as CI does) runs each benchmark once, as a smoke test.

mod common;

use std::sync::OnceLock;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use effekt::analytics::{Filter, organisation_figures};

fn aggregation(c: &mut Criterion) {
    let mut group = c.benchmark_group("aggregation");
    group.sample_size(10);
    // Ten million values take gigabytes and a minute to build: only when asked for.
    let mut sizes = vec![("national", common::NATIONAL)];
    if std::env::var_os("EFFEKT_BENCH_PER_UNIT").is_some() {
        sizes.push(("per_unit", common::PER_UNIT));
    }
    for (name, organisations) in sizes {
        // Built on first use, so that a filter leaving out a size never builds its data.
        let data = OnceLock::new();
        let data = || data.get_or_init(|| common::dataset(organisations));
        let all = Filter::default();
        group.bench_function(BenchmarkId::new("summary", name), |b| {
            let data = data();
            b.iter(|| data.summary(&all).unwrap())
        });
        // The same over the entered figures only: the values DuckDB aggregates in
        // `scripts/bench`, for a comparison of like with like.
        let entered = OnceLock::new();
        group.bench_function(BenchmarkId::new("summary_entered", name), |b| {
            let entered = entered.get_or_init(|| common::entered_dataset(organisations));
            b.iter(|| entered.summary(&all).unwrap())
        });
        group.bench_function(BenchmarkId::new("organisation_figures", name), |b| {
            let data = data();
            let organisation = data
                .observations()
                .nth(data.figure_count() / 2)
                .unwrap()
                .organisation;
            b.iter(|| organisation_figures(data, organisation, true))
        });
        group.bench_function(BenchmarkId::new("build_dataset", name), |b| {
            b.iter_with_large_drop(|| common::dataset(organisations))
        });
    }
    group.finish();
}

criterion_group!(benches, aggregation);
criterion_main!(benches);
