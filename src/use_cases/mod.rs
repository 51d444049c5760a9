//! What people do, one module each: the one function per use case that the JSON API's handlers
//! (`server/src/api/`) and the pages' server functions (`app/src/pages/`) both call. Each takes
//! a command as the request gave it, checks it against the rules (the domain types' `parse`,
//! who may), stores it, and refuses with [`Refused`]: every bad field at once, described by
//! [`FieldError`] for both front doors to say in their words, or the store's refusal. Signing
//! in refuses with [`SignInRefused`], whose answers are the same for every bad credential.

mod deadlines;
mod display_links;
mod goals;
mod imports;
mod organisations;
mod reports;
mod series_goals;
mod sign_in;
mod sizes;
mod tokens;
mod users;

pub use deadlines::{SetDeadline, set_deadline};
pub use display_links::{create_display_link, revoke_display_link};
pub use goals::{SetGoal, set_goal};
pub use imports::{Imported, import, may_import};
pub use organisations::{
    AddOrganisation, ChangeOrganisation, add_organisation, change_organisation,
};
pub use reports::{Figures, SaveReport, save_report, take_step};
pub use series_goals::{SetSeriesGoal, add_series_goal, change_series_goal, remove_series_goal};
pub use sign_in::{SignIn, SignInRefused, sign_in, sign_out};
pub use sizes::{SetSize, set_size};
pub use tokens::{MintToken, SignedInBy, mint_token, revoke_token};
pub use users::{AddUser, ChangeUser, UserFields, add_user, change_user};

use crate::FieldError;
use crate::store::StoreError;

/// Why a use case did nothing.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Some fields break the rules; every problem is listed, and nothing was stored.
    #[error("some fields are not valid")]
    Invalid(Vec<FieldError>),
    /// The store refused: not allowed, a duplicate, an unknown organisation, or a failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The refusal that lists the problems among `problems`.
fn invalid(problems: impl IntoIterator<Item = Option<FieldError>>) -> Refused {
    Refused::Invalid(problems.into_iter().flatten().collect())
}
