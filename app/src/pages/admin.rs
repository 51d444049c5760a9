//! The administrators' start: one quarter's reports by status, missing and unapproved first.

use std::collections::BTreeMap;

use effekt::{OrgNumber, Organisation, Period, ReportStatus};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::pages::completeness::DeadlineForm;
use crate::routes;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuarterOverview {
    pub period: Period,
    /// Newest first, to choose from.
    pub periods: Vec<Period>,
    /// Missing first, then drafts, submitted, approved; by name within each.
    pub rows: Vec<(Organisation, Option<ReportStatus>)>,
    /// The quarter's reporting deadline (`YYYY-MM-DD`), and whether an administrator set it.
    pub deadline: (String, bool),
    /// How many plausibility warnings each report's figures raise; reports without any are
    /// left out.
    pub warnings: BTreeMap<OrgNumber, usize>,
}

/// Refuses unless the signed-in user may do `action`.
#[cfg(feature = "ssr")]
pub(crate) fn require(action: effekt::Action) -> Result<(), AppError> {
    let user = crate::state::signed_in().ok_or(AppError::Unauthorized)?;
    if user.may(action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(prefix = "/sf", endpoint = "quarter_overview", input = Postcard, output = Postcard)]
pub async fn get_quarter_overview(period: Option<String>) -> Result<QuarterOverview, AppError> {
    crate::error::respond(async move {
        require(effekt::Action::Approve)?;
        let state = crate::state::page_state()?;
        let latest_full = Period::last_ended();
        let period = match period {
            Some(text) => text.parse().map_err(|_| AppError::NotFound)?,
            None => latest_full,
        };
        let periods = Period::current().and_earlier(12).collect();
        let organisations = state.store.organisations().await?;
        let statuses = state.store.statuses_in(period).await?;
        let mut rows: Vec<(Organisation, Option<ReportStatus>)> = organisations
            .into_iter()
            .map(|org| {
                let status = statuses
                    .iter()
                    .find(|(number, _)| *number == org.organisation_number)
                    .and_then(|(_, status)| *status);
                (org, status)
            })
            .collect();
        rows.sort_by_key(|(org, status)| (rank(*status), org.name.clone()));
        let deadlines = state.store.deadlines(state.reporting).await?;
        let warnings = state
            .store
            .warnings_in(&state.catalogue, period)
            .await?
            .into_iter()
            .map(|(number, found)| (number, found.len()))
            .collect();
        Ok(QuarterOverview {
            period,
            periods,
            rows,
            deadline: (
                effekt::iso_date(deadlines.of(period)),
                deadlines.is_set(period),
            ),
            warnings,
        })
    })
    .await
}

/// What needs attention first.
#[cfg(feature = "ssr")]
fn rank(status: Option<ReportStatus>) -> u8 {
    match status {
        None => 0,
        Some(ReportStatus::Draft) => 1,
        Some(ReportStatus::Submitted) => 2,
        Some(ReportStatus::Approved) => 3,
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let overview = load(move || query.read().get("period"), get_quarter_overview);
    let deadline_saved = move || query.read().get("frist").is_some();
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.admin_title)) />
        <h1>{t.admin_title}</h1>
        // The links only with the overview: a refused reader gets neither.
        {loaded(overview, move |overview| view! {
            <ul class="admin-links">
                <li><a href=routes::ADMIN_ORGANISATIONS>{t.manage_organisations}</a></li>
                <li><a href=routes::ADMIN_USERS>{t.manage_users}</a></li>
                <li><a href=routes::DISPLAY_LINKS>{lang.display_link_texts().title}</a></li>
                <li><a href=routes::ADMIN_AUDIT>{t.audit_title}</a></li>
                <li><a href=routes::ADMIN_OPERATIONS>{lang.operations_texts().title}</a></li>
            </ul>
            <Overview overview deadline_saved=deadline_saved() lang />
        })}
    }
}

#[component]
fn Overview(overview: QuarterOverview, deadline_saved: bool, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let QuarterOverview {
        period,
        periods,
        rows,
        deadline,
        warnings,
    } = overview;
    let p = lang.plausibility_texts();
    let count = |status: Option<ReportStatus>| rows.iter().filter(|(_, s)| *s == status).count();
    let counts = [
        (t.missing, count(None)),
        (
            lang.status(ReportStatus::Draft),
            count(Some(ReportStatus::Draft)),
        ),
        (
            lang.status(ReportStatus::Submitted),
            count(Some(ReportStatus::Submitted)),
        ),
        (
            lang.status(ReportStatus::Approved),
            count(Some(ReportStatus::Approved)),
        ),
    ];
    view! {
        <h2>{t.quarter_overview}": "{lang.period(period)}</h2>
        <form method="get" action=routes::ADMIN class="choose-report">
            <div class="field">
                <label for="overview-period">{t.quarter}</label>
                <select id="overview-period" name="period">
                    {periods
                        .into_iter()
                        .map(|p| view! {
                            <option value=p.to_string() selected=p == period>{lang.period(p)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">{t.show}</button>
        </form>
        <DeadlineForm period deadline saved=deadline_saved lang />
        <h3>{t.status_counts}</h3>
        <ul class="status-counts">
            {counts
                .into_iter()
                .map(|(label, n)| view! { <li>{label}": "<strong>{n}</strong></li> })
                .collect_view()}
        </ul>
        // With the plausibility column the table is wider than a phone: it scrolls on its own.
        <div
            class="table-scroll"
            role="region"
            aria-label=format!("{}: {}", t.quarter_overview, lang.period(period))
            tabindex="0"
        >
        <table>
            <thead>
                <tr>
                    <th scope="col">{t.organisation}</th>
                    <th scope="col">{t.status}</th>
                    <th scope="col">{p.column}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(org, status)| {
                        let number: OrgNumber = org.organisation_number;
                        let (class, label) = match status {
                            None => ("status-missing", t.missing),
                            Some(s) => (status_class(s), lang.status(s)),
                        };
                        // A missing report has no figures to doubt.
                        let plausibility = status.map(|_| match warnings.get(&number) {
                            Some(&n) => Either::Left(view! {
                                <strong class="has-warnings">{lang.warnings_count(n)}</strong>
                            }),
                            None => Either::Right(p.none),
                        });
                        view! {
                            <tr class=class>
                                <td>
                                    <a href=format!("{}?organisation={number}&period={period}", routes::REPORT)>
                                        {org.name.to_string()}
                                    </a>
                                </td>
                                <td><strong>{label}</strong></td>
                                <td>{plausibility}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
    }
}

fn status_class(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Draft => "status-draft",
        ReportStatus::Submitted => "status-submitted",
        ReportStatus::Approved => "status-approved",
    }
}
