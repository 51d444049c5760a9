//! The quarters a dashboard shows: as the address asks, else the eight up to the newest quarter
//! leadership can read; never further out than the data reaches.

use effekt::analytics::Current;
use effekt::store::StoreError;
use effekt::{OrgKind, Period};

use crate::error::AppError;
use crate::pages::BeingReported;

/// How many quarters a dashboard shows unless asked otherwise: two years.
const DEFAULT_QUARTERS: i32 = 8;

/// A checked range of quarters, `from` up to and including `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuarterRange {
    pub from: Period,
    pub to: Period,
    /// The newest quarter leadership can read, which the range ends at by default.
    pub newest: Period,
    /// The newest quarter that has reports but cannot be read yet, if newer than `newest`.
    pub being_reported: Option<BeingReported>,
}

/// The range for the address' `from` and `to` (empty or missing means the default; anything
/// else not a quarter is not found). The default ends at the newest quarter leadership can
/// read: its reporting deadline (as an administrator set it, else the default) has passed, or at least half of the organisations (of `kind`)
/// have submitted or approved reports. Until then one early report would stand for the whole
/// country; a draft, anyone's, moves nobody's view. Both ends are kept within the quarters the
/// data has (and the default range), so that no address makes a page walk thousands of empty
/// quarters.
pub async fn quarter_range(
    state: &crate::state::PageState,
    now: &Current<'_>,
    kind: Option<OrgKind>,
    from: Option<String>,
    to: Option<String>,
) -> Result<QuarterRange, AppError> {
    let parse = |text: Option<String>| -> Result<Option<Period>, AppError> {
        text.filter(|t| !t.is_empty())
            .map(|t| t.parse().map_err(|_| AppError::NotFound))
            .transpose()
    };
    let (from, to) = (parse(from)?, parse(to)?);
    let expected = now.dataset().organisation_count(kind);
    // From the newest quarter with figures that count, back to the first that can be read:
    // a few quarters at most, since every quarter can be read once its deadline has passed.
    // What the store says here changes only with what the national figures count: read once
    // per version of those, not on every view, where at the deadline they were three of a
    // dashboard's four trips to the database (BENCHMARKS.md, "Drafts at the deadline").
    let store = &state.store;
    let deadlines = read_once(now, "deadlines", store.deadlines(state.reporting)).await?;
    let mut readable = *read_once(now, "newest reported", store.latest_reported_period()).await?;
    let mut being_reported = None;
    while let Some(period) = readable {
        if deadlines.passed_today(period) {
            break;
        }
        let key = format!("reported in {period} {kind:?}");
        let reported = *read_once(now, &key, store.reported_in(period, kind)).await?;
        if deadlines.readable_today(period, reported, expected) {
            break;
        }
        being_reported.get_or_insert(BeingReported {
            period,
            reported: u32::try_from(reported).unwrap_or(u32::MAX),
            expected: u32::try_from(expected).unwrap_or(u32::MAX),
        });
        readable = period.previous();
    }
    let range = choose(
        from,
        to,
        readable,
        now.dataset().quarters(),
        Period::current(),
    );
    Ok(QuarterRange {
        being_reported: being_reported.filter(|b| b.period > range.newest),
        ..range
    })
}

/// What `read` answers, read once per version of the counted figures.
async fn read_once<T: Send + Sync + 'static>(
    now: &Current<'_>,
    key: &str,
    read: impl Future<Output = Result<T, StoreError>>,
) -> Result<std::sync::Arc<T>, AppError> {
    now.remembered(format!("quarter range: {key}"), async {
        Ok::<_, AppError>(read.await?)
    })
    .await
}

/// [`quarter_range`] without the database and the clock: `reported` is the newest quarter with
/// figures that count, `data` the oldest and newest with a figure that counts (a submitted
/// figure of a quarter not yet readable among them), `current` the one we are in.
fn choose(
    from: Option<Period>,
    to: Option<Period>,
    reported: Option<Period>,
    data: Option<(Period, Period)>,
    current: Period,
) -> QuarterRange {
    let newest = reported
        .or(data.map(|(_, last)| last))
        .map(|p| p.min(current))
        .unwrap_or_else(|| current.previous().unwrap_or(current));
    let before = |p: Period| Period::from_index(p.index() - (DEFAULT_QUARTERS - 1)).unwrap_or(p);
    let (first, last) = match data {
        Some((first, last)) => (first.min(before(newest)), last.max(newest)),
        None => (before(newest), newest),
    };
    let to = to.unwrap_or(newest).clamp(first, last);
    let from = from.unwrap_or_else(|| before(to)).clamp(first, last);
    QuarterRange {
        from: from.min(to),
        to: from.max(to),
        newest,
        being_reported: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn the_default_ends_at_the_newest_readable_quarter_not_at_a_newer_report() {
        let range = choose(
            None,
            None,
            Some(p("2025Q1")),
            Some((p("2024Q1"), p("2026Q4"))),
            p("2026Q4"),
        );
        assert_eq!(
            (range.from, range.to, range.newest),
            (p("2023Q2"), p("2025Q1"), p("2025Q1"))
        );
    }

    #[test]
    fn without_reported_figures_the_newest_figure_counts_but_never_after_now() {
        let data = Some((p("2024Q1"), p("2999Q4")));
        let range = choose(None, None, None, data, p("2026Q4"));
        assert_eq!((range.to, range.newest), (p("2026Q4"), p("2026Q4")));
        let empty = choose(None, None, None, None, p("2026Q4"));
        assert_eq!((empty.from, empty.to), (p("2024Q4"), p("2026Q3")));
    }

    #[test]
    fn asked_ranges_are_kept_within_the_data_and_put_in_order() {
        let data = Some((p("2024Q1"), p("2025Q4")));
        let range = choose(
            Some(p("1900Q1")),
            Some(p("2999Q4")),
            Some(p("2025Q4")),
            data,
            p("2026Q4"),
        );
        assert_eq!((range.from, range.to), (p("2024Q1"), p("2025Q4")));
        let reversed = choose(
            Some(p("2025Q3")),
            Some(p("2024Q2")),
            Some(p("2025Q4")),
            data,
            p("2026Q4"),
        );
        assert_eq!((reversed.from, reversed.to), (p("2024Q2"), p("2025Q3")));
    }
}
