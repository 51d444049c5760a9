//! One measure: for each of its series the trend (median, the p25–p75 band, chosen
//! organisations) and a ranked comparison for one quarter, each with its numbers in a table.

use effekt::{Basis, Measure, Normalise, OrgKind, OrgNumber, Period, TrendRow};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::definition::SeriesDefinition;
use crate::raw_text::raw_text;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::chart_address::{ChartImage, ChartKind, ChartName, ChartWidth, chart_address};
use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pages::start::{CsvLinks, Filters, filter_query};
use crate::routes;
use crate::series_view::SeriesView;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeasurePage {
    pub measure: Measure,
    pub kind: Option<OrgKind>,
    pub from: Period,
    pub to: Period,
    pub basis: Basis,
    /// Counts and amounts per 1,000 employees or inhabitants.
    pub normalise: Option<Normalise>,
    pub choices: Vec<Period>,
    pub quarter: Period,
    pub organisations: Vec<(OrgNumber, String)>,
    pub chosen: Vec<OrgNumber>,
    /// When more organisations were chosen than a chart can tell apart: how many are shown.
    pub compared_at_most: Option<usize>,
    pub panels: Vec<SeriesPanel>,
    /// The query of the charts' addresses (`chart_address`): what this page chose, its
    /// language and the data version it was made from.
    pub chart_query: String,
}

/// One series: its charts (served apart, see `chart_address`), their sentences and
/// their numbers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeriesPanel {
    pub view: SeriesView,
    pub trend: ChartImage,
    pub trend_summary: String,
    pub rows: Vec<TrendRow>,
    pub bars: ChartImage,
    pub bars_summary: String,
    pub ranking: Vec<(String, f64)>,
}

/// How the page counts and shows the figures: the address' `basis` and `normalise`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub basis: Option<String>,
    pub normalise: Option<String>,
}

#[server(prefix = "/sf", endpoint = "measure", input = Postcard, output = Postcard)]
pub async fn get_measure(
    key: String,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    quarter: Option<String>,
    orgs: Vec<String>,
    shown: Shown,
) -> Result<MeasurePage, AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let asked = Asked {
            kind,
            from,
            to,
            quarter,
            orgs,
            shown,
        };
        let measured = measured(&state, crate::i18n::current_lang(), &key, asked).await?;
        let panels = measured.drawn.iter().map(|d| d.panel.clone()).collect();
        Ok(MeasurePage {
            panels,
            ..measured.page
        })
    })
    .await
}

/// What a measure page's address asks for, as it says it.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Asked {
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub quarter: Option<String>,
    pub orgs: Vec<String>,
    pub shown: Shown,
}

/// A measure page without its panels, and the panels with their drawings as made once for the
/// version of the counted figures.
#[cfg(feature = "ssr")]
pub struct Measured {
    pub page: MeasurePage,
    pub drawn: std::sync::Arc<Vec<DrawnPanel>>,
    /// The version of the counted figures read before the data: the drawings show it or a
    /// newer one.
    pub version: i64,
}

/// A panel as the page shows it and its two charts' drawings.
#[cfg(feature = "ssr")]
pub struct DrawnPanel {
    pub panel: SeriesPanel,
    pub trend: crate::charts::Drawings,
    pub bars: crate::charts::Drawings,
}

#[cfg(feature = "ssr")]
impl DrawnPanel {
    pub fn drawing(&self, name: ChartName) -> &crate::charts::Drawing {
        let drawings = match name.kind() {
            ChartKind::Trend => &self.trend,
            ChartKind::Bars => &self.bars,
        };
        match name.width() {
            ChartWidth::Wide => &drawings.wide,
            ChartWidth::Narrow => &drawings.narrow,
        }
    }
}

