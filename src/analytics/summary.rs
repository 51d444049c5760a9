//! Per series and quarter: how many reported and how their figures spread.

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::APPROVED;
use super::{AnalyticsError, Dataset, Filter};
use crate::Period;

/// One series in one quarter over the organisations that reported it. Quantiles interpolate
/// linearly between the closest ranks, as polars, numpy and pandas do by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryRow {
    pub series: String,
    pub period: Period,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub n: u32,
    /// How many of the `n` figures are from approved reports: all of them when every figure
    /// is official, fewer while the quarter is preliminary.
    pub n_approved: u32,
    pub sum: f64,
    pub mean: f64,
    pub median: f64,
    pub p25: f64,
    pub p75: f64,
    pub min: f64,
    pub max: f64,
    /// Only when normalising: how many figures were left out for want of the organisation's
    /// size in the quarter's year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub n_without_size: Option<u32>,
}

/// How much of a quarter was reported: figures in, out of organisations × entered series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completeness {
    pub period: Period,
    pub reported: u32,
    pub expected: u32,
    pub share: f64,
}

impl Dataset {
    /// One row per series and quarter with at least one figure, by series then quarter.
    pub fn summary(&self, filter: &Filter) -> Result<Vec<SummaryRow>, AnalyticsError> {
        if let Some(normalise) = filter.normalise {
            return self.normalised_summary(filter, normalise);
        }
        let value = || col("value");
        let frame = self
            .filtered(filter)?
            .group_by([col("group")])
            .agg([
                col("series").first(),
                col("period").first(),
                value().count().cast(DataType::UInt32).alias("n"),
                col(APPROVED)
                    .cast(DataType::UInt32)
                    .sum()
                    .cast(DataType::UInt32)
                    .alias("n_approved"),
                value().sum().alias("sum"),
                value().mean().alias("mean"),
                value().median().alias("median"),
                value()
                    .quantile(lit(0.25), QuantileMethod::Linear)
                    .alias("p25"),
                value()
                    .quantile(lit(0.75), QuantileMethod::Linear)
                    .alias("p75"),
                value().min().alias("min"),
                value().max().alias("max"),
            ])
            .sort(["group"], SortMultipleOptions::default())
            .collect()?;
        let series = frame.column("series")?.u32()?;
        let period = frame.column("period")?.i32()?;
        let n = frame.column("n")?.u32()?;
        let n_approved = frame.column("n_approved")?.u32()?;
        let number = |name: &str| -> Result<Vec<f64>, PolarsError> {
            let column = frame.column(name)?.cast(&DataType::Float64)?;
            let column = column.f64()?;
            Ok((0..column.len())
                .map(|i| column.get(i).unwrap_or(f64::NAN))
                .collect())
        };
        let (sum, mean, median) = (number("sum")?, number("mean")?, number("median")?);
        let (p25, p75, min, max) = (
            number("p25")?,
            number("p75")?,
            number("min")?,
            number("max")?,
        );
        let rows = (0..frame.height())
            .filter_map(|i| {
                Some(SummaryRow {
                    series: self.series_name(series.get(i)?)?.to_owned(),
                    period: Period::from_index(period.get(i)?)?,
                    n: n.get(i)?,
                    n_approved: n_approved.get(i)?,
                    sum: sum[i],
                    mean: mean[i],
                    median: median[i],
                    p25: p25[i],
                    p75: p75[i],
                    min: min[i],
                    max: max[i],
                    n_without_size: None,
                })
            })
            .collect();
        Ok(rows)
    }

