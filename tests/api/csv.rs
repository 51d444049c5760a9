//! CSV export and import over HTTP: filters, formats, all-or-nothing, idempotence, round trip.

use std::time::Duration;

use effekt_tests::{TestApp, demo_quarters, spawn_app, spawn_app_with_demo};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The largest import body the server takes (`IMPORT_LIMIT`).
const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

async fn import(app: &TestApp, client: &reqwest::Client, csv: &str) -> (u16, Value) {
    let response = client
        .post(app.url("/api/v1/import"))
        .header("Content-Type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn export(app: &TestApp, query: &str) -> (String, Vec<u8>) {
    let response = app.get(&format!("/api/v1/export/values.csv?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    (disposition, response.bytes().await.unwrap().to_vec())
}

async fn with_organisations(numbers: &[(&str, &str)]) -> TestApp {
    let app = spawn_app().await;
    for (number, name) in numbers {
        let body = json!({"organisation_number": number, "name": name, "kind": "municipality"});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    app
}

/// Saves `values` for `organisation` in `period`, and submits the report when `submit`.
async fn report(app: &TestApp, organisation: &str, period: &str, values: Value, submit: bool) {
    let path = format!("/api/v1/organisations/{organisation}/reports/{period}");
    let saved = app.put_json(&path, &json!({ "values": values })).await;
    assert_eq!(saved.status(), 200, "{path}");
    if submit {
        let submitted = app.post_json(&format!("{path}/submit"), &json!({})).await;
        assert_eq!(submitted.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn values_export_filters_and_names_the_file() {
    let app = with_organisations(&[("212000-0142", "Stockholms stad")]).await;
    let body = json!({"organisation_number": "202100-5448", "name": "Skatteverket", "kind": "state_agency"});
    assert_eq!(
        app.post_json("/api/v1/organisations", &body).await.status(),
        201
    );
    let skatteverket = "202100-5448";
    let q1 = json!({"ideas_delivered": 4, "tv_series": 12, "customer_satisfaction": 70.5});
    report(&app, skatteverket, "2025Q1", q1, true).await;
    report(
        &app,
        skatteverket,
        "2025Q2",
        json!({"ideas_delivered": 6, "tv_series": 15}),
        false,
    )
    .await;
    report(
        &app,
        skatteverket,
        "2025Q3",
        json!({"ideas_delivered": 9}),
        false,
    )
    .await;
    report(
        &app,
        "212000-0142",
        "2025Q1",
        json!({"ideas_delivered": 3}),
        false,
    )
    .await;

    let (disposition, body) = export(
        &app,
        "from=2025Q1&to=2025Q2&organisation=202100-5448&series=tv_series,ideas_delivered",
    )
    .await;
    assert_eq!(
        disposition,
        "attachment; filename=\"effekt-values-2025Q1-2025Q2.csv\""
    );
    // Only the organisation, the quarters and the series asked for, with their figures and
    // each report's status: not 2025Q3, not customer satisfaction, not Stockholm.
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "organisation_number,organisation_name,period,measure,series,value,status\r\n\
         202100-5448,Skatteverket,2025Q1,ideas,ideas_delivered,4,submitted\r\n\
         202100-5448,Skatteverket,2025Q1,tv_series,tv_series,12,submitted\r\n\
         202100-5448,Skatteverket,2025Q2,ideas,ideas_delivered,6,draft\r\n\
         202100-5448,Skatteverket,2025Q2,tv_series,tv_series,15,draft\r\n"
    );

    let (_, municipalities) = export(&app, "kind=municipality").await;
    assert_eq!(
        String::from_utf8(municipalities).unwrap(),
        "organisation_number,organisation_name,period,measure,series,value,status\r\n\
         212000-0142,Stockholms stad,2025Q1,ideas,ideas_delivered,3,draft\r\n"
    );
    assert_eq!(
        app.get("/api/v1/export/values.csv?from=2026Q9")
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn the_excel_format_has_bom_semicolons_decimal_commas_and_crlf() {
    let app = with_organisations(&[("212000-2627", "=Umeå; kommun")]).await;
    let report = "/api/v1/organisations/212000-2627/reports/2025Q3";
    app.put_json(report, &json!({"values": {"customer_satisfaction": 74.5}}))
        .await;
    let (disposition, body) = export(&app, "format=excel-sv").await;
    assert!(disposition.contains("effekt-values-start-latest-excel.csv"));
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with("\u{feff}organisation_number;organisation_name;period;"));
    assert_eq!(
        text.lines().nth(1).unwrap(),
        "212000-2627;\"'=Umeå; kommun\";2025Q3;customer_satisfaction;customer_satisfaction;74,5;draft"
    );
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
}

#[tokio::test]
async fn a_file_with_any_bad_row_is_rejected_whole_with_every_problem() {
    let app = with_organisations(&[("212000-2627", "Umeå kommun")]).await;
    app.put_json(
        "/api/v1/organisations/212000-2627/reports/2025Q2",
        &json!({"values": {"tv_series": 1}}),
    )
    .await;
    app.approve("212000-2627", "2025Q2").await;
    let before = app.snapshot().await;
    let csv = "organisation_number,period,series,value\n\
               212000-2627,2025Q3,customer_satisfaction,74.5\n\
               212000-2627,2025Q3,customer_satisfaction,75\n\
               212000-0159,2025Q3,tv_series,1\n\
               212000-2627,2025Q2,tv_series,2\n\
               212000-2627,2025Q3,ideas_delivered,1.5\n";
    let (status, body) = import(&app, &app.client, csv).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["details"],
        json!([
            {"line": 3, "column": "", "message": "the same organisation, quarter and series as line 2"},
            {"line": 6, "column": "value", "message": "must be a whole number"},
        ]),
        "the file's own problems are found first"
    );
    assert_eq!(app.snapshot().await, before);

    let csv = "organisation_number,period,series,value\n\
               212000-2627,2025Q3,customer_satisfaction,74.5\n\
               212000-0159,2025Q3,tv_series,1\n\
               212000-2627,2025Q2,tv_series,2\n";
    let (status, body) = import(&app, &app.client, csv).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["details"],
        json!([
            {"line": 3, "column": "organisation_number", "message": "there is no such organisation"},
            {"line": 4, "column": "period", "message": "the report is approved and locked"},
        ])
    );
    assert_eq!(
        app.snapshot().await,
        before,
        "the good first line is not stored either"
    );
}

#[tokio::test]
async fn analysts_import_only_their_own_organisation_and_the_same_file_twice_changes_nothing() {
    let app = with_organisations(&[
        ("212000-2627", "Umeå kommun"),
        ("212000-1124", "Malmö stad"),
    ])
    .await;
    let analyst = app
        .user("analytiker@umea.example", "analyst", Some("212000-2627"))
        .await;
    let other = "organisation_number,period,series,value\n212000-1124,2025Q3,tv_series,1\n";
    let (status, body) = import(&app, &analyst, other).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["details"][0]["message"],
        "you may not write this organisation's figures"
    );

    let own = "organisation_number;period;series;value;lessons\r\n\
               2120002627;2025K3;customer_satisfaction;74,5;Vi lärde oss\r\n\
               212000-2627;2025Q3;ideas_delivered;12;Vi lärde oss\r\n";
    let (status, body) = import(&app, &analyst, own).await;
    assert_eq!(
        (status, &body),
        (200, &json!({"rows": 2, "changed": 4})),
        "two figures, lessons, status"
    );
    let history_before = app
        .get("/api/v1/organisations/212000-2627/history")
        .await
        .text()
        .await
        .unwrap();
    let before = app.snapshot().await;
    let (status, body) = import(&app, &analyst, own).await;
    assert_eq!((status, body), (200, json!({"rows": 2, "changed": 0})));
    assert_eq!(app.snapshot().await, before);
    let history_after = app
        .get("/api/v1/organisations/212000-2627/history")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(history_before, history_after);

    let report: Value = app
        .get("/api/v1/organisations/212000-2627/reports/2025Q3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        report["values"],
        json!({"customer_satisfaction": 74.5, "ideas_delivered": 12.0})
    );
    assert_eq!(report["lessons"], "Vi lärde oss");
    assert_eq!(report["updated_by"], "analytiker@umea.example");

    let response = app
        .client
        .post(app.url("/api/v1/import"))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
}

#[tokio::test]
async fn an_export_imported_into_an_empty_database_reproduces_the_values_in_both_formats() {
    let source = spawn_app_with_demo().await;
    // The demo's newest three quarters: drafts, submitted reports and approved ones.
    let from = demo_quarters()[5];
    for format in ["csv", "excel-sv"] {
        let (_, exported) = export(&source, &format!("format={format}&from={from}")).await;
        let target = spawn_app().await;
        let organisations: Vec<Value> = source
            .get("/api/v1/organisations")
            .await
            .json()
            .await
            .unwrap();
        for organisation in &organisations {
            assert_eq!(
                target
                    .post_json("/api/v1/organisations", organisation)
                    .await
                    .status(),
                201
            );
        }
        // The export has more columns than an import needs; keep the four an import reads.
        let text = String::from_utf8(exported).unwrap();
        let delimiter = if format == "csv" { ',' } else { ';' };
        let import_text: String = text
            .trim_start_matches('\u{feff}')
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let cells: Vec<&str> = line.split(delimiter).collect();
                let (org, period, series, value) = (cells[0], cells[2], cells[4], cells[5]);
                if i == 0 {
                    format!(
                        "organisation_number{delimiter}period{delimiter}series{delimiter}value\r\n"
                    )
                } else {
                    format!("{org}{delimiter}{period}{delimiter}{series}{delimiter}{value}\r\n")
                }
            })
            .collect();
        let (status, body) = import(&target, &target.client, &import_text).await;
        assert_eq!(status, 200, "{format}: {body}");
        // An import stores drafts: each report goes through the workflow as far as the
        // source's did.
        let reports: std::collections::BTreeSet<(&str, &str, &str)> = text
            .trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .map(|line| {
                let cells: Vec<&str> = line.split(delimiter).collect();
                (cells[0], cells[2], cells[6])
            })
            .collect();
        for (organisation, period, status) in reports {
            let steps: &[&str] = match status {
                "approved" => &["submit", "approve"],
                "submitted" => &["submit"],
                _ => &[],
            };
            for step in steps {
                let path = format!("/api/v1/organisations/{organisation}/reports/{period}/{step}");
                assert_eq!(
                    target.post_json(&path, &json!({})).await.status(),
                    200,
                    "{path}"
                );
            }
        }
        let (_, again) = export(&target, &format!("format={format}&from={from}")).await;
        assert_eq!(String::from_utf8(again).unwrap(), text, "{format}");
    }
}

/// Four submitted reports of 2, 4, 9 and 25 TV series and a draft of 100, which does not
/// count: n 4, sum 40, mean 10, median (4 + 9) / 2 = 6.5; the quartiles by linear interpolation
/// between ranks, at positions 0.75 and 2.25: 2 + 0.75 × 2 = 3.5 and 9 + 0.25 × 16 = 13.
#[tokio::test]
async fn the_summary_exports_as_csv() {
    let app = with_organisations(&[
        ("212000-0142", "Stockholms stad"),
        ("212000-1355", "Göteborgs Stad"),
        ("212000-1785", "Malmö stad"),
        ("212000-2627", "Umeå kommun"),
        ("212000-0035", "Upplands Väsby kommun"),
    ])
    .await;
    for (organisation, count, submit) in [
        ("212000-0142", 2, true),
        ("212000-1355", 4, true),
        ("212000-1785", 9, true),
        ("212000-2627", 25, true),
        ("212000-0035", 100, false),
    ] {
        report(
            &app,
            organisation,
            "2025Q2",
            json!({"tv_series": count}),
            submit,
        )
        .await;
    }
    let response = app
        .get("/api/v1/export/summary.csv?from=2025Q2&to=2025Q2&series=tv_series")
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text().await.unwrap(),
        "series,period,n,sum,mean,median,p25,p75,min,max,n_approved\r\n\
         tv_series,2025Q2,4,40,10,6.5,3.5,13,2,25,0\r\n"
    );
}

/// The export reads figures packed per organisation, a page of organisations at a time: every
/// organisation must be reached across pages, those without matching figures must not end the
/// export early, and no figure may lose a digit on the way.
#[tokio::test]
async fn the_values_export_pages_through_every_organisation_and_keeps_every_digit() {
    let app = spawn_app().await;
    let exact = [1.0 / 3.0, 0.1 + 0.2, 1e300, 5e-324, 123_456_789.123_456_78];
    let mut expected = Vec::new();
    for i in 0..130u32 {
        let digits = format!("{:09}", 212_000_000 + i * 7);
        let first_nine: [u8; 9] = std::array::from_fn(|d| digits.as_bytes()[d] - b'0');
        let number = effekt::OrgNumber::from_first_nine(first_nine)
            .unwrap()
            .to_string();
        let body = json!({"organisation_number": number, "name": format!("Org {i}"), "kind": "municipality"});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
        // Only every third organisation has figures, in 2026Q1: the first page of fifty ends
        // on one without any, which must not end the export.
        if i % 3 == 0 {
            let value = exact[(i as usize / 3) % exact.len()];
            let path = format!("/api/v1/organisations/{number}/reports/2026Q1");
            let response = app
                .put_json(&path, &json!({"values": {"value_internal": value}}))
                .await;
            assert_eq!(response.status(), 200, "{number}");
            // Approved, so that the figures count in the summary below.
            app.approve(&number, "2026Q1").await;
            expected.push(format!("{number},2026Q1,value_internal,{value:?}"));
        }
    }
    let (_, body) = export(&app, "from=2026Q1").await;
    let exported: Vec<String> = String::from_utf8(body)
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let value: f64 = cells[5].parse().unwrap();
            format!("{},{},{},{value:?}", cells[0], cells[2], cells[4])
        })
        .collect();
    expected.sort();
    assert_eq!(exported, expected, "in organisation order, exactly");

    let summary: Vec<Value> = app
        .get("/api/v1/summary?series=value_internal")
        .await
        .json()
        .await
        .unwrap();
    let extremes = (summary[0]["min"].as_f64(), summary[0]["max"].as_f64());
    assert_eq!(extremes, (Some(5e-324), Some(1e300)), "{summary:?}");
}

