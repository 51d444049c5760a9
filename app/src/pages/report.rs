//! The quarterly report form: choose organisation and quarter, enter or correct the figures.

use std::collections::BTreeMap;

use effekt::{
    Catalogue, FieldError, LESSONS_FIELD, Organisation, PERIOD_FIELD, Period, Report, ReportStatus,
    Series, Step,
};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::form_action::{FormAction, PostForm};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loaded::load;
use crate::local_time::Time;
use crate::pages::loading::loaded;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportForm {
    pub catalogue: Catalogue,
    pub organisations: Vec<Organisation>,
    /// Newest first.
    pub periods: Vec<Period>,
    pub selected: Option<Selected>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Selected {
    pub organisation: Organisation,
    pub period: Period,
    /// None until the report is first saved.
    pub report: Option<Report>,
    /// Whether the signed-in user may enter figures and submit for this organisation.
    pub may_write: bool,
    /// Whether the signed-in user may approve and reopen.
    pub may_approve: bool,
}

#[server(prefix = "/sf", endpoint = "report_form", input = Postcard, output = Postcard)]
pub async fn get_report_form(
    organisation: Option<String>,
    period: Option<String>,
) -> Result<ReportForm, AppError> {
    crate::error::respond(async move {
        /// How many quarters back the form offers.
        const QUARTERS_OFFERED: usize = 12;

        let state = crate::state::server_state()?;
        let newest = Period::current();
        let periods = std::iter::successors(Some(newest), |p| p.previous())
            .take(QUARTERS_OFFERED)
            .collect();
        // An organisation alone opens its report for the last full quarter.
        let selected = match organisation {
            Some(organisation) => {
                let number = organisation.parse().map_err(|_| AppError::NotFound)?;
                let period = match period {
                    Some(period) => period.parse().map_err(|_| AppError::NotFound)?,
                    None => Period::last_ended(),
                };
                let organisation = state
                    .store
                    .organisation(number)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let report = state.store.report(number, period).await?;
                let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
                Some(Selected {
                    organisation,
                    period,
                    report,
                    may_write: user.may(effekt::Action::WriteFor(number)),
                    may_approve: user.may(effekt::Action::Approve),
                })
            }
            None => None,
        };
        Ok(ReportForm {
            catalogue: (*state.catalogue).clone(),
            organisations: state.store.organisations().await?,
            periods,
            selected,
        })
    })
    .await
}

/// Stores the figures typed into the form; empty fields clear a figure. On any problem nothing
/// is stored and every problem comes back with what was typed.
#[server(prefix = "/sf", endpoint = "save_report", output = Postcard)]
pub async fn save_report(
    organisation_number: String,
    period: String,
    values: BTreeMap<String, String>,
    lessons: String,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        use effekt::{Entry, ReportUpdate};

        let state = crate::state::server_state()?;
        let number = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let quarter: Period = period.parse().map_err(|_| AppError::NotFound)?;
        // Every problem shows the form again with what was typed.
        let invalid = |errors: Vec<FieldError>| {
            let mut submitted = values.clone();
            submitted.insert(LESSONS_FIELD.to_owned(), lessons.clone());
            AppError::Invalid { errors, submitted }
        };
        let entries = values
            .iter()
            .map(|(key, text)| (key.clone(), Entry::Text(text.clone())));
        let update = ReportUpdate::parse(&state.catalogue, entries, Some(lessons.clone()))
            .map_err(invalid)?;
        let actor = crate::state::actor()?;
        state
            .store
            .save_report(number, quarter, &update, &actor)
            .await
            .map_err(|error| match error {
                effekt::store::StoreError::NotBegun(not_begun) => invalid(vec![not_begun.into()]),
                other => other.into(),
            })?;
        leptos_axum::redirect(&format!(
            "/rapport?organisation={number}&period={quarter}&sparad=1"
        ));
        Ok(())
    })
    .await
}

