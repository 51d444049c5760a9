//! `GET /api/v1/openapi.json`: the API's OpenAPI 3.0.3 description, generated from the
//! handlers' `#[utoipa::path]` attributes and the types they read and write.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::schema::{AdditionalProperties, Object, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, RefOr};
use utoipa::{Modify, OpenApi};

use super::error::ErrorBody;
use super::openapi_3_0::openapi_3_0;
use super::reports::Reopening;
use super::{
    audit, completeness, display_links, goals, lessons, mail, measures, open_data, organisations,
    reports, series_goals, session, sizes, summary, tokens, transfer, users,
};
use crate::health;

/// The health check beside the API, whose operations live below its prefix.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Effekt API",
        version = "1",
        description = "Quarterly figures for the fourteen effect measures of Swedish public-sector \
            digitalisation. Errors are {\"error\": sentence, \"details\": [{field, message}]}; a \
            rejected request changes nothing.",
    ),
    paths(health::healthz),
    nest((path = "/api/v1", api = Api)),
    components(responses(ErrorBody), schemas(Reopening)),
    security(("session" = []), ("token" = [])),
    modifiers(&SignIn, &Closed),
)]
pub(super) struct Document;

/// Every operation of the JSON API, in the order of the router (`super::routes`).
#[derive(OpenApi)]
#[openapi(paths(
    document,
    measures::list,
    organisations::list,
    organisations::create,
    session::login,
    session::logout,
    session::me,
    audit::list,
    mail::list,
    summary::summary,
    open_data::values,
    open_data::summary,
    completeness::list,
    completeness::export,
    completeness::get_deadline,
    completeness::put_deadline,
    transfer::export_values,
    transfer::export_summary,
    lessons::export,
    series_goals::export,
    series_goals::leadership,
    lessons::list,
    transfer::import,
    sizes::import,
    users::list,
    users::create,
    users::update,
    tokens::list,
    tokens::create,
    tokens::revoke,
    display_links::list,
    display_links::create,
    display_links::revoke,
    organisations::update,
    goals::put,
    series_goals::list,
    series_goals::create,
    series_goals::update,
    series_goals::delete,
    reports::history,
    sizes::list,
    sizes::get,
    sizes::put,
    reports::get,
    reports::put,
    reports::submit,
    reports::approve,
    reports::reopen,
))]
struct Api;

/// The two ways to sign in, which every operation takes unless it says otherwise.
struct SignIn;

impl Modify for SignIn {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                effekt_session::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Answers that carry exactly their properties. utoipa closes only types that serde reads with
/// `deny_unknown_fields`, and these are written, never read; closed, Schemathesis flags a field
/// the server adds without describing it.
struct Closed;

/// The answers `Closed` closes.
const CLOSED: [&str; 5] = [
    "Organisation",
    "AdministeredOrganisation",
    "Mail",
    "DisplayLink",
    "CreatedDisplayLink",
];

impl Modify for Closed {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for name in CLOSED {
            if let Some(object) = flattened(components, name) {
                components.schemas.insert(name.to_owned(), object.into());
            }
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) {
                object.additional_properties =
                    Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
}

/// A type that takes in another with `#[serde(flatten)]` (a created display link is a display
/// link and its secret) is written by utoipa as `allOf` the two, and closing either part would
/// refuse the other's properties: described as one object, it can be closed as a whole.
fn flattened(components: &Components, name: &str) -> Option<Object> {
    let Some(RefOr::T(Schema::AllOf(parts))) = components.schemas.get(name) else {
        return None;
    };
    let mut whole = Object::with_type(Type::Object);
    whole.description = parts.description.clone();
    for part in &parts.items {
        let part = match part {
            RefOr::Ref(reference) => {
                let referred = reference.ref_location.rsplit('/').next()?;
                components.schemas.get(referred)?
            }
            RefOr::T(_) => part,
        };
        let RefOr::T(Schema::Object(part)) = part else {
            return None;
        };
        whole.properties.extend(part.properties.clone());
        whole.required.extend(part.required.iter().cloned());
    }
    Some(whole)
}

/// Generated once: the handlers' attributes do not change while the server runs.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    let document =
        serde_json::to_value(Document::openapi()).expect("the OpenAPI description is plain data");
    openapi_3_0(document).to_string()
});

/// This description.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi_document",
    security(()),
    responses((status = 200, description = "OpenAPI 3.0.3 document", body = Object)),
)]
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use effekt::{
        DEFAULT_TOKEN_DAYS, MAX_EMPLOYEES, MAX_INHABITANTS, MAX_LESSONS_CHARS, MAX_PASSWORD_CHARS,
        MAX_REASON_CHARS, MAX_SEARCH_CHARS, MAX_TOKEN_DAYS, MIN_PASSWORD_CHARS,
    };
    use serde_json::{Value, json};
    use utoipa::OpenApi;

    use super::{CLOSED, Document};

    /// utoipa reads only literals in `#[schema(maximum = …)]` and the like, so the limits the
    /// description states are written twice: here they must be the ones the domain enforces.
    #[test]
    fn the_described_limits_are_the_ones_enforced() {
        let document = serde_json::to_value(Document::openapi()).unwrap();
        let schemas = &document["components"]["schemas"];
        let limit = |schema: &str, property: &str, key: &str| {
            schemas[schema]["properties"][property][key].clone()
        };
        let expected: [(&str, &str, &str, Value); 10] = [
            (
                "NewToken",
                "expires_in_days",
                "maximum",
                json!(MAX_TOKEN_DAYS),
            ),
            (
                "NewToken",
                "expires_in_days",
                "default",
                json!(DEFAULT_TOKEN_DAYS),
            ),
            (
                "NewUser",
                "password",
                "minLength",
                json!(MIN_PASSWORD_CHARS),
            ),
            (
                "NewUser",
                "password",
                "maxLength",
                json!(MAX_PASSWORD_CHARS),
            ),
            (
                "UserChanges",
                "password",
                "minLength",
                json!(MIN_PASSWORD_CHARS),
            ),
            (
                "UserChanges",
                "password",
                "maxLength",
                json!(MAX_PASSWORD_CHARS),
            ),
            ("OrgSize", "employees", "maximum", json!(MAX_EMPLOYEES)),
            ("OrgSize", "inhabitants", "maximum", json!(MAX_INHABITANTS)),
            ("Reopening", "reason", "maxLength", json!(MAX_REASON_CHARS)),
            (
                "ReportChanges",
                "lessons",
                "maxLength",
                json!(MAX_LESSONS_CHARS),
            ),
        ];
        for (schema, property, key, value) in expected {
            assert_eq!(
                limit(schema, property, key),
                value,
                "{schema}.{property}.{key}"
            );
        }
        for closed in CLOSED {
            assert_eq!(
                schemas[closed]["additionalProperties"],
                json!(false),
                "{closed}"
            );
        }
        // Closed as one object, a created link still lists every property of a link.
        let created = schemas["CreatedDisplayLink"]["properties"]
            .as_object()
            .unwrap();
        let link = schemas["DisplayLink"]["properties"].as_object().unwrap();
        assert!(link.keys().all(|property| created.contains_key(property)));
        assert!(created.contains_key("secret") && created.contains_key("path"));
        let search = &document["paths"]["/api/v1/lessons"]["get"]["parameters"][0];
        assert_eq!(search["name"], "q");
        assert_eq!(search["schema"]["maxLength"], json!(MAX_SEARCH_CHARS));
    }
}
