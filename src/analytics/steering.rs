//! Where each goal that steers stands, read from the figures its organisation reported.

use std::collections::HashMap;

use super::{Analytics, Basis, CacheError, Dataset};
use crate::store::StoredGoal;
use crate::{
    Catalogue, FieldError, GoalFieldError, GoalProgress, GoalRequest, OrgKind, OrgKindError,
    OrgNumber, Organisation, Period, SeriesGoal, ValueProblem, progress,
};

/// Checks a goal asked for now: on a series of the catalogue or a derived one, with a baseline
/// quarter that has begun.
pub fn parse_goal(
    catalogue: &Catalogue,
    request: GoalRequest<'_>,
) -> Result<SeriesGoal, Vec<GoalFieldError>> {
    let direction = catalogue.direction_of(request.series);
    SeriesGoal::parse(request, direction, Period::current())
}

/// A goal with the figures it is judged by and the judgement.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalStanding {
    pub stored: StoredGoal,
    /// The organisation's reported figures of the goal's series from its baseline quarter to
    /// its deadline, oldest first.
    pub figures: Vec<(Period, f64)>,
    pub progress: GoalProgress,
}

/// Where each of `goals` stands. Figures count as the national ones do: submitted and
/// approved, never drafts. One pass over the data however many goals there are.
pub fn standings(data: &Dataset, goals: Vec<StoredGoal>) -> Vec<GoalStanding> {
    let mut places: HashMap<(OrgNumber, &str), Vec<usize>> = HashMap::new();
    for (place, stored) in goals.iter().enumerate() {
        places
            .entry((stored.organisation, stored.goal.series.as_str()))
            .or_default()
            .push(place);
    }
    let mut figures: Vec<Vec<(Period, f64)>> = vec![Vec::new(); goals.len()];
    for o in data.observations() {
        if !Basis::Reported.counts(o.status) {
            continue;
        }
        for &place in places
            .get(&(o.organisation, &*o.series))
            .into_iter()
            .flatten()
        {
            let goal = &goals[place].goal;
            if (goal.baseline_period..=goal.deadline).contains(&o.period) {
                figures[place].push((o.period, o.value));
            }
        }
    }
    goals
        .into_iter()
        .zip(figures)
        .map(|(stored, mut figures)| {
            figures.sort_by_key(|(period, _)| *period);
            GoalStanding {
                progress: progress(&stored.goal, &figures),
                stored,
                figures,
            }
        })
        .collect()
}

/// Which goals leadership asks about: of organisations of one kind, on one measure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalsFilter {
    pub kind: Option<OrgKind>,
    /// A measure's key.
    pub measure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalsFilterError {
    #[error(transparent)]
    Kind(OrgKindError),
    #[error("{0:?} is not a measure of the catalogue")]
    Measure(String),
}

impl GoalsFilterError {
    /// The parameter at fault, as the address names it.
    pub fn field(&self) -> &'static str {
        match self {
            GoalsFilterError::Kind(_) => "kind",
            GoalsFilterError::Measure(_) => "measure",
        }
    }
}

/// The filter's problem for the page to tell, named by its field.
impl From<&GoalsFilterError> for FieldError {
    fn from(error: &GoalsFilterError) -> Self {
        let problem = match error {
            GoalsFilterError::Kind(e) => ValueProblem::OrgKind(e.clone()),
            GoalsFilterError::Measure(_) => ValueProblem::UnknownMeasure,
        };
        FieldError::new(error.field(), problem)
    }
}

