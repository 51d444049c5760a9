//! One stored figure as the store reads it and the analytics count it: the store returns it,
//! the analytics build their dataset from it, and neither needs the other's types for that.

use std::sync::Arc;

use crate::{OrgKind, OrgNumber, Period, ReportStatus};

/// One figure of one organisation for one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub organisation: OrgNumber,
    pub kind: OrgKind,
    pub period: Period,
    /// Shared between every figure of a series: at ten million figures, a string of its own
    /// for each would take half a gigabyte.
    pub series: Arc<str>,
    pub value: f64,
    /// The status of the report the figure belongs to: drafts are kept for the organisation's
    /// own pages, and never counted in national figures.
    pub status: ReportStatus,
}
