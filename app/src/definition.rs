//! A series' definition as the catalogue gives it: what to count, how, from which source, and
//! one worked example, shown beside the form's field and on the measure's page.

use effekt::Definition;
use leptos::prelude::*;

use crate::i18n::Lang;

#[component]
pub fn SeriesDefinition(definition: Definition, lang: Lang, id: String) -> impl IntoView {
    let t = lang.texts();
    let rows = [
        (t.definition_what, &definition.what),
        (t.definition_how, &definition.how),
        (t.definition_source, &definition.source),
        (t.definition_example, &definition.example),
    ]
    .map(|(term, text)| {
        view! {
            <dt>{term}</dt>
            <dd>{lang.text(text).to_owned()}</dd>
        }
    });
    view! { <dl class="definition" id=id>{rows.into_iter().collect_view()}</dl> }
}
