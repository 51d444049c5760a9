//! One organisation: its reports by quarter and the figures in them.

use effekt::{
    Catalogue, Goal, OrgSize, Organisation, Period, Report, ReportStatus, SeriesFigures, SizeYear,
};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_summary::FormErrors;
use crate::form_action::{FormAction, PostForm};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::local_time::Time;
use crate::pages::organisation_goals::OrganisationGoalsSection;
use crate::pages::start::change_text;
use crate::routes;
use crate::series_view::SeriesView;

/// How many quarters the table of figures shows.
const QUARTERS_SHOWN: usize = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrganisationReports {
    pub catalogue: Catalogue,
    pub organisation: Organisation,
    /// Newest first.
    pub reports: Vec<Report>,
    /// Each shown series against all organisations.
    pub comparison: Vec<(SeriesView, SeriesFigures)>,
    pub goal: Option<GoalView>,
    /// The lessons of each quarter, newest first: drafts' only for those who may read them.
    pub lessons: Vec<(Period, ReportStatus, String)>,
    /// Whether the signed-in user may set the goal.
    pub may_write: bool,
    /// The organisation's size per year, oldest first.
    pub sizes: Vec<(SizeYear, OrgSize)>,
    /// Whether the signed-in user may keep sizes: administrators.
    pub may_manage: bool,
    /// The fewest reports a comparison is shown for (`EFFEKT_MIN_REPORTS`).
    pub min_reports: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoalView {
    pub goal: Goal,
    pub chart: String,
    /// The projected indicator at the deadline and whether that reaches the target; none
    /// before two quarters are reported.
    pub projection: Option<(f64, bool)>,
}

#[server(prefix = "/sf", endpoint = "organisation", input = Postcard, output = Postcard)]
pub async fn get_organisation(number: String) -> Result<OrganisationReports, AppError> {
    crate::error::respond(organisation_reports(number)).await
}

#[cfg(feature = "ssr")]
async fn organisation_reports(number: String) -> Result<OrganisationReports, AppError> {
    let state = crate::state::page_state()?;
    let number: effekt::OrgNumber = number.parse().map_err(|_| AppError::NotFound)?;
    let organisation = state
        .store
        .organisation(number)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
    let may_write = user.may(effekt::Action::WriteFor(number));
    let may_manage = user.may(effekt::Action::ManageOrganisations);
    // Drafts are the organisation's unfinished work: its own analysts and the
    // administrators see them, marked as drafts; everyone else what it has submitted.
    let drafts = user.drafts_readable().includes(number);
    let lang = crate::i18n::current_lang();
    // Only a reader of the drafts waits for the cache to take in the newest.
    let now = if drafts {
        state.analytics.with_drafts().await?
    } else {
        state.analytics.current().await?
    };
    let figures = now
        .compute(move |data| effekt::analytics::organisation_figures(data, number, drafts))
        .await?;
    let comparison = state
        .catalogue
        .measures()
        .iter()
        .flat_map(|m| crate::series_view::series_views(&state.catalogue, m))
        .filter_map(|view| {
            let f = figures.iter().find(|f| f.series == view.key)?;
            let scaled = SeriesFigures {
                latest: view.scale(f.latest),
                rolling_mean: view.scale(f.rolling_mean),
                national_median: view.scale(f.national_median),
                peers: f.peers.clone().map(|peers| effekt::PeerFigures {
                    median: view.scale(peers.median),
                    ..peers
                }),
                change_quarter: f.change_quarter.map(|v| view.scale(v)),
                change_year: f.change_year.map(|v| view.scale(v)),
                trend: f.trend.map(|v| view.scale(v)),
                ..f.clone()
            };
            Some((view, scaled))
        })
        .collect();
    let mut reports = state.store.reports_of(number).await?;
    reports.retain(|r| drafts || r.status != ReportStatus::Draft);
    let goal = state
        .store
        .goal(number)
        .await?
        .map(|goal| goal_view(lang, &state.catalogue, goal, &reports));
    // Drafts are already left out above for those who may not read them.
    let lessons = reports
        .iter()
        .filter(|r| !r.lessons.is_empty())
        .map(|r| (r.period, r.status, r.lessons.clone()))
        .collect();
    Ok(OrganisationReports {
        catalogue: (*state.catalogue).clone(),
        organisation,
        reports,
        comparison,
        goal,
        lessons,
        may_write,
        sizes: state.store.sizes_of(number).await?,
        may_manage,
        min_reports: state.reporting.min_reports(),
    })
}

/// The goal with its chart and verdict, from the reported figures it is measured by.
#[cfg(feature = "ssr")]
fn goal_view(lang: Lang, catalogue: &Catalogue, goal: Goal, reports: &[Report]) -> GoalView {
    let points = effekt::analytics::goal_points(catalogue, reports);
    let projection = effekt::analytics::project(&goal, &points);
    let chart = crate::charts::goal(
        lang,
        &crate::charts::Labels {
            id: "goal",
            title: &goal.name,
            description: lang.texts().goal_desc,
            y_label: &goal.name,
        },
        &points,
        projection
            .as_ref()
            .map(|p| (p.start, (goal.deadline, p.at_deadline))),
        goal.baseline,
        goal.target,
    );
    GoalView {
        chart,
        projection: projection.map(|p| (p.at_deadline, p.on_track)),
        goal,
    }
}

/// Sets the organisation's 10x goal; without a target, ten times better.
#[server(prefix = "/sf", endpoint = "save_goal", output = Postcard)]
pub async fn save_goal(
    organisation_number: String,
    name: String,
    baseline: String,
    target: String,
    deadline: String,
    lower_is_better: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::use_cases::{SetGoal, set_goal};

        use crate::error::refused_with;
        use effekt::{GoalError, ValueProblem};

        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let number: effekt::OrgNumber = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let submitted = BTreeMap::from([
            ("name".to_owned(), name.clone()),
            ("baseline".to_owned(), baseline.clone()),
            ("target".to_owned(), target.clone()),
            ("deadline".to_owned(), deadline.clone()),
        ]);
        // A number or a quarter that is not one breaks the goal's rule for its field.
        let number_in = |text: &str, problem: GoalError| {
            effekt::parse_number(text).map_err(|_| ValueProblem::Goal(problem))
        };
        let command = SetGoal {
            baseline: number_in(&baseline, GoalError::Baseline),
            target: match target.trim() {
                "" => Ok(None),
                text => number_in(text, GoalError::Target).map(Some),
            },
            // What the page takes ("2029 K3", "Q3 2029"), or why the API's form is not met.
            deadline: typed_period(&deadline)
                .map_or_else(|| Period::parse(&deadline).map_err(ValueProblem::from), Ok),
            name,
            lower_is_better: lower_is_better.is_some(),
        };
        set_goal(&state.store, &actor, number, command)
            .await
            .map_err(refused_with(submitted))?;
        leptos_axum::redirect(&format!(
            "{}?mal=1#goal-heading",
            routes::organisation(number)
        ));
        Ok(())
    })
    .await
}

