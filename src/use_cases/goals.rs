//! Setting an organisation's 10x goal (measure 13): `PUT /api/v1/organisations/{orgnr}/goal`
//! and the form on the organisation's page.

use super::{Refused, invalid};
use crate::store::{Actor, Store};
use crate::{FieldError, Given, Goal, GoalError, OrgNumber, Period, ValueProblem};

/// A goal as the request gave it; without a target it is ten times better than the baseline.
#[derive(Debug, Clone)]
pub struct SetGoal {
    pub name: String,
    pub baseline: Given<f64>,
    pub target: Given<Option<f64>>,
    pub deadline: Given<Period>,
    pub lower_is_better: bool,
}

/// Sets the goal of organisation `number` and returns it as set.
#[tracing::instrument(skip(store, actor, command))]
pub async fn set_goal(
    store: &Store,
    actor: &Actor,
    number: OrgNumber,
    command: SetGoal,
) -> Result<Goal, Refused> {
    let goal = command.parse()?;
    store.set_goal(number, &goal, actor).await?;
    Ok(goal)
}

impl SetGoal {
    /// The values that are not of their type are all named at once; then the goal's own
    /// rules, the first broken one.
    fn parse(self) -> Result<Goal, Refused> {
        let (baseline, target, deadline) = match (self.baseline, self.target, self.deadline) {
            (Ok(baseline), Ok(target), Ok(deadline)) => (baseline, target, deadline),
            (baseline, target, deadline) => {
                let field = |field: &str, given: Option<ValueProblem>| {
                    given.map(|problem| FieldError::new(field, problem))
                };
                return Err(invalid([
                    field("baseline", baseline.err()),
                    field("target", target.err()),
                    field("deadline", deadline.err()),
                ]));
            }
        };
        Goal::parse(&self.name, baseline, target, deadline, self.lower_is_better).map_err(|e| {
            let field = match e {
                GoalError::Name => "name",
                GoalError::Baseline => "baseline",
                GoalError::Target => "target",
            };
            invalid([Some(FieldError::new(field, e))])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PeriodError;

    fn fields(refused: Refused) -> Vec<(String, String)> {
        match refused {
            Refused::Invalid(problems) => problems
                .into_iter()
                .map(|p| (p.field, p.problem.to_string()))
                .collect(),
            Refused::Store(error) => panic!("{error}"),
        }
    }

    #[test]
    fn values_not_of_their_type_are_named_together_then_the_goals_rules() {
        let not_a_quarter: PeriodError = Period::parse("soon").unwrap_err();
        let command = SetGoal {
            name: "Ärenden".to_owned(),
            baseline: Err(ValueProblem::NotANumber),
            target: Ok(None),
            deadline: Err(not_a_quarter.into()),
            lower_is_better: false,
        };
        let named = fields(command.parse().unwrap_err());
        assert_eq!(
            named[0],
            ("baseline".to_owned(), "must be a number".to_owned())
        );
        assert_eq!(named[1].0, "deadline");
        let with_baseline = |baseline: f64| SetGoal {
            name: "Ärenden".to_owned(),
            baseline: Ok(baseline),
            target: Ok(None),
            deadline: Ok(Period::parse("2030Q4").unwrap()),
            lower_is_better: false,
        };
        assert_eq!(
            fields(with_baseline(0.0).parse().unwrap_err())[0].0,
            "baseline"
        );
        let tenfold = with_baseline(12.0);
        assert_eq!(tenfold.parse().unwrap().target, 120.0);
    }
}