impl GoalsFilter {
    /// Reads the filter from the address; an empty value is no filter, as a form sends it.
    pub fn parse(
        kind: Option<&str>,
        measure: Option<&str>,
        catalogue: &Catalogue,
    ) -> Result<Self, Vec<GoalsFilterError>> {
        let kind = kind
            .filter(|k| !k.is_empty())
            .map(OrgKind::parse)
            .transpose();
        let measure = measure.filter(|m| !m.is_empty()).map(|key| {
            if catalogue.measures().iter().any(|m| m.key == key) {
                Ok(key.to_owned())
            } else {
                Err(GoalsFilterError::Measure(key.to_owned()))
            }
        });
        match (kind, measure.transpose()) {
            (Ok(kind), Ok(measure)) => Ok(Self { kind, measure }),
            (kind, measure) => Err([kind.err().map(GoalsFilterError::Kind), measure.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// The measure a goal's series belongs to: a derived series belongs to the measure it shows.
pub fn measure_of(catalogue: &Catalogue, series: &str) -> Option<String> {
    catalogue.measure_of(series).map(|m| m.key.clone())
}

/// A goal on leadership's list: with its organisation and measure.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadershipGoal {
    pub organisation: Organisation,
    pub measure: Option<String>,
    pub standing: GoalStanding,
}

impl Analytics {
    /// Where each goal of `organisation` stands, by deadline and series.
    #[tracing::instrument(skip(self))]
    pub async fn goal_standings(
        &self,
        organisation: OrgNumber,
    ) -> Result<Vec<GoalStanding>, CacheError> {
        let goals = self.store.series_goals(Some(organisation)).await?;
        self.compute(move |data| standings(data, goals)).await
    }

    /// Where one goal just stored stands.
    pub async fn goal_standing(&self, goal: StoredGoal) -> Result<GoalStanding, CacheError> {
        let mut standing = self
            .compute(move |data| standings(data, vec![goal]))
            .await?;
        standing.pop().ok_or(CacheError::Stopped)
    }

    /// Every organisation's goals that `filter` chooses, with where each stands; by
    /// organisation number, deadline and series.
    #[tracing::instrument(skip(self, catalogue))]
    pub async fn leadership(
        &self,
        catalogue: &Catalogue,
        filter: &GoalsFilter,
    ) -> Result<Vec<LeadershipGoal>, CacheError> {
        let organisations: HashMap<OrgNumber, Organisation> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| (o.organisation_number, o))
            .collect();
        let chosen = |goal: &StoredGoal| {
            let kind = organisations.get(&goal.organisation).map(|o| o.kind);
            filter.kind.is_none_or(|wanted| kind == Some(wanted))
                && filter.measure.as_ref().is_none_or(|wanted| {
                    measure_of(catalogue, goal.goal.series.as_str()).as_ref() == Some(wanted)
                })
        };
        let goals: Vec<StoredGoal> = self
            .store
            .series_goals(None)
            .await?
            .into_iter()
            .filter(chosen)
            .collect();
        let standings = self.compute(move |data| standings(data, goals)).await?;
        Ok(standings
            .into_iter()
            .filter_map(|standing| {
                Some(LeadershipGoal {
                    organisation: organisations.get(&standing.stored.organisation)?.clone(),
                    measure: measure_of(catalogue, standing.stored.goal.series.as_str()),
                    standing,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::Observation;
    use super::*;
    use crate::{OrgKind, ReportStatus, SeriesGoal, SeriesKey, Verdict};

    const SKV: &str = "202100-5448";

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    fn obs(period: &str, series: &str, value: f64, status: ReportStatus) -> Observation {
        Observation {
            organisation: OrgNumber::parse(SKV).unwrap(),
            kind: OrgKind::StateAgency,
            period: p(period),
            series: series.into(),
            value,
            status,
        }
    }

    #[test]
    fn a_goal_is_judged_by_its_own_reported_figures_only() {
        use ReportStatus::{Approved, Draft, Submitted};
        let data = Dataset::new(
            vec![
                obs("2024Q3", "tv_series", 7.0, Approved),
                obs("2024Q4", "tv_series", 2.0, Approved),
                obs("2025Q2", "tv_series", 4.0, Submitted),
                obs("2025Q3", "tv_series", 9.0, Draft),
                obs("2025Q2", "customer_smiles", 99.0, Submitted),
            ],
            [OrgKind::StateAgency],
            17,
        )
        .unwrap();
        let goal = SeriesGoal {
            series: SeriesKey::parse("tv_series").unwrap(),
            baseline_period: p("2024Q4"),
            baseline: 2.0,
            target: 10.0,
            deadline: p("2026Q4"),
            lower_is_better: false,
        };
        let stored = StoredGoal {
            id: "a".into(),
            organisation: OrgNumber::parse(SKV).unwrap(),
            goal,
            updated_at: String::new(),
            updated_by: String::new(),
        };
        let [standing] = standings(&data, vec![stored]).try_into().unwrap();
        // The draft of 2025Q3 and the figure before the baseline quarter do not count.
        assert_eq!(standing.figures, [(p("2024Q4"), 2.0), (p("2025Q2"), 4.0)]);
        // 2 quarters of 8: the line reaches 2 + 2 × 4 = 10, the growth 2 × 2⁴ = 32.
        assert_eq!(standing.progress.latest, Some((p("2025Q2"), 4.0)));
        assert_eq!(standing.progress.straight_line, Some(10.0));
        assert_eq!(standing.progress.constant_growth, Some(32.0));
        assert_eq!(standing.progress.verdict, Some(Verdict::OnTrack));
    }
}
