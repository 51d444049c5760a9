//! Whether an organisation is on track toward its 10x goal.

use serde::{Deserialize, Serialize};

use super::organisation::slope;
use crate::{Catalogue, Goal, Period, Report};

/// The goal's indicator by quarter, in quarter order: the figure each of an organisation's
/// `reports` gives the series its 10x goal is measured by ([`Catalogue::goal_series`]).
pub fn goal_points(catalogue: &Catalogue, reports: &[Report]) -> Vec<(Period, f64)> {
    let Some(series) = catalogue.goal_series() else {
        return Vec::new();
    };
    let mut points: Vec<(Period, f64)> = reports
        .iter()
        .filter_map(|report| Some((report.period, *report.values.get(series)?)))
        .collect();
    points.sort_by_key(|point| point.0);
    points
}

/// A straight line through the quarters reported so far, carried on to the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// Where the line stands at the first reported quarter and at the deadline.
    pub start: (Period, f64),
    pub at_deadline: f64,
    /// The line reaches the target by the deadline.
    pub on_track: bool,
}

/// The projection of `points` (the goal's indicator by quarter); none with fewer than two
/// quarters, since no line goes through one point.
pub fn project(goal: &Goal, points: &[(Period, f64)]) -> Option<Projection> {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|(p, v)| (f64::from(p.index()), *v))
        .collect();
    let slope = slope(xy.iter().copied())?;
    let n = xy.len() as f64;
    let mean_x = xy.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = xy.iter().map(|p| p.1).sum::<f64>() / n;
    let at = |x: f64| mean_y + slope * (x - mean_x);
    let first = points.iter().map(|p| p.0).min()?;
    let at_deadline = at(f64::from(goal.deadline.index()));
    let on_track = if goal.lower_is_better {
        at_deadline <= goal.target
    } else {
        at_deadline >= goal.target
    };
    Some(Projection {
        start: (first, at(f64::from(first.index()))),
        at_deadline,
        on_track,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::{OrgNumber, ReportStatus, SeriesKey};

    #[test]
    fn a_goals_points_are_the_figures_of_its_series_in_quarter_order() {
        let catalogue = Catalogue::shipped();
        let goal_series = catalogue.goal_series().unwrap();
        assert_eq!(goal_series.as_str(), "ten_x_current");
        let report = |period: &str, values: &[(&str, f64)]| Report {
            organisation_number: OrgNumber::parse("202100-5448").unwrap(),
            period: p(period),
            status: ReportStatus::Submitted,
            values: values
                .iter()
                .map(|(key, value)| (SeriesKey::parse(key).unwrap(), *value))
                .collect(),
            catalogue_versions: BTreeMap::new(),
            lessons: String::new(),
            explanations: BTreeMap::new(),
            updated_at: String::new(),
            updated_by: String::new(),
        };
        let reports = [
            report("2025Q3", &[("ten_x_current", 130.0), ("ideas", 4.0)]),
            report("2025Q1", &[("ten_x_current", 100.0)]),
            report("2025Q2", &[("ideas", 2.0)]),
        ];
        assert_eq!(
            goal_points(&catalogue, &reports),
            [(p("2025Q1"), 100.0), (p("2025Q3"), 130.0)]
        );
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn a_steady_climb_reaches_the_target_in_time_or_not() {
        // 100, 110, 120 over three quarters: +10 a quarter; 2026Q4 is 7 quarters after 2025Q1.
        let points = [
            (p("2025Q1"), 100.0),
            (p("2025Q2"), 110.0),
            (p("2025Q3"), 120.0),
        ];
        let goal = Goal::parse("X", 100.0, Some(170.0), p("2026Q4"), false).unwrap();
        let projection = project(&goal, &points).unwrap();
        assert_eq!(projection.at_deadline, 170.0);
        assert!(projection.on_track);
        assert_eq!(projection.start, (p("2025Q1"), 100.0));
        let ten_x = Goal::parse("X", 100.0, None, p("2026Q4"), false).unwrap();
        assert!(
            !project(&ten_x, &points).unwrap().on_track,
            "1000 is out of reach"
        );
    }

    #[test]
    fn lower_is_better_goals_are_reached_from_above() {
        let points = [(p("2025Q1"), 40.0), (p("2025Q2"), 30.0)];
        let goal = Goal::parse("Dagar", 40.0, None, p("2025Q4"), true).unwrap();
        let projection = project(&goal, &points).unwrap();
        assert_eq!(projection.at_deadline, 10.0);
        assert!(!projection.on_track, "10 is above the target of 4");
        assert!(project(&goal, &points[..1]).is_none());
    }
}
