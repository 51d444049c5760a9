//! Which changes of the whole audit trail an administrator asks to see.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::page::given;
use crate::{Email, EmailError, FieldError, OrgNumber, OrgNumberError, ValueProblem};

/// A choice of changes: made in a time span, by or to one user, to one organisation's data.
/// Every part may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The first moment included, as stored: fixed-width RFC 3339 in UTC.
    from: Option<String>,
    /// The first moment no longer included, as stored.
    until: Option<String>,
    user: Option<Email>,
    organisation: Option<OrgNumber>,
}

/// What is wrong with a requested filter, by the query parameter that gave it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditFilterError {
    #[error("{0:?} is not a date (YYYY-MM-DD) or a time (RFC 3339, such as 2026-05-01T08:00:00Z)")]
    From(String),
    #[error("{0:?} is not a date (YYYY-MM-DD) or a time (RFC 3339, such as 2026-05-01T08:00:00Z)")]
    To(String),
    #[error("the end comes before the start")]
    ToBeforeFrom,
    #[error(transparent)]
    User(EmailError),
    #[error(transparent)]
    Organisation(OrgNumberError),
}

impl AuditFilterError {
    /// The query parameter at fault.
    pub fn field(&self) -> &'static str {
        match self {
            AuditFilterError::From(_) => "from",
            AuditFilterError::To(_) | AuditFilterError::ToBeforeFrom => "to",
            AuditFilterError::User(_) => "user",
            AuditFilterError::Organisation(_) => "organisation",
        }
    }
}

/// The filter's problem for the page to tell, named by its field.
impl From<&AuditFilterError> for FieldError {
    fn from(error: &AuditFilterError) -> Self {
        let problem = match error {
            AuditFilterError::From(_) | AuditFilterError::To(_) => ValueProblem::NotADate,
            AuditFilterError::ToBeforeFrom => ValueProblem::DateOrder,
            AuditFilterError::User(e) => ValueProblem::Email(e.clone()),
            AuditFilterError::Organisation(e) => ValueProblem::OrgNumber(e.clone()),
        };
        FieldError::new(error.field(), problem)
    }
}

impl AuditFilter {
    /// Reads the filter as a query string gives it; missing or empty parts choose everything.
    /// `from` and `to` are each a date (`2026-05-01`, the whole day in UTC, both ends included)
    /// or an RFC 3339 time (`2026-05-01T08:00:00Z`, included). Every problem is listed.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        user: Option<&str>,
        organisation: Option<&str>,
    ) -> Result<Self, Vec<AuditFilterError>> {
        let mut errors = Vec::new();
        let from = given(from).and_then(|text| {
            let at = moment(text, Bound::Start);
            if at.is_none() {
                errors.push(AuditFilterError::From(text.to_owned()));
            }
            at
        });
        let until = given(to).and_then(|text| {
            let at = moment(text, Bound::End);
            if at.is_none() {
                errors.push(AuditFilterError::To(text.to_owned()));
            }
            at
        });
        if let (Some(from), Some(until)) = (from, until)
            && until <= from
        {
            errors.push(AuditFilterError::ToBeforeFrom);
        }
        let user = given(user).and_then(|text| {
            Email::parse(text)
                .map_err(|e| errors.push(AuditFilterError::User(e)))
                .ok()
        });
        let organisation = given(organisation).and_then(|text| {
            OrgNumber::parse(text)
                .map_err(|e| errors.push(AuditFilterError::Organisation(e)))
                .ok()
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            from: from.map(crate::store::timestamp),
            until: until.map(crate::store::timestamp),
            user,
            organisation,
        })
    }

    /// The first moment included, as stored.
    pub fn from(&self) -> Option<&str> {
        self.from.as_deref()
    }

    /// The first moment no longer included, as stored.
    pub fn until(&self) -> Option<&str> {
        self.until.as_deref()
    }

    /// Changes made by this user, or to this user's account.
    pub fn user(&self) -> Option<&Email> {
        self.user.as_ref()
    }

    /// Changes to this organisation's data.
    pub fn organisation(&self) -> Option<OrgNumber> {
        self.organisation
    }
}

/// Which end of the span a moment bounds.
#[derive(Clone, Copy)]
enum Bound {
    Start,
    End,
}

/// A date or a time as a bound: a start includes from that moment; an end includes up to it,
/// so it becomes the first moment after (the next day, or the next microsecond, the stored
/// precision).
fn moment(text: &str, bound: Bound) -> Option<OffsetDateTime> {
    if let Ok(date) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
        let start = date.with_time(Time::MIDNIGHT).assume_utc();
        return match bound {
            Bound::Start => Some(start),
            Bound::End => start.checked_add(Duration::DAY),
        };
    }
    let at = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    // Stored times have six decimals; cut the rest so that an end keeps its own microsecond.
    let at = at
        .replace_nanosecond(at.nanosecond() / 1_000 * 1_000)
        .ok()?;
    match bound {
        Bound::Start => Some(at),
        Bound::End => at.checked_add(Duration::MICROSECOND),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cover_whole_days_in_utc_and_times_are_exact() {
        let days = AuditFilter::parse(Some("2026-05-01"), Some("2026-05-31"), None, None).unwrap();
        assert_eq!(days.from(), Some("2026-05-01T00:00:00.000000Z"));
        assert_eq!(days.until(), Some("2026-06-01T00:00:00.000000Z"));
        let times = AuditFilter::parse(
            Some("2026-05-01T10:00:00+02:00"),
            Some("2026-05-01T08:30:00.1234567Z"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(times.from(), Some("2026-05-01T08:00:00.000000Z"));
        assert_eq!(times.until(), Some("2026-05-01T08:30:00.123457Z"));
    }

    #[test]
    fn nothing_given_chooses_everything() {
        let all = AuditFilter::parse(Some(""), None, Some(" "), None).unwrap();
        assert_eq!(all, AuditFilter::default());
    }

    #[test]
    fn users_and_organisations_are_read_as_such() {
        let filter =
            AuditFilter::parse(None, None, Some(" Ana@Test.Example "), Some("2021005448")).unwrap();
        assert_eq!(filter.user().map(Email::as_str), Some("ana@test.example"));
        assert_eq!(
            filter.organisation().map(|o| o.to_string()).as_deref(),
            Some("202100-5448")
        );
    }

    #[test]
    fn bad_filters_are_refused_naming_each_field() {
        let fields = |from, to, user, organisation| {
            AuditFilter::parse(from, to, user, organisation)
                .unwrap_err()
                .iter()
                .map(AuditFilterError::field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(Some("yesterday"), None, None, None), ["from"]);
        assert_eq!(fields(None, Some("2026-02-30"), None, None), ["to"]);
        assert_eq!(
            fields(None, Some("2026-05-01T25:00:00Z"), None, None),
            ["to"]
        );
        assert_eq!(
            fields(Some("2026-05-02"), Some("2026-05-01"), None, None),
            ["to"]
        );
        assert_eq!(
            fields(None, None, Some("nobody"), Some("202100-5449")),
            ["user", "organisation"]
        );
    }
}