/// The session cookie of `email`, to send by hand.
async fn session_cookie(app: &TestApp, email: &str, password: &str) -> String {
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Sends an import announcing a body of `IMPORT_LIMIT` bytes but only `sent` of them, and
/// returns the status line of the answer that comes while the rest is never sent. The old
/// server read the whole body first: it never answered.
async fn answer_before_the_body_ends(app: &TestApp, cookie: &str, sent: Vec<u8>) -> String {
    let address = app.address.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut reading, mut writing) = stream.into_split();
    let head = format!(
        "POST /api/v1/import HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\
         Content-Type: text/csv\r\nContent-Length: {IMPORT_LIMIT}\r\n\r\n"
    );
    // Written beside the reading: a server that stops reading must not stall the test.
    let writer = tokio::spawn(async move {
        // A server that answers early may close before all is written: that is the point.
        let _ = writing.write_all(head.as_bytes()).await;
        let _ = writing.write_all(&sent).await;
        std::future::pending::<()>().await;
    });
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(30), reading.read(&mut answer))
        .await
        .expect("an answer before the body is finished")
        .unwrap();
    writer.abort();
    let answer = String::from_utf8_lossy(&answer[..read]).into_owned();
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_viewer_import_is_refused_before_its_body_is_read() {
    let app = spawn_app_with_demo().await;
    let viewer = session_cookie(&app, "ledning@effekt.example", "demo-ledning-losenord").await;
    let signed_in = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let before = app.snapshot().await;
    let first_line = "organisation_number,period,series,value\n202100-5448,2026Q2,tv_series,1\n";
    assert_eq!(
        answer_before_the_body_ends(&app, &viewer, first_line.into()).await,
        "HTTP/1.1 403 Forbidden"
    );

    // Whole, too, the body changes nothing.
    let (status, body) = import(&app, &signed_in, first_line).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "You are not allowed to do this.");
    assert_eq!(app.snapshot().await, before);
}

