//! Minting and revoking personal API tokens: `POST` and `DELETE /api/v1/tokens` and the page
//! `/api-nycklar`.

use super::{Refused, invalid};
use crate::store::{Actor, Store, StoreError};
use crate::{FieldError, Given, NewApiToken, TokenLifetime, TokenName, User};

/// A new token as asked for: its name, and its lifetime in days (the default when not given).
#[derive(Debug, Clone)]
pub struct MintToken {
    pub name: String,
    pub expires_in_days: Given<Option<i64>>,
}

/// How the request that mints is signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedInBy {
    Session,
    Token,
}

/// Mints a token for `user`. Only a browser session may, never a token: a stolen token cannot
/// make itself successors that outlive it.
#[tracing::instrument(skip_all)]
pub async fn mint_token(
    store: &Store,
    user: &User,
    by: SignedInBy,
    command: MintToken,
) -> Result<NewApiToken, Refused> {
    if by == SignedInBy::Token {
        return Err(StoreError::Forbidden {
            actor: user.email.to_string(),
        }
        .into());
    }
    let name = TokenName::parse(&command.name).map_err(|e| FieldError::new("name", e));
    let lifetime = command
        .expires_in_days
        .and_then(|days| {
            Ok(days
                .map(TokenLifetime::from_days)
                .transpose()?
                .unwrap_or_default())
        })
        .map_err(|problem| FieldError::new("expires_in_days", problem));
    match (name, lifetime) {
        (Ok(name), Ok(lifetime)) => Ok(store.create_token(user, &name, lifetime).await?),
        (name, lifetime) => Err(invalid([name.err(), lifetime.err()])),
    }
}

/// Revokes token `id`: the actor's own, or anyone's for an administrator.
#[tracing::instrument(skip(store, actor))]
pub async fn revoke_token(store: &Store, actor: &Actor, id: &str) -> Result<(), StoreError> {
    store.revoke_token(actor, id).await
}
