//! Checking an import file as a whole: every problem by line and column, or a plan to store.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;

use serde::{Deserialize, Serialize};

use super::read::{Record, Records, read_records};
use super::{CsvFormat, LineProblems};
use crate::{
    Catalogue, Entry, MAX_LESSONS_CHARS, OrgNumber, Period, ReportUpdate, SeriesKey, SizeError,
    ValueProblem, parse_number,
};

const COLUMNS: [&str; 4] = ["organisation_number", "period", "series", "value"];
const LESSONS: &str = "lessons";

/// What is wrong on one line of an import file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportProblem {
    Unreadable(String),
    Header,
    FieldCount {
        expected: usize,
        found: usize,
    },
    OrgNumber,
    Period,
    UnknownSeries,
    MissingValue,
    Value(ValueProblem),
    Duplicate {
        first_line: usize,
    },
    ConflictingLessons {
        first_line: usize,
    },
    LessonsTooLong,
    UnknownOrganisation,
    Locked,
    NotYourOrganisation,
    NotBegun {
        current: Period,
    },
    /// A file of sizes with another header.
    SizesHeader,
    Year,
    /// A size that the organisation cannot have.
    Size(SizeError),
    DuplicateSize {
        first_line: usize,
    },
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(why) => write!(f, "the file cannot be read: {why}"),
            Self::Header => write!(
                f,
                "the header must be organisation_number,period,series,value (and optionally lessons)"
            ),
            Self::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields, found {found}")
            }
            Self::OrgNumber => write!(f, "not an organisation number (NNNNNN-NNNN, Luhn-checked)"),
            Self::Period => write!(f, "not a quarter (YYYYQn or YYYYKn)"),
            Self::UnknownSeries => write!(f, "not a series in the catalogue"),
            Self::MissingValue => write!(f, "the value is missing"),
            Self::Value(problem) => write!(f, "{problem}"),
            Self::Duplicate { first_line } => {
                write!(
                    f,
                    "the same organisation, quarter and series as line {first_line}"
                )
            }
            Self::ConflictingLessons { first_line } => {
                write!(
                    f,
                    "other lessons for the same report than on line {first_line}"
                )
            }
            Self::LessonsTooLong => {
                write!(f, "lessons must be at most {MAX_LESSONS_CHARS} characters")
            }
            Self::UnknownOrganisation => write!(f, "there is no such organisation"),
            Self::Locked => write!(f, "the report is approved and locked"),
            Self::NotYourOrganisation => write!(f, "you may not write this organisation's figures"),
            Self::NotBegun { current } => write!(
                f,
                "the quarter has not begun: figures can be reported up to {current}"
            ),
            Self::SizesHeader => write!(
                f,
                "the header must be organisation_number,year,employees,inhabitants"
            ),
            Self::Year => write!(f, "not a year (YYYY)"),
            Self::Size(problem) => write!(f, "{problem}"),
            Self::DuplicateSize { first_line } => {
                write!(f, "the same organisation and year as line {first_line}")
            }
        }
    }
}

/// A file's records and its header line, read as they stream in; a file that cannot be read
/// up to its header has that as its one problem.
pub(super) fn with_header<R: Read>(input: R) -> Result<(Records<R>, Record), LineProblems> {
    let unreadable = |e: super::read::ReadError| {
        LineProblems::from(LineProblem::new(
            e.line(),
            "",
            ImportProblem::Unreadable(e.to_string()),
        ))
    };
    let mut records = read_records(input).map_err(unreadable)?;
    let header = records
        .next_record()
        .map_err(unreadable)?
        .ok_or_else(LineProblems::new)?;
    Ok((records, header))
}

/// The next record; none at the end, or at a line that cannot be read, which is then among
/// `problems`: the file cannot be read on past it.
pub(super) fn next_readable<R: Read>(
    records: &mut Records<R>,
    problems: &mut LineProblems,
) -> Option<Record> {
    records.next_record().unwrap_or_else(|e| {
        problems.push(LineProblem::new(
            e.line(),
            "",
            ImportProblem::Unreadable(e.to_string()),
        ));
        None
    })
}

