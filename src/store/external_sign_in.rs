//! Signing in through the identity provider (OpenID Connect, issue #20): the sign-ins on their
//! way to the provider and back, and the account and session they end in.

use std::time::Duration;

use sqlx::Row;

use super::users::stored_user_from_row;
use super::{Actor, Store, StoreError, before_now, corrupt, now};
use crate::secret::{random_hex, sha256_hex};
use crate::{Email, FirstSignIn, NewPassword, RoleGrant, User};

/// How long someone may stay at the identity provider before the sign-in is worth nothing.
pub const PENDING_SIGN_IN: Duration = Duration::from_secs(10 * 60);

/// What the callback must match, kept while the person is at the identity provider. Secrets all:
/// no `Debug`.
pub struct PendingSignIn {
    pub csrf_state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// The local path to go on to once signed in.
    pub next: String,
}

/// Why someone the identity provider vouched for is not signed in.
#[derive(Debug, thiserror::Error)]
pub enum ExternalSignInError {
    #[error("{0} has no account, and first sign-ins are refused")]
    NoAccount(Email),
    #[error("the account {0} is deactivated")]
    Deactivated(Email),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Keeps `pending` until the callback, and returns the key the browser holds for it: 128
    /// random bits, of which only a hash is stored. Sign-ins that were never finished go.
    #[tracing::instrument(skip_all)]
    pub async fn begin_external_sign_in(
        &self,
        pending: &PendingSignIn,
    ) -> Result<String, StoreError> {
        sqlx::query("DELETE FROM oidc_sign_ins WHERE created_at < $1")
            .bind(before_now(PENDING_SIGN_IN))
            .execute(&self.pool)
            .await?;
        let key = random_hex(16);
        sqlx::query(
            "INSERT INTO oidc_sign_ins \
             (key_hash, csrf_state, nonce, pkce_verifier, next_path, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(sha256_hex(&key))
        .bind(&pending.csrf_state)
        .bind(&pending.nonce)
        .bind(&pending.pkce_verifier)
        .bind(&pending.next)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(key)
    }

    /// The sign-in the browser's key stands for, taken so that it serves once; none when the
    /// key is unknown, already used or older than [`PENDING_SIGN_IN`].
    #[tracing::instrument(skip_all)]
    pub async fn take_external_sign_in(
        &self,
        key: &str,
    ) -> Result<Option<PendingSignIn>, StoreError> {
        let row = sqlx::query(
            "DELETE FROM oidc_sign_ins WHERE key_hash = $1 \
             RETURNING csrf_state, nonce, pkce_verifier, next_path, created_at",
        )
        .bind(sha256_hex(key))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let created_at: String = row.try_get("created_at")?;
        if created_at < before_now(PENDING_SIGN_IN) {
            return Ok(None);
        }
        Ok(Some(PendingSignIn {
            csrf_state: row.try_get("csrf_state")?,
            nonce: row.try_get("nonce")?,
            pkce_verifier: row.try_get("pkce_verifier")?,
            next: row.try_get("next_path")?,
        }))
    }

    /// Signs in the person with `email`, whom the identity provider vouched for and whose groups
    /// map to `grant`. Someone new gets an account when `first` says so; an existing account
    /// takes the role and organisation of `grant` (recorded in the audit trail). A new session
    /// replaces `replacing`, as with a password.
    #[tracing::instrument(skip(self, replacing))]
    pub async fn sign_in_external(
        &self,
        email: &Email,
        grant: &RoleGrant,
        first: FirstSignIn,
        replacing: Option<&str>,
    ) -> Result<(User, String), ExternalSignInError> {
        // A parsed mapping pairs every role with an organisation as a user needs.
        let user = User::new(email.clone(), grant.role(), grant.organisation()).map_err(corrupt)?;
        let actor = Actor::System("oidc");
        let stored = sqlx::query(
            "SELECT email, role, organisation_number, active FROM users WHERE email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::from)?
        .map(|row| stored_user_from_row(&row))
        .transpose()?;
        match stored {
            None if first == FirstSignIn::Refuse => {
                return Err(ExternalSignInError::NoAccount(email.clone()));
            }
            None => {
                // Nobody knows this password: the account signs in through the provider only,
                // until an administrator gives it one.
                let password = NewPassword::parse(&random_hex(32)).map_err(corrupt)?;
                self.create_user(&user, &password, &actor).await?;
                tracing::info!(%email, role = user.role.as_str(), "created an account for a first sign-in");
            }
            Some(account) if !account.active => {
                return Err(ExternalSignInError::Deactivated(email.clone()));
            }
            Some(account) if account.user != user => {
                self.update_user(&user, true, None, &actor).await?;
            }
            Some(_) => {}
        }
        if let Some(old) = replacing {
            self.end_session(old).await?;
        }
        let session = self.create_session(&user).await?;
        tracing::info!(%email, role = user.role.as_str(), "signed in through the identity provider");
        Ok((user, session))
    }
}
