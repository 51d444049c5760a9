//! Importing a CSV file: upload, a preview of every change (or every problem), confirm.

use effekt::csv::{LineProblems, PlannedChange};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::form_action::{FormAction, PostForm};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loading::load_once;
use crate::loading::loaded;
use crate::routes;

/// The import page: what the last import did, and the upload form.
#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let done = move || {
        let q = query.read();
        let count = |name| q.get(name).and_then(|n| n.parse::<u64>().ok());
        count("klar").map(|rows| (rows, count("andrade").unwrap_or_default()))
    };
    let empty = move || query.read().get("tom").is_some();
    let refused = move || query.read().get("nekad").is_some();
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.import_title)) />
        <h1>{t.import_title}</h1>
        <p class="lead">{t.import_intro}</p>
        {move || done().map(|(rows, changed)| view! {
            <p class="notice notice-success" role="status">
                {format!("{}: {}.", t.imported, lang.rows_and_changes(rows, changed))}
            </p>
        })}
        {move || empty().then(|| view! { <p class="notice notice-error" role="alert">{t.no_file}</p> })}
        {move || refused().then(|| view! { <p class="notice notice-error" role="alert">{t.may_not_import}</p> })}
        <UploadForm lang />
    }
}

/// The upload form: a plain multipart post, so it works without JavaScript.
#[component]
fn UploadForm(lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <form class="admin-form" method="post" action=routes::IMPORT_UPLOAD enctype="multipart/form-data">
            <div class="field">
                <label for="import-file">{t.file}</label>
                <input type="file" id="import-file" name="file" accept=".csv,text/csv" />
            </div>
            <button type="submit">{t.review_file}</button>
        </form>
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Review {
    /// The file cannot be imported; its problems (the first thousand, and a count).
    Problems(LineProblems),
    /// What confirming would change, with organisation and series names.
    Changes(Vec<ChangeRow>),
}

/// A planned change as the preview shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeRow {
    pub organisation: String,
    /// The series' name in the reader's language; the file names it by its key.
    pub series: String,
    pub change: PlannedChange,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportReview {
    pub id: String,
    pub file_name: String,
    pub rows: usize,
    pub review: Review,
    /// The names, in the reader's language, of the series the problems are about, by key.
    pub series_names: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
async fn load(
    id: &str,
) -> Result<(effekt::csv::ImportPlan, String, crate::state::PageState), AppError> {
    use effekt::csv::{ImportPlan, ImportProblem, LineProblem};

    let state = crate::state::page_state()?;
    let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
    let pending = state
        .store
        .pending_import(id, &user.email)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(content) = pending.content else {
        return Err(AppError::Import(
            LineProblem::new(1, "", ImportProblem::Unreadable("not UTF-8".into())).into(),
        ));
    };
    let plan = ImportPlan::parse(&state.catalogue, content.as_bytes()).map_err(AppError::Import)?;
    Ok((plan, pending.file_name, state))
}

#[server(prefix = "/sf", endpoint = "review_import", input = Postcard, output = Postcard)]
pub async fn review_import(id: String) -> Result<ImportReview, AppError> {
    crate::error::respond(async move {
        use effekt::store::ImportFailure;

        let (plan, file_name, state) = match load(&id).await {
            Err(AppError::Import(problems)) => {
                let state = crate::state::page_state()?;
                let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
                let file_name = state
                    .store
                    .pending_import(&id, &user.email)
                    .await?
                    .map(|p| p.file_name)
                    .unwrap_or_default();
                return Ok(ImportReview {
                    id,
                    file_name,
                    rows: 0,
                    series_names: series_names(&state.catalogue, &problems),
                    review: Review::Problems(problems),
                });
            }
            other => other?,
        };
        let actor = crate::state::actor()?;
        let lang = crate::i18n::current_lang();
        let names = state.store.organisations().await?;
        let review = match state.store.import_preview(&plan, &actor).await {
            Ok(changes) => Review::Changes(
                changes
                    .into_iter()
                    .map(|change| ChangeRow {
                        organisation: names
                            .iter()
                            .find(|o| o.organisation_number == change.organisation_number)
                            .map(|o| o.name.to_string())
                            .unwrap_or_default(),
                        series: state.catalogue.find_series(&change.series).map_or_else(
                            || change.series.clone(),
                            |s| lang.pick(&s.name_sv, &s.name_en).to_owned(),
                        ),
                        change,
                    })
                    .collect(),
            ),
            Err(ImportFailure::Rejected(problems)) => Review::Problems(problems),
            Err(ImportFailure::Store(error)) => return Err(error.into()),
        };
        let series_names = match &review {
            Review::Problems(problems) => series_names(&state.catalogue, problems),
            Review::Changes(_) => Vec::new(),
        };
        Ok(ImportReview {
            id,
            file_name,
            rows: plan.rows.len(),
            review,
            series_names,
        })
    })
    .await
}

/// The names of the series the problems are about, in the reader's language.
#[cfg(feature = "ssr")]
fn series_names(catalogue: &effekt::Catalogue, problems: &LineProblems) -> Vec<(String, String)> {
    let lang = crate::i18n::current_lang();
    let mut names: Vec<(String, String)> = Vec::new();
    for key in problems.iter().filter_map(|p| p.series.as_deref()) {
        if let Some(series) = catalogue.find_series(key)
            && !names.iter().any(|(k, _)| k == key)
        {
            names.push((
                key.to_owned(),
                lang.pick(&series.name_sv, &series.name_en).to_owned(),
            ));
        }
    }
    names
}

/// Stores the reviewed file in one transaction, checking it all again first.
#[server(prefix = "/sf", endpoint = "confirm_import", output = Postcard)]
pub async fn confirm_import(id: String) -> Result<(), AppError> {
    crate::error::respond(async move {
        let (plan, _, state) = load(&id).await?;
        let actor = crate::state::actor()?;
        let imported =
            effekt::use_cases::import(&state.store, &state.catalogue, &actor, &plan).await?;
        state.store.forget_pending_import(&id).await?;
        leptos_axum::redirect(&format!(
            "{}?klar={}&andrade={}",
            routes::IMPORT,
            imported.rows,
            imported.changed
        ));
        Ok(())
    })
    .await
}

#[component]
pub fn ImportReviewPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let params = use_params_map();
    let confirm = FormAction::<ConfirmImport>::new();
    // Loaded once: after confirming, the page goes on to the import page and the file is
    // gone, so there is nothing to load again.
    let id = params.read_untracked().get("id").unwrap_or_default();
    let review = load_once(review_import(id));
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.review_title)) />
        <h1>{t.review_title}</h1>
        {move || match confirm.value().get() {
            Some(Err(AppError::Import(problems))) => Some(Either::Left(view! { <Problems problems series_names=Vec::new() lang /> })),
            Some(Err(_)) => Some(Either::Right(view! { <p class="notice notice-error" role="alert">{t.error_text}</p> })),
            _ => None,
        }}
        {loaded(review, move |review| view! { <ReviewView review confirm lang /> })}
    }
}

