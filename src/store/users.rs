//! Storing users: who they are, their role, their password hash, whether they may sign in.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::secret::{HashedPassword, hash_password, verify_against_nothing, verify_password};
use crate::{Action, Email, NewPassword, OrgNumber, Role, User, UserAccount};

const USER_COLUMNS: &str = "email, role, organisation_number, active";

impl Store {
    /// Whether anyone can sign in yet; decides whether the first administrator is created.
    #[tracing::instrument(skip(self))]
    pub async fn has_users(&self) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(count > 0)
    }

    /// Every user; for administrators only.
    #[tracing::instrument(skip(self))]
    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserAccount>, StoreError> {
        actor.require(Action::ManageUsers)?;
        sqlx::query("SELECT email, role, organisation_number, active FROM users ORDER BY email")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(stored_user_from_row)
            .collect()
    }

    /// The active user with this e-mail and password. An unknown address costs as much time
    /// as a wrong password, so the answer tells nothing about who has an account.
    #[tracing::instrument(skip(self, password))]
    pub async fn authenticate(
        &self,
        email: &Email,
        password: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT email, role, organisation_number, active, password_hash FROM users \
             WHERE email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let password = password.to_owned();
        let Some(row) = row else {
            self.hashing
                .run(move || verify_against_nothing(&password))
                .await;
            return Ok(None);
        };
        let hash: String = row.try_get("password_hash")?;
        let stored = stored_user_from_row(&row)?;
        let matches = self
            .hashing
            .run(move || verify_password(&password, &hash))
            .await;
        Ok((matches && stored.active).then_some(stored.user))
    }

    /// Hashes a new password off the async runtime (`HashingPool`), before any transaction
    /// starts, so that neither a worker thread nor the write lock waits on Argon2.
    pub async fn hash_password(&self, password: &NewPassword) -> HashedPassword {
        let password = password.clone();
        self.hashing.run(move || hash_password(&password)).await
    }

    pub async fn create_user(
        &self,
        user: &User,
        password: &NewPassword,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let password = self.hash_password(password).await;
        let mut tx = self.begin_write(actor).await?;
        tx.create_user(user, &password).await?;
        tx.commit().await
    }

    pub async fn update_user(
        &self,
        user: &User,
        active: bool,
        password: Option<&NewPassword>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let password = match password {
            Some(password) => Some(self.hash_password(password).await),
            None => None,
        };
        let mut tx = self.begin_write(actor).await?;
        tx.update_user(user, active, password.as_ref()).await?;
        tx.commit().await
    }
}

impl WriteTx {
    #[tracing::instrument(skip(self, password))]
    pub async fn create_user(
        &mut self,
        user: &User,
        password: &HashedPassword,
    ) -> Result<(), StoreError> {
        self.require(Action::ManageUsers)?;
        if let Some(organisation) = user.organisation_number {
            self.require_organisation(organisation).await?;
        }
        let result = sqlx::query(
            "INSERT INTO users (email, password_hash, role, organisation_number, active, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5)",
        )
        .bind(user.email.as_str())
        .bind(password.as_str())
        .bind(user.role.as_str())
        .bind(user.organisation_number.map(|o| o.to_string()))
        .bind(&self.at)
        .execute(&mut *self.tx)
        .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::DuplicateUser(user.email.clone()));
            }
            other => other?,
        };
        // Under no organisation: its history is open to every reader, an account is not.
        self.record(
            None,
            None,
            &format!("user:{}", user.email),
            None,
            Some(describe(user, true)),
        )
        .await
    }

    /// Changes a user's role, organisation, whether they may sign in, and (when given) their
    /// password. Deactivating or a new password ends every session of theirs and revokes their
    /// API tokens.
    #[tracing::instrument(skip(self, password))]
    pub async fn update_user(
        &mut self,
        user: &User,
        active: bool,
        password: Option<&HashedPassword>,
    ) -> Result<(), StoreError> {
        self.require(Action::ManageUsers)?;
        let query = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let old = sqlx::query(sqlx::AssertSqlSafe(query))
            .bind(user.email.as_str())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or_else(|| StoreError::UnknownUser(user.email.clone()))
            .and_then(|row| stored_user_from_row(&row))?;
        if let Some(organisation) = user.organisation_number {
            self.require_organisation(organisation).await?;
        }
        sqlx::query(
            "UPDATE users SET role = $1, organisation_number = $2, active = $3 WHERE email = $4",
        )
        .bind(user.role.as_str())
        .bind(user.organisation_number.map(|o| o.to_string()))
        .bind(i64::from(active))
        .bind(user.email.as_str())
        .execute(&mut *self.tx)
        .await?;
        if let Some(password) = password {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE email = $2")
                .bind(password.as_str())
                .bind(user.email.as_str())
                .execute(&mut *self.tx)
                .await?;
        }
        if password.is_some() || !active {
            sqlx::query("DELETE FROM sessions WHERE email = $1")
                .bind(user.email.as_str())
                .execute(&mut *self.tx)
                .await?;
            // A token made with a stolen session must not outlive the reset that ends it.
            sqlx::query("DELETE FROM api_tokens WHERE email = $1")
                .bind(user.email.as_str())
                .execute(&mut *self.tx)
                .await?;
        }
        let field = format!("user:{}", user.email);
        let (before, after) = (describe(&old.user, old.active), describe(user, active));
        if before != after {
            self.record(None, None, &field, Some(before), Some(after))
                .await?;
        }
        if password.is_some() {
            self.record(
                None,
                None,
                &field,
                None,
                Some("password changed".to_owned()),
            )
            .await?;
        }
        Ok(())
    }
}

/// How a user is written in the audit trail: role, organisation, whether active. Never the
/// password or its hash.
fn describe(user: &User, active: bool) -> String {
    let organisation = user
        .organisation_number
        .map(|o| format!(" of {o}"))
        .unwrap_or_default();
    let state = if active { "active" } else { "deactivated" };
    format!("{}{organisation}, {state}", user.role)
}

pub(super) fn stored_user_from_row(row: &AnyRow) -> Result<UserAccount, StoreError> {
    let email: String = row.try_get("email")?;
    let role: String = row.try_get("role")?;
    let organisation: Option<String> = row.try_get("organisation_number")?;
    let active: i64 = row.try_get("active")?;
    let organisation = organisation
        .map(|o| OrgNumber::parse(&o).map_err(corrupt))
        .transpose()?;
    let user = User::new(
        Email::parse(&email).map_err(corrupt)?,
        Role::parse(&role).map_err(corrupt)?,
        organisation,
    )
    .map_err(corrupt)?;
    Ok(UserAccount {
        user,
        active: active != 0,
    })
}
