//! The UI's two languages: Swedish first, English second.

use effekt::csv::ImportProblem;
use effekt::{
    Basis, Bilingual, DeadlineError, FieldError, GoalError, GoalProblem, MAX_ORG_NAME_CHARS,
    MAX_PASSWORD_CHARS, MAX_TOKEN_DAYS, MIN_PASSWORD_CHARS, OrgKind, OrgNameError, OrgNumberError,
    PasswordError, Period, ReportStatus, Role, SeriesChoiceError, SizeError, Unit, UserError,
    ValueProblem,
};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod completeness;
mod goals;
mod lessons;
mod open_data;
mod operations;
mod plausibility;
mod quarterly_report;
mod screens;
mod sizes;

pub use completeness::percent;

/// The cookie that remembers the reader's choice of language.
pub const LANG_COOKIE: &str = "effekt_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Anything but English is Swedish, the default.
    pub fn from_code(code: &str) -> Self {
        if code == "en" { Lang::En } else { Lang::Sv }
    }

    pub fn other(self) -> Self {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// The text for this language of a Swedish–English pair.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    /// This language's half of a catalogue text.
    pub fn text(self, text: &Bilingual) -> &str {
        self.pick(&text.sv, &text.en)
    }

    pub fn period(self, period: Period) -> String {
        match self {
            Lang::Sv => period.label_sv(),
            Lang::En => period.label_en(),
        }
    }

    pub fn unit(self, unit: Unit) -> &'static str {
        match (self, unit) {
            (_, Unit::Percent) => "%",
            (Lang::Sv, Unit::Count) => "antal",
            (Lang::En, Unit::Count) => "count",
            (Lang::Sv, Unit::Score) => "poäng",
            (Lang::En, Unit::Score) => "score",
            (_, Unit::Index) => "index",
            (Lang::Sv, Unit::Ksek) => "tkr",
            (Lang::En, Unit::Ksek) => "kSEK",
            (Lang::Sv, Unit::Number) => "tal",
            (Lang::En, Unit::Number) => "number",
        }
    }

    pub fn basis(self, basis: Basis) -> &'static str {
        let t = self.texts();
        match basis {
            Basis::Reported => t.basis_reported,
            Basis::Approved => t.basis_approved,
        }
    }

    pub fn kind(self, kind: OrgKind) -> &'static str {
        match (self, kind) {
            (Lang::Sv, OrgKind::StateAgency) => "Statlig myndighet",
            (Lang::En, OrgKind::StateAgency) => "State agency",
            (_, OrgKind::Region) => "Region",
            (Lang::Sv, OrgKind::Municipality) => "Kommun",
            (Lang::En, OrgKind::Municipality) => "Municipality",
            (Lang::Sv, OrgKind::Other) => "Annan",
            (Lang::En, OrgKind::Other) => "Other",
        }
    }

    pub fn status(self, status: ReportStatus) -> &'static str {
        match (self, status) {
            (Lang::Sv, ReportStatus::Draft) => "Utkast",
            (Lang::En, ReportStatus::Draft) => "Draft",
            (Lang::Sv, ReportStatus::Submitted) => "Inskickad",
            (Lang::En, ReportStatus::Submitted) => "Submitted",
            (Lang::Sv, ReportStatus::Approved) => "Godkänd",
            (Lang::En, ReportStatus::Approved) => "Approved",
        }
    }

    pub fn role(self, role: Role) -> &'static str {
        match (self, role) {
            (Lang::Sv, Role::Admin) => "Administratör",
            (Lang::En, Role::Admin) => "Administrator",
            (Lang::Sv, Role::Analyst) => "Analytiker",
            (Lang::En, Role::Analyst) => "Analyst",
            (Lang::Sv, Role::Viewer) => "Läsare (ledning)",
            (Lang::En, Role::Viewer) => "Viewer (leadership)",
        }
    }

    /// What is wrong on a line of an import file.
    pub fn import_problem(self, problem: &ImportProblem) -> String {
        use ImportProblem::*;
        let sv = self == Lang::Sv;
        match problem {
            Value(value) => self.problem(value),
            Unreadable(why) if sv => format!("Filen kan inte läsas: {why}"),
            Header if sv => "Rubrikraden ska vara organisation_number,period,series,value (och eventuellt lessons).".into(),
            FieldCount { expected, found } if sv => format!("Raden ska ha {expected} fält men har {found}."),
            OrgNumber if sv => "Inget giltigt organisationsnummer.".into(),
            Period if sv => "Inget giltigt kvartal (ÅÅÅÅKn eller ÅÅÅÅQn).".into(),
            UnknownSeries if sv => "Ingen serie i katalogen.".into(),
            MissingValue if sv => "Värdet saknas.".into(),
            Duplicate { first_line } if sv => format!("Samma organisation, kvartal och serie som rad {first_line}."),
            ConflictingLessons { first_line } if sv => format!("Andra lärdomar för samma rapport än på rad {first_line}."),
            LessonsTooLong if sv => "Lärdomarna är för långa.".into(),
            UnknownOrganisation if sv => "Organisationen finns inte.".into(),
            Locked if sv => "Rapporten är godkänd och låst.".into(),
            NotYourOrganisation if sv => "Du får inte ändra den här organisationens uppgifter.".into(),
            NotBegun { current } => self.problem(&ValueProblem::NotBegun { current: *current }),
            SizesHeader if sv => "Rubrikraden ska vara organisation_number,year,employees,inhabitants.".into(),
            Year if sv => "Inget giltigt år (ÅÅÅÅ).".into(),
            Size(problem) => self.problem(&ValueProblem::Size(*problem)),
            DuplicateSize { first_line } if sv => format!("Samma organisation och år som rad {first_line}."),
            other => {
                let text = other.to_string();
                let mut chars = text.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect::<String>() + ".")
                    .unwrap_or_default()
            }
        }
    }

    /// How many rows an import stored and how many figures it changed, each noun in the
    /// number its count asks for: "1 rad, 2 ändringar".
    pub fn rows_and_changes(self, rows: u64, changes: u64) -> String {
        let noun = |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match self {
            Lang::Sv => format!(
                "{rows} {}, {changes} {}",
                noun(rows, "rad", "rader"),
                noun(changes, "ändring", "ändringar")
            ),
            Lang::En => format!(
                "{rows} {}, {changes} {}",
                noun(rows, "row", "rows"),
                noun(changes, "change", "changes")
            ),
        }
    }

    /// An import problem with the series and the value it is about, when the line names them:
    /// "Kundnöjdhet (customer_satisfaction): 140 – Värdet ska vara …". The key stays beside
    /// the name, as it is what the file says.
    pub fn import_problem_about(
        self,
        problem: &ImportProblem,
        series: Option<(&str, &str)>,
        given: Option<&str>,
    ) -> String {
        let message = self.import_problem(problem);
        let subject = match (series, given) {
            (Some((key, name)), Some(given)) if name != key => format!("{name} ({key}): {given}"),
            (Some((key, _)), Some(given)) => format!("{key}: {given}"),
            (Some((key, name)), None) if name != key => format!("{name} ({key})"),
            (Some((key, _)), None) => key.to_owned(),
            (None, Some(given)) if self == Lang::Sv => format!("”{given}”"),
            (None, Some(given)) => format!("“{given}”"),
            (None, None) => return message,
        };
        format!("{subject} – {message}")
    }

    /// That an import file had more problems than are listed.
    pub fn more_problems(self, listed: usize, more: usize) -> String {
        match self {
            Lang::Sv => format!("Här visas de första {listed} felen; filen har {more} fel till."),
            Lang::En => format!("The first {listed} problems are shown; the file has {more} more."),
        }
    }

    /// Where in a long list a page is: "Sida 2 av 5 (230 ändringar)".
    pub fn page_of(self, number: u32, count: u64, total: u64) -> String {
        match self {
            Lang::Sv => format!("Sida {number} av {count} ({total} ändringar)"),
            Lang::En => format!("Page {number} of {count} ({total} changes)"),
        }
    }

    /// What is wrong with a field, as a sentence for the person who typed it, in the words of
    /// the field where that matters.
    pub fn field_error(self, error: &FieldError) -> String {
        match &error.problem {
            ValueProblem::SeriesGoal(problem) => {
                self.series_goal_problem(Some(&error.field), *problem)
            }
            problem => self.problem(problem),
        }
    }

    /// A goal that steers: a quarter or a number that is not one is told for its field, the
    /// baseline's or the target's and deadline's.
    fn series_goal_problem(self, field: Option<&str>, problem: GoalProblem) -> String {
        use GoalProblem::*;
        let baseline = matches!(field, Some("baseline" | "baseline_period"));
        let text = match (self, problem) {
            (Lang::Sv, UnknownSeries) => "Välj en serie i listan.",
            (Lang::En, UnknownSeries) => "Choose a series from the list.",
            (Lang::Sv, NotAQuarter) if baseline => {
                "Skriv utgångskvartalet som ett kvartal, till exempel 2025K1."
            }
            (Lang::En, NotAQuarter) if baseline => {
                "Enter the baseline quarter as a quarter, such as 2025Q1."
            }
            (Lang::Sv, NotAQuarter) => "Skriv tidsgränsen som ett kvartal, till exempel 2027K4.",
            (Lang::En, NotAQuarter) => "Write the deadline as a quarter, such as 2027Q4.",
            (Lang::Sv, NotBegun) => "Utgångskvartalet har inte börjat än.",
            (Lang::En, NotBegun) => "The baseline quarter has not begun yet.",
            (Lang::Sv, NotANumber) if baseline => "Skriv utgångsvärdet som ett tal.",
            (Lang::En, NotANumber) if baseline => "Enter the baseline as a number.",
            (Lang::Sv, NotANumber | SameAsBaseline) => {
                "Målet ska vara ett tal skilt från utgångsläget."
            }
            (Lang::En, NotANumber | SameAsBaseline) => {
                "The target must be a number other than the baseline."
            }
            (Lang::Sv, NotBelowBaseline) => {
                "Målvärdet ska vara lägre än utgångsvärdet när lägre är bättre."
            }
            (Lang::En, NotBelowBaseline) => {
                "The target must be below the baseline where lower is better."
            }
            (Lang::Sv, NotAboveBaseline) => {
                "Målvärdet ska vara högre än utgångsvärdet när högre är bättre."
            }
            (Lang::En, NotAboveBaseline) => {
                "The target must be above the baseline where higher is better."
            }
            (Lang::Sv, NotAfterBaseline) => "Tidsgränsen ska komma efter utgångskvartalet.",
            (Lang::En, NotAfterBaseline) => "The deadline must come after the baseline quarter.",
        };
        text.to_owned()
    }

    /// What is wrong with a field, as a sentence for the person who typed it.
    pub fn problem(self, problem: &ValueProblem) -> String {
        let number = |n: f64| crate::format::number(self, n, false);
        match (self, problem) {
            (Lang::Sv, ValueProblem::NotANumber) => {
                "Skriv ett tal, till exempel 12 eller 74,5.".into()
            }
            (Lang::En, ValueProblem::NotANumber) => "Enter a number, such as 12 or 74.5.".into(),
            (Lang::Sv, ValueProblem::NotInteger) => "Skriv ett heltal.".into(),
            (Lang::En, ValueProblem::NotInteger) => "Enter a whole number.".into(),
            (Lang::Sv, ValueProblem::UnknownSeries) => "Okänt fält.".into(),
            (Lang::En, ValueProblem::UnknownSeries) => "Unknown field.".into(),
            (Lang::Sv, ValueProblem::Required) => "Fyll i det här fältet.".into(),
            (Lang::En, ValueProblem::Required) => "Fill in this field.".into(),
            (Lang::Sv, ValueProblem::TooLong { max_chars }) => {
                format!("Texten får vara högst {max_chars} tecken.")
            }
            (Lang::En, ValueProblem::TooLong { max_chars }) => {
                format!("The text may be at most {max_chars} characters.")
            }
            (Lang::Sv, ValueProblem::NotBegun { current }) => format!(
                "Kvartalet har inte börjat än. Uppgifter kan lämnas till och med {}.",
                self.period(*current)
            ),
            (Lang::En, ValueProblem::NotBegun { current }) => format!(
                "The quarter has not begun yet. Figures can be reported up to {}.",
                self.period(*current)
            ),
            (Lang::Sv, ValueProblem::OrgNumber(OrgNumberError::Format(_))) => {
                "Skriv organisationsnumret som tio siffror, NNNNNN-NNNN.".into()
            }
            (Lang::En, ValueProblem::OrgNumber(OrgNumberError::Format(_))) => {
                "Write the organisation number as ten digits, NNNNNN-NNNN.".into()
            }
            (Lang::Sv, ValueProblem::OrgNumber(OrgNumberError::CheckDigit(_))) => {
                "Organisationsnumret stämmer inte: kontrollsiffran är fel.".into()
            }
            (Lang::En, ValueProblem::OrgNumber(OrgNumberError::CheckDigit(_))) => {
                "The organisation number is wrong: its check digit does not match.".into()
            }
            (Lang::Sv, ValueProblem::OrgNumberTaken) => {
                "Det finns redan en organisation med det numret.".into()
            }
            (Lang::En, ValueProblem::OrgNumberTaken) => {
                "An organisation with that number already exists.".into()
            }
            (Lang::Sv, ValueProblem::OrgName(OrgNameError::TooLong)) => {
                format!("Namnet får vara högst {MAX_ORG_NAME_CHARS} tecken.")
            }
            (Lang::En, ValueProblem::OrgName(OrgNameError::TooLong)) => {
                format!("The name may be at most {MAX_ORG_NAME_CHARS} characters.")
            }
            (Lang::Sv, ValueProblem::OrgName(_)) => "Skriv ett namn.".into(),
            (Lang::En, ValueProblem::OrgName(_)) => "Enter a name.".into(),
            (Lang::Sv, ValueProblem::OrgKind(_)) => "Välj en typ av organisation.".into(),
            (Lang::En, ValueProblem::OrgKind(_)) => "Choose a kind of organisation.".into(),
            (Lang::Sv, ValueProblem::Email(_)) => {
                "Skriv en giltig e-postadress, till exempel namn@myndighet.se.".into()
            }
            (Lang::En, ValueProblem::Email(_)) => {
                "Enter a valid e-mail address, such as name@agency.se.".into()
            }
            (Lang::Sv, ValueProblem::EmailTaken) => {
                "Det finns redan en användare med den e-postadressen.".into()
            }
            (Lang::En, ValueProblem::EmailTaken) => {
                "A user with that e-mail address already exists.".into()
            }
            (Lang::Sv, ValueProblem::Password(PasswordError::TooShort)) => {
                format!("Lösenordet ska vara minst {MIN_PASSWORD_CHARS} tecken.")
            }
            (Lang::En, ValueProblem::Password(PasswordError::TooShort)) => {
                format!("The password must be at least {MIN_PASSWORD_CHARS} characters.")
            }
            (Lang::Sv, ValueProblem::Password(PasswordError::TooLong)) => {
                format!("Lösenordet får vara högst {MAX_PASSWORD_CHARS} tecken.")
            }
            (Lang::En, ValueProblem::Password(PasswordError::TooLong)) => {
                format!("The password may be at most {MAX_PASSWORD_CHARS} characters.")
            }
            (Lang::Sv, ValueProblem::Role(_)) => "Välj en roll.".into(),
            (Lang::En, ValueProblem::Role(_)) => "Choose a role.".into(),
            (Lang::Sv, ValueProblem::User(UserError::AnalystWithoutOrganisation)) => {
                "En analytiker måste höra till en organisation.".into()
            }
            (Lang::En, ValueProblem::User(UserError::AnalystWithoutOrganisation)) => {
                "An analyst must belong to an organisation.".into()
            }
            (Lang::Sv, ValueProblem::User(UserError::OrganisationWithoutAnalyst)) => {
                "Bara analytiker hör till en organisation. Välj ingen organisation för den här rollen."
                    .into()
            }
            (Lang::En, ValueProblem::User(UserError::OrganisationWithoutAnalyst)) => {
                "Only analysts belong to an organisation. Choose none for this role.".into()
            }
            (Lang::Sv, ValueProblem::UnknownOrganisation) => "Organisationen finns inte.".into(),
            (Lang::En, ValueProblem::UnknownOrganisation) => {
                "The organisation does not exist.".into()
            }
            (Lang::Sv, ValueProblem::Goal(GoalError::Name)) => {
                "Skriv vad målet mäter (högst 200 tecken).".into()
            }
            (Lang::En, ValueProblem::Goal(GoalError::Name)) => {
                "Write what the goal measures (at most 200 characters).".into()
            }
            (Lang::Sv, ValueProblem::Goal(GoalError::Baseline)) => {
                "Skriv utgångsläget som ett tal skilt från 0.".into()
            }
            (Lang::En, ValueProblem::Goal(GoalError::Baseline)) => {
                "Enter the baseline as a number other than 0.".into()
            }
            (Lang::Sv, ValueProblem::Goal(GoalError::Target)) => {
                "Målet ska vara ett tal skilt från utgångsläget.".into()
            }
            (Lang::En, ValueProblem::Goal(GoalError::Target)) => {
                "The target must be a number other than the baseline.".into()
            }
            (Lang::Sv, ValueProblem::Deadline(_)) => {
                "Skriv tidsgränsen som ett kvartal, till exempel 2027K4.".into()
            }
            (Lang::En, ValueProblem::Deadline(_)) => {
                "Write the deadline as a quarter, such as 2027Q4.".into()
            }
            (Lang::Sv, ValueProblem::Year(_)) => {
                "Skriv året med fyra siffror, till exempel 2025.".into()
            }
            (Lang::En, ValueProblem::Year(_)) => {
                "Write the year with four digits, such as 2025.".into()
            }
            (Lang::Sv, ValueProblem::Size(SizeError::Employees)) => {
                "Antalet anställda ska vara ett heltal från 1 till 1 000 000.".into()
            }
            (Lang::En, ValueProblem::Size(SizeError::Employees)) => {
                "The number of employees must be a whole number from 1 to 1,000,000.".into()
            }
            (Lang::Sv, ValueProblem::Size(SizeError::Inhabitants)) => {
                "Antalet invånare ska vara ett heltal från 1 till 20 000 000.".into()
            }
            (Lang::En, ValueProblem::Size(SizeError::Inhabitants)) => {
                "The number of inhabitants must be a whole number from 1 to 20,000,000.".into()
            }
            (Lang::Sv, ValueProblem::Size(SizeError::InhabitantsOfKind)) => {
                "Bara kommuner och regioner har invånare: lämna fältet tomt.".into()
            }
            (Lang::En, ValueProblem::Size(SizeError::InhabitantsOfKind)) => {
                "Only municipalities and regions have inhabitants: leave the field empty.".into()
            }
            (_, ValueProblem::SeriesGoal(problem)) => self.series_goal_problem(None, *problem),
            (Lang::Sv, ValueProblem::ReportingDeadline(DeadlineError::NotADate)) => {
                "Skriv sista rapporteringsdagen som ÅÅÅÅ-MM-DD.".into()
            }
            (Lang::En, ValueProblem::ReportingDeadline(DeadlineError::NotADate)) => {
                "Write the reporting deadline as YYYY-MM-DD.".into()
            }
            (Lang::Sv, ValueProblem::ReportingDeadline(DeadlineError::BeforeQuarterEnds)) => {
                "Sista rapporteringsdagen måste komma efter att kvartalet har slutat.".into()
            }
            (Lang::En, ValueProblem::ReportingDeadline(DeadlineError::BeforeQuarterEnds)) => {
                "The reporting deadline must come after the quarter has ended.".into()
            }
            (Lang::Sv, ValueProblem::ReportingDeadline(DeadlineError::TooLate)) => {
                "Sista rapporteringsdagen får vara högst ett år efter kvartalet.".into()
            }
            (Lang::En, ValueProblem::ReportingDeadline(DeadlineError::TooLate)) => {
                "The reporting deadline may be at most a year after the quarter.".into()
            }
            (Lang::Sv, ValueProblem::NotADate) => {
                "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-01.".into()
            }
            (Lang::En, ValueProblem::NotADate) => {
                "Write the date as YYYY-MM-DD, such as 2026-05-01.".into()
            }
            (Lang::Sv, ValueProblem::DateOrder) => "Slutdatumet kommer före startdatumet.".into(),
            (Lang::En, ValueProblem::DateOrder) => "The end date comes before the start date.".into(),
            (Lang::Sv, ValueProblem::NotAQuarter) => "Välj ett kvartal i listan.".into(),
            (Lang::En, ValueProblem::NotAQuarter) => "Choose a quarter from the list.".into(),
            (Lang::Sv, ValueProblem::QuarterOrder) => {
                "Det sista kvartalet kommer före det första.".into()
            }
            (Lang::En, ValueProblem::QuarterOrder) => {
                "The last quarter comes before the first.".into()
            }
            (Lang::Sv, ValueProblem::UnknownMeasure) => "Välj ett mått i listan.".into(),
            (Lang::En, ValueProblem::UnknownMeasure) => "Choose a measure from the list.".into(),
            (Lang::Sv, ValueProblem::SearchTooLong { max_chars }) => {
                format!("Skriv högst {max_chars} tecken i sökrutan.")
            }
            (Lang::En, ValueProblem::SearchTooLong { max_chars }) => {
                format!("Write at most {max_chars} characters in the search box.")
            }
            (Lang::Sv, ValueProblem::SeriesChoice(SeriesChoiceError::Unknown(name))) => {
                format!("”{name}” är ingen serie i katalogen.")
            }
            (Lang::En, ValueProblem::SeriesChoice(SeriesChoiceError::Unknown(name))) => {
                format!("“{name}” is not a series of the catalogue.")
            }
            (Lang::Sv, ValueProblem::SeriesChoice(SeriesChoiceError::NotNormalisable(name))) => {
                format!(
                    "”{name}” är inget antal eller belopp och kan inte räknas per 1 000 anställda \
                     eller invånare."
                )
            }
            (Lang::En, ValueProblem::SeriesChoice(SeriesChoiceError::NotNormalisable(name))) => {
                format!(
                    "“{name}” is not a count or an amount of money, so it cannot be given per \
                     1,000 employees or inhabitants."
                )
            }
            (Lang::Sv, ValueProblem::SeriesChoice(SeriesChoiceError::TooMany { most, .. })) => {
                format!("Välj högst {most} serier.")
            }
            (Lang::En, ValueProblem::SeriesChoice(SeriesChoiceError::TooMany { most, .. })) => {
                format!("Choose at most {most} series.")
            }
            (Lang::Sv, ValueProblem::Normalise(_)) => {
                "Välj per 1 000 anställda, per 1 000 invånare eller som rapporterat.".into()
            }
            (Lang::En, ValueProblem::Normalise(_)) => {
                "Choose per 1,000 employees, per 1,000 inhabitants or as reported.".into()
            }
            (Lang::Sv, ValueProblem::OpenDataApprovedOnly) => {
                "Öppna data innehåller bara godkända uppgifter.".into()
            }
            (Lang::En, ValueProblem::OpenDataApprovedOnly) => {
                "Open data holds approved figures only.".into()
            }
            (Lang::Sv, ValueProblem::OpenDataNotNormalised) => {
                "Öppna data visas som rapporterat, inte per 1 000 anställda eller invånare.".into()
            }
            (Lang::En, ValueProblem::OpenDataNotNormalised) => {
                "Open data is shown as reported, not per 1,000 employees or inhabitants.".into()
            }
            (Lang::Sv, ValueProblem::TokenName(_)) => {
                "Ge nyckeln ett namn på 1 till 100 tecken.".into()
            }
            (Lang::En, ValueProblem::TokenName(_)) => {
                "Give the key a name of 1 to 100 characters.".into()
            }
            (Lang::Sv, ValueProblem::TokenLifetime(_)) => {
                format!("Ange giltighetstiden som ett helt antal dagar, 1 till {MAX_TOKEN_DAYS}.")
            }
            (Lang::En, ValueProblem::TokenLifetime(_)) => {
                format!("Enter how long it lasts as a whole number of days, 1 to {MAX_TOKEN_DAYS}.")
            }
            (Lang::Sv, ValueProblem::DisplayLinkName(_)) => {
                "Ge skärmlänken ett namn på 1 till 100 tecken.".into()
            }
            (Lang::En, ValueProblem::DisplayLinkName(_)) => {
                "Give the screen link a name of 1 to 100 characters.".into()
            }
            (Lang::Sv, ValueProblem::NotText) => "Skriv en text.".into(),
            (Lang::En, ValueProblem::NotText) => "Enter a text.".into(),
            (Lang::Sv, ValueProblem::NotTrueOrFalse) => "Välj ja eller nej.".into(),
            (Lang::En, ValueProblem::NotTrueOrFalse) => "Choose yes or no.".into(),
            (_, ValueProblem::OutOfRange { min, max }) => match (self, min, max) {
                (Lang::Sv, Some(min), Some(max)) => {
                    format!(
                        "Värdet ska vara mellan {} och {}.",
                        number(*min),
                        number(*max)
                    )
                }
                (Lang::En, Some(min), Some(max)) => {
                    format!(
                        "The value must be between {} and {}.",
                        number(*min),
                        number(*max)
                    )
                }
                (Lang::Sv, Some(min), None) => format!("Värdet ska vara minst {}.", number(*min)),
                (Lang::En, Some(min), None) => {
                    format!("The value must be at least {}.", number(*min))
                }
                (Lang::Sv, None, Some(max)) => format!("Värdet ska vara högst {}.", number(*max)),
                (Lang::En, None, Some(max)) => {
                    format!("The value must be at most {}.", number(*max))
                }
                (Lang::Sv, None, None) => "Skriv ett tal.".into(),
                (Lang::En, None, None) => "Enter a number.".into(),
            },
        }
    }
}

