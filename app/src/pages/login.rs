//! Signing in and out.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::form_action::FormAction;
use crate::i18n::use_lang;
use crate::layout::encode_query_value;
use crate::loading::{load, loaded};
use crate::routes;

/// How people may sign in here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInChoices {
    /// The identity provider's name on its button, when one is configured.
    provider: Option<String>,
    /// Whether the e-mail and password form is offered.
    passwords: bool,
}

#[server(prefix = "/sf", endpoint = "sign_in_choices", input = Postcard, output = Postcard)]
pub async fn get_sign_in_choices() -> Result<SignInChoices, AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        Ok(SignInChoices {
            provider: state.identity_provider.as_ref().map(|p| p.name.clone()),
            passwords: state.passwords(),
        })
    })
    .await
}

/// Checks the e-mail address and password, starts a new session and goes on to `next`.
#[server(prefix = "/sf", endpoint = "login", output = Postcard)]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        use effekt_session::{session_cookie, session_id};

        use crate::state::{client_address, over_https, page_state};
        use effekt::use_cases::{SignIn, sign_in};
        use http::header::{HeaderValue, SET_COOKIE};

        let state = page_state()?;
        let command = SignIn {
            email,
            password,
            address: client_address(),
            replacing: use_context::<http::request::Parts>().and_then(|p| session_id(&p)),
        };
        let (_, session) =
            sign_in(&state.store, &state.throttle, state.passwords(), command).await?;
        let cookie = HeaderValue::from_str(&session_cookie(Some(&session), over_https()))
            .map_err(|_| AppError::Internal)?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, cookie);
        }
        leptos_axum::redirect(crate::layout::local_path(&next));
        Ok(())
    })
    .await
}

/// Ends this session on the server and forgets its cookie.
#[server(prefix = "/sf", endpoint = "logout", output = Postcard)]
pub async fn logout() -> Result<(), AppError> {
    crate::error::respond(async move {
        use effekt_session::{session_cookie, session_id};

        use crate::state::{over_https, page_state};
        use http::header::{HeaderValue, SET_COOKIE};

        let state = page_state()?;
        let session = use_context::<http::request::Parts>().and_then(|p| session_id(&p));
        effekt::use_cases::sign_out(&state.store, session.as_deref()).await?;
        let cookie = HeaderValue::from_str(&session_cookie(None, over_https()))
            .map_err(|_| AppError::Internal)?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, cookie);
        }
        leptos_axum::redirect(routes::SIGN_IN);
        Ok(())
    })
    .await
}

/// A plain form: signing in reloads the whole page as the new user, with or without JavaScript.
/// The identity provider's button is a link, not a form: the pages' `form-action 'self'` would
/// stop a form's redirect to the provider. `rel="external"` has the browser follow it rather
/// than the router look for a page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let next = move || {
        query
            .read()
            .get("next")
            .unwrap_or_else(|| routes::START.to_owned())
    };
    let attempt = FormAction::<Login>::new();
    let problem = move || match attempt.value().get() {
        Some(Err(AppError::WrongCredentials)) => Some(t.wrong_credentials),
        Some(Err(AppError::Throttled)) => Some(t.throttled),
        Some(Err(AppError::PasswordsOff)) => Some(t.passwords_off),
        Some(Err(_)) => Some(t.error_text),
        _ => None,
    };
    let choices = load(|| (), |()| get_sign_in_choices());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.login_title)) />
        <h1>{t.login_title}</h1>
        {move || problem().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
        {loaded(choices, move |choices: SignInChoices| {
            let provider = choices.provider.map(|name| view! {
                <p class="login-provider">
                    <a
                        class="button"
                        rel="external"
                        href=move || format!("{}?next={}", routes::OIDC_START, encode_query_value(&next()))
                    >
                        {format!("{} {name}", t.sign_in_with)}
                    </a>
                </p>
            });
            let passwords = choices.passwords.then(|| view! { <PasswordForm next /> });
            let off = (!choices.passwords).then(|| view! { <p>{t.passwords_off}</p> });
            view! { {provider} {off} {passwords} }
        })}
    }
}

/// E-mail address and password.
#[component]
fn PasswordForm(next: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <form class="login-form" method="post" action=Login::PATH>
            <input type="hidden" name="next" value=next />
            <div class="field">
                <label for="login-email">{t.email}</label>
                <input type="email" id="login-email" name="email" autocomplete="username" required />
            </div>
            <div class="field">
                <label for="login-password">{t.password}</label>
                <input
                    type="password"
                    id="login-password"
                    name="password"
                    autocomplete="current-password"
                    required
                />
            </div>
            <button type="submit">{t.login}</button>
        </form>
    }
}
