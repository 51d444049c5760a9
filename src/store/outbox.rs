//! The mail outbox: mail written beside the step that calls for it, claimed and delivered by
//! whichever instance's sender gets to it first, each exactly once.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Actor, Store, StoreError, WriteTx, corrupt, now, timestamp};
use crate::{
    Action, Deadlines, MAX_MAIL_ATTEMPTS, MailEntry, MailKind, MailStatus, Notice, OrgNumber, Page,
    Paged, Period, ReportStatus, Role, Step,
};

/// How long an instance holds a mail it claimed: longer than a delivery may take (the sender's
/// timeout), so that only a mail whose instance died is taken over.
pub const MAIL_CLAIM: std::time::Duration = std::time::Duration::from_secs(300);

/// Mail claimed at once: one, just before it is delivered, so that a claim's time starts
/// with its own delivery and never runs out while the mail waits behind others (two instances
/// would then both send it).
const CLAIM_BATCH: i64 = 1;

/// Quarters back from the current one whose deadline may still lie ahead: a deadline is at
/// most a year after its quarter ends.
const QUARTERS_WITH_A_DEADLINE_AHEAD: usize = 6;

/// A mail this instance claimed, to deliver.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    pub id: String,
    pub recipient: String,
    pub notice: Notice,
    /// Tries before this one.
    pub attempts: u32,
}

const MAIL_COLUMNS: &str = "id, kind, recipient, organisation_number, organisation_name, period, \
    reason, deadline, status, attempts, created_at, last_attempt_at, sent_at";

impl Store {
    /// Whether steps taken through this store write mail ([`Store::sending_mail`]).
    pub fn sends_mail(&self) -> bool {
        self.mail
    }

    /// This store with steps writing mail to the outbox, or not: only a server that has a
    /// mail server to deliver to writes any.
    pub fn sending_mail(mut self, on: bool) -> Self {
        self.mail = on;
        self
    }

    /// Writes a reminder to every active analyst of each organisation that has not submitted a
    /// quarter whose deadline is at most `days` days ahead of `today` (and not passed). A
    /// reminder written before, by this instance or another, is not written again. Returns
    /// how many were written.
    #[tracing::instrument(skip(self, deadlines))]
    pub async fn write_reminders(
        &self,
        deadlines: &Deadlines,
        days: u16,
        today: time::Date,
    ) -> Result<u64, StoreError> {
        let mut written = 0;
        let latest = today + time::Duration::days(i64::from(days));
        let quarters = std::iter::successors(Some(Period::current()), |p| p.previous())
            .take(QUARTERS_WITH_A_DEADLINE_AHEAD);
        for period in quarters {
            let deadline = deadlines.of(period);
            if deadline < today || deadline > latest {
                continue;
            }
            let quarter = period.to_string();
            let at = now();
            // ON CONFLICT after INSERT … SELECT needs the WHERE it has, for SQLite's parser.
            written += sqlx::query(
                "INSERT INTO mail_outbox (id, kind, recipient, occasion, organisation_number, \
                 organisation_name, period, reason, deadline, status, attempts, created_at, \
                 next_attempt_at) \
                 SELECT $1 || ' ' || o.organisation_number || '/' || $2 || ' ' || u.email, \
                 $1, u.email, o.organisation_number || '/' || $2, o.organisation_number, \
                 o.name, $2, NULL, $3, $4, 0, $5, $5 \
                 FROM users u JOIN organisations o \
                 ON o.organisation_number = u.organisation_number \
                 LEFT JOIN reports r ON r.organisation_number = o.organisation_number \
                 AND r.period = $2 \
                 WHERE u.role = $6 AND u.active <> 0 AND (r.status IS NULL OR r.status = $7) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(MailKind::Reminder.as_str())
            .bind(&quarter)
            .bind(crate::iso_date(deadline))
            .bind(MailStatus::Pending.as_str())
            .bind(&at)
            .bind(Role::Analyst.as_str())
            .bind(ReportStatus::Draft.as_str())
            .execute(&self.pool)
            .await?
            .rows_affected();
        }
        Ok(written)
    }

    /// Claims up to a batch of pending mail that is due, for `instance` to deliver: each row
    /// is claimed by one conditional UPDATE, which only one instance can win.
    #[tracing::instrument(skip(self))]
    pub async fn claim_due_mail(&self, instance: &str) -> Result<Vec<ClaimedMail>, StoreError> {
        let at = now();
        let due: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM mail_outbox WHERE status = $1 AND next_attempt_at <= $2 \
             AND (claimed_until IS NULL OR claimed_until < $2) \
             ORDER BY next_attempt_at, id LIMIT $3",
        )
        .bind(MailStatus::Pending.as_str())
        .bind(&at)
        .bind(CLAIM_BATCH)
        .fetch_all(&self.pool)
        .await?;
        let until = timestamp(time::OffsetDateTime::now_utc() + MAIL_CLAIM);
        let mut claimed = Vec::new();
        for id in due {
            let won = sqlx::query(
                "UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2 \
                 WHERE id = $3 AND status = $4 AND next_attempt_at <= $5 \
                 AND (claimed_until IS NULL OR claimed_until < $5)",
            )
            .bind(instance)
            .bind(&until)
            .bind(&id)
            .bind(MailStatus::Pending.as_str())
            .bind(&at)
            .execute(&self.pool)
            .await?
            .rows_affected();
            if won == 0 {
                continue;
            }
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE id = $1"
            )))
            .bind(&id)
            .fetch_one(&self.pool)
            .await?;
            let entry = mail_from_row(&row)?;
            claimed.push(ClaimedMail {
                id,
                recipient: entry.recipient,
                notice: notice_from_row(&row)?,
                attempts: entry.attempts,
            });
        }
        Ok(claimed)
    }

    /// Notes that the mail server took `mail`.
    #[tracing::instrument(skip(self, mail), fields(id = %mail.id))]
    pub async fn mail_sent(&self, mail: &ClaimedMail, instance: &str) -> Result<(), StoreError> {
        let at = now();
        let recorded = sqlx::query(
            "UPDATE mail_outbox SET status = $1, sent_at = $2, last_attempt_at = $2, \
             attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL \
             WHERE id = $3 AND claimed_by = $4",
        )
        .bind(MailStatus::Sent.as_str())
        .bind(&at)
        .bind(&mail.id)
        .bind(instance)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if recorded == 0 {
            // The claim ran out before the delivery ended: another instance may send it again.
            tracing::warn!(instance, "a mail was sent after its claim had run out");
        }
        Ok(())
    }

    /// Notes a failed try of `mail` and when to try again: `retry_in`, doubled for each try
    /// before, up to [`MAX_MAIL_ATTEMPTS`] tries; after the last, the mail is given up.
    #[tracing::instrument(skip(self, mail, error), fields(id = %mail.id))]
    pub async fn mail_failed(
        &self,
        mail: &ClaimedMail,
        instance: &str,
        error: &str,
        retry_in: std::time::Duration,
    ) -> Result<MailStatus, StoreError> {
        let attempts = mail.attempts + 1;
        let status = if attempts >= MAX_MAIL_ATTEMPTS {
            MailStatus::Failed
        } else {
            MailStatus::Pending
        };
        let wait = retry_in.saturating_mul(1 << (attempts - 1).min(16));
        let at = time::OffsetDateTime::now_utc();
        sqlx::query(
            "UPDATE mail_outbox SET status = $1, attempts = $2, last_attempt_at = $3, \
             last_error = $4, next_attempt_at = $5, claimed_by = NULL, claimed_until = NULL \
             WHERE id = $6 AND claimed_by = $7",
        )
        .bind(status.as_str())
        .bind(i64::from(attempts))
        .bind(timestamp(at))
        .bind(error)
        .bind(timestamp(at + wait))
        .bind(&mail.id)
        .bind(instance)
        .execute(&self.pool)
        .await?;
        Ok(status)
    }

    /// One page of the mail written, newest first; for administrators.
    #[tracing::instrument(skip(self))]
    pub async fn mail(&self, page: Page, actor: &Actor) -> Result<Paged<MailEntry>, StoreError> {
        actor.require(Action::ReadAudit)?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox")
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox \
             ORDER BY created_at DESC, id LIMIT $1 OFFSET $2"
        )))
        .bind(i64::from(page.per_page()))
        .bind(i64::try_from(page.offset()).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        Ok(Paged {
            rows: rows.iter().map(mail_from_row).collect::<Result<_, _>>()?,
            total: u64::try_from(total).unwrap_or(0),
            page,
        })
    }
}

