//! Reading many small rows at once, packed by the database into one text per organisation.
//!
//! sqlx hands each row over from SQLite's worker thread on its own, about 9 µs a row: the
//! export's tens of thousands of report statuses read as rows would cost more than the rest of
//! a page. Packed per organisation they arrive as one row each.

use super::{StoreError, corrupt};

/// Separates the rows in a packed text. No packed field can hold it: periods, series keys and
/// statuses are all checked words.
const ROW_SEPARATOR: char = ';';
const FIELD_SEPARATOR: char = ' ';

/// The SQL aggregate that packs `fields` of every row in a group into one text (`NULL` for a
/// group without rows). `string_agg` is spelled the same in SQLite (3.44 on) and PostgreSQL.
pub(super) fn pack(fields: &[&str]) -> String {
    format!(
        "string_agg({}, '{ROW_SEPARATOR}')",
        fields.join(&format!(" || '{FIELD_SEPARATOR}' || "))
    )
}

/// The rows of a packed text, each as its `N` fields, in the order the database packed them;
/// none for an empty text.
pub(super) fn unpack<const N: usize>(
    packed: &str,
) -> impl Iterator<Item = Result<[&str; N], StoreError>> {
    let rows = (!packed.is_empty()).then(|| packed.split(ROW_SEPARATOR));
    rows.into_iter().flatten().map(|row| {
        let mut fields = row.split(FIELD_SEPARATOR);
        let unpacked: [&str; N] = std::array::from_fn(|_| fields.next().unwrap_or(""));
        if fields.next().is_some() || unpacked.iter().any(|f| f.is_empty()) {
            return Err(corrupt(format!(
                "a packed row does not have {N} fields: {row:?}"
            )));
        }
        Ok(unpacked)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_every_row_and_refuses_a_malformed_one() {
        let rows: Vec<[&str; 3]> = unpack("2025Q1 a 1;2025Q2 b 2.5")
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, [["2025Q1", "a", "1"], ["2025Q2", "b", "2.5"]]);
        assert_eq!(unpack::<3>("").count(), 0);
        assert!(unpack::<3>("2025Q1 a").any(|f| f.is_err()));
        assert!(unpack::<3>("2025Q1 a 1 x").any(|f| f.is_err()));
    }
}
