//! Why a sign-in through the identity provider ended without a session, as a short page in
//! Swedish and English. The internal reason is logged where the refusal is made, never shown.

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use effekt::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No identity provider is configured.
    NotConfigured,
    /// The provider's discovery document could not be read.
    Unavailable,
    /// This address began too many sign-ins within a minute.
    TooMany,
    /// No sign-in cookie, or its sign-in is unknown, used or too old.
    Expired,
    /// The state the provider sent back is not this sign-in's.
    WrongState,
    /// The provider answered with an error instead of a code.
    ProviderRefused,
    /// The code did not exchange, or the ID token did not hold (signature, nonce, expiry).
    NotVouched,
    /// The ID token carries no (verified) e-mail address.
    NoEmail,
    /// None of the person's groups is mapped to a role.
    NoRole,
    /// The person has no account (and first sign-ins are refused) or it is deactivated.
    NoAccount,
    /// The mapped organisation is not registered in Effekt.
    UnknownOrganisation,
    Internal,
}

impl Refusal {
    fn status(self) -> StatusCode {
        match self {
            Self::NotConfigured => StatusCode::NOT_FOUND,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooMany => StatusCode::TOO_MANY_REQUESTS,
            Self::Expired | Self::WrongState | Self::NotVouched => StatusCode::BAD_REQUEST,
            Self::ProviderRefused
            | Self::NoEmail
            | Self::NoRole
            | Self::NoAccount
            | Self::UnknownOrganisation => StatusCode::FORBIDDEN,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What went wrong and what to do, in Swedish and in English.
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Self::NotConfigured => (
                "Inloggning via identitetsleverantör är inte påslagen här.",
                "Sign-in through an identity provider is not switched on here.",
            ),
            Self::Unavailable => (
                "Identitetsleverantören svarar inte just nu. Försök igen om en stund.",
                "The identity provider does not answer right now. Try again in a while.",
            ),
            Self::TooMany => (
                "För många inloggningar har påbörjats härifrån. Vänta en minut och försök igen.",
                "Too many sign-ins were begun from here. Wait a minute and try again.",
            ),
            Self::Expired => (
                "Inloggningen gick ut eller började i en annan webbläsare. Börja om.",
                "The sign-in expired or began in another browser. Start again.",
            ),
            Self::WrongState => (
                "Svaret från identitetsleverantören hör inte till den här inloggningen. Börja om.",
                "The identity provider's answer does not belong to this sign-in. Start again.",
            ),
            Self::ProviderRefused => (
                "Identitetsleverantören godkände inte inloggningen.",
                "The identity provider did not approve the sign-in.",
            ),
            Self::NotVouched => (
                "Svaret från identitetsleverantören kunde inte bekräftas, till exempel för att koden hade gått ut. Börja om.",
                "The identity provider's answer could not be confirmed, for example because the code had expired. Start again.",
            ),
            Self::NoEmail => (
                "Identitetsleverantören uppgav ingen bekräftad e-postadress för dig.",
                "The identity provider gave no confirmed e-mail address for you.",
            ),
            Self::NoRole => (
                "Du har ingen roll i Effekt. Be din administratör om behörighet.",
                "You have no role in Effekt. Ask your administrator for access.",
            ),
            Self::NoAccount => (
                "Du har inget aktivt konto i Effekt. Be en administratör att lägga till dig.",
                "You have no active account in Effekt. Ask an administrator to add you.",
            ),
            Self::UnknownOrganisation => (
                "Din organisation finns inte i Effekt ännu. Be en administratör att lägga till den.",
                "Your organisation is not in Effekt yet. Ask an administrator to add it.",
            ),
            Self::Internal => (
                "Något gick fel hos Effekt. Försök igen.",
                "Something went wrong in Effekt. Try again.",
            ),
        }
    }
}

impl From<StoreError> for Refusal {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "sign-in through the identity provider failed in the store");
        Self::Internal
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (swedish, english) = self.texts();
        let sign_in = effekt_app::routes::SIGN_IN;
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Inloggningen misslyckades – Effekt</title></head>\
             <body><main><h1>Inloggningen misslyckades <span lang=\"en\">(Sign-in failed)</span></h1>\
             <p>{swedish}</p><p lang=\"en\">{english}</p>\
             <p><a href=\"{sign_in}\">Till inloggningen <span lang=\"en\">(To sign-in)</span></a></p>\
             </main></body></html>\n"
        );
        (
            self.status(),
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    }
}
