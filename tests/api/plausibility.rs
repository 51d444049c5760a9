//! Plausibility warnings (issue #17, item 3): an implausible figure is stored and answered with
//! a warning; the analyst's explanation is stored, audited and shown to the approver.

use effekt::{OrgNumber, Period};
use effekt_tests::{TestApp, spawn_app};
use serde_json::{Value, json};

const ORG: &str = "202100-5448";

/// The quarter `back` quarters before the last that ended.
fn quarter(back: i32) -> Period {
    Period::from_index(Period::last_ended().index() - back).unwrap()
}

fn path(organisation: &str, period: Period) -> String {
    format!("/api/v1/organisations/{organisation}/reports/{period}")
}

async fn organisation(app: &TestApp, number: &str) {
    let body = json!({"organisation_number": number, "name": format!("Org {number}"), "kind": "municipality"});
    assert_eq!(
        app.post_json("/api/v1/organisations", &body).await.status(),
        201
    );
}

/// Stores `values` for `period` and takes `steps`; the answer to the PUT.
async fn report(
    app: &TestApp,
    organisation: &str,
    period: Period,
    body: Value,
    steps: &[&str],
) -> Value {
    let path = path(organisation, period);
    let response = app.put_json(&path, &body).await;
    assert_eq!(response.status(), 200, "{organisation} {period}");
    let answer = response.json().await.unwrap();
    for step in steps {
        let response = app.post_json(&format!("{path}/{step}"), &json!({})).await;
        assert_eq!(response.status(), 200, "{step} {organisation} {period}");
    }
    answer
}

/// The numbers of twenty municipalities for the national range, each valid.
fn twenty_organisations() -> Vec<String> {
    (0..20u8)
        .map(|i| {
            OrgNumber::from_first_nine([2, 1, 2, 0, 0, 0, 1, i / 10, i % 10])
                .unwrap()
                .to_string()
        })
        .collect()
}

/// One organisation's reported history: ideas delivered 20, 8, 14, (a draft's 2), 12 from five
/// quarters back to the last; customer smiles 60 and 70 three and one quarters back.
async fn with_history() -> TestApp {
    let app = spawn_app().await;
    organisation(&app, ORG).await;
    let submitted: &[&str] = &["submit"];
    for (back, values, steps) in [
        (5, json!({"ideas_delivered": 20}), submitted),
        (4, json!({"ideas_delivered": 8}), submitted),
        (
            3,
            json!({"ideas_delivered": 14, "customer_smiles": 60}),
            submitted,
        ),
        (2, json!({"ideas_delivered": 2}), &[][..]),
        (
            1,
            json!({"ideas_delivered": 12, "customer_smiles": 70}),
            submitted,
        ),
    ] {
        report(&app, ORG, quarter(back), json!({ "values": values }), steps).await;
    }
    app
}

#[tokio::test]
async fn a_figure_far_from_the_organisations_history_is_stored_and_answered_with_a_warning() {
    let app = with_history().await;
    // The last four reported quarters, the draft left out: 12, 14, 8, 20. Their median is
    // (12 + 14) / 2 = 13, ten times that 130. Smiles: the median of 70 and 60 is 65, and a
    // percentage may lie 50 points from it.
    let plausible = report(
        &app,
        ORG,
        quarter(0),
        json!({"values": {"ideas_delivered": 130, "customer_smiles": 15}}),
        &[],
    )
    .await;
    assert_eq!(plausible["warnings"], json!([]), "{plausible}");

    let answer = report(
        &app,
        ORG,
        quarter(0),
        json!({"values": {"ideas_delivered": 131, "customer_smiles": 14.5}}),
        &[],
    )
    .await;
    assert_eq!(
        answer["values"]["ideas_delivered"], 131.0,
        "stored all the same"
    );
    assert_eq!(answer["values"]["customer_smiles"], 14.5);
    let expected = json!([
        {
            "field": "ideas_delivered",
            "message": "is more than 10 times the organisation's median of 13 over its last 4 \
                        reported quarters; check the figure or explain it",
        },
        {
            "field": "customer_smiles",
            "message": "is more than 50 from the organisation's median of 65 over its last 2 \
                        reported quarters; check the figure or explain it",
        },
    ]);
    assert_eq!(answer["warnings"], expected);
    let read: Value = app.get(&path(ORG, quarter(0))).await.json().await.unwrap();
    assert_eq!(
        read["warnings"], expected,
        "the report's GET carries them too"
    );

    // A drop to a tenth: 1.3 is a tenth of 13, and 1 is less.
    let answer = report(
        &app,
        ORG,
        quarter(0),
        json!({"values": {"ideas_delivered": 1, "customer_smiles": null}}),
        &[],
    )
    .await;
    assert_eq!(
        answer["warnings"],
        json!([{
            "field": "ideas_delivered",
            "message": "is less than a tenth of the organisation's median of 13 over its last 4 \
                        reported quarters; check the figure or explain it",
        }])
    );
}

