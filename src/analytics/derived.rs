//! Series computed from the entered ones, never entered themselves: the catalogue declares
//! each (`shown_as` in `data/measures.toml`) and the dataset computes them from that.

use std::collections::HashMap;
use std::sync::Arc;

use super::Observation;
use super::series_lookup::SeriesLookup;
use crate::{Catalogue, Formula, Goal, OrgNumber, Period, SeriesKey};

/// The catalogue's derived series, ready to compute for every organisation: their names,
/// shared by every derived figure (the frame tells series apart by pointer first,
/// `SeriesLookup`), and each formula's inputs by their place among all the inputs.
#[derive(Debug, Default)]
pub struct DerivedPlan {
    /// The entered series any derived one is computed from.
    inputs: Vec<SeriesKey>,
    series: Vec<(Arc<str>, Computation)>,
}

#[derive(Debug, Clone, Copy)]
enum Computation {
    Share { part: usize, rest: usize },
    GoalProgress { current: usize },
}

impl DerivedPlan {
    pub fn new(catalogue: &Catalogue) -> Self {
        let mut inputs: Vec<SeriesKey> = Vec::new();
        let mut place = |key: &SeriesKey| match inputs.iter().position(|i| i == key) {
            Some(place) => place,
            None => {
                inputs.push(key.clone());
                inputs.len() - 1
            }
        };
        let series = catalogue
            .derived()
            .map(|derived| {
                let computation = match &derived.formula {
                    Formula::Share { part, rest } => Computation::Share {
                        part: place(part),
                        rest: place(rest),
                    },
                    Formula::GoalProgress { current } => Computation::GoalProgress {
                        current: place(current),
                    },
                };
                (Arc::from(derived.key.as_str()), computation)
            })
            .collect();
        Self { inputs, series }
    }

    /// The derived series' keys, in the catalogue's order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.series.iter().map(|(key, _)| &**key)
    }
}

/// `observations` with the derived series added for every organisation and quarter where
/// they are defined: shares only where the two parts are both reported and not both zero,
/// progress only where the organisation has a goal.
pub fn with_derived(
    mut observations: Vec<Observation>,
    goals: &HashMap<OrgNumber, Goal>,
    plan: &DerivedPlan,
) -> Vec<Observation> {
    // Only the series the derived ones are computed from, gathered by report: at ten million
    // figures, a map of every figure by report would take a large share of the memory. Each
    // input figure with its series' place among the inputs: found by pointer, not by name.
    let mut input_place = SeriesLookup::new();
    let mut inputs: Vec<(OrgNumber, Period, usize, &Observation)> = observations
        .iter()
        .filter_map(|o| {
            let place = input_place.get(&o.series, |name| {
                plan.inputs.iter().position(|i| i.as_str() == name)
            });
            place.map(|place| (o.organisation, o.period, place, o))
        })
        .collect();
    inputs.sort_by_key(|&(organisation, period, _, _)| (organisation, period));
    let mut derived = Vec::new();
    let mut values = vec![None; plan.inputs.len()];
    for report in inputs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (organisation, period, _, first) = report[0];
        values.fill(None);
        for &(_, _, place, o) in report {
            values[place] = Some(o.value);
        }
        for (series, computation) in &plan.series {
            let value = match *computation {
                Computation::Share { part, rest } => share(values[part], values[rest]),
                Computation::GoalProgress { current } => goals
                    .get(&organisation)
                    .zip(values[current])
                    .map(|(goal, current)| progress(goal, current)),
            };
            if let Some(value) = value {
                derived.push(Observation {
                    organisation,
                    kind: first.kind,
                    period,
                    series: series.clone(),
                    value,
                    // Every figure of a report shares its status.
                    status: first.status,
                });
            }
        }
    }
    observations.extend(derived);
    observations
}

/// `part / (part + rest)`, none when either is missing or both are 0.
fn share(part: Option<f64>, rest: Option<f64>) -> Option<f64> {
    let (part, rest) = (part?, rest?);
    let whole = part + rest;
    (whole != 0.0).then(|| part / whole)
}

/// How far from the baseline toward the target: 0 at the baseline, 1 at the target.
pub fn progress(goal: &Goal, current: f64) -> f64 {
    (current - goal.baseline) / (goal.target - goal.baseline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrgKind;

    fn obs(org: &str, period: &str, series: &str, value: f64) -> Observation {
        Observation {
            organisation: OrgNumber::parse(org).unwrap(),
            kind: OrgKind::StateAgency,
            period: Period::parse(period).unwrap(),
            series: series.into(),
            value,
            status: crate::ReportStatus::Submitted,
        }
    }

    fn derived_of(
        observations: Vec<Observation>,
        goals: &HashMap<OrgNumber, Goal>,
    ) -> Vec<(String, f64)> {
        let plan = DerivedPlan::new(&Catalogue::shipped());
        let derived: Vec<&str> = plan.keys().collect();
        with_derived(observations, goals, &plan)
            .into_iter()
            .filter(|o| derived.contains(&&*o.series))
            .map(|o| (format!("{} {}", o.period, o.series), o.value))
            .collect()
    }

    #[test]
    fn shares_need_both_parts_and_a_non_zero_whole() {
        let skv = "202100-5448";
        let derived = derived_of(
            vec![
                obs(skv, "2025Q1", "solved_internally", 30.0),
                obs(skv, "2025Q1", "solved_externally", 10.0),
                obs(skv, "2025Q2", "solved_internally", 0.0),
                obs(skv, "2025Q2", "solved_externally", 0.0),
                obs(skv, "2025Q3", "solved_externally", 5.0),
                obs(skv, "2025Q1", "projects_succeeded", 3.0),
                obs(skv, "2025Q1", "projects_failed", 1.0),
            ],
            &HashMap::new(),
        );
        assert_eq!(
            derived,
            [
                ("2025Q1 external_share".to_owned(), 0.25),
                ("2025Q1 project_success_rate".to_owned(), 0.75),
            ]
        );
    }

    #[test]
    fn ten_x_progress_runs_from_baseline_to_target() {
        let skv = OrgNumber::parse("202100-5448").unwrap();
        let goal = Goal::parse(
            "Ärenden",
            100.0,
            None,
            Period::parse("2027Q4").unwrap(),
            false,
        )
        .unwrap();
        let goals = HashMap::from([(skv, goal)]);
        let derived = derived_of(
            vec![
                obs("202100-5448", "2025Q1", "ten_x_current", 100.0),
                obs("202100-5448", "2025Q2", "ten_x_current", 550.0),
                obs("212000-0142", "2025Q2", "ten_x_current", 550.0),
            ],
            &goals,
        );
        assert_eq!(
            derived,
            [
                ("2025Q1 ten_x_progress".to_owned(), 0.0),
                ("2025Q2 ten_x_progress".to_owned(), 0.5),
            ]
        );
        let lower =
            Goal::parse("Dagar", 40.0, None, Period::parse("2027Q4").unwrap(), true).unwrap();
        assert_eq!(progress(&lower, 22.0), 0.5);
    }
}
