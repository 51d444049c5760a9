//! `GET /api/v1/audit`: the whole audit trail for administrators, changes to accounts included.

use axum::extract::State;
use axum::response::Response;
use effekt::{Action, AuditEntry, AuditFilter, AuditFilterError, OrgNumber};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::paging;
use crate::state::ServerState;

/// The query as given: text, so that every bad value is a clear 422 naming its parameter.
#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    from: Option<String>,
    to: Option<String>,
    user: Option<String>,
    organisation: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// One change as the API writes it.
#[derive(Serialize)]
struct AuditRow {
    at: String,
    by: String,
    organisation_number: Option<OrgNumber>,
    period: Option<String>,
    series: String,
    old: Option<String>,
    new: Option<String>,
}

impl From<AuditEntry> for AuditRow {
    fn from(entry: AuditEntry) -> Self {
        let change = entry.change;
        Self {
            at: change.at,
            by: change.by,
            organisation_number: entry.organisation_number,
            period: change.period,
            series: change.field,
            old: change.old,
            new: change.new,
        }
    }
}

#[tracing::instrument(skip(state, signed_in))]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response, ApiError> {
    // Refused before the query is read: whoever may not see the trail learns nothing of it.
    if !signed_in.0.may(Action::ReadAudit) {
        return Err(ApiError::Forbidden);
    }
    let filter = AuditFilter::parse(
        query.from.as_deref(),
        query.to.as_deref(),
        query.user.as_deref(),
        query.organisation.as_deref(),
    );
    let page = paging::parse(query.page.as_deref(), query.per_page.as_deref());
    let (filter, page) = match (filter, page) {
        (Ok(filter), Ok(page)) => (filter, page),
        (filter, page) => {
            let mut details =
                paging::details(&filter.err().unwrap_or_default(), AuditFilterError::field);
            details.extend(page.err().unwrap_or_default());
            return Err(paging::invalid_query(details));
        }
    };
    let changes = state.store.audit(&filter, page, &signed_in.actor()).await?;
    let rows: Vec<AuditRow> = changes.rows.into_iter().map(AuditRow::from).collect();
    Ok(paging::respond(rows, changes.total))
}
