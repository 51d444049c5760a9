//! What the fuzz targets share: the shipped catalogue.

use std::sync::LazyLock;

use effekt::Catalogue;

/// `data/measures.toml`, read once. `Catalogue::from_toml` needs the core's `server` feature;
/// deserialising goes through the same checks without it.
pub static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/measures.toml"))
        .expect("the shipped catalogue is valid")
});
