//! `GET` and `POST /api/v1/display-links`, `DELETE /api/v1/display-links/{id}`: read-only
//! links for office screens, for administrators. A new link's secret is answered once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::DisplayLink;
use effekt::use_cases::{create_display_link, revoke_display_link};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use crate::state::ServerState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewLink {
    name: String,
}

/// A link just made, with its secret and the path a screen opens.
#[derive(Serialize)]
pub struct CreatedLink {
    #[serde(flatten)]
    link: DisplayLink,
    secret: String,
    path: String,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
) -> Result<Json<Vec<DisplayLink>>, ApiError> {
    Ok(Json(state.store.display_links(&signed_in.actor()).await?))
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiJson(body): ApiJson<NewLink>,
) -> Result<(StatusCode, Json<CreatedLink>), ApiError> {
    let new = create_display_link(&state.store, &signed_in.actor(), &body.name).await?;
    let path = new.path();
    Ok((
        StatusCode::CREATED,
        Json(CreatedLink {
            link: new.link,
            secret: new.secret,
            path,
        }),
    ))
}

#[tracing::instrument(skip(state, signed_in))]
pub async fn revoke(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    revoke_display_link(&state.store, &signed_in.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
