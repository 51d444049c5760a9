//! Loading the demo organisations, users and eight quarters of figures into an empty database.

use effekt::demo::{DemoData, DemoError, DemoUser, demo_periods};
use effekt::store::{Actor, Store, StoreError};
use effekt::{
    Catalogue, Email, Entry, Goal, NewPassword, OrgNumber, Period, ReportUpdate, Role, Step, User,
};

use crate::source::{self, Source};

#[derive(Debug, thiserror::Error)]
pub enum DemoLoadError {
    #[error("cannot read the demo data file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Data(#[from] DemoError),
    #[error("demo data rejected: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Loads the demo data when the database is empty, in one transaction; leaves any other
/// database alone. Returns whether it loaded anything.
#[tracing::instrument(skip(store, catalogue))]
pub async fn load_if_empty(
    store: &Store,
    catalogue: &Catalogue,
    demo_file: &Source,
) -> Result<bool, DemoLoadError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    let text = demo_file
        .read_to_string(source::DEMO_DATA)
        .map_err(|error| DemoLoadError::Read {
            path: demo_file.to_string(),
            source: error,
        })?;
    let demo = DemoData::from_toml(&text, catalogue)?;
    let periods = demo_periods(Period::last_ended());
    let deadline = periods
        .last()
        .and_then(|p| Period::from_index(p.index() + demo.goal.quarters_to_deadline))
        .ok_or_else(|| DemoLoadError::Invalid("no deadline for the demo goals".into()))?;
    // The organisations of the demo analysts, who have drafts of their own to work on.
    let analysed: Vec<&str> = demo
        .users
        .iter()
        .filter_map(|u| u.organisation_number.as_deref())
        .collect();
    let mut tx = store.begin_write(&Actor::System("demo")).await?;
    for (org_index, organisation) in demo.organisations.iter().enumerate() {
        tx.create_organisation(organisation).await?;
        let baseline = demo
            .values(catalogue, org_index, 0)
            .into_iter()
            .find(|(key, _)| Some(key) == catalogue.goal_series())
            .map(|(_, value)| value);
        if let Some(baseline) = baseline {
            let goal = Goal::parse(&demo.goal.name, baseline, None, deadline, false)
                .map_err(|e| DemoLoadError::Invalid(e.to_string()))?;
            tx.set_goal(organisation.organisation_number, &goal).await?;
        }
        for (quarter_index, period) in periods.iter().enumerate() {
            let entries = demo
                .values(catalogue, org_index, quarter_index)
                .into_iter()
                .map(|(key, value)| (key.to_string(), Entry::Number(value)));
            let lessons = demo.lessons(org_index, quarter_index).to_owned();
            let update = ReportUpdate::parse(catalogue, entries, Some(lessons))
                .map_err(|errors| DemoLoadError::Invalid(format!("{errors:?}")))?;
            let submitted = demo_submitted_at(*period, org_index, quarter_index);
            tx.dated(submitted - time::Duration::days(1))?;
            tx.update_report(organisation.organisation_number, *period, &update)
                .await?;
            for step in demo_steps(
                quarter_index,
                periods.len(),
                analysed.contains(&organisation.organisation_number.to_string().as_str()),
            ) {
                let at = match step {
                    Step::Approve => (submitted + time::Duration::days(APPROVED_AFTER_DAYS))
                        .min(time::OffsetDateTime::now_utc()),
                    _ => submitted,
                };
                tx.dated(at)?;
                tx.take_step(organisation.organisation_number, *period, *step)
                    .await?;
            }
        }
    }
    tx.dated(time::OffsetDateTime::now_utc())?;
    for (organisation, year, size) in demo.sizes(&periods) {
        tx.set_size(organisation, year, size).await?;
    }
    for demo_user in &demo.users {
        let (user, password) = parse_user(demo_user)?;
        tx.create_user(&user, &store.hash_password(&password).await)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(
        organisations = demo.organisations.len(),
        users = demo.users.len(),
        quarters = periods.len(),
        "loaded demo data"
    );
    Ok(true)
}

/// How far each demo report goes in the workflow, so that the demo shows every status: the
/// quarters before the newest two are approved, the newest two submitted and waiting for an
/// administrator (preliminary on the dashboards). The demo analysts' organisations keep the
/// three quarters before the newest as drafts, to try the workflow on.
fn demo_steps(quarter_index: usize, quarters: usize, analysed: bool) -> &'static [Step] {
    let from_newest = quarters.saturating_sub(quarter_index + 1);
    match from_newest {
        0 => &[Step::Submit],
        1..=3 if analysed => &[],
        1 => &[Step::Submit],
        _ => &[Step::Submit, Step::Approve],
    }
}

/// Days from a demo report's submission to its approval.
const APPROVED_AFTER_DAYS: i64 = 7;

/// When a demo organisation submitted its report for `period`: most between 10 and 40 days
/// after the quarter ended, within the default 45; about one in seven a week or two late, so
/// that the reporting-rate page has timeliness to show. Never later than now.
fn demo_submitted_at(
    period: Period,
    org_index: usize,
    quarter_index: usize,
) -> time::OffsetDateTime {
    let spread = i64::try_from((org_index * 7 + quarter_index * 11) % 31).unwrap_or(0);
    let late = (org_index + 2 * quarter_index) % 7 == 3;
    let days = if late { 50 + spread / 3 } else { 10 + spread };
    let day = period.last_day() + time::Duration::days(days);
    let at = day.with_time(time::macros::time!(10:00)).assume_utc()
        + time::Duration::minutes(i64::try_from(org_index).unwrap_or(0));
    at.min(time::OffsetDateTime::now_utc())
}

fn parse_user(demo: &DemoUser) -> Result<(User, NewPassword), DemoLoadError> {
    let invalid =
        |e: &dyn std::fmt::Display| DemoLoadError::Invalid(format!("{}: {e}", demo.email));
    let email = Email::parse(&demo.email).map_err(|e| invalid(&e))?;
    let role = Role::parse(&demo.role).map_err(|e| invalid(&e))?;
    let organisation = demo
        .organisation_number
        .as_deref()
        .map(OrgNumber::parse)
        .transpose()
        .map_err(|e| invalid(&e))?;
    let user = User::new(email, role, organisation).map_err(|e| invalid(&e))?;
    let password = NewPassword::parse(&demo.password).map_err(|e| invalid(&e))?;
    Ok((user, password))
}
