//! A release binary carries `target/site` (rust-embed, `src/assets.rs`). The compiler tracks the
//! files it embedded, but not a file added to the folder, nor the folder appearing after a
//! build without it: so cargo is told to rebuild whenever anything in it changes, and a
//! release binary never carries a stale bundle. Debug builds read the folder at run time.
fn main() {
    if std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo::rerun-if-changed=../target/site");
    } else {
        println!("cargo::rerun-if-changed=build.rs");
    }
}
