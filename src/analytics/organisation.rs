//! One organisation's figures against everyone else's.

use std::collections::BTreeMap;

use super::{Basis, Dataset, Observation};
use crate::{OrgNumber, PeerFigures, Period, ReportStatus, SeriesFigures, SizeYear};

/// Every series `organisation` reported, in the dataset's series order; its drafts too when
/// `with_drafts` (for its own analysts and administrators), else only what it has submitted.
pub fn organisation_figures(
    data: &Dataset,
    organisation: OrgNumber,
    with_drafts: bool,
) -> Vec<SeriesFigures> {
    let mut own: BTreeMap<&str, BTreeMap<Period, f64>> = BTreeMap::new();
    let mut drafts: Vec<Period> = Vec::new();
    let mut kind = None;
    for o in data
        .of_organisation(organisation)
        .filter(|o| with_drafts || Basis::Reported.counts(o.status))
    {
        own.entry(&*o.series).or_default().insert(o.period, o.value);
        kind = Some(o.kind);
        if o.status == ReportStatus::Draft && !drafts.contains(&o.period) {
            drafts.push(o.period);
        }
    }
    own.into_iter()
        .filter_map(|(series, history)| {
            let (&period, &latest) = history.last_key_value()?;
            let at = |p: Period| history.get(&p).copied();
            let window: Vec<f64> = history
                .range(Period::from_index(period.index() - 3).unwrap_or(period)..=period)
                .map(|(_, v)| *v)
                .collect();
            // The national figures count no drafts but the organisation's own, which it
            // sees against everyone else's.
            let compared: Vec<&Observation> = data
                .in_quarter(period)
                .filter(|o| &*o.series == series)
                .filter(|o| o.organisation == organisation || Basis::Reported.counts(o.status))
                .collect();
            let peers = kind.and_then(|kind| {
                let year = SizeYear::try_from(period.year()).ok()?;
                let band = data.sizes.get(&(organisation, year))?.band();
                let alike: Vec<f64> = compared
                    .iter()
                    .filter(|o| o.kind == kind)
                    .filter(|o| {
                        data.sizes
                            .get(&(o.organisation, year))
                            .is_some_and(|size| size.band() == band)
                    })
                    .map(|o| o.value)
                    .collect();
                Some(PeerFigures {
                    band,
                    year,
                    reported: u32::try_from(alike.len()).unwrap_or(u32::MAX),
                    percentile: percentile(latest, &alike),
                    median: median(alike),
                })
            });
            let others: Vec<f64> = compared.iter().map(|o| o.value).collect();
            Some(SeriesFigures {
                series: series.to_owned(),
                period,
                latest,
                draft: drafts.contains(&period),
                change_quarter: period.previous().and_then(at).map(|v| latest - v),
                change_year: period.year_before().and_then(at).map(|v| latest - v),
                rolling_mean: window.iter().sum::<f64>() / window.len() as f64,
                trend: slope(history.iter().map(|(p, v)| (f64::from(p.index()), *v))),
                percentile: percentile(latest, &others),
                national_median: median(others),
                peers,
            })
        })
        .collect()
}

/// Least-squares slope of y over x; none with fewer than two distinct x.
pub fn slope(points: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let points: Vec<(f64, f64)> = points.into_iter().collect();
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let spread: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    (points.len() >= 2 && spread > 0.0).then(|| {
        points
            .iter()
            .map(|(x, y)| (x - mean_x) * (y - mean_y))
            .sum::<f64>()
            / spread
    })
}

fn percentile(value: f64, all: &[f64]) -> f64 {
    let below = all.iter().filter(|v| **v < value).count() as f64;
    let equal = all.iter().filter(|v| **v == value).count() as f64;
    (below + equal / 2.0) / all.len() as f64 * 100.0
}

