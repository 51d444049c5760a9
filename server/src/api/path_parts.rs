//! Identifiers read from a request's path. A malformed one is a bad request (400); a
//! well-formed one that names nothing stored is not found (404), told by the store or here.

use effekt::store::StoreError;
use effekt::{OrgNumber, Organisation, Period};

use super::error::ApiError;
use crate::state::ServerState;

/// The organisation number in the path.
pub fn org_number(text: &str) -> Result<OrgNumber, ApiError> {
    OrgNumber::parse(text).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// The quarter in the path.
pub fn period(text: &str) -> Result<Period, ApiError> {
    Period::parse(text).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// The stored organisation of `number`, read from the path.
pub async fn known_organisation(
    state: &ServerState,
    number: OrgNumber,
) -> Result<Organisation, ApiError> {
    Ok(state
        .store
        .organisation(number)
        .await?
        .ok_or(StoreError::UnknownOrganisation(number))?)
}
