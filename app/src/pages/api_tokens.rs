//! `/api-nycklar`: a signed-in user sees, makes and removes their own API keys. A new key is
//! shown once, in a read-only field to select and copy (a copy button is added with JavaScript).
//!
//! With JavaScript the new key comes back as the server function's answer. Without it the
//! browser is sent back to the page, so the key waits for it in a short-lived cookie that only
//! this page's address receives, and that the page clears as it shows the key.

use effekt::{ApiToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, NewApiToken};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_summary::FormErrors;
use crate::form_action::{FormAction, PostForm};
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::local_time::Time;
use crate::raw_text::raw_text;

/// Where the page lives; the cookie that carries a new key is limited to it.
#[cfg(feature = "ssr")]
const PAGE: &str = crate::routes::API_TOKENS;
#[cfg(feature = "ssr")]
const NEW_TOKEN_COOKIE: &str = "effekt_new_token";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<ApiToken>,
    /// A key made by a plain form post just before, shown this once.
    pub made: Option<NewApiToken>,
}

#[server(prefix = "/sf", endpoint = "api_tokens", input = Postcard, output = Postcard)]
pub async fn api_tokens() -> Result<TokensPage, AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let made = match crate::shown_once::take(PAGE, NEW_TOKEN_COOKIE) {
            Some(secret) => state
                .store
                .own_token(&user.email, &secret)
                .await?
                .map(|token| NewApiToken { token, secret }),
            None => None,
        };
        Ok(TokensPage {
            tokens: state.store.tokens(&actor, &user.email).await?,
            made,
        })
    })
    .await
}

/// Makes a key for the signed-in user; only a session may, never another key.
#[server(prefix = "/sf", endpoint = "create_api_token", output = Postcard)]
pub async fn create_api_token(
    name: String,
    expires_in_days: String,
) -> Result<NewApiToken, AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::TokenLifetimeError;
        use effekt::use_cases::{MintToken, SignedInBy, mint_token};

        let state = crate::state::page_state()?;
        let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let by = if crate::state::by_token() {
            SignedInBy::Token
        } else {
            SignedInBy::Session
        };
        let submitted = BTreeMap::from([
            ("name".to_owned(), name.clone()),
            ("expires_in_days".to_owned(), expires_in_days.clone()),
        ]);
        let command = MintToken {
            name,
            expires_in_days: expires_in_days
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| TokenLifetimeError.into()),
        };
        let made = mint_token(&state.store, &user, by, command)
            .await
            .map_err(crate::error::refused_with(submitted))?;
        if crate::error::plain_form_post() {
            crate::shown_once::keep(PAGE, NEW_TOKEN_COOKIE, &made.secret)?;
            leptos_axum::redirect(PAGE);
        }
        Ok(made)
    })
    .await
}

/// Removes one of the signed-in user's keys (an administrator's: anyone's).
#[server(prefix = "/sf", endpoint = "revoke_api_token", output = Postcard)]
pub async fn revoke_api_token(id: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        effekt::use_cases::revoke_token(&state.store, &actor, &id).await?;
        leptos_axum::redirect(&format!("{PAGE}?borttagen=1"));
        Ok(())
    })
    .await
}

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.token_texts();
    let query = use_query_map();
    let create = FormAction::<CreateApiToken>::new();
    let revoke = FormAction::<RevokeApiToken>::new();
    let data = load(
        move || (create.version().get(), revoke.version().get()),
        |_| api_tokens(),
    );
    let revoked = move || query.read().get("borttagen").is_some();
    let create_result = Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    let revoke_result = Signal::derive(move || revoke.value().get());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.title)) />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {move || revoked().then(|| view! { <p class="notice notice-success" role="status">{t.revoked}</p> })}
        <FormErrors action_value=create_result lang />
        <FormErrors action_value=revoke_result lang />
        {move || match create.value().get() {
            Some(Ok(made)) => Some(view! { <MadeToken made lang /> }),
            _ => None,
        }}
        {loaded(data, move |data| view! { <Tokens data create revoke lang /> })}
    }
}

