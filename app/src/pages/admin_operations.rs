//! `/admin/drift` (issue #20, item 5): what administrators need to see of Effekt's running —
//! the mail sent and pending, a page at a time, and how people sign in. No secret is shown: no
//! mail server address, no mail body, no answer of the mail server, no client secret.

use effekt::{FirstSignIn, IdentityProviderSummary, MailEntry, Page};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::local_time::Time;
use crate::pager::{PAGE_PARAMETER, Pager};
use crate::raw_text::raw_text;
use crate::routes;

/// Where the page lives.

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OperationsView {
    /// Whether a mail server is configured, so that steps write mail at all.
    pub mail_on: bool,
    /// One page of the mail written, newest first.
    pub mail: Vec<MailEntry>,
    pub page: Page,
    /// How many mails there are on every page together.
    pub total: u64,
    /// The identity provider people sign in through, if any; never its secret.
    pub identity_provider: Option<IdentityProviderSummary>,
}

#[server(prefix = "/sf", endpoint = "operations", input = Postcard, output = Postcard)]
pub async fn get_operations(page: Option<String>) -> Result<OperationsView, AppError> {
    crate::error::respond(async move {
        crate::pages::admin::require(effekt::Action::ReadAudit)?;
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let page = Page::parse(page.as_deref(), None).map_err(|_| AppError::NotFound)?;
        let mail = state.store.mail(page, &actor).await?;
        Ok(OperationsView {
            mail_on: state.store.sends_mail(),
            mail: mail.rows,
            page,
            total: mail.total,
            identity_provider: state.identity_provider.clone(),
        })
    })
    .await
}

#[component]
pub fn AdminOperationsPage() -> impl IntoView {
    let lang = use_lang();
    let o = lang.operations_texts();
    let t = lang.texts();
    let query = use_query_map();
    let operations = load(move || query.read().get(PAGE_PARAMETER), get_operations);
    view! {
        <Title text=raw_text(&format!("{} – Effekt", o.title)) />
        <h1>{o.title}</h1>
        <p>{o.intro}</p>
        <p><a href=routes::ADMIN>{t.admin_title}</a></p>
        {loaded(operations, move |operations| view! { <Operations operations lang /> })}
    }
}

#[component]
fn Operations(operations: OperationsView, lang: Lang) -> impl IntoView {
    let o = lang.operations_texts();
    let OperationsView {
        mail_on,
        mail,
        page,
        total,
        identity_provider,
    } = operations;
    let base = format!("{}?", routes::ADMIN_OPERATIONS);
    view! {
        <section>
            <h2 id="mail-heading">{o.mail_heading}</h2>
            <p>{if mail_on { o.mail_on } else { o.mail_off }}</p>
            {if mail.is_empty() {
                Either::Left(view! { <p>{o.no_mail}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-scroll" role="region" aria-labelledby="mail-heading"
                        tabindex="0">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{o.kind}</th>
                                    <th scope="col">{o.recipient}</th>
                                    <th scope="col">{o.subject}</th>
                                    <th scope="col">{o.status}</th>
                                    <th scope="col">{o.attempts}</th>
                                    <th scope="col">{o.last_attempt}</th>
                                    <th scope="col">{o.sent}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {mail
                                    .into_iter()
                                    .map(|mail| view! { <MailRow mail lang /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pager page total lang base />
                })
            }}
        </section>
        <section>
            <h2 id="identity-heading">{o.identity_heading}</h2>
            {match identity_provider {
                None => Either::Left(view! { <p>{o.local_passwords}</p> }),
                Some(provider) => Either::Right(view! { <IdentityProvider provider lang /> }),
            }}
        </section>
    }
}

/// The identity provider's settings as configured (`EFFEKT_OIDC_*`), the secret left out.
#[component]
fn IdentityProvider(provider: IdentityProviderSummary, lang: Lang) -> impl IntoView {
    let o = lang.operations_texts();
    let grants = provider
        .roles
        .grants()
        .iter()
        .map(|grant| {
            view! {
                <tr>
                    <td>{grant.group().to_owned()}</td>
                    <td>{lang.role(grant.role())}</td>
                    <td>{grant.organisation().map(|o| o.to_string())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="settings">
            <dt>{o.provider_name}</dt>
            <dd>{provider.name}</dd>
            <dt>{o.issuer}</dt>
            <dd>{provider.issuer}</dd>
            <dt>{o.client_id}</dt>
            <dd>{provider.client_id}</dd>
            <dt>{o.email_claim}</dt>
            <dd><code>{provider.email_claim}</code></dd>
            <dt>{o.role_claim}</dt>
            <dd><code>{provider.role_claim}</code></dd>
            <dt>{o.new_users}</dt>
            <dd>
                {match provider.first_sign_in {
                    FirstSignIn::Create => o.new_users_create,
                    FirstSignIn::Refuse => o.new_users_refuse,
                }}
            </dd>
            <dt>{o.passwords}</dt>
            <dd>{if provider.passwords { o.passwords_on } else { o.passwords_off }}</dd>
        </dl>
        <div class="table-scroll" role="region" aria-labelledby="identity-heading" tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{o.group}</th>
                        <th scope="col">{o.role}</th>
                        <th scope="col">{o.organisation}</th>
                    </tr>
                </thead>
                <tbody>{grants}</tbody>
            </table>
        </div>
    }
}

#[component]
fn MailRow(mail: MailEntry, lang: Lang) -> impl IntoView {
    view! {
        <tr>
            <td>{lang.mail_kind(mail.kind)}</td>
            <td>{mail.recipient}</td>
            <td>{mail.subject}</td>
            <td>{lang.mail_status(mail.status)}</td>
            <td>{mail.attempts}</td>
            <td>{mail.last_attempt_at.map(|at| view! { <Time lang at /> })}</td>
            <td>{mail.sent_at.map(|at| view! { <Time lang at /> })}</td>
        </tr>
    }
}
