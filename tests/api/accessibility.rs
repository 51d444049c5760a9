//! The accessibility statement (issue #21, item 6): complete as Digg's template asks, with the
//! operator and their contact as configured and no address of ours when none is, for anyone.

use effekt::Operator;
use effekt_tests::{browser, spawn_app_configured};

async fn statement(operator: Operator, lang: &str) -> String {
    let app = spawn_app_configured(|config| config.operator = operator).await;
    // Read as a reader who is not signed in.
    let reader = browser();
    let response = reader
        .get(app.url("/tillganglighet"))
        .header("Cookie", format!("effekt_lang={lang}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap().replace("<!>", "")
}

#[tokio::test]
async fn the_statement_names_the_configured_operator_and_has_every_part_of_the_template() {
    let operator =
        Operator::parse(Some("Kammarkollegiet"), Some("webb@kammarkollegiet.se")).unwrap();
    let page = statement(operator, "sv").await;
    for part in [
        "Kammarkollegiet står bakom den här tjänsten.",
        "Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "<h3>Innehåll som inte är tillgängligt</h3>",
        "<a href=\"mailto:webb@kammarkollegiet.se\">webb@kammarkollegiet.se</a>",
        "<a href=\"https://www.digg.se/tdosanmalan\">Digg:s anmälningsformulär</a>",
        "Vi har gjort en självskattning (intern testning)",
        "Senaste bedömningen gjordes den <time datetime=\"2026-12-02\">2026-12-02</time>.",
        "Redogörelsen uppdaterades senast den <time datetime=\"2026-12-02\">2026-12-02</time>.",
    ] {
        assert!(page.contains(part), "{part}\n{page}");
    }
    let form = Operator::parse(None, Some("https://example.se/kontakt")).unwrap();
    let english = statement(form, "en").await;
    assert!(
        english.contains("<a href=\"https://example.se/kontakt\">https://example.se/kontakt</a>")
    );
    assert!(
        english
            .contains("The organisation that runs this service has not given its name here yet.")
    );
    assert!(english.contains("The service is partially compliant"));
}

#[tokio::test]
async fn without_an_operator_configured_no_address_is_made_up() {
    let page = statement(Operator::default(), "sv").await;
    assert!(page.contains("har inte angett sitt namn här ännu"));
    assert!(page.contains("har inte angett någon kontaktväg här ännu"));
    assert!(!page.contains("mailto:"), "{page}");
    assert!(!page.contains("effekt.example"), "{page}");
}
