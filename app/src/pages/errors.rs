//! What a page shows when there is nothing to show.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::raw_text::raw_text;

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
        <Title text=raw_text(&format!("{} – Effekt", t.not_found_title)) />
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
        AppError::Forbidden | AppError::Unauthorized => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::FORBIDDEN);
            }
            view! {
                <div class="notice notice-error" role="alert">
                    <h2>{t.error_title}</h2>
                    <p>{t.forbidden}</p>
                </div>
            }
            .into_any()
        }
        _ => view! {
            <div class="notice notice-error" role="alert">
                <h2>{t.error_title}</h2>
                <p>{t.error_text}</p>
            </div>
        }
        .into_any(),
    }
}

/// The problems of the last failed administrator's form, listed at the top of the page.
#[component]
pub fn FormErrors(
    action_value: Signal<Option<Result<(), AppError>>>,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let t = lang.texts();
    move || match action_value.get() {
        Some(Err(AppError::Form { problems, .. })) => Some(
            view! {
                <div class="error-summary" role="alert">
                    <h2>{t.form_errors}</h2>
                    <ul>
                        {problems
                            .into_iter()
                            .map(|(_, problem)| view! { <li>{lang.form_problem(problem)}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
        ),
        Some(Err(AppError::Forbidden)) => {
            Some(view! { <p class="notice notice-error" role="alert">{t.forbidden}</p> }.into_any())
        }
        Some(Err(_)) => Some(
            view! { <p class="notice notice-error" role="alert">{t.error_text}</p> }.into_any(),
        ),
        _ => None,
    }
}
