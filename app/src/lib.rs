//! Effekt's web pages: Leptos components, rendered on the server and hydrated in the browser,
//! and the server functions they call. Every page works as plain HTML forms without JavaScript.

// Leptos views are deeply nested types; the report form needs more than the default depth.
#![recursion_limit = "256"]

mod changes_table;
mod chart_address;
#[cfg(feature = "ssr")]
mod charts;
mod definition;
pub mod error;
mod error_summary;
mod form_action;
mod format;
pub mod i18n;
mod layout;
pub use layout::encode_query_value;
#[cfg(feature = "ssr")]
pub use layout::local_path;
mod loading;
mod local_time;
mod pager;
mod pages;
mod postcard_text;
#[cfg(feature = "ssr")]
mod quarter_range;
mod raw_text;
pub mod routes;
mod series_view;
#[cfg(feature = "ssr")]
mod shown_once;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode};

/// A measure page's charts at addresses of their own, which the server answers.
pub use crate::chart_address::{CHART_FOLDER, ChartName};
#[cfg(feature = "ssr")]
pub use crate::pages::{Asked, measured};
/// A server function's arguments and answer, for the tests that call it as the browser does.
pub use crate::pages::{GetMeasure, MeasurePage, Shown};

use crate::i18n::current_lang;
use crate::layout::Layout;
use crate::pages::{
    AccessibilityPage, AdminAuditPage, AdminOperationsPage, AdminOrganisationsPage, AdminPage,
    AdminUsersPage, ApiTokensPage, CompletenessPage, DisplayLinksPageView, ExportPage, GoalsPage,
    HistoryPage, ImportPage, ImportReviewPage, LessonsPage, LoginPage, MeasurePageView, NotFound,
    OpenDataPage, OrganisationPage, OrganisationsPage, QuarterlyReportPage, ReportPage, StartPage,
    WallPage,
};
use crate::routes::Fixed;

/// The server functions anyone may call, signed in or not: those of the pages anyone may open
/// (signing in, the accessibility statement, open data) and of every page's frame (who is
/// signed in, the language).
#[cfg(feature = "ssr")]
pub const PUBLIC_SERVER_FUNCTIONS: [&str; 6] = {
    use leptos::server_fn::ServerFn;
    [
        <pages::Login as ServerFn>::PATH,
        <pages::GetSignInChoices as ServerFn>::PATH,
        <pages::GetOperator as ServerFn>::PATH,
        <pages::PublishedOrganisations as ServerFn>::PATH,
        <layout::SetLanguage as ServerFn>::PATH,
        <layout::Whoami as ServerFn>::PATH,
    ]
};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=format!("/{}/effekt.css", options.site_pkg_dir) />
                <link rel="icon" href=routes::FAVICON type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Scripts run only from this site, inline only with this render's nonce (the hydration
/// script), WebAssembly may compile; no plugins, no `<base>`, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    if let (Some(response), Ok(policy)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&policy),
    ) {
        response.insert_header(CONTENT_SECURITY_POLICY, policy);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(current_lang());
    // Pages render whole before the first byte is sent (SsrMode::Async), so that a status such
    // as 404, decided by data, reaches the response, and pages without JavaScript are complete.
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=Fixed(routes::START) view=StartPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::REPORT) view=ReportPage ssr=SsrMode::Async />
                    <Route path=(Fixed(routes::QUARTERLY_REPORTS), ParamSegment("quarter")) view=QuarterlyReportPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ORGANISATIONS) view=OrganisationsPage ssr=SsrMode::Async />
                    <Route path=(Fixed(routes::ORGANISATIONS), ParamSegment("orgnr")) view=OrganisationPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ACCESSIBILITY) view=AccessibilityPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::SIGN_IN) view=LoginPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::OPEN_DATA) view=OpenDataPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::WALL) view=WallPage ssr=SsrMode::Async />
                    <Route path=(Fixed(routes::ORGANISATIONS), ParamSegment("orgnr"), Fixed(routes::HISTORY)) view=HistoryPage ssr=SsrMode::Async />
                    <Route path=(Fixed(routes::MEASURES), ParamSegment("key")) view=MeasurePageView ssr=SsrMode::Async />
                    <Route path=Fixed(routes::IMPORT) view=ImportPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::EXPORT) view=ExportPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::LESSONS) view=LessonsPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::GOALS) view=GoalsPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::COMPLETENESS) view=CompletenessPage ssr=SsrMode::Async />
                    <Route path=(Fixed(routes::IMPORT_REVIEWS), ParamSegment("id")) view=ImportReviewPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ADMIN) view=AdminPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ADMIN_ORGANISATIONS) view=AdminOrganisationsPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ADMIN_USERS) view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ADMIN_AUDIT) view=AdminAuditPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::ADMIN_OPERATIONS) view=AdminOperationsPage ssr=SsrMode::Async />
                    <Route path=Fixed(routes::DISPLAY_LINKS) view=DisplayLinksPageView ssr=SsrMode::Async />
                    <Route path=Fixed(routes::API_TOKENS) view=ApiTokensPage ssr=SsrMode::Async />
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
