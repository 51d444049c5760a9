//! One entry of the audit trail.

use serde::{Deserialize, Serialize};

/// One recorded change. `series` names what changed: a series key, `lessons`, `status`,
/// `goal`, `organisation`, or `user:<email>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub at: String,
    pub by: String,
    pub period: Option<String>,
    pub series: String,
    pub old: Option<String>,
    pub new: Option<String>,
}
