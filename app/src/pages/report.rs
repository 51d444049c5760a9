//! The quarterly report form: choose organisation and quarter, enter or correct the figures.

use std::collections::BTreeMap;

use effekt::{
    Catalogue, FieldError, LESSONS_FIELD, OrgNumber, Organisation, PERIOD_FIELD, Period,
    PlausibilityWarning, REASON_FIELD, Report, ReportStatus, Series, Step, explanation_field,
};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::definition::SeriesDefinition;
use crate::error::AppError;
use crate::error_summary::{ErrorSummary, SummaryItem};
use crate::form_action::{FormAction, PostForm};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::local_time::Time;
use crate::routes;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportForm {
    pub catalogue: Catalogue,
    pub organisations: Vec<Organisation>,
    /// Newest first.
    pub periods: Vec<Period>,
    /// What the chooser offers first when no report is chosen: the analyst's own
    /// organisation, for an administrator the first one missing its report.
    pub start: Option<OrgNumber>,
    /// The quarter reports are due for now.
    pub start_period: Period,
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
    /// Why an administrator reopened the report, while it is open again.
    pub reopen_reason: Option<String>,
    /// What looks implausible among the stored figures.
    pub warnings: Vec<PlausibilityWarning>,
}

#[server(prefix = "/sf", endpoint = "report_form", input = Postcard, output = Postcard)]
pub async fn get_report_form(
    organisation: Option<String>,
    period: Option<String>,
) -> Result<ReportForm, AppError> {
    crate::error::respond(async move {
        /// How many quarters back the form offers.
        const QUARTERS_OFFERED: usize = 12;

        let state = crate::state::page_state()?;
        let newest = Period::current();
        let periods = newest.and_earlier(QUARTERS_OFFERED).collect();
        let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let due = Period::last_ended();
        // An organisation alone opens its report for the last full quarter.
        let selected = match organisation {
            Some(organisation) => {
                let number = organisation.parse().map_err(|_| AppError::NotFound)?;
                let period = match period {
                    Some(period) => period.parse().map_err(|_| AppError::NotFound)?,
                    None => due,
                };
                let organisation = state
                    .store
                    .organisation(number)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let report = state.store.report(number, period).await?;
                let reopen_reason = match report.as_ref().map(|r| r.status) {
                    Some(ReportStatus::Draft) => state.store.reopen_reason(number, period).await?,
                    _ => None,
                };
                let warnings = match &report {
                    Some(report) => {
                        state
                            .store
                            .report_warnings(&state.catalogue, report)
                            .await?
                    }
                    None => Vec::new(),
                };
                Some(Selected {
                    organisation,
                    period,
                    report,
                    may_write: user.may(effekt::Action::WriteFor(number)),
                    may_approve: user.may(effekt::Action::Approve),
                    reopen_reason,
                    warnings,
                })
            }
            None => None,
        };
        // Analysts report for their own organisation; administrators chase missing reports.
        let start = match user.organisation_number {
            Some(own) if user.may(effekt::Action::WriteFor(own)) => Some(own),
            _ if user.may(effekt::Action::Approve) => state
                .store
                .statuses_in(due)
                .await?
                .into_iter()
                .find(|(_, status)| status.is_none())
                .map(|(number, _)| number),
            _ => None,
        };
        Ok(ReportForm {
            catalogue: (*state.catalogue).clone(),
            organisations: state.store.organisations().await?,
            periods,
            start,
            start_period: due,
            selected,
        })
    })
    .await
}

