//! `/rapportering`: per quarter how many organisations reported and how many on time, which
//! have not reported the latest quarter; and the form administrators set a deadline with.

use effekt::{Completeness, OrgKind, Organisation, Period, ReportStatus};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_summary::FormErrors;
use crate::form_action::{FormAction, PostForm};
use crate::i18n::{Lang, percent, use_lang};
use crate::loading::{load, loaded};
use crate::pages::start::KindAndQuarters;
use crate::raw_text::raw_text;
use crate::routes;

/// How many quarters back the quarter lists reach.
#[cfg(feature = "ssr")]
const QUARTERS_OFFERED: usize = 20;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompletenessView {
    pub kind: Option<OrgKind>,
    pub from: Period,
    pub to: Period,
    /// Quarters to choose from, newest first.
    pub choices: Vec<Period>,
    /// Oldest first.
    pub rows: Vec<Completeness>,
    /// The quarters whose deadline an administrator set.
    pub set_deadlines: Vec<Period>,
    /// Who has not reported the range's last quarter, with the report begun, if any.
    pub missing: Vec<(Organisation, Option<ReportStatus>)>,
    pub chart: String,
}

#[server(prefix = "/sf", endpoint = "completeness", input = Postcard, output = Postcard)]
pub async fn get_completeness(
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<CompletenessView, AppError> {
    crate::error::respond(async move {
        use effekt::CompletenessFilter;

        crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let state = crate::state::page_state()?;
        // The address is the filter: a quarter or kind that is not one is no such page.
        let filter = CompletenessFilter::parse(
            from.as_deref(),
            to.as_deref(),
            kind.as_deref(),
            Period::last_ended(),
            Period::current(),
        )
        .map_err(|_| AppError::NotFound)?;
        let deadlines = state.store.deadlines(state.reporting).await?;
        let rows = state.store.completeness(&filter, &deadlines).await?;
        let lang = crate::i18n::current_lang();
        Ok(CompletenessView {
            kind: filter.kind(),
            from: filter.from(),
            to: filter.to(),
            choices: Period::current().and_earlier(QUARTERS_OFFERED).collect(),
            set_deadlines: filter.quarters().filter(|p| deadlines.is_set(*p)).collect(),
            missing: state.store.not_reported(filter.to(), filter.kind()).await?,
            chart: chart(lang, &rows),
            rows,
        })
    })
    .await
}

/// The shares that reported and that were on time, as two lines over the quarters.
#[cfg(feature = "ssr")]
fn chart(lang: Lang, rows: &[Completeness]) -> String {
    use crate::charts::{Labels, Line, trend};

    let t = lang.completeness_texts();
    let line = |name: &str, count: fn(&Completeness) -> u32| Line {
        name: name.to_owned(),
        points: rows
            .iter()
            .map(|r| (r.period, f64::from(percent(count(r), r.expected))))
            .collect(),
    };
    let lines = [
        line(t.reported_line, |r| r.reported),
        line(t.on_time_line, |r| r.on_time),
    ];
    let description = rows.last().map(|r| summary(lang, r)).unwrap_or_default();
    trend(
        lang,
        &Labels {
            id: "completeness-chart",
            title: t.chart_title,
            description: &description,
            y_label: t.y_label,
        },
        &[],
        &[],
        &lines,
    )
}

/// The quarter's reporting in one sentence: the chart's text alternative.
fn summary(lang: Lang, row: &Completeness) -> String {
    lang.completeness_summary(
        &lang.period(row.period),
        row.reported,
        row.expected,
        row.on_time,
    )
}

/// Sets the last day reports for `period` are on time (administrators).
#[server(prefix = "/sf", endpoint = "set_deadline", output = Postcard)]
pub async fn set_deadline(period: String, deadline: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::use_cases::{SetDeadline, set_deadline};

        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let period: Period = period.parse().map_err(|_| AppError::NotFound)?;
        let submitted = BTreeMap::from([("deadline".to_owned(), deadline.clone())]);
        set_deadline(
            &state.store,
            &actor,
            state.reporting,
            SetDeadline { period, deadline },
        )
        .await
        .map_err(crate::error::refused_with(submitted))?;
        leptos_axum::redirect(&format!(
            "{}?period={period}&frist=1#deadline-heading",
            routes::ADMIN
        ));
        Ok(())
    })
    .await
}

#[component]
pub fn CompletenessPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.completeness_texts();
    let query = use_query_map();
    let view = load(
        move || {
            let q = query.read();
            (q.get("kind"), q.get("from"), q.get("to"))
        },
        |(kind, from, to)| get_completeness(kind, from, to),
    );
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.title)) />
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
        {loaded(view, move |view| view! { <CompletenessBody view lang /> })}
    }
}

