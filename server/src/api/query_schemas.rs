//! The schemas of query parameters that handlers read as text, so that a bad value is a 422
//! naming its parameter rather than serde's 400: what each parameter accepts. Where text may be
//! empty, empty means not given, as a form without a choice sends it.

use effekt::analytics::Basis;
use effekt::csv::CsvFormat;
use effekt::{Normalise, OrgKind, OrgNumber};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{AnyOfBuilder, Object, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Required, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};

const EMPTY_MEANS_NOT_GIVEN: &str = "Empty means not given, as a form sends it";

/// A quarter (`YYYYQn`, or Statistics Sweden's `YYYYKn`), or empty.
fn quarter() -> Object {
    let pattern = format!(
        "^({})?$",
        effekt::openapi::PERIOD_PATTERN.trim_matches(['^', '$'])
    );
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(EMPTY_MEANS_NOT_GIVEN))
        .build()
}

/// One of the words, or empty.
fn one_of(words: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(std::iter::once("").chain(words)))
        .build()
}

fn kind() -> Object {
    one_of(OrgKind::ALL.map(OrgKind::as_str))
}

fn format() -> Object {
    one_of([CsvFormat::Standard, CsvFormat::ExcelSv].map(CsvFormat::as_str))
}

fn normalise() -> Object {
    one_of(Normalise::ALL.map(Normalise::as_str))
}

fn basis() -> Object {
    one_of(Basis::ALL.map(Basis::as_str))
}

/// Open data holds approved figures only.
fn approved_basis() -> Object {
    one_of([Basis::Approved.as_str()])
}

/// A whole number from `minimum`, `default` when left out.
fn counting(minimum: u32, maximum: Option<u32>, default: u32) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(minimum))
        .maximum(maximum)
        .default(Some(default.into()))
        .build()
}

/// `?page`: counted from 1.
fn page() -> Object {
    counting(1, None, 1)
}

/// `?per_page`: the rows of a page.
fn per_page() -> Object {
    counting(1, Some(effekt::MAX_PER_PAGE), effekt::DEFAULT_PER_PAGE)
}

/// An e-mail address, or empty.
fn email() -> RefOr<Schema> {
    or_empty(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("email".to_owned())))
            .into(),
    )
}

/// An organisation number, or empty.
fn org_number() -> RefOr<Schema> {
    or_empty(OrgNumber::schema())
}

fn or_empty(given: RefOr<Schema>) -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(given)
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .description(Some(EMPTY_MEANS_NOT_GIVEN))
        .into()
}

/// The schemas as types, for `value_type` and `params(...)` tuples: unlike `schema_with`, they
/// leave a parameter its description.
macro_rules! parameter_types {
    ($($name:ident => $schema:ident),* $(,)?) => {$(
        pub enum $name {}

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema().into()
            }
        }

        impl ToSchema for $name {}
    )*};
}

parameter_types!(
    QuarterText => quarter,
    KindText => kind,
    FormatText => format,
    NormaliseText => normalise,
    BasisText => basis,
    ApprovedBasisText => approved_basis,
    PageText => page,
    PerPageText => per_page,
    EmailText => email,
    OrgNumberText => org_number,
);

/// The filters of a values export (`effekt::ExportQuery`), the same on `/export/values.csv` and
/// the open data's `/open/values.csv`.
pub struct ValuesFilters;

impl IntoParams for ValuesFilters {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let text = || Object::with_type(Type::String);
        [
            ("from", quarter(), "First quarter"),
            ("to", quarter(), "Last quarter"),
            ("kind", kind(), "Only organisations of this kind"),
            (
                "organisation",
                text(),
                "Only these organisations, comma-separated",
            ),
            ("series", text(), "Only these series, comma-separated"),
            (
                "format",
                format(),
                "csv (RFC 4180, the default) or excel-sv (BOM, semicolons, decimal commas)",
            ),
        ]
        .map(|(name, schema, description)| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(description))
                .schema(Some(schema))
                .build()
        })
        .into()
    }
}
