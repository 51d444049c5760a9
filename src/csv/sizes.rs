//! Checking a file of organisation sizes: `organisation_number,year,employees,inhabitants`.
//! What depends on the organisation (that it exists, and has inhabitants) is checked when it
//! is stored.

use std::collections::BTreeMap;
use std::io::Read;

use super::import::{next_readable, with_header};
use super::{ImportProblem, LineProblem, LineProblems};
use crate::{OrgNumber, SizeYear, parse_number};

pub const SIZE_COLUMNS: [&str; 4] = ["organisation_number", "year", "employees", "inhabitants"];

/// One line's size, its numbers read but not yet checked against the organisation's kind.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeRow {
    pub line: usize,
    pub organisation: OrgNumber,
    pub year: SizeYear,
    pub employees: f64,
    /// Empty in the file: none.
    pub inhabitants: Option<f64>,
}

/// A whole file of sizes, each organisation and year once.
#[derive(Debug, Clone, PartialEq)]
pub struct SizesFile {
    pub rows: Vec<SizeRow>,
}

impl SizesFile {
    /// Reads and checks `input` as it streams in, in either CSV format; every problem by
    /// line and column.
    pub fn parse(input: impl Read) -> Result<Self, LineProblems> {
        let problem = LineProblem::new;
        let (mut records, header) = with_header(input)?;
        let names: Vec<&str> = header.fields.iter().map(|f| f.trim()).collect();
        if names != SIZE_COLUMNS {
            return Err(problem(header.line, "", ImportProblem::SizesHeader).into());
        }
        let mut problems = LineProblems::new();
        let mut rows = Vec::new();
        let mut seen: BTreeMap<(OrgNumber, SizeYear), usize> = BTreeMap::new();
        while let Some(record) = next_readable(&mut records, &mut problems) {
            let line = record.line;
            if record.fields.len() != SIZE_COLUMNS.len() {
                problems.push(problem(
                    line,
                    "",
                    ImportProblem::FieldCount {
                        expected: SIZE_COLUMNS.len(),
                        found: record.fields.len(),
                    },
                ));
                continue;
            }
            let field = |i: usize| record.fields[i].trim();
            let refused = |i: usize, why: ImportProblem| LineProblem {
                given: Some(field(i).to_owned()),
                ..problem(line, SIZE_COLUMNS[i], why)
            };
            let organisation =
                OrgNumber::parse(field(0)).map_err(|_| refused(0, ImportProblem::OrgNumber));
            let year = SizeYear::parse(field(1)).map_err(|_| refused(1, ImportProblem::Year));
            let employees = match field(2) {
                "" => Err(refused(2, ImportProblem::MissingValue)),
                text => parse_number(text).map_err(|p| refused(2, ImportProblem::Value(p))),
            };
            let inhabitants = match field(3) {
                "" => Ok(None),
                text => parse_number(text)
                    .map(Some)
                    .map_err(|p| refused(3, ImportProblem::Value(p))),
            };
            match (organisation, year, employees, inhabitants) {
                (Ok(organisation), Ok(year), Ok(employees), Ok(inhabitants)) => {
                    if let Some(first_line) = seen.insert((organisation, year), line) {
                        problems.push(problem(
                            line,
                            "",
                            ImportProblem::DuplicateSize { first_line },
                        ));
                    } else {
                        rows.push(SizeRow {
                            line,
                            organisation,
                            year,
                            employees,
                            inhabitants,
                        });
                    }
                }
                (o, y, e, i) => {
                    for found in [o.err(), y.err(), e.err(), i.err()].into_iter().flatten() {
                        problems.push(found);
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(Self { rows })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(problems: LineProblems) -> Vec<(usize, String, ImportProblem)> {
        problems
            .into_iter()
            .map(|p| (p.line, p.column, p.problem))
            .collect()
    }

    #[test]
    fn both_formats_are_read_with_empty_inhabitants_as_none() {
        let standard = "organisation_number,year,employees,inhabitants\n\
                        202100-5448,2025,10500,\n\
                        2120000142,2025,\"1 200\",85000\n";
        let file = SizesFile::parse(standard.as_bytes()).unwrap();
        assert_eq!(file.rows.len(), 2);
        assert_eq!(
            (file.rows[0].employees, file.rows[0].inhabitants),
            (10_500.0, None)
        );
        assert_eq!(file.rows[1].organisation.to_string(), "212000-0142");
        assert_eq!(
            (
                file.rows[1].line,
                file.rows[1].employees,
                file.rows[1].inhabitants
            ),
            (3, 1200.0, Some(85_000.0))
        );
        let excel = "\u{feff}organisation_number;year;employees;inhabitants\r\n\
                     212000-0142;2024;1 180;84 500\r\n";
        let file = SizesFile::parse(excel.as_bytes()).unwrap();
        assert_eq!(file.rows[0].inhabitants, Some(84_500.0));
    }

    #[test]
    fn every_bad_line_and_column_is_named() {
        let text = "organisation_number,year,employees,inhabitants\n\
                    202100-5449,25,,x\n\
                    202100-5448,2025,10\n\
                    202100-5448,2025,10,\n\
                    202100-5448,2025,11,\n";
        let problems = columns(SizesFile::parse(text.as_bytes()).unwrap_err());
        assert_eq!(
            problems,
            [
                (2, "organisation_number".into(), ImportProblem::OrgNumber),
                (2, "year".into(), ImportProblem::Year),
                (2, "employees".into(), ImportProblem::MissingValue),
                (
                    2,
                    "inhabitants".into(),
                    ImportProblem::Value(crate::ValueProblem::NotANumber)
                ),
                (
                    3,
                    String::new(),
                    ImportProblem::FieldCount {
                        expected: 4,
                        found: 3
                    }
                ),
                (
                    5,
                    String::new(),
                    ImportProblem::DuplicateSize { first_line: 4 }
                ),
            ]
        );
        let wrong_header = SizesFile::parse("organisation_number,period,series,value\n".as_bytes());
        assert_eq!(
            columns(wrong_header.unwrap_err()),
            [(1, String::new(), ImportProblem::SizesHeader)]
        );
    }
}
