//! Each organisation's figures, kept in one row as well as in `report_values`: read figure by
//! figure, the cold summary and the export took most of a second at national scale; read one
//! row per organisation, they take milliseconds.
//!
//! `report_values` stays the truth every other query asks. The writes that change it keep the
//! snapshot in step in the same transaction ([`WriteTx::set_quarter`], at commit), and a
//! snapshot that is missing, as after the upgrade that introduced them, is built from it when
//! the store connects.

use std::collections::{BTreeMap, btree_map};

use futures_util::{StreamExt, TryStreamExt};
use sqlx::Row;

use super::database_copy::{BATCH_ROWS, tuples};
use super::params::Params;
use super::{Store, StoreError, WriteTx, corrupt};
use crate::{OrgNumber, Period};

/// The first byte of every snapshot: a later layout gets a new number.
const LAYOUT: u8 = 1;

/// Bytes per figure: the quarter (u16), the series (u16) and the value (u64).
const RECORD: usize = 12;

/// The figures of one organisation, by quarter and series.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Snapshot {
    quarters: BTreeMap<Period, BTreeMap<String, f64>>,
}

impl Snapshot {
    /// Replaces the figures of one quarter; none removes the quarter.
    pub fn set_quarter(&mut self, period: Period, figures: BTreeMap<String, f64>) {
        if figures.is_empty() {
            self.quarters.remove(&period);
        } else {
            self.quarters.insert(period, figures);
        }
    }

    fn insert(&mut self, period: Period, series: String, value: f64) {
        self.quarters
            .entry(period)
            .or_default()
            .insert(series, value);
    }

    pub fn encode(&self) -> Vec<u8> {
        encode(self.quarters.iter().map(|(period, figures)| {
            let figures = figures
                .iter()
                .map(|(series, value)| (series.as_str(), *value));
            (*period, figures)
        }))
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, StoreError> {
        let figures = Figures::read(bytes)?;
        let mut snapshot = Self::default();
        for figure in figures.iter() {
            let (period, series, value) = figure?;
            snapshot.insert(period, figures.series()[series].to_owned(), value);
        }
        Ok(snapshot)
    }
}

/// Encodes the figures of an organisation, given quarter by quarter in time order: the layout
/// byte; the number of series (u16) and each series' name (its length as u8, then its bytes)
/// in name order; then every figure in quarter, series order as the quarter's running number,
/// the series' place in that list and the bits of the value. Integers are little-endian.
/// Binary, so that every value comes back bit for bit.
pub(super) fn encode<'a, F>(quarters: impl Iterator<Item = (Period, F)> + Clone) -> Vec<u8>
where
    F: Iterator<Item = (&'a str, f64)>,
{
    // A handful of series: kept sorted as they come, looked up by binary search.
    let mut names: Vec<&str> = Vec::new();
    let mut figures = 0;
    for (series, _) in quarters.clone().flat_map(|(_, figures)| figures) {
        if let Err(at) = names.binary_search(&series) {
            names.insert(at, series);
        }
        figures += 1;
    }
    let mut bytes = Vec::with_capacity(3 + names.len() * 32 + figures * RECORD);
    bytes.push(LAYOUT);
    bytes.extend_from_slice(&(names.len() as u16).to_le_bytes());
    for name in &names {
        bytes.push(name.len() as u8);
        bytes.extend_from_slice(name.as_bytes());
    }
    let mut quarter_figures = Vec::new();
    for (period, figures) in quarters {
        quarter_figures.clear();
        quarter_figures.extend(figures.map(|(series, value)| {
            (
                names.binary_search(&series).unwrap_or_default() as u16,
                value,
            )
        }));
        quarter_figures.sort_unstable_by_key(|&(place, _)| place);
        let quarter = period.index() as u16;
        for (place, value) in &quarter_figures {
            bytes.extend_from_slice(&quarter.to_le_bytes());
            bytes.extend_from_slice(&place.to_le_bytes());
            bytes.extend_from_slice(&value.to_bits().to_le_bytes());
        }
    }
    bytes
}

/// The figures of an encoded snapshot, read where they lie: at ten million figures, building
/// maps of them first would cost more than everything else the cold summary does.
pub(super) struct Figures<'a> {
    series: Vec<&'a str>,
    records: &'a [u8],
}

impl<'a> Figures<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Self, StoreError> {
        let damaged = || corrupt("a snapshot of figures is damaged");
        let (&layout, mut rest) = bytes.split_first().ok_or_else(damaged)?;
        if layout != LAYOUT {
            return Err(corrupt(format!("a snapshot has unknown layout {layout}")));
        }
        let count = take(&mut rest, 2).ok_or_else(damaged)?;
        let count = u16::from_le_bytes([count[0], count[1]]);
        let mut series = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let len = take(&mut rest, 1).ok_or_else(damaged)?[0];
            let name = take(&mut rest, usize::from(len)).ok_or_else(damaged)?;
            series.push(std::str::from_utf8(name).map_err(|_| damaged())?);
        }
        if rest.len() % RECORD != 0 {
            return Err(damaged());
        }
        Ok(Self {
            series,
            records: rest,
        })
    }

    /// The names of the series, in name order; figures name theirs by place in this list.
    pub fn series(&self) -> &[&'a str] {
        &self.series
    }

    /// Every figure as its quarter, the place of its series in [`Figures::series`] and its
    /// value, in quarter, series order.
    pub fn iter(&self) -> impl Iterator<Item = Result<(Period, usize, f64), StoreError>> + '_ {
        self.records.chunks_exact(RECORD).map(|record| {
            let quarter = u16::from_le_bytes([record[0], record[1]]);
            let place = usize::from(u16::from_le_bytes([record[2], record[3]]));
            let bits = u64::from_le_bytes(record[4..].try_into().expect("a record's value"));
            let period = Period::from_index(i32::from(quarter))
                .filter(|_| place < self.series.len())
                .ok_or_else(|| corrupt("a snapshot of figures is damaged"))?;
            Ok((period, place, f64::from_bits(bits)))
        })
    }
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (taken, rest) = bytes.split_at_checked(n)?;
    *bytes = rest;
    Some(taken)
}