/// The measure page `key` as `asked`, in `lang`: the use case behind both the page's server
/// function and its charts' addresses, so that both resolve the address alike.
#[cfg(feature = "ssr")]
pub async fn measured(
    state: &crate::state::PageState,
    lang: Lang,
    key: &str,
    asked: Asked,
) -> Result<Measured, AppError> {
    {
        use effekt::analytics::{Among, Compared, Filter};

        use crate::charts::MAX_LINES;
        use crate::pages::start::{parse_basis, parse_kind, parse_normalise};
        use crate::quarter_range::{QuarterRange, quarter_range};
        use crate::series_view::series_views;

        let Asked {
            kind,
            from,
            to,
            quarter,
            orgs,
            shown,
        } = asked;
        let rules = state.reporting;
        let measure = state
            .catalogue
            .measures()
            .iter()
            .find(|m| m.key == key)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let parse = |text: Option<String>| -> Result<Option<Period>, AppError> {
            text.filter(|t| !t.is_empty())
                .map(|t| t.parse().map_err(|_| AppError::NotFound))
                .transpose()
        };
        let kind = parse_kind(kind)?;
        let basis = parse_basis(shown.basis)?;
        let normalise = parse_normalise(shown.normalise)?;
        let now = state.analytics.current().await?;
        // Read before the data: the charts' addresses name a version their drawings are at
        // least as new as.
        let version = now.version();
        let QuarterRange {
            from, to, newest, ..
        } = quarter_range(state, &now, kind, from, to).await?;
        let quarter = parse(quarter)?.unwrap_or(to);
        let quarter = quarter.clamp(from, to);
        // Read once per version of the counted figures (a new or renamed organisation moves it),
        // not a row per organisation on every view: at 700 organisations reading them was a
        // third of the page's CPU, most of it handing rows from SQLite's thread to the request's.
        let every = now
            .remembered("measure page: organisations".to_owned(), async {
                let every: Vec<(OrgNumber, String, OrgKind)> = state
                    .store
                    .organisations()
                    .await?
                    .into_iter()
                    .map(|o| (o.organisation_number, o.name.to_string(), o.kind))
                    .collect();
                Ok::<_, AppError>(every)
            })
            .await?;
        let organisations: Vec<(OrgNumber, String)> = every
            .iter()
            .filter(|(_, _, k)| kind.is_none_or(|kind| *k == kind))
            .map(|(number, name, _)| (*number, name.clone()))
            .collect();
        // Each once, known, and no more than the chart has colours for (one more is looked
        // for only to say that some were left out).
        let known: std::collections::HashSet<OrgNumber> =
            organisations.iter().map(|(n, _)| *n).collect();
        let mut chosen: Vec<OrgNumber> = Vec::new();
        for number in orgs.iter().filter_map(|o| o.parse::<OrgNumber>().ok()) {
            if chosen.len() > MAX_LINES {
                break;
            }
            if !chosen.contains(&number) && known.contains(&number) {
                chosen.push(number);
            }
        }
        let compared_at_most = (chosen.len() > MAX_LINES).then_some(MAX_LINES);
        chosen.truncate(MAX_LINES);
        let filter = Filter {
            from: Some(from),
            to: Some(to),
            kind,
            series: None,
            basis,
            normalise,
        };
        let rows = now.summary_as_shown(&filter).await?;
        let views: Vec<SeriesView> = series_views(&state.catalogue, &measure)
            .into_iter()
            .map(|view| view.normalised(normalise))
            .collect();
        // The charts and tables change only with the data and what the address chooses.
        let drawn = format!(
            "measure page {lang:?} {key} {kind:?} {basis:?} {normalise:?} {from} {to} {quarter} {chosen:?}"
        );
        let drawn = now
            .remembered(drawn, async {
                let chosen = chosen.clone();
                // Looked up for every ranked figure: a map, not a search of every name.
                let names: std::collections::HashMap<OrgNumber, String> =
                    organisations.iter().cloned().collect();
                let among = Among {
                    kind,
                    basis,
                    from,
                    to,
                    quarter,
                };
                // Drawing is CPU work: off the request's task, on the analytics' worker.
                now.compute(move |dataset| {
                    let compared: Vec<Compared> = views
                        .iter()
                        .map(|view| Compared {
                            key: &view.key,
                            per: view.per,
                        })
                        .collect();
                    let comparison = dataset.compare(&compared, &chosen, among);
                    let drawing = Drawing {
                        lang,
                        rows: &rows,
                        rules,
                        comparison: &comparison,
                        among,
                        names: &names,
                    };
                    views
                        .into_iter()
                        .enumerate()
                        .map(|(index, view)| drawing.panel(index, view))
                        .collect::<Vec<_>>()
                })
                .await
            })
            .await?;
        let choices = newest.max(to).and_earlier(16).collect();
        let mut chart_query = format!(
            "{}&quarter={quarter}",
            filter_query(kind, from, to, basis, normalise)
        );
        for org in &chosen {
            chart_query.push_str(&format!("&org={org}"));
        }
        chart_query.push_str(&format!("&lang={}&v={version}", lang.code()));
        Ok(Measured {
            page: MeasurePage {
                measure,
                kind,
                from,
                to,
                basis,
                normalise,
                choices,
                quarter,
                organisations,
                chosen,
                compared_at_most,
                panels: Vec::new(),
                chart_query,
            },
            drawn,
            version,
        })
    }
}

