//! `effekt generate`: fills an empty database with synthetic organisations and figures at
//! national scale, for benchmarks and load tests.

use std::time::Instant;

use clap::builder::RangedU64ValueParser;
use effekt::demo::DemoData;
use effekt::store::{Actor, GeneratedOrganisation, Store};
use effekt::synthetic::Synthetic;
use effekt::{Catalogue, Period};

use crate::config::Config;

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

/// Organisations generated and stored per round: enough to keep the database busy, few
/// enough to keep memory flat.
const CHUNK: usize = 250;

/// Generates `size` into the empty database; the quarters end with the last complete one.
pub async fn generate(
    store: &Store,
    catalogue: &Catalogue,
    config: &Config,
    size: &Size,
) -> Result<String, String> {
    if !store.is_empty().await.map_err(|e| e.to_string())? {
        return Err("the database already holds data; generate into an empty one".to_owned());
    }
    let text = std::fs::read_to_string(&config.demo_path)
        .map_err(|e| format!("cannot read {}: {e}", config.demo_path.display()))?;
    let demo = DemoData::from_toml(&text, catalogue).map_err(|e| e.to_string())?;
    let synthetic = Synthetic::new(catalogue, &demo, size.seed);
    let last = Period::last_ended();
    let first =
        Period::from_index(last.index() + 1 - size.quarters as i32).ok_or("too many quarters")?;
    let periods: Vec<Period> = first.through(last).collect();

    let started = Instant::now();
    let mut tx = store
        .begin_write(&Actor::System("generate"))
        .await
        .map_err(|e| e.to_string())?;
    let mut values = 0;
    for chunk in (0..size.organisations).collect::<Vec<_>>().chunks(CHUNK) {
        let generated: Vec<GeneratedOrganisation> = chunk
            .iter()
            .map(|&i| {
                let quarters = periods
                    .iter()
                    .enumerate()
                    .map(|(q, period)| (*period, synthetic.values(i, q)))
                    .collect();
                (synthetic.organisation(i), quarters)
            })
            .collect();
        values += generated
            .iter()
            .flat_map(|(_, quarters)| quarters)
            .map(|(_, figures)| figures.len())
            .sum::<usize>();
        tx.insert_generated(&generated, catalogue.version())
            .await
            .map_err(|e| e.to_string())?;
    }
    let summary = format!(
        "generated {} organisations, {} quarters ({first} to {last}), {values} values, seed {}",
        size.organisations, size.quarters, size.seed
    );
    tx.record_load(summary.clone())
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    store.analyze().await.map_err(|e| e.to_string())?;
    Ok(format!(
        "{summary}, in {:.1} s",
        started.elapsed().as_secs_f64()
    ))
}