impl Store {
    /// Builds the snapshot of every organisation that has none, from `report_values`.
    #[tracing::instrument(skip(self))]
    pub(super) async fn build_missing_snapshots(&self) -> Result<(), StoreError> {
        let missing: Vec<String> = sqlx::query_scalar(
            "SELECT o.organisation_number FROM organisations o \
             LEFT JOIN figure_snapshots s ON s.organisation_number = o.organisation_number \
             WHERE s.organisation_number IS NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        if missing.is_empty() {
            return Ok(());
        }
        tracing::info!(
            organisations = missing.len(),
            "building snapshots of figures"
        );
        let (mut tx, _turn) = self.begin_writing().await?;
        for number in missing {
            let mut snapshot = Snapshot::default();
            let mut rows = sqlx::query(
                "SELECT period, series, value FROM report_values WHERE organisation_number = $1",
            )
            .bind(&number)
            .fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                let period: String = row.try_get(0)?;
                let period = Period::parse(&period).map_err(corrupt)?;
                snapshot.insert(period, row.try_get(1)?, row.try_get(2)?);
            }
            drop(rows);
            write(&mut tx, &number, &snapshot).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every organisation's encoded snapshot (of `organisations` alone when given), in
    /// organisation number order, with the organisation's kind.
    pub(super) fn snapshots<'a>(
        &'a self,
        organisations: Option<&'a [OrgNumber]>,
    ) -> impl futures_util::Stream<Item = Result<(String, String, Vec<u8>), StoreError>> + 'a {
        let mut params = Params::default();
        let among = organisations.map_or(String::new(), |organisations| {
            format!(
                " WHERE o.organisation_number IN ({})",
                params.texts(organisations)
            )
        });
        let statement = format!(
            "SELECT o.organisation_number, o.kind, s.figures FROM figure_snapshots s \
             JOIN organisations o ON o.organisation_number = s.organisation_number{among} \
             ORDER BY o.organisation_number"
        );
        match params.arguments() {
            Ok(arguments) => sqlx::query_as_with(sqlx::AssertSqlSafe(statement), arguments)
                .fetch(&self.pool)
                .map_err(StoreError::from)
                .left_stream(),
            Err(error) => futures_util::stream::iter([Err(error)]).right_stream(),
        }
    }
}

