//! Reading CSV text: RFC 4180 quoting, CRLF or LF, a byte-order mark, bounded in size.

use super::CsvFormat;

/// A record is never wider than this; a million columns is an attack, not a report.
const MAX_FIELDS: usize = 32;
/// Nor is one field longer than this many bytes (a lessons text is at most 10,000 characters,
/// of at most four bytes each).
const MAX_FIELD_BYTES: usize = 40_000;

/// One record and the line it starts on (1 is the header).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("line {line} is not valid UTF-8 text")]
    NotUtf8 { line: usize },
    #[error("line {line}: a quoted field is never closed")]
    UnclosedQuote { line: usize },
    #[error("line {line}: text after a closing quote")]
    TextAfterQuote { line: usize },
    #[error("line {line} has more than {MAX_FIELDS} fields")]
    TooManyFields { line: usize },
    #[error("line {line} has a field longer than {MAX_FIELD_BYTES} bytes")]
    FieldTooLong { line: usize },
}

/// The records of `bytes`, and the format its header line shows (a semicolon means Excel's
/// Swedish format). Blank lines are skipped.
pub fn read_records(bytes: &[u8]) -> Result<(CsvFormat, Vec<Record>), ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().ok_or(ReadError::Empty)?;
    let format = if header.contains(';') {
        CsvFormat::ExcelSv
    } else {
        CsvFormat::Standard
    };
    let records = parse(text, format.delimiter())?;
    if records.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok((format, records))
}

fn parse(text: &str, delimiter: char) -> Result<Vec<Record>, ReadError> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut start_line) = (1, 1);
    let mut quoted = false;
    let mut was_quoted = false;
    let push_field = |fields: &mut Vec<String>, field: &mut String, line: usize| {
        if fields.len() >= MAX_FIELDS {
            return Err(ReadError::TooManyFields { line });
        }
        fields.push(std::mem::take(field));
        Ok(())
    };
    while let Some(c) = chars.next() {
        if field.len() > MAX_FIELD_BYTES {
            return Err(ReadError::FieldTooLong { line: start_line });
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            c if c == delimiter => {
                push_field(&mut fields, &mut field, start_line)?;
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                push_field(&mut fields, &mut field, start_line)?;
                if !(fields.len() == 1 && fields[0].is_empty() && !was_quoted) {
                    records.push(Record {
                        line: start_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                was_quoted = false;
                line += 1;
                start_line = line;
            }
            _ if was_quoted => return Err(ReadError::TextAfterQuote { line }),
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(ReadError::UnclosedQuote { line: start_line });
    }
    if !field.is_empty() || !fields.is_empty() || was_quoted {
        push_field(&mut fields, &mut field, start_line)?;
        records.push(Record {
            line: start_line,
            fields,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(records: &[Record]) -> Vec<Vec<&str>> {
        records
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn reads_quoted_fields_crlf_and_a_final_line_without_newline() {
        let (format, records) =
            read_records(b"a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",3").unwrap();
        assert_eq!(format, CsvFormat::Standard);
        assert_eq!(
            fields(&records),
            [
                vec!["a", "b"],
                vec!["x, y", "say \"hi\""],
                vec!["two\nlines", "3"]
            ]
        );
        assert_eq!(
            records.iter().map(|r| r.line).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn a_semicolon_header_means_excel_and_the_bom_is_dropped() {
        let (format, records) = read_records("\u{feff}a;b\r\n1,5;x\r\n\r\n".as_bytes()).unwrap();
        assert_eq!(format, CsvFormat::ExcelSv);
        assert_eq!(fields(&records), [vec!["a", "b"], vec!["1,5", "x"]]);
    }

    #[test]
    fn broken_files_are_refused_with_the_line() {
        assert_eq!(read_records(b""), Err(ReadError::Empty));
        assert_eq!(
            read_records(b"a,b\n1,2\n\xff\xfe,3\n"),
            Err(ReadError::NotUtf8 { line: 3 })
        );
        assert_eq!(
            read_records(b"a\n\"open\n"),
            Err(ReadError::UnclosedQuote { line: 2 })
        );
        assert_eq!(
            read_records(b"a\n\"x\"y\n"),
            Err(ReadError::TextAfterQuote { line: 2 })
        );
        let wide = format!("a\n{}\n", ",".repeat(1_000_000));
        assert_eq!(
            read_records(wide.as_bytes()),
            Err(ReadError::TooManyFields { line: 2 })
        );
        let long = format!("a\n{}\n", "x".repeat(100_000));
        assert_eq!(
            read_records(long.as_bytes()),
            Err(ReadError::FieldTooLong { line: 2 })
        );
    }
}
