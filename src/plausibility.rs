//! Plausibility: whether a figure lies far from the organisation's own recent figures or
//! outside what the country reported the quarter before. An implausible figure is stored all
//! the same, with a warning that the analyst may answer with an explanation.
//!
//! The rule, for one figure `x` of a series (the README says the same in words):
//! - **Own history.** Its history is the organisation's figures of the series from its last
//!   [`HISTORY_QUARTERS`] submitted or approved reports among the [`HISTORY_LOOKBACK_QUARTERS`]
//!   quarters before the report's (drafts are not yet reported). With fewer than
//!   [`MIN_HISTORY_QUARTERS`] figures there is no history to compare with. `m` is their median.
//!   - A series with both bounds (percentages, indices, scores) warns when `|x − m|` is more
//!     than [`MAX_SHARE_OF_RANGE`] of its range: a tenth of 2 % is 0.2 %, both ordinary, so
//!     ratios say nothing there.
//!   - Any other series (counts, money, numbers) warns when `m > 0` and `x > MAX_RATIO × m`,
//!     or when `m ≥ MIN_MEDIAN_FOR_DROP` and `x < m / MAX_RATIO`. A median of zero or below
//!     has no meaningful multiple, and where the median is under ten, a tenth of it is under
//!     one: counting nothing in a quarter is ordinary there.
//! - **The country.** The submitted and approved figures of the series of every organisation
//!   for the quarter before; with at least [`MIN_NATIONAL_FIGURES`] of them, `x` below their
//!   [`NATIONAL_LOW_PERCENTILE`]th or above their [`NATIONAL_HIGH_PERCENTILE`]th percentile
//!   (linear interpolation between the closest ranks) warns. With fewer, those percentiles are
//!   the smallest and largest figure, and one organisation's record would warn every time.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{Catalogue, FieldError, Period, SeriesKey, ValueProblem};

/// How many of the organisation's last reported figures its history holds.
pub const HISTORY_QUARTERS: usize = 4;
/// How far back the history is looked for: two years.
pub const HISTORY_LOOKBACK_QUARTERS: usize = 8;
/// Fewer figures than this are no history to compare with.
pub const MIN_HISTORY_QUARTERS: usize = 2;
/// More than this many times the median, or less than its inverse, is implausible.
pub const MAX_RATIO: f64 = 10.0;
/// Below this median a drop to under a tenth is not checked.
pub const MIN_MEDIAN_FOR_DROP: f64 = 10.0;
/// For a bounded series, how much of its range a figure may lie from the median.
pub const MAX_SHARE_OF_RANGE: f64 = 0.5;
/// The country's range: from this percentile…
pub const NATIONAL_LOW_PERCENTILE: f64 = 1.0;
/// …to this one.
pub const NATIONAL_HIGH_PERCENTILE: f64 = 99.0;
/// Fewer of the country's figures than this give no range.
pub const MIN_NATIONAL_FIGURES: usize = 20;

/// The longest explanation of a flagged figure: a few sentences.
pub const MAX_EXPLANATION_CHARS: usize = 1_000;
/// How an explanation's field is named in forms, API errors and the audit trail:
/// `explanations.<series>`.
pub const EXPLANATION_FIELD_PREFIX: &str = "explanations.";

/// Why a figure looks implausible, with the facts, so that each reader's language can say it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Implausibility {
    /// More than [`MAX_RATIO`] times the median of the organisation's last `quarters` figures.
    AboveHistory { median: f64, quarters: usize },
    /// Less than a [`MAX_RATIO`]th of that median.
    BelowHistory { median: f64, quarters: usize },
    /// More than `max_distance` from that median, for a series with a bounded range.
    FarFromHistory {
        median: f64,
        quarters: usize,
        max_distance: f64,
    },
    /// Outside the country's figures of `period`, from its low to its high percentile.
    OutsideNational { period: Period, low: f64, high: f64 },
}

