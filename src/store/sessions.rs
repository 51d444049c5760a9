//! Sign-in state: server-side sessions.

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
}
