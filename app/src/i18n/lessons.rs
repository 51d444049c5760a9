//! The lessons library's words.

use super::Lang;

pub struct LessonsTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub search: &'static str,
    pub words: &'static str,
    pub words_hint: &'static str,
    pub measure: &'static str,
    pub all_measures: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub any_quarter: &'static str,
    pub none_found: &'static str,
    pub draft_note: &'static str,
    pub results_label: &'static str,
    pub all_of_organisation: &'static str,
}

impl Lang {
    pub fn lessons_texts(self) -> &'static LessonsTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// "3 lärdomar", "1 lärdom".
    pub fn lessons_found(self, total: u64) -> String {
        match (self, total) {
            (Lang::Sv, 1) => "1 lärdom".to_owned(),
            (Lang::Sv, n) => format!("{n} lärdomar"),
            (Lang::En, 1) => "1 lesson".to_owned(),
            (Lang::En, n) => format!("{n} lessons"),
        }
    }
}

static SV: LessonsTexts = LessonsTexts {
    title: "Lärdomar",
    intro: "Vad organisationerna har lärt sig, av lyckade och misslyckade projekt. Lärdomar från inskickade och godkända rapporter; utkast bara för den egna organisationen.",
    search: "Sök",
    words: "Sökord",
    words_hint: "Varje ord ska finnas med; början av ett ord räcker.",
    measure: "Mått",
    all_measures: "Alla mått",
    from: "Från och med kvartal",
    to: "Till och med kvartal",
    any_quarter: "Alla kvartal",
    none_found: "Inga lärdomar matchar sökningen.",
    draft_note: "Utkast: syns bara för organisationen och administratörer.",
    results_label: "Sökresultat",
    all_of_organisation: "Sök bland organisationens lärdomar",
};

static EN: LessonsTexts = LessonsTexts {
    title: "Lessons learned",
    intro: "What organisations have learned from successful and failed projects. Lessons from submitted and approved reports; drafts only for their own organisation.",
    search: "Search",
    words: "Search words",
    words_hint: "Every word must occur; the beginning of a word is enough.",
    measure: "Measure",
    all_measures: "All measures",
    from: "From quarter",
    to: "To quarter",
    any_quarter: "All quarters",
    none_found: "No lessons match the search.",
    draft_note: "Draft: shown only to the organisation and administrators.",
    results_label: "Search results",
    all_of_organisation: "Search the organisation's lessons",
};
