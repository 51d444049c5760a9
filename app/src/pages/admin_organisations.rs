//! Administrators add organisations, correct their names and kinds, and opt them in to
//! publishing their approved figures as open data.

use effekt::{AdministeredOrganisation, OrgKind};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::error_summary::FormErrors;
use crate::form_action::{FormAction, PostForm};
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::routes;

#[server(prefix = "/sf", endpoint = "admin_organisations", input = Postcard, output = Postcard)]
pub async fn admin_organisations() -> Result<Vec<AdministeredOrganisation>, AppError> {
    crate::error::respond(async move {
        crate::pages::admin::require(effekt::Action::ManageOrganisations)?;
        let actor = crate::state::actor()?;
        Ok(crate::state::page_state()?
            .store
            .administered_organisations(&actor)
            .await?)
    })
    .await
}

/// Adds an organisation (`existing` empty) or changes the name, kind and open data choice of
/// `existing` (a checkbox: `open_data` is sent only when ticked).
#[server(prefix = "/sf", endpoint = "save_organisation", output = Postcard)]
pub async fn save_organisation(
    existing: String,
    organisation_number: String,
    name: String,
    kind: String,
    #[server(default)] open_data: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::store::StoreError;
        use effekt::use_cases::{
            AddOrganisation, ChangeOrganisation, Refused, add_organisation, change_organisation,
        };
        use effekt::{FieldError, OrgNumber, ValueProblem};

        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let submitted = BTreeMap::from([
            ("existing".to_owned(), existing.clone()),
            (
                "organisation_number".to_owned(),
                organisation_number.clone(),
            ),
            ("name".to_owned(), name.clone()),
            ("kind".to_owned(), kind.clone()),
        ]);
        let result = if existing.is_empty() {
            let command = AddOrganisation {
                organisation_number,
                name,
                kind,
            };
            add_organisation(&state.store, &actor, command)
                .await
                .map(drop)
        } else {
            let command = ChangeOrganisation {
                name: Some(Ok(name)),
                kind: Some(Ok(kind)),
                open_data: Some(Ok(open_data.is_some())),
            };
            match OrgNumber::parse(existing.trim()) {
                Ok(number) => change_organisation(&state.store, &actor, number, command)
                    .await
                    .map(drop),
                Err(error) => Err(Refused::Invalid(vec![FieldError::new(
                    "organisation_number",
                    error,
                )])),
            }
        };
        let invalid = |errors| AppError::Invalid {
            errors,
            submitted: submitted.clone(),
        };
        match result {
            Err(Refused::Invalid(errors)) => Err(invalid(errors)),
            Err(Refused::Store(StoreError::DuplicateOrganisation(_))) => {
                Err(invalid(vec![FieldError::new(
                    "organisation_number",
                    ValueProblem::OrgNumberTaken,
                )]))
            }
            other => other.map_err(AppError::from),
        }?;
        leptos_axum::redirect(&format!("{}?sparad=1", routes::ADMIN_ORGANISATIONS));
        Ok(())
    })
    .await
}

#[component]
pub fn AdminOrganisationsPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let save = FormAction::<SaveOrganisation>::new();
    let organisations = load(move || save.version().get(), |_| admin_organisations());
    let saved = move || query.read().get("sparad").is_some();
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.manage_organisations)) />
        <h1>{t.manage_organisations}</h1>
        <p><a href=routes::ADMIN>{t.admin_title}</a></p>
        {move || saved().then(|| view! { <p class="notice notice-success" role="status">{t.created}</p> })}
        <FormErrors action_value=Signal::derive(move || save.value().get()) lang />
        {loaded(organisations, move |list| view! { <OrganisationForms list save lang /> })}
    }
}

#[component]
fn OrganisationForms(
    list: Vec<AdministeredOrganisation>,
    save: FormAction<SaveOrganisation>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let publish = lang.open_data_texts().publish;
    // After a refused addition, the form shows what was typed, to correct it.
    let typed = move |field: &str| match save.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. }))
            if submitted.get("existing").is_some_and(String::is_empty) =>
        {
            submitted.get(field).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    let typed_kind = OrgKind::parse(&typed("kind")).ok();
    view! {
        <h2>{t.add_organisation}</h2>
        <PostForm action=save attr:class="admin-form">
            <input type="hidden" name="existing" value="" />
            <div class="field">
                <label for="new-organisation_number">{t.organisation_number}</label>
                <input type="text" id="new-organisation_number" name="organisation_number" autocomplete="off" value=typed("organisation_number") />
            </div>
            <div class="field">
                <label for="new-name">{t.name}</label>
                <input type="text" id="new-name" name="name" autocomplete="organization" value=typed("name") />
            </div>
            <KindSelect id="new-kind".to_owned() chosen=typed_kind lang />
            <button type="submit">{t.add_organisation}</button>
        </PostForm>
        <h2>{t.edit_organisation}</h2>
        {list
            .into_iter()
            .map(|AdministeredOrganisation { organisation: org, open_data }| {
                let number = org.organisation_number.to_string();
                let id = format!("org-{number}");
                view! {
                    <PostForm action=save attr:class="admin-form admin-row">
                        <fieldset>
                            <legend>{org.name.to_string()}" ("{number.clone()}")"</legend>
                            <input type="hidden" name="existing" value=number.clone() />
                            <input type="hidden" name="organisation_number" value=number.clone() />
                            <div class="field">
                                <label for=format!("{id}-name")>{t.name}</label>
                                <input type="text" id=format!("{id}-name") name="name" value=org.name.to_string() />
                            </div>
                            <KindSelect id=format!("{id}-kind") chosen=Some(org.kind) lang />
                            <div class="field checkbox">
                                <input type="checkbox" id=format!("{id}-open_data") name="open_data" value="1" checked=open_data />
                                <label for=format!("{id}-open_data")>{publish}</label>
                            </div>
                            <button type="submit">{t.save_changes}</button>
                        </fieldset>
                    </PostForm>
                }
            })
            .collect_view()}
    }
}

#[component]
fn KindSelect(id: String, chosen: Option<OrgKind>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <div class="field">
            <label for=id.clone()>{t.kind}</label>
            <select id=id name="kind">
                {OrgKind::ALL
                    .into_iter()
                    .map(|kind| view! {
                        <option value=kind.as_str() selected=chosen == Some(kind)>{lang.kind(kind)}</option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