#[tokio::test]
async fn a_figure_outside_the_countrys_1st_to_99th_percentile_of_the_quarter_before_warns() {
    let app = spawn_app().await;
    // Twenty organisations reported 1, 2, …, 20 ideas the quarter before; the last only as a
    // draft at first.
    let numbers = twenty_organisations();
    for (i, number) in numbers.iter().enumerate() {
        organisation(&app, number).await;
        let steps: &[&str] = if i < 19 { &["submit"] } else { &[] };
        let values = json!({"values": {"ideas_delivered": i + 1}});
        report(&app, number, quarter(1), values, steps).await;
    }
    let body = json!({"values": {"ideas_delivered": 25}});
    let answer = report(&app, &numbers[0], quarter(0), body.clone(), &[]).await;
    assert_eq!(
        answer["warnings"],
        json!([]),
        "nineteen figures give no range"
    );

    let submitted = app
        .post_json(
            &format!("{}/submit", path(&numbers[19], quarter(1))),
            &json!({}),
        )
        .await;
    assert_eq!(submitted.status(), 200);
    // Sorted 1…20: the 1st percentile lies at rank 0.01 × 19 = 0.19, 1 + 0.19 = 1.19; the
    // 99th at rank 18.81, 19 + 0.81 = 19.81.
    let answer = report(&app, &numbers[0], quarter(0), body, &[]).await;
    assert_eq!(
        answer["warnings"],
        json!([{
            "field": "ideas_delivered",
            "message": format!(
                "is outside the country's figures for {}: 1.19 to 19.81, from the 1st to the \
                 99th percentile; check the figure or explain it",
                quarter(1)
            ),
        }])
    );
    let inside = json!({"values": {"ideas_delivered": 19}});
    let answer = report(&app, &numbers[0], quarter(0), inside, &[]).await;
    assert_eq!(answer["warnings"], json!([]));
}

/// Each instance keeps the country's figures of a quarter until that quarter changes: a change
/// made through another instance on the same database counts at once.
#[tokio::test]
async fn a_quarter_changed_through_another_instance_changes_the_countrys_range() {
    let app = spawn_app().await;
    let other = app.another_instance().await;
    let numbers = twenty_organisations();
    for (i, number) in numbers.iter().enumerate() {
        organisation(&app, number).await;
        let values = json!({"values": {"ideas_delivered": i + 1}});
        report(&app, number, quarter(1), values, &["submit"]).await;
    }
    // 1…20 as above: 25 lies above the 99th percentile, 19.81, on both instances.
    let body = json!({"values": {"ideas_delivered": 25}});
    for instance in [&app, &other] {
        let answer = report(instance, &numbers[0], quarter(0), body.clone(), &[]).await;
        assert_eq!(answer["warnings"][0]["field"], "ideas_delivered");
    }
    // The twentieth organisation corrects its figure through the other instance: its report
    // returns to draft and leaves the nineteen figures 1…19, too few for a range.
    let corrected = json!({"values": {"ideas_delivered": 30}});
    report(&other, &numbers[19], quarter(1), corrected, &[]).await;
    let answer = report(&app, &numbers[0], quarter(0), body.clone(), &[]).await;
    assert_eq!(answer["warnings"], json!([]), "the first instance sees it");
    // Submitted again through the first: 1…19 and 30, so 25 lies inside (the 99th percentile
    // at rank 18.81: 19 + 0.81 × 11 = 27.91), on the other instance too.
    let submitted = app
        .post_json(
            &format!("{}/submit", path(&numbers[19], quarter(1))),
            &json!({}),
        )
        .await;
    assert_eq!(submitted.status(), 200);
    let answer = report(&other, &numbers[0], quarter(0), body, &[]).await;
    assert_eq!(answer["warnings"], json!([]), "the second instance sees it");
}