/// What every panel of one measure page is drawn from.
#[cfg(feature = "ssr")]
struct Drawing<'a> {
    lang: Lang,
    rows: &'a [effekt::analytics::SummaryRow],
    rules: effekt::ReportingRules,
    comparison: &'a effekt::analytics::Comparison,
    among: effekt::analytics::Among,
    names: &'a std::collections::HashMap<OrgNumber, String>,
}

#[cfg(feature = "ssr")]
impl Drawing<'_> {
    /// The panel of `view`, the `index`th series of the page: its trend and ranking, their
    /// charts and the sentences that tell them.
    fn panel(&self, index: usize, view: SeriesView) -> DrawnPanel {
        use crate::charts::{Bar, Labels, Line, bars, trend_images};
        use effekt::analytics::National;

        let Self {
            lang, comparison, ..
        } = *self;
        let t = lang.texts();
        let effekt::analytics::Among {
            from, to, quarter, ..
        } = self.among;
        let scale = |v: f64| view.scale(v);
        let national = National::of(self.rows, &view.key, self.rules, scale);
        let table = comparison.trend(index, &national);
        let median = national.medians(from, to);
        let band = national.bands(from, to);
        let lines: Vec<Line> = comparison
            .chosen()
            .iter()
            .map(|&org| Line {
                name: self.name_of(org).into_owned(),
                points: comparison.line(index, org, scale),
            })
            .collect();
        let name = view.name(lang).to_owned();
        let unit = view.unit_label(lang);
        let trend_summary = trend_sentence(lang, &name, &median);
        let trend = trend_images(
            lang,
            &Labels {
                id: &format!("trend-{index}"),
                title: &format!("{name} ({unit})"),
                description: &format!("{trend_summary} {}", t.trend_desc),
                y_label: &unit,
            },
            &median,
            &band,
            &lines,
        );
        let ranked: Vec<Bar> = comparison
            .ranking(index, view.direction, scale, |a, b| {
                self.name_of(a).cmp(&self.name_of(b))
            })
            .into_iter()
            .map(|(org, value)| Bar {
                name: self.name_of(org).into_owned(),
                value,
                chosen: comparison.chosen().contains(&org),
            })
            .collect();
        let ranking: Vec<(String, f64)> =
            ranked.iter().map(|b| (b.name.clone(), b.value)).collect();
        let bars_summary = ranking_sentence(lang, &name, quarter, &ranking, &unit);
        let bars = bars(
            lang,
            &Labels {
                id: &format!("bars-{index}"),
                title: &format!("{name}, {}", lang.period(quarter)),
                description: &format!("{bars_summary} {}", t.bars_desc),
                y_label: &unit,
            },
            &ranked,
        );
        DrawnPanel {
            panel: SeriesPanel {
                view,
                trend: ChartImage::of(&trend),
                trend_summary,
                rows: table,
                bars: ChartImage::of(&bars),
                bars_summary,
                ranking,
            },
            trend,
            bars,
        }
    }

    /// Borrowed where the name is known: the ranking's order compares names of equal figures.
    fn name_of(&self, organisation: OrgNumber) -> std::borrow::Cow<'_, str> {
        match self.names.get(&organisation) {
            Some(name) => std::borrow::Cow::Borrowed(name),
            None => std::borrow::Cow::Owned(organisation.to_string()),
        }
    }
}

/// "Kundnöjdhet ökade från 71,0 till 74,5 mellan 2024 K4 och 2025 K1."
#[cfg(feature = "ssr")]
pub fn trend_sentence(lang: Lang, name: &str, median: &[(Period, f64)]) -> String {
    let t = lang.texts();
    let (Some(first), Some(last)) = (median.first(), median.last()) else {
        return format!("{name}: {}.", t.no_data);
    };
    let verb = if last.1 > first.1 {
        t.rose
    } else if last.1 < first.1 {
        t.fell
    } else {
        t.stayed
    };
    let number = |v: f64| format::number(lang, v, false);
    let median_word = match lang {
        Lang::Sv => "Medianen för",
        Lang::En => "The median of",
    };
    let name = match lang {
        Lang::Sv => name.to_lowercase(),
        Lang::En => name.to_owned(),
    };
    format!(
        "{median_word} {name} {verb} {} {} {} {} {} {} {} {}.",
        t.from_word,
        number(first.1),
        t.to_word,
        number(last.1),
        t.between,
        lang.period(first.0),
        t.and_word,
        lang.period(last.0),
    )
}

