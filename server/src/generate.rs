//! `effekt generate`: fills an empty database with synthetic organisations and figures at
//! national scale, for benchmarks and load tests.

use std::time::Instant;

use effekt::demo::DemoData;
use effekt::store::{Actor, GeneratedOrganisation, Store};
use effekt::synthetic::Synthetic;
use effekt::{Catalogue, Period};

use crate::config::Config;

/// How much to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    pub organisations: usize,
    pub quarters: usize,
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

impl Size {
    /// Reads `--organisations N --quarters Q --seed S`, each optional.
    pub fn parse(args: &[&str]) -> Option<Self> {
        let mut size = Self::default();
        for pair in args.chunks(2) {
            let [flag, value] = pair else { return None };
            match *flag {
                "--organisations" => size.organisations = value.parse().ok()?,
                "--quarters" => size.quarters = value.parse().ok()?,
                "--seed" => size.seed = value.parse().ok()?,
                _ => return None,
            }
        }
        (size.organisations > 0 && (1..=400).contains(&size.quarters)).then_some(size)
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
        tx.insert_generated(&generated)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_is_read_from_flags_with_defaults() {
        assert_eq!(Size::parse(&[]), Some(Size::default()));
        assert_eq!(
            Size::parse(&["--organisations", "15000", "--seed", "9"]),
            Some(Size {
                organisations: 15_000,
                quarters: 40,
                seed: 9
            })
        );
        for bad in [
            &["--organisations"][..],
            &["--organisations", "many"],
            &["--quarters", "0"],
            &["--colour", "blue"],
        ] {
            assert_eq!(Size::parse(bad), None, "{bad:?}");
        }
    }
}
