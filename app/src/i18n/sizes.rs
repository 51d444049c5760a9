//! The words of organisation sizes, normalised figures and peer groups.

use effekt::{Normalise, OrgKind, SizeBand, SizeYear};

use super::Lang;

pub struct SizesTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub year: &'static str,
    pub employees: &'static str,
    pub inhabitants: &'static str,
    pub inhabitants_hint: &'static str,
    pub none: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub form_legend: &'static str,
    pub peer_median: &'static str,
    pub peer_percentile: &'static str,
    pub no_peer_group: &'static str,
    pub normalise_label: &'static str,
    pub normalise_none: &'static str,
}

impl Lang {
    pub fn sizes_texts(self) -> &'static SizesTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    pub fn size_band(self, band: SizeBand) -> &'static str {
        match (self, band) {
            (Lang::Sv, SizeBand::Small) => "under 250 anställda",
            (Lang::En, SizeBand::Small) => "under 250 employees",
            (Lang::Sv, SizeBand::Medium) => "250–999 anställda",
            (Lang::En, SizeBand::Medium) => "250–999 employees",
            (Lang::Sv, SizeBand::Large) => "1 000–4 999 anställda",
            (Lang::En, SizeBand::Large) => "1,000–4,999 employees",
            (Lang::Sv, SizeBand::VeryLarge) => "5 000 anställda eller fler",
            (Lang::En, SizeBand::VeryLarge) => "5,000 employees or more",
        }
    }

    /// Who the organisation is compared with, and when the page declines to compare.
    pub fn peers_explained(
        self,
        organisation: &str,
        kind: OrgKind,
        band: SizeBand,
        year: SizeYear,
        min_reports: u32,
    ) -> String {
        let kind = self.kind(kind).to_lowercase();
        let band = self.size_band(band);
        match self {
            Lang::Sv => format!(
                "Liknande organisationer: {kind} med {band} år {year}, som {organisation}. Median och percentil räknas inom gruppen; med färre än {min_reports} rapporter i gruppen visas ingen jämförelse."
            ),
            Lang::En => format!(
                "Similar organisations: {kind} with {band} in {year}, as {organisation}. Median and percentile are worked out within the group; with fewer than {min_reports} reports in the group no comparison is shown."
            ),
        }
    }

    /// A peer group too small to compare with.
    pub fn too_few_peers(self, reported: u32) -> String {
        match self {
            Lang::Sv => format!("för få ({reported})"),
            Lang::En => format!("too few ({reported})"),
        }
    }

    pub fn normalise(self, normalise: Normalise) -> &'static str {
        match (self, normalise) {
            (Lang::Sv, Normalise::PerThousandEmployees) => "per 1 000 anställda",
            (Lang::En, Normalise::PerThousandEmployees) => "per 1,000 employees",
            (Lang::Sv, Normalise::PerThousandInhabitants) => "per 1 000 invånare",
            (Lang::En, Normalise::PerThousandInhabitants) => "per 1,000 inhabitants",
        }
    }
}

static SV: SizesTexts = SizesTexts {
    heading: "Storlek",
    intro: "Antal anställda per år, och invånare för kommuner och regioner. Antal och belopp kan jämföras per 1 000 anställda eller invånare; ett kvartal får sitt kalenderårs storlek.",
    year: "År",
    employees: "Anställda",
    inhabitants: "Invånare",
    inhabitants_hint: "Bara för kommuner och regioner; lämna tomt för andra.",
    none: "Ingen storlek är angiven.",
    save: "Spara storleken",
    saved: "Storleken är sparad.",
    form_legend: "Ange storlek för ett år",
    peer_median: "Median, liknande",
    peer_percentile: "Percentil, liknande",
    no_peer_group: "Ingen storlek för året: ingen jämförelsegrupp.",
    normalise_label: "Visa antal och belopp",
    normalise_none: "som de rapporterats",
};

static EN: SizesTexts = SizesTexts {
    heading: "Size",
    intro: "Employees per year, and inhabitants for municipalities and regions. Counts and amounts can be compared per 1,000 employees or inhabitants; a quarter takes its calendar year's size.",
    year: "Year",
    employees: "Employees",
    inhabitants: "Inhabitants",
    inhabitants_hint: "Only for municipalities and regions; leave empty for others.",
    none: "No size has been given.",
    save: "Save the size",
    saved: "The size has been saved.",
    form_legend: "Set the size for a year",
    peer_median: "Median, similar",
    peer_percentile: "Percentile, similar",
    no_peer_group: "No size for the year: no comparison group.",
    normalise_label: "Show counts and amounts",
    normalise_none: "as reported",
};