/// Submits, approves or reopens a report, then shows it again with what happened.
#[server(prefix = "/sf", endpoint = "report_step", output = Postcard)]
pub async fn take_report_step(
    organisation_number: String,
    period: String,
    step: Step,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        let state = crate::state::server_state()?;
        let number = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let quarter: Period = period.parse().map_err(|_| AppError::NotFound)?;
        let actor = crate::state::actor()?;
        state.store.take_step(number, quarter, step, &actor).await?;
        let done = match step {
            Step::Submit => "inskickad",
            Step::Approve => "godkand",
            Step::Reopen => "oppnad",
        };
        leptos_axum::redirect(&format!(
            "/rapport?organisation={number}&period={quarter}&steg={done}"
        ));
        Ok(())
    })
    .await
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let save = FormAction::<SaveReport>::new();
    let step = FormAction::<TakeReportStep>::new();
    let form = load(
        move || {
            let query = query.read();
            (
                query.get("organisation"),
                query.get("period"),
                save.version().get(),
                step.version().get(),
            )
        },
        |(organisation, period, _, _)| get_report_form(organisation, period),
    );
    let saved = move || query.read().get("sparad").is_some();
    let step_done = move || query.read().get("steg");
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.report_title)) />
        <h1>{t.report_title}</h1>
        <p class="lead">{t.report_intro}</p>
        {loaded(form, move |form| view! {
            <ChooseReport form=form.clone() lang />
            {form
                .selected
                .clone()
                .map(|selected| {
                    view! {
                        <FiguresForm
                            catalogue=form.catalogue.clone()
                            selected
                            save
                            step
                            saved=saved()
                            step_done=step_done()
                            lang
                        />
                    }
                })}
        })}
    }
}