/// Stores the figures typed into the form, and the explanations of flagged figures; empty fields
/// clear a figure or an explanation. An implausible figure is stored: the form shown again
/// warns of it. On any problem nothing is stored and every problem comes back with what was
/// typed. With `and_submit` (the submit button, which belongs to this form) the report is then
/// submitted in the same transaction, so what is submitted is what the form shows.
#[server(prefix = "/sf", endpoint = "save_report", output = Postcard)]
pub async fn save_report(
    organisation_number: String,
    period: String,
    values: BTreeMap<String, String>,
    lessons: String,
    explanations: Option<BTreeMap<String, String>>,
    and_submit: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        use effekt::use_cases::{Figures, SaveReport, save_report};

        let state = crate::state::page_state()?;
        let number = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let quarter: Period = period.parse().map_err(|_| AppError::NotFound)?;
        let explanations = explanations.unwrap_or_default();
        // Every problem shows the form again with what was typed.
        let mut submitted = values.clone();
        submitted.insert(LESSONS_FIELD.to_owned(), lessons.clone());
        submitted.extend(
            explanations
                .iter()
                .map(|(series, text)| (explanation_field(series), text.clone())),
        );
        let actor = crate::state::actor()?;
        let submit = and_submit.is_some();
        let command = SaveReport {
            organisation: number,
            period: quarter,
            figures: Figures::Typed {
                values,
                lessons,
                explanations,
            },
            and_submit: submit,
        };
        save_report(&state.store, &state.catalogue, &actor, command)
            .await
            .map_err(crate::error::refused_with(submitted))?;
        let done = if submit { "steg=inskickad" } else { "sparad=1" };
        leptos_axum::redirect(&format!(
            "{}?organisation={number}&period={quarter}&{done}",
            routes::REPORT
        ));
        Ok(())
    })
    .await
}

