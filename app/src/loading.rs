//! A page's data: loaded from its server function ([`load`], [`load_once`]), and shown as the
//! page shows it ([`loaded`]): a placeholder while it loads, then the data, or what went wrong.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::pages::NotFound;
use crate::postcard_text::PostcardText;

/// Data loaded by `fetch` each time `source` changes, as [`Resource::new`] does.
#[track_caller]
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, PostcardText>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetch, false)
}

/// Data loaded once, as [`OnceResource::new`] does.
#[track_caller]
pub fn load_once<T>(
    fetch: impl Future<Output = T> + Send + 'static,
) -> OnceResource<T, PostcardText>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    OnceResource::new_with_options(fetch, false)
}

/// `show` with the data once `data` has it; the error panel if loading it failed.
pub fn loaded<D, T, V>(
    data: D,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    D: IntoFuture<Output = Result<T, AppError>> + Copy + Send + Sync + 'static,
    D::IntoFuture: Send,
    T: Send + 'static,
    V: IntoView + 'static,
{
    let t = use_lang().texts();
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(show(data)),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })
            }}
        </Suspense>
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
