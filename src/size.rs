//! How large an organisation is in a year, so that figures can be compared per head: a large
//! agency should not lead a ranking only for being large.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::OrgKind;
use crate::period::{FIRST_YEAR, LAST_YEAR};

/// More than the largest Swedish employer has; a larger number is a typing mistake.
pub const MAX_EMPLOYEES: u32 = 1_000_000;
/// More than Sweden's population; a larger number is a typing mistake.
pub const MAX_INHABITANTS: u32 = 20_000_000;

/// The calendar year a size holds for; every quarter of the year takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct SizeYear(u16);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0:?} is not a year: write it with four digits, e.g. 2025")]
pub struct SizeYearError(String);

impl SizeYear {
    pub fn parse(input: &str) -> Result<Self, SizeYearError> {
        let error = || SizeYearError(input.to_owned());
        if input.len() != 4 || !input.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        let year: u16 = input.parse().map_err(|_| error())?;
        Self::try_from(year).map_err(|_| error())
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for SizeYear {
    type Error = SizeYearError;

    fn try_from(year: u16) -> Result<Self, Self::Error> {
        if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
            Ok(Self(year))
        } else {
            Err(SizeYearError(year.to_string()))
        }
    }
}

impl From<SizeYear> for u16 {
    fn from(year: SizeYear) -> Self {
        year.0
    }
}

impl fmt::Display for SizeYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An organisation's size in one year. Inhabitants only where the organisation has any: a
/// municipality or a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgSize {
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000))]
    pub employees: u32,
    /// Municipalities and regions only; null for other organisations and where none is stored.
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, minimum = 1, maximum = 20_000_000)
    )]
    pub inhabitants: Option<u32>,
}

/// Which field of a size is wrong, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SizeError {
    #[error("employees must be a whole number from 1 to {MAX_EMPLOYEES}")]
    Employees,
    #[error("inhabitants must be a whole number from 1 to {MAX_INHABITANTS}")]
    Inhabitants,
    #[error(
        "only municipalities and regions have inhabitants; leave it out for other organisations"
    )]
    InhabitantsOfKind,
}

impl SizeError {
    /// The field of the request the problem is in.
    pub fn field(self) -> &'static str {
        match self {
            SizeError::Employees => "employees",
            SizeError::Inhabitants | SizeError::InhabitantsOfKind => "inhabitants",
        }
    }
}

