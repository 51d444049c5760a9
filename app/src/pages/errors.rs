//! What a page shows when there is nothing to show.

use leptos::either::EitherOf3;
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
        AppError::NotFound => EitherOf3::A(view! { <NotFound /> }),
        AppError::Forbidden | AppError::Unauthorized => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::FORBIDDEN);
            }
            EitherOf3::B(view! {
                <div class="notice notice-error" role="alert">
                    <h2>{t.error_title}</h2>
                    <p>{t.forbidden}</p>
                </div>
            })
        }
        _ => EitherOf3::C(view! {
            <div class="notice notice-error" role="alert">
                <h2>{t.error_title}</h2>
                <p>{t.error_text}</p>
            </div>
        }),
    }
}

/// What is wrong with a filter the address gives (a GET form's fields), listed above the
/// form; the page answers 422 then. Nothing when there is no problem.
#[component]
pub fn FilterErrors(
    /// The problems, by field.
    problems: Vec<(String, crate::error::FormProblem)>,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let t = lang.texts();
    (!problems.is_empty()).then(|| {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
        }
        view! {
            <div class="error-summary" role="alert">
                <h2>{t.filter_errors}</h2>
                <ul>
                    {problems
                        .into_iter()
                        .map(|(_, problem)| view! { <li>{lang.form_problem(problem)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The problems of the last failed administrator's form, listed at the top of the page.
#[component]
pub fn FormErrors(
    action_value: Signal<Option<Result<(), AppError>>>,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let t = lang.texts();
    let summary = move |texts: Vec<String>| {
        EitherOf3::A(view! {
            <div class="error-summary" role="alert">
                <h2>{t.form_errors}</h2>
                <ul>{texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
            </div>
        })
    };
    move || match action_value.get() {
        Some(Err(AppError::Form { problems, .. })) => Some(summary(
            problems
                .into_iter()
                .map(|(_, problem)| lang.form_problem(problem).to_owned())
                .collect(),
        )),
        Some(Err(AppError::Invalid { errors, .. })) => Some(summary(
            errors
                .iter()
                .map(|error| lang.problem(&error.problem))
                .collect(),
        )),
        Some(Err(AppError::Forbidden)) => Some(EitherOf3::B(
            view! { <p class="notice notice-error" role="alert">{t.forbidden}</p> },
        )),
        Some(Err(_)) => Some(EitherOf3::C(
            view! { <p class="notice notice-error" role="alert">{t.error_text}</p> },
        )),
        _ => None,
    }
}
