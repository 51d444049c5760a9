use effekt_tests::spawn_app_with_demo;
use serde_json::Value;

#[tokio::test]
async fn demo_data_gives_a_dozen_organisations_with_eight_full_quarters() {
    let app = spawn_app_with_demo().await;
    let organisations: Vec<Value> = app.get("/api/v1/organisations").await.json().await.unwrap();
    assert_eq!(organisations.len(), 12);
    let kinds: std::collections::BTreeSet<&str> = organisations
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 4, "every kind of organisation is represented");

    let snapshot = app.snapshot().await;
    let reports = snapshot
        .iter()
        .filter(|r| r.starts_with("reports:"))
        .count();
    let values = snapshot
        .iter()
        .filter(|r| r.starts_with("report_values:"))
        .count();
    assert_eq!(reports, 12 * 8);
    assert_eq!(values, 12 * 8 * 17);
    // Eight quarters span two or three calendar years; every organisation has a size in each.
    let mut years: Vec<u16> = effekt_tests::demo_quarters()
        .iter()
        .map(|p| p.year())
        .collect();
    years.dedup();
    let sizes = snapshot
        .iter()
        .filter(|r| r.starts_with("organisation_sizes:"))
        .count();
    assert_eq!(sizes, 12 * years.len());

    // The newest demo quarter is the last full one, and its reports hold all seventeen series.
    let newest = effekt::Period::last_ended();
    let report: Value = app
        .get(&format!(
            "/api/v1/organisations/202100-5448/reports/{newest}"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["values"].as_object().unwrap().len(), 17);
    assert!(!report["lessons"].as_str().unwrap().is_empty());
}

/// The demo's figures are ordinary: the plausibility rule warns of none of them, in any
/// quarter, so that a warning in the demo means something.
#[tokio::test]
async fn demo_figures_raise_no_plausibility_warnings() {
    let app = spawn_app_with_demo().await;
    let organisations: Vec<Value> = app.get("/api/v1/organisations").await.json().await.unwrap();
    let mut warned = Vec::new();
    for organisation in &organisations {
        let number = organisation["organisation_number"].as_str().unwrap();
        for period in effekt::demo::demo_periods(effekt::Period::last_ended()) {
            let report: Value = app
                .get(&format!("/api/v1/organisations/{number}/reports/{period}"))
                .await
                .json()
                .await
                .unwrap();
            for warning in report["warnings"].as_array().unwrap() {
                warned.push(format!("{number} {period} {warning}"));
            }
        }
    }
    assert_eq!(warned, Vec::<String>::new());
}
