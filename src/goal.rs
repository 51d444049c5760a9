//! The 10x goal of measure 13: aim to become ten times better, not ten percent.

use serde::{Deserialize, Serialize};

use crate::Period;

const MAX_NAME_CHARS: usize = 200;

/// An organisation's own 10x goal: a named indicator, where it started, where it should be,
/// and by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Goal {
    pub name: String,
    pub baseline: f64,
    pub target: f64,
    pub deadline: Period,
    pub lower_is_better: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum GoalError {
    #[error("the goal needs a name of at most {MAX_NAME_CHARS} characters")]
    Name,
    #[error("the baseline must be a finite number other than 0")]
    Baseline,
    #[error("the target must be a finite number other than the baseline")]
    Target,
}

impl Goal {
    /// Checks a goal; without a target it is 10 × the baseline, or a tenth of it where lower
    /// is better.
    pub fn parse(
        name: &str,
        baseline: f64,
        target: Option<f64>,
        deadline: Period,
        lower_is_better: bool,
    ) -> Result<Self, GoalError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(GoalError::Name);
        }
        if !baseline.is_finite() || baseline == 0.0 {
            return Err(GoalError::Baseline);
        }
        let target = target.unwrap_or(if lower_is_better {
            baseline / 10.0
        } else {
            baseline * 10.0
        });
        if !target.is_finite() || target == baseline {
            return Err(GoalError::Target);
        }
        Ok(Self {
            name: name.to_owned(),
            baseline,
            target,
            deadline,
            lower_is_better,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline() -> Period {
        Period::parse("2027Q4").unwrap()
    }

    #[test]
    fn the_default_target_is_ten_times_better() {
        let up = Goal::parse(" Digitala ärenden ", 120.0, None, deadline(), false).unwrap();
        assert_eq!((up.name.as_str(), up.target), ("Digitala ärenden", 1200.0));
        let down = Goal::parse("Handläggningsdagar", 40.0, None, deadline(), true).unwrap();
        assert_eq!(down.target, 4.0);
        let own = Goal::parse("X", 10.0, Some(55.0), deadline(), false).unwrap();
        assert_eq!(own.target, 55.0);
    }

    #[test]
    fn goals_that_cannot_be_followed_are_refused() {
        assert_eq!(
            Goal::parse(" ", 1.0, None, deadline(), false),
            Err(GoalError::Name)
        );
        assert_eq!(
            Goal::parse("X", 0.0, None, deadline(), false),
            Err(GoalError::Baseline)
        );
        assert_eq!(
            Goal::parse("X", f64::NAN, None, deadline(), false),
            Err(GoalError::Baseline)
        );
        assert_eq!(
            Goal::parse("X", 5.0, Some(5.0), deadline(), false),
            Err(GoalError::Target)
        );
        assert_eq!(
            Goal::parse("X", 5.0, Some(f64::INFINITY), deadline(), false),
            Err(GoalError::Target)
        );
    }
}
