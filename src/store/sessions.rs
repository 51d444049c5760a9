//! Sign-in state: server-side sessions and slowing down password guessing.

use std::time::Duration;

use sqlx::Row;

use super::users::stored_user_from_row;
use super::{Store, StoreError, before_now, now};
use crate::User;
use crate::secret::{random_hex, sha256_hex};

/// A session ends after this long without a request…
pub const SESSION_IDLE: Duration = Duration::from_secs(2 * 60 * 60);
/// …and after this long in any case.
pub const SESSION_ABSOLUTE: Duration = Duration::from_secs(12 * 60 * 60);
/// How often a session's last use is written; finer would be a write per request.
pub(super) const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// Failed sign-ins are counted per account and per address over a window; past the limit,
/// further attempts are refused without looking at the password until the window has passed.
#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    pub window: Duration,
    pub per_account: i64,
    pub per_address: i64,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 30,
        }
    }
}

impl Store {
    /// Starts a session for `user` and returns its id: 128 random bits, of which only a hash
    /// is stored.
    #[tracing::instrument(skip_all)]
    pub async fn create_session(&self, user: &User) -> Result<String, StoreError> {
        let id = random_hex(16);
        let at = now();
        sqlx::query(
            "INSERT INTO sessions (id_hash, email, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(sha256_hex(&id))
        .bind(user.email.as_str())
        .bind(&at)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// The active user of a live session; an expired session is ended on the way.
    #[tracing::instrument(skip_all)]
    pub async fn session_user(&self, id: &str) -> Result<Option<User>, StoreError> {
        let hash = sha256_hex(id);
        let row = sqlx::query(
            "SELECT u.email, u.role, u.organisation_number, u.active, s.created_at, s.last_seen_at \
             FROM sessions s JOIN users u ON u.email = s.email WHERE s.id_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let created_at: String = row.try_get("created_at")?;
        let last_seen_at: String = row.try_get("last_seen_at")?;
        let stored = stored_user_from_row(&row)?;
        let expired =
            last_seen_at < before_now(SESSION_IDLE) || created_at < before_now(SESSION_ABSOLUTE);
        if expired || !stored.active {
            self.end_session(id).await?;
            return Ok(None);
        }
        if last_seen_at < before_now(TOUCH_EVERY) {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(now())
                .bind(&hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(stored.user))
    }

    #[tracing::instrument(skip_all)]
    pub async fn end_session(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(sha256_hex(id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether any of `keys` (an account, an address) is over its limit of failed sign-ins.
    #[tracing::instrument(skip(self))]
    pub async fn login_throttled(
        &self,
        throttle: &LoginThrottle,
        keys: &[(String, i64)],
    ) -> Result<bool, StoreError> {
        let window_start = before_now(throttle.window);
        for (key, limit) in keys {
            let failures: Option<i64> = sqlx::query_scalar(
                "SELECT failures FROM login_failures WHERE throttle_key = $1 AND window_start > $2",
            )
            .bind(key)
            .bind(&window_start)
            .fetch_optional(&self.pool)
            .await?;
            if failures.is_some_and(|f| f >= *limit) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Counts a failed sign-in against each key, starting a new window where the old has passed.
    #[tracing::instrument(skip(self))]
    pub async fn record_login_failure(
        &self,
        throttle: &LoginThrottle,
        keys: &[String],
    ) -> Result<(), StoreError> {
        let window_start = before_now(throttle.window);
        let at = now();
        for key in keys {
            sqlx::query(
                "INSERT INTO login_failures (throttle_key, failures, window_start) \
                 VALUES ($1, 1, $2) ON CONFLICT (throttle_key) DO UPDATE SET \
                 failures = CASE WHEN login_failures.window_start > $3 \
                     THEN login_failures.failures + 1 ELSE 1 END, \
                 window_start = CASE WHEN login_failures.window_start > $3 \
                     THEN login_failures.window_start ELSE $2 END",
            )
            .bind(key)
            .bind(&at)
            .bind(&window_start)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Forgets an account's failures after it signs in.
    #[tracing::instrument(skip(self))]
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Why a sign-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The same answer for an unknown address, a wrong password and a deactivated account.
    #[error("wrong e-mail address or password")]
    WrongCredentials,
    #[error("too many failed sign-ins; try again later")]
    Throttled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Checks the password (unless this account or address has failed too often lately) and
    /// starts a new session. Returns the user and the new session id.
    #[tracing::instrument(skip(self, password, throttle))]
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
        throttle: &LoginThrottle,
    ) -> Result<(User, String), SignInError> {
        let Ok(email) = crate::Email::parse(email) else {
            crate::secret::verify_against_nothing(password);
            return Err(SignInError::WrongCredentials);
        };
        let account_key = format!("email:{email}");
        let address_key = format!("ip:{address}");
        let keys = [
            (account_key.clone(), throttle.per_account),
            (address_key.clone(), throttle.per_address),
        ];
        if self.login_throttled(throttle, &keys).await? {
            return Err(SignInError::Throttled);
        }
        match self.authenticate(&email, password).await? {
            Some(user) => {
                self.clear_login_failures(&account_key).await?;
                let session = self.create_session(&user).await?;
                Ok((user, session))
            }
            None => {
                self.record_login_failure(throttle, &[account_key, address_key])
                    .await?;
                Err(SignInError::WrongCredentials)
            }
        }
    }
}
