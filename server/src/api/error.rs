//! The JSON API's errors and the one place they become HTTP statuses.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use effekt::csv::LineProblems;
use effekt::store::SignInError;
use effekt::store::{ImportFailure, StoreError};
use effekt::use_cases::{Refused, SignInRefused};
use effekt::{FieldError, PlausibilityWarning, ValueProblem};
use serde::Serialize;
use utoipa::openapi::schema::{Array, Object, ObjectBuilder, Type};
use utoipa::{ToResponse, ToSchema};

use crate::csv_export::ExportQueryError;

/// One problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Detail {
    pub field: String,
    pub message: String,
}

impl From<FieldError> for Detail {
    fn from(error: FieldError) -> Self {
        Self {
            field: error.field,
            message: error.problem.to_string(),
        }
    }
}

/// A use case's refusal: its bad fields, or the store's.
impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Invalid(problems) => ApiError::invalid(problems.into_iter().map(Detail::from)),
            Refused::Store(error) => error.into(),
        }
    }
}

/// A warning names its field as an error does, and says what looks wrong in the same words.
impl From<PlausibilityWarning> for Detail {
    fn from(warning: PlausibilityWarning) -> Self {
        Self {
            field: warning.field.to_string(),
            message: warning.problem.to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request cannot be understood: not JSON, wrong shape, malformed identifiers.
    #[error("{0}")]
    BadRequest(String),
    #[error("the request body must be JSON, sent with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("the file must be sent as CSV, with Content-Type: text/csv")]
    UnsupportedCsv,
    #[error("Sign in first: this needs a session or an API token.")]
    Unauthorized,
    #[error("You are not allowed to do this.")]
    Forbidden,
    #[error("Writes must come from this site's own pages or carry an API token.")]
    CrossSite,
    #[error("{0}")]
    WrongCredentials(String),
    #[error("Too many failed sign-ins; try again in a quarter of an hour.")]
    TooManyRequests,
    #[error(
        "Inloggning med lösenord är avstängd här: logga in via organisationens inloggning. \
         Signing in with a password is switched off here: sign in through the organisation's sign-in."
    )]
    PasswordsOff,
    /// An address asked for open data more often than it may.
    #[error("Too many requests from your address; try again in a minute.")]
    RateLimited,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// Well-formed, but the values break the rules; every problem is listed.
    #[error("{message}")]
    Invalid {
        message: String,
        details: Vec<Detail>,
    },
    /// A file with bad rows; every problem is listed by line and column, up to a thousand,
    /// and the error says how many more there were.
    #[error("The file has problems; nothing was stored.")]
    InvalidFile(LineProblems),
    /// Something failed inside; the reason goes to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Every refusal: `{"error": sentence, "details": [{field, message}]}`, or for a file's rows
/// `[{line, column, message}]`; a rejected request changes nothing.
#[derive(Serialize, ToSchema, ToResponse)]
#[schema(as = Error)]
#[response(description = "The request was refused and changed nothing")]
pub struct ErrorBody<'a> {
    error: &'a str,
    #[schema(schema_with = detail_list)]
    details: serde_json::Value,
}

/// The details as a client may read them: each names what is wrong and says why.
fn detail_list() -> Array {
    let text = || Object::with_type(Type::String);
    Array::new(
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("field", text())
            .property("message", text()),
    )
}

/// How a file's problem is listed: `{line, column, message}`.
#[derive(Serialize)]
struct RowDetail<'a> {
    line: usize,
    column: &'a str,
    message: String,
}

impl ApiError {
    pub fn invalid(details: impl IntoIterator<Item = Detail>) -> Self {
        ApiError::Invalid {
            message: "Some values are not valid; nothing was stored.".to_owned(),
            details: details.into_iter().collect(),
        }
    }