impl fmt::Display for Implausibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Interpolated percentiles and medians read to two decimals, not to seventeen digits.
        let short = |x: f64| (x * 100.0).round() / 100.0;
        let history = |median: f64, quarters: usize| {
            format!(
                "the organisation's median of {} over its last {quarters} reported quarters",
                short(median)
            )
        };
        match *self {
            Implausibility::AboveHistory { median, quarters } => write!(
                f,
                "is more than {MAX_RATIO} times {}",
                history(median, quarters)
            ),
            Implausibility::BelowHistory { median, quarters } => {
                write!(f, "is less than a tenth of {}", history(median, quarters))
            }
            Implausibility::FarFromHistory {
                median,
                quarters,
                max_distance,
            } => write!(
                f,
                "is more than {} from {}",
                short(max_distance),
                history(median, quarters)
            ),
            Implausibility::OutsideNational { period, low, high } => write!(
                f,
                "is outside the country's figures for {period}: {} to {}, from the 1st to the \
                 99th percentile",
                short(low),
                short(high)
            ),
        }?;
        f.write_str("; check the figure or explain it")
    }
}

/// One implausible figure of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlausibilityWarning {
    pub field: SeriesKey,
    pub problem: Implausibility,
}

/// Every organisation's reported figures of one quarter, per series, each series sorted once
/// when read: a save's check then reads the country's percentiles, where it sorted a copy of
/// some 700 figures twice per series (`scripts/bench`, the saves' rows; BENCHMARKS.md,
/// "Drafts at the deadline").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountryFigures(BTreeMap<SeriesKey, Vec<f64>>);

impl CountryFigures {
    pub fn new(mut figures: BTreeMap<SeriesKey, Vec<f64>>) -> Self {
        for series in figures.values_mut() {
            series.sort_by(f64::total_cmp);
        }
        Self(figures)
    }
}

/// What a report's figures are compared with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Background {
    /// The organisation's figures per series from its reported quarters before the report's,
    /// newest first.
    pub history: BTreeMap<SeriesKey, Vec<f64>>,
    /// The quarter before the report's and every organisation's reported figures in it,
    /// shared by every save compared with them.
    pub national: Option<(Period, Arc<CountryFigures>)>,
}

impl Background {
    /// The warnings for `values`, in the catalogue's order of series, the history's before the
    /// country's; none for a series the catalogue does not know.
    pub fn check(
        &self,
        catalogue: &Catalogue,
        values: &BTreeMap<SeriesKey, f64>,
    ) -> Vec<PlausibilityWarning> {
        let mut warnings = Vec::new();
        for series in catalogue.series() {
            let Some(&value) = values.get(&series.key) else {
                continue;
            };
            let history = self
                .history
                .get(&series.key)
                .map(|figures| &figures[..figures.len().min(HISTORY_QUARTERS)])
                .unwrap_or_default();
            let range = series.min.zip(series.max).map(|(min, max)| max - min);
            let problems = [
                against_history(value, history, range),
                self.national.as_ref().and_then(|(period, national)| {
                    let figures = national.0.get(&series.key)?;
                    against_country(value, *period, figures)
                }),
            ];
            warnings.extend(
                problems
                    .into_iter()
                    .flatten()
                    .map(|problem| PlausibilityWarning {
                        field: series.key.clone(),
                        problem,
                    }),
            );
        }
        warnings
    }
}

fn against_history(value: f64, history: &[f64], range: Option<f64>) -> Option<Implausibility> {
    if history.len() < MIN_HISTORY_QUARTERS {
        return None;
    }
    let median = percentile(history, 50.0);
    let quarters = history.len();
    match range {
        Some(range) => {
            let max_distance = range * MAX_SHARE_OF_RANGE;
            ((value - median).abs() > max_distance).then_some(Implausibility::FarFromHistory {
                median,
                quarters,
                max_distance,
            })
        }
        None if median > 0.0 && value > MAX_RATIO * median => {
            Some(Implausibility::AboveHistory { median, quarters })
        }
        None if median >= MIN_MEDIAN_FOR_DROP && value < median / MAX_RATIO => {
            Some(Implausibility::BelowHistory { median, quarters })
        }
        None => None,
    }
}

