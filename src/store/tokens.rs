//! Personal API tokens: made only from a session, listed and revoked by their owner (or an
//! administrator), ended by time, by a new password and by deactivation.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::sessions::TOUCH_EVERY;
use super::users::stored_user_from_row;
use super::{Actor, Store, StoreError, before_now, now, timestamp};
use crate::secret::{random_hex, sha256_hex};
use crate::{Action, ApiToken, Email, NewApiToken, TokenLifetime, TokenName, User};

const TOKEN_COLUMNS: &str = "id, name, created_at, expires_at, last_used_at";

impl Store {
    /// Makes a personal API token for `user` that ends after `lifetime`. The secret is returned
    /// once; only its hash is kept.
    #[tracing::instrument(skip(self, user), fields(user = %user.email))]
    pub async fn create_token(
        &self,
        user: &User,
        name: &TokenName,
        lifetime: TokenLifetime,
    ) -> Result<NewApiToken, StoreError> {
        let secret = format!("effekt_{}", random_hex(32));
        let created = OffsetDateTime::now_utc();
        let token = ApiToken {
            id: random_hex(8),
            name: name.as_str().to_owned(),
            created_at: timestamp(created),
            expires_at: timestamp(created + time::Duration::days(lifetime.days())),
            last_used_at: None,
        };
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, email, name, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&token.id)
        .bind(sha256_hex(&secret))
        .bind(user.email.as_str())
        .bind(&token.name)
        .bind(&token.created_at)
        .bind(&token.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(NewApiToken { token, secret })
    }

    /// The active user a live token belongs to; an expired token answers nothing. Notes the
    /// token's use, at most once a minute.
    #[tracing::instrument(skip_all)]
    pub async fn token_user(&self, secret: &str) -> Result<Option<User>, StoreError> {
        let hash = sha256_hex(secret);
        let row = sqlx::query(
            "SELECT u.email, u.role, u.organisation_number, u.active, t.last_used_at \
             FROM api_tokens t JOIN users u ON u.email = t.email \
             WHERE t.token_hash = $1 AND t.expires_at > $2",
        )
        .bind(&hash)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let stored = stored_user_from_row(&row)?;
        if !stored.active {
            return Ok(None);
        }
        let last_used_at: Option<String> = row.try_get("last_used_at")?;
        if last_used_at.is_none_or(|at| at < before_now(TOUCH_EVERY)) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                .bind(now())
                .bind(&hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(stored.user))
    }

    /// The tokens of `owner`, newest first: one's own, or anyone's for an administrator.
    #[tracing::instrument(skip(self))]
    pub async fn tokens(&self, actor: &Actor, owner: &Email) -> Result<Vec<ApiToken>, StoreError> {
        if !is_actor(actor, owner) {
            actor.require(Action::ManageUsers)?;
            let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
                .bind(owner.as_str())
                .fetch_one(&self.pool)
                .await?;
            if known == 0 {
                return Err(StoreError::UnknownUser(owner.clone()));
            }
        }
        let query = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE email = $1 \
             ORDER BY created_at DESC, id"
        );
        sqlx::query(sqlx::AssertSqlSafe(query))
            .bind(owner.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(token_from_row)
            .collect()
    }

    /// The live token of `owner` with this secret, without counting it as a use: to show a
    /// token just made to the one who made it.
    #[tracing::instrument(skip(self, secret))]
    pub async fn own_token(
        &self,
        owner: &Email,
        secret: &str,
    ) -> Result<Option<ApiToken>, StoreError> {
        let query = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens \
             WHERE token_hash = $1 AND email = $2 AND expires_at > $3"
        );
        sqlx::query(sqlx::AssertSqlSafe(query))
            .bind(sha256_hex(secret))
            .bind(owner.as_str())
            .bind(now())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(token_from_row)
            .transpose()
    }

    /// Revokes the token `id`: one's own, or anyone's for an administrator. Someone else's
    /// token is as unknown as one that does not exist.
    #[tracing::instrument(skip(self))]
    pub async fn revoke_token(&self, actor: &Actor, id: &str) -> Result<(), StoreError> {
        let deleted = if actor.may(Action::ManageUsers) {
            sqlx::query("DELETE FROM api_tokens WHERE id = $1")
                .bind(id)
                .execute(&self.pool)
                .await?
        } else {
            sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND email = $2")
                .bind(id)
                .bind(actor.name())
                .execute(&self.pool)
                .await?
        };
        if deleted.rows_affected() == 0 {
            return Err(StoreError::UnknownToken);
        }
        Ok(())
    }
}

fn is_actor(actor: &Actor, email: &Email) -> bool {
    matches!(actor, Actor::User(user) if user.email == *email)
}

fn token_from_row(row: &AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}
