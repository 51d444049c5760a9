//! The first summary after one saved and submitted report: the cache applying the save (the
//! organisation's figures read again, the touched quarter's groups aggregated again) against a
//! full rebuild (every figure read, the dataset and the summary built anew), over a real SQLite
//! database generated as `effekt generate` generates it: about 450,000 values, and with
//! `EFFEKT_BENCH_PER_UNIT=1` about 10 million.
//!
//! `cargo bench --bench incremental`. Each sample saves and submits the report outside the
//! timing.

mod common;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use effekt::analytics::{Analytics, Filter};
use effekt::store::{Actor, GeneratedOrganisation, Store};
use effekt::synthetic::Synthetic;
use effekt::{Catalogue, Entry, OrgNumber, Period, ReportUpdate, Step};

/// A database of `organisations` × `common::QUARTERS` quarters of approved reports, with the
/// last quarter of the middle organisation reopened, so that it can be saved again.
async fn generated(
    dir: &tempfile::TempDir,
    organisations: usize,
) -> (Store, Catalogue, OrgNumber, Period) {
    let (catalogue, demo) = common::catalogue_and_demo();
    let synthetic = Synthetic::new(&catalogue, &demo, 1);
    let store = Store::connect(&format!("sqlite://{}/bench.db", dir.path().display()))
        .await
        .unwrap();
    let system = Actor::System("bench");
    let periods = common::periods();
    let mut tx = store.begin_write(&system).await.unwrap();
    for chunk in (0..organisations).collect::<Vec<_>>().chunks(250) {
        let generated: Vec<GeneratedOrganisation> = chunk
            .iter()
            .map(|&i| synthetic.organisation_with_figures(i, &periods))
            .collect();
        tx.insert_generated(&generated, catalogue.version())
            .await
            .unwrap();
    }
    tx.record_load("bench".into()).await.unwrap();
    tx.commit().await.unwrap();
    let organisation = synthetic
        .organisation(organisations / 2)
        .organisation_number;
    let period = *periods.last().unwrap();
    store
        .take_step(organisation, period, Step::Reopen, &system)
        .await
        .unwrap();
    (store, catalogue, organisation, period)
}

fn incremental(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_summary_after_a_save");
    group.sample_size(10);
    let mut sizes = vec![("national", common::NATIONAL)];
    if std::env::var_os("EFFEKT_BENCH_PER_UNIT").is_some() {
        sizes.push(("per_unit", common::PER_UNIT));
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (name, organisations) in sizes {
        let dir = tempfile::tempdir().unwrap();
        let (store, catalogue, organisation, period) =
            runtime.block_on(generated(&dir, organisations));
        let asked = Filter::default();
        let mut value = 0.0;
        // A new figure each time, submitted: the save changes what the summary counts, and
        // the next summary sees it. A draft counts in no summary, so a save of one alone left
        // the cache nothing to apply.
        let mut save = || {
            value += 1.0;
            let update = ReportUpdate::parse(
                &catalogue,
                [("ideas_delivered".to_owned(), Entry::Number(value))],
                None,
            )
            .unwrap();
            let system = Actor::System("bench");
            runtime.block_on(async {
                store
                    .save_report(organisation, period, &update, &system)
                    .await
                    .unwrap();
                store
                    .take_step(organisation, period, Step::Submit, &system)
                    .await
                    .unwrap();
            });
        };
        let kept = Analytics::new(store.clone(), &catalogue);
        let before = runtime.block_on(kept.summary(&asked)).unwrap();
        save();
        let after = runtime.block_on(kept.summary(&asked)).unwrap();
        assert_ne!(
            before, after,
            "a save the summary does not count measures nothing"
        );
        group.bench_function(BenchmarkId::new("applied", name), |b| {
            b.iter_custom(|iterations| {
                let mut took = Duration::ZERO;
                for _ in 0..iterations {
                    save();
                    let started = Instant::now();
                    runtime.block_on(kept.summary(&asked)).unwrap();
                    took += started.elapsed();
                }
                took
            })
        });
        group.bench_function(BenchmarkId::new("rebuilt", name), |b| {
            b.iter_custom(|iterations| {
                let mut took = Duration::ZERO;
                for _ in 0..iterations {
                    save();
                    // A cache that cannot apply the save: one that starts anew.
                    let rebuilt = Analytics::new(store.clone(), &catalogue);
                    let started = Instant::now();
                    runtime.block_on(rebuilt.summary(&asked)).unwrap();
                    took += started.elapsed();
                }
                took
            })
        });
    }
    group.finish();
}

criterion_group!(benches, incremental);
criterion_main!(benches);
