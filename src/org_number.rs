//! Swedish organisation numbers (organisationsnummer).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A Swedish organisation number such as `202100-5448`: ten digits, the last a Luhn check digit
/// over the first nine. Accepted with or without the hyphen; always written with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct OrgNumber([u8; 10]);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum OrgNumberError {
    #[error("{0:?} is not an organisation number: write ten digits as NNNNNN-NNNN")]
    Format(String),
    #[error("{0:?} is not an organisation number: the check digit does not match")]
    CheckDigit(String),
}

impl OrgNumber {
    pub fn parse(input: &str) -> Result<Self, OrgNumberError> {
        let bytes = input.as_bytes();
        let digits: Vec<u8> = match bytes.len() {
            11 if bytes[6] == b'-' => bytes[..6].iter().chain(&bytes[7..]).copied().collect(),
            10 => bytes.to_vec(),
            _ => return Err(OrgNumberError::Format(input.to_owned())),
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(OrgNumberError::Format(input.to_owned()));
        }
        let mut number = [0u8; 10];
        for (slot, digit) in number.iter_mut().zip(&digits) {
            *slot = digit - b'0';
        }
        if luhn_check_digit(&number[..9]) != number[9] {
            return Err(OrgNumberError::CheckDigit(input.to_owned()));
        }
        Ok(Self(number))
    }

    /// Completes nine digits with their check digit; for generating valid numbers.
    pub fn from_first_nine(first_nine: [u8; 9]) -> Option<Self> {
        if first_nine.iter().any(|d| *d > 9) {
            return None;
        }
        let mut number = [0u8; 10];
        number[..9].copy_from_slice(&first_nine);
        number[9] = luhn_check_digit(&first_nine);
        Some(Self(number))
    }
}

/// The Luhn (mod 10) check digit: every other digit doubled, starting with the first.
fn luhn_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl OrgNumber {
    /// The number as written, `NNNNNN-NNNN`, in one piece: a page lists hundreds of numbers,
    /// and writing each digit through the formatter was a tenth of the measure page's CPU
    /// (the measure page row of `scripts/bench`, BENCHMARKS.md).
    fn written(&self) -> [u8; 11] {
        let mut text = [b'-'; 11];
        for (i, digit) in self.0.iter().enumerate() {
            text[if i < 6 { i } else { i + 1 }] = b'0' + digit;
        }
        text
    }
}

impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.written();
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

/// As text, written in place rather than through a `String` of its own.
impl Serialize for OrgNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.written();
        let text = std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

impl FromStr for OrgNumber {
    type Err = OrgNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OrgNumber {
    type Error = OrgNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_numbers_with_and_without_hyphen() {
        // Skatteverket, Stockholms stad, Region Skåne.
        for real in ["202100-5448", "212000-0142", "232100-0255"] {
            let with = OrgNumber::parse(real).unwrap();
            let without = OrgNumber::parse(&real.replace('-', "")).unwrap();
            assert_eq!(with, without);
            assert_eq!(with.to_string(), real);
        }
    }

    #[test]
    fn rejects_a_wrong_check_digit() {
        assert_eq!(
            OrgNumber::parse("202100-5449"),
            Err(OrgNumberError::CheckDigit("202100-5449".into()))
        );
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in [
            "",
            "20210-05448",
            "2021005448x",
            "202100-544",
            "2021-005448",
            "202100 5448",
            "20210054488",
            "２02100-5448",
            "202100+5448",
            "../../etc",
            "2021005-448",
        ] {
            assert_eq!(
                OrgNumber::parse(bad),
                Err(OrgNumberError::Format(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn completes_nine_digits_with_a_valid_check_digit() {
        let number = OrgNumber::from_first_nine([2, 0, 2, 1, 0, 0, 5, 4, 4]).unwrap();
        assert_eq!(number.to_string(), "202100-5448");
        assert!(OrgNumber::from_first_nine([10, 0, 0, 0, 0, 0, 0, 0, 0]).is_none());
    }

    #[test]
    fn serialises_with_the_hyphen() {
        let number: OrgNumber = serde_json::from_str("\"2021005448\"").unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), "\"202100-5448\"");
        assert!(serde_json::from_str::<OrgNumber>("\"2021005449\"").is_err());
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            #[test]
            fn parsing_never_panics(input in ".*") {
                let _ = OrgNumber::parse(&input);
            }

            #[test]
            fn parsing_never_panics_on_near_misses(input in "[0-9]{5,7}[-+ ]?[0-9]{3,5}") {
                if let Ok(number) = OrgNumber::parse(&input) {
                    prop_assert_eq!(OrgNumber::parse(&number.to_string()), Ok(number));
                }
            }

            #[test]
            fn nine_digits_and_their_luhn_digit_parse_and_round_trip(
                first_nine in proptest::array::uniform9(0u8..=9),
            ) {
                let check = luhn_check_digit(&first_nine);
                let digits: String = first_nine
                    .iter()
                    .chain([&check])
                    .map(|d| char::from(b'0' + d))
                    .collect();
                let hyphenated = format!("{}-{}", &digits[..6], &digits[6..]);
                let number = OrgNumber::parse(&digits).unwrap();
                prop_assert_eq!(OrgNumber::parse(&hyphenated), Ok(number));
                prop_assert_eq!(number.to_string(), hyphenated.clone());
                prop_assert_eq!(OrgNumber::parse(&number.to_string()), Ok(number));
                prop_assert_eq!(OrgNumber::from_first_nine(first_nine), Some(number));
            }

            #[test]
            fn any_other_check_digit_is_refused(
                first_nine in proptest::array::uniform9(0u8..=9),
                offset in 1u8..=9,
            ) {
                let wrong = (luhn_check_digit(&first_nine) + offset) % 10;
                let digits: String = first_nine
                    .iter()
                    .chain([&wrong])
                    .map(|d| char::from(b'0' + d))
                    .collect();
                let hyphenated = format!("{}-{}", &digits[..6], &digits[6..]);
                prop_assert_eq!(
                    OrgNumber::parse(&digits),
                    Err(OrgNumberError::CheckDigit(digits.clone()))
                );
                prop_assert_eq!(
                    OrgNumber::parse(&hyphenated),
                    Err(OrgNumberError::CheckDigit(hyphenated.clone()))
                );
            }
        }
    }
}
