//! Display links: made, listed and revoked by administrators, each change audited; looked up
//! by the hash of their secret on every request a screen makes, so a revoked link stops at once.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::sessions::TOUCH_EVERY;
use super::{Actor, Store, StoreError, WriteTx, before_now, now};
use crate::secret::{random_hex, sha256_hex};
use crate::{Action, DisplayLink, NewDisplayLink, TokenName};

const LINK_COLUMNS: &str = "id, name, created_at, created_by, last_used_at";

/// How a link is written in the audit trail: its name and id, never its secret.
fn describe(link: &DisplayLink) -> String {
    format!("{} ({})", link.name, link.id)
}

impl Store {
    /// Makes a display link called `name`. The secret is returned once; only its hash is kept.
    pub async fn create_display_link(
        &self,
        name: &TokenName,
        actor: &Actor,
    ) -> Result<NewDisplayLink, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        let new = tx.create_display_link(name).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// Every display link, newest first; for administrators.
    #[tracing::instrument(skip(self))]
    pub async fn display_links(&self, actor: &Actor) -> Result<Vec<DisplayLink>, StoreError> {
        actor.require(Action::ManageUsers)?;
        let query =
            format!("SELECT {LINK_COLUMNS} FROM display_links ORDER BY created_at DESC, id");
        sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(link_from_row)
            .collect()
    }

    /// The link with this secret, without counting it as a use: to show a link just made to
    /// the administrator who made it, once.
    #[tracing::instrument(skip_all)]
    pub async fn made_display_link(
        &self,
        secret: &str,
        actor: &Actor,
    ) -> Result<Option<NewDisplayLink>, StoreError> {
        actor.require(Action::ManageUsers)?;
        let query = format!("SELECT {LINK_COLUMNS} FROM display_links WHERE secret_hash = $1");
        Ok(sqlx::query(sqlx::AssertSqlSafe(query))
            .bind(sha256_hex(secret))
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(link_from_row)
            .transpose()?
            .map(|link| NewDisplayLink {
                link,
                secret: secret.to_owned(),
            }))
    }

    /// Revokes the display link `id`: the screen showing it is refused from its next request.
    pub async fn revoke_display_link(&self, id: &str, actor: &Actor) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.revoke_display_link(id).await?;
        tx.commit().await
    }

    /// The id of the display link with this secret, if there is one. The database compares
    /// SHA-256 hashes, never the secret itself, so how long the lookup takes says nothing about
    /// how much of a guessed secret was right. Notes the link's use, at most once a minute.
    #[tracing::instrument(skip_all)]
    pub async fn display_link(&self, secret: &str) -> Result<Option<String>, StoreError> {
        let hash = sha256_hex(secret);
        let row = sqlx::query("SELECT id, last_used_at FROM display_links WHERE secret_hash = $1")
            .bind(&hash)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let last_used_at: Option<String> = row.try_get("last_used_at")?;
        if last_used_at.is_none_or(|at| at < before_now(TOUCH_EVERY)) {
            sqlx::query("UPDATE display_links SET last_used_at = $1 WHERE secret_hash = $2")
                .bind(now())
                .bind(&hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(row.try_get("id")?))
    }
}

impl WriteTx {
    #[tracing::instrument(skip(self))]
    async fn create_display_link(
        &mut self,
        name: &TokenName,
    ) -> Result<NewDisplayLink, StoreError> {
        self.require(Action::ManageUsers)?;
        let secret = format!("effekt_display_{}", random_hex(32));
        let link = DisplayLink {
            id: random_hex(8),
            name: name.as_str().to_owned(),
            created_at: self.at.clone(),
            created_by: self.by.clone(),
            last_used_at: None,
        };
        sqlx::query(
            "INSERT INTO display_links (id, secret_hash, name, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&link.id)
        .bind(sha256_hex(&secret))
        .bind(&link.name)
        .bind(&link.created_at)
        .bind(&link.created_by)
        .execute(&mut *self.tx)
        .await?;
        self.record(None, None, "display_link", None, Some(describe(&link)))
            .await?;
        Ok(NewDisplayLink { link, secret })
    }

    #[tracing::instrument(skip(self))]
    async fn revoke_display_link(&mut self, id: &str) -> Result<(), StoreError> {
        self.require(Action::ManageUsers)?;
        let query = format!("SELECT {LINK_COLUMNS} FROM display_links WHERE id = $1");
        let link = sqlx::query(sqlx::AssertSqlSafe(query))
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(link_from_row)
            .transpose()?
            .ok_or(StoreError::UnknownDisplayLink)?;
        sqlx::query("DELETE FROM display_links WHERE id = $1")
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        self.record(None, None, "display_link", Some(describe(&link)), None)
            .await
    }
}

fn link_from_row(row: &AnyRow) -> Result<DisplayLink, StoreError> {
    Ok(DisplayLink {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}
