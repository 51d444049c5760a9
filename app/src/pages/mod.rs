//! One module per page, each with the server functions it calls.

mod accessibility;
mod admin;
mod admin_audit;
mod admin_operations;
mod admin_organisations;
mod admin_users;
mod api_tokens;
mod completeness;
mod display_links;
mod export;
mod goals;
mod history;
mod import;
mod lessons;
mod login;
mod measure;
mod not_found;
mod open_data;
mod organisation;
mod organisation_goals;
mod organisations;
mod quarterly_report;
mod report;
mod start;
mod wall;

pub use accessibility::AccessibilityPage;
#[cfg(feature = "ssr")]
pub use accessibility::GetOperator;
pub use admin::AdminPage;
pub use admin_audit::AdminAuditPage;
pub use admin_operations::AdminOperationsPage;
pub use admin_organisations::AdminOrganisationsPage;
pub use admin_users::AdminUsersPage;
pub use api_tokens::ApiTokensPage;
pub use completeness::CompletenessPage;
pub use display_links::DisplayLinksPageView;
pub use export::ExportPage;
pub use goals::GoalsPage;
pub use history::HistoryPage;
pub use import::{ImportPage, ImportReviewPage};
pub use lessons::LessonsPage;
#[cfg(feature = "ssr")]
pub use login::{GetSignInChoices, Login};
pub use login::{LoginPage, Logout};
#[cfg(feature = "ssr")]
pub use measure::{Asked, measured};
pub use measure::{GetMeasure, MeasurePage, MeasurePageView, Shown};
pub use not_found::NotFound;
pub use open_data::OpenDataPage;
#[cfg(feature = "ssr")]
pub use open_data::PublishedOrganisations;
pub use organisation::OrganisationPage;
pub use organisations::OrganisationsPage;
pub use quarterly_report::QuarterlyReportPage;
pub use report::ReportPage;
#[cfg(feature = "ssr")]
pub use start::BeingReported;
pub use start::StartPage;
pub use wall::WallPage;
