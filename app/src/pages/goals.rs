//! `/mal`: every organisation's goals that steer with their verdicts, for leadership; chosen by
//! organisation kind and measure in the address, and as CSV.

use effekt::{FieldError, Measure, OrgKind, Verdict};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_summary::FilterErrors;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pager::query_value;
use crate::raw_text::raw_text;
use crate::routes;

/// One goal as the table shows it, its numbers written out in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalRow {
    pub id: String,
    pub organisation_number: String,
    pub organisation_name: String,
    pub series: String,
    /// "2 (2024 K4)": the baseline value and quarter.
    pub baseline: String,
    /// "10 (2026 K4)": the target and the deadline.
    pub target: String,
    pub latest: Option<String>,
    pub progress: Option<String>,
    pub straight_line: Option<String>,
    pub constant_growth: Option<String>,
    pub verdict: Option<Verdict>,
    /// The goal as its form shows it, to change it.
    pub form: GoalForm,
}

/// A goal's fields as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoalForm {
    pub series: String,
    pub baseline_period: String,
    pub baseline: String,
    pub target: String,
    pub deadline: String,
    pub lower_is_better: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoalsView {
    pub kind: String,
    pub measure: String,
    pub measures: Vec<Measure>,
    /// What is wrong with the filters, by field; no goals are shown then.
    pub problems: Vec<FieldError>,
    pub rows: Vec<GoalRow>,
}

#[server(prefix = "/sf", endpoint = "goals", input = Postcard, output = Postcard)]
pub async fn get_goals(kind: String, measure: String) -> Result<GoalsView, AppError> {
    crate::error::respond(async move {
        use effekt::analytics::GoalsFilter;

        crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let state = crate::state::page_state()?;
        let mut view = GoalsView {
            measures: state.catalogue.measures().to_vec(),
            problems: Vec::new(),
            rows: Vec::new(),
            kind,
            measure,
        };
        let filter = match GoalsFilter::parse(
            Some(view.kind.as_str()),
            Some(view.measure.as_str()),
            &state.catalogue,
        ) {
            Ok(filter) => filter,
            Err(errors) => {
                view.problems = errors.iter().map(FieldError::from).collect();
                return Ok(view);
            }
        };
        let lang = crate::i18n::current_lang();
        view.rows = state
            .analytics
            .leadership(&state.catalogue, &filter)
            .await?
            .into_iter()
            .map(|goal| row(lang, &state.catalogue, &goal.organisation, goal.standing))
            .collect();
        Ok(view)
    })
    .await
}

/// A goal's row: its series by the name the dashboards give it, shares as percent.
#[cfg(feature = "ssr")]
pub(crate) fn row(
    lang: Lang,
    catalogue: &effekt::Catalogue,
    organisation: &effekt::Organisation,
    standing: effekt::analytics::GoalStanding,
) -> GoalRow {
    use crate::format::{input_value, number};
    use crate::series_view::{SeriesView, series_views};

    let stored = &standing.stored;
    let series = stored.goal.series.as_str();
    let view: Option<SeriesView> = catalogue
        .measures()
        .iter()
        .flat_map(|m| series_views(catalogue, m))
        .find(|v| v.key == series);
    let show = |value: f64| match &view {
        Some(view) if view.scale(1.0) != 1.0 => {
            format!("{} %", number(lang, view.scale(value), false))
        }
        _ => number(lang, value, false),
    };
    let progress = &standing.progress;
    GoalRow {
        id: stored.id.clone(),
        organisation_number: organisation.organisation_number.to_string(),
        organisation_name: organisation.name.to_string(),
        series: view.as_ref().map_or(series, |v| v.name(lang)).to_owned(),
        baseline: format!(
            "{} ({})",
            show(stored.goal.baseline),
            lang.period(stored.goal.baseline_period)
        ),
        target: format!(
            "{} ({})",
            show(stored.goal.target),
            lang.period(stored.goal.deadline)
        ),
        latest: progress
            .latest
            .map(|(period, value)| format!("{} ({})", show(value), lang.period(period))),
        progress: progress
            .share
            .map(|share| format!("{} %", number(lang, share * 100.0, true))),
        straight_line: progress.straight_line.map(show),
        constant_growth: progress.constant_growth.map(show),
        verdict: progress.verdict,
        form: GoalForm {
            series: series.to_owned(),
            baseline_period: lang.period(stored.goal.baseline_period),
            baseline: input_value(lang, stored.goal.baseline),
            target: input_value(lang, stored.goal.target),
            deadline: lang.period(stored.goal.deadline),
            lower_is_better: stored.goal.lower_is_better,
        },
    }
}

