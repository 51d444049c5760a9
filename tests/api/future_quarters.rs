//! Quarters that have not begun: nothing can be reported for them, whichever way it comes in,
//! and no draft moves the dashboards' default range (issue #16, finding 3).

use effekt::Period;
use effekt_app::error::AppError;
use effekt_app::i18n::Lang;
use effekt_server::cli::Command;
use effekt_tests::{config_for, run_command, spawn_app_with_organisation};
use serde_json::{Value, json};

const SKATTEVERKET: &str = "202100-5448";

fn next_quarter() -> Period {
    Period::current()
        .next()
        .expect("the tests do not run in 2999")
}

fn report(period: Period) -> String {
    format!("/api/v1/organisations/{SKATTEVERKET}/reports/{period}")
}

#[tokio::test]
async fn a_report_for_a_quarter_that_has_not_begun_is_refused_and_nothing_is_stored() {
    let app = spawn_app_with_organisation().await;
    let before = app.snapshot().await;
    for period in [next_quarter(), Period::parse("2999Q4").unwrap()] {
        let response = app
            .put_json(&report(period), &json!({"values": {"tv_series": 1}}))
            .await;
        assert_eq!(response.status(), 422, "{period}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(
            error["details"],
            json!([{
                "field": "period",
                "message": format!(
                    "has not begun: figures can be reported up to {}",
                    Period::current()
                ),
            }]),
            "{period}"
        );
        assert_eq!(app.get(&report(period)).await.status(), 404);
    }
    assert_eq!(app.snapshot().await, before, "nothing was stored");

    let current = app
        .put_json(
            &report(Period::current()),
            &json!({"values": {"tv_series": 1}}),
        )
        .await;
    assert_eq!(current.status(), 200, "the current quarter has begun");
}

#[tokio::test]
async fn an_import_with_a_quarter_that_has_not_begun_is_refused_by_line() {
    let app = spawn_app_with_organisation().await;
    let before = app.snapshot().await;
    let csv = format!(
        "organisation_number,period,series,value\n{SKATTEVERKET},2025Q3,tv_series,1\n{SKATTEVERKET},{},tv_series,2\n",
        next_quarter()
    );
    let response = app
        .client
        .post(app.url("/api/v1/import"))
        .header("Content-Type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["details"],
        json!([{
            "line": 3,
            "column": "period",
            "message": format!(
                "the quarter has not begun: figures can be reported up to {}",
                Period::current()
            ),
        }])
    );
    assert_eq!(app.snapshot().await, before, "nothing was stored");
}

#[tokio::test]
async fn the_command_line_import_refuses_a_quarter_that_has_not_begun() {
    let app = spawn_app_with_organisation().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("future.csv");
    std::fs::write(
        &file,
        format!(
            "organisation_number,period,series,value\n{SKATTEVERKET},{},tv_series,1\n",
            next_quarter()
        ),
    )
    .unwrap();
    // Connecting to the database builds the figures' snapshot of an organisation that has none
    // yet (`Store::build_missing_snapshots`), derived from its figures whatever the command then
    // does: the test connects once itself, so that only what the import would store can differ.
    effekt::store::Store::connect(&app.database_url)
        .await
        .unwrap();
    let before = app.snapshot().await;
    let (ok, _, err) = run_command(&config_for(&app.database_url), Command::Import(file)).await;
    assert!(!ok);
    assert_eq!(
        err,
        format!(
            "line 2, period: the quarter has not begun: figures can be reported up to {}\neffekt: nothing was stored\n",
            Period::current()
        )
    );
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn the_report_form_refuses_a_quarter_that_has_not_begun_in_both_languages() {
    let app = spawn_app_with_organisation().await;
    let before = app.snapshot().await;
    let response = app
        .client
        .post(app.url("/sf/save_report"))
        .header("Accept", "application/x-postcard")
        .form(&[
            ("organisation_number", SKATTEVERKET),
            ("period", &next_quarter().to_string()),
            ("values[tv_series]", "1"),
            ("lessons", "Framtiden"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let error: AppError = postcard::from_bytes(&response.bytes().await.unwrap()).unwrap();
    let AppError::Invalid { errors, submitted } = error else {
        panic!("{error:?}");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "period");
    assert_eq!(submitted["tv_series"], "1", "what was typed comes back");
    let current = Period::current();
    assert_eq!(
        Lang::Sv.problem(&errors[0].problem),
        format!(
            "Kvartalet har inte börjat än. Uppgifter kan lämnas till och med {}.",
            current.label_sv()
        )
    );
    assert_eq!(
        Lang::En.problem(&errors[0].problem),
        format!(
            "The quarter has not begun yet. Figures can be reported up to {}.",
            current.label_en()
        )
    );
    assert_eq!(app.snapshot().await, before, "nothing was stored");
}

#[tokio::test]
async fn a_draft_in_a_newer_quarter_does_not_move_the_default_range() {
    let app = spawn_app_with_organisation().await;
    let submitted = Period::parse("2025Q1").unwrap();
    let response = app
        .put_json(&report(submitted), &json!({"values": {"tv_series": 3}}))
        .await;
    assert_eq!(response.status(), 200);
    let submit = app
        .client
        .post(app.url(&format!("{}/submit", report(submitted))))
        .send()
        .await
        .unwrap();
    assert_eq!(submit.status(), 200);
    // An analyst's draft in the current quarter, which may be written but does not count yet.
    let draft = app
        .put_json(
            &report(Period::current()),
            &json!({"values": {"tv_series": 300}}),
        )
        .await;
    assert_eq!(draft.status(), 200);

    for path in ["/", "/matt/ideas"] {
        let page = app.get(path).await.text().await.unwrap();
        assert!(
            page.contains("from=2023Q2&amp;to=2025Q1"),
            "{path} shows the eight quarters up to the newest submitted one: {page}"
        );
    }
}
