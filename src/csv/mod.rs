//! CSV files in and out: RFC 4180 with a comma and point decimals, or the way Excel with
//! Swedish settings reads and writes them (semicolon, decimal comma, BOM, CRLF). Reading
//! streams through the `csv` crate with Effekt's bounds on top.

mod import;
mod problems;
mod read;
#[cfg(all(test, feature = "server"))]
mod round_trip;
mod sizes;
mod write;

use serde::{Deserialize, Serialize};

pub use import::{ImportPlan, ImportProblem, ImportRow, LineProblem, PlannedChange};
pub use problems::{LineProblems, MAX_PROBLEMS};
pub use sizes::{SIZE_COLUMNS, SizeRow, SizesFile};
pub use write::{Cell, CsvWriter, neutralise};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum CsvFormat {
    /// RFC 4180: comma, point decimals, UTF-8, CRLF.
    #[default]
    Standard,
    /// Semicolon, decimal comma, UTF-8 with BOM, CRLF: opens straight in Excel with Swedish
    /// settings, numbers as numbers and å, ä, ö intact.
    ExcelSv,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a CSV format: use csv or excel-sv")]
pub struct FormatError(String);

impl CsvFormat {
    pub fn parse(input: &str) -> Result<Self, FormatError> {
        match input {
            "csv" | "" => Ok(Self::Standard),
            "excel-sv" => Ok(Self::ExcelSv),
            other => Err(FormatError(other.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "csv",
            Self::ExcelSv => "excel-sv",
        }
    }

    pub fn delimiter(self) -> char {
        match self {
            Self::Standard => ',',
            Self::ExcelSv => ';',
        }
    }
}