/// The reader's language for this page.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or(Lang::Sv)
}

/// The language the page is rendered in: on the server from the cookie, in the browser from the
/// `lang` attribute the server rendered, so that hydration renders the same words.
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| effekt_session::cookie_value(&parts, LANG_COOKIE))
            .map_or(Lang::Sv, |code| Lang::from_code(&code))
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .map(|code| Lang::from_code(&code))
                .unwrap_or(Lang::Sv)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::Sv
        }
    }
}

/// Every fixed text of the UI, once per language.
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    /// The button that opens the menu on a small screen.
    pub menu: &'static str,
    pub nav_start: &'static str,
    pub nav_report: &'static str,
    pub nav_organisations: &'static str,
    pub nav_accessibility: &'static str,
    pub switch_language: &'static str,
    pub loading: &'static str,
    pub start_title: &'static str,
    pub start_intro: &'static str,
    pub measure: &'static str,
    pub series: &'static str,
    pub latest: &'static str,
    pub quarter: &'static str,
    pub change: &'static str,
    pub reported_by: &'static str,
    pub no_data: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub unchanged: &'static str,
    pub report_title: &'static str,
    pub report_intro: &'static str,
    pub choose: &'static str,
    pub organisation: &'static str,
    pub open_report: &'static str,
    pub status: &'static str,
    pub new_report: &'static str,
    pub unit: &'static str,
    pub allowed: &'static str,
    pub definition: &'static str,
    pub definition_what: &'static str,
    pub definition_how: &'static str,
    pub definition_source: &'static str,
    pub definition_example: &'static str,
    pub lessons: &'static str,
    pub lessons_hint: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub error_summary: &'static str,
    pub locked: &'static str,
    pub last_changed: &'static str,
    pub organisations_title: &'static str,
    pub organisation_number: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub reports: &'static str,
    pub no_reports: &'static str,
    pub filled: &'static str,
    pub updated: &'static str,
    pub values_by_quarter: &'static str,
    pub report_for_this: &'static str,
    pub open: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub error_title: &'static str,
    pub error_text: &'static str,
    pub accessibility_title: &'static str,
    pub login_title: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub login: &'static str,
    pub logout: &'static str,
    pub signed_in_as: &'static str,
    pub wrong_credentials: &'static str,
    pub throttled: &'static str,
    pub passwords_off: &'static str,
    pub sign_in_with: &'static str,
    pub nav_admin: &'static str,
    pub forbidden: &'static str,
    pub submit: &'static str,
    pub approve: &'static str,
    pub reopen: &'static str,
    pub submitted_message: &'static str,
    pub approved_message: &'static str,
    pub reopened_message: &'static str,
    pub step_not_possible: &'static str,
    pub reopen_reason: &'static str,
    pub reopen_reason_hint: &'static str,
    pub reopened_because: &'static str,
    pub reopen_refused: &'static str,
    pub read_only: &'static str,
    pub admin_title: &'static str,
    pub quarter_overview: &'static str,
    pub show: &'static str,
    pub missing: &'static str,
    pub status_counts: &'static str,
    pub manage_organisations: &'static str,
    pub manage_users: &'static str,
    pub add_organisation: &'static str,
    pub edit_organisation: &'static str,
    pub add_user: &'static str,
    pub edit_user: &'static str,
    pub role: &'static str,
    pub none_chosen: &'static str,
    pub active: &'static str,
    pub deactivated: &'static str,
    pub new_password: &'static str,
    pub new_password_hint: &'static str,
    pub password_hint: &'static str,
    pub save_changes: &'static str,
    pub created: &'static str,
    pub form_errors: &'static str,
    pub history_title: &'static str,
    pub history_link: &'static str,
    pub when: &'static str,
    pub who: &'static str,
    pub what: &'static str,
    pub old_value: &'static str,
    pub new_value: &'static str,
    pub no_changes: &'static str,
    pub account: &'static str,
    pub pages_nav: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub from_date: &'static str,
    pub to_date: &'static str,
    pub date_hint: &'static str,
    pub audit_user: &'static str,
    pub audit_user_hint: &'static str,
    pub filter_errors: &'static str,
    pub filters: &'static str,
    pub all_kinds: &'static str,
    pub from_quarter: &'static str,
    pub to_quarter: &'static str,
    pub vs_year_before: &'static str,
    pub of_organisations: &'static str,
    pub basis: &'static str,
    pub basis_reported: &'static str,
    pub basis_approved: &'static str,
    pub preliminary: &'static str,
    pub preliminary_quarters: &'static str,
    pub too_few_reports: &'static str,
    pub being_reported: &'static str,
    pub have_reported: &'static str,
    pub show_quarter: &'static str,
    pub more_about: &'static str,
    pub dashboard_intro: &'static str,
    pub share_unit: &'static str,
    pub progress_unit: &'static str,
    pub trend_heading: &'static str,
    pub ranking_heading: &'static str,
    pub compare_with: &'static str,
    pub chosen_quarter: &'static str,
    pub median: &'static str,
    pub p25: &'static str,
    pub p75: &'static str,
    pub n_reported: &'static str,
    pub rank: &'static str,
    pub value: &'static str,
    pub rose: &'static str,
    pub fell: &'static str,
    pub stayed: &'static str,
    pub from_word: &'static str,
    pub to_word: &'static str,
    pub between: &'static str,
    pub and_word: &'static str,
    pub highest: &'static str,
    pub lowest: &'static str,
    pub trend_desc: &'static str,
    pub bars_desc: &'static str,
    pub versus_nation: &'static str,
    pub own_value: &'static str,
    pub national_median: &'static str,
    pub percentile: &'static str,
    pub trend_per_quarter: &'static str,
    pub goal_heading: &'static str,
    pub goal_name: &'static str,
    pub baseline: &'static str,
    pub target: &'static str,
    pub target_hint: &'static str,
    pub deadline: &'static str,
    pub lower_is_better: &'static str,
    pub save_goal: &'static str,
    pub no_goal: &'static str,
    pub on_track: &'static str,
    pub off_track: &'static str,
    pub too_few_quarters: &'static str,
    pub goal_desc: &'static str,
    pub projected: &'static str,
    pub goal_saved: &'static str,
    pub nav_import: &'static str,
    pub nav_export: &'static str,
    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub file: &'static str,
    pub review_file: &'static str,
    pub no_file: &'static str,
    pub may_not_import: &'static str,
    pub imported: &'static str,
    pub review_title: &'static str,
    pub problems_found: &'static str,
    pub line: &'static str,
    pub column: &'static str,
    pub message: &'static str,
    pub changes_found: &'static str,
    pub no_changes_found: &'static str,
    pub new_value_word: &'static str,
    pub confirm_import: &'static str,
    pub cancel: &'static str,
    pub not_utf8: &'static str,
    pub export_title: &'static str,
    pub export_intro: &'static str,
    pub format: &'static str,
    pub values_export: &'static str,
    pub summary_export: &'static str,
    pub all_series: &'static str,
    pub all_organisations: &'static str,
    pub download_csv: &'static str,
    pub download_excel: &'static str,
}

