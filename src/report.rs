//! Quarterly reports: one organisation's figures for one quarter, and changes to them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::plausibility::{Explanation, parse_explanations};
use crate::{
    Catalogue, FieldError, NotBegun, OrgNumber, Period, SeriesKey, ValueProblem, parse_number,
};

/// Long enough for a page of lessons learned, short enough that nobody pastes a book.
pub const MAX_LESSONS_CHARS: usize = 10_000;

/// The field name under which problems with the lessons text are reported.
pub const LESSONS_FIELD: &str = "lessons";

/// The field name under which problems with a report's quarter are reported.
pub const PERIOD_FIELD: &str = "period";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Draft,
    Submitted,
    Approved,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a report status")]
pub struct ReportStatusError(String);

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Approved => "approved",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ReportStatusError> {
        [Self::Draft, Self::Submitted, Self::Approved]
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or_else(|| ReportStatusError(input.to_owned()))
    }

    /// An approved report is the official figure and can no longer be written.
    pub fn is_locked(self) -> bool {
        self == ReportStatus::Approved
    }

    /// The status after the report's figures, lessons or explanations are edited: a submitted
    /// report goes back to draft, to be submitted again; an approved one is locked.
    pub fn edited(self) -> Result<Self, StepError> {
        match self {
            ReportStatus::Draft | ReportStatus::Submitted => Ok(ReportStatus::Draft),
            ReportStatus::Approved => Err(StepError::Locked),
        }
    }

    /// The status after `step`: draft → submitted → approved, and reopened back to draft.
    /// Repeating a step that is already done changes nothing and is no error.
    pub fn after(self, step: Step) -> Result<Self, StepError> {
        use ReportStatus::{Approved, Draft, Submitted};
        match (step, self) {
            (Step::Submit, Draft | Submitted) => Ok(Submitted),
            (Step::Submit, Approved) => Err(StepError::Locked),
            (Step::Approve, Submitted | Approved) => Ok(Approved),
            (Step::Approve, Draft) => Err(StepError::NotSubmitted),
            (Step::Reopen, _) => Ok(Draft),
        }
    }
}

/// A step in a report's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Submit,
    Approve,
    Reopen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("the report is approved and locked")]
    Locked,
    #[error("only a submitted report can be approved")]
    NotSubmitted,
}

impl fmt::Display for ReportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub organisation_number: OrgNumber,
    pub period: Period,
    pub status: ReportStatus,
    pub values: BTreeMap<SeriesKey, f64>,
    /// The version of the measure catalogue each figure was entered under.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::CatalogueVersions, inline))]
    pub catalogue_versions: BTreeMap<SeriesKey, u32>,
    pub lessons: String,
    /// The analysts' explanations of figures that looked implausible, by series.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, value_type = crate::openapi::Explanations, inline)
    )]
    pub explanations: BTreeMap<SeriesKey, String>,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub updated_at: String,
    pub updated_by: String,
}

/// One series' figure as it arrived, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// Remove the stored figure.
    Clear,
    Number(f64),
    /// Typed by a person; empty means clear.
    Text(String),
}

impl From<NotBegun> for FieldError {
    fn from(error: NotBegun) -> Self {
        Self {
            field: PERIOD_FIELD.to_owned(),
            problem: ValueProblem::NotBegun {
                current: error.current,
            },
        }
    }
}

/// A checked change to a report: every figure belongs to a known series and is valid for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportUpdate {
    values: Vec<(SeriesKey, Option<f64>)>,
    lessons: Option<String>,
    explanations: Vec<(SeriesKey, Option<Explanation>)>,
    catalogue_version: u32,
}

