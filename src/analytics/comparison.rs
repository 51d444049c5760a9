//! What a measure page compares, series by series: the national trend beside the chosen
//! organisations' figures, and every organisation's figure in one quarter, ranked. The
//! figures are looked up in the dataset's index rather than found by scanning all of them
//! (`figure_index`; the measure page row of `scripts/bench`, BENCHMARKS.md).

use std::cmp::Ordering;
use std::collections::HashMap;

use super::{Dataset, National, Observation};
use crate::{Basis, Direction, Normalise, OrgKind, OrgNumber, Period, TrendRow};

/// A series as the page shows it: a count or an amount may be per 1,000 employees or
/// inhabitants.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    pub key: &'a str,
    pub per: Option<Normalise>,
}

/// Whose figures count and which quarters the page looks at.
#[derive(Debug, Clone, Copy)]
pub struct Among {
    pub kind: Option<OrgKind>,
    /// Drafts never count.
    pub basis: Basis,
    pub from: Period,
    pub to: Period,
    /// The quarter ranked.
    pub quarter: Period,
}

/// The figures of the series asked, each known by its place among them.
pub struct Comparison {
    among: Among,
    chosen: Vec<OrgNumber>,
    /// The chosen organisations' figures from `among.from` to `among.to`.
    figures: HashMap<(usize, OrgNumber, Period), f64>,
    /// Every counted figure of the ranked quarter of the kind asked for.
    ranked: Vec<Vec<(OrgNumber, f64)>>,
}

impl Dataset {
    /// The figures a comparison of `series` among `among` shows, with `chosen`'s beside the
    /// country's.
    pub fn compare(
        &self,
        series: &[Compared<'_>],
        chosen: &[OrgNumber],
        among: Among,
    ) -> Comparison {
        let mut comparison = Comparison {
            among,
            chosen: chosen.to_vec(),
            figures: HashMap::new(),
            ranked: vec![Vec::new(); series.len()],
        };
        let counted = |o: &&Observation| among.basis.counts(o.status);
        // Where the figure stands among the series asked, and its value as shown: normalised,
        // an organisation without a size for the year has no figure to show.
        let shown = |o: &Observation| {
            let index = series.iter().position(|s| s.key == &*o.series)?;
            let value = match series[index].per {
                Some(per) => self.normalised(o, per)?,
                None => o.value,
            };
            Some((index, value))
        };
        for o in self.in_quarter(among.quarter).filter(counted) {
            if let Some((index, value)) = shown(o)
                && among.kind.is_none_or(|k| o.kind == k)
            {
                comparison.ranked[index].push((o.organisation, value));
            }
        }
        for &organisation in chosen {
            for o in self.of_organisation(organisation).filter(counted) {
                if let Some((index, value)) = shown(o)
                    && (among.from..=among.to).contains(&o.period)
                {
                    comparison
                        .figures
                        .insert((index, o.organisation, o.period), value);
                }
            }
        }
        comparison
    }
}

impl Comparison {
    /// The organisations whose figures are shown beside the country's, in the order asked.
    pub fn chosen(&self) -> &[OrgNumber] {
        &self.chosen
    }

