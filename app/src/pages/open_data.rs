//! `/oppna-data`: what is published as open data, by whom, under which licence; public.

use effekt::Organisation;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::raw_text::raw_text;
use crate::routes;

/// The organisations that publish their approved figures; anyone may ask.
#[server(prefix = "/sf", endpoint = "published_organisations", input = Postcard, output = Postcard)]
pub async fn published_organisations() -> Result<Vec<Organisation>, AppError> {
    crate::error::respond(async move {
        Ok(crate::state::page_state()?
            .store
            .published_organisations()
            .await?)
    })
    .await
}

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.open_data_texts();
    let organisations = load(|| (), |()| published_organisations());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.title)) />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <h2>{t.licence_heading}</h2>
        <p>
            {t.licence}" "
            <a href="https://creativecommons.org/publicdomain/zero/1.0/deed.sv" hreflang="sv">"CC0 1.0"</a>
        </p>
        <h2>{t.files_heading}</h2>
        <ul>
            <li><a href=routes::OPEN_VALUES_CSV>{t.values_file}</a></li>
            <li><a href=format!("{}?format=excel-sv", routes::OPEN_VALUES_CSV)>{t.values_file_excel}</a></li>
            <li><a href=routes::OPEN_SUMMARY>{t.summary_file}</a></li>
        </ul>
        <p>{t.rate_limit}</p>
        <h2>{t.never_heading}</h2>
        <p>{t.never}</p>
        <h2>{t.organisations_heading}</h2>
        {loaded(organisations, move |list| view! { <Publishers list lang /> })}
    }
}

#[component]
fn Publishers(list: Vec<Organisation>, lang: Lang) -> impl IntoView {
    let t = lang.open_data_texts();
    if list.is_empty() {
        return view! { <p>{t.none_yet}</p> }.into_any();
    }
    view! {
        <ul class="open-data-organisations">
            {list
                .into_iter()
                .map(|org| view! {
                    <li>{org.name.to_string()}" ("{org.organisation_number.to_string()}", "{lang.kind(org.kind)}")"</li>
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
