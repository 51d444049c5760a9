//! Signing in and out.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::form_action::FormAction;
use crate::i18n::use_lang;

/// Checks the e-mail address and password, starts a new session and goes on to `next`.
#[server(prefix = "/sf", endpoint = "login", output = Postcard)]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        use crate::state::{client_address, over_https, server_state, session_cookie, session_id};
        use effekt::store::SignInError;
        use http::header::{HeaderValue, SET_COOKIE};

        let state = server_state()?;
        let previous = use_context::<http::request::Parts>().and_then(|p| session_id(&p));
        let (_, session) = state
            .store
            .sign_in(
                &email,
                &password,
                &client_address(),
                &state.throttle,
                previous.as_deref(),
            )
            .await
            .map_err(|error| match error {
                SignInError::WrongCredentials => AppError::WrongCredentials,
                SignInError::Throttled => AppError::Throttled,
                SignInError::Store(error) => error.into(),
            })?;
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
        use crate::state::{over_https, server_state, session_cookie, session_id};
        use http::header::{HeaderValue, SET_COOKIE};

        let state = server_state()?;
        if let Some(id) = use_context::<http::request::Parts>().and_then(|p| session_id(&p)) {
            state.store.end_session(&id).await?;
        }
        let cookie = HeaderValue::from_str(&session_cookie(None, over_https()))
            .map_err(|_| AppError::Internal)?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, cookie);
        }
        leptos_axum::redirect("/logga-in");
        Ok(())
    })
    .await
}

/// A plain form: signing in reloads the whole page as the new user, with or without JavaScript.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_owned());
    let attempt = FormAction::<Login>::new();
    let problem = move || match attempt.value().get() {
        Some(Err(AppError::WrongCredentials)) => Some(t.wrong_credentials),
        Some(Err(AppError::Throttled)) => Some(t.throttled),
        Some(Err(_)) => Some(t.error_text),
        _ => None,
    };
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.login_title)) />
        <h1>{t.login_title}</h1>
        {move || problem().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
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
