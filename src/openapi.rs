//! The OpenAPI schemas of the newtypes whose serde form is a plain string or number: derived,
//! they would describe the Rust value, not the text or number that the API reads and writes.

use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::organisation::MAX_ORG_NAME_CHARS;
use crate::period::{FIRST_YEAR, LAST_YEAR};
use crate::plausibility::MAX_EXPLANATION_CHARS;
use crate::{OrgName, OrgNumber, Period, SeriesKey, SizeYear};

/// A quarter as `Period::parse` reads it: the years it accepts, `Q` or Statistics Sweden's `K`.
pub const PERIOD_PATTERN: &str = "^(19|2[0-9])[0-9]{2}[QqKk][1-4]$";

/// Ten digits, the hyphen optional; the check digit is for the server to check.
const ORG_NUMBER_PATTERN: &str = "^[0-9]{6}-?[0-9]{4}$";

impl PartialSchema for OrgNumber {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(ORG_NUMBER_PATTERN))
            .examples([json!("202100-5448")])
            .into()
    }
}

impl ToSchema for OrgNumber {}

impl PartialSchema for Period {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(PERIOD_PATTERN))
            .examples([json!("2025Q3")])
            .into()
    }
}

impl ToSchema for Period {}

impl PartialSchema for SeriesKey {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::String).into()
    }
}

impl ToSchema for SeriesKey {}

/// The limits `OrgName::parse` enforces.
impl PartialSchema for OrgName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_ORG_NAME_CHARS))
            .pattern(Some(r"\S"))
            .into()
    }
}

impl ToSchema for OrgName {}

/// The years a period may have.
impl PartialSchema for SizeYear {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(FIRST_YEAR))
            .maximum(Some(LAST_YEAR))
            .into()
    }
}

impl ToSchema for SizeYear {}

/// A report's explanations by series key: a map whose texts have the limit
/// `ReportUpdate::parse_explained` enforces, which a derived map schema cannot say.
pub enum Explanations {}

impl PartialSchema for Explanations {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(MAX_EXPLANATION_CHARS)),
            ))
            .into()
    }
}

impl ToSchema for Explanations {}

/// The catalogue version of each of a report's figures by series key: versions count from 1.
pub enum CatalogueVersions {}

impl PartialSchema for CatalogueVersions {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            ))
            .into()
    }
}

impl ToSchema for CatalogueVersions {}