impl OrgSize {
    /// Checks a size for an organisation of `kind`, every field at once. Zero employees is
    /// refused: a figure per employee would be infinite.
    pub fn parse(
        kind: OrgKind,
        employees: f64,
        inhabitants: Option<f64>,
    ) -> Result<Self, Vec<SizeError>> {
        let employees = whole(employees, MAX_EMPLOYEES).ok_or(SizeError::Employees);
        let inhabitants = match inhabitants {
            None => Ok(None),
            Some(_) if !has_inhabitants(kind) => Err(SizeError::InhabitantsOfKind),
            Some(n) => whole(n, MAX_INHABITANTS)
                .map(Some)
                .ok_or(SizeError::Inhabitants),
        };
        match (employees, inhabitants) {
            (Ok(employees), Ok(inhabitants)) => Ok(Self {
                employees,
                inhabitants,
            }),
            (employees, inhabitants) => Err([employees.err(), inhabitants.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// The band of organisations of about this size.
    pub fn band(self) -> SizeBand {
        SizeBand::of(self.employees)
    }
}

/// Whether organisations of `kind` have inhabitants to count.
pub fn has_inhabitants(kind: OrgKind) -> bool {
    matches!(kind, OrgKind::Municipality | OrgKind::Region)
}

fn whole(value: f64, max: u32) -> Option<u32> {
    (value.is_finite() && value.fract() == 0.0 && value >= 1.0 && value <= f64::from(max))
        .then_some(value as u32)
}

/// The smallest number of employees of each band above the first: under 250 is small (the
/// EU's line for a small enterprise), then up to 999, up to 4,999, and 5,000 or more.
pub const SIZE_BAND_FLOORS: [u32; 3] = [250, 1_000, 5_000];

/// Organisations of about the same size, by employees; with the same kind, a peer group
/// ("liknande organisationer").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    Small,
    Medium,
    Large,
    VeryLarge,
}

impl SizeBand {
    pub fn of(employees: u32) -> Self {
        match SIZE_BAND_FLOORS.iter().filter(|&&f| employees >= f).count() {
            0 => SizeBand::Small,
            1 => SizeBand::Medium,
            2 => SizeBand::Large,
            _ => SizeBand::VeryLarge,
        }
    }
}

/// Figures per 1,000 employees or per 1,000 inhabitants, for a fair comparison of count and
/// money series between organisations of different size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Normalise {
    #[serde(rename = "per_1000_employees")]
    PerThousandEmployees,
    #[serde(rename = "per_1000_inhabitants")]
    PerThousandInhabitants,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0:?} is not a normalisation: use per_1000_employees or per_1000_inhabitants")]
pub struct NormaliseError(String);

impl Normalise {
    pub const ALL: [Normalise; 2] = [
        Normalise::PerThousandEmployees,
        Normalise::PerThousandInhabitants,
    ];

    pub fn parse(input: &str) -> Result<Self, NormaliseError> {
        Self::ALL
            .into_iter()
            .find(|n| n.as_str() == input)
            .ok_or_else(|| NormaliseError(input.to_owned()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Normalise::PerThousandEmployees => "per_1000_employees",
            Normalise::PerThousandInhabitants => "per_1000_inhabitants",
        }
    }

    /// `value` per 1,000 of what this counts in `size`; none where the size has no such
    /// number (inhabitants of an agency).
    pub fn apply(self, value: f64, size: OrgSize) -> Option<f64> {
        let per = match self {
            Normalise::PerThousandEmployees => size.employees,
            Normalise::PerThousandInhabitants => size.inhabitants?,
        };
        Some(value * 1000.0 / f64::from(per))
    }
}

impl fmt::Display for Normalise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_have_four_digits_in_the_accepted_range() {
        assert_eq!(SizeYear::parse("2025").map(SizeYear::get), Ok(2025));
        for bad in ["25", "20255", "202a", "-202", "1899", "3000", ""] {
            assert!(SizeYear::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes_are_whole_positive_numbers_and_inhabitants_only_where_there_are_any() {
        use OrgKind::*;
        assert_eq!(
            OrgSize::parse(Municipality, 1200.0, Some(85_000.0)),
            Ok(OrgSize {
                employees: 1200,
                inhabitants: Some(85_000)
            })
        );
        assert_eq!(
            OrgSize::parse(StateAgency, 10_500.0, None),
            Ok(OrgSize {
                employees: 10_500,
                inhabitants: None
            })
        );
        assert_eq!(
            OrgSize::parse(StateAgency, 0.0, Some(5.0)),
            Err(vec![SizeError::Employees, SizeError::InhabitantsOfKind])
        );
        assert_eq!(
            OrgSize::parse(Region, 12.5, Some(-1.0)),
            Err(vec![SizeError::Employees, SizeError::Inhabitants])
        );
        assert_eq!(
            OrgSize::parse(Other, f64::NAN, None),
            Err(vec![SizeError::Employees])
        );
        assert!(OrgSize::parse(Region, f64::from(MAX_EMPLOYEES), Some(1.0)).is_ok());
        assert_eq!(
            OrgSize::parse(Region, f64::from(MAX_EMPLOYEES) + 1.0, None),
            Err(vec![SizeError::Employees])
        );
        assert_eq!(SizeError::InhabitantsOfKind.field(), "inhabitants");
    }

    #[test]
    fn bands_start_at_their_floors() {
        assert_eq!(SizeBand::of(1), SizeBand::Small);
        assert_eq!(SizeBand::of(249), SizeBand::Small);
        assert_eq!(SizeBand::of(250), SizeBand::Medium);
        assert_eq!(SizeBand::of(999), SizeBand::Medium);
        assert_eq!(SizeBand::of(1_000), SizeBand::Large);
        assert_eq!(SizeBand::of(4_999), SizeBand::Large);
        assert_eq!(SizeBand::of(5_000), SizeBand::VeryLarge);
    }

    #[test]
    fn normalising_divides_by_thousands_of_what_is_counted() {
        let municipality = OrgSize {
            employees: 400,
            inhabitants: Some(25_000),
        };
        // 6 delivered ideas: 6 × 1000 / 400 = 15 per 1,000 employees, 6 × 1000 / 25,000 = 0.24
        // per 1,000 inhabitants.
        assert_eq!(
            Normalise::PerThousandEmployees.apply(6.0, municipality),
            Some(15.0)
        );
        assert_eq!(
            Normalise::PerThousandInhabitants.apply(6.0, municipality),
            Some(0.24)
        );
        let agency = OrgSize {
            employees: 400,
            inhabitants: None,
        };
        assert_eq!(Normalise::PerThousandInhabitants.apply(6.0, agency), None);
        for n in Normalise::ALL {
            assert_eq!(Normalise::parse(n.as_str()), Ok(n));
        }
        assert!(Normalise::parse("per_employee").is_err());
    }
}
