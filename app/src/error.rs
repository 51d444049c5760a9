//! The one error type of the server functions: what the page needs to tell the reader.
//! Internal detail is logged on the server and never crosses to the browser.

use std::collections::BTreeMap;

use effekt::FieldError;
use leptos::server_fn::codec::JsonEncoding;
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
    #[error("the report is locked")]
    Locked,
    #[error("internal error")]
    Internal,
    /// The request did not reach the function or its answer did not come back.
    #[error("transport error: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        AppError::Transport(error.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<effekt::store::StoreError> for AppError {
    fn from(error: effekt::store::StoreError) -> Self {
        use effekt::store::StoreError;
        match error {
            StoreError::UnknownOrganisation(_) => AppError::NotFound,
            StoreError::Locked(..) => AppError::Locked,
            other => {
                tracing::error!(error = %other, "store failed in a server function");
                AppError::Internal
            }
        }
    }
}
