//! Synthetic data for the benchmarks, built the way `effekt generate` builds it.

// Each benchmark binary uses its own part of this module.
#![allow(dead_code)]

use effekt::analytics::{Dataset, DerivedPlan, Observation, with_derived};
use effekt::demo::DemoData;
use effekt::synthetic::Synthetic;
use effekt::{Catalogue, Period, ReportStatus};

/// About 450,000 values: Sweden's public sector over ten years.
pub const NATIONAL: usize = 700;
/// About 10 million values: organisations that report per unit (schools, offices).
pub const PER_UNIT: usize = 15_000;
pub const QUARTERS: usize = 40;

pub fn catalogue_and_demo() -> (Catalogue, DemoData) {
    let catalogue = Catalogue::shipped();
    let demo = DemoData::from_toml(include_str!("../../data/demo.toml"), &catalogue).unwrap();
    (catalogue, demo)
}

/// The quarters of the data, ending with the last complete one: the same quarters as
/// `effekt generate` makes, so that `scripts/bench` compares like with like.
pub fn periods() -> Vec<Period> {
    let last = Period::last_ended();
    let first = Period::from_index(last.index() + 1 - QUARTERS as i32).unwrap();
    first.through(last).collect()
}

pub fn observations(organisations: usize) -> Vec<Observation> {
    let (catalogue, demo) = catalogue_and_demo();
    let synthetic = Synthetic::new(&catalogue, &demo, 1);
    let periods = periods();
    let mut observations = Vec::new();
    for i in 0..organisations {
        let organisation = synthetic.organisation(i);
        for (q, period) in periods.iter().enumerate() {
            for (series, value) in synthetic.values(i, q) {
                observations.push(Observation {
                    organisation: organisation.organisation_number,
                    kind: organisation.kind,
                    period: *period,
                    series: series.as_str().into(),
                    value,
                    // As `effekt generate` stores them.
                    status: ReportStatus::Approved,
                });
            }
        }
    }
    observations
}

/// The dataset the summary aggregates: the entered figures and the series derived from them.
pub fn dataset(organisations: usize) -> Dataset {
    let plan = DerivedPlan::new(&Catalogue::shipped());
    dataset_of(organisations, |observations| {
        with_derived(observations, &Default::default(), &plan)
    })
}

/// The entered figures alone, as `effekt generate` stores them and the export lists them: what
/// `scripts/bench` gives DuckDB, so both aggregate the same values.
pub fn entered_dataset(organisations: usize) -> Dataset {
    dataset_of(organisations, |observations| observations)
}

fn dataset_of(
    organisations: usize,
    complete: impl FnOnce(Vec<Observation>) -> Vec<Observation>,
) -> Dataset {
    let (catalogue, demo) = catalogue_and_demo();
    let synthetic = Synthetic::new(&catalogue, &demo, 1);
    let kinds = (0..organisations).map(|i| synthetic.organisation(i).kind);
    let observations = complete(observations(organisations));
    Dataset::new(observations, kinds, catalogue.series().count()).unwrap()
}