/// A plain GET form, so the chosen report has an address of its own.
#[component]
fn ChooseReport(form: ReportForm, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let chosen_org = form
        .selected
        .as_ref()
        .map(|s| s.organisation.organisation_number);
    let chosen_period = form
        .selected
        .as_ref()
        .map(|s| s.period)
        .or_else(|| form.periods.get(1).copied());
    view! {
        <form class="choose-report" method="get" action="/rapport">
            <fieldset>
                <legend>{t.choose}</legend>
                <div class="field">
                    <label for="choose-organisation">{t.organisation}</label>
                    <select id="choose-organisation" name="organisation">
                        {form
                            .organisations
                            .into_iter()
                            .map(|org| {
                                let number = org.organisation_number;
                                view! {
                                    <option
                                        value=number.to_string()
                                        selected=chosen_org == Some(number)
                                    >
                                        {org.name.to_string()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="choose-period">{t.quarter}</label>
                    <select id="choose-period" name="period">
                        {form
                            .periods
                            .into_iter()
                            .map(|period| {
                                view! {
                                    <option
                                        value=period.to_string()
                                        selected=chosen_period == Some(period)
                                    >
                                        {lang.period(period)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit">{t.open_report}</button>
            </fieldset>
        </form>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn FiguresForm(
    catalogue: Catalogue,
    selected: Selected,
    save: FormAction<SaveReport>,
    step: FormAction<TakeReportStep>,
    saved: bool,
    step_done: Option<String>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let Selected {
        organisation,
        period,
        report,
        may_write,
        may_approve,
    } = selected;
    // Read-only for those who may not write here, and for everyone once approved.
    let locked = !may_write || report.as_ref().is_some_and(|r| r.status.is_locked());
    let current_status = report.as_ref().map(|r| r.status);
    let steps: Vec<(Step, &'static str)> = [
        (
            Step::Submit,
            t.submit,
            may_write && current_status == Some(ReportStatus::Draft),
        ),
        (
            Step::Approve,
            t.approve,
            may_approve && current_status == Some(ReportStatus::Submitted),
        ),
        (
            Step::Reopen,
            t.reopen,
            may_approve
                && matches!(
                    current_status,
                    Some(ReportStatus::Submitted | ReportStatus::Approved)
                ),
        ),
    ]
    .into_iter()
    .filter(|(_, _, allowed)| *allowed)
    .map(|(step, label, _)| (step, label))
    .collect();
    let step_message = step_done.and_then(|done| match done.as_str() {
        "inskickad" => Some(t.submitted_message),
        "godkand" => Some(t.approved_message),
        "oppnad" => Some(t.reopened_message),
        _ => None,
    });
    let step_failure = move || match step.value().get() {
        Some(Err(AppError::Step)) => Some(t.step_not_possible),
        Some(Err(AppError::Forbidden)) => Some(t.forbidden),
        Some(Err(AppError::Locked)) => Some(t.locked),
        Some(Err(_)) => Some(t.error_text),
        _ => None,
    };
    let stored = report.clone();
    // What the last failed save said, and what was typed then; both empty otherwise.
    let problems = move || match save.value().get() {
        Some(Err(AppError::Invalid { errors, submitted })) => (errors, submitted),
        _ => (Vec::new(), BTreeMap::new()),
    };
    let failure = move || match save.value().get() {
        Some(Err(AppError::Locked)) => Some(t.locked),
        Some(Err(AppError::Forbidden)) => Some(t.forbidden),
        Some(Err(AppError::Invalid { .. })) | Some(Ok(())) | None => None,
        Some(Err(_)) => Some(t.error_text),
    };
    let field_text = move |key: &str| {
        let (_, submitted) = problems();
        submitted.get(key).cloned().unwrap_or_else(|| {
            stored
                .as_ref()
                .and_then(|r| match key {
                    LESSONS_FIELD => Some(r.lessons.clone()),
                    _ => r
                        .values
                        .iter()
                        .find(|(k, _)| k.as_str() == key)
                        .map(|(_, v)| format::input_value(lang, *v)),
                })
                .unwrap_or_default()
        })
    };
    let heading = format!("{} – {}", organisation.name, lang.period(period));
    let status = report
        .as_ref()
        .map(|r| lang.status(r.status).to_owned())
        .unwrap_or_else(|| t.new_report.to_owned());
    let changed = report.as_ref().map(|r| r.updated_at.clone());
    view! {
        <section class="report" aria-labelledby="report-heading">
            <h2 id="report-heading">{heading}</h2>
            <p class="report-status">
                <strong>{t.status}": "</strong>
                {status}
                {changed.map(|at| view! { " · "{t.last_changed}" "<Time lang at /> })}
            </p>
            {saved.then(|| view! { <p class="notice notice-success" role="status">{t.saved}</p> })}
            {step_message.map(|text| view! { <p class="notice notice-success" role="status">{text}</p> })}
            {move || step_failure().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            {match (current_status, may_write) {
                (Some(ReportStatus::Approved), _) => Some(Either::Left(view! { <p class="notice">{t.locked}</p> })),
                (_, false) => Some(Either::Right(view! { <p class="notice">{t.read_only}</p> })),
                _ => None,
            }}
            {(!steps.is_empty()).then(|| {
                let org = organisation.organisation_number;
                view! {
                    <div class="workflow">
                        {steps
                            .into_iter()
                            .map(|(which, label)| view! {
                                <PostForm action=step attr:class="workflow-step">
                                    <input type="hidden" name="organisation_number" value=org.to_string() />
                                    <input type="hidden" name="period" value=period.to_string() />
                                    <input type="hidden" name="step" value=step_value(which) />
                                    <button type="submit">{label}</button>
                                </PostForm>
                            })
                            .collect_view()}
                    </div>
                }
            })}
            {move || failure().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <ErrorSummary errors=Signal::derive(move || problems().0) catalogue=catalogue.clone() lang />
            <PostForm action=save attr:class="figures-form" attr:novalidate=true>
                <input type="hidden" name="organisation_number" value=organisation.organisation_number.to_string() />
                <input type="hidden" name="period" value=period.to_string() />
                {catalogue
                    .measures()
                    .iter()
                    .map(|measure| {
                        let legend = match lang {
                            Lang::Sv => &measure.name_sv,
                            Lang::En => &measure.name_en,
                        };
                        view! {
                            <fieldset class="measure-fields">
                                <legend>{measure.number}". "{legend.clone()}</legend>
                                {measure
                                    .series
                                    .iter()
                                    .map(|series| {
                                        let key = series.key.to_string();
                                        let problem = {
                                            let key = key.clone();
                                            move || {
                                                problems()
                                                    .0
                                                    .into_iter()
                                                    .find(|e| e.field == key)
                                                    .map(|e| lang.problem(&e.problem))
                                            }
                                        };
                                        let value = {
                                            let key = key.clone();
                                            let field_text = field_text.clone();
                                            move || field_text(&key)
                                        };
                                        view! {
                                            <FigureField series=series.clone() lang value problem locked />
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                        }
                    })
                    .collect_view()}
                <div class="field">
                    <label for="field-lessons">{t.lessons}</label>
                    <p class="hint" id="field-lessons-hint">{t.lessons_hint}</p>
                    {
                        let lessons_problem = move || {
                            problems()
                                .0
                                .into_iter()
                                .find(|e| e.field == LESSONS_FIELD)
                                .map(|e| lang.problem(&e.problem))
                        };
                        view! {
                            {move || lessons_problem().map(|text| view! {
                                <p class="field-error" id="field-lessons-error">{text}</p>
                            })}
                            <textarea
                                id="field-lessons"
                                name="lessons"
                                rows="5"
                                disabled=locked
                                aria-invalid=move || lessons_problem().is_some().then_some("true")
                                aria-describedby=move || {
                                    if lessons_problem().is_some() {
                                        "field-lessons-hint field-lessons-error"
                                    } else {
                                        "field-lessons-hint"
                                    }
                                }
                                prop:value={
                                    let field_text = field_text.clone();
                                    move || field_text(LESSONS_FIELD)
                                }
                            >
                                {
                                    let field_text = field_text.clone();
                                    move || raw_text(&field_text(LESSONS_FIELD))
                                }
                            </textarea>
                        }
                    }
                </div>
                {(!locked).then(|| view! { <button type="submit">{t.save}</button> })}
            </PostForm>
        </section>
    }
}

/// One figure's input with its unit, allowed range and, after a failed save, its problem.
#[component]
fn FigureField(
    series: Series,
    lang: Lang,
    value: impl Fn() -> String + Send + Sync + Clone + 'static,
    problem: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    locked: bool,
) -> impl IntoView {
    let t = lang.texts();
    let id = format!("field-{}", series.key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let name = match lang {
        Lang::Sv => series.name_sv.clone(),
        Lang::En => series.name_en.clone(),
    };
    let hint = format!(
        "{}: {}. {}: {}",
        t.unit,
        lang.unit(series.unit),
        t.allowed,
        allowed_text(lang, &series)
    );
    let described_by = {
        let (hint_id, error_id, problem) = (hint_id.clone(), error_id.clone(), problem.clone());
        move || {
            if problem().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let invalid = {
        let problem = problem.clone();
        move || problem().is_some().then_some("true")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{name}</label>
            <p class="hint" id=hint_id>{hint}</p>
            {
                let error_id = error_id.clone();
                move || problem().map(|text| view! {
                    <p class="field-error" id=error_id.clone()>{text}</p>
                })
            }
            <input
                type="text"
                inputmode="decimal"
                autocomplete="off"
                id=id
                name=format!("values[{}]", series.key)
                value=value.clone()
                prop:value=value
                disabled=locked
                aria-invalid=invalid
                aria-describedby=described_by
            />
        </div>
    }
}

/// How a step is named in a form, as serde names it.
fn step_value(step: Step) -> &'static str {
    match step {
        Step::Submit => "submit",
        Step::Approve => "approve",
        Step::Reopen => "reopen",
    }
}

/// The valid range in words: "0–100, whole numbers".
fn allowed_text(lang: Lang, series: &Series) -> String {
    let number = |n: f64| format::number(lang, n, false);
    let range = match (series.min, series.max, lang) {
        (Some(min), Some(max), _) => format!("{}–{}", number(min), number(max)),
        (Some(min), None, _) => format!("≥ {}", number(min)),
        (None, Some(max), _) => format!("≤ {}", number(max)),
        (None, None, Lang::Sv) => "alla tal".to_owned(),
        (None, None, Lang::En) => "any number".to_owned(),
    };
    match (series.integer, lang) {
        (true, Lang::Sv) => format!("{range}, heltal"),
        (true, Lang::En) => format!("{range}, whole numbers"),
        (false, _) => range,
    }
}

/// The list of problems at the top of the form, each linking to its field.
#[component]
fn ErrorSummary(
    errors: Signal<Vec<FieldError>>,
    catalogue: Catalogue,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            let items = errors
                .into_iter()
                .map(|error| {
                    let label = match (catalogue.find_series(&error.field), lang) {
                        (Some(series), Lang::Sv) => series.name_sv.clone(),
                        (Some(series), Lang::En) => series.name_en.clone(),
                        (None, _) if error.field == LESSONS_FIELD => t.lessons.to_owned(),
                        (None, _) if error.field == PERIOD_FIELD => t.quarter.to_owned(),
                        (None, _) => error.field.clone(),
                    };
                    // The quarter is chosen above the form, not typed in it.
                    let target = match error.field.as_str() {
                        PERIOD_FIELD => "choose-period".to_owned(),
                        field => format!("field-{field}"),
                    };
                    view! {
                        <li>
                            <a href=format!("#{target}")>
                                {label}": "{lang.problem(&error.problem)}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h3>{t.error_summary}</h3>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
