//! The goals that steer on an organisation's page: where each stands, and for those who may
//! write them, the forms that add, change and remove them (posted plainly without JavaScript).

// A server function behind a form takes each field as an argument: changing a goal is its
// organisation, its id and its six fields. The lint sits on the code the macro writes, which
// an attribute on the function does not reach.
#![allow(clippy::too_many_arguments)]

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_summary::FormErrors;
use crate::form_action::{FormAction, PostForm};
use crate::i18n::Lang;
use crate::loading::{load, loaded};
use crate::pages::goals::{GoalForm, GoalRow, GoalsTable};
use crate::routes;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrganisationGoals {
    pub rows: Vec<GoalRow>,
    /// Every series a goal can follow, by key, with its name: the derived ones too.
    pub series: Vec<(String, String)>,
    pub may_write: bool,
}

#[server(prefix = "/sf", endpoint = "organisation_goals", input = Postcard, output = Postcard)]
pub async fn get_organisation_goals(number: String) -> Result<OrganisationGoals, AppError> {
    crate::error::respond(async move {
        let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let state = crate::state::page_state()?;
        let number: effekt::OrgNumber = number.parse().map_err(|_| AppError::NotFound)?;
        let organisation = state
            .store
            .organisation(number)
            .await?
            .ok_or(AppError::NotFound)?;
        let lang = crate::i18n::current_lang();
        let rows = state
            .analytics
            .goal_standings(number)
            .await?
            .into_iter()
            .map(|standing| {
                crate::pages::goals::row(lang, &state.catalogue, &organisation, standing)
            })
            .collect();
        let catalogue = &state.catalogue;
        let series = catalogue
            .measures()
            .iter()
            .flat_map(|m| {
                let entered = m
                    .series
                    .iter()
                    .map(|s| (&s.key, lang.pick(&s.name_sv, &s.name_en)));
                let derived = m
                    .shown_as
                    .iter()
                    .map(|d| (&d.key, lang.pick(&d.name_sv, &d.name_en)));
                entered
                    .chain(derived)
                    .map(move |(key, name)| (key.to_string(), format!("{}. {name}", m.number)))
            })
            .collect();
        Ok(OrganisationGoals {
            rows,
            series,
            may_write: user.may(effekt::Action::WriteFor(number)),
        })
    })
    .await
}

#[server(prefix = "/sf", endpoint = "add_series_goal", output = Postcard)]
pub async fn add_series_goal(
    organisation_number: String,
    series: String,
    baseline_period: String,
    baseline: String,
    target: String,
    deadline: String,
    lower_is_better: Option<String>,
) -> Result<(), AppError> {
    let form = GoalForm {
        series,
        baseline_period,
        baseline,
        target,
        deadline,
        lower_is_better: lower_is_better.is_some(),
    };
    crate::error::respond(save(organisation_number, None, form)).await
}

#[server(prefix = "/sf", endpoint = "change_series_goal", output = Postcard)]
pub async fn change_series_goal(
    organisation_number: String,
    id: String,
    series: String,
    baseline_period: String,
    baseline: String,
    target: String,
    deadline: String,
    lower_is_better: Option<String>,
) -> Result<(), AppError> {
    let form = GoalForm {
        series,
        baseline_period,
        baseline,
        target,
        deadline,
        lower_is_better: lower_is_better.is_some(),
    };
    crate::error::respond(save(organisation_number, Some(id), form)).await
}

/// Adds the goal of `form`, or changes goal `id` to it, and goes back to the goals. Numbers
/// are read the Swedish or the English way, quarters as the pages or the API write them.
#[cfg(feature = "ssr")]
async fn save(
    organisation_number: String,
    id: Option<String>,
    form: GoalForm,
) -> Result<(), AppError> {
    use std::collections::BTreeMap;

    use effekt::use_cases::{SetSeriesGoal, add_series_goal, change_series_goal};

    use crate::error::refused_with;
    use crate::pages::organisation::typed_period;

    let number: effekt::OrgNumber = organisation_number
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let state = crate::state::page_state()?;
    let actor = crate::state::actor()?;
    let period = |text: &str| typed_period(text).map_or_else(|| text.to_owned(), |p| p.to_string());
    // Not a number: NaN, which the goal refuses as it refuses any number that is not finite.
    let number_in = |text: &str| effekt::parse_number(text).unwrap_or(f64::NAN);
    let command = SetSeriesGoal {
        series: form.series.clone(),
        baseline_period: period(&form.baseline_period),
        baseline: number_in(&form.baseline),
        target: number_in(&form.target),
        deadline: period(&form.deadline),
        // Unticked is the series' own direction: a form cannot tell unticked from unsaid.
        lower_is_better: form.lower_is_better.then_some(true),
    };
    let submitted = BTreeMap::from([
        ("series".to_owned(), form.series),
        ("baseline_period".to_owned(), form.baseline_period),
        ("baseline".to_owned(), form.baseline),
        ("target".to_owned(), form.target),
        ("deadline".to_owned(), form.deadline),
    ]);
    let (store, catalogue) = (&state.store, &state.catalogue);
    match id {
        None => add_series_goal(store, catalogue, &actor, number, command).await,
        Some(id) => change_series_goal(store, catalogue, &actor, number, &id, command).await,
    }
    .map_err(refused_with(submitted))?;
    leptos_axum::redirect(&format!("{}#goals-heading", routes::organisation(number)));
    Ok(())
}

#[server(prefix = "/sf", endpoint = "remove_series_goal", output = Postcard)]
pub async fn remove_series_goal(organisation_number: String, id: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        let number: effekt::OrgNumber = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        effekt::use_cases::remove_series_goal(&state.store, &actor, number, &id).await?;
        leptos_axum::redirect(&format!(
            "{}#goals-heading",
            crate::routes::organisation(number)
        ));
        Ok(())
    })
    .await
}

