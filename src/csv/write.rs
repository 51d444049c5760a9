//! Writing CSV rows through the `csv` crate, in either format, safe to open in a spreadsheet.

use std::fmt::Write as _;

use csv::{QuoteStyle, Terminator, WriterBuilder};

use super::CsvFormat;

/// Writes rows in one format into a growing buffer; take the bytes out with [`CsvWriter::take`]
/// as often as you like, so a long export never holds more than a chunk.
pub struct CsvWriter {
    format: CsvFormat,
    csv: csv::Writer<Vec<u8>>,
    /// Reused for every number, so a million-row export formats without allocating.
    number: String,
}

/// One cell: text (quoted as needed, and neutralised against formulas) or a number.
pub enum Cell<'a> {
    Text(&'a str),
    Number(f64),
}

impl CsvWriter {
    /// A writer that starts with the byte-order mark where the format wants one.
    pub fn new(format: CsvFormat) -> Self {
        let bom = match format {
            CsvFormat::ExcelSv => "\u{feff}".as_bytes().to_vec(),
            CsvFormat::Standard => Vec::new(),
        };
        Self {
            format,
            csv: dialect_writer(format, bom),
            number: String::new(),
        }
    }

    pub fn row(&mut self, cells: &[Cell]) {
        for cell in cells {
            match cell {
                Cell::Text(text) => in_memory(self.csv.write_field(neutralise(text).as_bytes())),
                Cell::Number(number) => {
                    self.number.clear();
                    write!(self.number, "{number}").expect("writing to a String cannot fail");
                    if self.format == CsvFormat::ExcelSv
                        && let Some(point) = self.number.find('.')
                    {
                        self.number.replace_range(point..point + 1, ",");
                    }
                    in_memory(self.csv.write_field(&self.number));
                }
            }
        }
        in_memory(self.csv.write_record(None::<&[u8]>));
    }

    /// The header line: plain names, never neutralised.
    pub fn header(&mut self, names: &[&str]) {
        in_memory(self.csv.write_record(names));
    }

    /// What has been written since the last take.
    pub fn take(&mut self) -> Vec<u8> {
        // The `csv` writer hands out what it wrote only by giving itself up: a new one, into an
        // empty buffer, goes on where it stopped (between rows, so no state is lost).
        let full = std::mem::replace(&mut self.csv, dialect_writer(self.format, Vec::new()));
        in_memory(full.into_inner().map_err(|e| e.into_error()))
    }
}

/// A `csv` writer in the format's dialect, appending to `buffer`.
fn dialect_writer(format: CsvFormat, buffer: Vec<u8>) -> csv::Writer<Vec<u8>> {
    WriterBuilder::new()
        .delimiter(format.delimiter() as u8)
        .terminator(Terminator::CRLF)
        .quote_style(QuoteStyle::Necessary)
        // The rows' lengths are the callers' fixed lists; checking them here could only turn a
        // caller's mistake into a panic.
        .flexible(true)
        .from_writer(buffer)
}

/// The `csv` crate's errors while writing are its writer's I/O errors, and a `Vec` has none.
fn in_memory<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|error| panic!("writing CSV into memory cannot fail: {error}"))
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
        String::from_utf8(writer.take()).unwrap()
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