impl WriteTx {
    /// Replaces the figures of one report in its organisation's snapshot, which is written at
    /// the commit: an import changes many reports of each organisation.
    pub(super) async fn set_quarter(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        figures: BTreeMap<String, f64>,
    ) -> Result<(), StoreError> {
        let snapshot = match self.snapshots.entry(organisation) {
            btree_map::Entry::Occupied(entry) => entry.into_mut(),
            btree_map::Entry::Vacant(entry) => {
                let stored: Option<Vec<u8>> = sqlx::query_scalar(
                    "SELECT figures FROM figure_snapshots WHERE organisation_number = $1",
                )
                .bind(organisation.to_string())
                .fetch_optional(&mut *self.tx)
                .await?;
                let snapshot = match stored {
                    Some(bytes) => Snapshot::decode(&bytes)?,
                    None => Snapshot::default(),
                };
                entry.insert(snapshot)
            }
        };
        snapshot.set_quarter(period, figures);
        Ok(())
    }

    /// Reads the snapshots of those of `organisations` this transaction has not read yet, in
    /// a few statements, so that [`WriteTx::set_quarter`] finds them: an import changes
    /// hundreds of organisations.
    pub(super) async fn load_snapshots(
        &mut self,
        organisations: impl Iterator<Item = OrgNumber>,
    ) -> Result<(), StoreError> {
        let mut wanted: Vec<OrgNumber> = organisations
            .filter(|organisation| !self.snapshots.contains_key(organisation))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let sqlite = self.tx.backend_name() == "SQLite";
        for batch in wanted.chunks(BATCH_ROWS) {
            let sql = format!(
                "SELECT organisation_number, figures FROM figure_snapshots \
                 WHERE (organisation_number) IN ({})",
                tuples(batch.len(), 1, sqlite)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for organisation in batch {
                query = query.bind(organisation.to_string());
            }
            for row in query.fetch_all(&mut *self.tx).await? {
                let number: String = row.try_get(0)?;
                let bytes: Vec<u8> = row.try_get(1)?;
                self.snapshots.insert(
                    OrgNumber::parse(&number).map_err(corrupt)?,
                    Snapshot::decode(&bytes)?,
                );
            }
            for organisation in batch {
                self.snapshots.entry(*organisation).or_default();
            }
        }
        Ok(())
    }

    /// Writes the snapshots changed through this transaction.
    pub(super) async fn write_snapshots(&mut self) -> Result<(), StoreError> {
        for (organisation, snapshot) in std::mem::take(&mut self.snapshots) {
            write(&mut self.tx, &organisation.to_string(), &snapshot).await?;
        }
        Ok(())
    }
}

async fn write(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    organisation: &str,
    snapshot: &Snapshot,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO figure_snapshots (organisation_number, figures) VALUES ($1, $2) \
         ON CONFLICT (organisation_number) DO UPDATE SET figures = excluded.figures",
    )
    .bind(organisation)
    .bind(snapshot.encode())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::ImportPlan;
    use crate::store::Actor;
    use crate::{Catalogue, Entry, OrgKind, OrgName, Organisation, ReportUpdate};

    /// Every figure as stored in `report_values`, and as the snapshots have it.
    async fn both_ways(store: &Store) -> (Vec<String>, Vec<String>) {
        let mut table: Vec<String> = sqlx::query_as::<_, (String, String, String, f64)>(
            "SELECT organisation_number, period, series, value FROM report_values",
        )
        .fetch_all(&store.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(o, p, s, v)| format!("{o} {p} {s} {:x}", v.to_bits()))
        .collect();
        table.sort();
        let mut snapshots: Vec<String> = store
            .observations()
            .await
            .unwrap()
            .into_iter()
            .map(|o| {
                let (o, p, s, v) = (o.organisation, o.period, o.series, o.value);
                format!("{o} {p} {s} {:x}", v.to_bits())
            })
            .collect();
        snapshots.sort();
        (table, snapshots)
    }

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    fn url_in(dir: &tempfile::TempDir) -> String {
        format!("sqlite://{}/s.db", dir.path().display())
    }

