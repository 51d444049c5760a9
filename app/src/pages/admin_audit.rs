//! The whole audit trail for administrators: every change, changes to accounts included, chosen
//! by time, user and organisation, a page at a time.

use effekt::{AuditEntry, Catalogue, FieldError, Organisation, Page};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::changes_table::ChangesTable;
use crate::error::AppError;
use crate::error_summary::FilterErrors;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pager::{PAGE_PARAMETER, Pager, query_value};
use crate::raw_text::raw_text;
use crate::routes;

/// The filter as typed, to show it again and to carry it from page to page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditForm {
    pub from: String,
    pub to: String,
    pub user: String,
    pub organisation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditView {
    pub catalogue: Catalogue,
    pub organisations: Vec<Organisation>,
    pub form: AuditForm,
    /// What is wrong with the filter, by field; no changes are shown then.
    pub problems: Vec<FieldError>,
    /// One page of the chosen changes, newest first.
    pub changes: Vec<AuditEntry>,
    pub page: Page,
    /// How many changes the filter chooses on every page together.
    pub total: u64,
}

#[server(prefix = "/sf", endpoint = "audit", input = Postcard, output = Postcard)]
pub async fn get_audit(form: AuditForm, page: Option<String>) -> Result<AuditView, AppError> {
    crate::error::respond(async move {
        use effekt::AuditFilter;

        crate::pages::admin::require(effekt::Action::ReadAudit)?;
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let page = Page::parse(page.as_deref(), None).map_err(|_| AppError::NotFound)?;
        let filter = AuditFilter::parse(
            Some(form.from.as_str()),
            Some(form.to.as_str()),
            Some(form.user.as_str()),
            Some(form.organisation.as_str()),
        );
        let mut view = AuditView {
            catalogue: (*state.catalogue).clone(),
            organisations: state.store.organisations().await?,
            form,
            problems: Vec::new(),
            changes: Vec::new(),
            page,
            total: 0,
        };
        let filter = match filter {
            Ok(filter) => filter,
            Err(errors) => {
                view.problems = errors.iter().map(FieldError::from).collect();
                return Ok(view);
            }
        };
        let lang = crate::i18n::current_lang();
        let audit = state.store.audit(&filter, page, &actor).await?;
        view.total = audit.total;
        view.changes = audit.rows;
        for entry in &mut view.changes {
            let change = &mut entry.change;
            let field = change.field.as_str();
            let readable =
                |value| crate::changes_table::readable(&state.catalogue, lang, field, value);
            change.old = change.old.take().map(readable);
            change.new = change.new.take().map(readable);
        }
        Ok(view)
    })
    .await
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let audit = load(
        move || {
            let query = query.read();
            let text = |name: &str| query.get(name).unwrap_or_default();
            let form = AuditForm {
                from: text("from"),
                to: text("to"),
                user: text("user"),
                organisation: text("organisation"),
            };
            (form, query.get(PAGE_PARAMETER))
        },
        |(form, page)| get_audit(form, page),
    );
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.audit_title)) />
        <h1>{t.audit_title}</h1>
        <p>{t.audit_intro}</p>
        <p><a href=routes::ADMIN>{t.admin_title}</a></p>
        {loaded(audit, move |audit| view! { <AuditTable audit lang /> })}
    }
}

#[component]
fn AuditTable(audit: AuditView, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let AuditView {
        catalogue,
        organisations,
        form,
        problems,
        changes,
        page,
        total,
    } = audit;
    let invalid = |field: &str| problems.iter().any(|p| p.field == field).then_some("true");
    let (from_invalid, to_invalid, user_invalid, organisation_invalid) = (
        invalid("from"),
        invalid("to"),
        invalid("user"),
        invalid("organisation"),
    );
    let name_of = {
        let organisations = organisations.clone();
        move |number: effekt::OrgNumber| {
            organisations
                .iter()
                .find(|o| o.organisation_number == number)
                .map_or_else(|| number.to_string(), |o| o.name.to_string())
        }
    };
    let base = format!(
        "{}?from={}&to={}&user={}&organisation={}&",
        routes::ADMIN_AUDIT,
        query_value(&form.from),
        query_value(&form.to),
        query_value(&form.user),
        query_value(&form.organisation)
    );
    let summary = view! { <FilterErrors problems=problems.clone() lang /> };
    let chosen = form.organisation.clone();
    view! {
        {summary}
        <form method="get" action=routes::ADMIN_AUDIT class="choose-report filters">
            <fieldset>
                <legend>{t.filters}</legend>
                <div class="field">
                    <label for="audit-from">{t.from_date}</label>
                    <input type="date" id="audit-from" name="from" value=form.from.clone()
                        aria-describedby="audit-date-hint" aria-invalid=from_invalid />
                </div>
                <div class="field">
                    <label for="audit-to">{t.to_date}</label>
                    <input type="date" id="audit-to" name="to" value=form.to.clone()
                        aria-describedby="audit-date-hint" aria-invalid=to_invalid />
                </div>
                <p class="hint" id="audit-date-hint">{t.date_hint}</p>
                <div class="field">
                    <label for="audit-user">{t.audit_user}</label>
                    <p class="hint" id="audit-user-hint">{t.audit_user_hint}</p>
                    <input type="email" id="audit-user" name="user" value=form.user.clone()
                        autocomplete="off" aria-describedby="audit-user-hint"
                        aria-invalid=user_invalid />
                </div>
                <div class="field">
                    <label for="audit-organisation">{t.organisation}</label>
                    <select id="audit-organisation" name="organisation"
                        aria-invalid=organisation_invalid>
                        <option value="" selected=chosen.is_empty()>{t.all_organisations}</option>
                        {organisations
                            .iter()
                            .map(|o| {
                                let number = o.organisation_number.to_string();
                                let selected = number == chosen;
                                view! {
                                    <option value=number selected=selected>{o.name.to_string()}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit">{t.show}</button>
            </fieldset>
        </form>
        <ChangesTable
            changes=changes
                .into_iter()
                .map(|AuditEntry { organisation_number, change }| {
                    (organisation_number.map(&name_of), change)
                })
                .collect()
            with_organisation=true
            label=t.audit_title
            catalogue
            lang
        />
        {problems.is_empty().then(|| view! { <Pager page total lang base /> })}
    }
}
