//! The polars frame behind the aggregations, its figures grouped by series and quarter.

use std::sync::Arc;

use polars::prelude::*;
use polars::series::IsSorted;

use super::series_lookup::SeriesLookup;
use super::{Observation, kind_code};
use crate::Basis;

/// The frame's columns of whether a figure's report is submitted or approved, and approved:
/// a bit each per figure, where a status of its own would take bytes.
pub(super) const REPORTED: &str = "reported";
pub(super) const APPROVED: &str = "approved";

/// The frame's column saying whether a figure counts on `basis`.
pub(super) fn counts_on(basis: Basis) -> &'static str {
    match basis {
        Basis::Reported => REPORTED,
        Basis::Approved => APPROVED,
    }
}

/// The frame of `observations`, one row per figure, and the names of their series in order:
/// the frame holds each figure's series as its place among those names, so that sorting by
/// the number sorts by name.
///
/// The figures of each series and quarter lie next to each other, by series then quarter,
/// and a `group` column flagged as sorted numbers those groups in that order. polars then
/// aggregates each group as a slice of the columns. Grouping by the series and quarter
/// columns instead meant hashing both for every figure and gathering each group's values
/// from all over the frame for the quantiles: most of the summary's time at ten million
/// figures. Kind and series are numbers, whether a figure counts on each basis a bit, and
/// only the columns the aggregations ask about are here: at ten million figures every byte
/// per figure is ten megabytes.
pub(super) fn grouped_frame<'a>(
    observations: impl Iterator<Item = &'a Observation> + Clone,
    len: usize,
) -> PolarsResult<(DataFrame, Vec<Arc<str>>)> {
    // The figures are read twice, here and to place them: at ten million each pass over them
    // costs tens of milliseconds. Here each series gets a number as it is first seen, and
    // each figure a key of that number and its quarter's running number (under 12,000).
    let mut in_order_seen: Vec<Arc<str>> = Vec::new();
    let mut first_seen = SeriesLookup::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    let mut groups: Vec<u32> = Vec::with_capacity(len);
    for o in observations.clone() {
        let series = first_seen.get(&o.series, |_| {
            in_order_seen.push(o.series.clone());
            in_order_seen.len() - 1
        });
        let quarter = o.period.index();
        (first, last) = (first.min(quarter), last.max(quarter));
        let Ok(series) = u16::try_from(series) else {
            polars_bail!(ComputeError: "more than 65,536 series")
        };
        groups.push(u32::from(series) << 16 | quarter as u32);
    }
    let quarters = if len == 0 {
        0
    } else {
        (last - first + 1) as usize
    };
    let mut series_names = in_order_seen.clone();
    series_names.sort();
    let place: Vec<usize> = in_order_seen
        .iter()
        .map(|name| series_names.binary_search(name).expect("a seen series"))
        .collect();
    // A counting sort. Each key becomes its group (series place × quarters + quarter), and
    // the groups' sizes say where each starts; then each figure's kind and value go after
    // those of its group placed before it.
    let mut sizes = vec![0usize; series_names.len() * quarters];
    for key in &mut groups {
        let quarter = (*key & 0xFFFF) as i32 - first;
        let group = place[(*key >> 16) as usize] * quarters + quarter as usize;
        sizes[group] += 1;
        *key = group as u32;
    }
    let mut next: Vec<usize> = sizes
        .iter()
        .scan(0, |start, size| {
            let this = *start;
            *start += size;
            Some(this)
        })
        .collect();
    let (mut kinds, mut values) = (vec![0u32; len], vec![0f64; len]);
    let (mut reported, mut approved) = (vec![false; len], vec![false; len]);
    for (o, &group) in observations.zip(&groups) {
        let at = &mut next[group as usize];
        kinds[*at] = kind_code(o.kind);
        values[*at] = o.value;
        reported[*at] = Basis::Reported.counts(o.status);
        approved[*at] = Basis::Approved.counts(o.status);
        *at += 1;
    }
    // The rest follows from the groups' sizes, in order: a group stands for a series and a
    // quarter. The group column reuses the memory of the figures' groups.
    groups.clear();
    let (mut periods, mut series_column) = (Vec::with_capacity(len), Vec::with_capacity(len));
    for (group, &size) in sizes.iter().enumerate() {
        groups.extend(std::iter::repeat_n(group as u32, size));
        periods.extend(std::iter::repeat_n(first + (group % quarters) as i32, size));
        series_column.extend(std::iter::repeat_n((group / quarters) as u32, size));
    }
    // Handed over, not copied: `Column::new` would copy each column from a slice.
    let mut groups = UInt32Chunked::from_vec("group".into(), groups);
    groups.set_sorted_flag(IsSorted::Ascending);
    let frame = DataFrame::new(
        len,
        vec![
            groups.into_column(),
            UInt32Chunked::from_vec("kind".into(), kinds).into_column(),
            Int32Chunked::from_vec("period".into(), periods).into_column(),
            UInt32Chunked::from_vec("series".into(), series_column).into_column(),
            Float64Chunked::from_vec("value".into(), values).into_column(),
            BooleanChunked::from_slice(REPORTED.into(), &reported).into_column(),
            BooleanChunked::from_slice(APPROVED.into(), &approved).into_column(),
        ],
    )?;
    Ok((frame, series_names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrgKind, OrgNumber, Period};

    fn obs(series: &str, period: &str, value: f64) -> Observation {
        Observation {
            organisation: OrgNumber::parse("202100-5448").unwrap(),
            kind: OrgKind::StateAgency,
            period: Period::parse(period).unwrap(),
            series: series.into(),
            value,
            status: crate::ReportStatus::Submitted,
        }
    }

    fn numbers(frame: &DataFrame, name: &str) -> Vec<f64> {
        let column = frame
            .column(name)
            .unwrap()
            .cast(&DataType::Float64)
            .unwrap();
        column.f64().unwrap().into_no_null_iter().collect()
    }

    #[test]
    fn figures_of_a_series_and_quarter_lie_together_in_order() {
        let observations = [
            obs("b", "2025Q2", 1.0),
            obs("a", "2025Q1", 2.0),
            obs("a", "2025Q2", 3.0),
            obs("b", "2024Q4", 4.0),
            obs("b", "2025Q1", 5.0),
        ];
        let (frame, names) = grouped_frame(observations.iter(), observations.len()).unwrap();
        assert_eq!(names, [Arc::from("a"), Arc::from("b")]);
        assert_eq!(numbers(&frame, "value"), [2.0, 3.0, 4.0, 5.0, 1.0]);
        assert_eq!(numbers(&frame, "series"), [0.0, 0.0, 1.0, 1.0, 1.0]);
        let q = |p: &str| f64::from(Period::parse(p).unwrap().index());
        assert_eq!(
            numbers(&frame, "period"),
            [
                q("2025Q1"),
                q("2025Q2"),
                q("2024Q4"),
                q("2025Q1"),
                q("2025Q2")
            ]
        );
        let groups = numbers(&frame, "group");
        assert!(groups.is_sorted_by(|a, b| a <= b), "{groups:?}");
        assert_eq!(groups[3] + 1.0, groups[4]);
        assert_eq!(
            frame.column("group").unwrap().is_sorted_flag(),
            IsSorted::Ascending
        );
    }

    #[test]
    fn no_figures_make_an_empty_frame() {
        let (frame, names) = grouped_frame([].iter(), 0).unwrap();
        assert_eq!(frame.height(), 0);
        assert_eq!(frame.width(), 7);
        assert!(names.is_empty());
    }
}
