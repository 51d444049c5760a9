//! `/skarm`, the wall view for an office screen: one measure at a time in large type, high
//! contrast, with the latest readable quarter's national median, its change against a year
//! before and its trend, rotating through the measures with no pointer and no JavaScript. The
//! server asks the browser to load the next measure (`Refresh` header: a `<meta>` refresh
//! would fail axe's `meta-refresh` rule, and a reader can pause this one), and each load reads
//! the data anew, so the screen shows a change within one turn. Display links open this page
//! and nothing else.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pages::start::{Tile, change_text};
use crate::raw_text::raw_text;
use crate::routes;

/// How long each measure is shown.
const ROTATE_SECONDS: u64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wall {
    /// The measure shown, as the dashboard's tile for it.
    pub tile: Tile,
    /// Its place among the measures, from 1…
    pub position: usize,
    /// …of this many.
    pub count: usize,
    /// Organisations registered, for "n / m reported".
    pub organisations: usize,
}

/// The dashboard's tile for the measure at `matt` (1 to the number of measures; the first
/// when not given), over the default range: all kinds, submitted and approved reports.
#[server(prefix = "/sf", endpoint = "wall", input = Postcard, output = Postcard)]
pub async fn get_wall(matt: Option<String>) -> Result<Wall, AppError> {
    crate::error::respond(async move {
        let dashboard = crate::pages::start::get_dashboard(None, None, None, None, None).await?;
        let count = dashboard.tiles.len();
        let position = match matt.filter(|m| !m.is_empty()) {
            None => 1,
            Some(m) => m
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=count).contains(n))
                .ok_or(AppError::NotFound)?,
        };
        let tile = dashboard
            .tiles
            .into_iter()
            .nth(position - 1)
            .ok_or(AppError::NotFound)?;
        Ok(Wall {
            tile,
            position,
            count,
            organisations: dashboard.organisations,
        })
    })
    .await
}

#[component]
pub fn WallPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let paused = move || query.read().get("paus").is_some();
    let wall = load(move || query.read().get("matt"), get_wall);
    view! {
        <Title text=raw_text(&format!("{} – Effekt", lang.wall_texts().title)) />
        {loaded(wall, move |wall| view! { <WallView wall paused=paused() lang /> })}
    }
}

#[component]
fn WallView(wall: Wall, paused: bool, lang: Lang) -> impl IntoView {
    let t = lang.wall_texts();
    let Wall {
        tile,
        position,
        count,
        organisations,
    } = wall;
    #[cfg(feature = "ssr")]
    if !paused {
        use http::header::HeaderValue;
        let next = position % count + 1;
        if let (Some(response), Ok(refresh)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            HeaderValue::from_str(&format!("{ROTATE_SECONDS}; url=/skarm?matt={next}")),
        ) {
            response.insert_header(http::header::REFRESH, refresh);
        }
    }
    let measure = tile.measure;
    let control = if paused {
        Either::Left(view! {
            <p>{t.paused}" "<a href=format!("{}?matt={position}", routes::WALL)>{t.resume}</a></p>
        })
    } else {
        Either::Right(view! {
            <p><a href=format!("{}?matt={position}&paus=1", routes::WALL)>{t.pause}</a></p>
        })
    };
    view! {
        <section class="wall" aria-labelledby="wall-measure">
            <h1 id="wall-measure">
                <span class="measure-number">{measure.number}". "</span>
                {lang.pick(&measure.name_sv, &measure.name_en).to_owned()}
            </h1>
            <dl class="wall-figures">
                {tile
                    .figures
                    .into_iter()
                    .map(|figure| {
                        let view = figure.view;
                        let body = match figure.latest {
                            Some((period, median, n)) => Either::Left(view! {
                                <p class="wall-quarter">{lang.period(period)}" · "{t.national_median}</p>
                                {match median {
                                    Some(median) => Either::Left(view! {
                                        <p class="wall-figure">
                                            {format::number(lang, median, false)}" "
                                            <abbr>{view.unit_label(lang)}</abbr>
                                        </p>
                                    }),
                                    None => Either::Right(view! { <p class="wall-figure-missing">{t.too_few}</p> }),
                                }}
                                <p class="wall-change">{change_text(lang, figure.year_change, view.direction)}</p>
                                <p class="wall-context">{n}" / "{organisations}" "{t.reported}</p>
                                <div class="wall-trend" inner_html=figure.sparkline></div>
                            }),
                            None => Either::Right(view! { <p class="wall-figure-missing">{t.no_data}</p> }),
                        };
                        view! {
                            <div class="wall-series">
                                <dt>{view.name(lang).to_owned()}</dt>
                                <dd>{body}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="wall-position">
                {lang.wall_position(position, count, (!paused).then_some(ROTATE_SECONDS))}
            </p>
            {control}
        </section>
    }
}
