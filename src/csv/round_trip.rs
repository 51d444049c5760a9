//! Property: any set of valid figures written as an export and read back as an import comes
//! back unchanged, in both formats.

use proptest::prelude::*;

use super::{Cell, CsvFormat, CsvWriter, ImportPlan};
use crate::{Catalogue, OrgNumber, Period};

fn catalogue() -> Catalogue {
    Catalogue::shipped()
}

/// A valid figure for the series at `index` of the catalogue, from a raw number.
fn valid(catalogue: &Catalogue, index: usize, raw: f64) -> (String, f64) {
    let series = catalogue.series().nth(index % 17).unwrap();
    let min = series.min.unwrap_or(-1e9);
    let max = series.max.unwrap_or(1e9);
    let mut value = min + (max - min) * raw;
    if series.integer {
        value = value.round();
    }
    (series.key.to_string(), series.check(value).unwrap())
}

proptest! {
    #[test]
    fn valid_figures_survive_export_then_import(
        figures in proptest::collection::btree_map(
            (0usize..3, 2020u16..2030, 1u8..=4, 0usize..17),
            0.0f64..=1.0,
            1..40,
        ),
        excel in any::<bool>(),
    ) {
        let catalogue = catalogue();
        let organisations = ["202100-5448", "212000-0142", "232100-0016"];
        let format = if excel { CsvFormat::ExcelSv } else { CsvFormat::Standard };
        let mut expected = Vec::new();
        let mut writer = CsvWriter::new(format);
        writer.header(&["organisation_number", "period", "series", "value"]);
        for ((org, year, quarter, index), raw) in &figures {
            let (series, value) = valid(&catalogue, *index, *raw);
            let period = Period::new(*year, *quarter).unwrap();
            writer.row(&[
                Cell::Text(organisations[*org]),
                Cell::Text(&period.to_string()),
                Cell::Text(&series),
                Cell::Number(value),
            ]);
            expected.push((OrgNumber::parse(organisations[*org]).unwrap(), period, series, value));
        }
        let plan = ImportPlan::parse(&catalogue, writer.take().as_slice()).unwrap();
        let read: Vec<_> = plan
            .rows
            .into_iter()
            .map(|r| (r.organisation, r.period, r.series.to_string(), r.value))
            .collect();
        prop_assert_eq!(read, expected);
    }
}
