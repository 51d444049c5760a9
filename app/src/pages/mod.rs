//! One module per page, each with the server functions it calls.

mod accessibility;
mod errors;
mod login;
mod organisation;
mod organisations;
mod report;
mod start;

pub use accessibility::AccessibilityPage;
pub use errors::NotFound;
pub use login::{LoginPage, Logout};
pub use organisation::OrganisationPage;
pub use organisations::OrganisationsPage;
pub use report::ReportPage;
pub use start::StartPage;
