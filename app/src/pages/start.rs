//! The overview dashboard: one tile per measure with the national median of the latest
//! quarter, its change against a year before, a sparkline, and how many reported. The filters
//! live in the URL, so a view can be bookmarked and shared.

use effekt::{Basis, Direction, Measure, Normalise, OrgKind, Period};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::routes;
use crate::series_view::SeriesView;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dashboard {
    pub kind: Option<OrgKind>,
    pub from: Period,
    pub to: Period,
    pub basis: Basis,
    /// Counts and amounts per 1,000 employees or inhabitants.
    pub normalise: Option<Normalise>,
    /// Quarters to choose from, newest first.
    pub choices: Vec<Period>,
    pub organisations: usize,
    /// A quarter newer than the range that is still being reported.
    pub being_reported: Option<BeingReported>,
    pub tiles: Vec<Tile>,
}

/// A quarter still being reported: before its deadline, and fewer than half have reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeingReported {
    pub period: Period,
    /// Organisations (of the kind shown) with a submitted or approved report…
    pub reported: u32,
    /// …out of all registered.
    pub expected: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tile {
    pub measure: Measure,
    pub figures: Vec<TileFigure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TileFigure {
    pub view: SeriesView,
    /// The newest quarter in range with figures: its median (none from too few reports to be
    /// a national figure) and how many reported.
    pub latest: Option<(Period, Option<f64>, u32)>,
    /// Whether some of the newest quarter's figures are not approved yet.
    pub preliminary: bool,
    pub year_change: Option<f64>,
    pub sparkline: String,
}

#[server(prefix = "/sf", endpoint = "dashboard", input = Postcard, output = Postcard)]
pub async fn get_dashboard(
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    basis: Option<String>,
    normalise: Option<String>,
) -> Result<Dashboard, AppError> {
    crate::error::respond(async move {
        use effekt::analytics::{Filter, National};

        use crate::quarter_range::{QuarterRange, quarter_range};
        use crate::series_view::series_views;

        let state = crate::state::page_state()?;
        let kind = parse_kind(kind)?;
        let basis = parse_basis(basis)?;
        let normalise = parse_normalise(normalise)?;
        let now = state.analytics.current().await?;
        let QuarterRange {
            from,
            to,
            newest,
            being_reported,
        } = quarter_range(&state, &now, kind, from, to).await?;
        let filter = Filter {
            from: None,
            to: Some(to),
            kind,
            series: None,
            basis,
            normalise,
        };
        let rules = state.reporting;
        let rows = now.summary_as_shown(&filter).await?;
        let tiles = state
            .catalogue
            .measures()
            .iter()
            .map(|measure| Tile {
                measure: measure.clone(),
                figures: series_views(&state.catalogue, measure)
                    .into_iter()
                    .map(|view| view.normalised(normalise))
                    .map(|view| {
                        let national = National::of(&rows, &view.key, rules, |v| view.scale(v));
                        let newest = national.newest(from, to);
                        TileFigure {
                            sparkline: crate::charts::sparkline(&national.medians(from, to)),
                            latest: newest.map(|r| (r.period, national.median(r), r.n)),
                            preliminary: newest.is_some_and(|r| r.n_approved < r.n),
                            year_change: newest.and_then(|r| national.year_change(r)),
                            view,
                        }
                    })
                    .collect(),
            })
            .collect();
        let choices = newest.max(to).and_earlier(16).collect();
        Ok(Dashboard {
            kind,
            from,
            to,
            basis,
            normalise,
            choices,
            organisations: now.dataset().organisation_count(kind),
            // Named only while the view ends before it.
            being_reported: being_reported.filter(|b| b.period > to),
            tiles,
        })
    })
    .await
}

/// The address' kind of organisation: empty or missing is every kind; anything else unknown is
/// not found.
#[cfg(feature = "ssr")]
pub fn parse_kind(kind: Option<String>) -> Result<Option<OrgKind>, AppError> {
    kind.filter(|k| !k.is_empty())
        .map(|k| OrgKind::parse(&k).map_err(|_| AppError::NotFound))
        .transpose()
}

/// The address' basis: empty or missing is the default; anything else unknown is not found.
#[cfg(feature = "ssr")]
pub fn parse_basis(basis: Option<String>) -> Result<Basis, AppError> {
    basis
        .filter(|b| !b.is_empty())
        .map(|b| Basis::parse(&b).map_err(|_| AppError::NotFound))
        .transpose()
        .map(Option::unwrap_or_default)
}

#[component]
pub fn StartPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let dashboard = load(
        move || {
            let q = query.read();
            (
                q.get("kind"),
                q.get("from"),
                q.get("to"),
                q.get("basis"),
                q.get("normalise"),
            )
        },
        |(kind, from, to, basis, normalise)| get_dashboard(kind, from, to, basis, normalise),
    );
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.start_title)) />
        <h1>{t.start_title}</h1>
        <p class="lead">{t.dashboard_intro}</p>
        {loaded(dashboard, move |dashboard| view! { <DashboardView dashboard lang /> })}
    }
}

