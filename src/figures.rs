//! One organisation's standing on one series, as the pages show it.

use serde::{Deserialize, Serialize};

use crate::{Period, SizeBand, SizeYear};

/// How one organisation stands on one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesFigures {
    pub series: String,
    /// The organisation's newest quarter with this series, and its figure then.
    pub period: Period,
    pub latest: f64,
    /// Whether `latest` is from a draft: shown only to the organisation's own writers.
    pub draft: bool,
    /// Against the quarter before and the same quarter a year earlier, where reported.
    pub change_quarter: Option<f64>,
    pub change_year: Option<f64>,
    /// The mean of the figures reported in the four quarters up to the latest.
    pub rolling_mean: f64,
    /// Least-squares slope per quarter over every reported quarter; none for a single one.
    pub trend: Option<f64>,
    /// Among all organisations that reported the series in that quarter: the share below,
    /// counting ties as half (so a lone reporter stands at 50).
    pub percentile: f64,
    /// The median of all organisations in that quarter.
    pub national_median: f64,
    /// The same among organisations like it; none without its size for the quarter's year.
    pub peers: Option<PeerFigures>,
}

/// Where an organisation stands among "liknande organisationer": those of its kind whose
/// size in the same year falls in the same band, itself included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerFigures {
    pub band: SizeBand,
    pub year: SizeYear,
    /// How many of the group reported the series in the quarter: too few, and the page says
    /// so instead of comparing.
    pub reported: u32,
    pub median: f64,
    /// As [`SeriesFigures::percentile`], within the group.
    pub percentile: f64,
}