#[component]
fn ReviewView(
    review: ImportReview,
    confirm: FormAction<ConfirmImport>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let number = move |v: f64| format::number(lang, v, false);
    view! {
        <p><strong>{t.file}": "</strong>{review.file_name.clone()}</p>
        {match review.review {
            // The corrected file can be sent again from here at once.
            Review::Problems(problems) => Either::Left(view! {
                <Problems problems series_names=review.series_names.clone() lang />
                <UploadForm lang />
            }),
            Review::Changes(changes) => {
                let any = !changes.is_empty();
                Either::Right(view! {
                    {if any {
                        Either::Left(view! {
                            <h2 id="changes-heading">{t.changes_found}</h2>
                            <div class="table-scroll" role="region" aria-labelledby="changes-heading" tabindex="0">
                                <table class="import-changes">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.line}</th>
                                            <th scope="col">{t.organisation}</th>
                                            <th scope="col">{t.quarter}</th>
                                            <th scope="col">{t.series}</th>
                                            <th scope="col" class="number">{t.old_value}</th>
                                            <th scope="col" class="number">{t.new_value}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {changes
                                            .into_iter()
                                            .map(|ChangeRow { organisation, series, change: c }| view! {
                                                <tr>
                                                    <td>{c.line}</td>
                                                    <td>{organisation}</td>
                                                    <td>{lang.period(c.period)}</td>
                                                    <td>{series}</td>
                                                    <td class="number">{c.old.map(number).unwrap_or_else(|| t.new_value_word.to_owned())}</td>
                                                    <td class="number">{number(c.new)}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })
                    } else {
                        Either::Right(view! { <p class="notice">{t.no_changes_found}</p> })
                    }}
                    <PostForm action=confirm attr:class="admin-form">
                        <input type="hidden" name="id" value=review.id.clone() />
                        <button type="submit">{t.confirm_import}</button>
                    </PostForm>
                    <p><a href=routes::IMPORT>{t.cancel}</a></p>
                })
            }
        }}
    }
}

#[component]
fn Problems(
    problems: LineProblems,
    series_names: Vec<(String, String)>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let more =
        (problems.more() > 0).then(|| lang.more_problems(problems.iter().len(), problems.more()));
    view! {
        <div class="error-summary" role="alert">
            <h2>{t.problems_found}</h2>
            {more.map(|more| view! { <p>{more}</p> })}
        </div>
        <table class="import-problems">
            <thead>
                <tr>
                    <th scope="col">{t.line}</th>
                    <th scope="col">{t.column}</th>
                    <th scope="col">{t.message}</th>
                </tr>
            </thead>
            <tbody>
                {problems
                    .into_iter()
                    .map(|p| {
                        let series = p.series.as_deref().map(|key| {
                            let name = series_names
                                .iter()
                                .find(|(k, _)| k == key)
                                .map_or(key, |(_, name)| name.as_str());
                            (key, name)
                        });
                        let message = lang.import_problem_about(&p.problem, series, p.given.as_deref());
                        view! {
                            <tr>
                                <td>{p.line}</td>
                                <td>{p.column}</td>
                                <td>{message}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
