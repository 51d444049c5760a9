//! The page for an address that leads nowhere.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_lang;
use crate::raw_text::raw_text;
use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_lang().texts();
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.not_found_title)) />
        <h1>{t.not_found_title}</h1>
        <p>{t.not_found_text}</p>
        <p>
            <a href=routes::START>{t.nav_start}</a>
        </p>
    }
}
