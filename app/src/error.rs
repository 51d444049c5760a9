//! The one error type of the server functions: what the page needs to tell the reader.
//! Internal detail is logged on the server and never crosses to the browser.

use std::collections::BTreeMap;

use effekt::FieldError;
use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The input had problems; `submitted` is what was typed, to show it again.
    #[error("invalid input")]
    Invalid {
        errors: Vec<FieldError>,
        submitted: BTreeMap<String, String>,
    },
    /// An import file with problems, by line.
    #[error("the file has problems")]
    Import(effekt::csv::LineProblems),
    #[error("the report is locked")]
    Locked,
    /// The report cannot take that workflow step now (e.g. approving a draft).
    #[error("that step is not possible now")]
    Step,
    #[error("already exists")]
    Duplicate,
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("wrong e-mail address or password")]
    WrongCredentials,
    #[error("too many failed sign-ins")]
    Throttled,
    /// Passwords are switched off: people sign in through the identity provider.
    #[error("passwords are switched off")]
    PasswordsOff,
    #[error("internal error")]
    Internal,
    /// The request did not reach the function or its answer did not come back.
    #[error("transport error: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = PostcardEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        AppError::Transport(error.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } | AppError::Import(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Locked | AppError::Step | AppError::Duplicate => StatusCode::CONFLICT,
            AppError::Unauthorized | AppError::WrongCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::PasswordsOff => StatusCode::FORBIDDEN,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::Transport(_) => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Runs a server function's body and answers a refusal with its 4xx status. A plain form post
/// (without JavaScript) keeps Leptos' redirect back to the form instead, which carries the
/// error to the page.
#[cfg(feature = "ssr")]
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    use leptos::prelude::use_context;

    let result = body.await;
    if let Err(error) = &result
        && !plain_form_post()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(error.status());
    }
    result
}

/// Whether this request is a form posted by the browser itself (without JavaScript), whose
/// answer Leptos turns into a redirect back to the page.
#[cfg(feature = "ssr")]
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// An aggregation that failed is the server's fault; its reason goes to the log only.
#[cfg(feature = "ssr")]
impl From<effekt::analytics::CacheError> for AppError {
    fn from(error: effekt::analytics::CacheError) -> Self {
        tracing::error!(%error, "aggregation failed");
        AppError::Internal
    }
}

/// A use case's refusal, for a page that shows no typed fields again; a form that does builds
/// `AppError::Invalid` itself, with what was typed.
#[cfg(feature = "ssr")]
impl From<effekt::use_cases::Refused> for AppError {
    fn from(refused: effekt::use_cases::Refused) -> Self {
        match refused {
            effekt::use_cases::Refused::Invalid(errors) => AppError::Invalid {
                errors,
                submitted: BTreeMap::new(),
            },
            effekt::use_cases::Refused::Store(error) => error.into(),
        }
    }
}

/// A use case's refusal for a form that shows what was typed again, `submitted`.
#[cfg(feature = "ssr")]
pub fn refused_with(
    submitted: BTreeMap<String, String>,
) -> impl FnOnce(effekt::use_cases::Refused) -> AppError {
    move |refused| match refused {
        effekt::use_cases::Refused::Invalid(errors) => AppError::Invalid { errors, submitted },
        refused => refused.into(),
    }
}

/// A refused sign-in: the same answer for every wrong credential.
#[cfg(feature = "ssr")]
impl From<effekt::use_cases::SignInRefused> for AppError {
    fn from(refused: effekt::use_cases::SignInRefused) -> Self {
        use effekt::store::SignInError;
        use effekt::use_cases::SignInRefused;
        match refused {
            SignInRefused::PasswordsOff => AppError::PasswordsOff,
            SignInRefused::Refused(SignInError::WrongCredentials) => AppError::WrongCredentials,
            SignInRefused::Refused(SignInError::Throttled) => AppError::Throttled,
            SignInRefused::Refused(SignInError::Store(error)) => error.into(),
        }
    }
}

/// A refused import: its problems by line, shown on the page, or what failed in the store.
#[cfg(feature = "ssr")]
impl From<effekt::store::ImportFailure> for AppError {
    fn from(failure: effekt::store::ImportFailure) -> Self {
        match failure {
            effekt::store::ImportFailure::Rejected(problems) => AppError::Import(problems),
            effekt::store::ImportFailure::Store(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<effekt::store::StoreError> for AppError {
    fn from(error: effekt::store::StoreError) -> Self {
        use effekt::store::StoreError;
        match error {
            StoreError::UnknownOrganisation(_)
            | StoreError::UnknownReport(..)
            | StoreError::UnknownUser(_)
            | StoreError::UnknownToken
            | StoreError::UnknownGoal => AppError::NotFound,
            StoreError::UnknownDisplayLink => AppError::NotFound,
            StoreError::Locked(..) => AppError::Locked,
            StoreError::Step(..) => AppError::Step,
            StoreError::DuplicateOrganisation(_) | StoreError::DuplicateUser(_) => {
                AppError::Duplicate
            }
            StoreError::Forbidden { .. } => AppError::Forbidden,
            StoreError::NotBegun(not_begun) => AppError::Invalid {
                errors: vec![FieldError::from(not_begun)],
                submitted: BTreeMap::new(),
            },
            other => {
                tracing::error!(error = %other, "store failed in a server function");
                AppError::Internal
            }
        }
    }
}
