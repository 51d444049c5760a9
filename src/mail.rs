//! The e-mail Effekt sends (issue #20, item 4): to whom, and what each says, Swedish first and
//! English second in one message. A mail says no more than its recipient may read in Effekt:
//! the organisation, the quarter, the step taken and an administrator's reason, never figures.

use serde::{Deserialize, Serialize};

use crate::{OrgNumber, Period};

/// Why a mail is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailKind {
    /// To each analyst of an organisation that has not submitted a quarter whose deadline is
    /// near.
    Reminder,
    /// To the administrators, when a report is submitted.
    Submitted,
    /// To the organisation's analysts, when its report is approved.
    Approved,
    /// To the organisation's analysts, when its report is reopened, with the reason if given.
    Reopened,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a kind of mail")]
pub struct MailKindError(String);

impl MailKind {
    pub const ALL: [MailKind; 4] = [
        MailKind::Reminder,
        MailKind::Submitted,
        MailKind::Approved,
        MailKind::Reopened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Reminder => "reminder",
            MailKind::Submitted => "submitted",
            MailKind::Approved => "approved",
            MailKind::Reopened => "reopened",
        }
    }

    pub fn parse(input: &str) -> Result<Self, MailKindError> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == input)
            .ok_or_else(|| MailKindError(input.to_owned()))
    }
}

/// Where a mail stands: waiting (for its first try or the next after a failure), delivered to
/// the mail server, or given up after [`MAX_MAIL_ATTEMPTS`] failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailStatus {
    Pending,
    Sent,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a status of mail")]
pub struct MailStatusError(String);

impl MailStatus {
    pub const ALL: [MailStatus; 3] = [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    pub fn parse(input: &str) -> Result<Self, MailStatusError> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == input)
            .ok_or_else(|| MailStatusError(input.to_owned()))
    }
}

/// Tries before a mail is given up: with the back-off doubling each time, a mail server away
/// for most of a day still gets it.
pub const MAX_MAIL_ATTEMPTS: u32 = 12;

/// What one mail is about: enough to write it, and no more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: MailKind,
    pub organisation_number: OrgNumber,
    pub organisation_name: String,
    pub period: Period,
    /// An administrator's reason for reopening.
    pub reason: Option<String>,
    /// The quarter's deadline (`YYYY-MM-DD`), in a reminder.
    pub deadline: Option<String>,
}

impl Notice {
    /// One line, Swedish then English. Control characters in a name (there should be none)
    /// become spaces: a subject is one header line whatever the mail library does.
    pub fn subject(&self) -> String {
        let (sv, en) = (self.period.label_sv(), self.period.label_en());
        let org = &self.organisation_name;
        let subject = match self.kind {
            MailKind::Reminder => format!(
                "Påminnelse: rapporten för {sv}, {org} / Reminder: the report for {en}, {org}"
            ),
            MailKind::Submitted => format!(
                "{org} har lämnat in rapporten för {sv} / {org} submitted its report for {en}"
            ),
            MailKind::Approved => format!(
                "Rapporten för {sv} är godkänd, {org} / The report for {en} is approved, {org}"
            ),
            MailKind::Reopened => format!(
                "Rapporten för {sv} är öppnad igen, {org} / The report for {en} is reopened, {org}"
            ),
        };
        subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    }