#[component]
fn Tokens(
    data: TokensPage,
    create: FormAction<CreateApiToken>,
    revoke: FormAction<RevokeApiToken>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.token_texts();
    let TokensPage { tokens, made } = data;
    // After a refusal the form shows again what was typed, to correct it.
    let typed = |field: &str| match create.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. })) => submitted.get(field).cloned(),
        _ => None,
    };
    let name = typed("name").unwrap_or_default();
    let days = typed("expires_in_days").unwrap_or_else(|| DEFAULT_TOKEN_DAYS.to_string());
    view! {
        {made.map(|made| view! { <MadeToken made lang /> })}
        <h2>{t.new_heading}</h2>
        <PostForm action=create attr:class="admin-form">
            <div class="field">
                <label for="token-name">{t.name}</label>
                <p class="hint" id="token-name-hint">{t.name_hint}</p>
                <input type="text" id="token-name" name="name" value=name maxlength="100" required autocomplete="off" aria-describedby="token-name-hint" />
            </div>
            <div class="field">
                <label for="token-days">{t.days}</label>
                <p class="hint" id="token-days-hint">{t.days_hint}</p>
                <input type="number" id="token-days" name="expires_in_days" value=days min="1" max=MAX_TOKEN_DAYS.to_string() step="1" required aria-describedby="token-days-hint" />
            </div>
            <button type="submit">{t.create}</button>
        </PostForm>
        <h2 id="yours-heading">{t.yours_heading}</h2>
        <TokenList tokens revoke lang />
    }
}

#[component]
fn TokenList(
    tokens: Vec<ApiToken>,
    revoke: FormAction<RevokeApiToken>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.token_texts();
    if tokens.is_empty() {
        return view! { <p>{t.none}</p> }.into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|token| {
            let last_used = match token.last_used_at {
                Some(at) => view! { <Time lang at /> }.into_any(),
                None => t.never_used.into_any(),
            };
            view! {
                <tr>
                    <td>{token.name.clone()}</td>
                    <td><Time lang at=token.created_at.clone() /></td>
                    <td><Time lang at=token.expires_at.clone() /></td>
                    <td>{last_used}</td>
                    <td>
                        <PostForm action=revoke>
                            <input type="hidden" name="id" value=token.id />
                            <button type="submit" aria-label=format!("{} {}", t.revoke, token.name)>{t.revoke}</button>
                        </PostForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="yours-heading" tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t.name}</th>
                        <th scope="col">{t.created}</th>
                        <th scope="col">{t.expires}</th>
                        <th scope="col">{t.last_used}</th>
                        <th scope="col"><span class="visually-hidden">{t.revoke}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The new key in a read-only field to select and copy; with JavaScript also a button that
/// copies it.
#[component]
fn MadeToken(made: NewApiToken, lang: Lang) -> impl IntoView {
    let t = lang.token_texts();
    // Shown only once the page runs in the browser: without JavaScript it could do nothing.
    let scripted = RwSignal::new(false);
    Effect::new(move || scripted.set(true));
    let copied = RwSignal::new(false);
    let secret = made.secret.clone();
    let copy = move |_| {
        copy_to_clipboard(&secret);
        copied.set(true);
    };
    view! {
        <section class="notice notice-success" aria-labelledby="made-token-heading">
            <h2 id="made-token-heading">{t.made_heading}</h2>
            <p>{t.made_text}</p>
            <div class="field">
                <label for="made-token">{format!("{} ”{}”", t.secret_label, made.token.name)}</label>
                <input type="text" id="made-token" class="token-secret" readonly value=made.secret spellcheck="false" autocomplete="off" />
            </div>
            <button type="button" hidden=move || !scripted.get() on:click=copy>{t.copy}</button>
            <span role="status">{move || copied.get().then_some(t.copied)}</span>
        </section>
    }
}

#[cfg(feature = "hydrate")]
fn copy_to_clipboard(text: &str) {
    // The promise is left to itself: the field stays there to copy by hand should it fail.
    let _ = window().navigator().clipboard().write_text(text);
}

#[cfg(not(feature = "hydrate"))]
fn copy_to_clipboard(_: &str) {}
