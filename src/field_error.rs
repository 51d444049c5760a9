//! The one description of a bad field, shared by every use case and both front doors.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    DeadlineError, EmailError, GoalError, GoalProblem, NormaliseError, OrgKindError, OrgNameError,
    OrgNumberError, PasswordError, Period, PeriodError, RoleError, SeriesChoiceError, SizeError,
    SizeYearError, TokenLifetimeError, TokenNameError, UserError,
};

/// A problem with one field of a request, named by the field's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: ValueProblem,
}

impl FieldError {
    pub fn new(field: &str, problem: impl Into<ValueProblem>) -> Self {
        Self {
            field: field.to_owned(),
            problem: problem.into(),
        }
    }
}

/// A field as a request gave it: its value, or why the value is not of the field's type (a
/// JSON number where text belongs), so that a command reports that with its other problems.
pub type Given<T> = Result<T, ValueProblem>;

/// What is wrong with one field: an entered figure, or a field of an administrator's command.
/// It carries the facts (the bounds, what was typed) rather than a finished sentence: the API
/// says it in English (its `Display`), the pages in the reader's language
/// (`effekt_app::i18n::Lang::problem`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ValueProblem {
    #[error("must be a number")]
    NotANumber,
    #[error("must be a whole number")]
    NotInteger,
    #[error("{}", RangeText(*min, *max))]
    OutOfRange { min: Option<f64>, max: Option<f64> },
    #[error("is not a series in the catalogue")]
    UnknownSeries,
    /// Nothing given where something must be.
    #[error("is required")]
    Required,
    #[error("must be at most {max_chars} characters")]
    TooLong { max_chars: usize },
    /// A quarter after `current`, the one we are in.
    #[error("has not begun: figures can be reported up to {current}")]
    NotBegun { current: Period },
    #[error(transparent)]
    OrgNumber(#[from] OrgNumberError),
    #[error("an organisation with that number already exists")]
    OrgNumberTaken,
    #[error(transparent)]
    OrgName(#[from] OrgNameError),
    #[error(transparent)]
    OrgKind(#[from] OrgKindError),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error("a user with that e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    Role(#[from] RoleError),
    /// A role and organisation that do not go together.
    #[error(transparent)]
    User(#[from] UserError),
    #[error("there is no such organisation")]
    UnknownOrganisation,
    #[error(transparent)]
    Goal(#[from] GoalError),
    /// Not a quarter where a deadline belongs.
    #[error(transparent)]
    Deadline(#[from] PeriodError),
    /// Not a year where a size's year belongs.
    #[error(transparent)]
    Year(#[from] SizeYearError),
    #[error(transparent)]
    Size(#[from] SizeError),
    #[error(transparent)]
    TokenName(#[from] TokenNameError),
    /// A display link's name: the rule of a token's name, told in the screens' own words.
    #[error(transparent)]
    DisplayLinkName(TokenNameError),
    #[error(transparent)]
    TokenLifetime(#[from] TokenLifetimeError),
    /// A JSON value of another type than text where text belongs.
    #[error("must be a string")]
    NotText,
    #[error("must be true or false")]
    NotTrueOrFalse,
    /// A goal that steers: the rule broken in the field named beside it.
    #[error(transparent)]
    SeriesGoal(#[from] GoalProblem),
    /// A reporting deadline an administrator gives.
    #[error(transparent)]
    ReportingDeadline(#[from] DeadlineError),
    /// Not a date (or a time) where a filter takes one.
    #[error("must be a date (YYYY-MM-DD) or a time (RFC 3339)")]
    NotADate,
    /// A filter's last date before its first.
    #[error("the end comes before the start")]
    DateOrder,
    /// Not a quarter where a filter takes one.
    #[error("must be a quarter such as 2025Q1")]
    NotAQuarter,
    /// A filter's last quarter before its first.
    #[error("the last quarter comes before the first")]
    QuarterOrder,
    #[error("is not a measure of the catalogue")]
    UnknownMeasure,
    /// A search longer than the search index takes.
    #[error("the search text is longer than {max_chars} characters")]
    SearchTooLong { max_chars: usize },
    /// Series named in a query that cannot be given as asked.
    #[error(transparent)]
    SeriesChoice(#[from] SeriesChoiceError),
    #[error(transparent)]
    Normalise(#[from] NormaliseError),
    /// Open data publishes approved figures only.
    #[error("open data holds approved figures only: leave basis out or ask for approved")]
    OpenDataApprovedOnly,
    /// Open data is the figures as reported: divided by sizes, which only signed-in readers
    /// see, they would give each organisation's size away.
    #[error("open data is not normalised: leave normalise out")]
    OpenDataNotNormalised,
}

struct RangeText(Option<f64>, Option<f64>);

impl fmt::Display for RangeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(min), Some(max)) => write!(f, "must be between {min} and {max}"),
            (Some(min), None) => write!(f, "must be at least {min}"),
            (None, Some(max)) => write!(f, "must be at most {max}"),
            (None, None) => f.write_str("must be a finite number"),
        }
    }
}
