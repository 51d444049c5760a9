//! Text for the elements whose content Leptos writes out unescaped on the server: `<textarea>`
//! (see leptos-rs/leptos#4819) and leptos_meta's `<title>`. Unescaped, a stored
//! `</textarea><script>…` would end the element and inject markup. The browser decodes the
//! character references back, so people see the text as typed; in the browser the text is set
//! through properties (`value`, `document.title`) and must stay as it is.

/// `text` as the server must write it inside `<textarea>` or `<title>`.
pub fn raw_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        escaped(text)
    } else {
        text.to_owned()
    }
}

/// `text` with `&`, `<` and `>` written as character references.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_cannot_end_the_element() {
        assert_eq!(
            escaped("</textarea><script>a && b</script>"),
            "&lt;/textarea&gt;&lt;script&gt;a &amp;&amp; b&lt;/script&gt;"
        );
        assert_eq!(escaped("Testa tidigt, 74,5 %"), "Testa tidigt, 74,5 %");
    }
}
