//! A page's data as the page shows it: a placeholder while it loads, then the data, or what
//! went wrong.

use leptos::either::Either;
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::pages::errors::ErrorPanel;

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