/// A problem and where it is; `column` is empty when the whole line is meant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: usize,
    pub column: String,
    pub problem: ImportProblem,
    /// The key of the series the line is about, when it names one in the catalogue: a
    /// problem with a value says which series it was for.
    pub series: Option<String>,
    /// What the problem's column holds, when it is one column's: the reader sees what was
    /// refused, not only why.
    pub given: Option<String>,
}

impl LineProblem {
    /// A problem with the line as a whole or with a column, naming neither series nor value.
    pub fn new(line: usize, column: &str, problem: ImportProblem) -> Self {
        Self {
            line,
            column: column.to_owned(),
            problem,
            series: None,
            given: None,
        }
    }

    /// The same problem, saying which series the line is about and what its column held.
    fn about(self, series: Option<&str>, given: &str) -> Self {
        Self {
            series: series.map(str::to_owned),
            given: Some(given.to_owned()),
            ..self
        }
    }
}

/// What an import would change: a new figure (`old` none) or a changed one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlannedChange {
    pub line: usize,
    pub organisation_number: OrgNumber,
    pub period: Period,
    pub series: String,
    pub old: Option<f64>,
    pub new: f64,
}

/// One checked figure and the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: usize,
    pub organisation: OrgNumber,
    pub period: Period,
    pub series: SeriesKey,
    pub value: f64,
}

/// A whole file, checked against the catalogue: every figure valid, no duplicates.
/// What needs the database (organisations, locks, rights) is checked when it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub format: CsvFormat,
    pub rows: Vec<ImportRow>,
    /// The lessons text per report, and the line it came from.
    pub lessons: BTreeMap<(OrgNumber, Period), (usize, String)>,
}

impl ImportPlan {
    /// Reads and checks `input` as it streams in: only the checked rows are kept, and at most
    /// [`MAX_PROBLEMS`](super::MAX_PROBLEMS) problems (the rest are counted).
    pub fn parse(catalogue: &Catalogue, input: impl Read) -> Result<Self, LineProblems> {
        let problem = LineProblem::new;
        let (mut records, header) = with_header(input)?;
        let format = records.format();
        let names: Vec<&str> = header.fields.iter().map(|f| f.trim()).collect();
        let with_lessons = match names.as_slice() {
            [a, b, c, d] if [*a, *b, *c, *d] == COLUMNS => false,
            [a, b, c, d, e] if [*a, *b, *c, *d] == COLUMNS && *e == LESSONS => true,
            _ => return Err(problem(header.line, "", ImportProblem::Header).into()),
        };
        let expected = if with_lessons { 5 } else { 4 };
        let mut problems = LineProblems::new();
        let mut checked = Vec::new();
        let mut seen: BTreeMap<(OrgNumber, Period, SeriesKey), usize> = BTreeMap::new();
        let mut lessons: BTreeMap<(OrgNumber, Period), (usize, String)> = BTreeMap::new();
        while let Some(record) = next_readable(&mut records, &mut problems) {
            let line = record.line;
            if record.fields.len() != expected {
                problems.push(problem(
                    line,
                    "",
                    ImportProblem::FieldCount {
                        expected,
                        found: record.fields.len(),
                    },
                ));
                continue;
            }
            let field = |i: usize| record.fields[i].trim();
            let organisation = OrgNumber::parse(field(0)).map_err(|_| {
                problem(line, COLUMNS[0], ImportProblem::OrgNumber).about(None, field(0))
            });
            let period = Period::parse(field(1)).map_err(|_| {
                problem(line, COLUMNS[1], ImportProblem::Period).about(None, field(1))
            });
            let series = catalogue.find_series(field(2)).ok_or_else(|| {
                problem(line, COLUMNS[2], ImportProblem::UnknownSeries).about(None, field(2))
            });
            let key = series.as_ref().ok().map(|s| s.key.as_str());
            let value = match (field(3), &series) {
                ("", _) => {
                    Err(problem(line, COLUMNS[3], ImportProblem::MissingValue).about(key, field(3)))
                }
                (text, Ok(series)) => {
                    parse_number(text)
                        .and_then(|n| series.check(n))
                        .map_err(|p| {
                            problem(line, COLUMNS[3], ImportProblem::Value(p)).about(key, text)
                        })
                }
                (text, Err(_)) => parse_number(text).map_err(|p| {
                    problem(line, COLUMNS[3], ImportProblem::Value(p)).about(key, text)
                }),
            };
            let (organisation, period, series, value) = match (organisation, period, series, value)
            {
                (Ok(o), Ok(p), Ok(s), Ok(v)) => (o, p, s.key.clone(), v),
                (o, p, s, v) => {
                    for found in [o.err(), p.err(), s.err(), v.err()].into_iter().flatten() {
                        problems.push(found);
                    }
                    continue;
                }
            };
            if let Some(first_line) = seen.insert((organisation, period, series.clone()), line) {
                problems.push(problem(line, "", ImportProblem::Duplicate { first_line }));
                continue;
            }
            if with_lessons && !field(4).is_empty() {
                let text = field(4).replace("\r\n", "\n");
                if text.chars().count() > MAX_LESSONS_CHARS {
                    problems.push(problem(line, LESSONS, ImportProblem::LessonsTooLong));
                    continue;
                }
                match lessons.get(&(organisation, period)) {
                    Some((first_line, earlier)) if *earlier != text => {
                        problems.push(problem(
                            line,
                            LESSONS,
                            ImportProblem::ConflictingLessons {
                                first_line: *first_line,
                            },
                        ));
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        lessons.insert((organisation, period), (line, text));
                    }
                }
            }
            // A file with problems is refused whole: its rows need not be kept.
            if !problems.is_empty() {
                continue;
            }
            checked.push(ImportRow {
                line,
                organisation,
                period,
                series,
                value,
            });
        }
        if problems.is_empty() {
            Ok(Self {
                format,
                rows: checked,
                lessons,
            })
        } else {
            Err(problems)
        }
    }

