//! Issue #17, item 5: every series has a definition in both languages, shown on the measure's
//! page and tied to its field in the form; every stored figure keeps the catalogue version it was
//! entered under.

use effekt_tests::{TestApp, spawn_app_with_demo, spawn_app_with_organisation};
use serde_json::{Value, json};

const REPORT: &str = "/api/v1/organisations/202100-5448/reports/2025Q3";

async fn html(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn every_series_has_a_definition_in_both_languages() {
    let app = spawn_app_with_organisation().await;
    let measures: Vec<Value> = app.get("/api/v1/measures").await.json().await.unwrap();
    let series: Vec<&Value> = measures
        .iter()
        .flat_map(|m| m["series"].as_array().unwrap())
        .collect();
    assert_eq!(series.len(), 17);
    for s in &series {
        for part in ["what", "how", "source", "example"] {
            for lang in ["sv", "en"] {
                let text = s["definition"][part][lang].as_str().unwrap_or_default();
                assert!(text.len() > 10, "{} {part} {lang}: {text:?}", s["key"]);
            }
        }
    }
    let smiles = series
        .iter()
        .find(|s| s["key"] == "customer_smiles")
        .unwrap();
    assert_eq!(
        smiles["definition"]["example"]["sv"],
        "2 460 glada av 3 000 bedömningar: 2 460 / 3 000 × 100 = 82,0."
    );
    assert_eq!(
        smiles["definition"]["example"]["en"],
        "2,460 happy of 3,000 ratings: 2,460 / 3,000 × 100 = 82.0."
    );
}

#[tokio::test]
async fn the_measure_page_and_the_form_show_the_definition_in_the_readers_language() {
    let app = spawn_app_with_demo().await;
    let page = html(&app, "/matt/customer_smiles").await;
    assert!(
        page.contains("<h2 id=\"definitions-heading\">Definition</h2>"),
        "{page}"
    );
    assert!(page.contains("<dt>Så räknar du</dt>"), "{page}");
    assert!(page.contains("Glada / alla bedömningar × 100."), "{page}");

    // The form ties the definition to its field, for screen readers.
    let form = html(
        &app,
        &format!(
            "/rapport?organisation=202100-5448&period={}",
            effekt_tests::demo_draft_quarter()
        ),
    )
    .await;
    let field = form
        .split("<input")
        .find(|input| input.contains("id=\"field-customer_smiles\""))
        .expect("the field is on the form");
    assert!(
        field.contains(
            "aria-describedby=\"field-customer_smiles-hint field-customer_smiles-definition\""
        ),
        "{field}"
    );
    let definition = form
        .split("<dl id=\"field-customer_smiles-definition\"")
        .nth(1)
        .and_then(|after| after.split("</dl>").next())
        .expect("the definition is on the form");
    assert!(
        definition.contains("<dd>Betygsknapparna i kundtjänst, på webben och i e-tjänsterna.</dd>"),
        "{definition}"
    );

    app.switch_to_english().await;
    let page = html(&app, "/matt/customer_smiles").await;
    assert!(page.contains("<dt>How to count</dt>"), "{page}");
    assert!(page.contains("Happy / all ratings × 100."), "{page}");
}

#[tokio::test]
async fn figures_keep_the_catalogue_version_they_were_entered_under() {
    let app = spawn_app_with_organisation().await;
    let saved: Value = app
        .put_json(
            REPORT,
            &json!({"values": {"tv_series": 1, "ideas_delivered": 3}}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        saved["catalogue_versions"],
        json!({"ideas_delivered": 2, "tv_series": 2})
    );

    // As if both had been entered before the definitions came (version 1).
    sqlx::query("UPDATE report_values SET catalogue_version = 1")
        .execute(&app.db().await)
        .await
        .unwrap();
    // A figure saved again unchanged keeps its version; a changed and a new one get today's.
    let saved: Value = app
        .put_json(
            REPORT,
            &json!({"values": {"tv_series": 1, "ideas_delivered": 4, "customer_smiles": 80}}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        saved["catalogue_versions"],
        json!({"customer_smiles": 2, "ideas_delivered": 2, "tv_series": 1})
    );
    let fetched: Value = app.get(REPORT).await.json().await.unwrap();
    assert_eq!(fetched["catalogue_versions"], saved["catalogue_versions"]);
}
