//! Setting a quarter's reporting deadline: `PUT /api/v1/deadlines/{period}` and the form on the
//! quarter overview (`/admin?period=…`).

use super::Refused;
use crate::store::{Actor, Store};
use crate::{Deadlines, FieldError, Period, ReportingRules};

/// A quarter's deadline as the request gave it: an ISO date.
#[derive(Debug, Clone)]
pub struct SetDeadline {
    pub period: Period,
    pub deadline: String,
}

/// Sets the last day reports for the quarter are on time and returns every quarter's deadline
/// as it is now; only those who approve reports may, checked by the store after the date is
/// read (as before this was a use case: a bad date is 422 for anyone). `rules` give the
/// quarters no administrator has set.
#[tracing::instrument(skip(store, actor))]
pub async fn set_deadline(
    store: &Store,
    actor: &Actor,
    rules: ReportingRules,
    command: SetDeadline,
) -> Result<Deadlines, Refused> {
    let day = Deadlines::parse(command.period, &command.deadline)
        .map_err(|e| Refused::Invalid(vec![FieldError::new("deadline", e)]))?;
    store
        .set_deadline(command.period, day, rules, actor)
        .await?;
    Ok(store.deadlines(rules).await?)
}
