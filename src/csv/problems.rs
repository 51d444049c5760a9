//! The problems of one import file, bounded: a file of a million bad lines gets an answer of
//! a thousand lines and a count, not an answer as large as the file.

use serde::{Deserialize, Serialize};

use super::LineProblem;

/// At most this many problems are kept; the rest are only counted.
pub const MAX_PROBLEMS: usize = 1_000;

/// The first [`MAX_PROBLEMS`] problems found, and how many more there were.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineProblems {
    listed: Vec<LineProblem>,
    more: usize,
}

impl LineProblems {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `problem` while there is room, else counts it.
    pub fn push(&mut self, problem: LineProblem) {
        if self.listed.len() < MAX_PROBLEMS {
            self.listed.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The problems kept, in the order found (or by line after [`Self::sort_by_line`]).
    pub fn iter(&self) -> std::slice::Iter<'_, LineProblem> {
        self.listed.iter()
    }

    /// How many problems were found beyond those kept.
    pub fn more(&self) -> usize {
        self.more
    }

    pub fn sort_by_line(&mut self) {
        self.listed.sort_by_key(|p| p.line);
    }
}

impl From<LineProblem> for LineProblems {
    fn from(problem: LineProblem) -> Self {
        Self {
            listed: vec![problem],
            more: 0,
        }
    }
}

impl IntoIterator for LineProblems {
    type Item = LineProblem;
    type IntoIter = std::vec::IntoIter<LineProblem>;

    fn into_iter(self) -> Self::IntoIter {
        self.listed.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::ImportProblem;

    fn problem(line: usize) -> LineProblem {
        LineProblem::new(line, "", ImportProblem::Header)
    }

    #[test]
    fn the_first_thousand_are_kept_and_the_rest_counted() {
        let mut problems = LineProblems::new();
        assert!(problems.is_empty());
        for line in (1..=MAX_PROBLEMS + 250).rev() {
            problems.push(problem(line));
        }
        problems.sort_by_line();
        assert_eq!(problems.iter().len(), MAX_PROBLEMS);
        assert_eq!(problems.more(), 250);
        assert_eq!(problems.iter().next().map(|p| p.line), Some(251));
        assert_eq!(LineProblems::from(problem(7)).into_iter().count(), 1);
    }
}
