//! The one error summary of every page: what is wrong with a form or a filter, listed above it.

use effekt::FieldError;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use crate::error::AppError;

/// One problem in an [`ErrorSummary`]: what is wrong, and the field it is about, linked.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub text: String,
    /// The id of the element to go to, where the page has one.
    pub target: Option<String>,
}

impl SummaryItem {
    fn text(text: String) -> Self {
        Self { text, target: None }
    }
}

/// The problems at the top of a form or above a filter, listed under a heading: the one error
/// summary of every page. `role="alert"`, so that a screen reader says it when it appears.
#[component]
pub fn ErrorSummary(
    heading: &'static str,
    items: Vec<SummaryItem>,
    /// Where the page moves the keyboard focus to the summary: its id, which also makes it
    /// focusable.
    #[prop(optional)]
    id: Option<&'static str>,
    /// Under a section's own heading, the summary's is one level lower.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let heading = if nested {
        Either::Left(view! { <h3>{heading}</h3> })
    } else {
        Either::Right(view! { <h2>{heading}</h2> })
    };
    let items = items
        .into_iter()
        .map(|item| match item.target {
            Some(target) => Either::Left(view! {
                <li><a href=format!("#{target}")>{item.text}</a></li>
            }),
            None => Either::Right(view! { <li>{item.text}</li> }),
        })
        .collect_view();
    view! {
        <div class="error-summary" id=id role="alert" tabindex=id.map(|_| "-1")>
            {heading}
            <ul>{items}</ul>
        </div>
    }
}

/// What is wrong with a filter the address gives (a GET form's fields), listed above the
/// form; the page answers 422 then. Nothing when there is no problem.
#[component]
pub fn FilterErrors(problems: Vec<FieldError>, lang: crate::i18n::Lang) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
        }
        let items = problems
            .iter()
            .map(|error| SummaryItem::text(lang.field_error(error)))
            .collect();
        view! { <ErrorSummary heading=lang.texts().filter_errors items /> }
    })
}

/// The problems of the last failed administrator's form, listed at the top of the page.
#[component]
pub fn FormErrors(
    action_value: Signal<Option<Result<(), AppError>>>,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let t = lang.texts();
    move || match action_value.get() {
        Some(Err(AppError::Invalid { errors, .. })) => {
            let items = errors
                .iter()
                .map(|error| SummaryItem::text(lang.field_error(error)))
                .collect();
            Some(EitherOf3::A(
                view! { <ErrorSummary heading=t.form_errors items /> },
            ))
        }
        Some(Err(AppError::Forbidden)) => Some(EitherOf3::B(
            view! { <p class="notice notice-error" role="alert">{t.forbidden}</p> },
        )),
        Some(Err(_)) => Some(EitherOf3::C(
            view! { <p class="notice notice-error" role="alert">{t.error_text}</p> },
        )),
        _ => None,
    }
}
