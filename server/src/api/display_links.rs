//! `GET` and `POST /api/v1/display-links`, `DELETE /api/v1/display-links/{id}`: read-only
//! links for office screens, for administrators. A new link's secret is answered once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::DisplayLink;
use effekt::use_cases::{create_display_link, revoke_display_link};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::refusals::{
    BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use crate::state::ServerState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewDisplayLink)]
pub struct NewLink {
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    name: String,
}

/// A link just made, with its secret and the path a screen opens.
#[derive(Serialize, ToSchema)]
#[schema(as = CreatedDisplayLink)]
pub struct CreatedLink {
    #[serde(flatten)]
    link: DisplayLink,
    /// Shown this once; only its hash is kept.
    secret: String,
    /// The address a screen opens, below the site's own: /skarm/visa?nyckel=<secret>
    path: String,
}

/// Every display link, newest first, never a secret (administrators)
#[utoipa::path(
    get,
    path = "/display-links",
    operation_id = "display_links_list",
    responses(
        (status = 200, description = "The links", body = Vec<DisplayLink>),
        Unauthorized, Forbidden,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
) -> Result<Json<Vec<DisplayLink>>, ApiError> {
    Ok(Json(state.store.display_links(&signed_in.actor()).await?))
}

/// Make a read-only link for an office screen, which opens the wall view (/skarm) and nothing else
/// (administrators; audited)
#[utoipa::path(
    post,
    path = "/display-links",
    operation_id = "display_links_create",
    request_body = NewLink,
    responses(
        (status = 201, description = "Made; the secret is shown this once", body = CreatedLink),
        BadRequest, Unauthorized, Forbidden, UnsupportedType, Unprocessable,
    ),
)]
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

/// Revoke a display link: the screen is refused from its next request (administrators; audited)
#[utoipa::path(
    delete,
    path = "/display-links/{id}",
    operation_id = "display_links_revoke",
    params(("id" = String, Path)),
    responses(
        (status = 204, description = "Revoked"),
        BadRequest, Unauthorized, Forbidden, NotFound,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn revoke(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    revoke_display_link(&state.store, &signed_in.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
