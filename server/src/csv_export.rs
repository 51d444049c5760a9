//! Writing exports as CSV, for the API and the command line alike.

use std::collections::HashMap;

use effekt::analytics::{Analytics, Basis, CacheError, Filter};
use effekt::csv::{Cell, CsvFormat, CsvWriter, FormatError};
use effekt::store::{ExportFilter, Store, StoreError};
use effekt::{
    BasisError, Catalogue, Normalise, NormaliseError, OrgKind, OrgKindError, OrgNumber,
    OrgNumberError, Period, PeriodError, SeriesChoiceError, SizeYear,
};
use tokio::sync::mpsc::Sender;

/// Organisations fetched per page of a values export: with forty quarters of seventeen series,
/// a page holds at most some 35,000 figures, and the export never more.
const PAGE: i64 = 50;

const VALUES_HEADER: [&str; 7] = [
    "organisation_number",
    "organisation_name",
    "period",
    "measure",
    "series",
    "value",
    "status",
];
/// The summary's fields in the JSON's order; `n_approved`, added later, comes last, so that
/// files read by column position stay as they were.
const SUMMARY_HEADER: [&str; 11] = [
    "series",
    "period",
    "n",
    "sum",
    "mean",
    "median",
    "p25",
    "p75",
    "min",
    "max",
    "n_approved",
];

/// More organisations than an export by name needs (Sweden's public sector has some 700
/// organisations; leaving the filter out exports them all). A longer list is refused.
pub const MAX_ORGANISATIONS: usize = 1_000;

