//! Administrators add users, change their role and organisation, deactivate them and set new
//! passwords.

use effekt::{Organisation, Role, UserAccount};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_summary::FormErrors;
use crate::form_action::{FormAction, PostForm};
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::routes;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UsersAdmin {
    pub users: Vec<UserAccount>,
    pub organisations: Vec<Organisation>,
}

#[server(prefix = "/sf", endpoint = "admin_users", input = Postcard, output = Postcard)]
pub async fn admin_users() -> Result<UsersAdmin, AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        Ok(UsersAdmin {
            users: state.store.users(&actor).await?,
            organisations: state.store.organisations().await?,
        })
    })
    .await
}

/// Adds a user (`existing` empty; a password is required) or changes `existing` (a password
/// given replaces the old one and signs the user out everywhere).
#[server(prefix = "/sf", endpoint = "save_user", output = Postcard)]
pub async fn save_user(
    existing: String,
    email: String,
    role: String,
    organisation_number: String,
    active: Option<String>,
    password: String,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::store::StoreError;
        use effekt::use_cases::{AddUser, ChangeUser, Refused, UserFields, add_user, change_user};
        use effekt::{FieldError, ValueProblem};

        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let submitted = BTreeMap::from([
            ("existing".to_owned(), existing.clone()),
            ("email".to_owned(), email.clone()),
            ("role".to_owned(), role.clone()),
            (
                "organisation_number".to_owned(),
                organisation_number.clone(),
            ),
        ]);
        let organisation_number = Some(organisation_number).filter(|text| !text.is_empty());
        let result = if existing.is_empty() {
            let user = UserFields {
                email,
                role,
                organisation_number,
            };
            add_user(&state.store, &actor, AddUser { user, password }).await
        } else {
            let command = ChangeUser {
                user: UserFields {
                    email: existing,
                    role,
                    organisation_number,
                },
                active: active.is_some(),
                // Left empty, the password stays as it is.
                password: Some(password).filter(|text| !text.is_empty()),
            };
            change_user(&state.store, &actor, command).await
        };
        let invalid = |field: &str, problem: ValueProblem| AppError::Invalid {
            errors: vec![FieldError::new(field, problem)],
            submitted: submitted.clone(),
        };
        match result {
            Err(Refused::Invalid(errors)) => Err(AppError::Invalid {
                errors,
                submitted: submitted.clone(),
            }),
            Err(Refused::Store(StoreError::DuplicateUser(_))) => {
                Err(invalid("email", ValueProblem::EmailTaken))
            }
            Err(Refused::Store(StoreError::UnknownOrganisation(_))) => Err(invalid(
                "organisation_number",
                ValueProblem::UnknownOrganisation,
            )),
            other => other.map(drop).map_err(AppError::from),
        }?;
        leptos_axum::redirect(&format!("{}?sparad=1", routes::ADMIN_USERS));
        Ok(())
    })
    .await
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let save = FormAction::<SaveUser>::new();
    let data = load(move || save.version().get(), |_| admin_users());
    let saved = move || query.read().get("sparad").is_some();
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.manage_users)) />
        <h1>{t.manage_users}</h1>
        <p><a href=routes::ADMIN>{t.admin_title}</a></p>
        {move || saved().then(|| view! { <p class="notice notice-success" role="status">{t.created}</p> })}
        <FormErrors action_value=Signal::derive(move || save.value().get()) lang />
        {loaded(data, move |data| view! { <UserForms data save lang /> })}
    }
}

#[component]
fn UserForms(data: UsersAdmin, save: FormAction<SaveUser>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let UsersAdmin {
        users,
        organisations,
    } = data;
    let edit_forms = users
        .into_iter()
        .enumerate()
        .map(|(index, stored)| {
            let organisations = organisations.clone();
            view! { <EditUser index stored organisations save lang /> }
        })
        .collect_view();
    view! {
        <h2>{t.add_user}</h2>
        <PostForm action=save attr:class="admin-form">
            <input type="hidden" name="existing" value="" />
            <div class="field">
                <label for="new-email">{t.email}</label>
                <input type="email" id="new-email" name="email" autocomplete="off" />
            </div>
            // The least privilege unless an administrator deliberately picks more.
            <RoleAndOrganisation id="new".to_owned() role=Some(Role::Viewer) organisation=None organisations lang />
            <input type="hidden" name="active" value="on" />
            <div class="field">
                <label for="new-password">{t.password}</label>
                <p class="hint" id="new-password-hint">{t.password_hint}</p>
                <input type="password" id="new-password" name="password" autocomplete="new-password" aria-describedby="new-password-hint" />
            </div>
            <button type="submit">{t.add_user}</button>
        </PostForm>
        <h2>{t.edit_user}</h2>
        {edit_forms}
    }
}

#[component]
fn EditUser(
    index: usize,
    stored: UserAccount,
    organisations: Vec<Organisation>,
    save: FormAction<SaveUser>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let id = format!("user-{index}");
    let email = stored.user.email.to_string();
    view! {
        <PostForm action=save attr:class="admin-form admin-row">
            <fieldset>
                <legend>
                    {email.clone()}
                    {(!stored.active).then(|| view! { " ("{t.deactivated}")" })}
                </legend>
                <input type="hidden" name="existing" value=email.clone() />
                <input type="hidden" name="email" value=email.clone() />
                <RoleAndOrganisation
                    id=id.clone()
                    role=Some(stored.user.role)
                    organisation=stored.user.organisation_number.map(|o| o.to_string())
                    organisations
                    lang
                />
                <div class="field checkbox">
                    <input type="checkbox" id=format!("{id}-active") name="active" checked=stored.active />
                    <label for=format!("{id}-active")>{t.active}</label>
                </div>
                <div class="field">
                    <label for=format!("{id}-password")>{t.new_password}</label>
                    <p class="hint" id=format!("{id}-password-hint")>{t.new_password_hint}</p>
                    <input
                        type="password"
                        id=format!("{id}-password")
                        name="password"
                        autocomplete="new-password"
                        aria-describedby=format!("{id}-password-hint")
                    />
                </div>
                <button type="submit">{t.save_changes}</button>
            </fieldset>
        </PostForm>
    }
}

#[component]
fn RoleAndOrganisation(
    id: String,
    role: Option<Role>,
    organisation: Option<String>,
    organisations: Vec<Organisation>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    view! {
        <div class="field">
            <label for=format!("{id}-role")>{t.role}</label>
            <select id=format!("{id}-role") name="role">
                {Role::ALL
                    .into_iter()
                    .map(|r| view! { <option value=r.as_str() selected=role == Some(r)>{lang.role(r)}</option> })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=format!("{id}-organisation")>{t.organisation}</label>
            <select id=format!("{id}-organisation") name="organisation_number">
                <option value="" selected=organisation.is_none()>{t.none_chosen}</option>
                {organisations
                    .into_iter()
                    .map(|org| {
                        let number = org.organisation_number.to_string();
                        let chosen = organisation.as_deref() == Some(number.as_str());
                        view! { <option value=number selected=chosen>{org.name.to_string()}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
