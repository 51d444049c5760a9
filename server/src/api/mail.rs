//! `GET /api/v1/mail`: the mail Effekt wrote, sent and pending, a page at a time, for
//! administrators. Never a body, nor the mail server's answers.

use axum::extract::State;
use axum::response::Response;
use effekt::{Action, MailEntry, MailKind, MailStatus};
use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::paging::{self, PageQuery};
use super::refusals::{BadRequest, Forbidden, Unauthorized, Unprocessable};
use crate::state::ServerState;

/// One mail as the API writes it.
#[derive(Serialize, ToSchema)]
#[schema(as = Mail)]
pub struct MailRow {
    /// A reminder before a quarter's deadline, or a report submitted, approved or reopened.
    #[schema(value_type = KindText, inline)]
    kind: &'static str,
    #[schema(format = "email")]
    recipient: String,
    /// Swedish, then English.
    subject: String,
    /// Pending: waiting for its first or next try; sent: the mail server took it; failed: given
    /// up after 12 tries.
    #[schema(value_type = StatusText, inline)]
    status: &'static str,
    attempts: u32,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime, required = true)]
    last_attempt_at: Option<String>,
    #[schema(format = DateTime, required = true)]
    sent_at: Option<String>,
}

/// A mail's kind as [`MailRow`] writes it: text, not the enum's own serde form.
enum KindText {}

impl PartialSchema for KindText {
    fn schema() -> RefOr<Schema> {
        words(MailKind::ALL.map(MailKind::as_str))
    }
}

impl ToSchema for KindText {}

/// A mail's status as [`MailRow`] writes it.
enum StatusText {}

impl PartialSchema for StatusText {
    fn schema() -> RefOr<Schema> {
        words(MailStatus::ALL.map(MailStatus::as_str))
    }
}

impl ToSchema for StatusText {}

fn words<const N: usize>(words: [&'static str; N]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(words))
        .into()
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

/// The mail Effekt wrote, sent and pending, a page at a time, newest first (administrators): never
/// a body, nor the mail server's answers
#[utoipa::path(
    get,
    path = "/mail",
    operation_id = "mail_list",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of mail, newest first", body = Vec<MailRow>, headers(("X-Total-Count" = u64, description = "How many mails there are on every page together"))),
        BadRequest, Unauthorized, Forbidden, Unprocessable,
    ),
)]
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