    /// The plain text, Swedish then English, ending with a link to the report's page at
    /// `base` (the public address, without a trailing slash).
    pub fn body(&self, base: &str) -> String {
        let (sv, en) = (self.period.label_sv(), self.period.label_en());
        let org = &self.organisation_name;
        let deadline = self.deadline.as_deref().unwrap_or("");
        let (swedish, english) = match self.kind {
            MailKind::Reminder => (
                format!(
                    "Hej!\n\n{org} har ännu inte lämnat in sin rapport för {sv}. \
                     Sista dag att lämna in den är {deadline}."
                ),
                format!(
                    "Hello,\n\n{org} has not yet submitted its report for {en}. \
                     The last day to submit it is {deadline}."
                ),
            ),
            MailKind::Submitted => (
                format!(
                    "Hej!\n\n{org} har lämnat in sin rapport för {sv}. \
                     Den väntar på att godkännas."
                ),
                format!(
                    "Hello,\n\n{org} has submitted its report for {en}. \
                     It is waiting to be approved."
                ),
            ),
            MailKind::Approved => (
                format!("Hej!\n\nRapporten från {org} för {sv} är godkänd."),
                format!("Hello,\n\nThe report of {org} for {en} is approved."),
            ),
            MailKind::Reopened => {
                let (reason_sv, reason_en) = match &self.reason {
                    Some(reason) => (
                        format!("\n\nSkäl från administratören:\n{reason}"),
                        format!("\n\nThe administrator's reason:\n{reason}"),
                    ),
                    None => (String::new(), String::new()),
                };
                (
                    format!(
                        "Hej!\n\nRapporten från {org} för {sv} är öppnad igen för ändringar. \
                         Lämna in den på nytt när den är klar.{reason_sv}"
                    ),
                    format!(
                        "Hello,\n\nThe report of {org} for {en} is reopened for changes. \
                         Submit it again when it is ready.{reason_en}"
                    ),
                )
            }
        };
        format!(
            "{swedish}\n\nRapporten / The report:\n{link}\n\n-- \n\n{english}\n\n\
             Det här meddelandet skickades av Effekt. / This message was sent by Effekt.\n",
            link = self.link(base),
        )
    }

    /// The report's page.
    pub fn link(&self, base: &str) -> String {
        format!(
            "{base}/rapport?organisation={}&period={}",
            self.organisation_number, self.period
        )
    }
}

/// One mail as administrators see it listed: never its body, nor the mail server's last
/// answer, which stays in the log and the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailEntry {
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub status: MailStatus,
    pub attempts: u32,
    pub created_at: String,
    pub last_attempt_at: Option<String>,
    pub sent_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: MailKind) -> Notice {
        Notice {
            kind,
            organisation_number: OrgNumber::parse("202100-5448").unwrap(),
            organisation_name: "Skatteverket".to_owned(),
            period: Period::new(2026, 3).unwrap(),
            reason: None,
            deadline: Some("2026-11-14".to_owned()),
        }
    }

    #[test]
    fn kinds_and_statuses_read_back_what_they_write() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.as_str()), Ok(kind));
        }
        assert!(MailKind::parse("spam").is_err());
        for status in [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed] {
            assert_eq!(MailStatus::parse(status.as_str()), Ok(status));
        }
        assert!(MailStatus::parse("lost").is_err());
    }

    #[test]
    fn a_reminder_names_the_quarter_and_deadline_in_both_languages_and_links_the_report() {
        let reminder = notice(MailKind::Reminder);
        assert_eq!(
            reminder.subject(),
            "Påminnelse: rapporten för 2026 K3, Skatteverket / \
             Reminder: the report for Q3 2026, Skatteverket"
        );
        let body = reminder.body("https://effekt.example.se");
        let swedish = body
            .find("Sista dag att lämna in den är 2026-11-14.")
            .unwrap();
        let english = body
            .find("The last day to submit it is 2026-11-14.")
            .unwrap();
        assert!(swedish < english, "{body}");
        assert!(
            body.contains(
                "https://effekt.example.se/rapport?organisation=202100-5448&period=2026Q3"
            ),
            "{body}"
        );
    }

    #[test]
    fn a_reopening_carries_the_reason_in_both_languages_and_none_without_one() {
        let mut reopened = notice(MailKind::Reopened);
        reopened.reason = Some("Fel siffra för NKI".to_owned());
        let body = reopened.body("");
        assert!(
            body.contains("Skäl från administratören:\nFel siffra för NKI"),
            "{body}"
        );
        assert!(
            body.contains("The administrator's reason:\nFel siffra för NKI"),
            "{body}"
        );
        reopened.reason = None;
        assert!(!reopened.body("").contains("reason"));
    }

    #[test]
    fn a_name_with_line_breaks_stays_on_the_subject_line() {
        let mut submitted = notice(MailKind::Submitted);
        submitted.organisation_name = "Verket\r\nBcc: someone@example.se".to_owned();
        let subject = submitted.subject();
        assert!(
            !subject.contains('\n') && !subject.contains('\r'),
            "{subject}"
        );
        assert!(subject.starts_with("Verket  Bcc: someone@example.se har lämnat in"));
    }
}
