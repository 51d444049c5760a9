//! `effekt generate`: fills an empty database with synthetic organisations and figures at
//! national scale, for benchmarks and load tests.

use std::time::Instant;

use clap::builder::RangedU64ValueParser;
use effekt::demo::{DemoData, DemoError};
use effekt::store::{Actor, GeneratedOrganisation, Store, StoreError};
use effekt::synthetic::Synthetic;
use effekt::{Catalogue, Period};

use crate::config::Config;
use crate::source;

/// How much to generate: `--organisations N --quarters Q --seed S`, each optional.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Size {
    /// How many organisations
    #[arg(long, value_name = "N", default_value_t = Size::default().organisations,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub organisations: usize,
    /// How many quarters, ending with the last complete one
    #[arg(long, value_name = "Q", default_value_t = Size::default().quarters,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=400))]
    pub quarters: usize,
    /// The seed of the random figures: the same seed, the same figures
    #[arg(long, value_name = "S", default_value_t = Size::default().seed)]
    pub seed: u64,
}

impl Default for Size {
    /// Sweden's public sector over ten years: about 450,000 figures.
    fn default() -> Self {
        Self {
            organisations: 700,
            quarters: 40,
            seed: 1,
        }
    }
}

/// Why nothing was generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("the database already holds data; generate into an empty one")]
    NotEmpty,
    #[error("cannot read the demo data file {path}: {source}")]
    ReadDemo {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error("{0} quarters reach back before the first quarter Effekt accepts")]
    TooManyQuarters(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Organisations generated and stored per round: enough to keep the database busy, few
/// enough to keep memory flat.
const CHUNK: usize = 250;

/// Generates `size` into the empty database; the quarters end with the last complete one.
pub async fn generate(
    store: &Store,
    catalogue: &Catalogue,
    config: &Config,
    size: &Size,
) -> Result<String, GenerateError> {
    if !store.is_empty().await? {
        return Err(GenerateError::NotEmpty);
    }
    let text = config
        .demo
        .read_to_string(source::DEMO_DATA)
        .map_err(|error| GenerateError::ReadDemo {
            path: config.demo.to_string(),
            source: error,
        })?;
    let demo = DemoData::from_toml(&text, catalogue)?;
    let synthetic = Synthetic::new(catalogue, &demo, size.seed);
    let last = Period::last_ended();
    let first = Period::from_index(last.index() + 1 - size.quarters as i32)
        .ok_or(GenerateError::TooManyQuarters(size.quarters))?;
    let periods: Vec<Period> = first.through(last).collect();

    let started = Instant::now();
    let mut tx = store.begin_write(&Actor::System("generate")).await?;
    let mut values = 0;
    for chunk in (0..size.organisations).collect::<Vec<_>>().chunks(CHUNK) {
        let generated: Vec<GeneratedOrganisation> = chunk
            .iter()
            .map(|&i| synthetic.organisation_with_figures(i, &periods))
            .collect();
        values += generated
            .iter()
            .flat_map(|(_, quarters)| quarters)
            .map(|(_, figures)| figures.len())
            .sum::<usize>();
        tx.insert_generated(&generated, catalogue.version()).await?;
    }
    let summary = format!(
        "generated {} organisations, {} quarters ({first} to {last}), {values} values, seed {}",
        size.organisations, size.quarters, size.seed
    );
    tx.record_load(summary.clone()).await?;
    tx.commit().await?;
    store.analyze().await?;
    Ok(format!(
        "{summary}, in {:.1} s",
        started.elapsed().as_secs_f64()
    ))
}
