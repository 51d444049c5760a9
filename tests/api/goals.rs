//! Issue #21, item 2: goals that steer. Several per organisation on any series, derived ones
//! included; progress from the reported figures, projected two ways, judged by the rule in the
//! README; writes by administrators and the organisation's analysts, every change audited.

use effekt_tests::{TestApp, spawn_app_with_organisation};
use serde_json::{Value, json};

const SKATTEVERKET: &str = "202100-5448";
const UMEA: &str = "212000-2627";

/// Skatteverket has submitted 2024Q4 (2 TV series; 1 of 4 issues solved externally) and
/// 2025Q2 (4 TV series; 1 of 4 again), and has a draft of 2025Q3 (9 TV series). Umeå is a
/// municipality with nothing reported.
async fn reporting() -> TestApp {
    let app = spawn_app_with_organisation().await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": UMEA, "name": "Umeå kommun", "kind": "municipality"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    for (period, tv, submit) in [
        ("2024Q4", 2, true),
        ("2025Q2", 4, true),
        ("2025Q3", 9, false),
    ] {
        let path = format!("/api/v1/organisations/{SKATTEVERKET}/reports/{period}");
        let values = json!({"tv_series": tv, "solved_externally": 1, "solved_internally": 3});
        let response = app.put_json(&path, &json!({ "values": values })).await;
        assert_eq!(response.status(), 200, "{period}");
        if submit {
            let response = app.post_json(&format!("{path}/submit"), &json!({})).await;
            assert_eq!(response.status(), 200, "{period} is submitted");
        }
    }
    app
}

fn goals_path(organisation: &str) -> String {
    format!("/api/v1/organisations/{organisation}/goals")
}

/// From 2 TV series in 2024Q4 to 10 by 2026Q4.
fn tv_goal() -> Value {
    json!({"series": "tv_series", "baseline_period": "2024Q4", "baseline": 2,
           "target": 10, "deadline": "2026Q4"})
}

async fn create(
    app: &TestApp,
    client: &reqwest::Client,
    organisation: &str,
    goal: &Value,
) -> Value {
    let response = client
        .post(app.url(&goals_path(organisation)))
        .json(goal)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{goal}");
    response.json().await.unwrap()
}

