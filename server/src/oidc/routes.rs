//! `GET /auth/oidc/start` and `GET /auth/oidc/callback`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::{AppendHeaders, IntoResponse, Response};
use effekt::Email;
use effekt::observer::SignInFailure;
use effekt::store::{ExternalSignInError, PendingSignIn, StoreError};
use effekt_app::local_path;
use effekt_session::{ClientAddress, OverHttps, session_cookie, session_id};
use serde::Deserialize;

use super::flow_cookie::{flow_cookie, flow_key};
use super::refusal::Refusal;
use crate::state::ServerState;

#[derive(Deserialize)]
pub struct StartQuery {
    /// The local path to go on to once signed in.
    next: Option<String>,
}

/// Sends the browser to the identity provider, keeping what its return must match.
#[tracing::instrument(skip_all)]
pub async fn start(
    State(state): State<ServerState>,
    parts: Parts,
    Query(query): Query<StartQuery>,
) -> Result<Response, Refusal> {
    let provider = state
        .identity_provider
        .as_ref()
        .ok_or(Refusal::NotConfigured)?;
    let address = parts
        .extensions
        .get::<ClientAddress>()
        .map(|a| a.0.as_str())
        .unwrap_or_default();
    if !provider.may_start(address) {
        tracing::warn!(
            address,
            "identity provider sign-in refused: too many begun from this address"
        );
        return Err(Refusal::TooMany);
    }
    let next = local_path(query.next.as_deref().unwrap_or("/")).to_owned();
    let authorisation = provider.authorisation().await.map_err(|error| {
        tracing::error!(%error, "cannot send anyone to the identity provider");
        Refusal::Unavailable
    })?;
    let key = state
        .store
        .begin_external_sign_in(&PendingSignIn {
            csrf_state: authorisation.csrf_state,
            nonce: authorisation.nonce,
            pkce_verifier: authorisation.pkce_verifier,
            next,
        })
        .await?;
    Ok((
        StatusCode::SEE_OTHER,
        AppendHeaders([
            (LOCATION, authorisation.url),
            (SET_COOKIE, flow_cookie(Some(&key), &parts)),
        ]),
    )
        .into_response())
}

/// What the provider sends the browser back with.
#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    /// The provider's error code when it did not sign the person in.
    error: Option<String>,
}

/// Signs in the browser the provider sent back, when everything holds; the sign-in cookie is
/// forgotten either way.
#[tracing::instrument(skip_all)]
pub async fn callback(
    State(state): State<ServerState>,
    parts: Parts,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let forget = flow_cookie(None, &parts);
    match finish(&state, &parts, query).await {
        Ok((session, next)) => {
            let over_https = parts.extensions.get::<OverHttps>().is_some();
            (
                StatusCode::SEE_OTHER,
                AppendHeaders([
                    (LOCATION, next),
                    (SET_COOKIE, session_cookie(Some(&session), over_https)),
                    (SET_COOKIE, forget),
                ]),
            )
                .into_response()
        }
        Err(refusal) => {
            if refusal != Refusal::Internal {
                state
                    .store
                    .observer()
                    .sign_in_failed(SignInFailure::IdentityProvider);
            }
            (AppendHeaders([(SET_COOKIE, forget)]), refusal).into_response()
        }
    }
}

/// The checks in order; returns the new session and where to go on to.
async fn finish(
    state: &ServerState,
    parts: &Parts,
    query: CallbackQuery,
) -> Result<(String, String), Refusal> {
    let provider = state
        .identity_provider
        .as_ref()
        .ok_or(Refusal::NotConfigured)?;
    let Some(key) = flow_key(parts) else {
        tracing::warn!("identity provider sign-in refused: the browser brought no sign-in cookie");
        return Err(Refusal::Expired);
    };
    let Some(pending) = state.store.take_external_sign_in(&key).await? else {
        tracing::warn!("identity provider sign-in refused: unknown, used or expired sign-in");
        return Err(Refusal::Expired);
    };
    if let Some(error) = query.error {
        // The provider's words, but anyone can put words in a query: quoted.
        tracing::warn!(?error, "identity provider sign-in refused by the provider");
        return Err(Refusal::ProviderRefused);
    }
    if query.state.as_deref() != Some(pending.csrf_state.as_str()) {
        tracing::warn!("identity provider sign-in refused: the state does not match");
        return Err(Refusal::WrongState);
    }
    let Some(code) = query.code else {
        tracing::warn!("identity provider sign-in refused: no code");
        return Err(Refusal::NotVouched);
    };
    let identity = provider
        .identity(code, pending.pkce_verifier, pending.nonce)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "identity provider sign-in refused");
            Refusal::NotVouched
        })?;
    let config = provider.config();
    let email = identity
        .email
        .as_deref()
        .and_then(|email| Email::parse(email).ok())
        .filter(|_| identity.email_verified != Some(false));
    let Some(email) = email else {
        tracing::warn!(
            claim = %config.email_claim,
            verified = ?identity.email_verified,
            "identity provider sign-in refused: no usable e-mail address"
        );
        return Err(Refusal::NoEmail);
    };
    let Some(grant) = config
        .roles
        .grant_for(identity.groups.iter().map(String::as_str))
    else {
        tracing::warn!(%email, groups = ?identity.groups, "identity provider sign-in refused: no group maps to a role");
        return Err(Refusal::NoRole);
    };
    let (_, session) = state
        .store
        .sign_in_external(
            &email,
            grant,
            config.first_sign_in,
            session_id(parts).as_deref(),
        )
        .await
        .map_err(|error| match error {
            ExternalSignInError::NoAccount(_) | ExternalSignInError::Deactivated(_) => {
                tracing::warn!(%error, "identity provider sign-in refused");
                Refusal::NoAccount
            }
            ExternalSignInError::Store(StoreError::UnknownOrganisation(organisation)) => {
                tracing::warn!(%email, %organisation, "identity provider sign-in refused: the mapped organisation is not registered");
                Refusal::UnknownOrganisation
            }
            ExternalSignInError::Store(error) => error.into(),
        })?;
    Ok((session, pending.next))
}
