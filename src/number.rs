//! Reading numbers as people type them into forms and spreadsheets.

use crate::ValueProblem;

/// Parses a number written the Swedish or the English way: `74,5` and `74.5`, an optional sign
/// (`-` or the typographic `−`), and spaces as thousands separators (`1 234,5`).
/// Exponents, several decimal separators, `NaN` and infinities are refused.
pub fn parse_number(input: &str) -> Result<f64, ValueProblem> {
    let mut text = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '0'..='9' | '.' => text.push(c),
            ',' => text.push('.'),
            '-' | '\u{2212}' => text.push('-'),
            // Space, no-break space and narrow no-break space group thousands.
            ' ' | '\u{a0}' | '\u{202f}' => {}
            _ => return Err(ValueProblem::NotANumber),
        }
    }
    let sign_ok = !text.get(1..).unwrap_or("").contains('-');
    let one_point = text.matches('.').count() <= 1;
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    if !(sign_ok && one_point && has_digit) {
        return Err(ValueProblem::NotANumber);
    }
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or(ValueProblem::NotANumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_swedish_and_english_notation() {
        assert_eq!(parse_number("74,5"), Ok(74.5));
        assert_eq!(parse_number("74.5"), Ok(74.5));
        assert_eq!(parse_number(" 12 "), Ok(12.0));
        assert_eq!(parse_number("1 234,5"), Ok(1234.5));
        assert_eq!(parse_number("1\u{a0}234"), Ok(1234.0));
        assert_eq!(parse_number("-3,25"), Ok(-3.25));
        assert_eq!(parse_number("\u{2212}3"), Ok(-3.0));
        assert_eq!(parse_number(",5"), Ok(0.5));
    }

    #[test]
    fn refuses_what_is_not_a_plain_number() {
        for bad in [
            "",
            " ",
            "-",
            ",",
            "abc",
            "1,2,3",
            "1.2.3",
            "1e5",
            "NaN",
            "inf",
            "--1",
            "1-",
            "12%",
            "0x10",
            "1;DROP TABLE",
        ] {
            assert_eq!(parse_number(bad), Err(ValueProblem::NotANumber), "{bad:?}");
        }
    }
}