    /// The changes per report, as the store applies them.
    pub fn updates(&self, catalogue: &Catalogue) -> Vec<(OrgNumber, Period, ReportUpdate)> {
        let mut by_report: BTreeMap<(OrgNumber, Period), Vec<(String, Entry)>> = BTreeMap::new();
        for row in &self.rows {
            by_report
                .entry((row.organisation, row.period))
                .or_default()
                .push((row.series.to_string(), Entry::Number(row.value)));
        }
        by_report
            .into_iter()
            .filter_map(|((organisation, period), entries)| {
                let lessons = self
                    .lessons
                    .get(&(organisation, period))
                    .map(|(_, text)| text.clone());
                // Every figure was checked already; this cannot fail.
                ReportUpdate::parse(catalogue, entries, lessons)
                    .ok()
                    .map(|update| (organisation, period, update))
            })
            .collect()
    }

    /// The line of the first row for a report, for problems found when storing.
    pub fn first_line(&self, organisation: OrgNumber, period: Period) -> usize {
        self.rows
            .iter()
            .find(|r| r.organisation == organisation && r.period == period)
            .map(|r| r.line)
            .unwrap_or(1)
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    fn problems(text: &str) -> Vec<(usize, String, ImportProblem)> {
        ImportPlan::parse(&catalogue(), text.as_bytes())
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.column, p.problem))
            .collect()
    }

    #[test]
    fn a_good_file_in_either_format_becomes_a_plan() {
        let standard = "organisation_number,period,series,value,lessons\n\
                        2021005448,2025K3,customer_satisfaction,74.5,\"Lärdom, med komma\"\n\
                        202100-5448,2025Q3,ideas_delivered,12,\n";
        let plan = ImportPlan::parse(&catalogue(), standard.as_bytes()).unwrap();
        assert_eq!(plan.format, CsvFormat::Standard);
        assert_eq!(plan.rows.len(), 2);
        assert_eq!(plan.rows[0].value, 74.5);
        assert_eq!(plan.rows[0].period.to_string(), "2025Q3");
        let updates = plan.updates(&catalogue());
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].2.lessons(), Some("Lärdom, med komma"));

        let excel = "\u{feff}organisation_number;period;series;value\r\n202100-5448;2025Q3;customer_satisfaction;74,5\r\n";
        let plan = ImportPlan::parse(&catalogue(), excel.as_bytes()).unwrap();
        assert_eq!(
            (plan.format, plan.rows[0].value),
            (CsvFormat::ExcelSv, 74.5)
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_column() {
        let text = "organisation_number,period,series,value\n\
                    202100-5449,2025Q3,tv_series,1\n\
                    202100-5448,2025Q5,tv_series,1\n\
                    202100-5448,2025Q3,tv,1\n\
                    202100-5448,2025Q3,customer_satisfaction,101\n\
                    202100-5448,2025Q3,ideas_delivered,2.5\n\
                    202100-5448,2025Q3,tv_series,\n\
                    202100-5448,2025Q3,social_mentions,1\n\
                    202100-5448,2025Q3,social_mentions,2\n\
                    202100-5448,2025Q3\n";
        assert_eq!(
            problems(text),
            [
                (2, "organisation_number".into(), ImportProblem::OrgNumber),
                (3, "period".into(), ImportProblem::Period),
                (4, "series".into(), ImportProblem::UnknownSeries),
                (
                    5,
                    "value".into(),
                    ImportProblem::Value(ValueProblem::OutOfRange {
                        min: Some(0.0),
                        max: Some(100.0)
                    })
                ),
                (
                    6,
                    "value".into(),
                    ImportProblem::Value(ValueProblem::NotInteger)
                ),
                (7, "value".into(), ImportProblem::MissingValue),
                (9, "".into(), ImportProblem::Duplicate { first_line: 8 }),
                (
                    10,
                    "".into(),
                    ImportProblem::FieldCount {
                        expected: 4,
                        found: 2
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_problem_with_a_value_names_its_series_and_what_was_given() {
        let text = "organisation_number,period,series,value\n\
                    202100-5448,2025Q3,customer_satisfaction,140\n\
                    202100-5448,2025Q5,tv_series,1\n\
                    202100-5448,2025Q3,tv,1\n";
        let about: Vec<_> = ImportPlan::parse(&catalogue(), text.as_bytes())
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.series, p.given))
            .collect();
        assert_eq!(
            about,
            [
                (2, Some("customer_satisfaction".into()), Some("140".into())),
                (3, None, Some("2025Q5".into())),
                (4, None, Some("tv".into())),
            ]
        );
    }

    #[test]
    fn headers_lessons_and_unreadable_files() {
        assert_eq!(
            problems("org,period,series,value\n"),
            [(1, "".into(), ImportProblem::Header)]
        );
        let conflicting = "organisation_number,period,series,value,lessons\n\
                           202100-5448,2025Q3,tv_series,1,A\n\
                           202100-5448,2025Q3,ideas_delivered,1,B\n";
        assert_eq!(
            problems(conflicting),
            [(
                3,
                "lessons".into(),
                ImportProblem::ConflictingLessons { first_line: 2 }
            )]
        );
        let long = format!(
            "organisation_number,period,series,value,lessons\n202100-5448,2025Q3,tv_series,1,{}\n",
            "x".repeat(MAX_LESSONS_CHARS + 1)
        );
        assert_eq!(
            problems(&long),
            [(2, "lessons".into(), ImportProblem::LessonsTooLong)]
        );
        let not_utf8 = problems_bytes(b"organisation_number,period,series,value\n\xff,1,2,3\n");
        assert!(
            matches!(not_utf8[0], (2, _, ImportProblem::Unreadable(_))),
            "{not_utf8:?}"
        );
    }

    #[test]
    fn a_thousand_problems_are_listed_and_the_rest_counted() {
        let mut text = String::from("organisation_number,period,series,value\n");
        for _ in 0..2_500 {
            text.push_str("202100-5449,2025Q5,tv_series,1\n");
        }
        let problems = ImportPlan::parse(&catalogue(), text.as_bytes()).unwrap_err();
        assert_eq!(problems.iter().len(), crate::csv::MAX_PROBLEMS);
        assert_eq!(problems.more(), 2 * 2_500 - crate::csv::MAX_PROBLEMS);
        assert_eq!(
            problems.iter().last().map(|p| (p.line, p.column.as_str())),
            Some((501, "period"))
        );
    }

    fn problems_bytes(bytes: &[u8]) -> Vec<(usize, String, ImportProblem)> {
        ImportPlan::parse(&catalogue(), bytes)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.column, p.problem))
            .collect()
    }
}
