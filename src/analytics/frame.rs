//! The polars frame behind the aggregations, its figures grouped by series and quarter.

use polars::prelude::*;
use polars::series::IsSorted;

use super::{Observation, kind_code};

/// One row per figure of `observations`, whose series are numbered by `series` (one number per
/// figure). The figures of each series and quarter lie next to each other, by series number
/// then quarter, and a `group` column flagged as sorted numbers those groups in that order.
///
/// polars then aggregates each group as a slice of the columns. Grouping by the series and
/// quarter columns instead meant hashing both for every figure and gathering each group's
/// values from all over the frame for the quantiles: most of the summary's time at ten
/// million figures. Kind and series are numbers, and only the columns the aggregations ask
/// about are here: at ten million figures every byte per figure is ten megabytes.
pub(super) fn grouped_frame(
    observations: &[Observation],
    series: &[u32],
) -> PolarsResult<DataFrame> {
    let (first, last) = observations
        .iter()
        .map(|o| o.period.index())
        .fold((i32::MAX, i32::MIN), |(lo, hi), p| (lo.min(p), hi.max(p)));
    let quarters = if observations.is_empty() {
        0
    } else {
        (last - first + 1) as usize
    };
    let series_count = series.iter().max().map_or(0, |&s| s as usize + 1);
    let group = |i: usize| {
        series[i] as usize * quarters + (observations[i].period.index() - first) as usize
    };
    // A counting sort: how many figures each group has, so where each starts; then each
    // figure's kind and value placed after those of its group placed before it.
    let mut sizes = vec![0usize; series_count * quarters];
    for i in 0..observations.len() {
        sizes[group(i)] += 1;
    }
    let mut next: Vec<usize> = sizes
        .iter()
        .scan(0, |start, size| {
            let this = *start;
            *start += size;
            Some(this)
        })
        .collect();
    let len = observations.len();
    let (mut kinds, mut values) = (vec![0u32; len], vec![0f64; len]);
    for (i, o) in observations.iter().enumerate() {
        let at = &mut next[group(i)];
        kinds[*at] = kind_code(o.kind);
        values[*at] = o.value;
        *at += 1;
    }
    // The rest follows from the groups' sizes, in order: a group stands for a series and a
    // quarter.
    let (mut groups, mut periods, mut series_column) = (
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
    );
    for (g, &size) in sizes.iter().enumerate() {
        groups.extend(std::iter::repeat_n(g as u32, size));
        periods.extend(std::iter::repeat_n(first + (g % quarters) as i32, size));
        series_column.extend(std::iter::repeat_n((g / quarters) as u32, size));
    }
    // Handed over, not copied: `Column::new` would copy each column from a slice.
    let mut groups = UInt32Chunked::from_vec("group".into(), groups);
    groups.set_sorted_flag(IsSorted::Ascending);
    DataFrame::new(
        len,
        vec![
            groups.into_column(),
            UInt32Chunked::from_vec("kind".into(), kinds).into_column(),
            Int32Chunked::from_vec("period".into(), periods).into_column(),
            UInt32Chunked::from_vec("series".into(), series_column).into_column(),
            Float64Chunked::from_vec("value".into(), values).into_column(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrgKind, OrgNumber, Period};

    fn obs(period: &str, value: f64) -> Observation {
        Observation {
            organisation: OrgNumber::parse("202100-5448").unwrap(),
            kind: OrgKind::StateAgency,
            period: Period::parse(period).unwrap(),
            series: "any".into(),
            value,
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
            obs("2025Q2", 1.0),
            obs("2025Q1", 2.0),
            obs("2025Q2", 3.0),
            obs("2024Q4", 4.0),
            obs("2025Q1", 5.0),
        ];
        let series = [1, 0, 0, 1, 1];
        let frame = grouped_frame(&observations, &series).unwrap();
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
        let frame = grouped_frame(&[], &[]).unwrap();
        assert_eq!(frame.height(), 0);
        assert_eq!(frame.width(), 5);
    }
}
