//! What a page shows when there is nothing to show.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::use_lang;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_lang().texts();
    view! {
        <Title text=format!("{} – Effekt", t.not_found_title) />
        <h1>{t.not_found_title}</h1>
        <p>{t.not_found_text}</p>
        <p>
            <a href="/">{t.nav_start}</a>
        </p>
    }
}

/// A failed load: not found, or a problem the reader can only wait out.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let t = use_lang().texts();
    match error {
        AppError::NotFound => view! { <NotFound /> }.into_any(),
        _ => view! {
            <div class="notice notice-error" role="alert">
                <h2>{t.error_title}</h2>
                <p>{t.error_text}</p>
            </div>
        }
        .into_any(),
    }
}
