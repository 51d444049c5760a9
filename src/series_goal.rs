//! Goals that steer (issue #21, item 2): an organisation may follow several goals, each on any
//! series of the catalogue or a derived one, from a baseline quarter to a deadline. Progress is
//! read from the figures the organisation has reported since its baseline, projected to the
//! deadline two ways, and judged by the rule below (also in the README).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Direction, Period, SeriesKey};

/// How far toward its target the more hopeful projection must come by the deadline for a goal
/// that is not on track to count as at risk rather than off track.
pub const AT_RISK_SHARE: f64 = 0.8;

/// A goal's changes are in the audit trail under this prefix and the goal's id.
pub const GOAL_AUDIT_PREFIX: &str = "goal:";

/// A goal on one series: from `baseline` in `baseline_period` to `target` by `deadline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesGoal {
    pub series: SeriesKey,
    pub baseline_period: Period,
    pub baseline: f64,
    pub target: f64,
    pub deadline: Period,
    pub lower_is_better: bool,
}

/// A goal as it is asked for, before it is checked.
#[derive(Debug, Clone, Copy)]
pub struct GoalRequest<'a> {
    pub series: &'a str,
    pub baseline_period: &'a str,
    pub baseline: f64,
    pub target: f64,
    pub deadline: &'a str,
    /// Without it, the series' own direction in the catalogue decides.
    pub lower_is_better: Option<bool>,
}

/// What is wrong with one field of a goal, in Swedish and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum GoalProblem {
    #[error(
        "är inte en serie i katalogen eller en härledd serie / is not a series in the catalogue or a derived one"
    )]
    UnknownSeries,
    #[error("ska vara ett kvartal som 2025Q1 / must be a quarter such as 2025Q1")]
    NotAQuarter,
    #[error("har inte börjat än / has not begun yet")]
    NotBegun,
    #[error("ska vara ett ändligt tal / must be a finite number")]
    NotANumber,
    #[error("ska skilja sig från utgångsvärdet / must differ from the baseline")]
    SameAsBaseline,
    #[error(
        "ska vara lägre än utgångsvärdet när lägre är bättre / must be below the baseline where lower is better"
    )]
    NotBelowBaseline,
    #[error(
        "ska vara högre än utgångsvärdet när högre är bättre / must be above the baseline where higher is better"
    )]
    NotAboveBaseline,
    #[error("ska komma efter utgångskvartalet / must come after the baseline quarter")]
    NotAfterBaseline,
}

/// One bad field of a goal: the field's name as the API and the forms call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalFieldError {
    pub field: &'static str,
    pub problem: GoalProblem,
}

impl fmt::Display for GoalFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl SeriesGoal {
    /// Checks every field of `request` and names each one that is wrong. `direction` is the
    /// series' direction, `None` for a series that neither the catalogue nor the derived ones
    /// know; `current` is the quarter we are in, which the baseline may not come after.
    pub fn parse(
        request: GoalRequest<'_>,
        direction: Option<Direction>,
        current: Period,
    ) -> Result<Self, Vec<GoalFieldError>> {
        let mut problems = Vec::new();
        let mut problem = |field, problem| problems.push(GoalFieldError { field, problem });
        let series = SeriesKey::parse(request.series)
            .ok()
            .filter(|_| direction.is_some());
        if series.is_none() {
            problem("series", GoalProblem::UnknownSeries);
        }
        let baseline_period = match Period::parse(request.baseline_period) {
            Err(_) => {
                problem("baseline_period", GoalProblem::NotAQuarter);
                None
            }
            Ok(period) if period.begun_by(current).is_err() => {
                problem("baseline_period", GoalProblem::NotBegun);
                None
            }
            Ok(period) => Some(period),
        };
        let deadline = match Period::parse(request.deadline) {
            Err(_) => {
                problem("deadline", GoalProblem::NotAQuarter);
                None
            }
            Ok(deadline) if baseline_period.is_some_and(|start| deadline <= start) => {
                problem("deadline", GoalProblem::NotAfterBaseline);
                None
            }
            Ok(deadline) => Some(deadline),
        };
        let lower_is_better = request
            .lower_is_better
            .unwrap_or(direction == Some(Direction::Lower));
        let (baseline, target) = (request.baseline, request.target);
        if !baseline.is_finite() {
            problem("baseline", GoalProblem::NotANumber);
        }
        if !target.is_finite() {
            problem("target", GoalProblem::NotANumber);
        } else if baseline.is_finite() {
            if target == baseline {
                problem("target", GoalProblem::SameAsBaseline);
            } else if lower_is_better && target > baseline {
                problem("target", GoalProblem::NotBelowBaseline);
            } else if !lower_is_better && target < baseline {
                problem("target", GoalProblem::NotAboveBaseline);
            }
        }
        match (series, baseline_period, deadline) {
            (Some(series), Some(baseline_period), Some(deadline)) if problems.is_empty() => {
                Ok(Self {
                    series,
                    baseline_period,
                    baseline,
                    target,
                    deadline,
                    lower_is_better,
                })
            }
            _ => Err(problems),
        }
    }

