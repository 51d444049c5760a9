//! A quarter's report for leadership (`/rapport/kvartal/2026K3`): one page that reads as a
//! report and prints as a clean A4 document. The headline figures, the biggest changes against
//! the same quarter a year before, how many reported, and lessons the organisations shared.

use effekt::{Completeness, Lesson, Measure, Period};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pages::goals::{GoalRow, GoalsTable};
use crate::pages::start::change_text;
use crate::raw_text::raw_text;
use crate::routes;
use crate::series_view::SeriesView;

/// How many of the largest changes the report names.
#[cfg(feature = "ssr")]
const BIGGEST_CHANGES: usize = 5;

/// How many lessons the report quotes; the rest are a link away.
#[cfg(feature = "ssr")]
const LESSONS_QUOTED: &str = "5";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuarterlyReport {
    pub period: Period,
    pub previous: Option<Period>,
    /// The next quarter, once it has begun.
    pub next: Option<Period>,
    pub headlines: Vec<Headline>,
    /// Indexes into `headlines`, the largest relative change first.
    pub biggest: Vec<usize>,
    pub reporting: Option<Completeness>,
    /// Every organisation's goals that steer, judged by the figures reported so far.
    pub goals: Vec<GoalRow>,
    pub lessons: Vec<Lesson>,
}

/// One series' national figure for the quarter and the same quarter a year before.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Headline {
    pub measure: Measure,
    pub view: SeriesView,
    /// The median, none from too few reports to stand for the country.
    pub median: Option<f64>,
    pub n: u32,
    /// Whether some of the figures are not approved yet.
    pub preliminary: bool,
    pub year_before: Option<f64>,
    pub change: Option<f64>,
}

impl Headline {
    /// The change as a share of the year before's figure, where there is one to divide by.
    fn relative_change(&self) -> Option<f64> {
        let before = self.year_before.filter(|b| *b != 0.0)?;
        Some(self.change? / before.abs())
    }
}

#[server(prefix = "/sf", endpoint = "quarterly_report", input = Postcard, output = Postcard)]
pub async fn get_quarterly_report(quarter: String) -> Result<QuarterlyReport, AppError> {
    crate::error::respond(async move {
        use effekt::analytics::{Filter, National};
        use effekt::{Basis, CompletenessFilter, DraftsReadable, LessonsFilter, Page};

        use crate::series_view::series_views;

        crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let state = crate::state::page_state()?;
        // A quarter that is not one, or has not begun, is no such report.
        let period = Period::parse(&quarter)
            .ok()
            .and_then(|p| p.begun().ok())
            .ok_or(AppError::NotFound)?;
        let year_before = period.year_before();
        let filter = Filter {
            from: year_before,
            to: Some(period),
            kind: None,
            series: None,
            basis: Basis::Reported,
            // The report shows the figures as reported; per 1,000 is the dashboard's choice.
            normalise: None,
        };
        let rows = state.analytics.summary(&filter).await?;
        let rules = state.reporting;
        let mut headlines = Vec::new();
        for measure in state.catalogue.measures() {
            for view in series_views(&state.catalogue, measure) {
                let national = National::of(&rows, &view.key, rules, |v| view.scale(v));
                let now = national.row(Some(period));
                let median = now.and_then(|r| national.median(r));
                let before = national.row(year_before).and_then(|r| national.median(r));
                headlines.push(Headline {
                    measure: measure.clone(),
                    median,
                    n: now.map_or(0, |r| r.n),
                    preliminary: now.is_some_and(|r| r.n_approved < r.n),
                    year_before: before,
                    change: now.and_then(|r| national.year_change(r)),
                    view,
                });
            }
        }
        let mut biggest: Vec<(usize, f64)> = headlines
            .iter()
            .enumerate()
            .filter_map(|(i, h)| Some((i, h.relative_change()?.abs())))
            .filter(|(_, change)| *change > 0.0)
            .collect();
        biggest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let quarter_text = period.to_string();
        let completeness = CompletenessFilter::parse(
            Some(&quarter_text),
            Some(&quarter_text),
            None,
            Period::last_ended(),
            Period::current(),
        )
        .map_err(|_| AppError::NotFound)?;
        let deadlines = state.store.deadlines(state.reporting).await?;
        let reporting = state
            .store
            .completeness(&completeness, &deadlines)
            .await?
            .pop();
        let lessons_filter = LessonsFilter::parse(
            &state.catalogue,
            None,
            Some(&quarter_text),
            Some(&quarter_text),
            None,
            None,
        )
        .map_err(|_| AppError::NotFound)?;
        let lang = crate::i18n::current_lang();
        let goals = state
            .analytics
            .leadership(&state.catalogue, &effekt::analytics::GoalsFilter::default())
            .await?
            .into_iter()
            .map(|goal| {
                crate::pages::goals::row(lang, &state.catalogue, &goal.organisation, goal.standing)
            })
            .collect();
        let first = Page::parse(None, Some(LESSONS_QUOTED)).map_err(|_| AppError::Internal)?;
        // Leadership's report: drafts are no one's to quote here.
        let lessons = state
            .store
            .lessons(&lessons_filter, DraftsReadable::None, Some(first))
            .await?
            .rows;
        Ok(QuarterlyReport {
            period,
            previous: period.previous(),
            next: period.next().filter(|p| p.begun().is_ok()),
            biggest: biggest
                .into_iter()
                .take(BIGGEST_CHANGES)
                .map(|(i, _)| i)
                .collect(),
            headlines,
            reporting,
            goals,
            lessons,
        })
    })
    .await
}

