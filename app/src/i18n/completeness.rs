//! The reporting-rate page's words.

use super::Lang;

pub struct CompletenessTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub chart_title: &'static str,
    pub y_label: &'static str,
    pub reported_line: &'static str,
    pub on_time_line: &'static str,
    pub table_label: &'static str,
    pub deadline: &'static str,
    pub expected: &'static str,
    pub reported: &'static str,
    pub reported_share: &'static str,
    pub approved: &'static str,
    pub on_time: &'static str,
    pub on_time_share: &'static str,
    pub missing_heading: &'static str,
    pub all_reported: &'static str,
    pub no_report: &'static str,
    pub deadline_set: &'static str,
    pub set_deadline: &'static str,
    pub deadline_hint: &'static str,
    pub save_deadline: &'static str,
    pub deadline_saved: &'static str,
}

impl Lang {
    pub fn completeness_texts(self) -> &'static CompletenessTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// "2026 K3: 10 av 12 har rapporterat (83 %), 8 i tid (67 %)."
    pub fn completeness_summary(
        self,
        period: &str,
        reported: u32,
        expected: u32,
        on_time: u32,
    ) -> String {
        let share = |n: u32| percent(n, expected);
        match self {
            Lang::Sv => format!(
                "{period}: {reported} av {expected} har rapporterat ({} %), {on_time} i tid ({} %).",
                share(reported),
                share(on_time)
            ),
            Lang::En => format!(
                "{period}: {reported} of {expected} have reported ({} %), {on_time} on time ({} %).",
                share(reported),
                share(on_time)
            ),
        }
    }
}

/// `n` of `of` in whole per cent, rounded; none of none is 0.
pub fn percent(n: u32, of: u32) -> u32 {
    if of == 0 {
        0
    } else {
        (f64::from(n) * 100.0 / f64::from(of)).round() as u32
    }
}

static SV: CompletenessTexts = CompletenessTexts {
    title: "Rapportering",
    intro: "Hur många organisationer som har rapporterat varje kvartal, och hur många som \
        gjorde det i tid: en rapport är i tid när den första gången skickades in senast \
        kvartalets sista rapporteringsdag. Utkast räknas inte.",
    chart_title: "Andel som har rapporterat och andel i tid",
    y_label: "Andel av organisationerna (%)",
    reported_line: "Har rapporterat",
    on_time_line: "I tid",
    table_label: "Rapportering per kvartal",
    deadline: "Sista rapporteringsdag",
    expected: "Organisationer",
    reported: "Har rapporterat",
    reported_share: "Andel rapporterat",
    approved: "Godkända",
    on_time: "I tid",
    on_time_share: "Andel i tid",
    missing_heading: "Har inte rapporterat",
    all_reported: "Alla har rapporterat.",
    no_report: "ingen rapport",
    deadline_set: "satt av administratör",
    set_deadline: "Sista rapporteringsdag för kvartalet",
    deadline_hint: "Skriv datumet som ÅÅÅÅ-MM-DD. Rapporter som skickas in senast den dagen är i tid.",
    save_deadline: "Spara sista dag",
    deadline_saved: "Sista rapporteringsdagen är sparad.",
};

static EN: CompletenessTexts = CompletenessTexts {
    title: "Reporting",
    intro: "How many organisations have reported each quarter, and how many did so on time: a \
        report is on time when it was first submitted by the quarter's reporting deadline. \
        Drafts do not count.",
    chart_title: "Share that reported and share on time",
    y_label: "Share of the organisations (%)",
    reported_line: "Reported",
    on_time_line: "On time",
    table_label: "Reporting per quarter",
    deadline: "Reporting deadline",
    expected: "Organisations",
    reported: "Reported",
    reported_share: "Share reported",
    approved: "Approved",
    on_time: "On time",
    on_time_share: "Share on time",
    missing_heading: "Not reported",
    all_reported: "Every organisation has reported.",
    no_report: "no report",
    deadline_set: "set by an administrator",
    set_deadline: "Reporting deadline of the quarter",
    deadline_hint: "Write the date as YYYY-MM-DD. Reports submitted by that day are on time.",
    save_deadline: "Save deadline",
    deadline_saved: "The reporting deadline is saved.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_whole_per_cent_rounded_and_none_of_none_is_zero() {
        assert_eq!(percent(10, 12), 83);
        assert_eq!(percent(8, 12), 67);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(
            Lang::Sv.completeness_summary("2026 K3", 10, 12, 8),
            "2026 K3: 10 av 12 har rapporterat (83 %), 8 i tid (67 %)."
        );
    }
}