    /// How far `value` has come from the baseline toward the target: 0 at the baseline, 1 at
    /// the target, below 0 when it went the wrong way.
    pub fn share(&self, value: f64) -> f64 {
        (value - self.baseline) / (self.target - self.baseline)
    }
}

/// Whether a goal will be reached by its deadline, as [`progress`] decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Both projections reach the target by the deadline.
    OnTrack,
    /// One projection reaches the target, or the more hopeful one comes at least
    /// [`AT_RISK_SHARE`] of the way.
    AtRisk,
    /// Neither comes that far.
    OffTrack,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::OnTrack => "on_track",
            Verdict::AtRisk => "at_risk",
            Verdict::OffTrack => "off_track",
        }
    }
}

/// Where a goal stands, from the figures reported after its baseline quarter up to its
/// deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalProgress {
    /// The newest of those figures; without one, nothing else can be said.
    pub latest: Option<(Period, f64)>,
    /// How far the newest figure has come ([`SeriesGoal::share`]).
    pub share: Option<f64>,
    /// The deadline's value on the straight line through the baseline and the newest figure.
    pub straight_line: Option<f64>,
    /// The deadline's value at the constant growth rate (compounded each quarter) from the
    /// baseline to the newest figure; only where both are above zero.
    pub constant_growth: Option<f64>,
    pub verdict: Option<Verdict>,
}