    /// A new store with two municipalities and the figures of `csv`, imported.
    async fn store_with(url: &str, csv: &str) -> Store {
        let store = Store::connect(url).await.unwrap();
        let system = Actor::System("test");
        for (number, name) in [("212000-2627", "Ystads kommun"), ("212000-0159", "Uppsala")] {
            let organisation = Organisation {
                organisation_number: OrgNumber::parse(number).unwrap(),
                name: OrgName::parse(name).unwrap(),
                kind: OrgKind::Municipality,
            };
            store
                .create_organisation(&organisation, &system)
                .await
                .unwrap();
        }
        let catalogue = catalogue();
        let plan = ImportPlan::parse(&catalogue, csv.as_bytes()).unwrap();
        store.import(&plan, &catalogue, &system).await.unwrap();
        store
    }

    #[tokio::test]
    async fn every_write_of_figures_keeps_the_snapshots_in_step() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "organisation_number,period,series,value\n\
                   212000-2627,2025Q3,customer_satisfaction,74.5\n\
                   212000-2627,2025Q3,tv_series,3\n\
                   212000-2627,2025Q2,tv_series,2\n\
                   212000-0159,2025Q3,tv_series,1\n";
        let store = store_with(&url_in(&dir), csv).await;
        let (catalogue, system) = (catalogue(), Actor::System("test"));
        let (table, snapshots) = both_ways(&store).await;
        assert_eq!(table.len(), 4);
        assert_eq!(snapshots, table, "after an import");

        let update = ReportUpdate::parse(
            &catalogue,
            [
                ("customer_satisfaction".to_owned(), Entry::Number(0.1 + 0.2)),
                ("tv_series".to_owned(), Entry::Clear),
                ("ideas_delivered".to_owned(), Entry::Number(12.0)),
            ],
            None,
        )
        .unwrap();
        let ystad = OrgNumber::parse("212000-2627").unwrap();
        let q3 = Period::parse("2025Q3").unwrap();
        store
            .save_report(ystad, q3, &update, &system)
            .await
            .unwrap();
        let (table, snapshots) = both_ways(&store).await;
        assert!(
            table
                .iter()
                .any(|f| f.ends_with("customer_satisfaction 3fd3333333333334"))
        );
        assert_eq!(
            snapshots, table,
            "after a save that changes, adds and clears"
        );

        let clear_all = ReportUpdate::parse(
            &catalogue,
            [
                ("customer_satisfaction".to_owned(), Entry::Clear),
                ("ideas_delivered".to_owned(), Entry::Clear),
            ],
            None,
        )
        .unwrap();
        store
            .save_report(ystad, q3, &clear_all, &system)
            .await
            .unwrap();
        let (table, snapshots) = both_ways(&store).await;
        assert_eq!(table.len(), 2);
        assert_eq!(snapshots, table, "after a quarter is emptied");

