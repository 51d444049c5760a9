//! The open data page's words, and the administrators' choice to publish.

use super::Lang;

pub struct OpenDataTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub licence_heading: &'static str,
    pub licence: &'static str,
    pub files_heading: &'static str,
    pub values_file: &'static str,
    pub values_file_excel: &'static str,
    pub summary_file: &'static str,
    pub never_heading: &'static str,
    pub never: &'static str,
    pub organisations_heading: &'static str,
    pub none_yet: &'static str,
    pub rate_limit: &'static str,
    /// The administrators' checkbox.
    pub publish: &'static str,
}

impl Lang {
    pub fn open_data_texts(self) -> &'static OpenDataTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }
}

static SV: OpenDataTexts = OpenDataTexts {
    title: "Öppna data",
    intro: "Organisationer som har valt att dela allt de gör publicerar här sina godkända \
            siffror. Vem som helst får hämta dem, utan inloggning.",
    licence_heading: "Licens",
    licence: "Uppgifterna är fria att använda enligt CC0 1.0 (ingen upphovsrätt förbehålls).",
    files_heading: "Filer och gränssnitt",
    values_file: "Alla godkända värden (CSV)",
    values_file_excel: "Alla godkända värden (CSV för svenskt Excel)",
    summary_file: "Sammanställning per serie och kvartal (JSON)",
    never_heading: "Det här publiceras aldrig",
    never: "Utkast, inskickade men ännu inte godkända rapporter, lärdomar, användare och \
            ändringsloggen.",
    organisations_heading: "Organisationer som publicerar",
    none_yet: "Ingen organisation publicerar öppna data ännu.",
    rate_limit: "Varje adress får ett begränsat antal hämtningar per minut; vid för många \
                 svarar tjänsten 429.",
    publish: "Publicera godkända siffror som öppna data",
};

static EN: OpenDataTexts = OpenDataTexts {
    title: "Open data",
    intro: "Organisations that have chosen to share everything they do publish their approved \
            figures here. Anyone may download them, without signing in.",
    licence_heading: "Licence",
    licence: "The data is free to use under CC0 1.0 (no rights reserved).",
    files_heading: "Files and API",
    values_file: "All approved values (CSV)",
    values_file_excel: "All approved values (CSV for Swedish Excel)",
    summary_file: "Summary per series and quarter (JSON)",
    never_heading: "Never published here",
    never: "Drafts, submitted but not yet approved reports, lessons, users and the audit trail.",
    organisations_heading: "Organisations that publish",
    none_yet: "No organisation publishes open data yet.",
    rate_limit: "Each address may download a limited number of times a minute; beyond that the \
                 service answers 429.",
    publish: "Publish approved figures as open data",
};