/// Submits, approves or reopens a report, then shows it again with what happened. Reopening
/// takes a reason, for the analysts who will change the report.
#[server(prefix = "/sf", endpoint = "report_step", output = Postcard)]
pub async fn take_report_step(
    organisation_number: String,
    period: String,
    step: Step,
    reason: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let number = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let quarter: Period = period.parse().map_err(|_| AppError::NotFound)?;
        let actor = crate::state::actor()?;
        // The form always asks why a report is reopened.
        let reason = (step == Step::Reopen).then(|| reason.unwrap_or_default());
        let submitted =
            BTreeMap::from([(REASON_FIELD.to_owned(), reason.clone().unwrap_or_default())]);
        effekt::use_cases::take_step(&state.store, &actor, number, quarter, step, reason)
            .await
            .map_err(crate::error::refused_with(submitted))?;
        let done = match step {
            Step::Submit => "inskickad",
            Step::Approve => "godkand",
            Step::Reopen => "oppnad",
        };
        leptos_axum::redirect(&format!(
            "{}?organisation={number}&period={quarter}&steg={done}",
            routes::REPORT
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
        .map(|s| s.organisation.organisation_number)
        .or(form.start);
    let chosen_period = form
        .selected
        .as_ref()
        .map_or(form.start_period, |s| s.period);
    view! {
        <form class="choose-report" method="get" action=routes::REPORT>
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
                                        selected=chosen_period == period
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
        reopen_reason,
        warnings,
    } = selected;
    // Read-only for those who may not write here, and for everyone once approved.
    let locked = !may_write || report.as_ref().is_some_and(|r| r.status.is_locked());
    let current_status = report.as_ref().map(|r| r.status);
    let may_submit = may_write && current_status == Some(ReportStatus::Draft);
    let may_approve_now = may_approve && current_status == Some(ReportStatus::Submitted);
    let may_reopen = may_approve
        && matches!(
            current_status,
            Some(ReportStatus::Submitted | ReportStatus::Approved)
        );
    let step_message = step_done.and_then(|done| match done.as_str() {
        "inskickad" => Some(t.submitted_message),
        "godkand" => Some(t.approved_message),
        "oppnad" => Some(t.reopened_message),
        _ => None,
    });
    // Just approved, the confirmation already says the report is locked.
    let just_approved = step_message == Some(t.approved_message);
    let step_failure = move || match step.value().get() {
        Some(Err(AppError::Step)) => Some(t.step_not_possible),
        Some(Err(AppError::Forbidden)) => Some(t.forbidden),
        Some(Err(AppError::Locked)) => Some(t.locked),
        Some(Err(AppError::Invalid { .. })) => Some(t.reopen_refused),
        Some(Err(_)) => Some(t.error_text),
        _ => None,
    };
    // What a refused reopening said about its reason, and what was typed.
    let reason_problem = move || match step.value().get() {
        Some(Err(AppError::Invalid { errors, submitted })) => (
            errors
                .into_iter()
                .find(|e| e.field == REASON_FIELD)
                .map(|e| lang.problem(&e.problem)),
            submitted.get(REASON_FIELD).cloned().unwrap_or_default(),
        ),
        _ => (None, String::new()),
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
        Some(Err(AppError::Step)) => Some(t.step_not_possible),
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
                    _ if key.starts_with(effekt::EXPLANATION_FIELD_PREFIX) => r
                        .explanations
                        .iter()
                        .find(|(k, _)| explanation_field(k.as_str()) == key)
                        .map(|(_, text)| text.clone()),
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
                (Some(ReportStatus::Approved), _) if just_approved => None,
                (Some(ReportStatus::Approved), _) => Some(Either::Left(view! { <p class="notice">{t.locked}</p> })),
                (_, false) => Some(Either::Right(view! { <p class="notice">{t.read_only}</p> })),
                _ => None,
            }}
            {reopen_reason.map(|reason| view! {
                <p class="notice reopen-reason"><strong>{t.reopened_because}</strong>" "{reason}</p>
            })}
            {move || failure().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            <FigureErrors errors=Signal::derive(move || problems().0) catalogue=catalogue.clone() lang />
            <WarningSummary warnings=warnings.clone() catalogue=catalogue.clone() lang />
            <PostForm action=save attr:id=FIGURES_FORM attr:class="figures-form" attr:novalidate=true>
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
                                        let field_warnings: Vec<String> = warnings
                                            .iter()
                                            .filter(|w| w.field == series.key)
                                            .map(|w| lang.implausibility(&w.problem))
                                            .collect();
                                        let explanation = {
                                            let field = explanation_field(&key);
                                            let field_text = field_text.clone();
                                            move || field_text(&field)
                                        };
                                        let explanation_problem = {
                                            let field = explanation_field(&key);
                                            move || {
                                                problems()
                                                    .0
                                                    .into_iter()
                                                    .find(|e| e.field == field)
                                                    .map(|e| lang.problem(&e.problem))
                                            }
                                        };
                                        let flagged = !field_warnings.is_empty();
                                        view! {
                                            <FigureField series=series.clone() lang value problem warnings=field_warnings locked />
                                            {flagged.then(|| view! {
                                                <ExplanationField
                                                    series=key.clone()
                                                    explanation
                                                    problem=explanation_problem
                                                    locked
                                                    lang
                                                />
                                            })}
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
            // After the fields, so that the keyboard reaches them first.
            {(may_submit || may_approve_now || may_reopen).then(|| {
                let org = organisation.organisation_number.to_string();
                let hidden = move |which: Step| view! {
                    <input type="hidden" name="organisation_number" value=org.clone() />
                    <input type="hidden" name="period" value=period.to_string() />
                    <input type="hidden" name="step" value=step_value(which) />
                };
                view! {
                    <div class="workflow">
                        // Submitting sends the figures form, so what is in it is saved first.
                        {may_submit.then(|| view! {
                            <button type="submit" form=FIGURES_FORM name="and_submit" value="1">{t.submit}</button>
                        })}
                        {may_approve_now.then(|| {
                            let fields = hidden(Step::Approve);
                            view! {
                                <PostForm action=step attr:class="workflow-step">
                                    {fields}
                                    <button type="submit">{t.approve}</button>
                                </PostForm>
                            }
                        })}
                        {may_reopen.then(|| {
                            let fields = hidden(Step::Reopen);
                            view! {
                                <PostForm action=step attr:class="workflow-step reopen-step" attr:novalidate=true>
                                    {fields}
                                    <ReasonField problem=reason_problem lang />
                                    <button type="submit">{t.reopen}</button>
                                </PostForm>
                            }
                        })}
                    </div>
                }
            })}
        </section>
    }
}

/// The id of the figures form, which the submit button outside it names.
const FIGURES_FORM: &str = "figures-form";

/// Why the report is reopened; after a refusal, the problem and what was typed.
#[component]
fn ReasonField(
    problem: impl Fn() -> (Option<String>, String) + Send + Sync + Copy + 'static,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let error = move || problem().0;
    view! {
        <div class="field">
            <label for="reopen-reason">{t.reopen_reason}</label>
            <p class="hint" id="reopen-reason-hint">{t.reopen_reason_hint}</p>
            {move || error().map(|text| view! {
                <p class="field-error" id="reopen-reason-error">{text}</p>
            })}
            <textarea
                id="reopen-reason"
                name="reason"
                rows="3"
                maxlength=effekt::MAX_REASON_CHARS.to_string()
                aria-required="true"
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || {
                    if error().is_some() {
                        "reopen-reason-hint reopen-reason-error"
                    } else {
                        "reopen-reason-hint"
                    }
                }
                prop:value=move || problem().1
            >
                {move || raw_text(&problem().1)}
            </textarea>
        </div>
    }
}

/// One figure's input with its unit, allowed range and, after a failed save, its problem.
#[component]
fn FigureField(
    series: Series,
    lang: Lang,
    value: impl Fn() -> String + Send + Sync + Clone + 'static,
    problem: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    /// Why the stored figure looks implausible, in the reader's language.
    warnings: Vec<String>,
    locked: bool,
) -> impl IntoView {
    let t = lang.texts();
    let id = format!("field-{}", series.key);
    let hint_id = format!("{id}-hint");
    let definition_id = format!("{id}-definition");
    let error_id = format!("{id}-error");
    let warning_id = warning_id(series.key.as_str());
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
    let help = if warnings.is_empty() {
        format!("{hint_id} {definition_id}")
    } else {
        format!("{hint_id} {definition_id} {warning_id}")
    };
    let (described_by, invalid) = aria_for(help, error_id.clone(), problem.clone());
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
            {(!warnings.is_empty()).then(|| {
                let check = lang.plausibility_texts().check;
                view! {
                    <div class="field-warning" id=warning_id>
                        {warnings
                            .into_iter()
                            .map(|text| view! { <p><strong>{check}</strong>" "{text}</p> })
                            .collect_view()}
                    </div>
                }
            })}
            <details class="definition-details">
                <summary>{t.definition}</summary>
                <SeriesDefinition definition=series.definition.clone() lang id=definition_id />
            </details>
        </div>
    }
}

/// A field's `aria-describedby` (its `help`, and its error while it has one) and
/// `aria-invalid`.
fn aria_for(
    help: String,
    error_id: String,
    problem: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
) -> (
    impl Fn() -> String + Send + Sync + Clone + 'static,
    impl Fn() -> Option<&'static str> + Send + Sync + Clone + 'static,
) {
    let invalid = {
        let problem = problem.clone();
        move || problem().is_some().then_some("true")
    };
    let described_by = move || {
        if problem().is_some() {
            format!("{help} {error_id}")
        } else {
            help.clone()
        }
    };
    (described_by, invalid)
}

/// The id of the warnings beside the field of `series`.
fn warning_id(series: &str) -> String {
    format!("field-{series}-warning")
}

/// The analyst's explanation of a flagged figure: a text field for those who may write, the
/// text for everyone else.
#[component]
fn ExplanationField(
    series: String,
    explanation: impl Fn() -> String + Send + Sync + Clone + 'static,
    problem: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    locked: bool,
    lang: Lang,
) -> impl IntoView {
    let p = lang.plausibility_texts();
    if locked {
        let text = explanation();
        return Either::Left((!text.is_empty()).then(|| {
            view! {
                <p class="explanation"><strong>{p.explained}</strong>" "{text}</p>
            }
        }));
    }
    let id = format!("explanation-{series}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let help = format!("{} {hint_id}", warning_id(&series));
    let (described_by, invalid) = aria_for(help, error_id.clone(), problem.clone());
    Either::Right(view! {
        <div class="field explanation-field">
            <label for=id.clone()>{p.explanation}</label>
            <p class="hint" id=hint_id>{p.explanation_hint}</p>
            {
                let error_id = error_id.clone();
                move || problem().map(|text| view! {
                    <p class="field-error" id=error_id.clone()>{text}</p>
                })
            }
            <textarea
                id=id
                name=format!("explanations[{series}]")
                rows="2"
                maxlength=effekt::MAX_EXPLANATION_CHARS.to_string()
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value={
                    let explanation = explanation.clone();
                    move || explanation()
                }
            >
                {
                    let explanation = explanation.clone();
                    move || raw_text(&explanation())
                }
            </textarea>
        </div>
    })
}

/// The figures that look implausible, at the top of the form, each linking to its field. Not
/// an alert: they are saved, and the form may be sent as it is.
#[component]
fn WarningSummary(
    warnings: Vec<PlausibilityWarning>,
    catalogue: Catalogue,
    lang: Lang,
) -> impl IntoView {
    let p = lang.plausibility_texts();
    (!warnings.is_empty()).then(|| {
        let items = warnings
            .into_iter()
            .map(|warning| {
                let label = catalogue.find_series(warning.field.as_str()).map_or_else(
                    || warning.field.to_string(),
                    |s| lang.pick(&s.name_sv, &s.name_en).to_owned(),
                );
                view! {
                    <li>
                        <a href=format!("#field-{}", warning.field)>
                            {label}": "{lang.implausibility(&warning.problem)}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="warning-summary" aria-labelledby="warning-summary-heading">
                <h3 id="warning-summary-heading">{p.summary}</h3>
                <p>{p.summary_hint}</p>
                <ul>{items}</ul>
            </section>
        }
    })
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
fn FigureErrors(
    errors: Signal<Vec<FieldError>>,
    catalogue: Catalogue,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    // With JavaScript the page is not loaded again after a refused save, so the summary is
    // focused as a new page's would be read first.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if !errors.with(Vec::is_empty) {
            request_animation_frame(|| focus(ERROR_SUMMARY));
        }
    });
    move || {
        let errors = errors.get();
        (!errors.is_empty()).then(|| {
            let items = errors
                .into_iter()
                .map(|error| {
                    let explained = error.field.strip_prefix(effekt::EXPLANATION_FIELD_PREFIX);
                    let series = catalogue.find_series(explained.unwrap_or(&error.field));
                    let label = match (series, explained) {
                        (Some(series), None) => {
                            lang.pick(&series.name_sv, &series.name_en).to_owned()
                        }
                        (Some(series), Some(_)) => format!(
                            "{} – {}",
                            lang.pick(&series.name_sv, &series.name_en),
                            lang.plausibility_texts().explanation_name
                        ),
                        (None, _) if error.field == LESSONS_FIELD => t.lessons.to_owned(),
                        (None, _) if error.field == PERIOD_FIELD => t.quarter.to_owned(),
                        (None, _) => error.field.clone(),
                    };
                    // The quarter is chosen above the form, not typed in it.
                    let target = match (error.field.as_str(), explained) {
                        (PERIOD_FIELD, _) => "choose-period".to_owned(),
                        (_, Some(series)) => format!("explanation-{series}"),
                        (field, None) => format!("field-{field}"),
                    };
                    SummaryItem {
                        text: format!("{label}: {}", lang.problem(&error.problem)),
                        target: Some(target),
                    }
                })
                .collect();
            view! { <ErrorSummary heading=t.error_summary items id=ERROR_SUMMARY nested=true /> }
        })
    }
}

const ERROR_SUMMARY: &str = "error-summary";

/// Moves the keyboard focus to the element `id`, if the page has it.
#[cfg(feature = "hydrate")]
fn focus(id: &str) {
    use wasm_bindgen::JsCast;

    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        // Focusing cannot fail in a way the reader could act on.
        let _ = element.focus();
    }
}
