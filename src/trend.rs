//! A quarter of a series' trend as the measure page shows it: the national figures and the
//! chosen organisations' beside them.

use serde::{Deserialize, Serialize};

use crate::Period;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub period: Period,
    /// The national median and quartiles; none from fewer reports than a national figure
    /// needs.
    pub median: Option<f64>,
    pub p25: Option<f64>,
    pub p75: Option<f64>,
    pub n: u32,
    /// Whether some of the quarter's figures are not approved yet.
    pub preliminary: bool,
    /// The chosen organisations' figures, in their order.
    pub chosen: Vec<Option<f64>>,
}