#[component]
pub fn QuarterlyReportPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let report = load(
        move || params.read().get("quarter").unwrap_or_default(),
        get_quarterly_report,
    );
    view! {
        {loaded(report, move |report| view! { <ReportBody report lang /> })}
    }
}

#[component]
fn ReportBody(report: QuarterlyReport, lang: Lang) -> impl IntoView {
    let q = lang.quarterly_report_texts();
    let title = format!("{} {}", q.title, lang.period(report.period));
    let steps = [
        report.previous.map(|p| (p, q.previous, "prev")),
        report.next.map(|p| (p, q.next, "next")),
    ];
    let step_links = steps
        .into_iter()
        .flatten()
        .map(|(p, label, rel)| {
            view! {
                <li>
                    <a href=routes::quarterly_report(p) rel=rel>
                        {format!("{label}: {}", lang.period(p))}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=raw_text(&format!("{title} – Effekt")) />
        <article class="quarterly-report">
            <h1>{title}</h1>
            <p class="lead">{q.intro}</p>
            <nav class="no-print quarter-steps" aria-label=q.title>
                <ul>{step_links}</ul>
            </nav>
            <p class="no-print">{q.print_hint}</p>
            <Headlines headlines=report.headlines.clone() lang />
            <BiggestChanges headlines=report.headlines biggest=report.biggest lang />
            <Reporting period=report.period reporting=report.reporting lang />
            <Goals goals=report.goals lang />
            <Lessons period=report.period lessons=report.lessons lang />
        </article>
    }
}

#[component]
fn Headlines(headlines: Vec<Headline>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let q = lang.quarterly_report_texts();
    let figure = move |value: Option<f64>, view: &SeriesView| match value {
        Some(value) => Either::Left(view! {
            {format::number(lang, value, false)}" "<abbr>{view.unit_label(lang)}</abbr>
        }),
        None => Either::Right(view! { <span class="too-few">{t.too_few_reports}</span> }),
    };
    view! {
        <section aria-labelledby="headlines-heading">
            <h2 id="headlines-heading">{q.headlines}</h2>
            <div class="table-scroll" role="region" aria-label=q.headlines_table tabindex="0">
                <table class="headline-table">
                    <caption>{q.headlines_table}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{q.measure}</th>
                            <th scope="col">{q.median}</th>
                            <th scope="col">{q.year_before}</th>
                            <th scope="col">{q.change}</th>
                            <th scope="col">{q.reports}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {headlines
                            .into_iter()
                            .map(|h| {
                                let preliminary = h
                                    .preliminary
                                    .then(|| format!(" ({})", t.preliminary));
                                view! {
                                    <tr>
                                        <th scope="row">
                                            {format!("{}. {}", h.measure.number, h.view.name(lang))}
                                        </th>
                                        <td>{figure(h.median, &h.view)}</td>
                                        <td>{figure(h.year_before, &h.view)}</td>
                                        <td>{change_text(lang, h.change, h.view.direction)}</td>
                                        <td>{h.n}{preliminary}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn BiggestChanges(headlines: Vec<Headline>, biggest: Vec<usize>, lang: Lang) -> impl IntoView {
    let q = lang.quarterly_report_texts();
    let list = if biggest.is_empty() {
        Either::Left(view! { <p>{q.no_changes}</p> })
    } else {
        Either::Right(view! {
            <ol class="biggest-changes">
                {biggest
                    .into_iter()
                    .filter_map(|i| headlines.get(i).cloned())
                    .map(|h| {
                        let share = h
                            .relative_change()
                            .map(|r| format!(" ({} %)", format::number(lang, r.abs() * 100.0, true)));
                        view! {
                            <li>
                                {format!("{}: ", h.view.name(lang))}
                                {change_text(lang, h.change, h.view.direction)}
                                {share}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        })
    };
    view! {
        <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{q.biggest_changes}</h2>
            <p>{q.biggest_changes_intro}</p>
            {list}
        </section>
    }
}

#[component]
fn Reporting(period: Period, reporting: Option<Completeness>, lang: Lang) -> impl IntoView {
    let q = lang.quarterly_report_texts();
    let c = lang.completeness_texts();
    let sentence = reporting.map(|r| {
        view! {
            <p>
                {lang.completeness_summary(&lang.period(r.period), r.reported, r.expected, r.on_time)}
                " "{format!("{}: ", c.deadline)}
                <time datetime=r.deadline.clone()>{r.deadline.clone()}</time>"."
            </p>
        }
    });
    view! {
        <section aria-labelledby="reporting-heading">
            <h2 id="reporting-heading">{q.reporting}</h2>
            {sentence}
            <p class="no-print">
                <a href=format!("{}?to={period}", routes::COMPLETENESS)>{c.title}</a>
            </p>
        </section>
    }
}

/// How many goals are on track, at risk and off track, and the ones not on track.
#[component]
fn Goals(goals: Vec<GoalRow>, lang: Lang) -> impl IntoView {
    use effekt::Verdict;

    let q = lang.quarterly_report_texts();
    let g = lang.goals_texts();
    let count = |verdict| goals.iter().filter(|r| r.verdict == Some(verdict)).count();
    let tally = lang.goals_tally(
        goals.len(),
        count(Verdict::OnTrack),
        count(Verdict::AtRisk),
        count(Verdict::OffTrack),
    );
    let behind: Vec<GoalRow> = goals
        .into_iter()
        .filter(|r| matches!(r.verdict, Some(Verdict::AtRisk | Verdict::OffTrack)))
        .collect();
    let table = (!behind.is_empty()).then(|| {
        view! {
            <p>{q.goals_behind}</p>
            <GoalsTable rows=behind organisation_column=true lang />
        }
    });
    view! {
        <section aria-labelledby="goals-heading">
            <h2 id="goals-heading">{g.organisation_heading}</h2>
            <p>{q.goals_intro}" "{tally}</p>
            {table}
            <p class="no-print">
                <a href=routes::GOALS>{g.all_goals}</a>
            </p>
        </section>
    }
}

#[component]
fn Lessons(period: Period, lessons: Vec<Lesson>, lang: Lang) -> impl IntoView {
    let q = lang.quarterly_report_texts();
    let quoted = if lessons.is_empty() {
        Either::Left(view! { <p>{q.no_lessons}</p> })
    } else {
        Either::Right(view! {
            <ul class="quoted-lessons">
                {lessons
                    .into_iter()
                    .map(|lesson| {
                        view! {
                            <li>
                                <blockquote>
                                    <p>{lesson.lessons}</p>
                                </blockquote>
                                <p class="lesson-source">{format!("– {}", lesson.organisation_name)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })
    };
    view! {
        <section aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{q.lessons}</h2>
            {quoted}
            <p class="no-print">
                <a href=format!("{}?from={period}&to={period}", routes::LESSONS)>{q.all_lessons}</a>
            </p>
        </section>
    }
}