/// Sets the organisation's size for a year (administrators).
#[server(prefix = "/sf", endpoint = "save_size", output = Postcard)]
pub async fn save_size(
    organisation_number: String,
    year: String,
    employees: String,
    inhabitants: String,
) -> Result<(), AppError> {
    crate::error::respond(async move {
        use std::collections::BTreeMap;

        use effekt::use_cases::{SetSize, set_size};

        use crate::error::refused_with;

        let state = crate::state::page_state()?;
        let actor = crate::state::actor()?;
        let number: effekt::OrgNumber = organisation_number
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let submitted = BTreeMap::from([
            ("year".to_owned(), year.clone()),
            ("employees".to_owned(), employees.clone()),
            ("inhabitants".to_owned(), inhabitants.clone()),
        ]);
        // Numbers as people type them: "1 200" as well as "1200"; not a number is out of range.
        let number_typed = |text: &str| effekt::parse_number(text).unwrap_or(f64::NAN);
        let command = SetSize {
            year: year.trim().to_owned(),
            employees: number_typed(&employees),
            inhabitants: match inhabitants.trim() {
                "" => None,
                text => Some(number_typed(text)),
            },
        };
        set_size(&state.store, &actor, number, command)
            .await
            .map_err(refused_with(submitted))?;
        leptos_axum::redirect(&format!(
            "{}?storlek=1#sizes-heading",
            routes::organisation(number)
        ));
        Ok(())
    })
    .await
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let save_goal = FormAction::<SaveGoal>::new();
    let save_size = FormAction::<SaveSize>::new();
    let data = load(
        move || {
            (
                params.read().get("orgnr").unwrap_or_default(),
                save_goal.version().get(),
                save_size.version().get(),
            )
        },
        |(number, _, _)| get_organisation(number),
    );
    let goal_saved = move || query.read().get("mal").is_some();
    let size_saved = move || query.read().get("storlek").is_some();
    view! {
        {loaded(data, move |data| view! {
            <OrganisationView data save_goal goal_saved=goal_saved() save_size size_saved=size_saved() lang />
        })}
    }
}