impl ReportUpdate {
    /// Checks every entry and the lessons text; on any problem, returns all of them and no update.
    pub fn parse(
        catalogue: &Catalogue,
        entries: impl IntoIterator<Item = (String, Entry)>,
        lessons: Option<String>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for (field, entry) in entries {
            match check_entry(catalogue, &field, entry) {
                Ok(value) => values.push(value),
                Err(problem) => errors.push(FieldError { field, problem }),
            }
        }
        let lessons = lessons.map(|text| text.trim().replace("\r\n", "\n"));
        if lessons
            .as_ref()
            .is_some_and(|text| text.chars().count() > MAX_LESSONS_CHARS)
        {
            errors.push(FieldError {
                field: LESSONS_FIELD.to_owned(),
                problem: ValueProblem::TooLong {
                    max_chars: MAX_LESSONS_CHARS,
                },
            });
        }
        if errors.is_empty() {
            Ok(Self {
                values,
                lessons,
                explanations: Vec::new(),
                catalogue_version: catalogue.version(),
            })
        } else {
            Err(errors)
        }
    }

    /// As [`ReportUpdate::parse`], with explanations of flagged figures by series key (an empty
    /// text removes one); the problems of both come back together.
    pub fn parse_explained(
        catalogue: &Catalogue,
        entries: impl IntoIterator<Item = (String, Entry)>,
        lessons: Option<String>,
        explanations: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, Vec<FieldError>> {
        match (
            Self::parse(catalogue, entries, lessons),
            parse_explanations(catalogue, explanations),
        ) {
            (Ok(update), Ok(explanations)) => Ok(Self {
                explanations,
                ..update
            }),
            (update, explanations) => Err(update
                .err()
                .into_iter()
                .chain(explanations.err())
                .flatten()
                .collect()),
        }
    }

    /// The explanations to store (`Some`) or remove (`None`), by series.
    pub fn explanations(&self) -> &[(SeriesKey, Option<Explanation>)] {
        &self.explanations
    }

    /// The figures to store (`Some`) or remove (`None`), by series.
    pub fn values(&self) -> &[(SeriesKey, Option<f64>)] {
        &self.values
    }

    /// The version of the catalogue the figures were checked against, stored with each.
    pub fn catalogue_version(&self) -> u32 {
        self.catalogue_version
    }

    /// The new lessons text, when it is to change.
    pub fn lessons(&self) -> Option<&str> {
        self.lessons.as_deref()
    }
}

fn check_entry(
    catalogue: &Catalogue,
    field: &str,
    entry: Entry,
) -> Result<(SeriesKey, Option<f64>), ValueProblem> {
    let series = catalogue
        .find_series(field)
        .ok_or(ValueProblem::UnknownSeries)?;
    let value = match entry {
        Entry::Clear => None,
        Entry::Text(text) if text.trim().is_empty() => None,
        Entry::Text(text) => Some(series.check(parse_number(&text)?)?),
        Entry::Number(number) => Some(series.check(number)?),
    };
    Ok((series.key.clone(), value))
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    fn entries(list: &[(&str, Entry)]) -> Vec<(String, Entry)> {
        list.iter()
            .map(|(k, e)| (k.to_string(), e.clone()))
            .collect()
    }

    #[test]
    fn a_valid_update_keeps_figures_and_clears() {
        let update = ReportUpdate::parse(
            &catalogue(),
            entries(&[
                ("customer_satisfaction", Entry::Text("74,5".into())),
                ("ideas_delivered", Entry::Number(12.0)),
                ("tv_series", Entry::Text("  ".into())),
                ("social_mentions", Entry::Clear),
            ]),
            Some("  Vi lärde oss\r\nmycket. ".into()),
        )
        .unwrap();
        let values: Vec<(&str, Option<f64>)> = update
            .values()
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(
            values,
            [
                ("customer_satisfaction", Some(74.5)),
                ("ideas_delivered", Some(12.0)),
                ("tv_series", None),
                ("social_mentions", None),
            ]
        );
        assert_eq!(update.lessons(), Some("Vi lärde oss\nmycket."));
    }

    #[test]
    fn every_problem_is_reported_and_nothing_is_returned() {
        let errors = ReportUpdate::parse(
            &catalogue(),
            entries(&[
                ("customer_satisfaction", Entry::Number(101.0)),
                ("ideas_delivered", Entry::Text("2,5".into())),
                ("vision_alignment", Entry::Number(50.0)),
                ("no_such_series", Entry::Number(1.0)),
                ("digital_maturity", Entry::Text("hög".into())),
                ("ecosystem_gain", Entry::Number(f64::NAN)),
            ]),
            Some("x".repeat(MAX_LESSONS_CHARS + 1)),
        )
        .unwrap_err();
        let found: Vec<(&str, &ValueProblem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), &e.problem))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "customer_satisfaction",
                    &ValueProblem::OutOfRange {
                        min: Some(0.0),
                        max: Some(100.0)
                    }
                ),
                ("ideas_delivered", &ValueProblem::NotInteger),
                ("no_such_series", &ValueProblem::UnknownSeries),
                ("digital_maturity", &ValueProblem::NotANumber),
                ("ecosystem_gain", &ValueProblem::NotANumber),
                (
                    LESSONS_FIELD,
                    &ValueProblem::TooLong {
                        max_chars: MAX_LESSONS_CHARS
                    }
                ),
            ]
        );
    }

    #[test]
    fn explained_updates_report_the_problems_of_figures_and_explanations_together() {
        let update = ReportUpdate::parse_explained(
            &catalogue(),
            entries(&[("ideas_delivered", Entry::Number(120.0))]),
            None,
            [
                ("ideas_delivered".to_owned(), " Ny räknemetod. ".to_owned()),
                ("tv_series".to_owned(), String::new()),
            ],
        )
        .unwrap();
        let explanations: Vec<(&str, Option<&str>)> = update
            .explanations()
            .iter()
            .map(|(k, e)| (k.as_str(), e.as_ref().map(Explanation::as_str)))
            .collect();
        assert_eq!(
            explanations,
            [
                ("ideas_delivered", Some("Ny räknemetod.")),
                ("tv_series", None)
            ]
        );
        let errors = ReportUpdate::parse_explained(
            &catalogue(),
            entries(&[("ideas_delivered", Entry::Number(-1.0))]),
            None,
            [("nope".to_owned(), "x".to_owned())],
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["ideas_delivered", "explanations.nope"]);
    }

    #[test]
    fn the_workflow_goes_draft_submitted_approved_and_back_by_reopening() {
        use ReportStatus::{Approved, Draft, Submitted};
        assert_eq!(Draft.after(Step::Submit), Ok(Submitted));
        assert_eq!(Submitted.after(Step::Submit), Ok(Submitted));
        assert_eq!(Submitted.after(Step::Approve), Ok(Approved));
        assert_eq!(Approved.after(Step::Approve), Ok(Approved));
        assert_eq!(Draft.after(Step::Approve), Err(StepError::NotSubmitted));
        assert_eq!(Approved.after(Step::Submit), Err(StepError::Locked));
        for status in [Draft, Submitted, Approved] {
            assert_eq!(status.after(Step::Reopen), Ok(Draft));
        }
    }

    #[test]
    fn an_edit_returns_a_submitted_report_to_draft_and_is_refused_once_approved() {
        use ReportStatus::{Approved, Draft, Submitted};
        assert_eq!(Draft.edited(), Ok(Draft));
        assert_eq!(Submitted.edited(), Ok(Draft));
        assert_eq!(Approved.edited(), Err(StepError::Locked));
    }

    #[test]
    fn statuses_round_trip_and_only_approval_locks() {
        for status in [
            ReportStatus::Draft,
            ReportStatus::Submitted,
            ReportStatus::Approved,
        ] {
            assert_eq!(ReportStatus::parse(status.as_str()), Ok(status));
            assert_eq!(status.is_locked(), status == ReportStatus::Approved);
        }
        assert!(ReportStatus::parse("Approved").is_err());
    }
}
