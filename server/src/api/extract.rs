//! Extractors whose rejections answer in the API's error format.

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use effekt::User;
use effekt::store::Actor;
use effekt_app::state::SignedIn;

use super::error::ApiError;

/// `axum::Json`, answering bad bodies with [`ApiError`].
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Path`, answering bad paths with [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

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
