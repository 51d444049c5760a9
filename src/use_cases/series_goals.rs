//! Goals that steer: `POST /api/v1/organisations/{orgnr}/goals`, `PUT`/`DELETE …/goals/{id}`
//! and the forms in the goals section of an organisation's page.

use super::{Refused, invalid};
use crate::analytics::parse_goal;
use crate::store::{Actor, Store, StoredGoal};
use crate::{Action, Catalogue, FieldError, GoalRequest, OrgNumber, SeriesGoal};

/// A goal as the request gave it. A number that is not one is `NaN`, refused as the goal
/// refuses any number that is not finite; without `lower_is_better`, the series' own
/// direction in the catalogue decides.
#[derive(Debug, Clone)]
pub struct SetSeriesGoal {
    pub series: String,
    pub baseline_period: String,
    pub baseline: f64,
    pub target: f64,
    pub deadline: String,
    pub lower_is_better: Option<bool>,
}

/// Adds a goal to organisation `number`. Who may write for it is checked first, so that a
/// viewer sending a bad goal is told that, not what is wrong with the goal.
#[tracing::instrument(skip(store, catalogue, actor))]
pub async fn add_series_goal(
    store: &Store,
    catalogue: &Catalogue,
    actor: &Actor,
    number: OrgNumber,
    command: SetSeriesGoal,
) -> Result<StoredGoal, Refused> {
    actor.require(Action::WriteFor(number))?;
    let goal = command.parse(catalogue)?;
    Ok(store.add_series_goal(number, &goal, actor).await?)
}

/// Changes goal `id` of organisation `number`, checked as [`add_series_goal`] checks.
#[tracing::instrument(skip(store, catalogue, actor))]
pub async fn change_series_goal(
    store: &Store,
    catalogue: &Catalogue,
    actor: &Actor,
    number: OrgNumber,
    id: &str,
    command: SetSeriesGoal,
) -> Result<StoredGoal, Refused> {
    actor.require(Action::WriteFor(number))?;
    let goal = command.parse(catalogue)?;
    Ok(store.change_series_goal(number, id, &goal, actor).await?)
}

/// Removes goal `id` of organisation `number`.
#[tracing::instrument(skip(store, actor))]
pub async fn remove_series_goal(
    store: &Store,
    actor: &Actor,
    number: OrgNumber,
    id: &str,
) -> Result<(), Refused> {
    Ok(store.remove_series_goal(number, id, actor).await?)
}

impl SetSeriesGoal {
    /// Every broken rule at once, each named by its field.
    fn parse(&self, catalogue: &Catalogue) -> Result<SeriesGoal, Refused> {
        let request = GoalRequest {
            series: &self.series,
            baseline_period: &self.baseline_period,
            baseline: self.baseline,
            target: self.target,
            deadline: &self.deadline,
            lower_is_better: self.lower_is_better,
        };
        parse_goal(catalogue, request).map_err(|problems| {
            invalid(
                problems
                    .into_iter()
                    .map(|p| Some(FieldError::new(p.field, p.problem))),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GoalProblem, ValueProblem};

    #[test]
    fn every_broken_rule_is_named_by_its_field() {
        let catalogue = Catalogue::shipped();
        let command = SetSeriesGoal {
            series: "no_such_series".to_owned(),
            baseline_period: "2024Q4".to_owned(),
            baseline: f64::NAN,
            target: 5.0,
            deadline: "soon".to_owned(),
            lower_is_better: None,
        };
        let Err(Refused::Invalid(problems)) = command.parse(&catalogue) else {
            panic!("a goal on no series was taken");
        };
        let named: Vec<_> = problems
            .iter()
            .map(|p| (p.field.as_str(), &p.problem))
            .collect();
        assert_eq!(
            named,
            [
                (
                    "series",
                    &ValueProblem::SeriesGoal(GoalProblem::UnknownSeries)
                ),
                (
                    "deadline",
                    &ValueProblem::SeriesGoal(GoalProblem::NotAQuarter)
                ),
                (
                    "baseline",
                    &ValueProblem::SeriesGoal(GoalProblem::NotANumber)
                ),
            ]
        );
        let good = SetSeriesGoal {
            series: "ideas_delivered".to_owned(),
            baseline: 10.0,
            target: 20.0,
            deadline: "2027Q4".to_owned(),
            ..command
        };
        assert_eq!(good.parse(&catalogue).unwrap().target, 20.0);
    }
}
