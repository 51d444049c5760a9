use effekt_tests::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn created_organisations_are_listed_with_the_hyphenated_number() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": "2021005448", "name": " Skatteverket ", "kind": "state_agency"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["organisation_number"], "202100-5448");
    assert_eq!(created["name"], "Skatteverket");

    let listed: Value = app.get("/api/v1/organisations").await.json().await.unwrap();
    assert_eq!(
        listed,
        json!([{"organisation_number": "202100-5448", "name": "Skatteverket", "kind": "state_agency"}])
    );
}

#[tokio::test]
async fn a_second_organisation_with_the_same_number_is_a_conflict_and_changes_nothing() {
    let app = spawn_app().await;
    let body = json!({"organisation_number": "212000-0142", "name": "Stockholms stad", "kind": "municipality"});
    assert_eq!(
        app.post_json("/api/v1/organisations", &body).await.status(),
        201
    );
    let before = app.snapshot().await;

    let again =
        json!({"organisation_number": "2120000142", "name": "Another name", "kind": "region"});
    let response = app.post_json("/api/v1/organisations", &again).await;
    assert_eq!(response.status(), 409);
    let error: Value = response.json().await.unwrap();
    assert!(error["error"].as_str().unwrap().contains("212000-0142"));
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn invalid_fields_are_all_reported_with_422_and_nothing_is_stored() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": "202100-5449", "name": "  ", "kind": "agency"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["organisation_number", "name", "kind"]);
    assert!(
        error["details"][0]["message"]
            .as_str()
            .unwrap()
            .contains("check digit")
    );
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn malformed_bodies_are_400_and_missing_json_content_type_is_415() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let response = app
        .client
        .post(app.url("/api/v1/organisations"))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert!(error["error"].is_string());

    let unknown_field =
        json!({"organisation_number": "202100-5448", "name": "X", "kind": "other", "admin": true});
    assert_eq!(
        app.post_json("/api/v1/organisations", &unknown_field)
            .await
            .status(),
        400
    );

    let response = app
        .client
        .post(app.url("/api/v1/organisations"))
        .body(r#"{"organisation_number": "202100-5448", "name": "X", "kind": "other"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(app.snapshot().await, before);
}
