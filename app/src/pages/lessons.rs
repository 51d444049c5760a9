//! `/lardomar`: the lessons library, searched across organisations, a page at a time.

use effekt::{FieldError, Lesson, Measure, Organisation, Page, Period, ReportStatus};
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
use crate::pager::{PAGE_PARAMETER, Pager, query_value};
use crate::raw_text::raw_text;
use crate::routes;

/// How many quarters back the quarter lists reach.
#[cfg(feature = "ssr")]
const QUARTERS_OFFERED: usize = 20;

/// The search as typed, to show it again and to carry it from page to page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonsForm {
    pub q: String,
    pub measure: String,
    pub organisation: String,
    pub from: String,
    pub to: String,
}

impl LessonsForm {
    /// The search as a query string, the same for this page, its CSV file and the API.
    fn query(&self) -> String {
        format!(
            "q={}&measure={}&organisation={}&from={}&to={}",
            query_value(&self.q),
            query_value(&self.measure),
            query_value(&self.organisation),
            query_value(&self.from),
            query_value(&self.to)
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LessonsView {
    pub measures: Vec<Measure>,
    pub organisations: Vec<Organisation>,
    /// The quarters to choose from, newest first.
    pub quarters: Vec<Period>,
    pub form: LessonsForm,
    /// What is wrong with the search, by field; no lessons are shown then.
    pub problems: Vec<FieldError>,
    pub lessons: Vec<Lesson>,
    pub page: Page,
    pub total: u64,
}

#[server(prefix = "/sf", endpoint = "lessons", input = Postcard, output = Postcard)]
pub async fn get_lessons(form: LessonsForm, page: Option<String>) -> Result<LessonsView, AppError> {
    crate::error::respond(async move {
        use effekt::LessonsFilter;

        let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
        let state = crate::state::page_state()?;
        let page = Page::parse(page.as_deref(), None).map_err(|_| AppError::NotFound)?;
        let quarters = Period::current().and_earlier(QUARTERS_OFFERED).collect();
        let filter = LessonsFilter::parse(
            &state.catalogue,
            Some(form.q.as_str()),
            Some(form.from.as_str()),
            Some(form.to.as_str()),
            Some(form.organisation.as_str()),
            Some(form.measure.as_str()),
        );
        let mut view = LessonsView {
            measures: state.catalogue.measures().to_vec(),
            organisations: state.store.organisations().await?,
            quarters,
            form,
            problems: Vec::new(),
            lessons: Vec::new(),
            page,
            total: 0,
        };
        let filter = match filter {
            Ok(filter) => filter,
            Err(errors) => {
                view.problems = errors.iter().map(FieldError::from).collect();
                return Ok(view);
            }
        };
        let found = state
            .store
            .lessons(&filter, user.drafts_readable(), Some(page))
            .await?;
        view.total = found.total;
        view.lessons = found.rows;
        Ok(view)
    })
    .await
}

#[component]
pub fn LessonsPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.lessons_texts();
    let query = use_query_map();
    let lessons = load(
        move || {
            let query = query.read();
            let text = |name: &str| query.get(name).unwrap_or_default();
            let form = LessonsForm {
                q: text("q"),
                measure: text("measure"),
                organisation: text("organisation"),
                from: text("from"),
                to: text("to"),
            };
            (form, query.get(PAGE_PARAMETER))
        },
        |(form, page)| get_lessons(form, page),
    );
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.title)) />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {loaded(lessons, move |view| view! { <LessonsBody view lang /> })}
    }
}

#[component]
fn LessonsBody(view: LessonsView, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let l = lang.lessons_texts();
    let LessonsView {
        measures,
        organisations,
        quarters,
        form,
        problems,
        lessons,
        page,
        total,
    } = view;
    let invalid = |field: &str| problems.iter().any(|p| p.field == field).then_some("true");
    let summary = view! { <FilterErrors problems=problems.clone() lang /> };
    let quarter_options = |chosen: &str| {
        let chosen = chosen.to_owned();
        view! {
            <option value="" selected=chosen.is_empty()>{l.any_quarter}</option>
            {quarters
                .iter()
                .map(|p| {
                    let value = p.to_string();
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{lang.period(*p)}</option> }
                })
                .collect_view()}
        }
    };
    let query = form.query();
    let base = format!("{}?{query}&", routes::LESSONS);
    let results = if lessons.is_empty() {
        Either::Left(view! { <p>{l.none_found}</p> })
    } else {
        Either::Right(view! {
            <ol class="lessons-list">
                {lessons
                    .into_iter()
                    .map(|lesson| {
                        let draft = lesson.status == ReportStatus::Draft;
                        view! {
                            <li>
                                <article>
                                    <h2>
                                        <a href=routes::organisation(lesson.organisation_number)>
                                            {lesson.organisation_name}
                                        </a>
                                        {format!(", {}", lang.period(lesson.period))}
                                    </h2>
                                    <p class="lesson-status">
                                        {format!("{}: {}", t.status, lang.status(lesson.status))}
                                        {draft.then(|| view! { <span class="draft-note">{format!(" – {}", l.draft_note)}</span> })}
                                    </p>
                                    <p class="lesson-text">{lesson.lessons}</p>
                                </article>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <Pager page total lang base=base.clone() />
        })
    };
    view! {
        {summary}
        <form method="get" action=routes::LESSONS class="choose-report filters" role="search">
            <fieldset>
                <legend>{l.search}</legend>
                <div class="field">
                    <label for="lessons-q">{l.words}</label>
                    <p class="hint" id="lessons-q-hint">{l.words_hint}</p>
                    <input type="search" id="lessons-q" name="q" value=form.q.clone()
                        maxlength="200" aria-describedby="lessons-q-hint"
                        aria-invalid=invalid("q") />
                </div>
                <div class="field">
                    <label for="lessons-measure">{l.measure}</label>
                    <select id="lessons-measure" name="measure" aria-invalid=invalid("measure")>
                        <option value="" selected=form.measure.is_empty()>{l.all_measures}</option>
                        {measures
                            .iter()
                            .map(|m| {
                                let selected = m.key == form.measure;
                                view! {
                                    <option value=m.key.clone() selected=selected>
                                        {format!("{}. {}", m.number, lang.pick(&m.name_sv, &m.name_en))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="lessons-organisation">{t.organisation}</label>
                    <select id="lessons-organisation" name="organisation"
                        aria-invalid=invalid("organisation")>
                        <option value="" selected=form.organisation.is_empty()>{t.all_organisations}</option>
                        {organisations
                            .iter()
                            .map(|o| {
                                let number = o.organisation_number.to_string();
                                let selected = number == form.organisation;
                                view! { <option value=number selected=selected>{o.name.to_string()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="lessons-from">{l.from}</label>
                    <select id="lessons-from" name="from" aria-invalid=invalid("from")>
                        {quarter_options(&form.from)}
                    </select>
                </div>
                <div class="field">
                    <label for="lessons-to">{l.to}</label>
                    <select id="lessons-to" name="to" aria-invalid=invalid("to")>
                        {quarter_options(&form.to)}
                    </select>
                </div>
                <button type="submit">{l.search}</button>
            </fieldset>
        </form>
        <p class="csv-links">
            <a href=format!("{}?{query}", routes::EXPORT_LESSONS_CSV) download>{t.download_csv}</a>
            " · "
            <a href=format!("{}?{query}&format=excel-sv", routes::EXPORT_LESSONS_CSV) download>{t.download_excel}</a>
        </p>
        <section aria-label=l.results_label>
            <p role="status">{lang.lessons_found(total)}</p>
            {results}
        </section>
    }
}