#[cfg(feature = "ssr")]
fn ranking_sentence(
    lang: Lang,
    name: &str,
    quarter: Period,
    ranking: &[(String, f64)],
    unit: &str,
) -> String {
    let t = lang.texts();
    // By value, whichever way the ranking runs.
    let highest = ranking.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let lowest = ranking.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let (Some(top), Some(bottom)) = (highest, lowest) else {
        return format!("{name}, {}: {}.", lang.period(quarter), t.no_data);
    };
    let number = |v: f64| format::number(lang, v, false);
    format!(
        "{name}, {}: {} {} ({} {unit}), {} {} ({} {unit}).",
        lang.period(quarter),
        t.highest,
        top.0,
        number(top.1),
        t.lowest,
        bottom.0,
        number(bottom.1),
    )
}

#[component]
pub fn MeasurePageView() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let data = load(
        move || {
            let q = query.read();
            (
                params.read().get("key").unwrap_or_default(),
                q.get("kind"),
                q.get("from"),
                q.get("to"),
                q.get("quarter"),
                q.get_all("org").unwrap_or_default(),
                Shown {
                    basis: q.get("basis"),
                    normalise: q.get("normalise"),
                },
            )
        },
        |(key, kind, from, to, quarter, orgs, shown)| {
            get_measure(key, kind, from, to, quarter, orgs, shown)
        },
    );
    view! {
        {loaded(data, move |page| view! { <MeasureBody page lang /> })}
    }
}

