//! The server as separate processes, on the database under test: several instances
//! sharing it, crashes, shutdown; and the systemd unit that starts it.

mod crash;
mod instances;
mod load;
mod operations;
mod sign_in_flood;
mod systemd_unit;
