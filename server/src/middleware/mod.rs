//! What every request passes through, in this order: who is asking, whether they must sign in
//! first, whether a write comes from this site, and the security headers on the way out.
//! Being layers on the whole router, no route can be added without them.

pub mod identify;
pub mod require_sign_in;
pub mod same_origin;
pub mod security_headers;