    /// Series `index` quarter by quarter, wherever any organisation reported it: the national
    /// figures where they stand and the chosen organisations', in the scale `national` shows.
    pub fn trend<S: Fn(f64) -> f64>(
        &self,
        index: usize,
        national: &National<'_, S>,
    ) -> Vec<TrendRow> {
        national
            .rows()
            .map(|row| {
                let band = national.band(row);
                TrendRow {
                    period: row.period,
                    median: national.median(row),
                    p25: band.map(|(p25, _)| p25),
                    p75: band.map(|(_, p75)| p75),
                    n: row.n,
                    preliminary: row.n_approved < row.n,
                    chosen: self
                        .chosen
                        .iter()
                        .map(|&o| {
                            self.figure(index, o, row.period)
                                .map(|v| national.scaled(v))
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// `organisation`'s figures of series `index` in the quarters asked, oldest first.
    pub fn line(
        &self,
        index: usize,
        organisation: OrgNumber,
        scale: impl Fn(f64) -> f64,
    ) -> Vec<(Period, f64)> {
        self.among
            .from
            .through(self.among.to)
            .filter_map(|p| Some((p, scale(self.figure(index, organisation, p)?))))
            .collect()
    }

    /// Every organisation's figure of series `index` in the ranked quarter, the better first
    /// as `direction` says, equal figures in the order of `tie`.
    pub fn ranking(
        &self,
        index: usize,
        direction: Direction,
        scale: impl Fn(f64) -> f64,
        tie: impl Fn(OrgNumber, OrgNumber) -> Ordering,
    ) -> Vec<(OrgNumber, f64)> {
        let mut ranked: Vec<(OrgNumber, f64)> = self.ranked[index]
            .iter()
            .map(|&(organisation, value)| (organisation, scale(value)))
            .collect();
        ranked.sort_by(|a, b| direction.better_first(a.1, b.1).then_with(|| tie(a.0, b.0)));
        ranked
    }

    fn figure(&self, index: usize, organisation: OrgNumber, period: Period) -> Option<f64> {
        self.figures.get(&(index, organisation, period)).copied()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analytics::SummaryRow;
    use crate::{ReportStatus, ReportingRules};

    #[test]
    fn the_chosen_figures_stand_beside_the_country_and_the_ranking_counts_no_draft() {
        let org = |n: &str| OrgNumber::parse(n).unwrap();
        let p = |text: &str| Period::parse(text).unwrap();
        let (ystad, uppsala, lund) = (org("212000-2627"), org("212000-0159"), org("212000-1124"));
        let series: Arc<str> = Arc::from("external_share");
        let figure = |organisation, period, value, status| Observation {
            organisation,
            kind: OrgKind::Municipality,
            period: p(period),
            series: series.clone(),
            value,
            status,
        };
        let dataset = Dataset::new(
            vec![
                figure(ystad, "2025Q1", 0.1, ReportStatus::Approved),
                figure(ystad, "2025Q2", 0.2, ReportStatus::Submitted),
                figure(uppsala, "2025Q2", 0.4, ReportStatus::Approved),
                figure(lund, "2025Q2", 0.9, ReportStatus::Draft),
            ],
            [OrgKind::Municipality; 3],
            1,
        )
        .unwrap();
        let among = Among {
            kind: None,
            basis: Basis::Reported,
            from: p("2025Q1"),
            to: p("2025Q2"),
            quarter: p("2025Q2"),
        };
        let compared = [Compared {
            key: "external_share",
            per: None,
        }];
        let comparison = dataset.compare(&compared, &[ystad, lund], among);
        let percent = |v: f64| v * 100.0;

        // Lund's draft is neither ranked nor drawn.
        assert_eq!(
            comparison.line(0, ystad, percent),
            [(p("2025Q1"), 10.0), (p("2025Q2"), 20.0)]
        );
        assert_eq!(comparison.line(0, lund, percent), []);
        let by_number = |a: OrgNumber, b: OrgNumber| a.cmp(&b);
        assert_eq!(
            comparison.ranking(0, Direction::Higher, percent, by_number),
            [(uppsala, 40.0), (ystad, 20.0)]
        );
        assert_eq!(
            comparison.ranking(0, Direction::Lower, percent, by_number),
            [(ystad, 20.0), (uppsala, 40.0)]
        );

        let row = |period: &str, n: u32, n_approved: u32, median: f64| SummaryRow {
            series: "external_share".to_owned(),
            period: p(period),
            n,
            n_approved,
            sum: 0.0,
            mean: median,
            median,
            p25: median / 2.0,
            p75: median * 1.5,
            min: median,
            max: median,
            n_without_size: None,
        };
        let rows = [row("2025Q1", 1, 1, 0.1), row("2025Q2", 2, 1, 0.5)];
        let rules = ReportingRules::new(30, 2).unwrap();
        let national = National::of(&rows, "external_share", rules, percent);
        let trend = comparison.trend(0, &national);
        assert_eq!(
            trend,
            [
                // One report makes no national figure.
                TrendRow {
                    period: p("2025Q1"),
                    median: None,
                    p25: None,
                    p75: None,
                    n: 1,
                    preliminary: false,
                    chosen: vec![Some(10.0), None],
                },
                TrendRow {
                    period: p("2025Q2"),
                    median: Some(50.0),
                    p25: Some(25.0),
                    p75: Some(75.0),
                    n: 2,
                    preliminary: true,
                    chosen: vec![Some(20.0), None],
                },
            ]
        );
    }
}