#[component]
pub fn GoalsPage() -> impl IntoView {
    let lang = use_lang();
    let g = lang.goals_texts();
    let query = use_query_map();
    let goals = load(
        move || {
            let query = query.read();
            (
                query.get("kind").unwrap_or_default(),
                query.get("measure").unwrap_or_default(),
            )
        },
        |(kind, measure)| get_goals(kind, measure),
    );
    view! {
        <Title text=raw_text(&format!("{} – Effekt", g.title)) />
        <h1>{g.title}</h1>
        <p class="lead">{g.intro}</p>
        <p>{g.rule}</p>
        {loaded(goals, move |view| view! { <GoalsBody view lang /> })}
    }
}

#[component]
fn GoalsBody(view: GoalsView, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let g = lang.goals_texts();
    let GoalsView {
        kind,
        measure,
        measures,
        problems,
        rows,
    } = view;
    let invalid = |field: &str| problems.iter().any(|p| p.field == field).then_some("true");
    let query = format!(
        "kind={}&measure={}",
        query_value(&kind),
        query_value(&measure)
    );
    let count = |verdict| rows.iter().filter(|r| r.verdict == Some(verdict)).count();
    let tally = lang.goals_tally(
        rows.len(),
        count(Verdict::OnTrack),
        count(Verdict::AtRisk),
        count(Verdict::OffTrack),
    );
    let table = if rows.is_empty() {
        Either::Left(view! { <p>{g.none}</p> })
    } else {
        Either::Right(view! { <GoalsTable rows organisation_column=true lang /> })
    };
    view! {
        <FilterErrors problems=problems.clone() lang />
        <form method="get" action=routes::GOALS class="choose-report filters">
            <fieldset>
                <legend>{g.filters}</legend>
                <div class="field">
                    <label for="goals-kind">{t.kind}</label>
                    <select id="goals-kind" name="kind" aria-invalid=invalid("kind")>
                        <option value="" selected=kind.is_empty()>{t.all_kinds}</option>
                        {OrgKind::ALL
                            .into_iter()
                            .map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{lang.kind(k)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="goals-measure">{g.measure}</label>
                    <select id="goals-measure" name="measure" aria-invalid=invalid("measure")>
                        <option value="" selected=measure.is_empty()>{g.all_measures}</option>
                        {measures
                            .iter()
                            .map(|m| {
                                let selected = m.key == measure;
                                view! {
                                    <option value=m.key.clone() selected=selected>
                                        {format!("{}. {}", m.number, lang.pick(&m.name_sv, &m.name_en))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit">{t.show}</button>
            </fieldset>
        </form>
        <p class="csv-links">
            <a href=format!("{}?{query}&format=excel-sv", routes::EXPORT_GOALS_CSV) rel="external" download="">
                {t.download_excel}
            </a>
            " · "
            <a href=format!("{}?{query}&format=csv", routes::EXPORT_GOALS_CSV) rel="external" download="">
                {t.download_csv}
            </a>
        </p>
        <p role="status">{tally}</p>
        {table}
    }
}

/// The goals with where each stands; with the organisation's column on the leadership page.
#[component]
pub fn GoalsTable(rows: Vec<GoalRow>, organisation_column: bool, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let g = lang.goals_texts();
    view! {
        <div class="table-scroll" role="region" aria-label=g.table_label tabindex="0">
            <table class="goals-table">
                <caption>{g.table_label}</caption>
                <thead>
                    <tr>
                        {organisation_column.then(|| view! { <th scope="col">{t.organisation}</th> })}
                        <th scope="col">{g.goal}</th>
                        <th scope="col">{g.baseline}</th>
                        <th scope="col">{g.target}</th>
                        <th scope="col">{g.latest}</th>
                        <th scope="col">{g.progress}</th>
                        <th scope="col">{g.straight_line}</th>
                        <th scope="col">{g.constant_growth}</th>
                        <th scope="col">{g.verdict}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let or_dash = |value: Option<String>| value.unwrap_or_else(|| g.not_yet.to_owned());
                            let class = format!(
                                "goal-verdict goal-verdict-{}",
                                r.verdict.map_or("none", Verdict::as_str)
                            );
                            let organisation = organisation_column.then(|| view! {
                                <th scope="row">
                                    <a href=routes::organisation(r.organisation_number)>
                                        {r.organisation_name.clone()}
                                    </a>
                                </th>
                            });
                            view! {
                                <tr>
                                    {organisation}
                                    <td>{r.series}</td>
                                    <td class="number">{r.baseline}</td>
                                    <td class="number">{r.target}</td>
                                    <td class="number">{or_dash(r.latest)}</td>
                                    <td class="number">{or_dash(r.progress)}</td>
                                    <td class="number">{or_dash(r.straight_line)}</td>
                                    <td class="number">{or_dash(r.constant_growth)}</td>
                                    <td class=class>{lang.verdict(r.verdict)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
