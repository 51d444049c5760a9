//! One entry of the audit trail.

use serde::{Deserialize, Serialize};

use crate::OrgNumber;

/// One recorded change. `field` names what changed: a series key, `lessons`, `status`,
/// `goal`, `organisation`, `reopen_reason` (why an administrator reopened the report),
/// `deadline` (a quarter's reporting deadline, with no organisation), or `user:<email>` (an
/// account, never in an organisation's history). The API calls it `series`, as its first
/// version did when only figures were recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub at: String,
    pub by: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub period: Option<String>,
    #[serde(rename = "series")]
    pub field: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub old: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub new: Option<String>,
}

/// One change of the whole audit trail, with the organisation whose data it changed; none for
/// changes to accounts and to the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub organisation_number: Option<OrgNumber>,
    pub change: Change,
}