pub static SV: Texts = Texts {
    app_name: "Effekt",
    tagline: "Effekten av offentlig digitalisering",
    skip_to_content: "Hoppa till innehållet",
    nav_label: "Huvudmeny",
    menu: "Meny",
    nav_start: "Översikt",
    nav_report: "Rapportera",
    nav_organisations: "Organisationer",
    nav_accessibility: "Tillgänglighet",
    switch_language: "In English",
    loading: "Hämtar …",
    start_title: "Effektmått för offentlig digitalisering",
    start_intro: "De fjorton effektmått som digitala ledare föreslog i Almedalen, med senaste kvartalets median för alla organisationer som rapporterat och förändringen mot kvartalet före.",
    measure: "Effektmått",
    series: "Serie",
    latest: "Median",
    quarter: "Kvartal",
    change: "Förändring",
    reported_by: "Rapporterat av",
    no_data: "Inga uppgifter",
    up: "upp",
    down: "ned",
    unchanged: "oförändrad",
    report_title: "Rapportera kvartalsuppgifter",
    report_intro: "Välj organisation och kvartal, fyll i de värden ni har och spara. Tomma fält lämnas utan värde.",
    choose: "Välj rapport",
    organisation: "Organisation",
    open_report: "Visa rapporten",
    status: "Status",
    new_report: "Ny, inte sparad ännu",
    unit: "Enhet",
    allowed: "Tillåtet",
    definition: "Definition",
    definition_what: "Vad räknas",
    definition_how: "Så räknar du",
    definition_source: "Källa",
    definition_example: "Exempel",
    lessons: "Erfarenheter och lärdomar",
    lessons_hint: "Vad har ni lärt er av kvartalets projekt, lyckade som misslyckade?",
    save: "Spara rapporten",
    saved: "Rapporten är sparad.",
    error_summary: "Rapporten sparades inte. Rätta följande:",
    locked: "Rapporten är godkänd och låst. Den kan inte ändras.",
    last_changed: "Senast ändrad",
    organisations_title: "Organisationer",
    organisation_number: "Organisationsnummer",
    name: "Namn",
    kind: "Typ",
    reports: "Rapporter per kvartal",
    no_reports: "Inga rapporter ännu.",
    filled: "Ifyllda värden",
    updated: "Senast ändrad",
    values_by_quarter: "Värden per kvartal",
    report_for_this: "Rapportera för organisationen",
    open: "Öppna",
    not_found_title: "Sidan finns inte",
    not_found_text: "Sidan eller uppgiften du söker finns inte. Kontrollera adressen eller gå till översikten.",
    error_title: "Något gick fel",
    error_text: "Det gick inte att hämta eller spara uppgifterna just nu. Försök igen om en stund.",
    accessibility_title: "Tillgänglighetsredogörelse",
    login_title: "Logga in",
    email: "E-postadress",
    password: "Lösenord",
    login: "Logga in",
    logout: "Logga ut",
    signed_in_as: "Inloggad som",
    wrong_credentials: "Fel e-postadress eller lösenord.",
    throttled: "För många misslyckade inloggningar. Vänta en kvart och försök igen.",
    passwords_off: "Inloggning med lösenord är avstängd här. Logga in via din organisations inloggning.",
    sign_in_with: "Logga in med",
    nav_admin: "Administration",
    forbidden: "Du har inte behörighet att göra detta.",
    submit: "Skicka in rapporten",
    approve: "Godkänn rapporten",
    reopen: "Öppna för ändring",
    submitted_message: "Rapporten är inskickad för godkännande.",
    approved_message: "Rapporten är godkänd och låst.",
    reopened_message: "Rapporten är öppnad igen och kan ändras.",
    step_not_possible: "Det steget går inte att ta nu. En rapport måste skickas in innan den kan godkännas.",
    reopen_reason: "Skäl till att öppna för ändring",
    reopen_reason_hint: "Visas för organisationens analytiker. Högst 500 tecken.",
    reopened_because: "Rapporten har öppnats för ändring. Skäl:",
    reopen_refused: "Rapporten öppnades inte. Ange ett skäl.",
    read_only: "Du kan läsa rapporten men inte ändra den.",
    admin_title: "Administration",
    quarter_overview: "Kvartalets rapporter",
    show: "Visa",
    missing: "Saknas",
    status_counts: "Antal per status",
    manage_organisations: "Organisationer",
    manage_users: "Användare",
    add_organisation: "Lägg till organisation",
    edit_organisation: "Ändra organisation",
    add_user: "Lägg till användare",
    edit_user: "Ändra användare",
    role: "Roll",
    none_chosen: "Ingen",
    active: "Aktiv (kan logga in)",
    deactivated: "Avstängd",
    new_password: "Nytt lösenord",
    new_password_hint: "Lämna tomt för att behålla lösenordet. Ett nytt lösenord loggar ut användaren överallt.",
    password_hint: "Minst 12 tecken.",
    save_changes: "Spara ändringarna",
    created: "Sparat.",
    form_errors: "Det gick inte att spara. Rätta följande:",
    history_title: "Ändringshistorik",
    history_link: "Ändringshistorik",
    when: "När",
    who: "Vem",
    what: "Vad",
    old_value: "Före",
    new_value: "Efter",
    no_changes: "Inga ändringar ännu.",
    account: "Konto",
    pages_nav: "Sidor",
    previous_page: "Föregående sida",
    next_page: "Nästa sida",
    audit_title: "Händelselogg",
    audit_intro: "Alla ändringar, även ändringar av användarkonton, nyast först.",
    from_date: "Från och med datum",
    to_date: "Till och med datum",
    date_hint: "ÅÅÅÅ-MM-DD, dagar i UTC.",
    audit_user: "Användare (e-postadress)",
    audit_user_hint: "Ändringar som användaren gjort och ändringar av användarens konto.",
    filter_errors: "Urvalet går inte att visa. Rätta följande:",
    filters: "Urval",
    all_kinds: "Alla typer",
    from_quarter: "Från kvartal",
    to_quarter: "Till kvartal",
    vs_year_before: "mot samma kvartal året före",
    of_organisations: "organisationer rapporterade",
    basis: "Underlag",
    basis_reported: "Inrapporterade (inskickade och godkända)",
    basis_approved: "Endast godkända",
    preliminary: "preliminär",
    preliminary_quarters: "Preliminära kvartal, där inte alla uppgifter är godkända än",
    too_few_reports: "För få har rapporterat för en nationell siffra",
    being_reported: "rapporteras just nu",
    have_reported: "organisationer har rapporterat",
    show_quarter: "Visa",
    more_about: "Mer om måttet",
    dashboard_intro: "Senaste kvartalets median för de organisationer som rapporterat, förändringen mot samma kvartal året före och utvecklingen de senaste kvartalen.",
    share_unit: "%",
    progress_unit: "% av vägen till målet",
    trend_heading: "Utveckling",
    ranking_heading: "Jämförelse mellan organisationer",
    compare_with: "Jämför med organisationer",
    chosen_quarter: "Kvartal för jämförelsen",
    median: "Median",
    p25: "25:e percentilen",
    p75: "75:e percentilen",
    n_reported: "Antal",
    rank: "Plats",
    value: "Värde",
    rose: "ökade",
    fell: "minskade",
    stayed: "låg kvar",
    from_word: "från",
    to_word: "till",
    between: "mellan",
    and_word: "och",
    highest: "Högst",
    lowest: "lägst",
    trend_desc: "Linjediagram över medianen per kvartal, med bandet för den mittersta hälften av organisationerna och de valda organisationernas egna linjer. Siffrorna finns i tabellen under diagrammet.",
    bars_desc: "Stapeldiagram över organisationernas värden för kvartalet, störst först. Siffrorna finns i tabellen under diagrammet.",
    versus_nation: "Jämfört med riket",
    own_value: "Organisationen",
    national_median: "Median i riket",
    percentile: "Percentil",
    trend_per_quarter: "Trend per kvartal",
    goal_heading: "10x-målet",
    goal_name: "Vad målet mäter",
    baseline: "Utgångsläge",
    target: "Mål",
    target_hint: "Lämna tomt för tio gånger utgångsläget (en tiondel om lägre är bättre).",
    deadline: "Tidsgräns (kvartal)",
    lower_is_better: "Lägre är bättre",
    save_goal: "Spara målet",
    no_goal: "Organisationen har inget 10x-mål ännu.",
    on_track: "I fas: en rak linje genom de rapporterade kvartalen når målet före tidsgränsen.",
    off_track: "Inte i fas: en rak linje genom de rapporterade kvartalen når inte målet före tidsgränsen.",
    too_few_quarters: "Minst två rapporterade kvartal behövs för att bedöma om målet nås.",
    goal_desc: "Linjediagram över organisationens indikator per kvartal, med utgångsläge, mål och en rak linje fram till tidsgränsen.",
    projected: "Beräknat vid tidsgränsen",
    goal_saved: "Målet är sparat.",
    nav_import: "Importera",
    nav_export: "Exportera",
    import_title: "Importera kvartalsuppgifter från CSV",
    import_intro: "Filen ska ha rubrikraden organisation_number,period,series,value och kan ha en kolumn lessons. Kommatecken eller semikolon (med decimalkomma, som Excel med svenska inställningar) känns igen. Hela filen granskas först: du ser vad som ändras innan något sparas, och en fil med fel sparas inte alls.",
    file: "CSV-fil",
    review_file: "Granska filen",
    no_file: "Välj en fil att importera.",
    may_not_import: "Du får inte importera: din roll får inte ändra någon organisations uppgifter.",
    imported: "Importen är sparad",
    review_title: "Granska importen",
    problems_found: "Filen har fel och kan inte importeras. Rätta filen och ladda upp den igen.",
    line: "Rad",
    column: "Kolumn",
    message: "Fel",
    changes_found: "Det här ändras när du bekräftar:",
    no_changes_found: "Filen ändrar ingenting: alla värden finns redan.",
    new_value_word: "ny",
    confirm_import: "Bekräfta och spara",
    cancel: "Avbryt",
    not_utf8: "Filen är inte text i UTF-8. Spara den som CSV (UTF-8) och försök igen.",
    export_title: "Exportera till CSV",
    export_intro: "Välj vad som ska med och i vilket format. Excel (svenska) öppnas direkt i Excel med svenska inställningar.",
    format: "Format",
    values_export: "Ladda ned värden",
    summary_export: "Ladda ned sammanställning",
    all_series: "Alla serier",
    all_organisations: "Alla organisationer",
    download_csv: "Ladda ned som CSV",
    download_excel: "Ladda ned för Excel",
};

