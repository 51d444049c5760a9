//! Extractors whose rejections answer in the API's error format.

use axum::body::{Body, Bytes};
use axum::extract::FromRequestParts;
use axum::extract::{FromRequest, Request};
use axum::http::request::Parts;
use effekt::User;
use effekt::store::Actor;
use effekt_session::SignedIn;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// A JSON object in the body, answering bad bodies with [`ApiError`]. Only an object: serde
/// would also read a struct from an array, so `[]` would pass as an empty request.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) =
            axum::Json::<serde_json::Value>::from_request(request, state).await?;
        if !value.is_object() {
            return Err(ApiError::BadRequest(
                "The request body must be a JSON object.".to_owned(),
            ));
        }
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| ApiError::BadRequest(format!("The request body is not valid: {e}")))
    }
}

/// A body that callers may leave out: an empty body is `None`, anything else must be the JSON
/// object [`ApiJson`] reads. For endpoints that gained a body after callers existed.
impl<T: DeserializeOwned, S: Send + Sync> axum::extract::OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|e| ApiError::BadRequest(format!("The request body cannot be read: {e}")))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let request = Request::from_parts(parts, Body::from(bytes));
        <Self as FromRequest<S>>::from_request(request, state)
            .await
            .map(Some)
    }
}

/// `axum::extract::Path`, answering bad paths with [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `axum::extract::Query`, answering bad query strings with [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// The signed-in user; 401 for anyone else. Handlers write through [`Authenticated::actor`], so
/// the store checks their rights.
pub struct Authenticated(pub User);

impl Authenticated {
    pub fn actor(&self) -> Actor {
        Actor::User(self.0.clone())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SignedIn>()
            .map(|signed_in| Authenticated(signed_in.0.clone()))
            .ok_or(ApiError::Unauthorized)
    }
}
