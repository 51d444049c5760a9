//! Query parameters that are lists or ranges: each entry counted once, lists capped, ranges
//! kept within the data, so that no address makes the server work without end (issue #16,
//! finding 4).

use effekt::Period;
use effekt_tests::{TestApp, spawn_app_with_demo};
use serde_json::Value;

const SKATTEVERKET: &str = "202100-5448";

async fn text(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

#[tokio::test]
async fn the_measure_page_compares_each_organisation_once_and_at_most_six() {
    let app = spawn_app_with_demo().await;
    let organisations: Vec<Value> = app.get("/api/v1/organisations").await.json().await.unwrap();
    let chosen: Vec<(String, String)> = organisations
        .iter()
        .take(8)
        .map(|o| {
            (
                o["organisation_number"].as_str().unwrap().to_owned(),
                o["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(chosen.len(), 8);
    let mut query: Vec<String> = chosen.iter().map(|(n, _)| format!("org={n}")).collect();
    query.insert(1, format!("org={}", chosen[0].0));
    let (status, page) = text(
        &app,
        &format!("/matt/customer_satisfaction?{}", query.join("&")),
    )
    .await;
    assert_eq!(status, 200);
    let panels = page.matches(r#"class="series-panel""#).count();
    assert!(panels > 0);
    let columns = |name: &str| {
        page.matches(&format!(r#"<th scope="col" class="number">{name}</th>"#))
            .count()
    };
    for (_, name) in &chosen[..6] {
        assert_eq!(columns(name), panels, "{name} has one column per table");
    }
    for (_, name) in &chosen[6..] {
        assert_eq!(columns(name), 0, "{name} is past the palette");
    }
    assert!(page.contains("Högst 6 organisationer kan jämföras åt gången; de 6 första visas."));
}

#[tokio::test]
async fn a_measure_page_keeps_the_asked_range_within_the_data() {
    let app = spawn_app_with_demo().await;
    let (status, page) = text(
        &app,
        &format!("/matt/customer_satisfaction?from=1900Q1&to=2999Q4&org={SKATTEVERKET}"),
    )
    .await;
    assert_eq!(status, 200);
    // The demo data covers the eight quarters up to the last that has ended.
    let last = Period::last_ended();
    let first = Period::from_index(last.index() - 7).unwrap();
    assert!(
        page.contains(&format!("from={first}&amp;to={last}")),
        "{page}"
    );
    let quarters = page
        .split(r#"id="compare-quarter""#)
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .unwrap();
    assert_eq!(quarters.matches("<option").count(), 8);
}
