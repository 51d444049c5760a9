//! The generated description written as OpenAPI 3.0.3. utoipa writes only OpenAPI 3.1, while
//! Effekt has served 3.0.3 since its first release, and many client generators still read only
//! 3.0. What utoipa writes for Effekt's types differs from 3.0 in a few spellings, each said
//! in 3.0's words here; `tests::nothing_of_3_1_is_left` fails when a new type brings another.

use serde_json::{Map, Value};

/// `document` (OpenAPI 3.1, as utoipa writes it) in OpenAPI 3.0.3.
pub(super) fn openapi_3_0(mut document: Value) -> Value {
    document["openapi"] = Value::from("3.0.3");
    if let Some(license) = document
        .pointer_mut("/info/license")
        .and_then(Value::as_object_mut)
    {
        // 3.0 names a licence by its address, not its SPDX identifier.
        if let Some(Value::String(identifier)) = license.remove("identifier") {
            license.insert(
                "url".to_owned(),
                format!("https://spdx.org/licenses/{identifier}.html").into(),
            );
        }
    }
    rewrite(&mut document);
    document
}

/// Rewrites every object below `value`, innermost first.
fn rewrite(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.values_mut().for_each(rewrite);
            rewrite_object(object);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite),
        _ => {}
    }
}

/// One schema in 3.0's words. Each rule looks at the shape of a keyword's value as well as its
/// name, so that a property or a media type's examples that share a keyword's name stay as
/// they are (a property is an object, never a list of types).
fn rewrite_object(object: &mut Map<String, Value>) {
    // `type: [T, "null"]` → `type: T, nullable: true`.
    if let Some(Value::Array(types)) = object.get("type")
        && let Some(single) = beside_null(types)
    {
        object.insert("type".to_owned(), single);
        object.insert("nullable".to_owned(), true.into());
    }
    // `oneOf: [{type: "null"}, S]` → S with `nullable: true`; a reference cannot carry
    // `nullable`, so it becomes `allOf: [reference]`, as 3.0 documents write it.
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = object.get(keyword)
            && let Some(Value::Object(schema)) = beside_null(alternatives)
        {
            object.remove(keyword);
            if schema.contains_key("$ref") {
                all_of(object, schema);
            } else {
                object.extend(schema);
            }
            object.insert("nullable".to_owned(), true.into());
        }
    }
    // A schema's list of examples → its first as its example (a media type's examples are a
    // map).
    if let Some(Value::Array(examples)) = object.get("examples") {
        let first = examples.first().cloned();
        object.remove("examples");
        if let Some(first) = first {
            object.insert("example".to_owned(), first);
        }
    }
    // 3.0 cannot constrain a map's keys; JSON's are strings anyway. Only a map's schema, one
    // with `additionalProperties`, loses it: not a property that happens to bear the name.
    if matches!(object.get("propertyNames"), Some(Value::Object(_)))
        && object.contains_key("additionalProperties")
    {
        object.remove("propertyNames");
    }
    // 3.0 ignores whatever stands beside a reference, such as its description.
    if object.len() > 1
        && let Some(reference) = object.remove("$ref")
    {
        all_of(object, Map::from_iter([("$ref".to_owned(), reference)]));
    }
}

/// Adds `schema` to the schemas `object` must all match, keeping any it had.
fn all_of(object: &mut Map<String, Value>, schema: Map<String, Value>) {
    let schemas = object
        .entry("allOf")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(schemas) = schemas {
        schemas.push(Value::Object(schema));
    }
}

