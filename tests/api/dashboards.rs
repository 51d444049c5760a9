//! The dashboard pages as served: filters in the address, charts with text alternatives,
//! numbers in tables, the 10x goal.

use effekt_app::{GetMeasure, MeasurePage, Shown};
use effekt_tests::{
    TestApp, demo_quarters, spawn_app, spawn_app_with_demo, spawn_app_with_organisation,
};
use serde_json::json;

async fn html(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

#[tokio::test]
async fn the_kind_filter_changes_the_tiles_and_stays_in_the_links() {
    let app = spawn_app_with_demo().await;
    let (_, all) = html(&app, &app.client, "/").await;
    assert!(all.contains("12 / 12 organisationer rapporterade"), "{all}");
    // From the demo's third quarter to its newest, which every organisation has submitted.
    let quarters = demo_quarters();
    let (from, to) = (quarters[2], quarters[7]);
    let (_, municipalities) = html(
        &app,
        &app.client,
        &format!("/?kind=municipality&from={from}&to={to}"),
    )
    .await;
    assert!(municipalities.contains(&format!(
        "{}: 4 / 4 organisationer rapporterade",
        to.label_sv()
    )));
    assert!(municipalities.contains(r#"<option value="municipality" selected"#));
    assert!(municipalities.contains(&format!(
        "/matt/ideas?kind=municipality&amp;from={from}&amp;to={to}"
    )));
}

#[tokio::test]
async fn a_measure_page_has_charts_with_text_alternatives_and_tables() {
    let app = spawn_app_with_demo().await;
    let quarters = demo_quarters();
    let (from, quarter, to) = (quarters[3], quarters[5], quarters[6]);
    let path = format!(
        "/matt/customer_satisfaction?from={from}&to={to}&org=202100-5448&quarter={quarter}"
    );
    let (status, page) = html(&app, &app.client, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>5. Kundnöjdhet</h1>"));
    // A trend and a ranking chart, each drawn wide and narrow, served apart: neither the page
    // nor its data for hydration carries their drawings (`<svg` is 3c737667 in hexadecimal).
    let addresses: Vec<String> = page
        .split(r#"<img src=""#)
        .skip(1)
        .map(|tag| tag[..tag.find('"').unwrap()].replace("&amp;", "&"))
        .collect();
    assert_eq!(addresses.len(), 4, "{page}");
    assert!(!page.contains("<svg"));
    assert!(!page.contains("3c737667"));
    let trend_alt = r#"alt="Nöjd-kund-index (index) Medianen för nöjd-kund-index"#;
    assert_eq!(page.matches(trend_alt).count(), 2, "{page}");
    assert!(addresses[0].contains("/trend-0-wide.svg?"), "{addresses:?}");
    let svg = app.get(&addresses[0]).await.text().await.unwrap();
    assert!(
        svg.contains("<title>Nöjd-kund-index (index)</title>"),
        "{svg}"
    );
    assert!(
        svg.contains("Skatteverket"),
        "the chosen organisation's line is named"
    );
    assert!(
        addresses[3].contains("/bars-0-narrow.svg?"),
        "{addresses:?}"
    );
    let svg = app.get(&addresses[3]).await.text().await.unwrap();
    // One bar for each organisation ranked in the table besides the background: the demo's
    // twelve but Skatteverket, whose report for the quarter is a draft, so that no bar is
    // starred as chosen either.
    let ranked = page.matches(r#"</td><th scope="row">"#).count();
    assert_eq!(ranked, 11, "{page}");
    assert_eq!(svg.matches("<rect").count(), ranked + 1, "{svg}");
    assert!(!svg.contains("★"), "{svg}");
    assert!(
        page.contains("Medianen för nöjd-kund-index"),
        "a summary sentence"
    );
    assert!(page.contains(&format!("mellan {} och {}", from.label_sv(), to.label_sv())));
    // The chosen organisation has its own column in the table under the trend chart.
    assert!(page.contains(r#"<th scope="col" class="number">Skatteverket</th>"#));
    for asked in &quarters[3..=6] {
        let row = format!("<th scope=\"row\">{}</th>", asked.label_sv());
        assert_eq!(page.matches(&row).count(), 1, "{row}");
    }
    assert!(page.contains(&format!("Nöjd-kund-index, {}: Högst", quarter.label_sv())));
    assert!(page.matches("<td class=\"number\">").count() >= 12);

    let (status, _) = html(&app, &app.client, "/matt/no_such_measure").await;
    assert_eq!(status, 404);
}

/// Measure 7 is shown as the share solved with an external party, worked out per report and
/// then summarised: 2 of 10, 1 of 4 and 3 of 6 are 20 %, 25 % and 50 %, so the median is 25 %
/// and the quartiles 22.5 % and 37.5 % (linear between ranks). The share of the medians,
/// 2 of 5 = 40 %, would be wrong.
#[tokio::test]
async fn derived_measures_show_their_share() {
    let app = spawn_app().await;
    for (number, name, internally, externally) in [
        ("202100-5448", "Skatteverket", 8, 2),
        ("212000-0142", "Stockholms stad", 3, 1),
        ("212000-1355", "Göteborgs Stad", 3, 3),
    ] {
        let kind = if number.starts_with("2021") {
            "state_agency"
        } else {
            "municipality"
        };
        let body = json!({"organisation_number": number, "name": name, "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
        let report = format!("/api/v1/organisations/{number}/reports/2025Q1");
        let values =
            json!({"values": {"solved_internally": internally, "solved_externally": externally}});
        assert_eq!(app.put_json(&report, &values).await.status(), 200);
        app.approve(number, "2025Q1").await;
    }
    let (status, page) = html(
        &app,
        &app.client,
        "/matt/issues_solved?from=2025Q1&to=2025Q1&org=212000-1355&quarter=2025Q1",
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("Andel lösta med extern part (%)"), "{page}");
    // The trend table's row: the median, the quartiles, the three reports, and the chosen
    // organisation's own share.
    let row = page
        .split("<th scope=\"row\">2025 K1</th>")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_else(|| panic!("a row for 2025 K1: {page}"));
    let cells: Vec<&str> = row
        .split("<td class=\"number\">")
        .skip(1)
        .map(|cell| cell.split("</td>").next().unwrap())
        .collect();
    assert_eq!(cells, ["25", "22,5", "37,5", "3", "50"], "{row}");
    // The ranking of the quarter, highest first.
    let ranked = ["Göteborgs Stad", "Stockholms stad", "Skatteverket"].map(|name| {
        page.find(&format!("<th scope=\"row\">{name}</th>"))
            .unwrap()
    });
    assert!(ranked.is_sorted(), "{page}");
}

#[tokio::test]
async fn the_organisation_page_compares_with_the_nation_and_follows_the_10x_goal() {
    let app = spawn_app_with_demo().await;
    let (_, page) = html(&app, &app.client, "/organisationer/202100-5448").await;
    assert!(page.contains("Jämfört med riket"));
    assert!(page.contains("Median i riket"));
    assert!(
        page.contains("Ärenden som avgörs digitalt per månad"),
        "the demo goal"
    );
    assert!(page.contains(r#"<title id="goal-title">"#));

    let analyst = app
        .sign_in(
            "analytiker@skatteverket.example",
            "demo-analytiker-losenord",
        )
        .await;
    let response = analyst
        .post(app.url("/sf/save_goal"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/organisationer/202100-5448"))
        .form(&[
            ("organisation_number", "202100-5448"),
            ("name", "Digitala deklarationer"),
            ("baseline", "1000"),
            ("target", ""),
            ("deadline", "2028K4"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let goal: serde_json::Value = app
        .get("/api/v1/organisations/202100-5448/history")
        .await
        .json::<Vec<serde_json::Value>>()
        .await
        .unwrap()
        .into_iter()
        // Newest first: the goal just set.
        .find(|c| c["series"] == "goal")
        .unwrap();
    assert_eq!(
        goal["new"],
        "Digitala deklarationer: 1000 → 10000 by 2028Q4"
    );
    assert_eq!(goal["by"], "analytiker@skatteverket.example");

    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let (_, as_viewer) = html(&app, &viewer, "/organisationer/202100-5448").await;
    assert!(
        !as_viewer.contains(r#"id="goal-name""#),
        "viewers get no goal form"
    );
}

/// The verdict is a straight line through the reported quarters, carried on to the deadline:
/// 1000, 1500 and 2000 in 2025 K1–K3 rise by 500 a quarter, so at 2026 K4, five quarters after
/// 2025 K3, the line stands at 4500: on track for a target of 4000, not for 5000.
#[tokio::test]
async fn the_goal_verdict_follows_a_straight_line_through_the_reported_quarters() {
    let app = spawn_app_with_organisation().await;
    for (period, level) in [("2025Q1", 1000), ("2025Q2", 1500), ("2025Q3", 2000)] {
        let report = format!("/api/v1/organisations/202100-5448/reports/{period}");
        let values = json!({"values": {"ten_x_current": level}});
        assert_eq!(app.put_json(&report, &values).await.status(), 200);
        app.approve("202100-5448", period).await;
    }
    let path = "/organisationer/202100-5448";
    for (target, verdict, not) in [
        (
            "4000",
            "verdict-on\"><strong>✔ </strong>I fas:",
            "verdict-off",
        ),
        (
            "5000",
            "verdict-off\"><strong>✘ </strong>Inte i fas:",
            "verdict-on",
        ),
    ] {
        let saved = app
            .post_form(
                "/sf/save_goal",
                path,
                &[
                    ("organisation_number", "202100-5448"),
                    ("name", "Digitala ärenden"),
                    ("baseline", "1000"),
                    ("target", target),
                    ("deadline", "2026K4"),
                ],
            )
            .await;
        assert_eq!(saved.status(), 302, "target {target}");
        let (_, page) = html(&app, &app.client, path).await;
        assert!(
            page.contains("<dd>4\u{a0}500</dd>"),
            "the line at the deadline: {page}"
        );
        assert!(page.contains(verdict), "target {target}: {page}");
        assert!(!page.contains(not), "target {target}");
    }
}

#[tokio::test]
async fn the_measure_page_loads_through_its_server_function_with_no_organisation_chosen() {
    // The browser's call after following a tile's link, in the server function's own encoding.
    let app = spawn_app_with_demo().await;
    let call = GetMeasure {
        key: "customer_satisfaction".to_owned(),
        kind: Some("municipality".to_owned()),
        from: None,
        to: None,
        quarter: None,
        orgs: Vec::new(),
        shown: Shown::default(),
    };
    let response = app
        .client
        .post(app.url("/sf/measure"))
        .header("Content-Type", "application/x-postcard")
        .header("Accept", "application/x-postcard")
        .body(postcard::to_allocvec(&call).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page: MeasurePage = postcard::from_bytes(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(page.organisations.len(), 4);
    assert!(page.chosen.is_empty());
}
