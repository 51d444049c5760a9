//! Reading many figures at once, packed by the database into one text per organisation.
//!
//! sqlx hands each row over from SQLite's worker thread on its own, about 9 µs a row, so
//! 450,000 figures read as rows take four seconds. Packed per organisation they arrive as a
//! few hundred rows, and splitting them again here costs a small fraction of that.

use super::{Store, StoreError, corrupt};
use crate::OrgNumber;

/// Separates the figures in a packed text. No packed field can hold it: periods, series keys,
/// statuses and numbers are all checked words.
const FIGURE_SEPARATOR: char = ';';
const FIELD_SEPARATOR: char = ' ';

/// The SQL aggregate that packs `fields` of every row in a group into one text (`NULL` for a
/// group without rows). `string_agg` is spelled the same in SQLite (3.44 on) and PostgreSQL.
pub(super) fn pack(fields: &[&str]) -> String {
    format!(
        "string_agg({}, '{FIGURE_SEPARATOR}')",
        fields.join(&format!(" || '{FIELD_SEPARATOR}' || "))
    )
}

/// Stands in a packed text for a number that it cannot carry exactly.
const NOT_PACKED: &str = "-";

/// A `DOUBLE PRECISION` column as text that reads back as exactly the same number.
/// PostgreSQL's text is the shortest exact one. SQLite's own conversion keeps fifteen digits,
/// and its `printf` with seventeen is exact only between about 1e-70 and 1e109 in size (far
/// beyond any measure's figures): outside that a number is left out of the packing.
pub(super) fn exact_text(sqlite: bool, column: &str) -> String {
    if sqlite {
        format!(
            "CASE WHEN {column} = 0 OR abs({column}) BETWEEN 1e-60 AND 1e100 \
             THEN printf('%!.17g', {column}) ELSE '{NOT_PACKED}' END"
        )
    } else {
        format!("CAST({column} AS TEXT)")
    }
}

/// The figures of a packed text, each as its `N` fields, in the order the database packed them;
/// none for an empty text.
pub(super) fn unpack<const N: usize>(
    packed: &str,
) -> impl Iterator<Item = Result<[&str; N], StoreError>> {
    let figures = (!packed.is_empty()).then(|| packed.split(FIGURE_SEPARATOR));
    figures.into_iter().flatten().map(|figure| {
        let mut fields = figure.split(FIELD_SEPARATOR);
        let unpacked: [&str; N] = std::array::from_fn(|_| fields.next().unwrap_or(""));
        if fields.next().is_some() || unpacked.iter().any(|f| f.is_empty()) {
            return Err(corrupt(format!(
                "a packed figure does not have {N} fields: {figure:?}"
            )));
        }
        Ok(unpacked)
    })
}

/// A packed figure's number, or none when the packing left it out: read it with
/// [`Store::stored_value`] then.
pub(super) fn unpack_number(text: &str) -> Result<Option<f64>, StoreError> {
    if text == NOT_PACKED {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| corrupt(format!("a packed figure is not a number: {text:?}")))
}

impl Store {
    /// One stored figure, for those the packing leaves out.
    pub(super) async fn stored_value(
        &self,
        organisation: OrgNumber,
        period: &str,
        series: &str,
    ) -> Result<f64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT value FROM report_values \
             WHERE organisation_number = $1 AND period = $2 AND series = $3",
        )
        .bind(organisation.to_string())
        .bind(period)
        .bind(series)
        .fetch_one(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_every_figure_and_refuses_a_malformed_one() {
        let figures: Vec<[&str; 3]> = unpack("2025Q1 a 1;2025Q2 b 2.5")
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(figures, [["2025Q1", "a", "1"], ["2025Q2", "b", "2.5"]]);
        assert_eq!(unpack::<3>("").count(), 0);
        assert!(unpack::<3>("2025Q1 a").any(|f| f.is_err()));
        assert!(unpack::<3>("2025Q1 a 1 x").any(|f| f.is_err()));
        assert_eq!(unpack_number("2.5").unwrap(), Some(2.5));
        assert_eq!(unpack_number(NOT_PACKED).unwrap(), None);
        assert!(unpack_number("2,5").is_err());
    }

    /// Every number SQLite packs reads back exactly: random bit patterns of every size, and
    /// those the packing leaves out are exactly those outside its range.
    #[tokio::test]
    async fn sqlite_packs_numbers_exactly_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/p.db", dir.path().display()))
            .await
            .unwrap();
        let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut values = vec![0.0, -0.0, 1.0 / 3.0, 0.1 + 0.2, 1e300, -2.5e-7, 5e-324];
        while values.len() < 20_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let value = f64::from_bits(bits);
            if value.is_finite() {
                values.push(value);
            }
        }
        let pool = &store.pool;
        sqlx::query("CREATE TABLE numbers (v DOUBLE PRECISION)")
            .execute(pool)
            .await
            .unwrap();
        for chunk in values.chunks(16) {
            let rows = vec!["(?)"; chunk.len()].join(", ");
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO numbers VALUES {rows}"
            )));
            for value in chunk {
                insert = insert.bind(*value);
            }
            insert.execute(pool).await.unwrap();
        }
        let packed: Vec<(f64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT v, {} FROM numbers",
            exact_text(true, "v")
        )))
        .fetch_all(pool)
        .await
        .unwrap();
        let mut left_out = 0;
        for (value, text) in packed {
            let in_range = value == 0.0 || (1e-60..=1e100).contains(&value.abs());
            if text == NOT_PACKED {
                assert!(!in_range, "{value:e} was left out");
                left_out += 1;
            } else {
                assert_eq!(
                    text.parse::<f64>().unwrap().to_bits(),
                    value.to_bits(),
                    "{text}"
                );
            }
        }
        assert!(left_out > 1_000, "the sample reaches beyond the range");
    }
}