/// `sorted`: the country's figures, in order.
fn against_country(value: f64, period: Period, sorted: &[f64]) -> Option<Implausibility> {
    if sorted.len() < MIN_NATIONAL_FIGURES {
        return None;
    }
    let low = percentile_of_sorted(sorted, NATIONAL_LOW_PERCENTILE);
    let high = percentile_of_sorted(sorted, NATIONAL_HIGH_PERCENTILE);
    (value < low || value > high).then_some(Implausibility::OutsideNational { period, low, high })
}

/// The `p`th percentile of `figures` (not empty), interpolated linearly between the closest
/// ranks: rank `p / 100 × (n − 1)` counted from zero, as spreadsheets' PERCENTILE does.
fn percentile(figures: &[f64], p: f64) -> f64 {
    let mut sorted = figures.to_vec();
    sorted.sort_by(f64::total_cmp);
    percentile_of_sorted(&sorted, p)
}

/// [`percentile`] of figures already in order.
fn percentile_of_sorted(sorted: &[f64], p: f64) -> f64 {
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let below = rank.floor() as usize;
    let above = rank.ceil() as usize;
    sorted[below] + (sorted[above] - sorted[below]) * (rank - below as f64)
}

/// An analyst's explanation of a flagged figure: trimmed, not empty, at most
/// [`MAX_EXPLANATION_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation(String);

