//! Effekt's web pages: Leptos components, rendered on the server and hydrated in the browser,
//! and the server functions they call. Every page works as plain HTML forms without JavaScript.

// Leptos views are deeply nested types; the report form needs more than the default depth.
#![recursion_limit = "256"]

pub mod error;
mod format;
pub mod i18n;
mod layout;
mod pages;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::current_lang;
use crate::layout::Layout;
use crate::pages::{
    AccessibilityPage, NotFound, OrganisationPage, OrganisationsPage, ReportPage, StartPage,
};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href="/pkg/effekt.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(current_lang());
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=StartPage />
                    <Route path=path!("/rapport") view=ReportPage />
                    <Route path=path!("/organisationer") view=OrganisationsPage />
                    <Route path=path!("/organisationer/:orgnr") view=OrganisationPage />
                    <Route path=path!("/tillganglighet") view=AccessibilityPage />
                </Routes>
            </Layout>
        </Router>
    }
}

/// The browser's entry point: take over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
