//! The latest national figure of each series and how it changed since the quarter before.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Period, SeriesKey};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesLatest {
    pub series: SeriesKey,
    /// The latest quarter anyone reported this series for.
    pub period: Period,
    /// The median over the organisations that reported it then.
    pub median: f64,
    /// How many organisations reported it then.
    pub reported: usize,
    /// The median of the quarter before, when anyone reported it.
    pub previous: Option<f64>,
}

/// Per series, the median of its latest quarter and of the quarter before.
pub fn latest_medians(
    values: impl IntoIterator<Item = (Period, SeriesKey, f64)>,
) -> Vec<SeriesLatest> {
    let mut by_series: BTreeMap<SeriesKey, BTreeMap<Period, Vec<f64>>> = BTreeMap::new();
    for (period, series, value) in values {
        by_series
            .entry(series)
            .or_default()
            .entry(period)
            .or_default()
            .push(value);
    }
    by_series
        .into_iter()
        .filter_map(|(series, mut quarters)| {
            let (period, mut latest) = quarters.pop_last()?;
            let previous = quarters.get_mut(&period.previous()).map(|v| median(v));
            Some(SeriesLatest {
                series,
                period,
                reported: latest.len(),
                median: median(&mut latest),
                previous,
            })
        })
        .collect()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(period: &str, series: &str, value: f64) -> (Period, SeriesKey, f64) {
        (
            Period::parse(period).unwrap(),
            SeriesKey::parse(series).unwrap(),
            value,
        )
    }

    #[test]
    fn medians_of_the_latest_quarter_and_the_one_before() {
        let latest = latest_medians([
            v("2025Q1", "tv_series", 1.0),
            v("2025Q1", "tv_series", 3.0),
            v("2025Q2", "tv_series", 5.0),
            v("2025Q2", "tv_series", 1.0),
            v("2025Q2", "tv_series", 2.0),
            v("2024Q4", "ideas_delivered", 10.0),
        ]);
        assert_eq!(
            latest,
            [
                SeriesLatest {
                    series: SeriesKey::parse("ideas_delivered").unwrap(),
                    period: Period::parse("2024Q4").unwrap(),
                    median: 10.0,
                    reported: 1,
                    previous: None,
                },
                SeriesLatest {
                    series: SeriesKey::parse("tv_series").unwrap(),
                    period: Period::parse("2025Q2").unwrap(),
                    median: 2.0,
                    reported: 3,
                    previous: Some(2.0),
                },
            ]
        );
    }

    #[test]
    fn a_gap_before_the_latest_quarter_means_no_change() {
        let latest = latest_medians([v("2024Q4", "tv_series", 1.0), v("2025Q2", "tv_series", 4.0)]);
        assert_eq!(latest[0].previous, None);
        assert!(latest_medians([]).is_empty());
    }
}