    /// Per quarter in the filter's range that has any figure: the share of organisations ×
    /// entered series reported.
    pub fn completeness(&self, filter: &Filter) -> Result<Vec<Completeness>, AnalyticsError> {
        // The series' numbers are the frame's.
        self.grouped()?;
        let entered = self
            .derived
            .keys()
            .filter_map(|derived| self.series_code(derived))
            .fold(lit(true), |keep, derived| {
                keep.and(col("series").neq(lit(derived)))
            });
        let scope = Filter {
            series: None,
            ..filter.clone()
        };
        let frame = self
            .filtered(&scope)?
            .filter(entered)
            .group_by([col("period")])
            .agg([len().cast(DataType::UInt32).alias("reported")])
            .sort(["period"], SortMultipleOptions::default())
            .collect()?;
        let expected = u32::try_from(self.organisation_count(filter.kind) * self.entered_series)
            .unwrap_or(u32::MAX);
        let period = frame.column("period")?.i32()?;
        let reported = frame.column("reported")?.u32()?;
        Ok((0..frame.height())
            .filter_map(|i| {
                let reported = reported.get(i)?;
                Some(Completeness {
                    period: Period::from_index(period.get(i)?)?,
                    reported,
                    expected,
                    share: if expected == 0 {
                        0.0
                    } else {
                        f64::from(reported) / f64::from(expected)
                    },
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DerivedPlan, Observation};
    use super::*;
    use crate::{OrgKind, OrgNumber};

    const ORGS: [&str; 4] = ["202100-5448", "212000-0142", "232100-0016", "202100-5521"];

    fn obs(org: usize, kind: OrgKind, period: &str, series: &str, value: f64) -> Observation {
        Observation {
            organisation: OrgNumber::parse(ORGS[org]).unwrap(),
            kind,
            period: Period::parse(period).unwrap(),
            series: series.into(),
            value,
            status: crate::ReportStatus::Submitted,
        }
    }

    fn dataset(observations: Vec<Observation>) -> Dataset {
        let kinds = [
            OrgKind::StateAgency,
            OrgKind::Municipality,
            OrgKind::Region,
            OrgKind::StateAgency,
        ];
        let derived = DerivedPlan::new(&crate::Catalogue::shipped());
        Dataset::new(observations, kinds, 17)
            .unwrap()
            .knowing_derived(derived.into())
    }

    #[test]
    fn figures_by_hand_for_four_organisations() {
        use OrgKind::*;
        let data = dataset(vec![
            obs(0, StateAgency, "2025Q1", "tv_series", 1.0),
            obs(1, Municipality, "2025Q1", "tv_series", 2.0),
            obs(2, Region, "2025Q1", "tv_series", 4.0),
            obs(3, StateAgency, "2025Q1", "tv_series", 10.0),
        ]);
        let rows = data.summary(&Filter::default()).unwrap();
        // Sorted 1, 2, 4, 10: median (2 + 4) / 2; p25 at rank 0.75 → 1 + 0.75 × (2 − 1);
        // p75 at rank 2.25 → 4 + 0.25 × (10 − 4).
        assert_eq!(
            rows,
            [SummaryRow {
                series: "tv_series".into(),
                period: Period::parse("2025Q1").unwrap(),
                n: 4,
                n_approved: 0,
                sum: 17.0,
                mean: 4.25,
                median: 3.0,
                p25: 1.75,
                p75: 5.5,
                min: 1.0,
                max: 10.0,
                n_without_size: None,
            }]
        );
    }

    #[test]
    fn drafts_never_count_and_approved_figures_are_counted_apart() {
        use crate::ReportStatus::*;
        let with = |org, value, status| Observation {
            status,
            ..obs(org, OrgKind::StateAgency, "2025Q1", "tv_series", value)
        };
        let data = dataset(vec![
            with(0, 1.0, Approved),
            with(1, 2.0, Submitted),
            with(2, 4.0, Approved),
            with(3, 1000.0, Draft),
        ]);
        let reported = &data.summary(&Filter::default()).unwrap()[0];
        // 1, 2, 4: the draft's 1000 is nowhere.
        assert_eq!(
            (
                reported.n,
                reported.n_approved,
                reported.sum,
                reported.median,
                reported.max
            ),
            (3, 2, 7.0, 2.0, 4.0)
        );
        let approved = &data
            .summary(&Filter {
                basis: crate::Basis::Approved,
                ..Filter::default()
            })
            .unwrap()[0];
        // 1, 4: median 2.5, p25 at rank 0.25 → 1.75.
        assert_eq!(
            (
                approved.n,
                approved.n_approved,
                approved.median,
                approved.p25
            ),
            (2, 2, 2.5, 1.75)
        );
        let only_drafts = dataset(vec![with(3, 5.0, Draft)]);
        assert!(only_drafts.summary(&Filter::default()).unwrap().is_empty());
    }

    #[test]
    fn filters_by_kind_range_and_series() {
        use OrgKind::*;
        let data = dataset(vec![
            obs(0, StateAgency, "2024Q4", "tv_series", 1.0),
            obs(0, StateAgency, "2025Q1", "tv_series", 3.0),
            obs(3, StateAgency, "2025Q1", "tv_series", 5.0),
            obs(1, Municipality, "2025Q1", "tv_series", 100.0),
            obs(0, StateAgency, "2025Q1", "ideas_delivered", 7.0),
        ]);
        let filter = Filter {
            from: Some(Period::parse("2025Q1").unwrap()),
            to: Some(Period::parse("2025Q4").unwrap()),
            kind: Some(StateAgency),
            series: Some(vec!["tv_series".into()]),
            ..Filter::default()
        };
        let rows = data.summary(&filter).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].n, rows[0].median, rows[0].max), (2, 4.0, 5.0));
    }

    #[test]
    fn a_single_organisation_and_no_data_at_all() {
        let data = dataset(vec![obs(
            0,
            OrgKind::StateAgency,
            "2025Q1",
            "tv_series",
            3.0,
        )]);
        let row = &data.summary(&Filter::default()).unwrap()[0];
        assert_eq!((row.n, row.median, row.p25, row.p75), (1, 3.0, 3.0, 3.0));
        let empty = dataset(vec![]);
        assert!(empty.summary(&Filter::default()).unwrap().is_empty());
        assert!(empty.completeness(&Filter::default()).unwrap().is_empty());
    }

    #[test]
    fn completeness_counts_entered_figures_against_all_organisations() {
        use OrgKind::*;
        let data = dataset(vec![
            obs(0, StateAgency, "2025Q1", "tv_series", 1.0),
            obs(0, StateAgency, "2025Q1", "ideas_delivered", 1.0),
            obs(0, StateAgency, "2025Q1", "external_share", 0.5),
            obs(1, Municipality, "2025Q1", "tv_series", 1.0),
            obs(1, Municipality, "2025Q3", "tv_series", 1.0),
        ]);
        let all = data.completeness(&Filter::default()).unwrap();
        assert_eq!(all.len(), 2, "quarters without figures are left out");
        assert_eq!((all[0].reported, all[0].expected), (3, 4 * 17));
        let agencies = data
            .completeness(&Filter {
                kind: Some(StateAgency),
                ..Filter::default()
            })
            .unwrap();
        assert_eq!((agencies[0].reported, agencies[0].expected), (2, 2 * 17));
        assert_eq!(agencies[0].share, 2.0 / 34.0);
    }
}
