//! The dashboard and measure pages show figures leadership can trust (issue #17, item 1): no
//! drafts, quarters not all approved marked preliminary, no national figure of too few reports,
//! and a default range that ends at a quarter that can be read.

use effekt::{Period, ReportingRules};
use effekt_tests::{TestApp, spawn_app_configured};
use serde_json::json;

const ORGS: [&str; 4] = ["202100-5448", "202100-5521", "212000-0142", "212000-1355"];

async fn html(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

async fn report(
    app: &TestApp,
    organisation: &str,
    period: Period,
    values: serde_json::Value,
    steps: &[&str],
) {
    let path = format!("/api/v1/organisations/{organisation}/reports/{period}");
    assert_eq!(
        app.put_json(&path, &json!({"values": values}))
            .await
            .status(),
        200
    );
    for step in steps {
        let response = app.post_json(&format!("{path}/{step}"), &json!({})).await;
        assert_eq!(response.status(), 200, "{step} {organisation} {period}");
    }
}

/// Four organisations. The last quarter that ended (its deadline, the day it ended, has
/// passed): customer satisfaction from two approved reports, one submitted and one draft;
/// ideas delivered from only two reports. The current quarter: one submitted report.
async fn seeded() -> (TestApp, Period, Period) {
    let app = spawn_app_configured(|config| {
        config.reporting = ReportingRules::new(0, 3).unwrap();
    })
    .await;
    for (i, number) in ORGS.iter().enumerate() {
        let body = json!({"organisation_number": number, "name": format!("Org {i}"), "kind": "state_agency"});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    let (ended, current) = (Period::last_ended(), Period::current());
    let approve: &[&str] = &["submit", "approve"];
    report(
        &app,
        ORGS[0],
        ended,
        json!({"customer_satisfaction": 60, "ideas_delivered": 4}),
        approve,
    )
    .await;
    report(
        &app,
        ORGS[1],
        ended,
        json!({"customer_satisfaction": 70, "ideas_delivered": 6}),
        approve,
    )
    .await;
    report(
        &app,
        ORGS[2],
        ended,
        json!({"customer_satisfaction": 80}),
        &["submit"],
    )
    .await;
    report(
        &app,
        ORGS[3],
        ended,
        json!({"customer_satisfaction": 5, "ideas_delivered": 9}),
        &[],
    )
    .await;
    report(
        &app,
        ORGS[0],
        current,
        json!({"customer_satisfaction": 99}),
        &["submit"],
    )
    .await;
    (app, ended, current)
}

#[tokio::test]
async fn the_default_range_ends_at_a_readable_quarter_and_names_the_one_being_reported() {
    let (app, ended, current) = seeded().await;
    let (status, page) = html(&app, "/").await;
    assert_eq!(status, 200);
    // One report in of four, before its deadline: the current quarter is not the country's.
    assert!(
        page.contains(&format!(
            "{}: 3 / 4 organisationer rapporterade",
            ended.label_sv()
        )),
        "{page}"
    );
    assert!(
        !page.contains(&format!("{}: 1 / 4", current.label_sv())),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "{} rapporteras just nu: 1 / 4 organisationer har rapporterat.",
            current.label_sv()
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!("to={current}\">Visa {}</a>", current.label_sv())),
        "{page}"
    );

    // Following the link shows the quarter being reported, and names no newer one.
    let (_, newest) = html(&app, &format!("/?to={current}")).await;
    assert!(newest.contains(&format!(
        "{}: 1 / 4 organisationer rapporterade",
        current.label_sv()
    )));
    assert!(!newest.contains("rapporteras just nu"));

    // In English too.
    app.switch_to_english().await;
    let (_, english) = html(&app, "/").await;
    assert!(
        english.contains(&format!(
            "{} is being reported: 1 / 4 organisations have reported.",
            current.label_en()
        )),
        "{english}"
    );
}

/// A report submitted after a view of the dashboard is counted by the next view: nothing the
/// default range depends on is kept from one view to the next.
#[tokio::test]
async fn a_report_submitted_after_a_view_moves_the_default_range_at_once() {
    let (app, _, current) = seeded().await;
    let (_, before) = html(&app, "/").await;
    assert!(
        before.contains(&format!(
            "{} rapporteras just nu: 1 / 4",
            current.label_sv()
        )),
        "{before}"
    );
    report(
        &app,
        ORGS[1],
        current,
        json!({"customer_satisfaction": 75}),
        &["submit"],
    )
    .await;
    let (_, after) = html(&app, "/").await;
    // Two of four in, half: the quarter can be read, and the range ends at it.
    assert!(
        after.contains(&format!(
            "{}: 2 / 4 organisationer rapporterade",
            current.label_sv()
        )),
        "{after}"
    );
    assert!(!after.contains("rapporteras just nu"), "{after}");
}

#[tokio::test]
async fn tiles_mark_preliminary_quarters_and_show_no_median_of_too_few_reports() {
    let (app, ended, _) = seeded().await;
    let (_, page) = html(&app, "/").await;
    // Customer satisfaction: three count (the draft does not), two of them approved.
    assert!(
        page.contains(&format!(
            "{}: 3 / 4 organisationer rapporterade</a></span> <span class=\"preliminary\">(preliminär)</span>",
            ended.label_sv()
        )),
        "{page}"
    );
    // Ideas delivered: two reports count, fewer than three.
    assert_eq!(
        page.matches("För få har rapporterat för en nationell siffra")
            .count(),
        1,
        "{page}"
    );
    assert!(page.contains(&format!(
        "{}: 2 / 4 organisationer rapporterade",
        ended.label_sv()
    )));

    // Approved only: two reports each, none preliminary, both too few; the choice is kept.
    let (status, approved) = html(&app, "/?basis=approved").await;
    assert_eq!(status, 200);
    assert!(
        approved.contains(r#"<strong aria-current="true">Endast godkända</strong>"#),
        "{approved}"
    );
    assert!(approved.contains(r#"<input type="hidden" name="basis" value="approved""#));
    assert!(!approved.contains("preliminär"), "{approved}");
    assert_eq!(
        approved
            .matches("För få har rapporterat för en nationell siffra")
            .count(),
        2
    );
    assert!(approved.contains("/matt/customer_satisfaction?kind=&amp;from="));
    assert!(
        approved.contains("&amp;basis=approved\""),
        "links keep the basis"
    );

    let (status, _) = html(&app, "/?basis=drafts").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_measure_page_marks_preliminary_quarters_and_too_few_reports() {
    let (app, ended, _) = seeded().await;
    let path = format!("/matt/customer_satisfaction?from={ended}&to={ended}");
    let (status, page) = html(&app, &path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!(
            "<p class=\"preliminary\">Preliminära kvartal, där inte alla uppgifter är godkända än: {}.</p>",
            ended.label_sv()
        )),
        "{page}"
    );
    assert!(!page.contains("För få har rapporterat"), "{page}");
    // The ranking leaves the draft out: three organisations ranked.
    assert!(
        page.contains("Org 2") && !page.contains("<th scope=\"row\">Org 3</th>"),
        "{page}"
    );

    let (status, approved) = html(&app, &format!("{path}&basis=approved")).await;
    assert_eq!(status, 200);
    assert!(
        approved.contains("För få har rapporterat för en nationell siffra"),
        "{approved}"
    );
    assert!(!approved.contains("preliminär"));
    assert!(approved.contains(r#"<input type="hidden" name="basis" value="approved""#));
}