/// Why an export's query was refused: not a query, a value that is not what its key names, or
/// too much asked for.
#[derive(Debug, thiserror::Error)]
pub enum ExportQueryError {
    #[error("The query cannot be read: {0}")]
    Unreadable(#[from] serde_urlencoded::de::Error),
    #[error(transparent)]
    Quarter(#[from] PeriodError),
    #[error(transparent)]
    Kind(#[from] OrgKindError),
    #[error(transparent)]
    Organisation(#[from] OrgNumberError),
    #[error(transparent)]
    Series(#[from] SeriesChoiceError),
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error(transparent)]
    Basis(#[from] BasisError),
    #[error(transparent)]
    Normalise(#[from] NormaliseError),
    #[error("at most {MAX_ORGANISATIONS} organisations can be exported at once, not {0}")]
    TooManyOrganisations(usize),
}

/// The export filters: `from`, `to`, `kind`, `organisation` (repeated or comma-separated),
/// `series` (comma-separated), `format`, and for the summary `basis`.
pub struct ExportQuery {
    pub filter: ExportFilter,
    pub format: CsvFormat,
    /// Which reports the summary counts; the values export lists every figure with its status.
    pub basis: Basis,
    /// Count and money figures per 1,000 employees or inhabitants, the others left out.
    pub normalise: Option<Normalise>,
}

impl ExportQuery {
    /// Reads the filters from a URL query (`from=2025Q1&to=...`). Organisations and series are
    /// each kept once, organisations in order.
    pub fn parse(raw: &str, catalogue: &Catalogue) -> Result<Self, ExportQueryError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)?;
        let mut query = ExportQuery {
            filter: ExportFilter::default(),
            format: CsvFormat::Standard,
            basis: Basis::default(),
            normalise: None,
        };
        for (key, value) in pairs {
            let list = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
            let period = || Period::parse(&value).map(Some);
            match key.as_str() {
                "from" if !value.is_empty() => query.filter.from = period()?,
                "to" if !value.is_empty() => query.filter.to = period()?,
                "kind" if !value.is_empty() => {
                    query.filter.kind = Some(OrgKind::parse(&value)?);
                }
                "organisation" => {
                    for number in list() {
                        let number = OrgNumber::parse(number)?;
                        query.filter.organisations.push(number);
                    }
                }
                "series" => {
                    for series in list() {
                        catalogue.choose_series(series, false)?;
                        if !query.filter.series.iter().any(|s| s == series) {
                            query.filter.series.push(series.to_owned());
                        }
                    }
                }
                "format" => query.format = CsvFormat::parse(&value)?,
                "basis" if !value.is_empty() => {
                    query.basis = Basis::parse(&value)?;
                }
                "normalise" if !value.is_empty() => {
                    query.normalise = Some(Normalise::parse(&value)?);
                }
                _ => {}
            }
        }
        if query.normalise.is_some() {
            for series in &query.filter.series {
                catalogue.choose_series(series, true)?;
            }
        }
        let organisations = &mut query.filter.organisations;
        organisations.sort_unstable();
        organisations.dedup();
        if organisations.len() > MAX_ORGANISATIONS {
            return Err(ExportQueryError::TooManyOrganisations(organisations.len()));
        }
        Ok(query)
    }

    /// `effekt-values-2024Q1-2025Q4.csv`: what the file holds; `-per_1000_employees` and the
    /// like when normalised.
    pub fn file_name(&self, what: &str) -> String {
        let end = |p: Option<Period>, open: &str| {
            p.map(|p| p.to_string()).unwrap_or_else(|| open.to_owned())
        };
        let mut name = format!(
            "effekt-{what}-{}-{}",
            end(self.filter.from, "start"),
            end(self.filter.to, "latest")
        );
        if let Some(kind) = self.filter.kind {
            name.push_str(&format!("-{}", kind.as_str()));
        }
        if let Some(normalise) = self.normalise {
            name.push_str(&format!("-{normalise}"));
        }
        if self.format == CsvFormat::ExcelSv {
            name.push_str("-excel");
        }
        name + ".csv"
    }
}

/// Writes every stored figure that matches as CSV, a page at a time, sending each chunk to
/// `chunks`; stops early when nobody receives any more (the client went away). Normalised,
/// only count and money figures of organisations with a size for the quarter's year are
/// written, each divided by that size.
pub async fn write_values(
    store: &Store,
    catalogue: &Catalogue,
    query: &ExportQuery,
    chunks: &Sender<Vec<u8>>,
) -> Result<(), StoreError> {
    let mut writer = CsvWriter::new(query.format);
    writer.header(&VALUES_HEADER);
    // Looked up once per figure: a map, not a search of the catalogue.
    let measures: HashMap<&str, &str> = catalogue
        .measures()
        .iter()
        .flat_map(|m| m.series.iter().map(|s| (s.key.as_str(), m.key.as_str())))
        .collect();
    let sizes = match query.normalise {
        Some(_) => store.sizes().await?,
        None => Default::default(),
    };
    let mut after = None;
    loop {
        let page = store.export_page(&query.filter, after, PAGE).await?;
        for organisation in &page.organisations {
            let number = organisation.number.to_string();
            let mut period = String::new();
            for (i, figure) in organisation.figures.iter().enumerate() {
                // Figures come in quarter order: each quarter is written out once.
                if i == 0 || organisation.figures[i - 1].period != figure.period {
                    period = figure.period.to_string();
                }
                let value = match query.normalise {
                    None => figure.value,
                    Some(normalise) => {
                        let sized = SizeYear::try_from(figure.period.year())
                            .ok()
                            .and_then(|year| sizes.get(&(organisation.number, year)))
                            .filter(|_| catalogue.normalisable(&figure.series))
                            .and_then(|&size| normalise.apply(figure.value, size));
                        let Some(value) = sized else { continue };
                        value
                    }
                };
                writer.row(&[
                    Cell::Text(&number),
                    Cell::Text(&organisation.name),
                    Cell::Text(&period),
                    Cell::Text(measures.get(figure.series.as_str()).unwrap_or(&"")),
                    Cell::Text(&figure.series),
                    Cell::Number(value),
                    Cell::Text(figure.status.as_str()),
                ]);
            }
        }
        after = page.next;
        if chunks.send(writer.take()).await.is_err() || after.is_none() {
            return Ok(());
        }
    }
}

/// The summary of `/api/v1/summary` for the query's filters, as CSV.
pub async fn summary_csv(
    analytics: &Analytics,
    query: &ExportQuery,
) -> Result<Vec<u8>, CacheError> {
    let filter = Filter {
        from: query.filter.from,
        to: query.filter.to,
        kind: query.filter.kind,
        series: (!query.filter.series.is_empty()).then(|| query.filter.series.clone()),
        basis: query.basis,
        normalise: query.normalise,
    };
    let rows = analytics.summary(&filter).await?;
    let mut writer = CsvWriter::new(query.format);
    if query.normalise.is_some() {
        writer.header(&[&SUMMARY_HEADER[..], &["n_without_size"]].concat());
    } else {
        writer.header(&SUMMARY_HEADER);
    }
    for row in rows.iter() {
        let period = row.period.to_string();
        let mut cells = vec![
            Cell::Text(&row.series),
            Cell::Text(&period),
            Cell::Number(f64::from(row.n)),
            Cell::Number(row.sum),
            Cell::Number(row.mean),
            Cell::Number(row.median),
            Cell::Number(row.p25),
            Cell::Number(row.p75),
            Cell::Number(row.min),
            Cell::Number(row.max),
            Cell::Number(f64::from(row.n_approved)),
        ];
        cells.extend(row.n_without_size.map(|n| Cell::Number(f64::from(n))));
        writer.row(&cells);
    }
    Ok(writer.take())
}
