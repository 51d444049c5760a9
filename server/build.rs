//! The binary carries `target/site` (rust-embed, `src/assets.rs`), in every profile. The
//! compiler tracks the files it embedded, but not a file added to the folder, nor the folder
//! appearing after a build without it: so cargo is told to rebuild whenever anything in it
//! changes, and a binary never carries a stale bundle.
fn main() {
    println!("cargo::rerun-if-changed=../target/site");
}