    /// [`ApiError::invalid`] with a detail on `field` for each of its `problems`.
    pub fn invalid_field(
        field: &str,
        problems: impl IntoIterator<Item = impl Into<ValueProblem>>,
    ) -> Self {
        ApiError::invalid(
            problems
                .into_iter()
                .map(|problem| Detail::from(FieldError::new(field, problem))),
        )
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType | ApiError::UnsupportedCsv => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthorized | ApiError::WrongCredentials(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::CrossSite | ApiError::PasswordsOff => {
                StatusCode::FORBIDDEN
            }
            ApiError::TooManyRequests | ApiError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid { .. } | ApiError::InvalidFile(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (message, details) = match &self {
            ApiError::Internal(reason) => {
                tracing::error!(%reason, "request failed");
                (
                    "Something went wrong on the server; nothing was changed.".to_owned(),
                    serde_json::json!([]),
                )
            }
            ApiError::Invalid { message, details } => (
                message.clone(),
                serde_json::to_value(details).unwrap_or_default(),
            ),
            ApiError::InvalidFile(problems) => {
                let rows: Vec<RowDetail> = problems
                    .iter()
                    .map(|p| RowDetail {
                        line: p.line,
                        column: &p.column,
                        message: p.problem.to_string(),
                    })
                    .collect();
                let message = match problems.more() {
                    0 => self.to_string(),
                    more => format!(
                        "{self} The first {} problems are listed; the file has {more} more.",
                        rows.len()
                    ),
                };
                (message, serde_json::to_value(rows).unwrap_or_default())
            }
            other => (other.to_string(), serde_json::json!([])),
        };
        let body = ErrorBody {
            error: &message,
            details,
        };
        (status, Json(body)).into_response()
    }
}

/// An aggregation that failed is the server's fault; its reason goes to the log only.
impl From<effekt::analytics::CacheError> for ApiError {
    fn from(error: effekt::analytics::CacheError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::UnknownOrganisation(number) => {
                ApiError::NotFound(format!("There is no organisation {number}."))
            }
            StoreError::DuplicateOrganisation(number) => {
                ApiError::Conflict(format!("Organisation {number} already exists."))
            }
            StoreError::Locked(number, period) => ApiError::Conflict(format!(
                "The report of {number} for {period} is approved and locked."
            )),
            StoreError::UnknownReport(number, period) => {
                ApiError::NotFound(format!("There is no report of {number} for {period}."))
            }
            StoreError::Step(number, period, why) => {
                ApiError::Conflict(format!("The report of {number} for {period}: {why}."))
            }
            StoreError::UnknownUser(email) => {
                ApiError::NotFound(format!("There is no user {email}."))
            }
            StoreError::UnknownGoal => {
                ApiError::NotFound("There is no such goal of this organisation.".to_owned())
            }
            StoreError::UnknownToken => {
                ApiError::NotFound("There is no such API token.".to_owned())
            }
            StoreError::UnknownDisplayLink => {
                ApiError::NotFound("There is no such display link.".to_owned())
            }
            StoreError::DuplicateUser(email) => {
                ApiError::Conflict(format!("User {email} already exists."))
            }
            StoreError::Forbidden { .. } => ApiError::Forbidden,
            StoreError::NotBegun(not_begun) => {
                ApiError::invalid([Detail::from(FieldError::from(not_begun))])
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// A refused sign-in: the same answer for every wrong credential.
impl From<SignInRefused> for ApiError {
    fn from(refused: SignInRefused) -> Self {
        match refused {
            SignInRefused::PasswordsOff => ApiError::PasswordsOff,
            SignInRefused::Refused(SignInError::WrongCredentials) => {
                ApiError::WrongCredentials("Wrong e-mail address or password.".to_owned())
            }
            SignInRefused::Refused(SignInError::Throttled) => ApiError::TooManyRequests,
            SignInRefused::Refused(SignInError::Store(error)) => error.into(),
        }
    }
}

/// A refused import: its problems by line, or what failed in the store.
impl From<ImportFailure> for ApiError {
    fn from(failure: ImportFailure) -> Self {
        match failure {
            ImportFailure::Rejected(problems) => ApiError::InvalidFile(problems),
            ImportFailure::Store(error) => error.into(),
        }
    }
}

impl From<ExportQueryError> for ApiError {
    fn from(error: ExportQueryError) -> Self {
        match error {
            ExportQueryError::TooManyOrganisations(_) => ApiError::invalid([Detail {
                field: "organisation".to_owned(),
                message: error.to_string(),
            }]),
            malformed => ApiError::BadRequest(malformed.to_string()),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            other => ApiError::BadRequest(format!(
                "The request body is not valid: {}",
                other.body_text()
            )),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}
