//! Importing a CSV file of figures: `POST /api/v1/import` with the file as its body, and the
//! import page's confirmation of a file uploaded and reviewed before (`/import/{id}`).

use crate::csv::ImportPlan;
use crate::store::{Actor, ImportFailure, Store, StoreError};
use crate::{Catalogue, User};

/// What an import stored: the file's rows, and how many figures they changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub rows: usize,
    pub changed: usize,
}

/// Refuses anyone who writes for no organisation: checked before a file is read, so that a
/// viewer's 32 MB are never taken in.
pub fn may_import(user: &User) -> Result<(), StoreError> {
    if user.writes_for_some_organisation() {
        Ok(())
    } else {
        Err(StoreError::Forbidden {
            actor: user.email.to_string(),
        })
    }
}

/// Stores every row of the checked file `plan`, or none: a row for an organisation the actor
/// may not write for, an unknown one, a locked report or a quarter that has not begun refuses
/// the whole file, with every such row's line.
#[tracing::instrument(skip_all, fields(rows = plan.rows.len()))]
pub async fn import(
    store: &Store,
    catalogue: &Catalogue,
    actor: &Actor,
    plan: &ImportPlan,
) -> Result<Imported, ImportFailure> {
    if let Actor::User(user) = actor {
        may_import(user)?;
    }
    let changed = store.import(plan, catalogue, actor).await?;
    Ok(Imported {
        rows: plan.rows.len(),
        changed,
    })
}
