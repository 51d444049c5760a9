//! Reading CSV records as they stream in, with the `csv` crate: RFC 4180 quoting, CRLF or LF,
//! a byte-order mark. Every record is bounded, so no input makes the reader hold more than one
//! bounded record, whatever its size.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use super::CsvFormat;

/// A record is never wider than this; a million columns is an attack, not a report.
const MAX_FIELDS: usize = 32;
/// Nor is one field longer than this many bytes (a lessons text is at most 10,000 characters,
/// of at most four bytes each).
const MAX_FIELD_BYTES: usize = 40_000;
/// Nor is a record longer than this as written: the longest lessons with every character a
/// doubled quote, and room for the other fields. The reader stops before it holds more.
const MAX_RECORD_BYTES: u64 = 128 * 1024;
/// What the reader takes from its input at a time.
const BUFFER_BYTES: usize = 64 * 1024;
/// How far the input may run ahead of the end of the last whole record: one longest record
/// and what the two buffers (ours and the `csv` reader's) and a byte-order mark hold besides.
const AHEAD_BYTES: u64 = MAX_RECORD_BYTES + 2 * BUFFER_BYTES as u64 + 3;

const BOM: &[u8] = b"\xef\xbb\xbf";

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
    #[error("line {line} has more than {MAX_FIELDS} fields")]
    TooManyFields { line: usize },
    #[error("line {line} has a field longer than {MAX_FIELD_BYTES} bytes")]
    FieldTooLong { line: usize },
    #[error(
        "line {line} is longer than {MAX_RECORD_BYTES} bytes: more fields, or longer ones, than a row can have"
    )]
    RecordTooLong { line: usize },
    #[error("line {line}: the file broke off and cannot be read to its end")]
    BrokenOff { line: usize },
}

impl ReadError {
    /// The line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            Self::Empty => 1,
            Self::NotUtf8 { line }
            | Self::TooManyFields { line }
            | Self::FieldTooLong { line }
            | Self::RecordTooLong { line }
            | Self::BrokenOff { line } => *line,
        }
    }
}

/// The records of a CSV input, one at a time, in the format its header line shows (a
/// semicolon means Excel's Swedish format). Blank lines are skipped.
pub struct Records<R: Read> {
    format: CsvFormat,
    reader: csv::Reader<Input<R>>,
    record: csv::ByteRecord,
    /// Where the input must stop: [`AHEAD_BYTES`] after the last whole record.
    stop_at: Rc<Cell<u64>>,
    any: bool,
}

/// The header line, read to decide the format, then the rest of the input.
type Input<R> = io::Chain<io::Cursor<Vec<u8>>, BufReader<Bounded<R>>>;

/// Starts reading `input`: its header line decides the format.
pub fn read_records<R: Read>(input: R) -> Result<Records<R>, ReadError> {
    let stop_at = Rc::new(Cell::new(AHEAD_BYTES));
    let bounded = Bounded {
        inner: input,
        read: 0,
        stop_at: stop_at.clone(),
    };
    let mut input = BufReader::with_capacity(BUFFER_BYTES, bounded);
    let mut header = Vec::new();
    (&mut input)
        .take(MAX_RECORD_BYTES)
        .read_until(b'\n', &mut header)
        .map_err(|e| broken(&e, 1))?;
    if header.starts_with(BOM) {
        header.drain(..BOM.len());
    }
    let format = if header.contains(&b';') {
        CsvFormat::ExcelSv
    } else {
        CsvFormat::Standard
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(format.delimiter() as u8)
        // Only `\n` ends a line, as it does for the line numbers; the `\r` of CRLF is trimmed
        // with the rest of a field's white space.
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(io::Cursor::new(header).chain(input));
    Ok(Records {
        format,
        reader,
        record: csv::ByteRecord::new(),
        stop_at,
        any: false,
    })
}

impl<R: Read> Records<R> {
    pub fn format(&self) -> CsvFormat {
        self.format
    }

    /// The next record; none at the end. The first record is the header.
    pub fn next_record(&mut self) -> Result<Option<Record>, ReadError> {
        loop {
            let line = usize::try_from(self.reader.position().line()).unwrap_or(usize::MAX);
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| match e.into_kind() {
                    csv::ErrorKind::Io(e) => broken(&e, line),
                    _ => ReadError::BrokenOff { line },
                })?;
            if !more {
                return if self.any {
                    Ok(None)
                } else {
                    Err(ReadError::Empty)
                };
            }
            self.stop_at
                .set(self.reader.position().byte().saturating_add(AHEAD_BYTES));
            let line = self
                .record
                .position()
                .map_or(line, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
            // With `\n` alone ending a line, a CRLF line ends its last field with `\r`.
            let last = self.record.len().saturating_sub(1);
            let strip_cr = |i: usize, field: &'_ [u8]| -> usize {
                if i == last && field.ends_with(b"\r") {
                    field.len() - 1
                } else {
                    field.len()
                }
            };
            if self.record.len() == 1 && strip_cr(0, &self.record[0]) == 0 {
                continue;
            }
            if self.record.len() > MAX_FIELDS {
                return Err(ReadError::TooManyFields { line });
            }
            let fields = self
                .record
                .iter()
                .enumerate()
                .map(|(i, field)| {
                    let field = &field[..strip_cr(i, field)];
                    if field.len() > MAX_FIELD_BYTES {
                        return Err(ReadError::FieldTooLong { line });
                    }
                    std::str::from_utf8(field)
                        .map(str::to_owned)
                        .map_err(|_| ReadError::NotUtf8 { line })
                })
                .collect::<Result<Vec<_>, _>>()?;
            self.any = true;
            return Ok(Some(Record { line, fields }));
        }
    }
}

