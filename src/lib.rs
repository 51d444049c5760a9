//! Effekt's domain core: the fourteen effect measures, quarters, organisations and the rules
//! their figures follow. No web code lives here; with the `server` feature it also reads the
//! catalogue file and stores data.

mod access;
#[cfg(feature = "server")]
pub mod analytics;
mod api_token;
#[cfg(feature = "server")]
mod audit_filter;
mod basis;
mod catalogue;
mod change;
mod completeness;
pub mod csv;
pub mod demo;
mod display_link;
mod field_error;
mod figures;
mod goal;
mod identity_provider;
mod lessons;
mod mail;
mod number;
#[cfg(feature = "server")]
mod observation;
#[cfg(feature = "server")]
pub mod observer;
#[cfg(feature = "openapi")]
pub mod openapi;
mod operator;
mod org_number;
mod organisation;
mod page;
mod period;
mod plausibility;
mod reopen_reason;
mod report;
mod report_changes;
mod reporting;
mod role_mapping;
#[cfg(feature = "server")]
pub mod secret;
mod series_choice;
mod series_goal;
mod series_key;
mod size;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
pub mod synthetic;
mod trend;
#[cfg(feature = "server")]
pub mod use_cases;
mod value;

pub use access::{
    Action, DraftsReadable, Email, EmailError, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, NewPassword,
    PasswordError, Role, RoleError, User, UserAccount, UserError,
};
pub use api_token::{
    ApiToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, NewApiToken, TokenLifetime, TokenLifetimeError,
    TokenName, TokenNameError,
};
#[cfg(feature = "server")]
pub use audit_filter::{AuditFilter, AuditFilterError};
pub use basis::{Basis, BasisError};
#[cfg(feature = "catalogue-file")]
pub use catalogue::SHIPPED_CATALOGUE;
pub use catalogue::{
    Bilingual, Catalogue, CatalogueError, Definition, DerivedSeries, Direction, Formula,
    MEASURE_COUNT, Measure, Series, Unit,
};
pub use change::{AuditEntry, Change};
pub use completeness::{
    Completeness, CompletenessFilter, CompletenessFilterError, MAX_COMPLETENESS_QUARTERS,
};
#[cfg(feature = "server")]
pub use completeness::{ReportTiming, iso_date, tally};
pub use display_link::{DISPLAY_OPEN_PATH, DisplayLink, NewDisplayLink};
pub use field_error::{FieldError, Given, ValueProblem};
pub use figures::{PeerFigures, SeriesFigures};
pub use goal::{Goal, GoalError};
pub use identity_provider::{FirstSignIn, FirstSignInError, IdentityProviderSummary};
pub use lessons::{Lesson, LessonsFilter, LessonsFilterError, MAX_SEARCH_CHARS};
pub use mail::{
    MAX_MAIL_ATTEMPTS, MailEntry, MailKind, MailKindError, MailStatus, MailStatusError, Notice,
};
pub use number::parse_number;
#[cfg(feature = "server")]
pub use observation::Observation;
pub use operator::{Contact, MAX_OPERATOR_NAME_CHARS, Operator, OperatorError};
pub use org_number::{OrgNumber, OrgNumberError};
pub use organisation::{
    AdministeredOrganisation, MAX_ORG_NAME_CHARS, OrgKind, OrgKindError, OrgName, OrgNameError,
    Organisation, OrganisationChange,
};
pub use page::{DEFAULT_PER_PAGE, MAX_PER_PAGE, Page, PageError, Paged};
pub use period::{NotBegun, Period, PeriodError};
pub use plausibility::{
    Background, CountryFigures, EXPLANATION_FIELD_PREFIX, Explanation, HISTORY_LOOKBACK_QUARTERS,
    Implausibility, MAX_EXPLANATION_CHARS, PlausibilityWarning, explanation_field,
};
pub use reopen_reason::{
    MAX_REASON_CHARS, REASON_FIELD, REOPEN_REASON_AUDIT_FIELD, ReopenReason, ReopenReasonError,
};
pub use report::{
    Entry, LESSONS_FIELD, MAX_LESSONS_CHARS, PERIOD_FIELD, Report, ReportStatus, ReportUpdate,
    Step, StepError,
};
pub use report_changes::ReportChanges;
#[cfg(feature = "server")]
pub use reporting::Deadlines;
pub use reporting::{
    DEFAULT_DEADLINE_DAYS, DEFAULT_MIN_REPORTS, DeadlineError, MAX_DEADLINE_DAYS, ReportingRules,
    ReportingRulesError,
};
pub use role_mapping::{RoleGrant, RoleMapping, RoleMappingError};
pub use series_choice::SeriesChoiceError;
pub use series_goal::{
    AT_RISK_SHARE, GOAL_AUDIT_PREFIX, GoalFieldError, GoalProblem, GoalProgress, GoalRequest,
    SeriesGoal, Verdict, progress,
};
pub use series_key::{SeriesKey, SeriesKeyError};
pub use size::{
    MAX_EMPLOYEES, MAX_INHABITANTS, Normalise, NormaliseError, OrgSize, SIZE_BAND_FLOORS, SizeBand,
    SizeError, SizeYear, SizeYearError, has_inhabitants,
};
pub use trend::TrendRow;
