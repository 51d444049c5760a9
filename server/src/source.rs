//! Where the server reads what it carries inside itself (the browser bundle, the measure
//! catalogue, `effekt::SHIPPED_CATALOGUE`, the demo data): its own embedded copy, so that the
//! binary alone is enough, or a file or folder on disk that a variable names instead.

use std::borrow::Cow;
use std::path::PathBuf;

/// The demo data the binary carries (`data/demo.toml` when it was built).
pub const DEMO_DATA: &str = include_str!("../../data/demo.toml");

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The copy inside the binary.
    Embedded,
    /// A file or folder on disk, read when it is needed.
    Disk(PathBuf),
}

impl Source {
    /// From a variable's value: a path reads the disk; unset or empty, the embedded copy (so
    /// that `NAME=` in an environment file means the default, as leaving it out does).
    pub fn parse(value: Option<String>) -> Self {
        match value {
            Some(path) if !path.is_empty() => Self::Disk(path.into()),
            _ => Self::Embedded,
        }
    }

    /// The text: `embedded` for the embedded copy, or the file's.
    pub fn read_to_string(&self, embedded: &'static str) -> std::io::Result<Cow<'static, str>> {
        match self {
            Self::Embedded => Ok(Cow::Borrowed(embedded)),
            Self::Disk(path) => std::fs::read_to_string(path).map(Cow::Owned),
        }
    }
}

/// For messages and the log: the path, or that it is the embedded copy.
impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded => f.write_str("the copy inside the binary"),
            Self::Disk(path) => write!(f, "{}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_reads_the_disk_and_nothing_or_nothing_written_the_embedded_copy() {
        assert_eq!(Source::parse(None), Source::Embedded);
        assert_eq!(Source::parse(Some(String::new())), Source::Embedded);
        assert_eq!(
            Source::parse(Some("/etc/effekt/measures.toml".into())),
            Source::Disk("/etc/effekt/measures.toml".into())
        );
    }

    #[test]
    fn the_embedded_copy_is_the_text_given_and_a_file_is_read_when_asked() {
        assert_eq!(Source::Embedded.read_to_string("inside").unwrap(), "inside");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("measures.toml");
        std::fs::write(&path, "on disk").unwrap();
        let disk = Source::Disk(path.clone());
        assert_eq!(disk.read_to_string("inside").unwrap(), "on disk");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            disk.read_to_string("inside").unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
        assert_eq!(disk.to_string(), path.display().to_string());
    }

    #[test]
    fn the_embedded_demo_data_fits_the_shipped_catalogue() {
        effekt::demo::DemoData::from_toml(DEMO_DATA, &effekt::Catalogue::shipped()).unwrap();
    }
}