/// The other of two types or schemas when one of them is the null type (`"null"` in a list of
/// types, `{"type": "null"}` among alternatives).
fn beside_null(items: &[Value]) -> Option<Value> {
    let is_null = |item: &Value| item == "null" || *item == serde_json::json!({"type": "null"});
    match items {
        [null, other] | [other, null] if is_null(null) && !is_null(other) => Some(other.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use utoipa::OpenApi;

    use super::openapi_3_0;
    use crate::api::openapi::Document;

    #[test]
    fn a_nullable_type_is_its_type_with_nullable() {
        let written = openapi_3_0(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"Changes": {"properties": {
                "lessons": {"type": ["string", "null"], "maxLength": 10},
                "values": {
                    "type": "object",
                    "additionalProperties": {"type": ["number", "null"], "format": "double"},
                    "propertyNames": {"type": "string"},
                },
            }}}},
        }));
        assert_eq!(written["openapi"], "3.0.3");
        let properties = &written["components"]["schemas"]["Changes"]["properties"];
        assert_eq!(
            properties["lessons"],
            json!({"type": "string", "nullable": true, "maxLength": 10})
        );
        assert_eq!(
            properties["values"],
            json!({
                "type": "object",
                "additionalProperties": {"type": "number", "nullable": true, "format": "double"},
            })
        );
    }

    #[test]
    fn a_nullable_reference_is_all_of_it_with_nullable() {
        let written = openapi_3_0(json!({"properties": {
            "organisation_number": {
                "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/OrgNumber"}],
            },
            "shown_as": {
                "description": "Why",
                "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/DerivedSeries"}],
            },
            "period": {"$ref": "#/components/schemas/Period", "description": "Which quarter"},
            "both": {"$ref": "#/components/schemas/A", "allOf": [{"$ref": "#/components/schemas/B"}]},
        }}));
        let properties = &written["properties"];
        assert_eq!(
            properties["organisation_number"],
            json!({"allOf": [{"$ref": "#/components/schemas/OrgNumber"}], "nullable": true})
        );
        assert_eq!(
            properties["shown_as"],
            json!({
                "description": "Why",
                "allOf": [{"$ref": "#/components/schemas/DerivedSeries"}],
                "nullable": true,
            })
        );
        assert_eq!(
            properties["period"],
            json!({"allOf": [{"$ref": "#/components/schemas/Period"}], "description": "Which quarter"})
        );
        assert_eq!(
            properties["both"],
            json!({"allOf": [
                {"$ref": "#/components/schemas/B"},
                {"$ref": "#/components/schemas/A"},
            ]})
        );
    }

    #[test]
    fn a_schemas_examples_become_its_example_and_a_media_types_stay() {
        let written = openapi_3_0(json!({
            "schema": {"type": "string", "examples": ["2025Q3", "2025Q4"]},
            "none": {"type": "string", "examples": []},
            "content": {"text/csv": {"examples": {"one": {"value": "a;b"}}}},
            "properties": {"type": {"type": "string"}, "examples": {"type": "string"}},
            "object": {"properties": {"propertyNames": {"type": "string"}}},
        }));
        assert_eq!(
            written["schema"],
            json!({"type": "string", "example": "2025Q3"})
        );
        assert_eq!(written["none"], json!({"type": "string"}));
        assert_eq!(
            written["object"],
            json!({"properties": {"propertyNames": {"type": "string"}}})
        );
        assert_eq!(
            written["content"]["text/csv"]["examples"],
            json!({"one": {"value": "a;b"}})
        );
        assert_eq!(
            written["properties"],
            json!({"type": {"type": "string"}, "examples": {"type": "string"}})
        );
    }

    #[test]
    fn the_licence_is_named_by_its_address() {
        let written = openapi_3_0(json!({
            "info": {"license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}},
        }));
        assert_eq!(
            written["info"]["license"],
            json!({"name": "EUPL-1.2", "url": "https://spdx.org/licenses/EUPL-1.2.html"})
        );
    }

    /// The whole description, written for 3.0, holds nothing that only 3.1 knows: a new type
    /// whose schema utoipa spells another way fails here rather than in a client generator.
    #[test]
    fn nothing_of_3_1_is_left() {
        let written = openapi_3_0(serde_json::to_value(Document::openapi()).unwrap());
        let mut found = Vec::new();
        only_3_0(&written, "", &mut found);
        assert!(found.is_empty(), "{found:#?}");
        assert_eq!(written["openapi"], "3.0.3");
    }

    /// Where below `value` (at `path`) something of 3.1 only is written.
    fn only_3_0(value: &Value, path: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                for (key, inner) in object {
                    let only_3_1 = match key.as_str() {
                        "type" => inner.is_array() || inner == "null",
                        "examples" => inner.is_array(),
                        "propertyNames" | "const" | "prefixItems" | "identifier"
                        | "jsonSchemaDialect" | "webhooks" | "contentMediaType" => {
                            inner.is_object() || inner.is_string()
                        }
                        "exclusiveMinimum" | "exclusiveMaximum" => inner.is_number(),
                        "$ref" => object.len() > 1,
                        _ => false,
                    };
                    if only_3_1 {
                        found.push(format!("{path}/{key}"));
                    }
                    only_3_0(inner, &format!("{path}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    only_3_0(item, &format!("{path}/{index}"), found);
                }
            }
            _ => {}
        }
    }
}