pub static EN: Texts = Texts {
    app_name: "Effekt",
    tagline: "The effect of public-sector digitalisation",
    skip_to_content: "Skip to content",
    nav_label: "Main menu",
    menu: "Menu",
    nav_start: "Overview",
    nav_report: "Report",
    nav_organisations: "Organisations",
    nav_accessibility: "Accessibility",
    switch_language: "På svenska",
    loading: "Loading …",
    start_title: "Effect measures for public-sector digitalisation",
    start_intro: "The fourteen effect measures that digital leaders proposed at Almedalen, with the latest quarter's median over every organisation that reported and the change from the quarter before.",
    measure: "Measure",
    series: "Series",
    latest: "Median",
    quarter: "Quarter",
    change: "Change",
    reported_by: "Reported by",
    no_data: "No figures",
    up: "up",
    down: "down",
    unchanged: "unchanged",
    report_title: "Report quarterly figures",
    report_intro: "Choose an organisation and a quarter, fill in the figures you have and save. Empty fields are left without a value.",
    choose: "Choose a report",
    organisation: "Organisation",
    open_report: "Show the report",
    status: "Status",
    new_report: "New, not saved yet",
    unit: "Unit",
    allowed: "Allowed",
    definition: "Definition",
    definition_what: "What counts",
    definition_how: "How to count",
    definition_source: "Source",
    definition_example: "Example",
    lessons: "Experience and lessons learned",
    lessons_hint: "What have you learned from this quarter's projects, successful and failed?",
    save: "Save the report",
    saved: "The report has been saved.",
    error_summary: "The report was not saved. Please correct the following:",
    locked: "The report is approved and locked. It cannot be changed.",
    last_changed: "Last changed",
    organisations_title: "Organisations",
    organisation_number: "Organisation number",
    name: "Name",
    kind: "Kind",
    reports: "Reports by quarter",
    no_reports: "No reports yet.",
    filled: "Figures filled in",
    updated: "Last changed",
    values_by_quarter: "Figures by quarter",
    report_for_this: "Report for this organisation",
    open: "Open",
    not_found_title: "Page not found",
    not_found_text: "The page or figures you are looking for do not exist. Check the address or go to the overview.",
    error_title: "Something went wrong",
    error_text: "The figures could not be fetched or saved just now. Please try again shortly.",
    accessibility_title: "Accessibility statement",
    login_title: "Sign in",
    email: "E-mail address",
    password: "Password",
    login: "Sign in",
    logout: "Sign out",
    signed_in_as: "Signed in as",
    wrong_credentials: "Wrong e-mail address or password.",
    throttled: "Too many failed sign-ins. Wait a quarter of an hour and try again.",
    passwords_off: "Signing in with a password is switched off here. Sign in through your organisation's sign-in.",
    sign_in_with: "Sign in with",
    nav_admin: "Administration",
    forbidden: "You are not allowed to do this.",
    submit: "Submit the report",
    approve: "Approve the report",
    reopen: "Open for changes",
    submitted_message: "The report has been submitted for approval.",
    approved_message: "The report has been approved and locked.",
    reopened_message: "The report has been reopened and can be changed.",
    step_not_possible: "That step is not possible now. A report must be submitted before it can be approved.",
    reopen_reason: "Reason for opening it for changes",
    reopen_reason_hint: "Shown to the organisation's analysts. At most 500 characters.",
    reopened_because: "The report has been opened for changes. Reason:",
    reopen_refused: "The report was not opened. Give a reason.",
    read_only: "You can read this report but not change it.",
    admin_title: "Administration",
    quarter_overview: "The quarter's reports",
    show: "Show",
    missing: "Missing",
    status_counts: "Count by status",
    manage_organisations: "Organisations",
    manage_users: "Users",
    add_organisation: "Add an organisation",
    edit_organisation: "Edit organisation",
    add_user: "Add a user",
    edit_user: "Edit user",
    role: "Role",
    none_chosen: "None",
    active: "Active (can sign in)",
    deactivated: "Deactivated",
    new_password: "New password",
    new_password_hint: "Leave empty to keep the password. A new password signs the user out everywhere.",
    password_hint: "At least 12 characters.",
    save_changes: "Save the changes",
    created: "Saved.",
    form_errors: "Could not save. Please correct the following:",
    history_title: "Change history",
    history_link: "Change history",
    when: "When",
    who: "Who",
    what: "What",
    old_value: "Before",
    new_value: "After",
    no_changes: "No changes yet.",
    account: "Account",
    pages_nav: "Pages",
    previous_page: "Previous page",
    next_page: "Next page",
    audit_title: "Audit log",
    audit_intro: "Every change, changes to user accounts included, newest first.",
    from_date: "From date",
    to_date: "To date (inclusive)",
    date_hint: "YYYY-MM-DD, days in UTC.",
    audit_user: "User (e-mail address)",
    audit_user_hint: "Changes the user made and changes to the user's account.",
    filter_errors: "The selection cannot be shown. Please correct the following:",
    filters: "Filters",
    all_kinds: "All kinds",
    from_quarter: "From quarter",
    to_quarter: "To quarter",
    vs_year_before: "against the same quarter a year before",
    of_organisations: "organisations reported",
    basis: "Basis",
    basis_reported: "Reported (submitted and approved)",
    basis_approved: "Approved only",
    preliminary: "preliminary",
    preliminary_quarters: "Preliminary quarters, where not all figures are approved yet",
    too_few_reports: "Too few have reported for a national figure",
    being_reported: "is being reported",
    have_reported: "organisations have reported",
    show_quarter: "Show",
    more_about: "More about the measure",
    dashboard_intro: "The latest quarter's median over the organisations that reported, the change against the same quarter a year before, and the development over recent quarters.",
    share_unit: "%",
    progress_unit: "% of the way to the goal",
    trend_heading: "Development",
    ranking_heading: "Comparison between organisations",
    compare_with: "Compare with organisations",
    chosen_quarter: "Quarter for the comparison",
    median: "Median",
    p25: "25th percentile",
    p75: "75th percentile",
    n_reported: "Count",
    rank: "Rank",
    value: "Value",
    rose: "rose",
    fell: "fell",
    stayed: "stayed",
    from_word: "from",
    to_word: "to",
    between: "between",
    and_word: "and",
    highest: "Highest",
    lowest: "lowest",
    trend_desc: "Line chart of the median per quarter, with the band of the middle half of organisations and the chosen organisations' own lines. The numbers are in the table below the chart.",
    bars_desc: "Bar chart of the organisations' figures for the quarter, largest first. The numbers are in the table below the chart.",
    versus_nation: "Compared with the nation",
    own_value: "The organisation",
    national_median: "National median",
    percentile: "Percentile",
    trend_per_quarter: "Trend per quarter",
    goal_heading: "The 10x goal",
    goal_name: "What the goal measures",
    baseline: "Baseline",
    target: "Target",
    target_hint: "Leave empty for ten times the baseline (a tenth where lower is better).",
    deadline: "Deadline (quarter)",
    lower_is_better: "Lower is better",
    save_goal: "Save the goal",
    no_goal: "The organisation has no 10x goal yet.",
    on_track: "On track: a straight line through the reported quarters reaches the target by the deadline.",
    off_track: "Off track: a straight line through the reported quarters does not reach the target by the deadline.",
    too_few_quarters: "At least two reported quarters are needed to judge whether the target will be reached.",
    goal_desc: "Line chart of the organisation's indicator by quarter, with the baseline, the target and a straight line to the deadline.",
    projected: "Projected at the deadline",
    goal_saved: "The goal has been saved.",
    nav_import: "Import",
    nav_export: "Export",
    import_title: "Import quarterly figures from CSV",
    import_intro: "The file needs the header organisation_number,period,series,value and may have a lessons column. Comma or semicolon (with decimal comma, as Excel with Swedish settings writes) is recognised. The whole file is checked first: you see what will change before anything is stored, and a file with problems is not stored at all.",
    file: "CSV file",
    review_file: "Review the file",
    no_file: "Choose a file to import.",
    may_not_import: "You may not import: your role may not change any organisation's figures.",
    imported: "The import has been stored",
    review_title: "Review the import",
    problems_found: "The file has problems and cannot be imported. Correct the file and upload it again.",
    line: "Line",
    column: "Column",
    message: "Problem",
    changes_found: "This will change when you confirm:",
    no_changes_found: "The file changes nothing: every figure is already stored.",
    new_value_word: "new",
    confirm_import: "Confirm and store",
    cancel: "Cancel",
    not_utf8: "The file is not UTF-8 text. Save it as CSV (UTF-8) and try again.",
    export_title: "Export to CSV",
    export_intro: "Choose what to include and in which format. Excel (Swedish) opens straight in Excel with Swedish settings.",
    format: "Format",
    values_export: "Download figures",
    summary_export: "Download summary",
    all_series: "All series",
    all_organisations: "All organisations",
    download_csv: "Download as CSV",
    download_excel: "Download for Excel",
};

