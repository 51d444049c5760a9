//! Links between the pages of a long list: plain links, so they work without JavaScript.

use effekt::Page;
use leptos::prelude::*;

use crate::i18n::Lang;

/// The query parameter that names the page a list shows.
pub const PAGE_PARAMETER: &str = "sida";

/// "Page 2 of 5", with links to the pages before and after. `base` is the list's address up to
/// where the page parameter goes: ending in `?` or `&`.
#[component]
pub fn Pager(page: Page, total: u64, lang: Lang, base: String) -> impl IntoView {
    let t = lang.texts();
    let link = |to: Page| format!("{base}{PAGE_PARAMETER}={}", to.number());
    let previous = page.previous().map(|to| {
        view! { <a href=link(to) rel="prev">{t.previous_page}</a> }
    });
    let next = page.next(total).map(|to| {
        view! { <a href=link(to) rel="next">{t.next_page}</a> }
    });
    view! {
        <nav class="pager" aria-label=t.pages_nav>
            {previous}
            " "
            <span>{lang.page_of(page.number(), page.count(total), total)}</span>
            " "
            {next}
        </nav>
    }
}

/// A value written into a link's query string: everything but letters, digits and `-._~`
/// percent-encoded, so that an e-mail address with `&` or `+` stays one value.
pub fn query_value(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_stay_one_value() {
        assert_eq!(query_value("a+b&c@d.se"), "a%2Bb%26c%40d.se");
        assert_eq!(query_value("2026-05-01"), "2026-05-01");
        assert_eq!(query_value("å"), "%C3%A5");
    }
}
