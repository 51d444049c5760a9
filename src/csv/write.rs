//! Writing CSV rows, quoted where needed and safe to open in a spreadsheet.

use std::fmt::Write as _;

use super::CsvFormat;

/// Writes rows in one format into a growing buffer; take the text out with [`CsvWriter::take`]
/// as often as you like, so a long export never holds more than a chunk.
pub struct CsvWriter {
    format: CsvFormat,
    buffer: String,
}

/// One cell: text (quoted as needed, and neutralised against formulas) or a number.
pub enum Cell<'a> {
    Text(&'a str),
    Number(f64),
}

impl CsvWriter {
    /// A writer that starts with the byte-order mark where the format wants one.
    pub fn new(format: CsvFormat) -> Self {
        let buffer = match format {
            CsvFormat::ExcelSv => "\u{feff}".to_owned(),
            CsvFormat::Standard => String::new(),
        };
        Self { format, buffer }
    }

    pub fn row(&mut self, cells: &[Cell]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.buffer.push(self.format.delimiter());
            }
            match cell {
                Cell::Text(text) => self.text(text),
                Cell::Number(number) => self.number(*number),
            }
        }
        self.buffer.push_str("\r\n");
    }

    /// The header line: plain names, never neutralised.
    pub fn header(&mut self, names: &[&str]) {
        let delimiter = self.format.delimiter().to_string();
        self.buffer.push_str(&names.join(&delimiter));
        self.buffer.push_str("\r\n");
    }

    /// What has been written since the last take.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.buffer)
    }

    fn text(&mut self, text: &str) {
        let text = neutralise(text);
        let needs_quotes = text.contains(self.format.delimiter())
            || text.contains(['"', '\r', '\n'])
            || text.starts_with(' ')
            || text.ends_with(' ');
        if needs_quotes {
            self.buffer.push('"');
            self.buffer.push_str(&text.replace('"', "\"\""));
            self.buffer.push('"');
        } else {
            self.buffer.push_str(&text);
        }
    }

    fn number(&mut self, number: f64) {
        let start = self.buffer.len();
        write!(self.buffer, "{number}").expect("writing to a String cannot fail");
        if self.format == CsvFormat::ExcelSv
            && let Some(point) = self.buffer[start..].find('.')
        {
            self.buffer
                .replace_range(start + point..start + point + 1, ",");
        }
    }
}

/// A text cell that a spreadsheet would run as a formula gets a leading apostrophe, so it shows
/// as the text it is: one that starts with `=`, `+`, `-` or `@`, or their full-width forms
/// `＝ ＋ － ＠` (which spreadsheets read as the same), also after leading white space
/// (which they skip), or with a tab or carriage return.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    const FORMULA_STARTS: [char; 8] = [
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ];
    // Most cells start with a letter or a digit, which the first byte tells: exports write
    // millions of cells.
    let risky = text
        .as_bytes()
        .first()
        .is_some_and(|b| !b.is_ascii_alphanumeric())
        && (text.starts_with(['\t', '\r']) || text.trim_start().starts_with(FORMULA_STARTS));
    if risky {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(format: CsvFormat, rows: &[&[Cell]]) -> String {
        let mut writer = CsvWriter::new(format);
        writer.header(&["a", "b", "c"]);
        for row in rows {
            writer.row(row);
        }
        writer.take()
    }

    #[test]
    fn standard_csv_quotes_only_what_needs_it() {
        let text = written(
            CsvFormat::Standard,
            &[
                &[
                    Cell::Text("Malmö stad"),
                    Cell::Number(74.5),
                    Cell::Text("a, b"),
                ],
                &[
                    Cell::Text("say \"hi\""),
                    Cell::Number(-3.0),
                    Cell::Text("two\nlines"),
                ],
            ],
        );
        assert_eq!(
            text,
            "a,b,c\r\nMalmö stad,74.5,\"a, b\"\r\n\"say \"\"hi\"\"\",-3,\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn excel_sv_has_a_bom_semicolons_and_decimal_commas() {
        let text = written(
            CsvFormat::ExcelSv,
            &[&[
                Cell::Text("Umeå; kommun"),
                Cell::Number(74.5),
                Cell::Text("x"),
            ]],
        );
        assert_eq!(text, "\u{feff}a;b;c\r\n\"Umeå; kommun\";74,5;x\r\n");
    }

    #[test]
    fn formulas_in_text_cells_are_neutralised_but_numbers_are_not() {
        for formula in ["=1+1", "+46 70", "-2", "@SUM(A1)", "\tx"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        assert_eq!(neutralise("Skatteverket"), "Skatteverket");
        let text = written(
            CsvFormat::Standard,
            &[&[
                Cell::Text("=HYPERLINK(\"x\")"),
                Cell::Number(-1.5),
                Cell::Text("ok"),
            ]],
        );
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\")\",-1.5,ok"),
            "{text}"
        );
    }

    #[test]
    fn full_width_formula_signs_and_leading_spaces_are_neutralised_too() {
        for formula in [
            "\u{ff1d}1+1",
            "\u{ff0b}46 70",
            "\u{ff0d}2",
            "\u{ff20}SUM(A1)",
            " =1+1",
            "   +46",
            " \u{ff1d}HYPERLINK(\"x\")",
            "\u{3000}=1",
            "\n-2",
        ] {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula:?}");
        }
        for text in ["Umeå kommun", " Umeå", "a = b", "1-2", "\u{ff21}"] {
            assert_eq!(neutralise(text), text, "{text:?}");
        }
    }
}