async fn listed(app: &TestApp, organisation: &str) -> Vec<Value> {
    let response = app.get(&goals_path(organisation)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn close(actual: &Value, expected: f64) -> bool {
    actual.as_f64().is_some_and(|a| (a - expected).abs() < 1e-9)
}

#[tokio::test]
async fn goals_are_judged_by_the_reported_figures_straight_and_at_constant_growth() {
    let app = reporting().await;
    let tv = create(&app, &app.client, SKATTEVERKET, &tv_goal()).await;
    // The draft of 2025Q3 does not count: the newest reported figure is 4 in 2025Q2, two
    // quarters of eight in, a quarter of the way. The line reaches 2 + 2 × 4 = 10, the growth
    // 2 × 2⁴ = 32: both reach the target.
    let id = tv["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 16, "{tv}");
    assert_eq!(
        tv,
        json!({
            "id": id, "organisation_number": SKATTEVERKET, "series": "tv_series",
            "baseline_period": "2024Q4", "baseline": 2.0, "target": 10.0, "deadline": "2026Q4",
            "lower_is_better": false, "updated_at": tv["updated_at"], "updated_by": "admin@test.example",
            "figures": [
                {"period": "2024Q4", "value": 2.0, "progress": 0.0},
                {"period": "2025Q2", "value": 4.0, "progress": 0.25},
            ],
            "latest_period": "2025Q2", "latest": 4.0, "progress": 0.25,
            "straight_line": 10.0, "constant_growth": 32.0, "verdict": "on_track",
        })
    );

    // A derived series: 1 of 4 solved externally is 0.25. From 0.1 to 0.8: the line reaches
    // 0.1 + 0.15 × 4 = 0.7, 6/7 of the way; the growth 0.1 × 2.5⁴ = 3.90625, past it: at risk.
    let share = create(
        &app,
        &app.client,
        SKATTEVERKET,
        &json!({"series": "external_share", "baseline_period": "2024Q4", "baseline": 0.1,
                "target": 0.8, "deadline": "2026Q4"}),
    )
    .await;
    assert!(close(&share["latest"], 0.25), "{share}");
    assert!(close(&share["straight_line"], 0.7), "{share}");
    assert!(close(&share["constant_growth"], 3.90625), "{share}");
    assert_eq!(share["verdict"], "at_risk");

    // Nothing reported since the baseline: nothing judged.
    let later = create(
        &app,
        &app.client,
        SKATTEVERKET,
        &json!({"series": "customer_smiles", "baseline_period": "2025Q2", "baseline": 10,
                "target": 100, "deadline": "2027Q4"}),
    )
    .await;
    assert_eq!(
        (&later["latest"], &later["verdict"], &later["figures"]),
        (&Value::Null, &Value::Null, &json!([]))
    );

    // Listed by deadline, then series; the 10x goal is not among them.
    let goal = json!({"name": "Digitala ärenden", "baseline": 120, "deadline": "2027Q4"});
    let path = format!("/api/v1/organisations/{SKATTEVERKET}/goal");
    assert_eq!(app.put_json(&path, &goal).await.status(), 200);
    let series: Vec<Value> = listed(&app, SKATTEVERKET)
        .await
        .iter()
        .map(|g| g["series"].clone())
        .collect();
    assert_eq!(series, ["external_share", "tv_series", "customer_smiles"]);
    assert_eq!(listed(&app, UMEA).await, Vec::<Value>::new());
    assert_eq!(app.get(&goals_path("212000-0142")).await.status(), 404);
}

#[tokio::test]
async fn goals_change_and_go_and_the_audit_trail_has_every_step() {
    let app = reporting().await;
    let created = create(&app, &app.client, SKATTEVERKET, &tv_goal()).await;
    let path = format!(
        "{}/{}",
        goals_path(SKATTEVERKET),
        created["id"].as_str().unwrap()
    );
    // 4 is a sixth of the way from 2 to 14; the line reaches 10 and the growth 32: at risk.
    let changed = json!({"series": "tv_series", "baseline_period": "2024Q4", "baseline": 2,
                         "target": 14, "deadline": "2026Q4"});
    let response = app.put_json(&path, &changed).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (&body["id"], &body["target"]),
        (&created["id"], &json!(14.0))
    );
    assert!(close(&body["progress"], 2.0 / 12.0), "{body}");
    assert_eq!(body["verdict"], "at_risk");
    assert_eq!(listed(&app, SKATTEVERKET).await[0]["target"], 14.0);

    let response = app.client.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(listed(&app, SKATTEVERKET).await, Vec::<Value>::new());
    let response = app.client.delete(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 404, "gone");

    let history: Vec<Value> = app
        .get(&format!("/api/v1/organisations/{SKATTEVERKET}/history"))
        .await
        .json()
        .await
        .unwrap();
    let field = format!("goal:{}", created["id"].as_str().unwrap());
    let steps: Vec<(Value, Value)> = history
        .iter()
        .filter(|c| c["series"] == field.as_str())
        .map(|c| (c["old"].clone(), c["new"].clone()))
        .collect();
    let first = "tv_series: 2 in 2024Q4 → 10 by 2026Q4";
    let second = "tv_series: 2 in 2024Q4 → 14 by 2026Q4";
    assert_eq!(
        steps,
        [
            (json!(second), Value::Null),
            (json!(first), json!(second)),
            (Value::Null, json!(first)),
        ],
        "newest first: {history:#?}"
    );
}

#[tokio::test]
async fn administrators_and_the_organisations_analysts_write_and_everyone_signed_in_reads() {
    let app = reporting().await;
    let own = app
        .user("analys@skatteverket.se", "analyst", Some(SKATTEVERKET))
        .await;
    let other = app.user("analys@umea.se", "analyst", Some(UMEA)).await;
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let theirs = create(&app, &other, UMEA, &tv_goal()).await;
    let created = create(&app, &own, SKATTEVERKET, &tv_goal()).await;
    assert_eq!(created["updated_by"], "analys@skatteverket.se");
    let own_path = format!(
        "{}/{}",
        goals_path(SKATTEVERKET),
        created["id"].as_str().unwrap()
    );
    // Umeå's goal reached through Skatteverket's address: no such goal there.
    let crossed = format!(
        "{}/{}",
        goals_path(SKATTEVERKET),
        theirs["id"].as_str().unwrap()
    );

    let before = app.snapshot().await;
    for (client, method, path, expected) in [
        (&viewer, "POST", goals_path(SKATTEVERKET), 403),
        (&viewer, "PUT", own_path.clone(), 403),
        (&viewer, "DELETE", own_path.clone(), 403),
        (&other, "POST", goals_path(SKATTEVERKET), 403),
        (&other, "PUT", own_path.clone(), 403),
        (&other, "DELETE", own_path.clone(), 403),
        (&own, "PUT", crossed.clone(), 404),
        (&own, "DELETE", crossed.clone(), 404),
        (&app.client, "PUT", crossed.clone(), 404),
        (&app.client, "DELETE", crossed.clone(), 404),
    ] {
        // A bad goal too is refused for who sends it, not answered with what is wrong with it.
        for body in [tv_goal(), json!({"series": "no_such_series"})] {
            let request = match method {
                "POST" => client.post(app.url(&path)).json(&body),
                "PUT" => client.put(app.url(&path)).json(&body),
                _ => client.delete(app.url(&path)),
            };
            let response = request.send().await.unwrap();
            let expected = if expected == 404 && body != tv_goal() && method == "PUT" {
                // The owner's own bad goal at another's address: its fields are checked first.
                422
            } else {
                expected
            };
            assert_eq!(response.status(), expected, "{method} {path} {body}");
        }
    }
    let anonymous = reqwest::Client::new();
    let response = anonymous
        .get(app.url(&goals_path(SKATTEVERKET)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(app.snapshot().await, before, "refusals change nothing");

    let seen = viewer
        .get(app.url(&goals_path(SKATTEVERKET)))
        .send()
        .await
        .unwrap();
    assert_eq!(seen.status(), 200);
    let seen: Vec<Value> = seen.json().await.unwrap();
    assert_eq!(seen.len(), 1);
    let response = own.delete(app.url(&own_path)).send().await.unwrap();
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn bad_goals_are_refused_field_by_field_in_both_languages_and_store_nothing() {
    let app = reporting().await;
    let before = app.snapshot().await;
    for (goal, fields) in [
        (
            json!({"series": "no_such_series", "baseline_period": "2024Q4", "baseline": "två",
                   "target": 10, "deadline": "2024Q3"}),
            vec!["series", "deadline", "baseline"],
        ),
        (
            json!({"series": "tv_series", "baseline_period": "2999Q1", "baseline": 2,
                   "target": 1, "deadline": "soon"}),
            vec!["baseline_period", "deadline", "target"],
        ),
        (
            json!({}),
            vec![
                "series",
                "baseline_period",
                "deadline",
                "baseline",
                "target",
            ],
        ),
    ] {
        let response = app.post_json(&goals_path(SKATTEVERKET), &goal).await;
        assert_eq!(response.status(), 422, "{goal}");
        let body: Value = response.json().await.unwrap();
        let named: Vec<&str> = body["details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["field"].as_str().unwrap())
            .collect();
        assert_eq!(named, fields, "{body}");
    }
    let response = app
        .post_json(
            &goals_path(SKATTEVERKET),
            &json!({"series": "tv_series", "baseline_period": "2024Q4", "baseline": 2,
                    "target": 1, "deadline": "2026Q4"}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["details"],
        json!([{"field": "target", "message":
            "ska vara högre än utgångsvärdet när högre är bättre / must be above the baseline where higher is better"}])
    );
    assert_eq!(app.snapshot().await, before);

    // A bad change leaves the goal as it was.
    let created = create(&app, &app.client, SKATTEVERKET, &tv_goal()).await;
    let path = format!(
        "{}/{}",
        goals_path(SKATTEVERKET),
        created["id"].as_str().unwrap()
    );
    let before = app.snapshot().await;
    let bad = json!({"series": "tv_series", "baseline_period": "2024Q4", "baseline": 2,
                     "target": 2, "deadline": "2026Q4"});
    assert_eq!(app.put_json(&path, &bad).await.status(), 422);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn leadership_sees_every_goal_by_kind_and_measure_and_as_csv() {
    let app = reporting().await;
    let tv = create(&app, &app.client, SKATTEVERKET, &tv_goal()).await;
    let smiles = create(
        &app,
        &app.client,
        UMEA,
        &json!({"series": "customer_smiles", "baseline_period": "2025Q1", "baseline": 10,
                "target": 100, "deadline": "2027Q4"}),
    )
    .await;
    let share = create(
        &app,
        &app.client,
        SKATTEVERKET,
        &json!({"series": "external_share", "baseline_period": "2024Q4", "baseline": 0.1,
                "target": 0.8, "deadline": "2026Q4"}),
    )
    .await;
    let ids = |query: &str| {
        let app = &app;
        let query = query.to_owned();
        async move {
            let response = app.get(&format!("/api/v1/goals{query}")).await;
            assert_eq!(response.status(), 200, "{query}");
            let rows: Vec<Value> = response.json().await.unwrap();
            rows.iter()
                .map(|r| {
                    format!(
                        "{} {} {} {}",
                        r["organisation_name"].as_str().unwrap(),
                        r["measure"].as_str().unwrap(),
                        r["series"].as_str().unwrap(),
                        r["verdict"]
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        ids("").await,
        [
            "Skatteverket issues_solved external_share \"at_risk\"",
            "Skatteverket tv_series tv_series \"on_track\"",
            "Umeå kommun customer_smiles customer_smiles null",
        ]
    );
    assert_eq!(
        ids("?kind=municipality").await,
        ["Umeå kommun customer_smiles customer_smiles null"]
    );
    assert_eq!(
        ids("?measure=issues_solved&kind=state_agency").await,
        ["Skatteverket issues_solved external_share \"at_risk\""]
    );
    let response = app.get("/api/v1/goals?kind=town&measure=nope").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["details"][0]["field"], "kind");
    assert_eq!(body["details"][1]["field"], "measure");

    let response = app.get("/api/v1/export/goals.csv?measure=tv_series").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let csv = response.text().await.unwrap();
    let id = tv["id"].as_str().unwrap();
    assert_eq!(
        csv,
        format!(
            "organisation_number,organisation_name,kind,id,measure,series,baseline_period,\
             baseline,target,deadline,lower_is_better,latest_period,latest,progress,\
             straight_line,constant_growth,verdict\r\n\
             202100-5448,Skatteverket,state_agency,{id},tv_series,tv_series,2024Q4,2,10,2026Q4,\
             false,2025Q2,4,0.25,10,32,on_track\r\n"
        )
    );
    let excel = app
        .get("/api/v1/export/goals.csv?kind=municipality&format=excel-sv")
        .await
        .text()
        .await
        .unwrap();
    let smiles_id = smiles["id"].as_str().unwrap();
    assert!(
        excel.ends_with(&format!(
            "\r\n212000-2627;Umeå kommun;municipality;{smiles_id};customer_smiles;customer_smiles;\
             2025Q1;10;100;2027Q4;false;;;;;;\r\n"
        )),
        "{excel}"
    );
    assert!(excel.starts_with('\u{feff}'));
    assert!(share["id"].is_string());
}

#[tokio::test]
async fn the_goals_page_lists_every_goal_with_its_verdict_in_both_languages() {
    let app = reporting().await;
    create(&app, &app.client, SKATTEVERKET, &tv_goal()).await;
    create(
        &app,
        &app.client,
        SKATTEVERKET,
        &json!({"series": "external_share", "baseline_period": "2024Q4", "baseline": 0.1,
                "target": 0.8, "deadline": "2026Q4"}),
    )
    .await;
    create(
        &app,
        &app.client,
        UMEA,
        &json!({"series": "customer_smiles", "baseline_period": "2025Q1", "baseline": 10,
                "target": 100, "deadline": "2027Q4"}),
    )
    .await;
    let page = app.page_text("/mal").await;
    assert!(
        page.contains(r#"<a href="/mal">Mål</a>"#),
        "linked from the menu"
    );
    assert!(
        page.contains("<p role=\"status\">3 mål: 1 i fas, 1 i riskzonen, 0 ur fas.</p>"),
        "{page}"
    );
    // The share is shown as percent: 0.25 of issues solved externally, 10 % to 80 %.
    for row in [
        "<td>TV-serier</td><td class=\"number\">2 (2024 K4)</td><td class=\"number\">10 (2026 K4)</td>\
         <td class=\"number\">4 (2025 K2)</td><td class=\"number\">25 %</td><td class=\"number\">10</td>\
         <td class=\"number\">32</td><td class=\"goal-verdict goal-verdict-on_track\">I fas</td>",
        "<td class=\"number\">10 % (2024 K4)</td><td class=\"number\">80 % (2026 K4)</td>\
         <td class=\"number\">25 % (2025 K2)</td><td class=\"number\">21 %</td><td class=\"number\">70 %</td>\
         <td class=\"number\">390,6 %</td><td class=\"goal-verdict goal-verdict-at_risk\">I riskzonen</td>",
        "<td class=\"goal-verdict goal-verdict-none\">Inte bedömt än</td>",
    ] {
        assert!(page.contains(row), "{row} in {page}");
    }
    let municipalities = app.page_text("/mal?kind=municipality&measure=").await;
    assert!(municipalities.contains("1 mål: 0 i fas, 0 i riskzonen, 0 ur fas."));
    assert!(municipalities.contains("Umeå kommun"));
    assert!(!municipalities.contains(">Skatteverket</a>"));
    assert!(
        municipalities.contains(
            r#"href="/api/v1/export/goals.csv?kind=municipality&amp;measure=&amp;format=csv""#
        ),
        "{municipalities}"
    );

    let response = app.get("/mal?kind=town").await;
    assert_eq!(response.status(), 422);

    let response = app
        .post_form(
            "/sf/set_language",
            "/mal",
            &[("lang", "en"), ("return_to", "/mal")],
        )
        .await;
    assert_eq!(response.status(), 302);
    let english = app.page_text("/mal?measure=tv_series").await;
    assert!(
        english.contains("1 goal: 1 on track, 0 at risk, 0 off track."),
        "{english}"
    );
    assert!(
        english.contains("<td>TV series</td><td class=\"number\">2 (Q4 2024)</td>"),
        "{english}"
    );
    assert!(english.contains("On track"));
}

/// Without JavaScript: the organisation page's forms post plainly and come back to the page.
#[tokio::test]
async fn writers_add_change_and_remove_goals_on_the_organisation_page() {
    let app = reporting().await;
    let page = format!("/organisationer/{SKATTEVERKET}");
    let text = app.page_text(&page).await;
    assert!(
        text.contains(r#"<h2 id="goals-heading">Mål som styr</h2>"#),
        "{text}"
    );
    assert!(text.contains("Organisationen har inga mål än."));

    let added = app
        .post_form(
            "/sf/add_series_goal",
            &page,
            &[
                ("organisation_number", SKATTEVERKET),
                ("series", "tv_series"),
                ("baseline_period", "2024 K4"),
                ("baseline", "2"),
                ("target", "10"),
                ("deadline", "2026K4"),
            ],
        )
        .await;
    assert_eq!(added.status(), 302);
    let goals = listed(&app, SKATTEVERKET).await;
    assert_eq!(goals.len(), 1);
    let id = goals[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (&goals[0]["baseline_period"], &goals[0]["verdict"]),
        (&json!("2024Q4"), &json!("on_track"))
    );
    let text = app.page_text(&page).await;
    assert!(
        text.contains("<td>TV-serier</td><td class=\"number\">2 (2024 K4)</td>"),
        "{text}"
    );
    assert!(text.contains(&format!(r#"id="goal-{id}-target""#)));

    // A refused addition names what is wrong on the page it came from and stores nothing.
    let before = app.snapshot().await;
    let refused = app
        .post_form(
            "/sf/add_series_goal",
            &page,
            &[
                ("organisation_number", SKATTEVERKET),
                ("series", "tv_series"),
                ("baseline_period", "2024 K4"),
                ("baseline", "2"),
                ("target", "1"),
                ("deadline", "snart"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 302);
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    let text = app.page_text(&back).await;
    assert!(
        text.contains("Skriv tidsgränsen som ett kvartal, till exempel 2027K4."),
        "{text}"
    );
    assert!(text.contains("Målvärdet ska vara högre än utgångsvärdet när högre är bättre."));
    assert_eq!(app.snapshot().await, before);

    let changed = app
        .post_form(
            "/sf/change_series_goal",
            &page,
            &[
                ("organisation_number", SKATTEVERKET),
                ("id", &id),
                ("series", "tv_series"),
                ("baseline_period", "2024 K4"),
                ("baseline", "2"),
                ("target", "14"),
                ("deadline", "2026 K4"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 302);
    assert_eq!(listed(&app, SKATTEVERKET).await[0]["verdict"], "at_risk");

    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let as_viewer = viewer
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(as_viewer.contains("I riskzonen"), "viewers see the goals");
    assert!(
        !as_viewer.contains(r#"name="baseline_period""#),
        "but get no forms"
    );

    let removed = app
        .post_form(
            "/sf/remove_series_goal",
            &page,
            &[("organisation_number", SKATTEVERKET), ("id", &id)],
        )
        .await;
    assert_eq!(removed.status(), 302);
    assert_eq!(listed(&app, SKATTEVERKET).await, Vec::<Value>::new());
}

#[tokio::test]
async fn the_history_page_names_a_goals_changes() {
    let app = reporting().await;
    let created = create(&app, &app.client, SKATTEVERKET, &tv_goal()).await;
    let id = created["id"].as_str().unwrap();
    let page = app
        .page_text(&format!("/organisationer/{SKATTEVERKET}/historik"))
        .await;
    assert!(
        page.contains(&format!("<td>Mål som styr ({id})</td>")),
        "{page}"
    );
    assert!(page.contains("tv_series: 2 in 2024Q4 → 10 by 2026Q4"));
}