#[component]
fn DashboardView(dashboard: Dashboard, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let Dashboard {
        kind,
        from,
        to,
        basis,
        normalise,
        choices,
        organisations,
        being_reported,
        tiles,
    } = dashboard;
    let query = filter_query(kind, from, to, basis, normalise);
    let being_reported = being_reported.map(|b| {
        let link = format!(
            "{}?{}",
            routes::START,
            filter_query(kind, from, b.period, basis, normalise)
        );
        view! {
            <p class="notice being-reported">
                {format!(
                    "{} {}: {} / {} {}. ",
                    lang.period(b.period),
                    t.being_reported,
                    b.reported,
                    b.expected,
                    t.have_reported,
                )}
                <a href=link>{format!("{} {}", t.show_quarter, lang.period(b.period))}</a>
            </p>
        }
    });
    view! {
        <Filters kind from to basis normalise choices path=routes::START.to_owned() lang />
        {being_reported}
        <p class="report-link">
            <a href=routes::quarterly_report(to)>
                {format!("{} {}", lang.quarterly_report_texts().link_from_dashboard, lang.period(to))}
            </a>
        </p>
        <CsvLinks query=query.clone() lang />
        <ol class="measure-grid">
            {tiles
                .into_iter()
                .map(|tile| {
                    let measure = tile.measure;
                    let link = format!("{}?{query}", routes::measure(&measure.key));
                    view! {
                        <li class="measure-card">
                            <h2>
                                <span class="measure-number">{measure.number}". "</span>
                                {lang.pick(&measure.name_sv, &measure.name_en).to_owned()}
                            </h2>
                            <dl>
                                {tile
                                    .figures
                                    .into_iter()
                                    .map(|figure| view! { <FigureTile figure organisations kind lang /> })
                                    .collect_view()}
                            </dl>
                            <a href=link>
                                {t.more_about}
                                <span class="visually-hidden">
                                    {format!(": {}", lang.pick(&measure.name_sv, &measure.name_en))}
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn FigureTile(
    figure: TileFigure,
    organisations: usize,
    /// The kind shown, which the link to the reporting page keeps.
    kind: Option<OrgKind>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let view = figure.view;
    let preliminary = figure
        .preliminary
        .then(|| view! { " " <span class="preliminary">"("{t.preliminary}")"</span> });
    let body = match figure.latest {
        Some((period, median, n)) => Either::Left(view! {
            {match median {
                Some(median) => Either::Left(view! {
                    <span class="figure">
                        {format::number(lang, median, false)}" "<abbr>{view.unit_label(lang)}</abbr>
                    </span>
                }),
                None => Either::Right(view! {
                    <span class="figure-missing too-few">{t.too_few_reports}</span>
                }),
            }}
            {change_text(lang, figure.year_change, view.direction)}
            <span class="figure-context">
                <a href=format!("{}?kind={}&to={period}", routes::COMPLETENESS, kind.map(OrgKind::as_str).unwrap_or_default())>
                    {lang.period(period)}": "{n}" / "{organisations}" "{t.of_organisations}
                </a>
            </span>
            {preliminary}
            <span inner_html=figure.sparkline></span>
        }),
        None => Either::Right(view! { <span class="figure-missing">{t.no_data}</span> }),
    };
    view! {
        <dt>{view.name(lang).to_owned()}</dt>
        <dd>{body}</dd>
    }
}

/// The query string that keeps the current filters; the default basis is left out.
pub fn filter_query(
    kind: Option<OrgKind>,
    from: Period,
    to: Period,
    basis: Basis,
    normalise: Option<Normalise>,
) -> String {
    let mut query = format!(
        "kind={}&from={from}&to={to}",
        kind.map(OrgKind::as_str).unwrap_or_default()
    );
    if basis != Basis::default() {
        query.push_str(&format!("&basis={}", basis.as_str()));
    }
    if let Some(normalise) = normalise {
        query.push_str(&format!("&normalise={normalise}"));
    }
    query
}

/// The address' choice of normalising: empty or missing is none; anything else unknown is
/// not found.
#[cfg(feature = "ssr")]
pub fn parse_normalise(normalise: Option<String>) -> Result<Option<Normalise>, AppError> {
    normalise
        .filter(|n| !n.is_empty())
        .map(|n| Normalise::parse(&n).map_err(|_| AppError::NotFound))
        .transpose()
}

/// Organisation kind and quarter range, as a plain GET form, and the basis as links: the
/// view's address holds them all.
#[component]
pub fn Filters(
    kind: Option<OrgKind>,
    from: Period,
    to: Period,
    basis: Basis,
    normalise: Option<Normalise>,
    choices: Vec<Period>,
    /// The page's path, for the links that choose the basis.
    path: String,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let s = lang.sizes_texts();
    view! {
        <form method="get" class="choose-report filters">
            <fieldset>
                <legend>{t.filters}</legend>
                <KindAndQuarters kind from to choices lang />
                <div class="field">
                    <label for="filter-normalise">{s.normalise_label}</label>
                    <select id="filter-normalise" name="normalise">
                        <option value="" selected=normalise.is_none()>{s.normalise_none}</option>
                        {Normalise::ALL
                            .into_iter()
                            .map(|n| view! { <option value=n.as_str() selected=normalise == Some(n)>{lang.normalise(n)}</option> })
                            .collect_view()}
                    </select>
                </div>
                // The basis is chosen by the links below; the form keeps a choice made there.
                {(basis != Basis::default())
                    .then(|| view! { <input type="hidden" name="basis" value=basis.as_str() /> })}
                <button type="submit">{t.show}</button>
            </fieldset>
        </form>
        <p class="basis-choice">
            {t.basis}": "
            {Basis::ALL
                .into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let separator = (i > 0).then_some(" · ");
                    let choice = if b == basis {
                        Either::Left(view! { <strong aria-current="true">{lang.basis(b)}</strong> })
                    } else {
                        let href = format!("{path}?{}", filter_query(kind, from, to, b, normalise));
                        Either::Right(view! { <a href=href>{lang.basis(b)}</a> })
                    };
                    view! { {separator} {choice} }
                })
                .collect_view()}
        </p>
    }
}

/// The fields that choose an organisation kind and a range of quarters, named as the
/// addresses of the dashboards and the reporting page have them.
#[component]
pub fn KindAndQuarters(
    kind: Option<OrgKind>,
    from: Period,
    to: Period,
    /// Quarters to choose from, newest first.
    choices: Vec<Period>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let options = move |chosen: Period| {
        choices
            .iter()
            .map(|p| view! { <option value=p.to_string() selected=*p == chosen>{lang.period(*p)}</option> })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for="filter-kind">{t.kind}</label>
            <select id="filter-kind" name="kind">
                <option value="" selected=kind.is_none()>{t.all_kinds}</option>
                {OrgKind::ALL
                    .into_iter()
                    .map(|k| view! { <option value=k.as_str() selected=kind == Some(k)>{lang.kind(k)}</option> })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="filter-from">{t.from_quarter}</label>
            <select id="filter-from" name="from">{options(from)}</select>
        </div>
        <div class="field">
            <label for="filter-to">{t.to_quarter}</label>
            <select id="filter-to" name="to">{options(to)}</select>
        </div>
    }
}

/// The change in words and an arrow, so colour is never the only sign; coloured good or bad
/// only where the measure says which way is better.
pub fn change_text(lang: Lang, change: Option<f64>, direction: Direction) -> impl IntoView {
    let t = lang.texts();
    change.map(|change| {
        let (arrow, word) = if change > 0.0 {
            ("▲", t.up)
        } else if change < 0.0 {
            ("▼", t.down)
        } else {
            ("■", t.unchanged)
        };
        let judged = match direction {
            Direction::Higher | Direction::TowardTarget if change > 0.0 => "change-good",
            Direction::Higher | Direction::TowardTarget if change < 0.0 => "change-bad",
            Direction::Lower if change < 0.0 => "change-good",
            Direction::Lower if change > 0.0 => "change-bad",
            _ => "change-neutral",
        };
        let amount = (change != 0.0).then(|| format::number(lang, change.abs(), false));
        view! {
            <span class=format!("change {judged}")>
                <span aria-hidden="true">{arrow}" "</span>
                {word}" "{amount}" "{t.vs_year_before}
            </span>
        }
    })
}

/// Links to the CSV of exactly what a page shows: the summary with the page's filters.
#[component]
pub fn CsvLinks(query: String, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <p class="csv-links">
            // Downloads, not pages: `rel="external"` keeps the router from taking the click.
            <a href=format!("{}?{query}&format=excel-sv", routes::EXPORT_SUMMARY_CSV) rel="external" download="">
                {t.download_excel}
            </a>
            " · "
            <a href=format!("{}?{query}&format=csv", routes::EXPORT_SUMMARY_CSV) rel="external" download="">
                {t.download_csv}
            </a>
        </p>
    }
}