#[component]
pub fn OrganisationGoalsSection(number: String, lang: Lang) -> impl IntoView {
    let add = FormAction::<AddSeriesGoal>::new();
    let change = FormAction::<ChangeSeriesGoal>::new();
    let remove = FormAction::<RemoveSeriesGoal>::new();
    let goals = load(
        {
            let number = number.clone();
            move || {
                (
                    number.clone(),
                    add.version().get() + change.version().get() + remove.version().get(),
                )
            }
        },
        |(number, _)| get_organisation_goals(number),
    );
    let g = lang.goals_texts();
    view! {
        <section aria-labelledby="goals-heading">
            <h2 id="goals-heading">{g.organisation_heading}</h2>
            <FormErrors action_value=Signal::derive(move || add.value().get()) lang />
            <FormErrors action_value=Signal::derive(move || change.value().get()) lang />
            <FormErrors action_value=Signal::derive(move || remove.value().get()) lang />
            {loaded(goals, move |goals| {
                let number = number.clone();
                view! { <GoalsBody goals number add change remove lang /> }
            })}
            <p><a href=routes::GOALS>{g.all_goals}</a></p>
        </section>
    }
}

#[component]
fn GoalsBody(
    goals: OrganisationGoals,
    number: String,
    add: FormAction<AddSeriesGoal>,
    change: FormAction<ChangeSeriesGoal>,
    remove: FormAction<RemoveSeriesGoal>,
    lang: Lang,
) -> impl IntoView {
    let g = lang.goals_texts();
    let OrganisationGoals {
        rows,
        series,
        may_write,
    } = goals;
    // After a refused addition, the form shows what was typed, to correct it.
    let typed = match add.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. })) => GoalForm {
            series: submitted.get("series").cloned().unwrap_or_default(),
            baseline_period: submitted
                .get("baseline_period")
                .cloned()
                .unwrap_or_default(),
            baseline: submitted.get("baseline").cloned().unwrap_or_default(),
            target: submitted.get("target").cloned().unwrap_or_default(),
            deadline: submitted.get("deadline").cloned().unwrap_or_default(),
            lower_is_better: false,
        },
        _ => GoalForm::default(),
    };
    let editors = may_write.then(|| {
        rows.iter()
            .map(|row| {
                let summary = format!("{}: {}", g.change_or_remove, row.series);
                let prefix = format!("goal-{}", row.id);
                let (form, series) = (row.form.clone(), series.clone());
                let (change_number, change_id) = (number.clone(), row.id.clone());
                let (remove_number, remove_id) = (number.clone(), row.id.clone());
                view! {
                    <details class="goal-editor">
                        <summary>{summary}</summary>
                        <PostForm action=change attr:class="admin-form">
                            <input type="hidden" name="organisation_number" value=change_number />
                            <input type="hidden" name="id" value=change_id />
                            <GoalFields prefix form series lang />
                            <button type="submit">{g.save}</button>
                        </PostForm>
                        <PostForm action=remove attr:class="admin-form">
                            <input type="hidden" name="organisation_number" value=remove_number />
                            <input type="hidden" name="id" value=remove_id />
                            <button type="submit">{g.remove}</button>
                        </PostForm>
                    </details>
                }
            })
            .collect_view()
    });
    let adder = may_write.then(|| {
        view! {
            <h3 id="new-goal-heading">{g.new_goal}</h3>
            <PostForm action=add attr:class="admin-form" attr:aria-labelledby="new-goal-heading">
                <input type="hidden" name="organisation_number" value=number.clone() />
                <GoalFields prefix="new-goal".to_owned() form=typed series lang />
                <button type="submit">{g.add}</button>
            </PostForm>
        }
    });
    view! {
        {if rows.is_empty() {
            Either::Left(view! { <p>{g.organisation_none}</p> })
        } else {
            Either::Right(view! { <GoalsTable rows organisation_column=false lang /> })
        }}
        {editors}
        {adder}
    }
}

/// A goal's fields, their ids starting with `prefix` so that several forms share a page.
#[component]
fn GoalFields(
    prefix: String,
    form: GoalForm,
    series: Vec<(String, String)>,
    lang: Lang,
) -> impl IntoView {
    let g = lang.goals_texts();
    let id = |field: &str| format!("{prefix}-{field}");
    let hint = id("period-hint");
    view! {
        <p class="hint" id=hint.clone()>{g.period_hint}</p>
        <div class="field">
            <label for=id("series")>{g.series}</label>
            <select id=id("series") name="series">
                <option value="" selected=form.series.is_empty()>{g.choose_series}</option>
                {series
                    .into_iter()
                    .map(|(key, name)| {
                        let selected = key == form.series;
                        view! { <option value=key selected=selected>{name}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=id("baseline-period")>{g.baseline_period}</label>
            <input type="text" id=id("baseline-period") name="baseline_period"
                aria-describedby=hint.clone() value=form.baseline_period />
        </div>
        <div class="field">
            <label for=id("baseline")>{g.baseline_value}</label>
            <input type="text" inputmode="decimal" id=id("baseline") name="baseline" value=form.baseline />
        </div>
        <div class="field">
            <label for=id("target")>{g.target}</label>
            <input type="text" inputmode="decimal" id=id("target") name="target" value=form.target />
        </div>
        <div class="field">
            <label for=id("deadline")>{g.deadline}</label>
            <input type="text" id=id("deadline") name="deadline" aria-describedby=hint value=form.deadline />
        </div>
        <div class="field checkbox">
            <input type="checkbox" id=id("lower") name="lower_is_better" checked=form.lower_is_better />
            <label for=id("lower")>{g.lower_is_better}</label>
        </div>
    }
}
