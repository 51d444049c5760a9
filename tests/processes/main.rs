//! The release server as separate processes, on the database under test: several instances
//! sharing it, crashes, shutdown.

mod crash;
mod instances;
mod load;
mod operations;
mod sign_in_flood;
