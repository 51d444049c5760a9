//! Making and revoking display links, the wall screens' addresses: `POST` and `DELETE
//! /api/v1/display-links` and the page `/skarmar`.

use super::{Refused, invalid};
use crate::store::{Actor, Store, StoreError};
use crate::{FieldError, NewDisplayLink, TokenName, ValueProblem};

/// Makes a display link named `name`, as typed; only administrators may (the store checks).
#[tracing::instrument(skip(store, actor))]
pub async fn create_display_link(
    store: &Store,
    actor: &Actor,
    name: &str,
) -> Result<NewDisplayLink, Refused> {
    let name = TokenName::parse(name).map_err(|e| {
        invalid([Some(FieldError::new(
            "name",
            ValueProblem::DisplayLinkName(e),
        ))])
    })?;
    Ok(store.create_display_link(&name, actor).await?)
}

/// Revokes display link `id`: its screen stops showing at its next request.
#[tracing::instrument(skip(store, actor))]
pub async fn revoke_display_link(store: &Store, actor: &Actor, id: &str) -> Result<(), StoreError> {
    store.revoke_display_link(id, actor).await
}