/// The reader streams: a line longer than any row can be is refused when it is seen, without
/// waiting for (or holding) the rest of the body.
#[tokio::test]
async fn an_endless_line_is_refused_without_reading_the_rest_of_the_body() {
    let app = spawn_app_with_demo().await;
    let admin = session_cookie(
        &app,
        effekt_tests::ADMIN_EMAIL,
        effekt_tests::ADMIN_PASSWORD,
    )
    .await;
    let mut sent = b"organisation_number,period,series,value\n".to_vec();
    sent.extend(std::iter::repeat_n(b',', 1024 * 1024));
    assert_eq!(
        answer_before_the_body_ends(&app, &admin, sent).await,
        "HTTP/1.1 422 Unprocessable Entity"
    );
}

#[tokio::test]
async fn a_file_with_thousands_of_problems_lists_a_thousand_and_counts_the_rest() {
    let app = spawn_app_with_demo().await;
    let before = app.snapshot().await;
    let mut csv = String::from("organisation_number,period,series,value\n");
    for _ in 0..3_000 {
        csv.push_str("202100-5448,2026Q5,tv_series,1\n");
    }
    let (status, body) = import(&app, &app.client, &csv).await;
    assert_eq!(status, 422);
    let details = body["details"].as_array().unwrap();
    assert_eq!(details.len(), 1_000);
    assert_eq!(
        details[999],
        json!({"line": 1_001, "column": "period", "message": "not a quarter (YYYYQn or YYYYKn)"})
    );
    assert_eq!(
        body["error"],
        "The file has problems; nothing was stored. The first 1000 problems are listed; \
         the file has 2000 more."
    );
    assert_eq!(app.snapshot().await, before);
}

