//! One organisation's audit trail: every change, who made it, from what to what.

use effekt::{Catalogue, Change, Organisation, Page};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::changes_table::ChangesTable;
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pager::{PAGE_PARAMETER, Pager};
use crate::routes;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History {
    pub catalogue: Catalogue,
    pub organisation: Organisation,
    /// One page of them, newest first.
    pub changes: Vec<Change>,
    pub page: Page,
    /// How many changes there are on every page together.
    pub total: u64,
}

#[server(prefix = "/sf", endpoint = "history", input = Postcard, output = Postcard)]
pub async fn get_history(number: String, page: Option<String>) -> Result<History, AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let number = number.parse().map_err(|_| AppError::NotFound)?;
        let organisation = state
            .store
            .organisation(number)
            .await?
            .ok_or(AppError::NotFound)?;
        let page = Page::parse(page.as_deref(), None).map_err(|_| AppError::NotFound)?;
        let lang = crate::i18n::current_lang();
        let history = state.store.history(number, page).await?;
        let mut changes = history.rows;
        for change in &mut changes {
            let field = change.field.as_str();
            change.old = change
                .old
                .take()
                .map(|v| crate::changes_table::readable(&state.catalogue, lang, field, v));
            change.new = change
                .new
                .take()
                .map(|v| crate::changes_table::readable(&state.catalogue, lang, field, v));
        }
        Ok(History {
            catalogue: (*state.catalogue).clone(),
            organisation,
            changes,
            page,
            total: history.total,
        })
    })
    .await
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let history = load(
        move || {
            (
                params.read().get("orgnr").unwrap_or_default(),
                query.read().get(PAGE_PARAMETER),
            )
        },
        |(number, page)| get_history(number, page),
    );
    view! {
        {loaded(history, move |history| view! { <HistoryTable history lang /> })}
    }
}

#[component]
fn HistoryTable(history: History, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let History {
        catalogue,
        organisation,
        changes,
        page,
        total,
    } = history;
    let title = format!("{} – {}", t.history_title, organisation.name);
    let number = organisation.organisation_number;

    view! {
        <Title text=raw_text(&format!("{title} – Effekt")) />
        <h1>{title}</h1>
        <p>
            <a href=routes::organisation(number)>
                {organisation.name.to_string()}
            </a>
        </p>
        <ChangesTable
            changes=changes.into_iter().map(|change| (None, change)).collect()
            label=t.history_title
            catalogue
            lang
        />
        <Pager page total lang base=format!("{}?", routes::organisation_history(number)) />
    }
}
