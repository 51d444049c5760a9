use effekt_tests::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn the_catalogue_lists_fourteen_measures_and_seventeen_series() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/measures").await;
    assert_eq!(response.status(), 200);
    let measures: Vec<Value> = response.json().await.unwrap();
    assert_eq!(measures.len(), 14);
    let numbers: Vec<u64> = measures
        .iter()
        .map(|m| m["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=14).collect::<Vec<_>>());
    let series: Vec<&Value> = measures
        .iter()
        .flat_map(|m| m["series"].as_array().unwrap())
        .collect();
    assert_eq!(series.len(), 17);

    let satisfaction = &measures[4];
    assert_eq!(satisfaction["key"], "customer_satisfaction");
    assert_eq!(satisfaction["name_sv"], "Kundnöjdhet");
    assert_eq!(satisfaction["name_en"], "Customer satisfaction");
    for field in ["description_sv", "description_en"] {
        assert!(!satisfaction[field].as_str().unwrap().is_empty());
    }
    let index = &satisfaction["series"][0];
    assert_eq!(index["unit"], "index");
    assert_eq!(index["min"], 0.0);
    assert_eq!(index["max"], 100.0);
    assert_eq!(index["integer"], false);
    assert_eq!(index["direction"], "higher");

    let ideas = &measures[1]["series"][0];
    assert_eq!(ideas["integer"], true);
    assert_eq!(ideas["max"], Value::Null);
}
