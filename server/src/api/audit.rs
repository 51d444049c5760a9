//! `GET /api/v1/audit`: the whole audit trail for administrators, changes to accounts included.

use axum::extract::State;
use axum::response::Response;
use effekt::{Action, AuditEntry, AuditFilter, AuditFilterError, OrgNumber};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::refusals::{BadRequest, Forbidden, Unauthorized, Unprocessable};
use super::{paging, query_schemas};
use crate::state::ServerState;

/// The query as given: text, so that every bad value is a clear 422 naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The first moment included: a date (YYYY-MM-DD, from the start of that day in UTC) or an
    /// RFC 3339 time. Anything else → 422 with a detail on `from`.
    #[param(nullable = false, example = "2026-05-01")]
    from: Option<String>,
    /// The last moment included: a date (YYYY-MM-DD, to the end of that day in UTC) or an RFC
    /// 3339 time. Anything else, or before `from` → 422 with a detail on `to`.
    #[param(nullable = false, example = "2026-05-31T23:59:59Z")]
    to: Option<String>,
    /// Only changes made by this user and changes to this user's account. Not an e-mail address
    /// → 422 with a detail on `user`.
    #[param(value_type = Option<query_schemas::EmailText>, inline, nullable = false)]
    user: Option<String>,
    /// Only changes to this organisation's data. Not an organisation number → 422 with a detail
    /// on `organisation`.
    #[param(value_type = Option<query_schemas::OrgNumberText>, inline, nullable = false)]
    organisation: Option<String>,
    /// The page, counted from 1 (default 1). Not a whole number from 1 → 422 with a detail on
    /// `page`.
    #[param(value_type = Option<query_schemas::PageText>, inline, nullable = false)]
    page: Option<String>,
    /// Changes per page (default 50, at most 500). Outside that → 422 with a detail on
    /// `per_page`.
    #[param(value_type = Option<query_schemas::PerPageText>, inline, nullable = false)]
    per_page: Option<String>,
}

/// One change as the API writes it.
#[derive(Serialize, ToSchema)]
#[schema(as = AuditChange)]
pub struct AuditRow {
    at: String,
    by: String,
    /// The organisation whose data changed; null for changes to user accounts and to the system.
    #[schema(required = true)]
    organisation_number: Option<OrgNumber>,
    #[schema(required = true)]
    period: Option<String>,
    /// What changed: a series key, lessons, status, goal, organisation, or user:<email> for an
    /// account.
    series: String,
    #[schema(required = true)]
    old: Option<String>,
    #[schema(required = true)]
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

/// The whole audit trail (administrators): every change, changes to user accounts included, a page
/// at a time, newest first
#[utoipa::path(
    get,
    path = "/audit",
    operation_id = "audit_list",
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of changes, newest first", body = Vec<AuditRow>, headers(("X-Total-Count" = u64, description = "How many changes there are on every page together"))),
        BadRequest, Unauthorized, Forbidden, Unprocessable,
    ),
)]
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
