//! `/admin/skarmlankar`: administrators make, see and remove display links, the read-only links
//! that let an office screen show the wall view. A new link is shown once, as the token page
//! shows a new key: with JavaScript as the server function's answer, without it carried to the
//! page in a short-lived cookie of its own (`crate::shown_once`).

use effekt::{DisplayLink, NewDisplayLink};
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
use crate::routes;

/// Where the page lives; the cookie that carries a new link is limited to it.
#[cfg(feature = "ssr")]
const PAGE: &str = routes::DISPLAY_LINKS;
#[cfg(feature = "ssr")]
const NEW_LINK_COOKIE: &str = "effekt_new_display_link";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DisplayLinksPage {
    pub links: Vec<DisplayLink>,
    /// A link made by a plain form post just before, shown this once.
    pub made: Option<NewDisplayLink>,
}

#[server(prefix = "/sf", endpoint = "display_links", input = Postcard, output = Postcard)]
pub async fn display_links() -> Result<DisplayLinksPage, AppError> {
    crate::error::respond(async move {
        crate::pages::admin::require(effekt::Action::ManageUsers)?;
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let made = match crate::shown_once::take(PAGE, NEW_LINK_COOKIE) {
            Some(secret) => state.store.made_display_link(&secret, &actor).await?,
            None => None,
        };
        Ok(DisplayLinksPage {
            links: state.store.display_links(&actor).await?,
            made,
        })
    })
    .await
}

#[server(prefix = "/sf", endpoint = "create_display_link", output = Postcard)]
pub async fn create_display_link(name: String) -> Result<NewDisplayLink, AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::use_cases::create_display_link;

        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let submitted = BTreeMap::from([("name".to_owned(), name.clone())]);
        let made = create_display_link(&state.store, &actor, &name)
            .await
            .map_err(crate::error::refused_with(submitted))?;
        if crate::error::plain_form_post() {
            crate::shown_once::keep(PAGE, NEW_LINK_COOKIE, &made.secret)?;
            leptos_axum::redirect(PAGE);
        }
        Ok(made)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "revoke_display_link", output = Postcard)]
pub async fn revoke_display_link(id: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        effekt::use_cases::revoke_display_link(&state.store, &actor, &id).await?;
        leptos_axum::redirect(&format!("{PAGE}?borttagen=1"));
        Ok(())
    })
    .await
}

#[component]
pub fn DisplayLinksPageView() -> impl IntoView {
    let lang = use_lang();
    let t = lang.display_link_texts();
    let query = use_query_map();
    let create = FormAction::<CreateDisplayLink>::new();
    let revoke = FormAction::<RevokeDisplayLink>::new();
    let data = load(
        move || (create.version().get(), revoke.version().get()),
        |_| display_links(),
    );
    let revoked = move || query.read().get("borttagen").is_some();
    let create_result = Signal::derive(move || create.value().get().map(|r| r.map(|_| ())));
    let revoke_result = Signal::derive(move || revoke.value().get());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.title)) />
        <h1>{t.title}</h1>
        <p><a href=routes::ADMIN>{lang.texts().admin_title}</a></p>
        <p>{t.intro}</p>
        <p><a href=routes::WALL>{t.open_wall}</a></p>
        {move || revoked().then(|| view! { <p class="notice notice-success" role="status">{t.revoked}</p> })}
        <FormErrors action_value=create_result lang />
        <FormErrors action_value=revoke_result lang />
        {move || match create.value().get() {
            Some(Ok(made)) => Some(view! { <MadeLink made lang /> }),
            _ => None,
        }}
        {loaded(data, move |data| view! { <Links data create revoke lang /> })}
    }
}

#[component]
fn Links(
    data: DisplayLinksPage,
    create: FormAction<CreateDisplayLink>,
    revoke: FormAction<RevokeDisplayLink>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.display_link_texts();
    let DisplayLinksPage { links, made } = data;
    // After a refusal the form shows again what was typed, to correct it.
    let name = match create.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. })) => {
            submitted.get("name").cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    let rows = links
        .into_iter()
        .map(|link| {
            let last_used = match link.last_used_at {
                Some(at) => view! { <Time lang at /> }.into_any(),
                None => t.never_used.into_any(),
            };
            view! {
                <tr>
                    <td>{link.name.clone()}</td>
                    <td><Time lang at=link.created_at.clone() /></td>
                    <td>{link.created_by.clone()}</td>
                    <td>{last_used}</td>
                    <td>
                        <PostForm action=revoke>
                            <input type="hidden" name="id" value=link.id />
                            <button type="submit" aria-label=format!("{} {}", t.revoke, link.name)>{t.revoke}</button>
                        </PostForm>
                    </td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let list = if rows.is_empty() {
        view! { <p>{t.none}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll" role="region" aria-labelledby="links-heading" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.name}</th>
                            <th scope="col">{t.created}</th>
                            <th scope="col">{t.created_by}</th>
                            <th scope="col">{t.last_used}</th>
                            <th scope="col"><span class="visually-hidden">{t.revoke}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        {made.map(|made| view! { <MadeLink made lang /> })}
        <h2>{t.new_heading}</h2>
        <PostForm action=create attr:class="admin-form">
            <div class="field">
                <label for="link-name">{t.name}</label>
                <p class="hint" id="link-name-hint">{t.name_hint}</p>
                <input type="text" id="link-name" name="name" value=name maxlength="100" required autocomplete="off" aria-describedby="link-name-hint" />
            </div>
            <button type="submit">{t.create}</button>
        </PostForm>
        <h2 id="links-heading">{t.list_heading}</h2>
        {list}
    }
}

/// The new link, once, in a read-only field to select and copy. The page's own address is
/// the screen's too; the path is given, for the administrator to put in front of it.
#[component]
fn MadeLink(made: NewDisplayLink, lang: Lang) -> impl IntoView {
    let t = lang.display_link_texts();
    view! {
        <section class="notice notice-success" aria-labelledby="made-link-heading">
            <h2 id="made-link-heading">{t.made_heading}</h2>
            <p>{t.made_text}</p>
            <div class="field">
                <label for="made-link">{format!("{} ”{}”", t.link_label, made.link.name)}</label>
                <input type="text" id="made-link" class="token-secret" readonly value=made.path() spellcheck="false" autocomplete="off" />
            </div>
        </section>
    }
}