#[component]
fn OrganisationView(
    data: OrganisationReports,
    save_goal: FormAction<SaveGoal>,
    goal_saved: bool,
    save_size: FormAction<SaveSize>,
    size_saved: bool,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let OrganisationReports {
        catalogue,
        organisation,
        reports,
        comparison,
        goal,
        lessons,
        may_write,
        sizes,
        may_manage,
        min_reports,
    } = data;
    let number = organisation.organisation_number;
    let name = organisation.name.to_string();
    let series_count = catalogue.series().count();
    let shown: Vec<&Report> = reports.iter().take(QUARTERS_SHOWN).rev().collect();
    let periods: Vec<Period> = shown.iter().map(|r| r.period).collect();
    let figures = catalogue
        .measures()
        .iter()
        .flat_map(|m| m.series.iter().map(move |s| (m, s)))
        .map(|(measure, series)| {
            let label = match lang {
                Lang::Sv => format!("{}. {}", measure.number, series.name_sv),
                Lang::En => format!("{}. {}", measure.number, series.name_en),
            };
            let cells = shown
                .iter()
                .map(|report| {
                    let text = report
                        .values
                        .get(&series.key)
                        .map(|v| format::number(lang, *v, series.integer))
                        .unwrap_or_else(|| "–".to_owned());
                    view! { <td class="number">{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label}" ("{lang.unit(series.unit)}")"</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=raw_text(&format!("{name} – Effekt")) />
        <h1>{name.clone()}</h1>
        <p>
            {lang.kind(organisation.kind)}" · "{t.organisation_number}" "{number.to_string()}
        </p>
        <p>
            <a href=format!("{}?organisation={number}", routes::REPORT)>
                {t.report_for_this}
            </a>
            " · "
            <a href=routes::organisation_history(number)>{t.history_link}</a>
        </p>
        <Comparison comparison organisation=name.clone() kind=organisation.kind min_reports lang />
        <Sizes number=number.to_string() sizes may_manage save_size size_saved lang />
        <GoalSection number=number.to_string() goal may_write save_goal goal_saved lang />
        <OrganisationGoalsSection number=number.to_string() lang />
        <h2 id="reports-heading">{t.reports}</h2>
        {if reports.is_empty() {
            Either::Left(view! { <p>{t.no_reports}</p> })
        } else {
            Either::Right(view! {
                <div class="table-scroll" role="region" aria-labelledby="reports-heading" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.quarter}</th>
                            <th scope="col">{t.status}</th>
                            <th scope="col">{t.filled}</th>
                            <th scope="col">{t.updated}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {reports
                            .iter()
                            .map(|report| view! {
                                <tr>
                                    <td>
                                        <a href=format!("{}?organisation={number}&period={}", routes::REPORT, report.period)>
                                            {lang.period(report.period)}
                                        </a>
                                    </td>
                                    <td>{lang.status(report.status)}</td>
                                    <td class="number">{report.values.len()}" / "{series_count}</td>
                                    <td><Time lang at=report.updated_at.clone() /></td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
                </div>
            })
        }}
        {(!shown.is_empty()).then(|| view! {
            <h2 id="figures-heading">{t.values_by_quarter}</h2>
            <div class="table-scroll" role="region" aria-labelledby="figures-heading" tabindex="0">
                <table class="figures">
                    <thead>
                        <tr>
                            <th scope="col">{t.series}</th>
                            {periods
                                .iter()
                                .map(|p| view! { <th scope="col" class="number">{lang.period(*p)}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{figures}</tbody>
                </table>
            </div>
        })}
        <Lessons lessons number lang />
    }
}

/// The lessons beside the figures, quarter by quarter, and the way to everyone's.
#[component]
fn Lessons(
    lessons: Vec<(Period, ReportStatus, String)>,
    number: effekt::OrgNumber,
    lang: Lang,
) -> impl IntoView {
    let l = lang.lessons_texts();
    view! {
        <section aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{l.title}</h2>
            {if lessons.is_empty() {
                Either::Left(view! { <p>{l.none_found}</p> })
            } else {
                Either::Right(view! {
                    <dl class="lessons-by-quarter">
                        {lessons
                            .into_iter()
                            .map(|(period, status, text)| view! {
                                <dt>{format!("{} ({})", lang.period(period), lang.status(status))}</dt>
                                <dd class="lesson-text">{text}</dd>
                            })
                            .collect_view()}
                    </dl>
                })
            }}
            <p><a href=format!("{}?organisation={number}", routes::LESSONS)>{l.all_of_organisation}</a></p>
        </section>
    }
}

#[component]
fn Comparison(
    comparison: Vec<(SeriesView, SeriesFigures)>,
    organisation: String,
    kind: effekt::OrgKind,
    min_reports: u32,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let s = lang.sizes_texts();
    let number = move |v: f64| format::number(lang, v, false);
    // The group of the newest quarter shown: a size band rarely changes from year to year.
    let group = comparison
        .iter()
        .filter_map(|(_, f)| f.peers.as_ref())
        .max_by_key(|peers| peers.year)
        .map(|peers| lang.peers_explained(&organisation, kind, peers.band, peers.year, min_reports))
        .unwrap_or_else(|| s.no_peer_group.to_owned());
    view! {
        <h2 id="comparison-heading">{t.versus_nation}</h2>
        // Two of the columns are statistics a reader cannot guess from their names.
        <p class="hint" id="percentile-explained">{lang.percentile_explained(&organisation)}</p>
        <p class="hint" id="trend-explained">{lang.trend_explained(&organisation)}</p>
        <p class="hint" id="peers-explained">{group}</p>
        <div class="table-scroll" role="region" aria-labelledby="comparison-heading" tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t.series}</th>
                        <th scope="col">{t.quarter}</th>
                        <th scope="col" class="number">{t.own_value}</th>
                        <th scope="col" class="number">{t.national_median}</th>
                        <th scope="col" class="number" aria-describedby="percentile-explained">{t.percentile}</th>
                        <th scope="col" class="number" aria-describedby="peers-explained">{s.peer_median}</th>
                        <th scope="col" class="number" aria-describedby="peers-explained">{s.peer_percentile}</th>
                        <th scope="col" class="number" aria-describedby="trend-explained">{t.trend_per_quarter}</th>
                        <th scope="col">{t.change}</th>
                    </tr>
                </thead>
                <tbody>
                    {comparison
                        .into_iter()
                        .map(|(view, f)| view! {
                            <tr>
                                <th scope="row">{view.name(lang).to_owned()}" ("{view.unit_label(lang)}")"</th>
                                <td>{lang.period(f.period)}</td>
                                <td class="number">
                                    {number(f.latest)}
                                    {f.draft.then(|| format!(" ({})", lang.status(effekt::ReportStatus::Draft).to_lowercase()))}
                                </td>
                                <td class="number">{number(f.national_median)}</td>
                                <td class="number">{format::number(lang, f.percentile, true)}</td>
                                <td class="number">{peer_text(&f, min_reports, lang, |p| format::number(lang, p.median, false))}</td>
                                <td class="number">{peer_text(&f, min_reports, lang, |p| format::number(lang, p.percentile, true))}</td>
                                <td class="number">{f.trend.map(number).unwrap_or_else(|| "–".into())}</td>
                                <td>{change_text(lang, f.change_year, view.direction)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A figure of the organisation's peer group, unless it has none or too few reported: the
/// same honesty as the national figures' minimum.
fn peer_text(
    f: &SeriesFigures,
    min_reports: u32,
    lang: Lang,
    figure: impl Fn(&effekt::PeerFigures) -> String,
) -> String {
    match &f.peers {
        None => "–".to_owned(),
        Some(peers) if peers.reported < min_reports => lang.too_few_peers(peers.reported),
        Some(peers) => figure(peers),
    }
}

/// The organisation's size per year, and for administrators the form to set one.
#[component]
fn Sizes(
    number: String,
    sizes: Vec<(SizeYear, OrgSize)>,
    may_manage: bool,
    save_size: FormAction<SaveSize>,
    size_saved: bool,
    lang: Lang,
) -> impl IntoView {
    let s = lang.sizes_texts();
    let count = move |n: u32| format::number(lang, f64::from(n), true);
    // After a refused save, the form shows what was typed, to correct it.
    let typed = move |field: &str| match save_size.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. })) => {
            submitted.get(field).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    let invalid = move |field: &'static str| {
        move || {
            matches!(
                save_size.value().get(),
                Some(Err(AppError::Invalid { errors, .. })) if errors.iter().any(|e| e.field == field)
            )
            .then_some("true")
        }
    };
    view! {
        <section aria-labelledby="sizes-heading">
            <h2 id="sizes-heading">{s.heading}</h2>
            {move || {
                let refused = matches!(save_size.value().get(), Some(Err(_)));
                (size_saved && !refused)
                    .then(|| view! { <p class="notice notice-success" role="status">{s.saved}</p> })
            }}
            <p class="hint">{s.intro}</p>
            {if sizes.is_empty() {
                Either::Left(view! { <p>{s.none}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-scroll" role="region" aria-labelledby="sizes-heading" tabindex="0">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{s.year}</th>
                                    <th scope="col" class="number">{s.employees}</th>
                                    <th scope="col" class="number">{s.inhabitants}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {sizes
                                    .iter()
                                    .rev()
                                    .map(|(year, size)| view! {
                                        <tr>
                                            <th scope="row">{year.to_string()}</th>
                                            <td class="number">{count(size.employees)}</td>
                                            <td class="number">{size.inhabitants.map(count).unwrap_or_else(|| "–".into())}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
            {may_manage.then(|| view! {
                <FormErrors action_value=Signal::derive(move || save_size.value().get()) lang />
                <PostForm action=save_size attr:class="admin-form">
                    <fieldset>
                        <legend>{s.form_legend}</legend>
                        <input type="hidden" name="organisation_number" value=number.clone() />
                        <div class="field">
                            <label for="size-year">{s.year}</label>
                            <input type="text" inputmode="numeric" id="size-year" name="year" autocomplete="off" aria-invalid=invalid("year") value=typed("year") />
                        </div>
                        <div class="field">
                            <label for="size-employees">{s.employees}</label>
                            <input type="text" inputmode="numeric" id="size-employees" name="employees" autocomplete="off" aria-invalid=invalid("employees") value=typed("employees") />
                        </div>
                        <div class="field">
                            <label for="size-inhabitants">{s.inhabitants}</label>
                            <p class="hint" id="size-inhabitants-hint">{s.inhabitants_hint}</p>
                            <input type="text" inputmode="numeric" id="size-inhabitants" name="inhabitants" autocomplete="off" aria-describedby="size-inhabitants-hint" aria-invalid=invalid("inhabitants") value=typed("inhabitants") />
                        </div>
                        <button type="submit">{s.save}</button>
                    </fieldset>
                </PostForm>
            })}
        </section>
    }
}

#[component]
fn GoalSection(
    number: String,
    goal: Option<GoalView>,
    may_write: bool,
    save_goal: FormAction<SaveGoal>,
    goal_saved: bool,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let current = goal.as_ref().map(|g| g.goal.clone());
    let input = move |v: f64| format::input_value(lang, v);
    // After a refused save, the form shows what was typed, to correct it.
    let typed = move |field: &str, stored: String| match save_goal.value().get_untracked() {
        Some(Err(AppError::Invalid { submitted, .. })) => {
            submitted.get(field).cloned().unwrap_or(stored)
        }
        _ => stored,
    };
    view! {
        <h2 id="goal-heading">{t.goal_heading}</h2>
        {move || {
            let refused = matches!(save_goal.value().get(), Some(Err(_)));
            (goal_saved && !refused)
                .then(|| view! { <p class="notice notice-success" role="status">{t.goal_saved}</p> })
        }}
        {match goal {
            None => Either::Left(view! { <p>{t.no_goal}</p> }),
            Some(view_) => {
                let verdict = match view_.projection {
                    Some((_, true)) => EitherOf3::A(view! { <p class="verdict verdict-on"><strong>"✔ "</strong>{t.on_track}</p> }),
                    Some((_, false)) => EitherOf3::B(view! { <p class="verdict verdict-off"><strong>"✘ "</strong>{t.off_track}</p> }),
                    None => EitherOf3::C(view! { <p>{t.too_few_quarters}</p> }),
                };
                let g = view_.goal;
                Either::Right(view! {
                    <dl class="goal-facts">
                        <dt>{t.goal_name}</dt><dd>{g.name.clone()}</dd>
                        <dt>{t.baseline}</dt><dd>{format::number(lang, g.baseline, false)}</dd>
                        <dt>{t.target}</dt><dd>{format::number(lang, g.target, false)}</dd>
                        <dt>{t.deadline}</dt><dd>{lang.period(g.deadline)}</dd>
                        {view_.projection.map(|(at, _)| view! {
                            <dt>{t.projected}</dt><dd>{format::number(lang, at, false)}</dd>
                        })}
                    </dl>
                    {verdict}
                    <figure>
                        <div class="chart" inner_html=view_.chart></div>
                    </figure>
                })
            }
        }}
        {may_write.then(|| view! {
            <FormErrors action_value=Signal::derive(move || save_goal.value().get()) lang />
            <PostForm action=save_goal attr:class="admin-form">
                <fieldset>
                    <legend>{t.goal_heading}</legend>
                    <input type="hidden" name="organisation_number" value=number.clone() />
                    <div class="field">
                        <label for="goal-name">{t.goal_name}</label>
                        <input type="text" id="goal-name" name="name" value=typed("name", current.as_ref().map(|g| g.name.clone()).unwrap_or_default()) />
                    </div>
                    <div class="field">
                        <label for="goal-baseline">{t.baseline}</label>
                        <input type="text" inputmode="decimal" id="goal-baseline" name="baseline" value=typed("baseline", current.as_ref().map(|g| input(g.baseline)).unwrap_or_default()) />
                    </div>
                    <div class="field">
                        <label for="goal-target">{t.target}</label>
                        <p class="hint" id="goal-target-hint">{t.target_hint}</p>
                        <input type="text" inputmode="decimal" id="goal-target" name="target" aria-describedby="goal-target-hint" value=typed("target", current.as_ref().map(|g| input(g.target)).unwrap_or_default()) />
                    </div>
                    <div class="field">
                        <label for="goal-deadline">{t.deadline}</label>
                        <input type="text" id="goal-deadline" name="deadline" value=typed("deadline", current.as_ref().map(|g| lang.period(g.deadline)).unwrap_or_default()) />
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="goal-lower" name="lower_is_better" checked=current.as_ref().is_some_and(|g| g.lower_is_better) />
                        <label for="goal-lower">{t.lower_is_better}</label>
                    </div>
                    <button type="submit">{t.save_goal}</button>
                </fieldset>
            </PostForm>
        })}
    }
}

/// A quarter as a person types it: as the pages write it ("2029 K3", "Q3 2029") or as the API
/// does ("2029Q3", "2029K3").
#[cfg(feature = "ssr")]
pub(crate) fn typed_period(text: &str) -> Option<Period> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Period::parse(&compact).ok().or_else(|| {
        // "Q32029": the quarter first, as English writes it.
        let (quarter, year) = compact.split_at_checked(2)?;
        Period::parse(&format!("{year}{quarter}")).ok()
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_is_read_as_the_pages_and_the_api_write_quarters() {
        let q3 = Period::parse("2029Q3").unwrap();
        for typed in [
            "2029 K3",
            "2029K3",
            "2029Q3",
            "Q3 2029",
            " 2029 k3 ",
            "K3 2029",
        ] {
            assert_eq!(typed_period(typed), Some(q3), "{typed:?}");
        }
        for typed in ["", "2029", "Q3", "2029 K5", "3 2029"] {
            assert_eq!(typed_period(typed), None, "{typed:?}");
        }
        for lang in [Lang::Sv, Lang::En] {
            assert_eq!(typed_period(&lang.period(q3)), Some(q3));
        }
    }
}