/// The progress of `goal` given the organisation's reported `figures` of its series, by
/// quarter in any order. Figures of the baseline quarter and earlier, and after the deadline,
/// are not progress toward this goal and are left out.
pub fn progress(goal: &SeriesGoal, figures: &[(Period, f64)]) -> GoalProgress {
    let latest = figures
        .iter()
        .filter(|(period, _)| *period > goal.baseline_period && *period <= goal.deadline)
        .max_by_key(|(period, _)| *period)
        .copied();
    let Some((period, value)) = latest else {
        return GoalProgress {
            latest: None,
            share: None,
            straight_line: None,
            constant_growth: None,
            verdict: None,
        };
    };
    let start = goal.baseline_period.index();
    let elapsed = f64::from(period.index() - start);
    let whole = f64::from(goal.deadline.index() - start);
    let straight_line = goal.baseline + (value - goal.baseline) * whole / elapsed;
    let constant_growth = (goal.baseline > 0.0 && value > 0.0)
        .then(|| goal.baseline * (value / goal.baseline).powf(whole / elapsed));
    let shares: Vec<f64> = [Some(straight_line), constant_growth]
        .into_iter()
        .flatten()
        .map(|projected| goal.share(projected))
        .collect();
    let cautious = shares.iter().copied().fold(f64::INFINITY, f64::min);
    let hopeful = shares.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let verdict = if cautious >= 1.0 {
        Verdict::OnTrack
    } else if hopeful >= AT_RISK_SHARE {
        Verdict::AtRisk
    } else {
        Verdict::OffTrack
    };
    GoalProgress {
        latest,
        share: Some(goal.share(value)),
        straight_line: Some(straight_line),
        constant_growth,
        verdict: Some(verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    fn request<'a>(series: &'a str, baseline: f64, target: f64) -> GoalRequest<'a> {
        GoalRequest {
            series,
            baseline_period: "2024Q4",
            baseline,
            target,
            deadline: "2026Q4",
            lower_is_better: None,
        }
    }

    fn tenfold() -> SeriesGoal {
        SeriesGoal::parse(
            request("ideas_delivered", 100.0, 1000.0),
            Some(Direction::Higher),
            p("2025Q4"),
        )
        .unwrap()
    }

    #[test]
    fn a_goal_takes_its_direction_from_the_series_unless_told() {
        let goal = tenfold();
        assert_eq!(goal.series.as_str(), "ideas_delivered");
        assert_eq!(
            (goal.baseline_period, goal.deadline),
            (p("2024Q4"), p("2026Q4"))
        );
        assert!(!goal.lower_is_better);
        let fewer = SeriesGoal::parse(
            request("lead_time_days", 40.0, 4.0),
            Some(Direction::Lower),
            p("2025Q4"),
        )
        .unwrap();
        assert!(fewer.lower_is_better);
        let told = GoalRequest {
            lower_is_better: Some(true),
            ..request("external_share", 0.5, 0.2)
        };
        assert!(
            SeriesGoal::parse(told, Some(Direction::Higher), p("2025Q4"))
                .unwrap()
                .lower_is_better
        );
    }

    fn fields(result: Result<SeriesGoal, Vec<GoalFieldError>>) -> Vec<(&'static str, GoalProblem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = GoalRequest {
            series: "no_such_series",
            baseline_period: "2024Q5",
            baseline: f64::NAN,
            target: 3.0,
            deadline: "soon",
            lower_is_better: None,
        };
        assert_eq!(
            fields(SeriesGoal::parse(bad, None, p("2025Q4"))),
            [
                ("series", GoalProblem::UnknownSeries),
                ("baseline_period", GoalProblem::NotAQuarter),
                ("deadline", GoalProblem::NotAQuarter),
                ("baseline", GoalProblem::NotANumber),
            ]
        );
        let later = GoalRequest {
            baseline_period: "2026Q1",
            deadline: "2025Q4",
            ..request("ideas_delivered", 1.0, 1.0)
        };
        assert_eq!(
            fields(SeriesGoal::parse(
                later,
                Some(Direction::Higher),
                p("2025Q4")
            )),
            [
                ("baseline_period", GoalProblem::NotBegun),
                ("target", GoalProblem::SameAsBaseline),
            ]
        );
        let backwards = GoalRequest {
            deadline: "2024Q4",
            ..request("ideas_delivered", 10.0, 5.0)
        };
        assert_eq!(
            fields(SeriesGoal::parse(
                backwards,
                Some(Direction::Higher),
                p("2025Q4")
            )),
            [
                ("deadline", GoalProblem::NotAfterBaseline),
                ("target", GoalProblem::NotAboveBaseline),
            ]
        );
        assert_eq!(
            fields(SeriesGoal::parse(
                request("lead_time_days", 40.0, 50.0),
                Some(Direction::Lower),
                p("2025Q4")
            )),
            [("target", GoalProblem::NotBelowBaseline)]
        );
    }

    #[test]
    fn the_verdict_by_hand_for_a_tenfold_goal() {
        // 100 in 2024Q4 to 1000 by 2026Q4: the deadline is 8 quarters on; the newest figure,
        // in 2025Q4, 4 quarters on.
        let goal = tenfold();
        let at = |value: f64| progress(&goal, &[(p("2025Q4"), value), (p("2025Q2"), 120.0)]);

        // 550: the line reaches 100 + 450 × 2 = 1000, the growth 100 × 5.5² = 3025.
        let reached = at(550.0);
        assert_eq!(reached.latest, Some((p("2025Q4"), 550.0)));
        assert_eq!(reached.share, Some(0.5));
        assert_eq!(reached.straight_line, Some(1000.0));
        assert!((reached.constant_growth.unwrap() - 3025.0).abs() < 1e-9);
        assert_eq!(reached.verdict, Some(Verdict::OnTrack));

        // 300: the line reaches 500 (4/9 of the way), the growth 100 × 3² = 900 (8/9 ≥ 0.8).
        let hopeful = at(300.0);
        assert_eq!(hopeful.straight_line, Some(500.0));
        assert!((hopeful.constant_growth.unwrap() - 900.0).abs() < 1e-9);
        assert_eq!(hopeful.verdict, Some(Verdict::AtRisk));

        // 250: the line reaches 400, the growth 625 (525/900 = 0.58 < 0.8).
        assert_eq!(at(250.0).verdict, Some(Verdict::OffTrack));
    }

    #[test]
    fn lower_is_better_and_figures_outside_the_goal() {
        // 40 in 2024Q4 to 4 by 2026Q4; 20 in 2025Q4. The line reaches 0 (past the target), the
        // growth 40 × 0.5² = 10, (10 − 40)/(4 − 40) = 0.83 of the way: at risk.
        let goal = SeriesGoal::parse(
            request("lead_time_days", 40.0, 4.0),
            Some(Direction::Lower),
            p("2025Q4"),
        )
        .unwrap();
        let figures = [(p("2024Q4"), 1.0), (p("2025Q4"), 20.0), (p("2027Q1"), 1.0)];
        let progress = progress(&goal, &figures);
        assert_eq!(progress.latest, Some((p("2025Q4"), 20.0)));
        assert_eq!(progress.straight_line, Some(0.0));
        assert!((progress.constant_growth.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(progress.verdict, Some(Verdict::AtRisk));
    }

    #[test]
    fn without_a_figure_after_the_baseline_nothing_is_judged_and_growth_needs_positives() {
        let goal = tenfold();
        let none = progress(&goal, &[(p("2024Q3"), 500.0)]);
        assert_eq!((none.latest, none.verdict), (None, None));
        // A figure at the deadline is the outcome itself: −50 has gone the wrong way.
        let fell = progress(&goal, &[(p("2026Q4"), -50.0)]);
        assert_eq!(fell.straight_line, Some(-50.0));
        assert_eq!(fell.constant_growth, None);
        assert_eq!(fell.share, Some(-150.0 / 900.0));
        assert_eq!(fell.verdict, Some(Verdict::OffTrack));
    }
}
