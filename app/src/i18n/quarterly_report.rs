//! The quarterly report's words.

use super::Lang;

pub struct QuarterlyReportTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub headlines: &'static str,
    pub headlines_table: &'static str,
    pub measure: &'static str,
    pub median: &'static str,
    pub year_before: &'static str,
    pub change: &'static str,
    pub reports: &'static str,
    pub biggest_changes: &'static str,
    pub biggest_changes_intro: &'static str,
    pub no_changes: &'static str,
    pub reporting: &'static str,
    pub goals_intro: &'static str,
    pub goals_behind: &'static str,
    pub lessons: &'static str,
    pub no_lessons: &'static str,
    pub all_lessons: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub print_hint: &'static str,
    pub link_from_dashboard: &'static str,
}

impl Lang {
    pub fn quarterly_report_texts(self) -> &'static QuarterlyReportTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

static SV: QuarterlyReportTexts = QuarterlyReportTexts {
    title: "Kvartalsrapport",
    intro: "Läget i svensk offentlig digitalisering kvartalet i korthet, för ledningen: \
        nationella medianer av inskickade och godkända rapporter, de största förändringarna \
        mot samma kvartal året före, hur många som rapporterade och några lärdomar.",
    headlines: "Nyckeltal",
    headlines_table: "Nyckeltal: nationell median per mått",
    measure: "Mått",
    median: "Median",
    year_before: "Året före",
    change: "Förändring",
    reports: "Rapporter",
    biggest_changes: "Största förändringarna",
    biggest_changes_intro: "Mot samma kvartal året före, störst först räknat i procent av \
        fjolårets värde.",
    no_changes: "Inget nyckeltal har både i år och året före tillräckligt många rapporter \
        för en jämförelse.",
    reporting: "Rapportering",
    goals_intro: "Organisationernas mål, bedömda efter de siffror som rapporterats hittills:",
    goals_behind: "De mål som är i riskzonen eller ur fas:",
    lessons: "Lärdomar",
    no_lessons: "Inga inskickade rapporter för kvartalet delar lärdomar.",
    all_lessons: "Alla lärdomar för kvartalet",
    previous: "Föregående kvartal",
    next: "Nästa kvartal",
    print_hint: "Skriv ut sidan eller spara den som PDF från webbläsaren: utskriften blir \
        ett rent A4-dokument.",
    link_from_dashboard: "Kvartalsrapport",
};

static EN: QuarterlyReportTexts = QuarterlyReportTexts {
    title: "Quarterly report",
    intro: "Where Swedish public-sector digitalisation stands this quarter, in brief, for \
        leadership: national medians of submitted and approved reports, the biggest changes \
        against the same quarter a year before, how many reported, and some lessons.",
    headlines: "Headline figures",
    headlines_table: "Headline figures: national median per measure",
    measure: "Measure",
    median: "Median",
    year_before: "A year before",
    change: "Change",
    reports: "Reports",
    biggest_changes: "Biggest changes",
    biggest_changes_intro: "Against the same quarter a year before, largest first, counted \
        as a share of last year's value.",
    no_changes: "No headline figure has enough reports both this year and the year before \
        for a comparison.",
    reporting: "Reporting",
    goals_intro: "The organisations' goals, judged by the figures reported so far:",
    goals_behind: "The goals at risk or off track:",
    lessons: "Lessons learned",
    no_lessons: "No submitted report for the quarter shares lessons.",
    all_lessons: "All lessons for the quarter",
    previous: "Previous quarter",
    next: "Next quarter",
    print_hint: "Print the page or save it as PDF from the browser: the print is a clean A4 \
        document.",
    link_from_dashboard: "Quarterly report",
};
