//! Setting an organisation's size for a year: `PUT /api/v1/organisations/{orgnr}/sizes/{year}`
//! and the form on the organisation's page. Importing a file of sizes is
//! `Store::import_sizes`.

use super::{Refused, invalid};
use crate::store::{Actor, Store, StoreError};
use crate::{Action, FieldError, OrgNumber, OrgSize, SizeYear};

/// A year's size as the request gave it. A number that is not one (or is left out, for the
/// employees) is `NaN`, refused as out of range.
#[derive(Debug, Clone)]
pub struct SetSize {
    pub year: String,
    pub employees: f64,
    pub inhabitants: Option<f64>,
}

/// Sets the size of organisation `number` for the year and returns it as set; only
/// administrators may, checked first, and an unknown organisation is told before the fields.
#[tracing::instrument(skip(store, actor))]
pub async fn set_size(
    store: &Store,
    actor: &Actor,
    number: OrgNumber,
    command: SetSize,
) -> Result<(SizeYear, OrgSize), Refused> {
    actor.require(Action::ManageOrganisations)?;
    let organisation = store
        .organisation(number)
        .await?
        .ok_or(StoreError::UnknownOrganisation(number))?;
    let year = SizeYear::parse(&command.year).map_err(|e| FieldError::new("year", e));
    let size = OrgSize::parse(organisation.kind, command.employees, command.inhabitants)
        .map_err(|errors| errors.into_iter().map(|e| FieldError::new(e.field(), e)));
    let (year, size) = match (year, size) {
        (Ok(year), Ok(size)) => (year, size),
        (year, size) => {
            let size = size.err().into_iter().flatten().map(Some);
            return Err(invalid(std::iter::once(year.err()).chain(size)));
        }
    };
    store.set_size(number, year, size, actor).await?;
    Ok((year, size))
}
