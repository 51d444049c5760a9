//! One page of a long list: which page, how many rows on it, and the rows with their total.

use serde::{Deserialize, Serialize};

/// Rows on a page when the reader does not say.
pub const DEFAULT_PER_PAGE: u32 = 50;
/// The most rows a page holds: a page is read whole into memory and sent in one answer.
pub const MAX_PER_PAGE: u32 = 500;

/// A page of a list, counted from 1, with between 1 and [`MAX_PER_PAGE`] rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "(u32, u32)", into = "(u32, u32)")]
pub struct Page {
    number: u32,
    per_page: u32,
}

/// What is wrong with a requested page, by the query parameter that asked for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("{0:?} is not a page: write a whole number from 1")]
    Number(String),
    #[error("{0:?} is not a page size: write a whole number from 1 to {MAX_PER_PAGE}")]
    PerPage(String),
}

impl PageError {
    /// The query parameter at fault.
    pub fn field(&self) -> &'static str {
        match self {
            PageError::Number(_) => "page",
            PageError::PerPage(_) => "per_page",
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Self {
            number: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl Page {
    /// Reads `page` and `per_page` as a query string gives them; missing or empty means the
    /// default (the first page, [`DEFAULT_PER_PAGE`] rows). Every problem is listed.
    pub fn parse(number: Option<&str>, per_page: Option<&str>) -> Result<Self, Vec<PageError>> {
        let number = given(number).map_or(Ok(1), |text| {
            text.parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| PageError::Number(text.to_owned()))
        });
        let per_page = given(per_page).map_or(Ok(DEFAULT_PER_PAGE), |text| {
            text.parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                .ok_or_else(|| PageError::PerPage(text.to_owned()))
        });
        match (number, per_page) {
            (Ok(number), Ok(per_page)) => Ok(Self { number, per_page }),
            (number, per_page) => Err([number.err(), per_page.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    /// Counted from 1.
    pub fn number(self) -> u32 {
        self.number
    }

    pub fn per_page(self) -> u32 {
        self.per_page
    }

    /// How many rows come before this page.
    pub fn offset(self) -> u64 {
        u64::from(self.number - 1) * u64::from(self.per_page)
    }

    /// How many pages `total` rows fill; at least one, so that an empty list has a first page.
    pub fn count(self, total: u64) -> u64 {
        total.div_ceil(u64::from(self.per_page)).max(1)
    }

    /// The page before this one, if any.
    pub fn previous(self) -> Option<Self> {
        (self.number > 1).then(|| Self {
            number: self.number - 1,
            ..self
        })
    }

    /// The page after this one, if `total` rows reach it.
    pub fn next(self, total: u64) -> Option<Self> {
        (u64::from(self.number) < self.count(total)).then(|| Self {
            number: self.number + 1,
            ..self
        })
    }
}

/// A query parameter as given: missing, empty and blank all mean not given.
pub(crate) fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

impl TryFrom<(u32, u32)> for Page {
    type Error = PageError;

    fn try_from((number, per_page): (u32, u32)) -> Result<Self, Self::Error> {
        if number == 0 {
            return Err(PageError::Number(number.to_string()));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(PageError::PerPage(per_page.to_string()));
        }
        Ok(Self { number, per_page })
    }
}

impl From<Page> for (u32, u32) {
    fn from(page: Page) -> Self {
        (page.number, page.per_page)
    }
}

/// The rows of one page of a list, and how many rows the whole list has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub total: u64,
    pub page: Page,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_empty_parameters_mean_the_first_page_of_the_default_size() {
        for (number, per_page) in [(None, None), (Some(""), Some(" "))] {
            let page = Page::parse(number, per_page).unwrap();
            assert_eq!((page.number(), page.per_page()), (1, DEFAULT_PER_PAGE));
            assert_eq!(page.offset(), 0);
        }
        let page = Page::parse(Some("3"), Some("20")).unwrap();
        assert_eq!((page.number(), page.per_page(), page.offset()), (3, 20, 40));
        assert_eq!(
            Page::parse(None, Some("500")).unwrap().per_page(),
            MAX_PER_PAGE
        );
    }

    #[test]
    fn pages_out_of_bounds_are_refused_naming_each_field() {
        let fields = |n: Option<&str>, p: Option<&str>| {
            Page::parse(n, p)
                .unwrap_err()
                .iter()
                .map(PageError::field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(Some("0"), None), ["page"]);
        assert_eq!(fields(Some("-1"), None), ["page"]);
        assert_eq!(fields(Some("1.5"), None), ["page"]);
        assert_eq!(fields(Some("99999999999"), None), ["page"]);
        assert_eq!(fields(None, Some("0")), ["per_page"]);
        assert_eq!(fields(None, Some("501")), ["per_page"]);
        assert_eq!(fields(Some("x"), Some("all")), ["page", "per_page"]);
    }

    #[test]
    fn neighbours_and_counts_follow_the_total() {
        let page = Page::parse(Some("2"), Some("10")).unwrap();
        assert_eq!(page.count(0), 1);
        assert_eq!(page.count(25), 3);
        assert_eq!(page.previous().map(Page::number), Some(1));
        assert_eq!(page.next(25).map(Page::number), Some(3));
        assert_eq!(page.next(20), None);
        assert_eq!(Page::default().previous(), None);
    }

    #[test]
    fn a_page_read_back_is_checked_again() {
        assert!(Page::try_from((0, 10)).is_err());
        assert!(Page::try_from((1, MAX_PER_PAGE + 1)).is_err());
        assert_eq!(
            Page::try_from((2, 10)).ok(),
            Page::parse(Some("2"), Some("10")).ok()
        );
        assert!(Page::try_from((2, 10)).is_ok());
    }
}
