//! Query parameters that are lists or ranges: each entry counted once, lists capped, ranges
//! kept within the data, so that no address makes the server work without end (issue #16,
//! finding 4).

use effekt::{OrgNumber, Period};
use effekt_tests::{TestApp, spawn_app_with_demo};
use serde_json::Value;

const SKATTEVERKET: &str = "202100-5448";

/// `count` valid organisation numbers that no demo organisation has.
fn unknown_organisations(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let digits = format!("5599{i:05}");
            let first_nine: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
            OrgNumber::from_first_nine(first_nine.try_into().unwrap())
                .unwrap()
                .to_string()
        })
        .collect()
}

async fn text(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

#[tokio::test]
async fn an_export_of_5000_organisation_numbers_is_answered_not_a_500() {
    let app = spawn_app_with_demo().await;
    let (status, alone) = text(
        &app,
        &format!("/api/v1/export/values.csv?organisation={SKATTEVERKET}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(alone.lines().count() > 1, "{alone}");

    let mut listed = unknown_organisations(999);
    listed.insert(500, SKATTEVERKET.to_owned());
    // Each once however often it is named.
    listed.push(SKATTEVERKET.to_owned());
    let (status, body) = text(
        &app,
        &format!(
            "/api/v1/export/values.csv?organisation={}",
            listed.join(",")
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, alone, "only the organisation that exists, once");

    let too_many = unknown_organisations(5_000).join(",");
    let response = app
        .get(&format!(
            "/api/v1/export/values.csv?organisation={too_many}"
        ))
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["details"][0]["field"], "organisation");
    assert_eq!(
        error["details"][0]["message"],
        "at most 1000 organisations can be exported at once, not 5000"
    );
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

#[tokio::test]
async fn summary_series_are_each_counted_once_and_too_many_are_one_problem() {
    let app = spawn_app_with_demo().await;
    let once: Value = app
        .get("/api/v1/summary?series=customer_satisfaction")
        .await
        .json()
        .await
        .unwrap();
    let repeated = vec!["customer_satisfaction"; 1_000].join(",");
    let response = app.get(&format!("/api/v1/summary?series={repeated}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), once);

    let unknown: Vec<String> = (0..40).map(|i| format!("no_such_series_{i}")).collect();
    let response = app
        .get(&format!("/api/v1/summary?series={}", unknown.join(",")))
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    let details = error["details"].as_array().unwrap();
    assert_eq!(details.len(), 1, "{details:?}");
    assert_eq!(details[0]["field"], "series");
    assert!(
        details[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("at most "),
        "{details:?}"
    );
}
