//! The refusals an operation names in its `#[utoipa::path]`, one type a status, so that an
//! operation lists the ones it can answer on one line (`BadRequest, Unauthorized, NotFound`)
//! rather than a line each. Every refusal has the same body, [`ErrorBody`]; only the status
//! differs.

use std::collections::BTreeMap;

use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::{IntoResponses, ToResponse};

use super::error::ErrorBody;

/// A status whose answer is the shared refusal, referred to by its component name.
fn refused(status: u16) -> BTreeMap<String, RefOr<Response>> {
    let (name, _) = ErrorBody::response();
    BTreeMap::from([(status.to_string(), Ref::from_response_name(name).into())])
}

macro_rules! refusals {
    ($($(#[$doc:meta])* $name:ident = $status:literal;)+) => {$(
        $(#[$doc])*
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                refused($status)
            }
        }
    )+};
}

refusals! {
    /// The request cannot be read: a path, query or body that does not parse.
    BadRequest = 400;
    /// Nobody is signed in, or the sign-in failed.
    Unauthorized = 401;
    /// The signed-in user may not do this, or the form's origin is foreign.
    Forbidden = 403;
    /// The organisation, report or other thing named does not exist.
    NotFound = 404;
    /// The change collides with what is stored (a locked report, a taken name).
    Conflict = 409;
    /// The body is larger than the operation accepts.
    TooLarge = 413;
    /// The body is not of a type the operation reads.
    UnsupportedType = 415;
    /// The body parses but its values break a rule.
    Unprocessable = 422;
    /// Too many requests from one client; try again later.
    TooManyRequests = 429;
}
