//! A measure page's charts at addresses of their own, `/matt/{key}/diagram/{name}?{query}`:
//! the page carries `<img>` elements and its tables, the charts are drawn once per version of
//! the counted figures and served from memory, and the browser keeps each for as long as the
//! data it shows stands.
//!
//! The query is the page's own choice (filter, quarter, organisations) as the page resolved
//! it, the language, and the version of the counted figures the page was made from: a change
//! to them gives every chart a new address, so an address can be kept for good.

use std::fmt;

use crate::routes;
use serde::{Deserialize, Serialize};

/// Where the measure pages' charts are served, below the page's own path.
pub const CHART_FOLDER: &str = "diagram";

/// Which of a panel's two charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Trend,
    Bars,
}

/// Which of a chart's two drawings (charts.rs: the style sheet shows the one that fits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartWidth {
    Wide,
    Narrow,
}

/// A chart's file name on a measure page: `trend-0-wide.svg`, `bars-2-narrow.svg`; the
/// number is the series' place among the page's panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartName {
    kind: ChartKind,
    panel: usize,
    width: ChartWidth,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a chart of a measure page")]
pub struct NotAChart;

impl ChartName {
    pub fn new(kind: ChartKind, panel: usize, width: ChartWidth) -> Self {
        Self { kind, panel, width }
    }

    pub fn parse(text: &str) -> Result<Self, NotAChart> {
        let stem = text.strip_suffix(".svg").ok_or(NotAChart)?;
        let mut parts = stem.split('-');
        let kind = match parts.next() {
            Some("trend") => ChartKind::Trend,
            Some("bars") => ChartKind::Bars,
            _ => return Err(NotAChart),
        };
        let panel = parts.next().ok_or(NotAChart)?;
        // Digits alone, so that each chart has one name ("+1" and "01" are not names).
        if panel.is_empty() || !panel.bytes().all(|b| b.is_ascii_digit()) || panel.len() > 3 {
            return Err(NotAChart);
        }
        if panel.len() > 1 && panel.starts_with('0') {
            return Err(NotAChart);
        }
        let panel = panel.parse().map_err(|_| NotAChart)?;
        let width = match parts.next() {
            Some("wide") => ChartWidth::Wide,
            Some("narrow") => ChartWidth::Narrow,
            _ => return Err(NotAChart),
        };
        if parts.next().is_some() {
            return Err(NotAChart);
        }
        Ok(Self { kind, panel, width })
    }

    pub fn kind(self) -> ChartKind {
        self.kind
    }

    pub fn panel(self) -> usize {
        self.panel
    }

    pub fn width(self) -> ChartWidth {
        self.width
    }
}

impl fmt::Display for ChartName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ChartKind::Trend => "trend",
            ChartKind::Bars => "bars",
        };
        let width = match self.width {
            ChartWidth::Wide => "wide",
            ChartWidth::Narrow => "narrow",
        };
        write!(f, "{kind}-{}-{width}.svg", self.panel)
    }
}

/// What the page needs to show a served chart: its text alternative and the drawings' sizes,
/// so that the page keeps their room before they arrive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartImage {
    pub alt: String,
    /// Width and height of the wide and the narrow drawing.
    pub wide: (u32, u32),
    pub narrow: (u32, u32),
}

#[cfg(feature = "ssr")]
impl ChartImage {
    pub fn of(drawings: &crate::charts::Drawings) -> Self {
        Self {
            alt: drawings.alt.clone(),
            wide: (drawings.wide.width, drawings.wide.height),
            narrow: (drawings.narrow.width, drawings.narrow.height),
        }
    }
}

/// A chart's address: the page's path, the chart's name and the query the page made
/// ([`crate::pages::MeasurePage::chart_query`]).
pub fn chart_address(key: &str, name: ChartName, query: &str) -> String {
    format!("{}/{CHART_FOLDER}/{name}?{query}", routes::measure(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_name_reads_back_as_written_and_nothing_else_is_one() {
        for kind in [ChartKind::Trend, ChartKind::Bars] {
            for width in [ChartWidth::Wide, ChartWidth::Narrow] {
                for panel in [0, 7, 12] {
                    let name = ChartName::new(kind, panel, width);
                    assert_eq!(ChartName::parse(&name.to_string()), Ok(name));
                }
            }
        }
        assert_eq!(
            ChartName::new(ChartKind::Bars, 2, ChartWidth::Narrow).to_string(),
            "bars-2-narrow.svg"
        );
        for not in [
            "trend-0-wide",
            "trend-0-wide.png",
            "pie-0-wide.svg",
            "trend--wide.svg",
            "trend-01-wide.svg",
            "trend-+1-wide.svg",
            "trend-1000-wide.svg",
            "trend-0-tall.svg",
            "trend-0-wide-x.svg",
            "trend-0.svg",
            "",
        ] {
            assert_eq!(ChartName::parse(not), Err(NotAChart), "{not}");
        }
    }
}