impl Lang {
    /// What the organisation page's percentile means for `organisation`.
    pub fn percentile_explained(self, organisation: &str) -> String {
        match self {
            Lang::Sv => format!(
                "Percentil: hur stor andel av organisationerna, i procent, som hade ett lägre värde än {organisation} samma kvartal (lika värden räknas till hälften); 75 betyder att tre av fyra låg lägre."
            ),
            Lang::En => format!(
                "Percentile: the share of organisations, in per cent, with a lower value than {organisation} in the same quarter (equal values count half); 75 means three in four were lower."
            ),
        }
    }

    /// What the organisation page's trend per quarter means for `organisation`.
    pub fn trend_explained(self, organisation: &str) -> String {
        match self {
            Lang::Sv => format!(
                "Trend per kvartal: hur mycket värdet för {organisation} i genomsnitt har ändrats per kvartal över alla rapporterade kvartal, i seriens enhet (lutningen på en rät linje genom värdena)."
            ),
            Lang::En => format!(
                "Trend per quarter: how much the value of {organisation} has changed per quarter on average over all reported quarters, in the series' unit (the slope of a straight line through the values)."
            ),
        }
    }

    /// The texts of the API keys page.
    pub fn token_texts(self) -> &'static TokenTexts {
        match self {
            Lang::Sv => &SV_TOKENS,
            Lang::En => &EN_TOKENS,
        }
    }
}

