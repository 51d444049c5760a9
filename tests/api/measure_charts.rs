//! A measure page's charts at addresses of their own (`server/src/measure_chart.rs`): served as
//! SVG, kept by the browser while the data version stands, new with every saved figure, and
//! shown to whoever may see the page and nobody else.

use effekt_tests::{TestApp, browser, spawn_app_with_organisation};
use serde_json::json;

const PAGE: &str = "/matt/customer_satisfaction?from=2025Q1&to=2025Q1&quarter=2025Q1";

const REPORT: &str = "/api/v1/organisations/202100-5448/reports/2025Q1";

/// Skatteverket's customer satisfaction index in 2025 Q1, approved.
async fn approved(app: &TestApp, index: u32) {
    let values = json!({"values": {"customer_satisfaction": index}});
    assert_eq!(app.put_json(REPORT, &values).await.status(), 200);
    app.approve("202100-5448", "2025Q1").await;
}

/// The page's chart addresses, in the page's order, as the browser reads them.
async fn chart_addresses(app: &TestApp) -> Vec<String> {
    let page = app.get(PAGE).await.text().await.unwrap();
    page.split(r#"<img src=""#)
        .skip(1)
        .map(|tag| tag[..tag.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn a_chart_is_served_once_cacheable_and_a_saved_figure_gives_it_a_new_address() {
    let app = spawn_app_with_organisation().await;
    approved(&app, 70).await;
    let addresses = chart_addresses(&app).await;
    // A trend and a ranking, each drawn wide and narrow.
    let names: Vec<&str> = addresses
        .iter()
        .map(|a| a[..a.find('?').unwrap()].rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "trend-0-wide.svg",
            "trend-0-narrow.svg",
            "bars-0-wide.svg",
            "bars-0-narrow.svg"
        ]
    );
    let bars = addresses[3].clone();
    assert!(
        bars.starts_with("/matt/customer_satisfaction/diagram/bars-0-narrow.svg?kind=&from=2025Q1&to=2025Q1&quarter=2025Q1&lang=sv&v="),
        "{bars}"
    );

    let response = app.get(&bars).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        response.headers()["cache-control"],
        "private, max-age=31536000, immutable"
    );
    let tag = response.headers()["etag"].to_str().unwrap().to_owned();
    let svg = response.text().await.unwrap();
    assert!(svg.starts_with(r#"<svg width="360" "#), "{svg}");
    assert!(
        svg.contains(
            "<title>Nöjd-kund-index, 2025 K1</title><desc>Nöjd-kund-index, 2025 K1: Högst Skatteverket (70 index), lägst Skatteverket (70 index)."
        ),
        "{svg}"
    );
    // The background and the one organisation's bar.
    assert_eq!(svg.matches("<rect").count(), 2, "{svg}");

    // Asked again with the version it has, the browser is told to keep it.
    let again = app
        .client
        .get(app.url(&bars))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);

    // A saved figure: the page names new addresses, which show it.
    let reopened = app.post_json(&format!("{REPORT}/reopen"), &json!({})).await;
    assert_eq!(reopened.status(), 200);
    approved(&app, 80).await;
    let changed = chart_addresses(&app).await;
    assert_eq!(changed.len(), 4);
    for (before, after) in addresses.iter().zip(&changed) {
        assert_ne!(before, after, "the data version is in the address");
    }
    let response = app.get(&changed[3]).await;
    assert_eq!(
        response.headers()["cache-control"],
        "private, max-age=31536000, immutable"
    );
    let new_tag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_tag, tag);
    let new_svg = response.text().await.unwrap();
    assert!(
        new_svg.contains("Högst Skatteverket (80 index)"),
        "{new_svg}"
    );
    // The old address answers with what stands now, to be asked again each time; the tag the
    // browser kept no longer matches.
    let old = app
        .client
        .get(app.url(&bars))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 200);
    assert_eq!(old.headers()["cache-control"], "private, no-cache");
    assert_eq!(old.text().await.unwrap(), new_svg);
}

#[tokio::test]
async fn charts_are_shown_to_whoever_may_see_the_page_and_nobody_else() {
    let app = spawn_app_with_organisation().await;
    approved(&app, 70).await;
    let addresses = chart_addresses(&app).await;
    assert_eq!(addresses.len(), 4);
    let trend = &addresses[0];

    // Anonymous: sent to sign in, as the page sends them.
    let anonymous = browser();
    for path in [PAGE, trend.as_str()] {
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with("/logga-in?next=/matt/customer_satisfaction"),
            "{location}"
        );
        assert!(response.headers().get("etag").is_none());
    }

    // Any signed-in reader may see the page, and so its charts.
    let viewer = app.user("viewer@example.se", "viewer", None).await;
    for path in [PAGE, trend.as_str()] {
        let response = viewer.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
    let svg = viewer
        .get(app.url(trend))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        svg.contains("<title>Nöjd-kund-index (index)</title>"),
        "{svg}"
    );

    // What the page would not show, the charts do not either.
    let query = &trend[trend.find('?').unwrap()..];
    for path in [
        format!("/matt/no_such_measure/diagram/trend-0-wide.svg{query}"),
        format!("/matt/customer_satisfaction/diagram/trend-1-wide.svg{query}"),
        format!("/matt/customer_satisfaction/diagram/trend-0-tall.svg{query}"),
        "/matt/customer_satisfaction/diagram/trend-0-wide.svg?from=2025Q9".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}
