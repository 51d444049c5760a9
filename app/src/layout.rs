//! The frame of every page: skip link, header with menu and language switch, footer.

use effekt::{Role, User};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::Postcard;
use leptos_router::hooks::use_location;

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::loading::load;
use crate::pages::Logout;
use crate::postcard_text::PostcardText;
use crate::routes;

/// Who is signed in, for the header; `None` when nobody is.
#[server(prefix = "/sf", endpoint = "whoami", input = Postcard, output = Postcard)]
pub async fn whoami() -> Result<Option<User>, AppError> {
    crate::error::respond(async move { Ok(crate::state::signed_in()) }).await
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = use_lang().texts();
    // The wall view fills an office screen: no header, menu or footer, which nobody there can
    // use and a display link could not follow.
    if use_location().pathname.get_untracked() == routes::WALL {
        return Either::Left(view! {
            <main id="main" class="wall-main">
                {children()}
            </main>
        });
    }
    let user = load(|| (), |_| whoami());
    // On a small screen the menu folds into a `<details>`, which opens and closes without
    // JavaScript; on a wide one the style sheet hides its summary and shows its content always.
    Either::Right(view! {
        <a class="skip-link" href="#main">
            {t.skip_to_content}
        </a>
        <header class="site-header">
            <div class="brand">
                <a href=routes::START class="brand-name">
                    {t.app_name}
                </a>
                <span class="tagline">{t.tagline}</span>
            </div>
            <details class="site-menu">
                <summary>{t.menu}</summary>
                <Menu user />
            </details>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <a href=routes::ACCESSIBILITY>{t.nav_accessibility}</a>
            <a href=routes::OPEN_DATA>{use_lang().open_data_texts().title}</a>
        </footer>
    })
}

/// The pages' links, who is signed in, and the language switch.
#[component]
fn Menu(user: Resource<Result<Option<User>, AppError>, PostcardText>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <nav aria-label=t.nav_label>
            <ul>
                <li>
                    <a href=routes::START>{t.nav_start}</a>
                </li>
                <li>
                    <a href=routes::REPORT>{t.nav_report}</a>
                </li>
                <li>
                    <a href=routes::ORGANISATIONS>{t.nav_organisations}</a>
                </li>
                <li>
                    <a href=routes::IMPORT>{t.nav_import}</a>
                </li>
                <li>
                    <a href=routes::EXPORT>{t.nav_export}</a>
                </li>
                <li>
                    <a href=routes::COMPLETENESS>{lang.completeness_texts().title}</a>
                </li>
                <li>
                    <a href=routes::LESSONS>{lang.lessons_texts().title}</a>
                </li>
                <li>
                    <a href=routes::GOALS>{lang.goals_texts().title}</a>
                </li>
                <Suspense>
                    {move || Suspend::new(async move {
                        let user = user.await.ok().flatten();
                        let admin = user.as_ref().is_some_and(|u| u.role == Role::Admin);
                        view! {
                            {user.is_some().then(|| view! {
                                <li>
                                    <a href=routes::API_TOKENS>{lang.token_texts().title}</a>
                                </li>
                            })}
                            {admin.then(|| view! {
                                <li>
                                    <a href=routes::ADMIN>{t.nav_admin}</a>
                                </li>
                            })}
                        }
                    })}
                </Suspense>
            </ul>
        </nav>
        <div class="header-tools">
            <Suspense>
                {move || Suspend::new(async move {
                    user.await.ok().flatten().map(|user| view! { <SignedInAs user /> })
                })}
            </Suspense>
            <LanguageSwitch />
        </div>
    }
}

/// The signed-in user and a plain form to sign out (a full reload, with or without JavaScript).
#[component]
fn SignedInAs(user: User) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <form class="signed-in" method="post" action=Logout::PATH>
            <span>{t.signed_in_as}" "<strong>{user.email.to_string()}</strong></span>
            <button type="submit">{t.logout}</button>
        </form>
    }
}

/// A plain form, so that switching reloads the whole page in the other language, with or
/// without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // Leptos gives the query without its `?`.
    let return_to = move || match location.search.get() {
        query if query.is_empty() => location.pathname.get(),
        query => format!("{}?{query}", location.pathname.get()),
    };
    view! {
        <form class="language-switch" method="post" action=SetLanguage::PATH>
            <input type="hidden" name="lang" value=lang.other().code() />
            <input type="hidden" name="return_to" value=return_to />
            <button type="submit" lang=lang.other().code()>
                {lang.texts().switch_language}
            </button>
        </form>
    }
}

/// Remembers the reader's language in a cookie and sends them back to the page they were on.
#[server(prefix = "/sf", endpoint = "set_language", output = Postcard)]
pub async fn set_language(lang: String, return_to: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        use crate::i18n::{LANG_COOKIE, Lang};
        use http::header::{HeaderValue, SET_COOKIE};

        let lang = Lang::from_code(&lang);
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let (Some(response), Ok(cookie)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            HeaderValue::from_str(&cookie),
        ) {
            response.append_header(SET_COOKIE, cookie);
        }
        leptos_axum::redirect(local_path(&return_to));
        Ok(())
    })
    .await
}

/// Percent-encodes a path for use as a query value.
pub fn encode_query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only a path on this site: never an address elsewhere (`//host`, `https://…`).
#[cfg(feature = "ssr")]
pub fn local_path(path: &str) -> &str {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(char::is_control);
    if local { path } else { routes::START }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{encode_query_value, local_path};

    #[test]
    fn the_wanted_page_survives_the_trip_through_sign_in() {
        assert_eq!(
            encode_query_value("/rapport?organisation=202100-5448&period=2026Q2"),
            "/rapport%3Forganisation%3D202100-5448%26period%3D2026Q2"
        );
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(
            local_path("/rapport?period=2025Q1"),
            "/rapport?period=2025Q1"
        );
        for elsewhere in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_path(elsewhere), "/", "{elsewhere:?}");
        }
    }
}
