//! Whether an organisation is on track toward its 10x goal.

use serde::{Deserialize, Serialize};

use super::organisation::slope;
use crate::{Goal, Period};

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
    use super::*;

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
