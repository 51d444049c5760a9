//! What the server gives every page and server function: the store and the catalogue.

use std::sync::Arc;

use effekt::Catalogue;
use effekt::store::Store;
use leptos::prelude::*;

use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct ServerState {
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
}

/// The server state provided for this request.
pub fn server_state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| {
        tracing::error!("server function called without ServerState in context");
        AppError::Internal
    })
}