/// The input, refusing to be read further than its reader allows.
struct Bounded<R> {
    inner: R,
    read: u64,
    stop_at: Rc<Cell<u64>>,
}

/// What [`Bounded`] answers beyond its end.
#[derive(Debug, thiserror::Error)]
#[error("a record is too long")]
struct TooLong;

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.read > self.stop_at.get() {
            return Err(io::Error::other(TooLong));
        }
        let n = self.inner.read(buffer)?;
        self.read += n as u64;
        Ok(n)
    }
}

fn broken(error: &io::Error, line: usize) -> ReadError {
    if error.get_ref().is_some_and(|e| e.is::<TooLong>()) {
        ReadError::RecordTooLong { line }
    } else {
        ReadError::BrokenOff { line }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Result<(CsvFormat, Vec<Record>), ReadError> {
        let mut records = read_records(bytes)?;
        let mut all = Vec::new();
        while let Some(record) = records.next_record()? {
            all.push(record);
        }
        Ok((records.format(), all))
    }

    fn fields(records: &[Record]) -> Vec<Vec<&str>> {
        records
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn reads_quoted_fields_crlf_and_a_final_line_without_newline() {
        let (format, records) =
            read_all(b"a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",3").unwrap();
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
        let (format, records) = read_all("\u{feff}a;b\n1,5;x\r\n\r\n\n".as_bytes()).unwrap();
        assert_eq!(format, CsvFormat::ExcelSv);
        assert_eq!(fields(&records), [vec!["a", "b"], vec!["1,5", "x"]]);
    }

    #[test]
    fn broken_files_are_refused_with_the_line() {
        assert_eq!(read_all(b"").err(), Some(ReadError::Empty));
        assert_eq!(read_all(b"\r\n\n").err(), Some(ReadError::Empty));
        assert_eq!(
            read_all(b"a,b\n1,2\n\xff\xfe,3\n").err(),
            Some(ReadError::NotUtf8 { line: 3 })
        );
        let wide = format!("a\n{}\n", ",".repeat(40));
        assert_eq!(
            read_all(wide.as_bytes()).err(),
            Some(ReadError::TooManyFields { line: 2 })
        );
        let long = format!("a\n{}\n", "x".repeat(100_000));
        assert_eq!(
            read_all(long.as_bytes()).err(),
            Some(ReadError::FieldTooLong { line: 2 })
        );
    }

    /// A record of a million fields, or of one endless field, is refused after at most
    /// [`AHEAD_BYTES`] of it have been read: the reader never holds the rest.
    #[test]
    fn an_endless_record_is_refused_without_reading_it_all() {
        for endless in [b',', b'9', b'"'] {
            let mut input = b"a\n".to_vec();
            input.extend(std::iter::repeat_n(endless, 10_000_000));
            let mut taken = 0;
            let counting = io::Read::take(&input[..], u64::MAX);
            let mut records = read_records(Counting(counting, &mut taken)).unwrap();
            assert!(records.next_record().unwrap().is_some());
            assert_eq!(
                records.next_record().err(),
                Some(ReadError::RecordTooLong { line: 2 })
            );
            drop(records);
            assert!(taken <= AHEAD_BYTES as usize + BUFFER_BYTES, "{taken}");
        }
    }

    struct Counting<'a, R>(R, &'a mut usize);

    impl<R: Read> Read for Counting<'_, R> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let n = self.0.read(buffer)?;
            *self.1 += n;
            Ok(n)
        }
    }
}