/// The reports' status and who last changed them, in organisation, quarter order.
async fn reports_stored(app: &TestApp) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT organisation_number, period, status, updated_at FROM reports \
         ORDER BY organisation_number, period",
    )
    .fetch_all(&app.db().await)
    .await
    .unwrap()
}

/// Every row of the audit trail as who, report, field, old and new value, with its
/// transaction and sequence number, in the order recorded.
type AuditRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

async fn audit_rows(app: &TestApp) -> Vec<AuditRow> {
    sqlx::query_as(
        "SELECT tx, CAST(seq AS BIGINT), changed_by, organisation_number, period, field, \
         old_value, new_value FROM changes ORDER BY at, tx, seq",
    )
    .fetch_all(&app.db().await)
    .await
    .unwrap()
}

async fn quarter_versions(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT period, CAST(version AS BIGINT) FROM quarter_versions \
         WHERE period IN ('2025Q1', '2025Q2', '2025Q3') ORDER BY period",
    )
    .fetch_all(&app.db().await)
    .await
    .unwrap()
}

#[tokio::test]
async fn one_import_creates_changes_and_leaves_reports_as_a_save_of_each_would() {
    let app = with_organisations(&[
        ("212000-2627", "Umeå kommun"),
        ("212000-1124", "Malmö stad"),
    ])
    .await;
    let values = json!({"customer_satisfaction": 70, "ideas_delivered": 3});
    report(&app, "212000-2627", "2025Q1", values, true).await;
    let values = json!({"customer_satisfaction": 60});
    report(&app, "212000-2627", "2025Q2", values, false).await;
    report(&app, "212000-1124", "2025Q1", json!({"tv_series": 2}), true).await;
    let reports_before = reports_stored(&app).await;
    let audit_before = audit_rows(&app).await;
    let versions_before = quarter_versions(&app).await;
    assert_eq!(
        versions_before
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>(),
        ["2025Q1", "2025Q2"]
    );

    // A changed submitted report, unchanged submitted and draft ones, and two new ones.
    let csv = "organisation_number,period,series,value\n\
               212000-2627,2025Q1,customer_satisfaction,71\n\
               212000-2627,2025Q1,ideas_delivered,3\n\
               212000-2627,2025Q2,customer_satisfaction,60\n\
               212000-1124,2025Q1,tv_series,2\n\
               212000-1124,2025Q3,tv_series,5\n\
               212000-2627,2025Q3,ideas_delivered,12\n";
    let (status, body) = import(&app, &app.client, csv).await;
    assert_eq!((status, body), (200, json!({"rows": 6, "changed": 6})));

    // Statuses: the changed submitted report is a draft again, the new ones are drafts, and
    // the unchanged ones keep their status and their time of change.
    let reports = reports_stored(&app).await;
    let statuses: Vec<(&str, &str, &str)> = reports
        .iter()
        .map(|(o, p, s, _)| (o.as_str(), p.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("212000-1124", "2025Q1", "submitted"),
            ("212000-1124", "2025Q3", "draft"),
            ("212000-2627", "2025Q1", "draft"),
            ("212000-2627", "2025Q2", "draft"),
            ("212000-2627", "2025Q3", "draft"),
        ]
    );
    assert_eq!(reports[0], reports_before[0], "unchanged submitted");
    assert_eq!(reports[3], reports_before[2], "unchanged draft");
    assert!(
        reports[2].3 > reports_before[1].3,
        "the changed one is stamped"
    );
    assert_eq!(reports[1].3, reports[2].3, "stamped with the import's time");

    let stored: Vec<(String, String, String, f64)> = sqlx::query_as(
        "SELECT organisation_number, period, series, value FROM report_values \
         ORDER BY organisation_number, period, series",
    )
    .fetch_all(&app.db().await)
    .await
    .unwrap();
    let stored: Vec<(&str, &str, &str, f64)> = stored
        .iter()
        .map(|(o, p, s, v)| (o.as_str(), p.as_str(), s.as_str(), *v))
        .collect();
    assert_eq!(
        stored,
        [
            ("212000-1124", "2025Q1", "tv_series", 2.0),
            ("212000-1124", "2025Q3", "tv_series", 5.0),
            ("212000-2627", "2025Q1", "customer_satisfaction", 71.0),
            ("212000-2627", "2025Q1", "ideas_delivered", 3.0),
            ("212000-2627", "2025Q2", "customer_satisfaction", 60.0),
            ("212000-2627", "2025Q3", "ideas_delivered", 12.0),
        ]
    );

    // The audit rows: one transaction, numbered in report order, each report's status change
    // where a save of it alone would put it.
    let audit = audit_rows(&app).await;
    assert_eq!(audit[..audit_before.len()], audit_before[..]);
    let added = &audit[audit_before.len()..];
    let tx = &added[0].0;
    let some = |s: &str| Some(s.to_owned());
    let expected = [
        ("212000-1124", "2025Q3", "status", None, some("draft")),
        ("212000-1124", "2025Q3", "tv_series", None, some("5")),
        (
            "212000-2627",
            "2025Q1",
            "customer_satisfaction",
            some("70"),
            some("71"),
        ),
        (
            "212000-2627",
            "2025Q1",
            "status",
            some("submitted"),
            some("draft"),
        ),
        ("212000-2627", "2025Q3", "status", None, some("draft")),
        ("212000-2627", "2025Q3", "ideas_delivered", None, some("12")),
    ];
    let expected: Vec<AuditRow> = expected
        .into_iter()
        .zip(1..)
        .map(|((o, p, field, old, new), seq)| {
            (
                tx.clone(),
                seq,
                effekt_tests::ADMIN_EMAIL.to_owned(),
                some(o),
                some(p),
                field.to_owned(),
                old,
                new,
            )
        })
        .collect();
    assert_eq!(added, expected);

    // The snapshots the export reads agree with the stored figures and statuses.
    let (_, exported) = export(&app, "").await;
    let exported = String::from_utf8(exported).unwrap();
    let figures: Vec<String> = exported
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            [cells[0], cells[2], cells[4], cells[5], cells[6]].join(" ")
        })
        .collect();
    assert_eq!(
        figures,
        [
            "212000-1124 2025Q1 tv_series 2 submitted",
            "212000-1124 2025Q3 tv_series 5 draft",
            "212000-2627 2025Q1 customer_satisfaction 71 draft",
            "212000-2627 2025Q1 ideas_delivered 3 draft",
            "212000-2627 2025Q2 customer_satisfaction 60 draft",
            "212000-2627 2025Q3 ideas_delivered 12 draft",
        ]
    );

    // The quarters changed move their versions once; the one left alone keeps its own.
    let versions = quarter_versions(&app).await;
    assert_eq!(
        versions,
        [
            ("2025Q1".to_owned(), versions_before[0].1 + 1),
            versions_before[1].clone(),
            ("2025Q3".to_owned(), 1),
        ]
    );
}
