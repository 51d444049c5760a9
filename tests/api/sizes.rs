//! Organisation sizes (`/api/v1/organisations/{orgnr}/sizes`) and the summary normalised by
//! them, against figures worked out by hand.

use effekt_tests::{TestApp, fields_in_error, spawn_app};
use serde_json::{Value, json};

const AGENCY: &str = "202100-5448";
const MUNICIPALITY: &str = "212000-0142";
const REGION: &str = "232100-0016";

async fn with_three_kinds() -> TestApp {
    let app = spawn_app().await;
    for (number, kind) in [
        (AGENCY, "state_agency"),
        (MUNICIPALITY, "municipality"),
        (REGION, "region"),
    ] {
        let body =
            json!({"organisation_number": number, "name": format!("Org {kind}"), "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    app
}

async fn put_size(app: &TestApp, organisation: &str, year: &str, body: Value) -> (u16, Value) {
    let response = app
        .put_json(
            &format!("/api/v1/organisations/{organisation}/sizes/{year}"),
            &body,
        )
        .await;
    (response.status().as_u16(), response.json().await.unwrap())
}

/// The size stored for `organisation` in `year`, as `GET …/sizes/{year}` answers.
async fn stored_size(app: &TestApp, organisation: &str, year: u16) -> Value {
    let path = format!("/api/v1/organisations/{organisation}/sizes/{year}");
    app.get(&path).await.json().await.unwrap()
}

#[tokio::test]
async fn sizes_are_kept_per_year_read_back_and_audited() {
    let app = with_three_kinds().await;
    let (status, body) = put_size(
        &app,
        MUNICIPALITY,
        "2025",
        json!({"employees": 400, "inhabitants": 25000}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"year": 2025, "employees": 400, "inhabitants": 25000})
    );
    let (status, _) = put_size(&app, MUNICIPALITY, "2024", json!({"employees": 380})).await;
    assert_eq!(status, 200);

    let listed: Value = app
        .get(&format!("/api/v1/organisations/{MUNICIPALITY}/sizes"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed,
        json!([
            {"year": 2024, "employees": 380, "inhabitants": null},
            {"year": 2025, "employees": 400, "inhabitants": 25000},
        ])
    );
    let one = app
        .get(&format!("/api/v1/organisations/{MUNICIPALITY}/sizes/2025"))
        .await;
    assert_eq!(one.status(), 200);
    assert_eq!(one.json::<Value>().await.unwrap()["employees"], 400);
    let none = app
        .get(&format!("/api/v1/organisations/{MUNICIPALITY}/sizes/2023"))
        .await;
    assert_eq!(none.status(), 404);

    // A change is audited with the old size as well as the new.
    let (status, _) = put_size(
        &app,
        MUNICIPALITY,
        "2025",
        json!({"employees": 410, "inhabitants": 25000}),
    )
    .await;
    assert_eq!(status, 200);
    let history: Value = app
        .get(&format!("/api/v1/organisations/{MUNICIPALITY}/history"))
        .await
        .json()
        .await
        .unwrap();
    let sizes: Vec<(&Value, &Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["series"] == "size")
        .map(|c| (&c["old"], &c["new"]))
        .collect();
    assert_eq!(sizes.len(), 3, "{history:#}");
    assert!(
        sizes.contains(&(
            &json!("2025: 400 employees, 25000 inhabitants"),
            &json!("2025: 410 employees, 25000 inhabitants")
        )),
        "{sizes:?}"
    );
}

#[tokio::test]
async fn a_municipality_that_becomes_an_agency_keeps_no_inhabitants() {
    let app = with_three_kinds().await;
    let (status, _) = put_size(
        &app,
        MUNICIPALITY,
        "2025",
        json!({"employees": 400, "inhabitants": 25000}),
    )
    .await;
    assert_eq!(status, 200);
    let changed = app
        .put_json(
            &format!("/api/v1/organisations/{MUNICIPALITY}"),
            &json!({"kind": "state_agency"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(
        stored_size(&app, MUNICIPALITY, 2025).await,
        json!({"year": 2025, "employees": 400, "inhabitants": null})
    );
    let history: Value = app
        .get(&format!("/api/v1/organisations/{MUNICIPALITY}/history"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["series"] == "size"
                && c["old"] == "2025: 400 employees, 25000 inhabitants"
                && c["new"] == "2025: 400 employees"),
        "{history:#}"
    );
}

#[tokio::test]
async fn bad_sizes_are_422_naming_each_field_and_change_nothing() {
    let app = with_three_kinds().await;
    let analyst = app
        .user("analyst@test.example", "analyst", Some(AGENCY))
        .await;
    let before = app.snapshot().await;

    // An agency has no inhabitants, and nobody has no employees.
    let (status, error) = put_size(
        &app,
        AGENCY,
        "2025",
        json!({"employees": 0, "inhabitants": 5000}),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(fields_in_error(&error), ["employees", "inhabitants"]);
    assert!(
        error["details"][1]["message"]
            .as_str()
            .unwrap()
            .contains("only municipalities and regions"),
        "{error}"
    );
    for (year, body, wanted) in [
        ("25", json!({"employees": 10}), vec!["year"]),
        ("2025", json!({"employees": 10.5}), vec!["employees"]),
        ("2025", json!({}), vec!["employees"]),
        (
            "1850",
            json!({"employees": 10, "inhabitants": -3}),
            vec!["year", "inhabitants"],
        ),
    ] {
        let (status, error) = put_size(&app, REGION, year, body.clone()).await;
        assert_eq!(status, 422, "{year} {body}: {error}");
        assert_eq!(fields_in_error(&error), wanted, "{year} {body}");
    }
    let (status, _) = put_size(&app, "212000-1355", "2025", json!({"employees": 10})).await;
    assert_eq!(status, 404, "an organisation that is not registered");
    let (status, _) = put_size(&app, AGENCY, "2025", json!({"employees": "many"})).await;
    assert_eq!(status, 400);

    let refused = analyst
        .put(app.url(&format!("/api/v1/organisations/{AGENCY}/sizes/2025")))
        .json(&json!({"employees": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "only administrators keep sizes");
    // The analyst may read them.
    let read = analyst
        .get(app.url(&format!("/api/v1/organisations/{AGENCY}/sizes")))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let anonymous = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/organisations/{AGENCY}/sizes")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    assert_eq!(app.snapshot().await, before);
}

/// Three organisations' figures for 2025Q1, submitted; sizes for 2025 of the agency and the
/// municipality, and of the region only for 2024.
async fn reported_with_sizes() -> TestApp {
    let app = with_three_kinds().await;
    for (number, ideas) in [(AGENCY, 50), (MUNICIPALITY, 10), (REGION, 80)] {
        let path = format!("/api/v1/organisations/{number}/reports/2025Q1");
        let mut values = json!({"ideas_delivered": ideas});
        if number == AGENCY {
            values["customer_satisfaction"] = json!(70);
        }
        let response = app.put_json(&path, &json!({"values": values})).await;
        assert_eq!(response.status(), 200);
        let submit = app.post_json(&format!("{path}/submit"), &json!({})).await;
        assert_eq!(submit.status(), 200);
    }
    for (number, year, size) in [
        (AGENCY, "2025", json!({"employees": 10000})),
        (
            MUNICIPALITY,
            "2025",
            json!({"employees": 500, "inhabitants": 40000}),
        ),
        (
            REGION,
            "2024",
            json!({"employees": 8000, "inhabitants": 400000}),
        ),
    ] {
        assert_eq!(put_size(&app, number, year, size).await.0, 200);
    }
    app
}

async fn summary(app: &TestApp, query: &str) -> (u16, Value) {
    let response = app.get(&format!("/api/v1/summary?{query}")).await;
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn the_summary_per_1000_employees_and_inhabitants_by_hand() {
    let app = reported_with_sizes().await;

    // The agency: 50 × 1000 / 10,000 = 5; the municipality: 10 × 1000 / 500 = 20; the
    // region has no size for 2025 and is left out. Satisfaction is an index: no row.
    let (status, rows) = summary(&app, "from=2025Q1&to=2025Q1&normalise=per_1000_employees").await;
    assert_eq!(status, 200, "{rows}");
    assert_eq!(
        rows,
        json!([{
            "series": "ideas_delivered", "period": "2025Q1", "n": 2, "n_approved": 0,
            "sum": 25.0, "mean": 12.5, "median": 12.5, "p25": 8.75, "p75": 16.25,
            "min": 5.0, "max": 20.0, "n_without_size": 1,
        }])
    );

    // Per inhabitants only the municipality counts: 10 × 1000 / 40,000 = 0.25.
    let (status, rows) = summary(
        &app,
        "from=2025Q1&to=2025Q1&normalise=per_1000_inhabitants&series=ideas_delivered",
    )
    .await;
    assert_eq!(status, 200, "{rows}");
    assert_eq!(
        (
            &rows[0]["n"],
            &rows[0]["mean"],
            &rows[0]["n_without_size"],
            rows.as_array().unwrap().len()
        ),
        (&json!(1), &json!(0.25), &json!(2), 1)
    );

    // Without normalising, the rows are as before: raw figures, no count of missing sizes.
    let (_, raw) = summary(&app, "from=2025Q1&to=2025Q1&series=ideas_delivered").await;
    assert_eq!((&raw[0]["sum"], &raw[0]["n"]), (&json!(140.0), &json!(3)));
    assert!(raw[0].get("n_without_size").is_none(), "{raw}");
}

#[tokio::test]
async fn normalising_what_cannot_be_normalised_is_422() {
    let app = reported_with_sizes().await;
    let (status, error) = summary(
        &app,
        "normalise=per_1000_employees&series=customer_satisfaction,ideas_delivered",
    )
    .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(fields_in_error(&error), ["series"]);
    assert!(
        error["details"][0]["message"]
            .as_str()
            .unwrap()
            .contains("customer_satisfaction")
    );
    let (status, error) = summary(&app, "normalise=per_head").await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(fields_in_error(&error), ["normalise"]);
    // Empty means not given, as a form without a choice sends it.
    let (status, rows) = summary(&app, "normalise=&series=customer_satisfaction").await;
    assert_eq!((status, &rows[0]["n"]), (200, &json!(1)));
}

#[tokio::test]
async fn the_csv_exports_normalise_too() {
    let app = reported_with_sizes().await;
    let text = |path: String| {
        let app = &app;
        async move {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            let name = response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned();
            (name, response.text().await.unwrap())
        }
    };
    // The figures as in the summary above: 50 / 10 and 10 / 0.5; the region (no 2025 size)
    // and the agency's satisfaction index are left out.
    let (name, values) =
        text("/api/v1/export/values.csv?from=2025Q1&to=2025Q1&normalise=per_1000_employees".into())
            .await;
    assert!(name.contains("per_1000_employees"), "{name}");
    assert_eq!(
        values,
        "organisation_number,organisation_name,period,measure,series,value,status\r\n\
         202100-5448,Org state_agency,2025Q1,ideas,ideas_delivered,5,submitted\r\n\
         212000-0142,Org municipality,2025Q1,ideas,ideas_delivered,20,submitted\r\n"
    );
    let (_, summary) = text(
        "/api/v1/export/summary.csv?from=2025Q1&to=2025Q1&normalise=per_1000_employees".into(),
    )
    .await;
    assert_eq!(
        summary,
        "series,period,n,sum,mean,median,p25,p75,min,max,n_approved,n_without_size\r\n\
         ideas_delivered,2025Q1,2,25,12.5,12.5,8.75,16.25,5,20,0,1\r\n"
    );
    for refused in [
        "/api/v1/export/summary.csv?normalise=per_head",
        "/api/v1/export/values.csv?normalise=per_1000_employees&series=customer_satisfaction",
    ] {
        assert_eq!(app.get(refused).await.status(), 400, "{refused}");
    }
}

async fn import(client: &reqwest::Client, app: &TestApp, csv: &str) -> (u16, Value) {
    let response = client
        .post(app.url("/api/v1/import/sizes"))
        .header("Content-Type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn sizes_import_from_csv_whole_or_not_at_all() {
    let app = with_three_kinds().await;
    let analyst = app
        .user("analyst@test.example", "analyst", Some(AGENCY))
        .await;
    let before = app.snapshot().await;

    let bad = "organisation_number,year,employees,inhabitants\n\
               202100-5448,2025,10500,\n\
               202100-5448,2024,10400,3\n\
               212000-1355,2025,300,20000\n\
               232100-0016,2025,0,400000\n";
    let (status, error) = import(&app.client, &app, bad).await;
    assert_eq!(status, 422, "{error}");
    let problems: Vec<(u64, &str)> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        problems,
        [
            (3, "inhabitants"),
            (4, "organisation_number"),
            (5, "employees")
        ]
    );
    let (status, _) = import(
        &app.client,
        &app,
        "organisation_number,period,series,value\n",
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = import(&analyst, &app, bad).await;
    assert_eq!(status, 403);
    assert_eq!(app.snapshot().await, before, "nothing of a refused file");

    // The Excel format, with Swedish thousands separators.
    let good = "organisation_number;year;employees;inhabitants\r\n\
                202100-5448;2025;10 500;\r\n\
                212000-0142;2025;500;40 000\r\n";
    let (status, body) = import(&app.client, &app, good).await;
    assert_eq!((status, &body), (200, &json!({"rows": 2})));
    let stored = stored_size(&app, MUNICIPALITY, 2025).await;
    assert_eq!(
        stored,
        json!({"year": 2025, "employees": 500, "inhabitants": 40000})
    );
}

/// Posts the size form as a browser without JavaScript does; answers where it redirects.
async fn post_size_form(app: &TestApp, organisation: &str, fields: &[(&str, &str)]) -> String {
    let from = format!("/organisationer/{organisation}");
    let mut form = vec![("organisation_number", organisation)];
    form.extend_from_slice(fields);
    let response = app.post_form("/sf/save_size", &from, &form).await;
    assert_eq!(response.status(), 302);
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_organisation_page_shows_sizes_its_peer_group_and_a_form_for_administrators() {
    let app = effekt_tests::spawn_app_with_demo().await;
    let umea = "212000-2627";
    let newest_year = effekt::Period::last_ended().year();
    let shown = app.page_text(&format!("/organisationer/{umea}")).await;
    // The demo's Umeå has 8,600 employees in the newest year: with Stockholm, Göteborg and
    // Malmö a municipality of 5,000 or more, four in the group, more than the minimum of 3.
    assert!(shown.contains("8\u{a0}600"), "{shown}");
    assert!(
        shown.contains(&format!(
            "Liknande organisationer: kommun med 5 000 anställda eller fler år {newest_year}, som Umeå kommun."
        )),
        "{shown}"
    );
    assert!(shown.contains("Median, liknande"));
    assert!(!shown.contains("för få ("), "four in the group are enough");
    // Lantmäteriet is the only agency of 1,000–4,999: too few to compare with.
    let alone = app.page_text("/organisationer/202100-4888").await;
    assert!(alone.contains("för få (1)"), "{alone}");

    // An administrator sets a size without JavaScript: numbers typed the Swedish way.
    let location = post_size_form(
        &app,
        umea,
        &[
            ("year", "2020"),
            ("employees", "8 100"),
            ("inhabitants", "120 000"),
        ],
    )
    .await;
    assert!(location.contains("storlek=1"), "{location}");
    let stored = stored_size(&app, umea, 2020).await;
    assert_eq!(
        stored,
        json!({"year": 2020, "employees": 8100, "inhabitants": 120000})
    );
    let after = app.page_text(&location).await;
    assert!(after.contains("Storleken är sparad."), "{after}");

    // A refused form says what is wrong, in Swedish, and stores nothing.
    let before = app.snapshot().await;
    let location = post_size_form(
        &app,
        "202100-5448",
        &[("year", "20x5"), ("employees", "0"), ("inhabitants", "5")],
    )
    .await;
    assert!(location.contains("__err="), "{location}");
    assert_eq!(app.snapshot().await, before);
    let refused = app.page_text(&location).await;
    for problem in [
        "Skriv året med fyra siffror, till exempel 2025.",
        "Antalet anställda ska vara ett heltal från 1 till 1 000 000.",
        "Bara kommuner och regioner har invånare: lämna fältet tomt.",
    ] {
        assert!(refused.contains(problem), "{problem}: {refused}");
    }
    assert!(
        refused.contains(r#"value="20x5""#),
        "the typed year is kept"
    );

    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let as_viewer = app
        .page_text_as(&viewer, &format!("/organisationer/{umea}"))
        .await;
    assert!(as_viewer.contains("8\u{a0}600"), "viewers see the sizes");
    assert!(!as_viewer.contains(r#"id="size-year""#), "but get no form");
}

#[tokio::test]
async fn the_measure_page_and_the_dashboard_normalise_and_keep_the_choice_in_the_address() {
    let app = reported_with_sizes().await;
    let measure = app
        .page_text("/matt/ideas?from=2025Q1&to=2025Q1&quarter=2025Q1&normalise=per_1000_employees")
        .await;
    assert!(measure.contains("antal per 1 000 anställda"), "{measure}");
    // Ranked per 1,000 employees: 10 / 0.5 and 50 / 10; the region has no 2025 size.
    assert!(
        measure.contains(r#"Org municipality</th><td class="number">20"#),
        "{measure}"
    );
    assert!(measure.contains(r#"Org state_agency</th><td class="number">5"#));
    assert!(!measure.contains("Org region</th>"));
    assert!(measure.contains(r#"<option value="per_1000_employees" selected>"#));
    assert!(
        measure.contains(r#"<input type="hidden" name="normalise" value="per_1000_employees">"#),
        "choosing organisations keeps the choice"
    );
    // As reported, the same page ranks the raw counts, the region first.
    let raw = app
        .page_text("/matt/ideas?from=2025Q1&to=2025Q1&quarter=2025Q1")
        .await;
    assert!(
        raw.contains(r#"Org region</th><td class="number">80"#),
        "{raw}"
    );

    let dashboard = app
        .page_text("/?from=2025Q1&to=2025Q1&normalise=per_1000_inhabitants")
        .await;
    assert!(dashboard.contains(r#"<option value="per_1000_inhabitants" selected>"#));
    assert!(
        dashboard.contains("normalise=per_1000_inhabitants\""),
        "the tiles' links keep the choice: {dashboard}"
    );
    let unknown = app.get("/?normalise=per_head").await;
    assert_eq!(unknown.status(), 404);
}
