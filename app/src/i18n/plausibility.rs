//! The words of plausibility warnings and their explanations.

use effekt::Implausibility;

use super::Lang;

pub struct PlausibilityTexts {
    /// Before each warning, so that it does not rest on its colour.
    pub check: &'static str,
    pub summary: &'static str,
    pub summary_hint: &'static str,
    pub explanation: &'static str,
    /// What an explanation is called where it is not asked for: the history, the error list.
    pub explanation_name: &'static str,
    pub explanation_hint: &'static str,
    /// Before an explanation shown to those who read the report.
    pub explained: &'static str,
    /// The approval list's column.
    pub column: &'static str,
    pub none: &'static str,
}

impl Lang {
    pub fn plausibility_texts(self) -> &'static PlausibilityTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// Why a figure looks implausible, with its numbers written as this language writes them.
    pub fn implausibility(self, problem: &Implausibility) -> String {
        let number = |n: f64| crate::format::number(self, n, false);
        let history = |median: f64, quarters: usize| match self {
            Lang::Sv => format!(
                "organisationens median {} för de senaste {quarters} rapporterade kvartalen",
                number(median)
            ),
            Lang::En => format!(
                "the organisation's median of {} over its last {quarters} reported quarters",
                number(median)
            ),
        };
        match (self, *problem) {
            (Lang::Sv, Implausibility::AboveHistory { median, quarters }) => format!(
                "Värdet är mer än tio gånger {}. Kontrollera värdet eller förklara det.",
                history(median, quarters)
            ),
            (Lang::En, Implausibility::AboveHistory { median, quarters }) => format!(
                "The figure is more than ten times {}. Check it or explain it.",
                history(median, quarters)
            ),
            (Lang::Sv, Implausibility::BelowHistory { median, quarters }) => format!(
                "Värdet är mindre än en tiondel av {}. Kontrollera värdet eller förklara det.",
                history(median, quarters)
            ),
            (Lang::En, Implausibility::BelowHistory { median, quarters }) => format!(
                "The figure is less than a tenth of {}. Check it or explain it.",
                history(median, quarters)
            ),
            (
                Lang::Sv,
                Implausibility::FarFromHistory {
                    median,
                    quarters,
                    max_distance,
                },
            ) => format!(
                "Värdet ligger mer än {} från {}. Kontrollera värdet eller förklara det.",
                number(max_distance),
                history(median, quarters)
            ),
            (
                Lang::En,
                Implausibility::FarFromHistory {
                    median,
                    quarters,
                    max_distance,
                },
            ) => format!(
                "The figure is more than {} from {}. Check it or explain it.",
                number(max_distance),
                history(median, quarters)
            ),
            (Lang::Sv, Implausibility::OutsideNational { period, low, high }) => format!(
                "Värdet ligger utanför det som landets organisationer rapporterade för {}: \
                 {} till {} (1:a till 99:e percentilen). Kontrollera värdet eller förklara det.",
                self.period(period),
                number(low),
                number(high)
            ),
            (Lang::En, Implausibility::OutsideNational { period, low, high }) => format!(
                "The figure is outside what the country's organisations reported for {}: \
                 {} to {} (the 1st to the 99th percentile). Check it or explain it.",
                self.period(period),
                number(low),
                number(high)
            ),
        }
    }

    /// "2 varningar", "1 warning".
    pub fn warnings_count(self, count: usize) -> String {
        match (self, count) {
            (Lang::Sv, 1) => "1 varning".to_owned(),
            (Lang::Sv, n) => format!("{n} varningar"),
            (Lang::En, 1) => "1 warning".to_owned(),
            (Lang::En, n) => format!("{n} warnings"),
        }
    }
}

static SV: PlausibilityTexts = PlausibilityTexts {
    check: "Kontrollera:",
    summary: "Några värden ser ovanliga ut",
    summary_hint: "De är sparade. Kontrollera dem, och skriv gärna en kort förklaring till den som godkänner rapporten.",
    explanation: "Förklaring (frivillig)",
    explanation_name: "förklaring",
    explanation_hint: "Varför värdet avviker, till exempel en ny räknemetod. Högst 1 000 tecken.",
    explained: "Analytikerns förklaring:",
    column: "Rimlighet",
    none: "Inga varningar",
};

static EN: PlausibilityTexts = PlausibilityTexts {
    check: "Check:",
    summary: "Some figures look unusual",
    summary_hint: "They are saved. Check them, and if you like write a short explanation for whoever approves the report.",
    explanation: "Explanation (optional)",
    explanation_name: "explanation",
    explanation_hint: "Why the figure differs, for example a new way of counting. At most 1,000 characters.",
    explained: "The analyst's explanation:",
    column: "Plausibility",
    none: "No warnings",
};