#[tokio::test]
async fn an_explanation_is_stored_audited_and_shown_to_the_approver() {
    let app = with_history().await;
    let period = quarter(0);
    let body = json!({
        "values": {"ideas_delivered": 131},
        "explanations": {"ideas_delivered": "  Ny räknemetod från i år. "},
    });
    let answer = report(&app, ORG, period, body, &["submit"]).await;
    assert_eq!(
        answer["explanations"],
        json!({"ideas_delivered": "Ny räknemetod från i år."})
    );

    // Too long, or for a series the catalogue does not know: refused, nothing changes.
    let before = app.snapshot().await;
    let refused = app
        .put_json(
            &path(ORG, period),
            &json!({"explanations": {
                "ideas_delivered": "x".repeat(effekt::MAX_EXPLANATION_CHARS + 1),
                "no_such_series": "x",
            }}),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(
        error["details"],
        json!([
            {"field": "explanations.ideas_delivered", "message": "must be at most 1000 characters"},
            {"field": "explanations.no_such_series", "message": "is not a series in the catalogue"},
        ])
    );
    assert_eq!(app.snapshot().await, before);

    let history: Value = app
        .get(&format!("/api/v1/organisations/{ORG}/history"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        history.as_array().unwrap().iter().any(|change| {
            change["series"] == "explanations.ideas_delivered"
                && change["new"] == "Ny räknemetod från i år."
        }),
        "{history}"
    );
    let history_page = app
        .page_text(&format!("/organisationer/{ORG}/historik"))
        .await;
    assert!(
        history_page.contains("<td>Levererade idéer – förklaring</td>"),
        "{history_page}"
    );

    // The approvers' list flags the report in words; the report page warns beside the field
    // and shows the explanation.
    let admin = app.page_text(&format!("/admin?period={period}")).await;
    assert!(
        admin.contains("<th scope=\"col\">Rimlighet</th>"),
        "{admin}"
    );
    assert!(
        admin.contains("<strong class=\"has-warnings\">1 varning</strong>"),
        "{admin}"
    );
    app.approve(ORG, &period.to_string()).await;
    let page = app
        .page_text(&format!("/rapport?organisation={ORG}&period={period}"))
        .await;
    assert!(
        page.contains(
            "aria-describedby=\"field-ideas_delivered-hint field-ideas_delivered-definition \
             field-ideas_delivered-warning\""
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<div id=\"field-ideas_delivered-warning\" class=\"field-warning\"><p><strong>\
             Kontrollera:</strong> Värdet är mer än tio gånger organisationens median 13 för de \
             senaste 4 rapporterade kvartalen. Kontrollera värdet eller förklara det.</p></div>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<p class=\"explanation\"><strong>Analytikerns förklaring:</strong> Ny räknemetod \
             från i år.</p>"
        ),
        "{page}"
    );
}

#[tokio::test]
async fn a_form_post_without_javascript_shows_the_warning_and_stores_the_explanation() {
    let app = with_history().await;
    let period = quarter(0).to_string();
    let form_page = format!("/rapport?organisation={ORG}&period={period}");
    let response = app
        .post_form(
            "/sf/save_report",
            &form_page,
            &[
                ("organisation_number", ORG),
                ("period", &period),
                ("values[ideas_delivered]", "131"),
                ("lessons", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let page = app.page_text(&location).await;
    assert!(page.contains("Några värden ser ovanliga ut"), "{page}");
    assert!(
        page.contains("<label for=\"explanation-ideas_delivered\">Förklaring (frivillig)</label>"),
        "{page}"
    );
    assert!(
        page.contains(
            "aria-describedby=\"field-ideas_delivered-warning explanation-ideas_delivered-hint\""
        ),
        "{page}"
    );
    // No other field is flagged.
    assert_eq!(page.matches("class=\"field-warning\"").count(), 1, "{page}");

    let response = app
        .post_form(
            "/sf/save_report",
            &form_page,
            &[
                ("organisation_number", ORG),
                ("period", &period),
                ("values[ideas_delivered]", "131"),
                ("explanations[ideas_delivered]", "Två enheter slogs ihop."),
                ("lessons", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    let report: Value = app.get(&path(ORG, quarter(0))).await.json().await.unwrap();
    assert_eq!(
        report["explanations"],
        json!({"ideas_delivered": "Två enheter slogs ihop."})
    );
    let page = app.page_text(&form_page).await;
    assert!(
        page.contains(">Två enheter slogs ihop.</textarea>"),
        "{page}"
    );
}
