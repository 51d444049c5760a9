//! Series computed from the entered ones, never entered themselves (`measures.md`).

use std::collections::HashMap;
use std::sync::Arc;

use super::Observation;
use super::series_lookup::SeriesLookup;
use crate::{Catalogue, Direction, Goal, OrgNumber, Period};

/// Measure 7: solved_externally / (solved_internally + solved_externally).
pub const EXTERNAL_SHARE: &str = "external_share";
/// Measure 8: projects_succeeded / (projects_succeeded + projects_failed).
pub const PROJECT_SUCCESS_RATE: &str = "project_success_rate";
/// Measure 13: (current − baseline) / (target − baseline) of the organisation's 10x goal.
pub const TEN_X_PROGRESS: &str = "ten_x_progress";

pub const DERIVED_SERIES: [&str; 3] = [EXTERNAL_SHARE, PROJECT_SUCCESS_RATE, TEN_X_PROGRESS];

/// The derived series' names, shared by every derived figure of every organisation: the
/// dataset derives them one organisation at a time, and the frame tells series apart by
/// pointer first (`SeriesLookup`).
static DERIVED_NAMES: std::sync::LazyLock<[Arc<str>; 3]> =
    std::sync::LazyLock::new(|| DERIVED_SERIES.map(Arc::from));

const SOLVED_EXTERNALLY: &str = "solved_externally";
const SOLVED_INTERNALLY: &str = "solved_internally";
const PROJECTS_SUCCEEDED: &str = "projects_succeeded";
const PROJECTS_FAILED: &str = "projects_failed";
const TEN_X_CURRENT: &str = "ten_x_current";
/// The entered series the derived ones are computed from, in the order `with_derived` unpacks
/// them.
const INPUTS: [&str; 5] = [
    SOLVED_EXTERNALLY,
    SOLVED_INTERNALLY,
    PROJECTS_SUCCEEDED,
    PROJECTS_FAILED,
    TEN_X_CURRENT,
];

/// `observations` with the derived series added for every organisation and quarter where
/// they are defined: shares only where the two parts are both reported and not both zero,
/// progress only where the organisation has a goal.
pub fn with_derived(
    mut observations: Vec<Observation>,
    goals: &HashMap<OrgNumber, Goal>,
) -> Vec<Observation> {
    // Only the five series the derived ones are computed from, gathered by report: at ten
    // million figures, a map of every figure by report would take a large share of the memory.
    // Each input figure with its series' place in `INPUTS`: found by pointer, not by name.
    let mut input_place = SeriesLookup::new();
    let mut inputs: Vec<(OrgNumber, Period, usize, &Observation)> = observations
        .iter()
        .filter_map(|o| {
            let place = input_place.get(&o.series, |name| INPUTS.iter().position(|i| *i == name));
            place.map(|place| (o.organisation, o.period, place, o))
        })
        .collect();
    inputs.sort_by_key(|&(organisation, period, _, _)| (organisation, period));
    let [external_share, project_success_rate, ten_x_progress] = &*DERIVED_NAMES;
    let mut derived = Vec::new();
    for report in inputs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (organisation, period, _, first) = report[0];
        let mut values = [None; INPUTS.len()];
        for &(_, _, place, o) in report {
            values[place] = Some(o.value);
        }
        let [
            solved_externally,
            solved_internally,
            succeeded,
            failed,
            ten_x_current,
        ] = values;
        let mut add = |series: &Arc<str>, value: f64| {
            derived.push(Observation {
                organisation,
                kind: first.kind,
                period,
                series: series.clone(),
                value,
                // Every figure of a report shares its status.
                status: first.status,
            });
        };
        if let Some(share) = share(solved_externally, solved_internally) {
            add(external_share, share);
        }
        if let Some(rate) = share(succeeded, failed) {
            add(project_success_rate, rate);
        }
        if let (Some(goal), Some(current)) = (goals.get(&organisation), ten_x_current) {
            add(ten_x_progress, progress(goal, current));
        }
    }
    observations.extend(derived);
    observations
}

/// Which way `series` is better: the catalogue's word for an entered series; every derived
/// series (two shares of what went well, the 10x progress) is better higher. None for a series
/// neither knows.
pub fn series_direction(catalogue: &Catalogue, series: &str) -> Option<Direction> {
    match catalogue.find_series(series) {
        Some(entered) => Some(entered.direction),
        None => DERIVED_SERIES
            .contains(&series)
            .then_some(Direction::Higher),
    }
}

/// An entered series `series` is derived from, which places it in that series' measure; none
/// for a series that is not derived.
pub fn derived_from(series: &str) -> Option<&'static str> {
    match series {
        EXTERNAL_SHARE => Some(SOLVED_EXTERNALLY),
        PROJECT_SUCCESS_RATE => Some(PROJECTS_SUCCEEDED),
        TEN_X_PROGRESS => Some(TEN_X_CURRENT),
        _ => None,
    }
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
        with_derived(observations, goals)
            .into_iter()
            .filter(|o| DERIVED_SERIES.contains(&&*o.series))
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
