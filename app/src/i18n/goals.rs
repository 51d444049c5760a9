//! The words of the goals that steer: the leadership page and the organisation's goals.

use effekt::Verdict;

use super::Lang;

pub struct GoalsTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub rule: &'static str,
    pub filters: &'static str,
    pub measure: &'static str,
    pub all_measures: &'static str,
    pub table_label: &'static str,
    pub goal: &'static str,
    pub baseline: &'static str,
    pub target: &'static str,
    pub latest: &'static str,
    pub progress: &'static str,
    pub straight_line: &'static str,
    pub constant_growth: &'static str,
    pub verdict: &'static str,
    pub none: &'static str,
    pub not_yet: &'static str,
    pub organisation_heading: &'static str,
    pub organisation_none: &'static str,
    pub series: &'static str,
    pub choose_series: &'static str,
    pub baseline_period: &'static str,
    pub baseline_value: &'static str,
    pub deadline: &'static str,
    pub period_hint: &'static str,
    pub lower_is_better: &'static str,
    pub new_goal: &'static str,
    pub add: &'static str,
    pub change_or_remove: &'static str,
    pub save: &'static str,
    pub remove: &'static str,
    pub all_goals: &'static str,
}

impl Lang {
    pub fn goals_texts(self) -> &'static GoalsTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// The verdict in words; none before there is a figure to judge by.
    pub fn verdict(self, verdict: Option<Verdict>) -> &'static str {
        match (self, verdict) {
            (Lang::Sv, Some(Verdict::OnTrack)) => "I fas",
            (Lang::Sv, Some(Verdict::AtRisk)) => "I riskzonen",
            (Lang::Sv, Some(Verdict::OffTrack)) => "Ur fas",
            (Lang::Sv, None) => "Inte bedömt än",
            (Lang::En, Some(Verdict::OnTrack)) => "On track",
            (Lang::En, Some(Verdict::AtRisk)) => "At risk",
            (Lang::En, Some(Verdict::OffTrack)) => "Off track",
            (Lang::En, None) => "Not judged yet",
        }
    }

    /// "3 mål: 1 i fas, 1 i riskzonen, 1 ur fas."
    pub fn goals_tally(self, total: usize, on: usize, risk: usize, off: usize) -> String {
        match self {
            Lang::Sv => format!("{total} mål: {on} i fas, {risk} i riskzonen, {off} ur fas."),
            Lang::En => {
                let goals = if total == 1 { "goal" } else { "goals" };
                format!("{total} {goals}: {on} on track, {risk} at risk, {off} off track.")
            }
        }
    }
}

static SV: GoalsTexts = GoalsTexts {
    title: "Mål",
    intro: "Varje organisations mål med bedömningen om det nås i tid, utifrån de inskickade och godkända siffrorna sedan målets utgångsläge.",
    rule: "Två prognoser till slutkvartalet: en rak linje och en konstant tillväxttakt från utgångsläget till den senaste siffran. I fas när båda når målet, i riskzonen när en av dem gör det eller den bästa når minst 80 % av vägen, annars ur fas.",
    filters: "Urval",
    measure: "Mått",
    all_measures: "Alla mått",
    table_label: "Alla mål med bedömning",
    goal: "Mål",
    baseline: "Utgångsläge",
    target: "Målvärde",
    latest: "Senaste siffra",
    progress: "Andel av vägen",
    straight_line: "Prognos, rak linje",
    constant_growth: "Prognos, konstant tillväxt",
    verdict: "Bedömning",
    none: "Inga mål matchar urvalet.",
    not_yet: "–",
    organisation_heading: "Mål som styr",
    organisation_none: "Organisationen har inga mål än.",
    series: "Serie",
    choose_series: "Välj en serie",
    baseline_period: "Utgångskvartal",
    baseline_value: "Utgångsvärde",
    deadline: "Tidsgräns (kvartal)",
    period_hint: "Ett kvartal, till exempel 2025K1.",
    lower_is_better: "Lägre är bättre",
    new_goal: "Nytt mål",
    add: "Lägg till målet",
    change_or_remove: "Ändra eller ta bort",
    save: "Spara ändringen",
    remove: "Ta bort målet",
    all_goals: "Alla organisationers mål",
};

static EN: GoalsTexts = GoalsTexts {
    title: "Goals",
    intro: "Every organisation's goals with whether each will be reached in time, judged by the submitted and approved figures since the goal's baseline.",
    rule: "Two projections to the deadline: a straight line, and a constant growth rate from the baseline to the latest figure. On track when both reach the target, at risk when one does or the better comes at least 80 % of the way, off track otherwise.",
    filters: "Filters",
    measure: "Measure",
    all_measures: "All measures",
    table_label: "Every goal with its verdict",
    goal: "Goal",
    baseline: "Baseline",
    target: "Target",
    latest: "Latest figure",
    progress: "Share of the way",
    straight_line: "Projection, straight line",
    constant_growth: "Projection, constant growth",
    verdict: "Verdict",
    none: "No goals match the filters.",
    not_yet: "–",
    organisation_heading: "Goals that steer",
    organisation_none: "The organisation has no goals yet.",
    series: "Series",
    choose_series: "Choose a series",
    baseline_period: "Baseline quarter",
    baseline_value: "Baseline value",
    deadline: "Deadline (quarter)",
    period_hint: "A quarter, such as 2025Q1.",
    lower_is_better: "Lower is better",
    new_goal: "New goal",
    add: "Add the goal",
    change_or_remove: "Change or remove",
    save: "Save the change",
    remove: "Remove the goal",
    all_goals: "Every organisation's goals",
};
