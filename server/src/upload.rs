//! `POST /import/upload`: the upload form's file, kept for its uploader to review.

use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use effekt_app::routes;

use crate::api::ApiError;
use crate::state::ServerState;

/// Reads the form's `file` field and sends the browser on to the review page. Someone who may
/// write for no organisation is sent back, told so, before the file is read; each user keeps at most
/// [`PENDING_IMPORTS_PER_USER`](effekt::store::PENDING_IMPORTS_PER_USER) files waiting, each for at most a day.
#[tracing::instrument(skip_all)]
pub async fn upload(
    State(state): State<ServerState>,
    signed_in: axum::Extension<effekt_session::SignedIn>,
    mut form: Multipart,
) -> Result<Response, ApiError> {
    if effekt::use_cases::may_import(&signed_in.0.0).is_err() {
        return Ok(Redirect::to(&format!("{}?nekad=1", routes::IMPORT)).into_response());
    }
    let mut upload = None;
    while let Some(field) = form.next_field().await.map_err(refused)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("import.csv").to_owned();
            let bytes = field.bytes().await.map_err(refused)?;
            upload = Some((name, bytes));
        }
    }
    let Some((name, bytes)) = upload.filter(|(_, bytes)| !bytes.is_empty()) else {
        return Ok(Redirect::to(&format!("{}?tom=1", routes::IMPORT)).into_response());
    };
    let text = std::str::from_utf8(&bytes).ok();
    let id = state
        .store
        .save_pending_import(&signed_in.0.0.email, &name, text)
        .await?;
    Ok(Redirect::to(&routes::import_review(id)).into_response())
}

/// Forgets uploaded files that waited longer than a day, every `period` while the server runs.
pub async fn forget_expired(store: effekt::store::Store, period: std::time::Duration) {
    let mut every = tokio::time::interval(period);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match store.forget_expired_pending_imports().await {
            Ok(0) => {}
            Ok(forgotten) => tracing::info!(forgotten, "forgot expired uploaded files"),
            Err(error) => tracing::warn!(%error, "could not forget expired uploaded files"),
        }
    }
}

/// A form that cannot be read: too large (413), or malformed (400).
fn refused(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest(error.body_text())
    }
}
