//! The quarterly report for leadership (issue #21, item 5): `/rapport/kvartal/2026K3` reads as
//! a report of the quarter, with the figures worked out by hand; drafts stay out of it.

use effekt::Period;
use effekt_tests::{TestApp, spawn_app};
use serde_json::json;

const ORGS: [&str; 4] = ["202100-5448", "202100-5521", "212000-0142", "212000-1355"];

/// The quarter's address as Swedish readers write it: `2026K3`.
fn address(period: Period) -> String {
    format!("/rapport/kvartal/{}K{}", period.year(), period.quarter())
}

async fn report(app: &TestApp, organisation: &str, period: Period, body: serde_json::Value) {
    let path = format!("/api/v1/organisations/{organisation}/reports/{period}");
    assert_eq!(app.put_json(&path, &body).await.status(), 200);
}

async fn submit(app: &TestApp, organisation: &str, period: Period) {
    let path = format!("/api/v1/organisations/{organisation}/reports/{period}/submit");
    assert_eq!(app.post_json(&path, &json!({})).await.status(), 200);
}

/// Four municipalities. The last quarter that ended: three submitted reports with TV series
/// 2, 4 and 6 and customer satisfaction 63, 77 and 77, one with lessons; a fourth only a
/// draft, with figures far off and lessons of its own. The same quarter a year before: TV
/// series 1, 2 and 3 and customer satisfaction 60, 70 and 80. The first has a goal off track.
async fn seeded() -> (TestApp, Period) {
    let app = spawn_app().await;
    for (i, number) in ORGS.iter().enumerate() {
        let body = json!({"organisation_number": number, "name": format!("Kommun {i}"), "kind": "municipality"});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    let quarter = Period::last_ended();
    let year_before = quarter.year_before().unwrap();
    // Its deadline well ahead, so that every report submitted now is on time.
    let deadline = effekt::iso_date(quarter.last_day() + time::Duration::days(300));
    let set = app
        .put_json(
            &format!("/api/v1/deadlines/{quarter}"),
            &json!({ "deadline": deadline }),
        )
        .await;
    assert_eq!(set.status(), 200);
    for (i, (tv, satisfaction)) in [(2, 63), (4, 77), (6, 77)].into_iter().enumerate() {
        let mut body = json!({"values": {"tv_series": tv, "customer_satisfaction": satisfaction}});
        if i == 0 {
            body["lessons"] = json!("Fråga användarna först.");
        }
        report(&app, ORGS[i], quarter, body).await;
        submit(&app, ORGS[i], quarter).await;
    }
    let draft = json!({"values": {"tv_series": 900, "customer_satisfaction": 1},
                       "lessons": "Ett utkast som ingen ska citera."});
    report(&app, ORGS[3], quarter, draft).await;
    for (i, (tv, satisfaction)) in [(1, 60), (2, 70), (3, 80)].into_iter().enumerate() {
        let body = json!({"values": {"tv_series": tv, "customer_satisfaction": satisfaction}});
        report(&app, ORGS[i], year_before, body).await;
        submit(&app, ORGS[i], year_before).await;
    }
    // A goal of the first: TV series from 1 a year before to 100 two quarters from now. At 2
    // now, neither projection comes near (a straight line reaches 3, constant growth 4).
    let deadline = Period::from_index(quarter.index() + 4).unwrap();
    let goal = json!({"series": "tv_series", "baseline_period": year_before.to_string(),
                      "baseline": 1, "target": 100, "deadline": deadline.to_string()});
    let created = app
        .post_json(&format!("/api/v1/organisations/{}/goals", ORGS[0]), &goal)
        .await;
    assert_eq!(created.status(), 201);
    (app, quarter)
}

#[tokio::test]
async fn the_quarterly_report_gives_the_quarters_figures_changes_reporting_and_lessons() {
    let (app, quarter) = seeded().await;
    let page = app.page_text(&address(quarter)).await;
    let label = format!("{} K{}", quarter.year(), quarter.quarter());
    assert!(
        page.contains(&format!("<h1>Kvartalsrapport {label}</h1>")),
        "{page}"
    );
    // The medians: TV series 4 against 2 a year before, satisfaction 77 against 70; the draft's
    // 900 and 1 count nowhere.
    let row = |name: &str| {
        let start = page.find(&format!("{name}</th>")).expect(name);
        page[start..start + page[start..].find("</tr>").unwrap()].to_owned()
    };
    let tv = row("TV-serier");
    assert!(tv.contains("<td>4 <abbr>antal</abbr></td>"), "{tv}");
    assert!(tv.contains("<td>2 <abbr>antal</abbr></td>"), "{tv}");
    assert!(tv.contains("upp 2 mot samma kvartal året före"), "{tv}");
    assert!(tv.contains("<td>3 (preliminär)</td>"), "{tv}");
    let satisfaction = row("Nöjd-kund-index");
    assert!(
        satisfaction.contains("<td>77 <abbr>index</abbr></td>"),
        "{satisfaction}"
    );
    assert!(satisfaction.contains("upp 7 mot samma kvartal året före"));
    // The biggest changes, as a share of the year before: TV series +100 %, satisfaction +10 %.
    let changes = &page[page.find("<ol class=\"biggest-changes\">").unwrap()..];
    let changes = &changes[..changes.find("</ol>").unwrap()];
    let tv_at = changes.find("TV-serier: ").expect(changes);
    let satisfaction_at = changes.find("Nöjd-kund-index: ").expect(changes);
    assert!(tv_at < satisfaction_at, "{changes}");
    assert!(changes.contains("(100 %)"), "{changes}");
    assert!(changes.contains("(10 %)"), "{changes}");
    // Three of the four reported, all on time.
    assert!(
        page.contains(&format!(
            "{label}: 3 av 4 har rapporterat (75 %), 3 i tid (75 %)."
        )),
        "{page}"
    );
    // The goal is off track, and named with its organisation.
    assert!(
        page.contains("1 mål: 0 i fas, 0 i riskzonen, 1 ur fas."),
        "{page}"
    );
    let goals = &page[page
        .find("<table class=\"goals-table\">")
        .expect("the goals behind")..];
    assert!(goals[..goals.find("</table>").unwrap()].contains("Kommun 0"));
    // The submitted report's lessons are quoted, the draft's are not.
    assert!(page.contains("Fråga användarna först."));
    assert!(page.contains("– Kommun 0"));
    assert!(!page.contains("Ett utkast som ingen ska citera."));
    assert!(!page.contains("900 <abbr>"));
}

#[tokio::test]
async fn the_dashboard_links_to_the_report_and_quarters_that_are_not_yet_are_not_found() {
    let (app, quarter) = seeded().await;
    let dashboard = app.page_text(&format!("/?to={quarter}")).await;
    assert!(
        dashboard.contains(&format!("href=\"{}\"", address(quarter))),
        "{dashboard}"
    );
    // The address takes the quarter written either way.
    let written_as_stored = app.get(&format!("/rapport/kvartal/{quarter}")).await;
    assert_eq!(written_as_stored.status(), 200);
    let next = Period::current().next().unwrap();
    for missing in [address(next), "/rapport/kvartal/2026K5".to_owned()] {
        assert_eq!(app.get(&missing).await.status(), 404, "{missing}");
    }
    // English readers get the same report in English.
    app.switch_to_english().await;
    let english = app.page_text(&address(quarter)).await;
    assert!(
        english.contains(&format!("<h1>Quarterly report {}</h1>", quarter.label_en())),
        "{english}"
    );
    assert!(english.contains("up 2 against the same quarter a year before"));
}