impl WriteTx {
    /// Writes the mail a step of a report calls for, when this store sends mail and a person
    /// took the step (the system loading history tells nobody): a submission to the
    /// administrators, an approval or reopening to the organisation's analysts.
    #[tracing::instrument(skip(self, reason))]
    pub(super) async fn write_step_mail(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        step: Step,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        if !self.mail || matches!(self.actor, Actor::System(_)) {
            return Ok(());
        }
        let (kind, role, own_organisation) = match step {
            Step::Submit => (MailKind::Submitted, Role::Admin, false),
            Step::Approve => (MailKind::Approved, Role::Analyst, true),
            Step::Reopen => (MailKind::Reopened, Role::Analyst, true),
        };
        let occasion = format!("{organisation}/{period}/{}", self.id);
        sqlx::query(
            "INSERT INTO mail_outbox (id, kind, recipient, occasion, organisation_number, \
             organisation_name, period, reason, deadline, status, attempts, created_at, \
             next_attempt_at) \
             SELECT $1 || ' ' || $2 || ' ' || u.email, $1, u.email, $2, o.organisation_number, \
             o.name, $3, $4, NULL, $5, 0, $6, $6 \
             FROM users u CROSS JOIN organisations o \
             WHERE o.organisation_number = $7 AND u.role = $8 AND u.active <> 0 \
             AND ($9 = 0 OR u.organisation_number = o.organisation_number) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(kind.as_str())
        .bind(&occasion)
        .bind(period.to_string())
        .bind(reason)
        .bind(MailStatus::Pending.as_str())
        .bind(&self.at)
        .bind(organisation.to_string())
        .bind(role.as_str())
        .bind(i64::from(own_organisation))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

fn mail_from_row(row: &AnyRow) -> Result<MailEntry, StoreError> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let attempts: i64 = row.try_get("attempts")?;
    Ok(MailEntry {
        kind: MailKind::parse(&kind).map_err(corrupt)?,
        recipient: row.try_get("recipient")?,
        subject: notice_from_row(row)?.subject(),
        status: MailStatus::parse(&status).map_err(corrupt)?,
        attempts: u32::try_from(attempts).map_err(corrupt)?,
        created_at: row.try_get("created_at")?,
        last_attempt_at: row.try_get("last_attempt_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

fn notice_from_row(row: &AnyRow) -> Result<Notice, StoreError> {
    let kind: String = row.try_get("kind")?;
    let organisation: String = row.try_get("organisation_number")?;
    let period: String = row.try_get("period")?;
    Ok(Notice {
        kind: MailKind::parse(&kind).map_err(corrupt)?,
        organisation_number: OrgNumber::parse(&organisation).map_err(corrupt)?,
        organisation_name: row.try_get("organisation_name")?,
        period: Period::parse(&period).map_err(corrupt)?,
        reason: row.try_get("reason")?,
        deadline: row.try_get("deadline")?,
    })
}