fn median(mut values: Vec<f64>) -> f64 {
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
    use super::super::Observation;
    use super::*;
    use crate::OrgKind;

    const SKV: &str = "202100-5448";
    const STHLM: &str = "212000-0142";

    fn obs(org: &str, period: &str, value: f64) -> Observation {
        Observation {
            organisation: OrgNumber::parse(org).unwrap(),
            kind: OrgKind::StateAgency,
            period: Period::parse(period).unwrap(),
            series: "ideas_delivered".into(),
            value,
            status: crate::ReportStatus::Submitted,
        }
    }

    #[test]
    fn figures_by_hand_with_a_gap() {
        // Skatteverket reports 2024Q2, 2024Q3, (gap), 2025Q1, 2025Q2.
        let data = Dataset::new(
            vec![
                obs(SKV, "2024Q2", 10.0),
                obs(SKV, "2024Q3", 12.0),
                obs(SKV, "2025Q1", 13.0),
                obs(SKV, "2025Q2", 16.0),
                obs(STHLM, "2025Q2", 20.0),
            ],
            [OrgKind::StateAgency, OrgKind::Municipality],
            17,
        )
        .unwrap();
        let figures = organisation_figures(&data, OrgNumber::parse(SKV).unwrap(), true);
        assert_eq!(figures.len(), 1);
        let f = &figures[0];
        assert_eq!((f.period.to_string().as_str(), f.latest), ("2025Q2", 16.0));
        assert_eq!(f.change_quarter, Some(3.0));
        assert_eq!(f.change_year, Some(6.0));
        // The four quarters up to 2025Q2 are 2024Q3..2025Q2; 2024Q4 is missing.
        assert_eq!(f.rolling_mean, (12.0 + 13.0 + 16.0) / 3.0);
        // x = 0, 1, 3, 4 (quarters from 2024Q2); y = 10, 12, 13, 16 → slope 1.3.
        assert!((f.trend.unwrap() - 1.3).abs() < 1e-12, "{:?}", f.trend);
        assert_eq!(f.percentile, 25.0, "one of two, below the other");
        assert_eq!(f.national_median, 18.0);
    }

    #[test]
    fn a_single_quarter_has_no_trend_and_a_lone_reporter_stands_in_the_middle() {
        let data =
            Dataset::new(vec![obs(SKV, "2025Q2", 16.0)], [OrgKind::StateAgency], 17).unwrap();
        let f = &organisation_figures(&data, OrgNumber::parse(SKV).unwrap(), true)[0];
        assert_eq!(
            (f.trend, f.percentile, f.change_quarter),
            (None, 50.0, None)
        );
        assert!(organisation_figures(&data, OrgNumber::parse(STHLM).unwrap(), true).is_empty());
    }

    #[test]
    fn drafts_show_only_to_the_organisation_itself_and_never_in_the_national_median() {
        let draft = |org, period, value| Observation {
            status: ReportStatus::Draft,
            ..obs(org, period, value)
        };
        let data = Dataset::new(
            vec![
                obs(SKV, "2025Q1", 10.0),
                draft(SKV, "2025Q2", 16.0),
                obs(STHLM, "2025Q2", 20.0),
                obs("202100-5521", "2025Q2", 30.0),
                draft("212000-1355", "2025Q2", 1000.0),
            ],
            [OrgKind::StateAgency, OrgKind::Municipality],
            17,
        )
        .unwrap();
        let skv = OrgNumber::parse(SKV).unwrap();
        let own = &organisation_figures(&data, skv, true)[0];
        assert_eq!(
            (own.period.to_string().as_str(), own.latest, own.draft),
            ("2025Q2", 16.0, true)
        );
        // Its own draft against the others' submitted figures: 16, 20, 30 → median 20.
        assert_eq!(own.national_median, 20.0);
        assert_eq!(own.change_quarter, Some(6.0));
        let others = &organisation_figures(&data, skv, false)[0];
        assert_eq!(
            (
                others.period.to_string().as_str(),
                others.latest,
                others.draft
            ),
            ("2025Q1", 10.0, false)
        );
        assert_eq!(others.national_median, 10.0);
    }

    #[test]
    fn peers_are_of_the_same_kind_and_size_band_in_the_quarters_year() {
        use crate::{OrgSize, SizeBand};
        let sized = |org: &str, year: u16, employees: u32| {
            (
                (
                    OrgNumber::parse(org).unwrap(),
                    SizeYear::try_from(year).unwrap(),
                ),
                OrgSize {
                    employees,
                    inhabitants: None,
                },
            )
        };
        let municipality = |org, value| Observation {
            kind: OrgKind::Municipality,
            ..obs(org, "2025Q2", value)
        };
        let data = Dataset::new(
            vec![
                obs(SKV, "2025Q2", 16.0),
                // Agencies of 1,000–4,999 employees in 2025, like Skatteverket's 1,200.
                obs("202100-5521", "2025Q2", 30.0),
                obs("202100-2114", "2025Q2", 4.0),
                // Too large, no size for 2025, and a municipality of the same size.
                obs("202100-0225", "2025Q2", 100.0),
                obs("202100-4888", "2025Q2", 200.0),
                municipality(STHLM, 300.0),
            ],
            [OrgKind::StateAgency, OrgKind::Municipality],
            17,
        )
        .unwrap()
        .with_sizes(
            [
                sized(SKV, 2025, 1_200),
                sized("202100-5521", 2025, 4_999),
                sized("202100-2114", 2025, 1_000),
                sized("202100-0225", 2025, 5_000),
                sized("202100-4888", 2024, 1_500),
                sized(STHLM, 2025, 2_000),
            ]
            .into(),
            &[],
        );
        let f = &organisation_figures(&data, OrgNumber::parse(SKV).unwrap(), false)[0];
        let peers = f.peers.as_ref().unwrap();
        // 4, 16, 30: median 16; one below, itself counted half → (1 + 0.5) / 3.
        assert_eq!(
            (peers.band, peers.year.get(), peers.reported, peers.median),
            (SizeBand::Large, 2025, 3, 16.0)
        );
        assert_eq!(peers.percentile, 50.0);
        // Nationally all six: 4, 16, 30, 100, 200, 300 → (30 + 100) / 2.
        assert_eq!(f.national_median, 65.0);
        let without_size =
            &organisation_figures(&data, OrgNumber::parse("202100-4888").unwrap(), false)[0];
        assert_eq!(without_size.peers, None, "no size for 2025, no group");
    }

    #[test]
    fn slope_of_a_straight_line_is_exact() {
        assert_eq!(slope([(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]), Some(2.0));
        assert_eq!(slope([(1.0, 1.0), (1.0, 3.0)]), None);
        assert_eq!(slope([]), None);
    }
}
