//! CSV export and import over HTTP: filters, formats, all-or-nothing, idempotence, round trip.

use effekt_tests::{TestApp, spawn_app, spawn_app_with_demo};
use serde_json::{Value, json};

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

#[tokio::test]
async fn values_export_filters_and_names_the_file() {
    let app = spawn_app_with_demo().await;
    let (disposition, body) = export(
        &app,
        "from=2026Q1&to=2026Q2&organisation=202100-5448&series=tv_series,ideas_delivered",
    )
    .await;
    assert_eq!(
        disposition,
        "attachment; filename=\"effekt-values-2026Q1-2026Q2.csv\""
    );
    let text = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "organisation_number,organisation_name,period,measure,series,value,status"
    );
    assert_eq!(lines.len(), 1 + 2 * 2, "two quarters, two series: {text}");
    assert!(lines[1].starts_with("202100-5448,Skatteverket,2026Q1,ideas,ideas_delivered,"));
    assert!(lines.iter().skip(1).all(|l| l.ends_with(",draft")));

    let (_, all) = export(&app, "kind=region").await;
    let all = String::from_utf8(all).unwrap();
    assert_eq!(
        all.lines().count(),
        1 + 2 * 8 * 17,
        "two regions, eight quarters"
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
    for format in ["csv", "excel-sv"] {
        let (_, exported) = export(&source, &format!("format={format}&from=2026Q1")).await;
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
        let (_, again) = export(&target, &format!("format={format}&from=2026Q1")).await;
        assert_eq!(String::from_utf8(again).unwrap(), text, "{format}");
    }
}

#[tokio::test]
async fn the_summary_exports_as_csv() {
    let app = spawn_app_with_demo().await;
    let response = app
        .get("/api/v1/export/summary.csv?from=2026Q2&to=2026Q2&series=tv_series")
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "series,period,n,sum,mean,median,p25,p75,min,max");
    assert_eq!(lines.len(), 2);
    assert!(lines[1].starts_with("tv_series,2026Q2,12,"));
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