        let refused = ReportUpdate::parse(
            &catalogue,
            [("tv_series".to_owned(), Entry::Number(9.0))],
            None,
        )
        .unwrap();
        let nobody = OrgNumber::parse("202100-5448").unwrap();
        assert!(
            store
                .save_report(nobody, q3, &refused, &system)
                .await
                .is_err()
        );
        assert_eq!(
            both_ways(&store).await.1,
            table,
            "a refused write changes no snapshot"
        );
    }

    #[tokio::test]
    async fn missing_snapshots_are_built_from_the_figures_when_the_store_connects() {
        let dir = tempfile::tempdir().unwrap();
        let url = url_in(&dir);
        let csv = "organisation_number,period,series,value\n\
                   212000-2627,2025Q3,customer_satisfaction,74.5\n\
                   212000-0159,2024Q1,tv_series,3\n";
        let store = store_with(&url, csv).await;
        // As a database from before snapshots existed.
        sqlx::query("DELETE FROM figure_snapshots")
            .execute(&store.pool)
            .await
            .unwrap();
        assert!(store.observations().await.unwrap().is_empty());

        let store = Store::connect(&url).await.unwrap();
        let (table, snapshots) = both_ways(&store).await;
        assert_eq!(table.len(), 2);
        assert_eq!(snapshots, table);
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    fn quarter(figures: &[(&str, f64)]) -> BTreeMap<String, f64> {
        figures.iter().map(|(s, v)| (s.to_string(), *v)).collect()
    }

    #[test]
    fn a_snapshot_reads_back_bit_for_bit_in_quarter_and_series_order() {
        let mut snapshot = Snapshot::default();
        let awkward = [5e-324, -0.0, 1e300, f64::MAX, 0.1 + 0.2, -1.5];
        snapshot.set_quarter(
            p("2025Q2"),
            quarter(&[("zeta", awkward[0]), ("alpha", awkward[1])]),
        );
        snapshot.set_quarter(
            p("1900Q1"),
            quarter(&[("mid", awkward[2]), ("alpha", awkward[3])]),
        );
        snapshot.set_quarter(
            p("2999Q4"),
            quarter(&[("zeta", awkward[4]), ("mid", awkward[5])]),
        );
        let bytes = snapshot.encode();
        assert_eq!(Snapshot::decode(&bytes).unwrap(), snapshot);

        let figures = Figures::read(&bytes).unwrap();
        assert_eq!(figures.series(), ["alpha", "mid", "zeta"]);
        let read: Vec<(String, &str, u64)> = figures
            .iter()
            .map(|f| f.unwrap())
            .map(|(period, series, value)| {
                (
                    period.to_string(),
                    figures.series()[series],
                    value.to_bits(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("1900Q1".to_string(), "alpha", f64::MAX.to_bits()),
                ("1900Q1".to_string(), "mid", 1e300f64.to_bits()),
                ("2025Q2".to_string(), "alpha", (-0.0f64).to_bits()),
                ("2025Q2".to_string(), "zeta", 5e-324f64.to_bits()),
                ("2999Q4".to_string(), "mid", (-1.5f64).to_bits()),
                ("2999Q4".to_string(), "zeta", (0.1f64 + 0.2).to_bits()),
            ]
        );
    }

    #[test]
    fn figures_given_in_any_series_order_are_stored_in_name_order() {
        let quarters = [
            (p("2025Q1"), vec![("zeta", 1.0), ("alpha", 2.0)]),
            (p("2025Q2"), vec![("mid", 3.0), ("zeta", 4.0)]),
        ];
        let bytes = encode(quarters.iter().map(|(p, f)| (*p, f.iter().copied())));
        let figures = Figures::read(&bytes).unwrap();
        let read: Vec<(Period, &str, f64)> = figures
            .iter()
            .map(|f| f.unwrap())
            .map(|(period, place, value)| (period, figures.series()[place], value))
            .collect();
        assert_eq!(
            read,
            [
                (p("2025Q1"), "alpha", 2.0),
                (p("2025Q1"), "zeta", 1.0),
                (p("2025Q2"), "mid", 3.0),
                (p("2025Q2"), "zeta", 4.0),
            ]
        );
    }

    #[test]
    fn setting_a_quarter_replaces_it_and_an_empty_one_removes_it() {
        let mut snapshot = Snapshot::default();
        snapshot.set_quarter(p("2025Q1"), quarter(&[("a", 1.0), ("b", 2.0)]));
        snapshot.set_quarter(p("2025Q2"), quarter(&[("a", 3.0)]));
        snapshot.set_quarter(p("2025Q1"), quarter(&[("b", 4.0)]));
        snapshot.set_quarter(p("2025Q2"), BTreeMap::new());
        let mut expected = Snapshot::default();
        expected.set_quarter(p("2025Q1"), quarter(&[("b", 4.0)]));
        assert_eq!(snapshot, expected);
        assert_eq!(Snapshot::default().encode(), [LAYOUT, 0, 0]);
    }

    #[test]
    fn a_damaged_snapshot_is_refused_rather_than_misread() {
        let mut snapshot = Snapshot::default();
        snapshot.set_quarter(p("2025Q1"), quarter(&[("a", 1.0)]));
        let bytes = snapshot.encode();
        assert!(
            Figures::read(&bytes[..bytes.len() - 1]).is_err(),
            "cut short"
        );
        assert!(Figures::read(&[]).is_err(), "empty");
        assert!(Figures::read(&[2, 0, 0]).is_err(), "unknown layout");
        let mut wrong_series = bytes.clone();
        let at = bytes.len() - 10;
        wrong_series[at] = 7;
        assert!(
            Snapshot::decode(&wrong_series).is_err(),
            "series out of range"
        );
        let mut wrong_quarter = bytes;
        let at = wrong_quarter.len() - 12;
        wrong_quarter[at..at + 2].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(
            Snapshot::decode(&wrong_quarter).is_err(),
            "quarter out of range"
        );
    }
}
