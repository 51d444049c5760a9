//! The audit trail over HTTP: what each change records, who reads which part of it, and pages.

use effekt_tests::{TestApp, spawn_app};
use reqwest::Client;
use serde_json::{Value, json};

const OWN: &str = "202100-5448";
const OTHER: &str = "212000-0142";

/// Two organisations, a report of the first, and a viewer; as the administrator.
async fn setup() -> (TestApp, Client) {
    let app = spawn_app().await;
    for (number, name, kind) in [
        (OWN, "Skatteverket", "state_agency"),
        (OTHER, "Stockholms stad", "municipality"),
    ] {
        let body = json!({"organisation_number": number, "name": name, "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    (app, viewer)
}

/// A GET as `client`: the status, the `X-Total-Count` header and the JSON body.
async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, Option<u64>, Value) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let total = response
        .headers()
        .get("x-total-count")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    (status, total, response.json().await.unwrap())
}

fn rows(body: &Value) -> &Vec<Value> {
    body.as_array().expect("a JSON array")
}

#[tokio::test]
async fn a_goal_change_records_the_whole_old_and_new_goal() {
    let (app, viewer) = setup().await;
    let path = format!("/api/v1/organisations/{OWN}/goal");
    let first = json!({"name": "Digitala ärenden", "baseline": 120, "deadline": "2027Q4"});
    let second = json!({"name": "Handläggningstid", "baseline": 40, "deadline": "2028Q2",
        "lower_is_better": true});
    for goal in [first, second] {
        assert_eq!(app.put_json(&path, &goal).await.status(), 200);
    }
    let (status, _, history) = get(
        &app,
        &viewer,
        &format!("/api/v1/organisations/{OWN}/history"),
    )
    .await;
    assert_eq!(status, 200);
    let goals: Vec<(&Value, &Value)> = rows(&history)
        .iter()
        .filter(|c| c["series"] == "goal")
        .map(|c| (&c["old"], &c["new"]))
        .collect();
    assert_eq!(goals.len(), 2, "{history:#}");
    let second = goals
        .iter()
        .find(|(_, new)| new.as_str().unwrap().starts_with("Handläggningstid"))
        .unwrap();
    assert_eq!(
        *second,
        (
            &json!("Digitala ärenden: 120 → 1200 by 2027Q4"),
            &json!("Handläggningstid: 40 → 4 by 2028Q2, lower is better")
        )
    );
}