pub struct TokenTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub new_heading: &'static str,
    pub name: &'static str,
    pub name_hint: &'static str,
    pub days: &'static str,
    pub days_hint: &'static str,
    pub create: &'static str,
    pub made_heading: &'static str,
    pub made_text: &'static str,
    pub secret_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub yours_heading: &'static str,
    pub none: &'static str,
    pub created: &'static str,
    pub expires: &'static str,
    pub last_used: &'static str,
    pub never_used: &'static str,
    pub revoke: &'static str,
    pub revoked: &'static str,
}

pub static SV_TOKENS: TokenTexts = TokenTexts {
    title: "API-nycklar",
    intro: "Med en API-nyckel kan ett skript eller ett annat system använda Effekts API i ditt namn. \
        En nyckel slutar gälla när tiden du valt har gått, när du tar bort den och när ditt \
        lösenord byts eller ditt konto stängs av.",
    new_heading: "Skapa en nyckel",
    name: "Namn",
    name_hint: "Vad nyckeln ska användas till, till exempel ”nattlig import”.",
    days: "Giltig i antal dagar",
    days_hint: "1 till 365 dagar.",
    create: "Skapa nyckel",
    made_heading: "Din nya nyckel",
    made_text: "Kopiera nyckeln nu: den visas bara den här gången. Markera fältet och kopiera, \
        eller använd knappen.",
    secret_label: "Nyckel",
    copy: "Kopiera",
    copied: "Kopierad.",
    yours_heading: "Dina nycklar",
    none: "Du har inga API-nycklar.",
    created: "Skapad",
    expires: "Slutar gälla",
    last_used: "Senast använd",
    never_used: "Aldrig",
    revoke: "Ta bort",
    revoked: "Nyckeln är borttagen och fungerar inte längre.",
};

pub static EN_TOKENS: TokenTexts = TokenTexts {
    title: "API keys",
    intro: "With an API key a script or another system can use Effekt's API on your behalf. A \
        key stops working when the time you chose has passed, when you remove it, and when your \
        password is changed or your account is deactivated.",
    new_heading: "Create a key",
    name: "Name",
    name_hint: "What the key is for, such as “nightly import”.",
    days: "Valid for how many days",
    days_hint: "1 to 365 days.",
    create: "Create key",
    made_heading: "Your new key",
    made_text: "Copy the key now: it is shown only this once. Select the field and copy, or use \
        the button.",
    secret_label: "Key",
    copy: "Copy",
    copied: "Copied.",
    yours_heading: "Your keys",
    none: "You have no API keys.",
    created: "Created",
    expires: "Expires",
    last_used: "Last used",
    never_used: "Never",
    revoke: "Remove",
    revoked: "The key is removed and no longer works.",
};
