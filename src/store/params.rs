//! The parameters of a statement written piece by piece (a filter's conditions, a list for
//! `IN (…)`), each numbered `$n` as it is added and bound in that order. `sqlx::QueryBuilder`
//! would do this, but through the `Any` driver it writes `?`, which PostgreSQL refuses (sqlx
//! issue 3000, open in sqlx 0.9). Statements of many rows use `database_copy::tuples`.

use sqlx::Arguments;
use sqlx::any::AnyArguments;

use super::StoreError;

/// One parameter's value.
#[derive(Debug)]
enum Param {
    Text(String),
    Integer(i64),
}

/// Parameters numbered as they are added.
#[derive(Debug, Default)]
pub(super) struct Params(Vec<Param>);

impl Params {
    /// The placeholder of text `value`, the next parameter.
    pub(super) fn text(&mut self, value: impl ToString) -> String {
        self.push(Param::Text(value.to_string()))
    }

    /// The placeholder of whole number `value`, the next parameter.
    pub(super) fn integer(&mut self, value: i64) -> String {
        self.push(Param::Integer(value))
    }

    /// The placeholders of text `values`, separated by commas: the inside of `IN (…)`.
    pub(super) fn texts<T: ToString>(&mut self, values: impl IntoIterator<Item = T>) -> String {
        let places: Vec<String> = values.into_iter().map(|value| self.text(value)).collect();
        places.join(", ")
    }

    /// The values added so far, to bind to a statement (`sqlx::query_with` and the like).
    pub(super) fn arguments(&self) -> Result<AnyArguments, StoreError> {
        let mut arguments = AnyArguments::default();
        for param in &self.0 {
            match param {
                Param::Text(text) => arguments.add(text.clone()),
                Param::Integer(number) => arguments.add(*number),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok(arguments)
    }

    fn push(&mut self, param: Param) -> String {
        self.0.push(param);
        format!("${}", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::Params;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_added() {
        let mut params = Params::default();
        assert_eq!(params.text("draft"), "$1");
        assert_eq!(params.texts(["a", "b", "c"]), "$2, $3, $4");
        assert_eq!(params.texts(Vec::<String>::new()), "");
        assert_eq!(params.integer(50), "$5");
        assert_eq!(sqlx::Arguments::len(&params.arguments().unwrap()), 5);
    }
}
