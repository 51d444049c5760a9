//! Delivering the mail outbox (issue #20, item 4): every sweep, the reminders now due are written
//! and the pending mail this instance can claim is handed to the mail server. A failed delivery
//! (server away, or refusing) is tried again later, the wait doubling each time.

use std::time::Duration;

use effekt::ReportingRules;
use effekt::store::{ClaimedMail, Store};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::Smtp;

/// How long one delivery may take before it counts as failed: well within the claim
/// ([`effekt::store::MAIL_CLAIM`]), so no other instance takes the mail over meanwhile.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a mail was not delivered; the text goes to the log and the outbox, not to users.
#[derive(Debug, thiserror::Error)]
enum DeliveryError {
    #[error("the recipient's address cannot be written in a mail: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("the mail cannot be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the mail server did not take the mail: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the delivery took longer than {DELIVERY_TIMEOUT:?}")]
    TimedOut,
}

/// What the sender needs besides the store.
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The public address the mail's links start with, without a trailing slash.
    base: String,
    /// Who claims mail in the outbox: this process, and no other.
    instance: String,
    retry: Duration,
}

impl Sender {
    /// A sender through `smtp`, linking to `public_url`, waiting `retry` after a first failure.
    pub fn new(
        smtp: &Smtp,
        public_url: Option<&str>,
        retry: Duration,
    ) -> Result<Self, lettre::transport::smtp::Error> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp.url)?
            .timeout(Some(DELIVERY_TIMEOUT))
            .build();
        Ok(Self {
            transport,
            from: smtp.from.clone(),
            base: public_url.unwrap_or("").trim_end_matches('/').to_owned(),
            instance: effekt::secret::random_hex(8),
            retry,
        })
    }

    /// Writes the reminders due and delivers the pending mail due, every `period` while the
    /// server runs.
    pub async fn run(
        self,
        store: Store,
        rules: ReportingRules,
        reminder_days: u16,
        period: Duration,
    ) {
        let mut every = tokio::time::interval(period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            write_reminders(&store, rules, reminder_days).await;
            self.deliver_due(&store).await;
        }
    }

    /// Delivers what this instance can claim of the pending mail that is due, claiming each
    /// just before its delivery. Ends when nothing due is left to claim: a failed mail is due
    /// again only after its wait, and a claim that could not be recorded holds its mail.
    async fn deliver_due(&self, store: &Store) {
        loop {
            let claimed = match store.claim_due_mail(&self.instance).await {
                Ok(claimed) if claimed.is_empty() => return,
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, "could not read the mail outbox");
                    return;
                }
            };
            for mail in claimed {
                self.deliver_claimed(store, &mail).await;
            }
        }
    }

    /// Delivers one claimed mail and records how it went.
    async fn deliver_claimed(&self, store: &Store, mail: &ClaimedMail) {
        let recorded = match self.deliver(mail).await {
            Ok(()) => {
                tracing::info!(id = %mail.id, kind = mail.notice.kind.as_str(), "mail sent");
                store.mail_sent(mail, &self.instance).await.map(|_| ())
            }
            Err(error) => {
                let text = error.to_string();
                store
                    .mail_failed(mail, &self.instance, &text, self.retry)
                    .await
                    .map(|status| {
                        tracing::warn!(
                            id = %mail.id,
                            attempts = mail.attempts + 1,
                            status = status.as_str(),
                            error = %text,
                            "mail not delivered"
                        );
                    })
            }
        };
        if let Err(error) = recorded {
            tracing::warn!(%error, id = %mail.id, "could not record a delivery");
        }
    }

    async fn deliver(&self, mail: &ClaimedMail) -> Result<(), DeliveryError> {
        let message = self.message(mail)?;
        // lettre's timeout is per command; this bounds the whole delivery within the claim.
        tokio::time::timeout(DELIVERY_TIMEOUT, self.transport.send(message))
            .await
            .map_err(|_| DeliveryError::TimedOut)??;
        Ok(())
    }

    /// The mail as sent: lettre writes (and encodes) every header, so nothing in a name can
    /// add one.
    fn message(&self, mail: &ClaimedMail) -> Result<Message, DeliveryError> {
        Ok(Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, mail.recipient.parse()?))
            .subject(mail.notice.subject())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.notice.body(&self.base))?)
    }
}

/// Writes the reminders due today.
async fn write_reminders(store: &Store, rules: ReportingRules, days: u16) {
    let today = time::OffsetDateTime::now_utc().date();
    let written = match store.deadlines(rules).await {
        Ok(deadlines) => store.write_reminders(&deadlines, days, today).await,
        Err(error) => Err(error),
    };
    match written {
        Ok(0) => {}
        Ok(written) => tracing::info!(written, "wrote reminders"),
        Err(error) => tracing::warn!(%error, "could not write reminders"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use effekt::{MailKind, Notice, OrgNumber, Period};

    #[test]
    fn a_name_or_address_cannot_add_a_header() {
        let smtp = Smtp {
            url: "smtp://127.0.0.1:2525".to_owned(),
            from: "Effekt <effekt@example.se>".parse().unwrap(),
        };
        let sender = Sender::new(
            &smtp,
            Some("https://effekt.example.se/"),
            Duration::from_secs(1),
        )
        .unwrap();
        let mail = ClaimedMail {
            id: "x".to_owned(),
            recipient: "analytiker@example.se".to_owned(),
            notice: Notice {
                kind: MailKind::Submitted,
                organisation_number: OrgNumber::parse("202100-5448").unwrap(),
                organisation_name: "Verket\r\nBcc: spy@example.se".to_owned(),
                period: Period::new(2026, 3).unwrap(),
                reason: None,
                deadline: None,
            },
            attempts: 0,
        };
        let formatted = String::from_utf8(sender.message(&mail).unwrap().formatted()).unwrap();
        let (headers, _) = formatted
            .split_once("\r\n\r\n")
            .expect("headers, then body");
        assert!(
            !headers
                .lines()
                .any(|line| line.to_ascii_lowercase().starts_with("bcc:")),
            "{headers}"
        );
        assert!(headers.contains("\r\nSubject: Verket  Bcc: spy@example.se har"));
        assert!(
            formatted.contains("To: analytiker@example.se"),
            "{formatted}"
        );
        let bad = ClaimedMail {
            recipient: "a@b\r\nBcc: spy@example.se".to_owned(),
            ..mail
        };
        assert!(sender.message(&bad).is_err());
    }
}
