//! One module per page, each with the server functions it calls.

mod accessibility;
mod admin;
mod admin_audit;
mod admin_organisations;
mod admin_users;
mod api_tokens;
mod completeness;
mod errors;
mod export;
mod history;
mod import;
mod lessons;
mod loading;
mod login;
mod measure;
mod open_data;
mod organisation;
mod organisations;
mod pager;
#[cfg(feature = "ssr")]
mod quarter_range;
mod report;
mod series_view;
mod start;
mod wall;

pub use accessibility::AccessibilityPage;
pub use admin::AdminPage;
pub use admin_audit::AdminAuditPage;
pub use admin_organisations::AdminOrganisationsPage;
pub use admin_users::AdminUsersPage;
pub use api_tokens::ApiTokensPage;
pub use completeness::CompletenessPage;
pub use errors::NotFound;
pub use export::ExportPage;
pub use history::HistoryPage;
pub use import::{ImportPage, ImportReviewPage};
pub use lessons::LessonsPage;
pub use login::{LoginPage, Logout};
pub use measure::{GetMeasure, MeasurePage, MeasurePageView};
pub use open_data::OpenDataPage;
pub use organisation::OrganisationPage;
pub use organisations::OrganisationsPage;
pub use report::ReportPage;
pub use start::StartPage;
pub use wall::WallPage;
