//! The start page: the fourteen measures with the latest national figure and its change.

use effekt::{Catalogue, Direction, SeriesLatest};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::errors::ErrorPanel;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Overview {
    pub catalogue: Catalogue,
    pub latest: Vec<SeriesLatest>,
}

#[server(prefix = "/sf", endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    crate::error::respond(async move {
        let state = crate::state::server_state()?;
        let values = state.store.all_values().await?;
        let latest =
            effekt::latest_medians(values.into_iter().map(|v| (v.period, v.series, v.value)));
        Ok(Overview {
            catalogue: (*state.catalogue).clone(),
            latest,
        })
    })
    .await
}

#[component]
pub fn StartPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text=format!("{} – Effekt", t.start_title) />
        <h1>{t.start_title}</h1>
        <p class="lead">{t.start_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <MeasureList overview lang /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MeasureList(overview: Overview, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let measures = overview.catalogue.measures().to_vec();
    view! {
        <ol class="measure-grid">
            {measures
                .into_iter()
                .map(|measure| {
                    let name = match lang {
                        Lang::Sv => measure.name_sv.clone(),
                        Lang::En => measure.name_en.clone(),
                    };
                    view! {
                        <li class="measure-card">
                            <h2>
                                <span class="measure-number">{measure.number}". "</span>
                                {name}
                            </h2>
                            <dl>
                                {measure
                                    .series
                                    .iter()
                                    .map(|series| {
                                        let latest = overview
                                            .latest
                                            .iter()
                                            .find(|l| l.series == series.key)
                                            .cloned();
                                        let series_name = match lang {
                                            Lang::Sv => series.name_sv.clone(),
                                            Lang::En => series.name_en.clone(),
                                        };
                                        let figure = latest
                                            .map(|latest| {
                                                let value = format::number(
                                                    lang,
                                                    latest.median,
                                                    false,
                                                );
                                                let change = change_text(
                                                    lang,
                                                    latest.previous.map(|p| latest.median - p),
                                                    series.direction,
                                                );
                                                view! {
                                                    <span class="figure">
                                                        {value}" "<abbr>{lang.unit(series.unit)}</abbr>
                                                    </span>
                                                    <span class="figure-context">
                                                        {lang.period(latest.period)}", "
                                                        {t.reported_by}" "{latest.reported}
                                                    </span>
                                                    {change}
                                                }
                                                    .into_any()
                                            })
                                            .unwrap_or_else(|| {
                                                view! { <span class="figure-missing">{t.no_data}</span> }
                                                    .into_any()
                                            });
                                        view! {
                                            <dt>{series_name}</dt>
                                            <dd>{figure}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The change from the quarter before in words and an arrow, so colour is never the only sign;
/// coloured good or bad only where the measure says which way is better.
fn change_text(lang: Lang, change: Option<f64>, direction: Direction) -> impl IntoView {
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
            Direction::Higher if change > 0.0 => "change-good",
            Direction::Higher if change < 0.0 => "change-bad",
            Direction::Lower if change < 0.0 => "change-good",
            Direction::Lower if change > 0.0 => "change-bad",
            _ => "change-neutral",
        };
        let amount = (change != 0.0).then(|| format::number(lang, change.abs(), false));
        view! {
            <span class=format!("change {judged}")>
                <span aria-hidden="true">{arrow}" "</span>
                {word}" "{amount}
            </span>
        }
    })
}
