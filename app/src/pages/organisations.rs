//! The list of organisations that report.

use effekt::Organisation;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::loading::{load, loaded};
use crate::routes;

#[server(prefix = "/sf", endpoint = "organisations", input = Postcard, output = Postcard)]
pub async fn list_organisations() -> Result<Vec<Organisation>, AppError> {
    crate::error::respond(
        async move { Ok(crate::state::page_state()?.store.organisations().await?) },
    )
    .await
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let organisations = load(|| (), |_| list_organisations());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.organisations_title)) />
        <h1>{t.organisations_title}</h1>
        {loaded(organisations, move |organisations| view! {
            <div class="table-scroll" role="region" aria-label=t.organisations_title tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t.name}</th>
                        <th scope="col">{t.organisation_number}</th>
                        <th scope="col">{t.kind}</th>
                    </tr>
                </thead>
                <tbody>
                    {organisations
                        .into_iter()
                        .map(|org| view! {
                            <tr>
                                <td>
                                    <a href=routes::organisation(org.organisation_number)>
                                        {org.name.to_string()}
                                    </a>
                                </td>
                                <td>{org.organisation_number.to_string()}</td>
                                <td>{lang.kind(org.kind)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            </div>
        })}
    }
}
