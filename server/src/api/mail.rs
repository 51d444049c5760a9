//! `GET /api/v1/mail`: the mail Effekt wrote, sent and pending, a page at a time, for
//! administrators. Never a body, nor the mail server's answers.

use axum::extract::State;
use axum::response::Response;
use effekt::{Action, MailEntry};
use serde::Serialize;

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::paging::{self, PageQuery};
use crate::state::ServerState;

/// One mail as the API writes it.
#[derive(Serialize)]
struct MailRow {
    kind: &'static str,
    recipient: String,
    subject: String,
    status: &'static str,
    attempts: u32,
    created_at: String,
    last_attempt_at: Option<String>,
    sent_at: Option<String>,
}

impl From<MailEntry> for MailRow {
    fn from(mail: MailEntry) -> Self {
        Self {
            kind: mail.kind.as_str(),
            recipient: mail.recipient,
            subject: mail.subject,
            status: mail.status.as_str(),
            attempts: mail.attempts,
            created_at: mail.created_at,
            last_attempt_at: mail.last_attempt_at,
            sent_at: mail.sent_at,
        }
    }
}

#[tracing::instrument(skip(state, signed_in))]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    // Refused before the query is read: whoever may not see the mail learns nothing of it.
    if !signed_in.0.may(Action::ReadAudit) {
        return Err(ApiError::Forbidden);
    }
    let page = query.page().map_err(paging::invalid_query)?;
    let mail = state.store.mail(page, &signed_in.actor()).await?;
    let rows: Vec<MailRow> = mail.rows.into_iter().map(MailRow::from).collect();
    Ok(paging::respond(rows, mail.total))
}
