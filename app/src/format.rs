//! Numbers as each language writes them.

use crate::i18n::Lang;

/// A figure for reading: whole numbers for counts, otherwise one decimal unless it rounds to a
/// whole number; Swedish with a decimal comma and a space between thousands, English with a
/// point and a comma.
pub fn number(lang: Lang, value: f64, integer: bool) -> String {
    let plain = format!("{:.*}", if integer { 0 } else { 1 }, value.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    // Decided after rounding: 392.97 reads "393", as 393.0 does, not "393,0".
    let fraction = fraction.trim_end_matches('0');
    let (group, point) = match lang {
        Lang::Sv => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    if value < 0.0 && plain.bytes().any(|b| b != b'0' && b != b'.') {
        out.push(if lang == Lang::Sv { '\u{2212}' } else { '-' });
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// A stored figure as it goes back into a form field: exact, and readable by the same parser.
pub fn input_value(lang: Lang, value: f64) -> String {
    let plain = value.to_string();
    match lang {
        Lang::Sv => plain.replace('.', ","),
        Lang::En => plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers_have_a_decimal_comma_and_spaced_thousands() {
        assert_eq!(number(Lang::Sv, 74.5, false), "74,5");
        assert_eq!(number(Lang::Sv, 1234567.75, false), "1\u{a0}234\u{a0}567,8");
        assert_eq!(number(Lang::Sv, 1200.0, true), "1\u{a0}200");
        assert_eq!(number(Lang::Sv, -3.5, false), "\u{2212}3,5");
        assert_eq!(number(Lang::Sv, -0.01, false), "0");
        assert_eq!(number(Lang::Sv, 392.97, false), "393");
        assert_eq!(number(Lang::Sv, 393.04, false), "393");
        assert_eq!(number(Lang::Sv, 393.06, false), "393,1");
    }

    #[test]
    fn english_numbers_have_a_point_and_comma_thousands() {
        assert_eq!(number(Lang::En, 74.5, false), "74.5");
        assert_eq!(number(Lang::En, 1234567.0, true), "1,234,567");
        assert_eq!(number(Lang::En, -100.0, false), "-100");
    }

    #[test]
    fn form_values_survive_the_parser() {
        for value in [74.5, 0.1, 1234.125, -3.0, 100.0] {
            for lang in [Lang::Sv, Lang::En] {
                assert_eq!(effekt::parse_number(&input_value(lang, value)), Ok(value));
            }
        }
    }
}
