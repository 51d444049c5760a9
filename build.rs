//! `sqlx::migrate!` embeds `migrations/` at compile time; without this, a new migration would
//! be left out of incremental builds until some Rust file changed.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