#[component]
fn MeasureBody(page: MeasurePage, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let MeasurePage {
        measure,
        kind,
        from,
        to,
        basis,
        normalise,
        choices,
        quarter,
        organisations,
        chosen,
        compared_at_most,
        panels,
        chart_query,
    } = page;
    let title = format!(
        "{}. {}",
        measure.number,
        lang.pick(&measure.name_sv, &measure.name_en)
    );
    let chosen_names: Vec<String> = chosen
        .iter()
        .filter_map(|c| {
            organisations
                .iter()
                .find(|(n, _)| n == c)
                .map(|(_, name)| name.clone())
        })
        .collect();
    view! {
        <Title text=raw_text(&format!("{title} – Effekt")) />
        <h1>{title}</h1>
        <p class="lead">{lang.pick(&measure.description_sv, &measure.description_en).to_owned()}</p>
        <p><a href=format!("{}?{}", routes::START, filter_query(kind, from, to, basis, normalise))>{t.nav_start}</a></p>
        <Filters kind from to basis normalise choices=choices.clone() path=routes::measure(&measure.key) lang />
        <CsvLinks
            query=format!(
                "{}&series={}",
                filter_query(kind, from, to, basis, normalise),
                panels.iter().map(|p| p.view.key.as_str()).collect::<Vec<_>>().join(",")
            )
            lang
        />
        <form method="get" class="choose-report compare">
            <input type="hidden" name="kind" value=kind.map(OrgKind::as_str).unwrap_or_default() />
            <input type="hidden" name="from" value=from.to_string() />
            <input type="hidden" name="to" value=to.to_string() />
            {(basis != Basis::default())
                .then(|| view! { <input type="hidden" name="basis" value=basis.as_str() /> })}
            {normalise.map(|n| view! { <input type="hidden" name="normalise" value=n.as_str() /> })}
            <fieldset>
                <legend>{t.compare_with}</legend>
                {compared_at_most.map(|most| view! {
                    <p class="notice" role="status">
                        {match lang {
                            Lang::Sv => format!("Högst {most} organisationer kan jämföras åt gången; de {most} första visas."),
                            Lang::En => format!("At most {most} organisations can be compared at a time; the first {most} are shown."),
                        }}
                    </p>
                })}
                <div class="checkbox-grid">
                    {organisations
                        .iter()
                        .map(|(number, name)| {
                            let id = format!("org-{number}");
                            view! {
                                <div class="checkbox">
                                    <input type="checkbox" id=id.clone() name="org" value=number.to_string() checked=chosen.contains(number) />
                                    <label for=id>{name.clone()}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
                <div class="field">
                    <label for="compare-quarter">{t.chosen_quarter}</label>
                    <select id="compare-quarter" name="quarter">
                        {from
                            .through(to)
                            .map(|p| view! { <option value=p.to_string() selected=p == quarter>{lang.period(p)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit">{t.show}</button>
            </fieldset>
        </form>
        {panels
            .into_iter()
            .enumerate()
            .map(|(index, panel)| {
                let address = |kind, width| {
                    chart_address(&measure.key, ChartName::new(kind, index, width), &chart_query)
                };
                let [trend, bars] = [ChartKind::Trend, ChartKind::Bars]
                    .map(|kind| (address(kind, ChartWidth::Wide), address(kind, ChartWidth::Narrow)));
                view! { <Panel panel addresses=(trend, bars) chosen_names=chosen_names.clone() lang /> }
            })
            .collect_view()}
        <section class="definitions" aria-labelledby="definitions-heading">
            <h2 id="definitions-heading">{t.definition}</h2>
            {measure
                .series
                .into_iter()
                .map(|series| {
                    let id = format!("definition-{}", series.key);
                    view! {
                        <h3>{lang.pick(&series.name_sv, &series.name_en).to_owned()}</h3>
                        <SeriesDefinition definition=series.definition lang id />
                    }
                })
                .collect_view()}
        </section>
    }
}

/// A chart's wide and narrow drawings' addresses.
type Addresses = (String, String);

#[component]
fn Panel(
    panel: SeriesPanel,
    /// The trend's and the ranking's.
    addresses: (Addresses, Addresses),
    chosen_names: Vec<String>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let name = panel.view.name(lang).to_owned();
    let unit = panel.view.unit_label(lang);
    let number = move |v: f64| format::number(lang, v, false);
    // Said under the table rather than in it, whose cells hold the quarters and figures alone.
    let preliminary: Vec<String> = panel
        .rows
        .iter()
        .filter(|r| r.preliminary)
        .map(|r| lang.period(r.period))
        .collect();
    let preliminary = (!preliminary.is_empty()).then(|| {
        view! {
            <p class="preliminary">
                {format!("{}: {}.", t.preliminary_quarters, preliminary.join(", "))}
            </p>
        }
    });
    view! {
        <section class="series-panel">
            <h2>{name.clone()}</h2>
            <h3>{t.trend_heading}</h3>
            <figure>
                <ChartImages image=panel.trend addresses=addresses.0 />
                <figcaption>{panel.trend_summary}</figcaption>
            </figure>
            <div class="table-scroll" role="region" aria-label=format!("{name}: {}", t.trend_heading) tabindex="0">
                <table>
                    <caption class="visually-hidden">{format!("{name} ({unit})")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.quarter}</th>
                            <th scope="col" class="number">{t.median}</th>
                            <th scope="col" class="number">{t.p25}</th>
                            <th scope="col" class="number">{t.p75}</th>
                            <th scope="col" class="number">{t.n_reported}</th>
                            {chosen_names.iter().map(|n| view! { <th scope="col" class="number">{n.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {panel
                            .rows
                            .into_iter()
                            .map(|row| view! {
                                <tr>
                                    <th scope="row">{lang.period(row.period)}</th>
                                    {match (row.median, row.p25, row.p75) {
                                        (Some(median), Some(p25), Some(p75)) => Either::Left(view! {
                                            <td class="number">{number(median)}</td>
                                            <td class="number">{number(p25)}</td>
                                            <td class="number">{number(p75)}</td>
                                        }),
                                        _ => Either::Right(view! {
                                            <td colspan="3" class="too-few">{t.too_few_reports}</td>
                                        }),
                                    }}
                                    <td class="number">{row.n}</td>
                                    {row.chosen.into_iter().map(|v| view! { <td class="number">{v.map(number).unwrap_or_else(|| "–".into())}</td> }).collect_view()}
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {preliminary}
            <h3>{t.ranking_heading}</h3>
            <figure>
                <ChartImages image=panel.bars addresses=addresses.1 />
                <figcaption>{panel.bars_summary}</figcaption>
            </figure>
            <div class="table-scroll" role="region" aria-label=format!("{name}: {}", t.ranking_heading) tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.rank}</th>
                            <th scope="col">{t.organisation}</th>
                            <th scope="col" class="number">{format!("{} ({unit})", t.value)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {panel
                            .ranking
                            .into_iter()
                            .enumerate()
                            .map(|(i, (org, value))| view! {
                                <tr>
                                    <td>{i + 1}</td>
                                    <th scope="row">{org}</th>
                                    <td class="number">{number(value)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A served chart's two drawings; the style sheet shows the one that fits, and a browser
/// fetches only the one shown (`loading="lazy"` leaves a hidden image alone).
#[component]
fn ChartImages(image: ChartImage, addresses: Addresses) -> impl IntoView {
    let ChartImage { alt, wide, narrow } = image;
    view! {
        <div class="chart">
            <img class="chart-wide" src=addresses.0 alt=alt.clone() width=wide.0 height=wide.1 loading="lazy" />
            <img class="chart-narrow" src=addresses.1 alt=alt width=narrow.0 height=narrow.1 loading="lazy" />
        </div>
    }
}