#[component]
fn CompletenessBody(view: CompletenessView, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let c = lang.completeness_texts();
    let CompletenessView {
        kind,
        from,
        to,
        choices,
        rows,
        set_deadlines,
        missing,
        chart,
    } = view;
    let query = format!(
        "kind={}&from={from}&to={to}",
        kind.map(OrgKind::as_str).unwrap_or_default()
    );
    let caption = rows.last().map(|r| summary(lang, r)).unwrap_or_default();
    let missing_list = if missing.is_empty() {
        Either::Left(view! { <p>{c.all_reported}</p> })
    } else {
        Either::Right(view! {
            <ul class="not-reported">
                {missing
                    .into_iter()
                    .map(|(org, status)| {
                        let state = match status {
                            Some(status) => lang.status(status),
                            None => c.no_report,
                        };
                        view! {
                            <li>
                                <a href=routes::organisation(org.organisation_number)>
                                    {org.name.to_string()}
                                </a>
                                {format!(" ({state})")}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })
    };
    view! {
        <form method="get" action=routes::COMPLETENESS class="choose-report filters">
            <fieldset>
                <legend>{t.filters}</legend>
                <KindAndQuarters kind from to choices lang />
                <button type="submit">{t.show}</button>
            </fieldset>
        </form>
        <p class="csv-links">
            <a href=format!("{}?{query}&format=excel-sv", routes::EXPORT_COMPLETENESS_CSV) rel="external" download="">
                {t.download_excel}
            </a>
            " · "
            <a href=format!("{}?{query}&format=csv", routes::EXPORT_COMPLETENESS_CSV) rel="external" download="">
                {t.download_csv}
            </a>
        </p>
        <figure>
            <div class="chart" inner_html=chart></div>
            <figcaption>{caption}</figcaption>
        </figure>
        <div class="table-scroll" role="region" aria-label=c.table_label tabindex="0">
            <table class="completeness-table">
                <caption>{c.table_label}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.quarter}</th>
                        <th scope="col">{c.deadline}</th>
                        <th scope="col">{c.expected}</th>
                        <th scope="col">{c.reported}</th>
                        <th scope="col">{c.reported_share}</th>
                        <th scope="col">{c.approved}</th>
                        <th scope="col">{c.on_time}</th>
                        <th scope="col">{c.on_time_share}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .rev()
                        .map(|r| {
                            let set = set_deadlines
                                .contains(&r.period)
                                .then(|| format!(" ({})", c.deadline_set));
                            view! {
                                <tr>
                                    <th scope="row">{lang.period(r.period)}</th>
                                    <td><time datetime=r.deadline.clone()>{r.deadline.clone()}</time>{set}</td>
                                    <td>{r.expected}</td>
                                    <td>{r.reported}</td>
                                    <td>{format!("{} %", percent(r.reported, r.expected))}</td>
                                    <td>{r.approved}</td>
                                    <td>{r.on_time}</td>
                                    <td>{format!("{} %", percent(r.on_time, r.expected))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h2 id="missing-heading">{format!("{}: {}", c.missing_heading, lang.period(to))}</h2>
        {missing_list}
    }
}

/// The quarter's deadline in the administrators' quarter overview, with the form to change it.
#[component]
pub fn DeadlineForm(
    period: Period,
    /// `YYYY-MM-DD`, and whether an administrator set it.
    deadline: (String, bool),
    saved: bool,
    lang: Lang,
) -> impl IntoView {
    let c = lang.completeness_texts();
    let action = FormAction::<SetDeadline>::new();
    let (day, set) = deadline;
    // After a refused save, the field shows what was typed, to correct it.
    let typed = move || match action.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. })) => submitted.get("deadline").cloned(),
        _ => None,
    };
    let invalid = move || matches!(action.value().get(), Some(Err(_))).then_some("true");
    view! {
        <h3 id="deadline-heading">{c.set_deadline}</h3>
        {move || {
            let refused = matches!(action.value().get(), Some(Err(_)));
            (saved && !refused)
                .then(|| view! { <p class="notice notice-success" role="status">{c.deadline_saved}</p> })
        }}
        <FormErrors action_value=Signal::derive(move || action.value().get()) lang />
        <PostForm action attr:class="admin-form deadline-form">
            <input type="hidden" name="period" value=period.to_string() />
            <div class="field">
                <label for="deadline-day">{format!("{} ({})", c.deadline, lang.period(period))}</label>
                <p class="hint" id="deadline-day-hint">
                    {c.deadline_hint}
                    {set.then(|| format!(" ({})", c.deadline_set))}
                </p>
                <input type="text" id="deadline-day" name="deadline" inputmode="numeric"
                    autocomplete="off" aria-describedby="deadline-day-hint"
                    aria-invalid=invalid value=typed().unwrap_or(day) />
            </div>
            <button type="submit">{c.save_deadline}</button>
        </PostForm>
    }
}
