//! The words of the administrators' operations page: the mail Effekt sends and how people
//! sign in.

use effekt::{MailKind, MailStatus};

use super::Lang;

pub struct OperationsTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub mail_heading: &'static str,
    pub mail_off: &'static str,
    pub mail_on: &'static str,
    pub no_mail: &'static str,
    pub kind: &'static str,
    pub recipient: &'static str,
    pub subject: &'static str,
    pub status: &'static str,
    pub attempts: &'static str,
    pub last_attempt: &'static str,
    pub sent: &'static str,
    pub identity_heading: &'static str,
    pub local_passwords: &'static str,
    pub provider_name: &'static str,
    pub issuer: &'static str,
    pub client_id: &'static str,
    pub email_claim: &'static str,
    pub role_claim: &'static str,
    pub group: &'static str,
    pub role: &'static str,
    pub organisation: &'static str,
    pub new_users: &'static str,
    pub new_users_create: &'static str,
    pub new_users_refuse: &'static str,
    pub passwords: &'static str,
    pub passwords_on: &'static str,
    pub passwords_off: &'static str,
}

impl Lang {
    pub fn operations_texts(self) -> &'static OperationsTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    pub fn mail_kind(self, kind: MailKind) -> &'static str {
        match (self, kind) {
            (Lang::Sv, MailKind::Reminder) => "Påminnelse",
            (Lang::Sv, MailKind::Submitted) => "Rapport inlämnad",
            (Lang::Sv, MailKind::Approved) => "Rapport godkänd",
            (Lang::Sv, MailKind::Reopened) => "Rapport öppnad igen",
            (Lang::En, MailKind::Reminder) => "Reminder",
            (Lang::En, MailKind::Submitted) => "Report submitted",
            (Lang::En, MailKind::Approved) => "Report approved",
            (Lang::En, MailKind::Reopened) => "Report reopened",
        }
    }

    pub fn mail_status(self, status: MailStatus) -> &'static str {
        match (self, status) {
            (Lang::Sv, MailStatus::Pending) => "Väntar",
            (Lang::Sv, MailStatus::Sent) => "Skickat",
            (Lang::Sv, MailStatus::Failed) => "Misslyckades",
            (Lang::En, MailStatus::Pending) => "Pending",
            (Lang::En, MailStatus::Sent) => "Sent",
            (Lang::En, MailStatus::Failed) => "Failed",
        }
    }
}

static SV: OperationsTexts = OperationsTexts {
    title: "Drift",
    intro: "E-post som Effekt har skickat och ska skicka, och hur användare loggar in.",
    mail_heading: "E-post",
    mail_off: "E-post är avstängd: ingen e-postserver är inställd (EFFEKT_SMTP_URL).",
    mail_on: "E-post skickas. Påminnelser går ut före varje kvartals sista inlämningsdag.",
    no_mail: "Ingen e-post ännu.",
    kind: "Slag",
    recipient: "Mottagare",
    subject: "Ämne",
    status: "Status",
    attempts: "Försök",
    last_attempt: "Senaste försök",
    sent: "Skickat",
    identity_heading: "Identitetsleverantör",
    local_passwords: "Endast lokala lösenord: ingen identitetsleverantör är inställd.",
    provider_name: "Namn på knappen",
    issuer: "Utfärdare (issuer)",
    client_id: "Klient-id",
    email_claim: "Anspråk med e-postadress",
    role_claim: "Anspråk med grupper",
    group: "Grupp",
    role: "Roll",
    organisation: "Organisation",
    new_users: "Nya användare",
    new_users_create: "Får ett konto vid första inloggningen om en grupp ger dem en roll.",
    new_users_refuse: "Avvisas: bara användare som en administratör har lagt till kan logga in.",
    passwords: "Lösenord",
    passwords_on: "Inloggning med lösenord är också möjlig.",
    passwords_off: "Inloggning med lösenord är avstängd.",
};

static EN: OperationsTexts = OperationsTexts {
    title: "Operations",
    intro: "The e-mail Effekt has sent and will send, and how people sign in.",
    mail_heading: "E-mail",
    mail_off: "E-mail is off: no mail server is configured (EFFEKT_SMTP_URL).",
    mail_on: "E-mail is sent. Reminders go out before each quarter's deadline.",
    no_mail: "No e-mail yet.",
    kind: "Kind",
    recipient: "Recipient",
    subject: "Subject",
    status: "Status",
    attempts: "Attempts",
    last_attempt: "Last attempt",
    sent: "Sent",
    identity_heading: "Identity provider",
    local_passwords: "Local passwords only: no identity provider is configured.",
    provider_name: "Name on the button",
    issuer: "Issuer",
    client_id: "Client id",
    email_claim: "Claim with the e-mail address",
    role_claim: "Claim with the groups",
    group: "Group",
    role: "Role",
    organisation: "Organisation",
    new_users: "New users",
    new_users_create: "Get an account at their first sign-in if a group gives them a role.",
    new_users_refuse: "Refused: only users an administrator has added may sign in.",
    passwords: "Passwords",
    passwords_on: "Signing in with a password is possible too.",
    passwords_off: "Signing in with a password is switched off.",
};