impl Explanation {
    /// `None` for an empty text, which removes the explanation.
    pub fn parse(input: &str) -> Result<Option<Self>, ValueProblem> {
        let text = input.trim().replace("\r\n", "\n");
        if text.is_empty() {
            Ok(None)
        } else if text.chars().count() > MAX_EXPLANATION_CHARS {
            Err(ValueProblem::TooLong {
                max_chars: MAX_EXPLANATION_CHARS,
            })
        } else {
            Ok(Some(Self(text)))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The field of the explanation of `series`: `explanations.<series>`.
pub fn explanation_field(series: &str) -> String {
    format!("{EXPLANATION_FIELD_PREFIX}{series}")
}

/// Checks each explanation by its series key; every problem is returned under the
/// explanation's field.
pub(crate) fn parse_explanations(
    catalogue: &Catalogue,
    entries: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<(SeriesKey, Option<Explanation>)>, Vec<FieldError>> {
    let mut explanations = Vec::new();
    let mut errors = Vec::new();
    for (series, text) in entries {
        let checked = catalogue
            .find_series(&series)
            .ok_or(ValueProblem::UnknownSeries)
            .and_then(|found| Ok((found.key.clone(), Explanation::parse(&text)?)));
        match checked {
            Ok(explanation) => explanations.push(explanation),
            Err(problem) => errors.push(FieldError {
                field: explanation_field(&series),
                problem,
            }),
        }
    }
    if errors.is_empty() {
        Ok(explanations)
    } else {
        Err(errors)
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    fn key(name: &str) -> SeriesKey {
        SeriesKey::parse(name).unwrap()
    }

    fn q(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    /// The warnings for one figure of `series` with `history`, newest first.
    fn history_warnings(series: &str, value: f64, history: &[f64]) -> Vec<Implausibility> {
        let background = Background {
            history: BTreeMap::from([(key(series), history.to_vec())]),
            national: None,
        };
        background
            .check(&catalogue(), &BTreeMap::from([(key(series), value)]))
            .into_iter()
            .map(|w| w.problem)
            .collect()
    }

    #[test]
    fn more_than_ten_times_the_median_of_the_last_four_warns() {
        // Newest first: 12, 10, 14, 8 and the older 1000, which is past the last four.
        // Sorted 8, 10, 12, 14: the median is (10 + 12) / 2 = 11, ten times that 110.
        let history = [12.0, 10.0, 14.0, 8.0, 1000.0];
        assert_eq!(history_warnings("ideas_delivered", 110.0, &history), []);
        assert_eq!(
            history_warnings("ideas_delivered", 111.0, &history),
            [Implausibility::AboveHistory {
                median: 11.0,
                quarters: 4
            }]
        );
    }

    #[test]
    fn less_than_a_tenth_of_the_median_warns_from_a_median_of_ten() {
        // Median of 30, 20, 40: 30, a tenth 3.
        assert_eq!(
            history_warnings("ideas_delivered", 3.0, &[30.0, 20.0, 40.0]),
            []
        );
        assert_eq!(
            history_warnings("ideas_delivered", 2.0, &[30.0, 20.0, 40.0]),
            [Implausibility::BelowHistory {
                median: 30.0,
                quarters: 3
            }]
        );
        assert_eq!(
            history_warnings("ideas_delivered", 0.0, &[10.0, 10.0]),
            [Implausibility::BelowHistory {
                median: 10.0,
                quarters: 2
            }]
        );
        // A median of 9.5 (9 and 10): no figure is too low, zero included.
        assert_eq!(history_warnings("ideas_delivered", 0.0, &[9.0, 10.0]), []);
    }

    #[test]
    fn a_median_of_zero_or_below_and_a_short_history_give_no_ratio() {
        assert_eq!(history_warnings("tv_series", 5.0, &[0.0, 0.0, 1.0]), []);
        // ten_x_current takes negative figures: the median of −5 and −3 is −4.
        assert_eq!(history_warnings("ten_x_current", 1e6, &[-5.0, -3.0]), []);
        // One quarter is no history.
        assert_eq!(history_warnings("ideas_delivered", 1000.0, &[1.0]), []);
        assert_eq!(history_warnings("ideas_delivered", 1000.0, &[]), []);
    }

    #[test]
    fn bounded_series_warn_beyond_half_their_range_from_the_median() {
        // customer_smiles is a percentage, 0–100: at most 50 points from the median 70.
        let smiles = [70.0, 68.0, 72.0, 70.0];
        assert_eq!(history_warnings("customer_smiles", 20.0, &smiles), []);
        assert_eq!(
            history_warnings("customer_smiles", 19.5, &smiles),
            [Implausibility::FarFromHistory {
                median: 70.0,
                quarters: 4,
                max_distance: 50.0
            }]
        );
        // A tenth of the median is no warning for a percentage.
        assert_eq!(history_warnings("customer_smiles", 2.0, &[3.0, 1.0]), []);
        // admin_reduction runs from −100 to 100: 100 points either way of the median 5.
        assert_eq!(history_warnings("admin_reduction", -95.0, &[4.0, 6.0]), []);
        assert_eq!(
            history_warnings("admin_reduction", -95.5, &[4.0, 6.0]),
            [Implausibility::FarFromHistory {
                median: 5.0,
                quarters: 2,
                max_distance: 100.0
            }]
        );
    }

    /// 1, 2, …, 21: rank 0.01 × 20 = 0.2 gives the 1st percentile 1.2, rank 19.8 the 99th 20.8.
    fn national() -> Vec<f64> {
        (1..=21).map(f64::from).collect()
    }

    #[test]
    fn outside_the_countrys_1st_to_99th_percentile_warns() {
        let figures = national();
        assert_eq!(percentile(&figures, 1.0), 1.2);
        assert!((percentile(&figures, 99.0) - 20.8).abs() < 1e-9);
        let high = percentile(&figures, 99.0);
        let background = Background {
            history: BTreeMap::new(),
            national: Some((
                q("2025Q4"),
                Arc::new(CountryFigures::new(BTreeMap::from([(
                    key("ideas_delivered"),
                    figures,
                )]))),
            )),
        };
        let warned = |value: f64| {
            background.check(
                &catalogue(),
                &BTreeMap::from([(key("ideas_delivered"), value)]),
            )
        };
        assert_eq!(warned(2.0), []);
        assert_eq!(warned(20.0), []);
        for value in [1.0, 21.0] {
            assert_eq!(
                warned(value),
                [PlausibilityWarning {
                    field: key("ideas_delivered"),
                    problem: Implausibility::OutsideNational {
                        period: q("2025Q4"),
                        low: 1.2,
                        high,
                    }
                }],
                "{value}"
            );
        }
    }

    #[test]
    fn fewer_than_twenty_figures_give_the_country_no_range() {
        let background = Background {
            history: BTreeMap::new(),
            national: Some((
                q("2025Q4"),
                Arc::new(CountryFigures::new(BTreeMap::from([(
                    key("ideas_delivered"),
                    national()[..19].to_vec(),
                )]))),
            )),
        };
        let values = BTreeMap::from([(key("ideas_delivered"), 1000.0)]);
        assert_eq!(background.check(&catalogue(), &values), []);
    }

    #[test]
    fn both_rules_may_warn_for_one_figure_and_in_the_catalogues_order() {
        let background = Background {
            history: BTreeMap::from([
                (key("ideas_delivered"), vec![10.0, 10.0]),
                (key("vision_alignment"), vec![90.0, 90.0]),
            ]),
            national: Some((
                q("2025Q4"),
                Arc::new(CountryFigures::new(BTreeMap::from([(
                    key("ideas_delivered"),
                    national(),
                )]))),
            )),
        };
        let values = BTreeMap::from([
            (key("ideas_delivered"), 101.0),
            (key("vision_alignment"), 10.0),
            (key("projects_failed"), 3.0),
        ]);
        let fields: Vec<(String, &str)> = background
            .check(&catalogue(), &values)
            .into_iter()
            .map(|w| {
                let rule = match w.problem {
                    Implausibility::AboveHistory { .. } => "above",
                    Implausibility::BelowHistory { .. } => "below",
                    Implausibility::FarFromHistory { .. } => "far",
                    Implausibility::OutsideNational { .. } => "country",
                };
                (w.field.to_string(), rule)
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("vision_alignment".to_owned(), "far"),
                ("ideas_delivered".to_owned(), "above"),
                ("ideas_delivered".to_owned(), "country"),
            ]
        );
    }

    #[test]
    fn warnings_read_with_their_figures() {
        assert_eq!(
            Implausibility::AboveHistory {
                median: 11.0,
                quarters: 4
            }
            .to_string(),
            "is more than 10 times the organisation's median of 11 over its last 4 reported \
             quarters; check the figure or explain it"
        );
        assert_eq!(
            Implausibility::OutsideNational {
                period: q("2025Q4"),
                low: 1.2,
                high: 20.799999999999997
            }
            .to_string(),
            "is outside the country's figures for 2025Q4: 1.2 to 20.8, from the 1st to the 99th \
             percentile; check the figure or explain it"
        );
    }

    #[test]
    fn explanations_are_trimmed_optional_bounded_and_for_known_series() {
        assert_eq!(
            Explanation::parse("  Ny mätmetod.\r\nSe bilaga. ")
                .unwrap()
                .unwrap()
                .as_str(),
            "Ny mätmetod.\nSe bilaga."
        );
        assert_eq!(Explanation::parse(" \n "), Ok(None));
        let longest = "å".repeat(MAX_EXPLANATION_CHARS);
        assert!(Explanation::parse(&longest).unwrap().is_some());
        let errors = parse_explanations(
            &catalogue(),
            [
                (
                    "ideas_delivered".to_owned(),
                    "x".repeat(MAX_EXPLANATION_CHARS + 1),
                ),
                ("no_such".to_owned(), "x".to_owned()),
                ("tv_series".to_owned(), "ok".to_owned()),
            ],
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                FieldError {
                    field: "explanations.ideas_delivered".to_owned(),
                    problem: ValueProblem::TooLong {
                        max_chars: MAX_EXPLANATION_CHARS
                    }
                },
                FieldError {
                    field: "explanations.no_such".to_owned(),
                    problem: ValueProblem::UnknownSeries
                },
            ]
        );
    }
}
