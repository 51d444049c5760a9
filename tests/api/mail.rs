//! Reminders and notifications by e-mail (issue #20, items 4 and 5), delivered to a real SMTP
//! server on loopback (`tests/mail/smtp_server.py`, aiosmtpd): who gets what, in both
//! languages, exactly once, after a refusing server accepts, and nothing when mail is off.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use effekt::Period;
use effekt_server::Config;
use effekt_server::config::Smtp;
use effekt_tests::{ADMIN_EMAIL, TestApp, repo_root, spawn_app_configured};
use serde_json::{Value, json};

const SKATTEVERKET: &str = "202100-5448";
const OTHER: &str = "202100-5521";
const PUBLIC_URL: &str = "https://effekt.test.example";

/// The SMTP server of one test, killed with it.
struct SmtpServer {
    port: u16,
    child: Child,
    /// Every line it wrote after its port: a mail it took, or one it refused.
    lines: Arc<Mutex<Vec<Value>>>,
}

impl SmtpServer {
    /// A server that refuses the first `refuse` mails with 451, then takes every mail.
    fn start(refuse: u32) -> Self {
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/mail/smtp_server.py"))
            .arg("--refuse")
            .arg(refuse.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs (scripts/setup --test installs aiosmtpd)");
        let mut stdout = BufReader::new(child.stdout.take().expect("its output"));
        let mut first = String::new();
        stdout
            .read_line(&mut first)
            .expect("the server names its port");
        let port: Value = serde_json::from_str(&first).unwrap_or_else(|_| {
            panic!("the SMTP server started: {first:?} (is aiosmtpd installed?)")
        });
        let lines = Arc::new(Mutex::new(Vec::new()));
        let kept = lines.clone();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let value = serde_json::from_str(&line).expect("a JSON line");
                kept.lock().unwrap().push(value);
            }
        });
        Self {
            port: u16::try_from(port["port"].as_u64().expect("a port")).unwrap(),
            child,
            lines,
        }
    }

    /// Sets `config` to send mail through this server, from Effekt, linking to [`PUBLIC_URL`].
    fn configure(&self, config: &mut Config) {
        config.smtp = Some(Smtp {
            url: format!("smtp://127.0.0.1:{}", self.port),
            from: "Effekt <effekt@test.example>".parse().unwrap(),
        });
        config.public_url = Some(PUBLIC_URL.to_owned());
    }

    /// The mails taken so far.
    fn received(&self) -> Vec<Value> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|line| line.get("refused").is_none())
            .cloned()
            .collect()
    }

    /// How many mails were refused so far.
    fn refused(&self) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|line| line.get("refused").is_some())
            .count()
    }

    /// The mails taken whose subject contains `part`, once at least `count` have come, then
    /// after a few more sweeps, so that a mail sent twice would be seen.
    async fn wait_for(&self, part: &str, count: usize) -> Vec<Value> {
        let matching = || -> Vec<Value> {
            self.received()
                .into_iter()
                .filter(|mail| mail["subject"].as_str().unwrap().contains(part))
                .collect()
        };
        for _ in 0..150 {
            if matching().len() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
        matching()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server sending mail through `smtp`, with Skatteverket and a second agency.
async fn mail_app(smtp: &SmtpServer) -> TestApp {
    let app = spawn_app_configured(|config| smtp.configure(config)).await;
    register(&app, SKATTEVERKET, "Skatteverket").await;
    register(&app, OTHER, "Bolagsverket").await;
    // The last quarter's deadline as far off as it may be, so that no reminder comes between
    // the mails a test counts, whatever the date; the reminders' test sets it nearer.
    let period = Period::last_ended();
    let far = period.last_day() + time::Duration::days(i64::from(effekt::MAX_DEADLINE_DAYS));
    let response = app
        .put_json(
            &format!("/api/v1/deadlines/{period}"),
            &json!({"deadline": effekt::iso_date(far)}),
        )
        .await;
    assert_eq!(response.status(), 200);
    app
}

/// Registers a state agency as the administrator.
async fn register(app: &TestApp, number: &str, name: &str) {
    let response = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": number, "name": name, "kind": "state_agency"}),
        )
        .await;
    assert_eq!(response.status(), 201, "{number} is registered");
}

fn report_path(organisation: &str, period: Period) -> String {
    format!("/api/v1/organisations/{organisation}/reports/{period}")
}

/// Saves one figure and submits the report as `client`.
async fn submit(app: &TestApp, client: &reqwest::Client, organisation: &str, period: Period) {
    let path = report_path(organisation, period);
    let saved = client
        .put(app.url(&path))
        .json(&json!({"values": {"ideas_delivered": 3}}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "saved");
    let submitted = client
        .post(app.url(&format!("{path}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 200, "submitted");
}

fn recipients(mails: &[Value]) -> BTreeSet<String> {
    mails
        .iter()
        .flat_map(|mail| mail["to"].as_array().unwrap().clone())
        .map(|to| to.as_str().unwrap().to_owned())
        .collect()
}

fn set(addresses: &[&str]) -> BTreeSet<String> {
    addresses.iter().map(|a| (*a).to_owned()).collect()
}

/// The outbox as the API lists it, first page.
async fn listed(app: &TestApp) -> Vec<Value> {
    let response = app.get("/api/v1/mail?per_page=500").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_submission_tells_the_administrators_and_approval_and_reopening_the_analysts() {
    let smtp = SmtpServer::start(0);
    let app = mail_app(&smtp).await;
    let analyst = app
        .user("anna@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    app.user("bo@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    app.user("cilla@bolagsverket.test", "analyst", Some(OTHER))
        .await;
    app.user("admin2@test.example", "admin", None).await;
    app.user("ledning@test.example", "viewer", None).await;
    let period = Period::last_ended();
    let (sv, en) = (period.label_sv(), period.label_en());

    submit(&app, &analyst, SKATTEVERKET, period).await;
    let submitted = smtp
        .wait_for(&format!("har lämnat in rapporten för {sv}"), 2)
        .await;
    assert_eq!(
        recipients(&submitted),
        set(&[ADMIN_EMAIL, "admin2@test.example"])
    );
    assert_eq!(submitted.len(), 2, "one mail each: {submitted:#?}");
    let mail = &submitted[0];
    assert_eq!(
        mail["subject"],
        format!(
            "Skatteverket har lämnat in rapporten för {sv} / \
             Skatteverket submitted its report for {en}"
        )
    );
    assert_eq!(mail["from"], "effekt@test.example");
    let body = mail["body"].as_str().unwrap();
    let link = format!("{PUBLIC_URL}/rapport?organisation={SKATTEVERKET}&period={period}");
    assert!(body.contains(&link), "{body}");
    let swedish = body
        .find(&format!("Skatteverket har lämnat in sin rapport för {sv}."))
        .expect("the Swedish text");
    let english = body
        .find(&format!("Skatteverket has submitted its report for {en}."))
        .expect("the English text");
    assert!(swedish < english, "Swedish first: {body}");
    assert!(!body.contains("ideas_delivered"), "no figures: {body}");

    app.approve(SKATTEVERKET, &period.to_string()).await;
    let approved = smtp.wait_for(&format!("{sv} är godkänd"), 2).await;
    assert_eq!(
        recipients(&approved),
        set(&["anna@skatteverket.test", "bo@skatteverket.test"])
    );
    assert_eq!(approved.len(), 2, "{approved:#?}");
    assert_eq!(
        approved[0]["subject"],
        format!(
            "Rapporten för {sv} är godkänd, Skatteverket / \
             The report for {en} is approved, Skatteverket"
        )
    );

    let reopened = app
        .post_json(
            &format!("{}/reopen", report_path(SKATTEVERKET, period)),
            &json!({"reason": "NKI ser fel ut, se mejl 3 okt."}),
        )
        .await;
    assert_eq!(reopened.status(), 200);
    let reopened = smtp.wait_for(&format!("{sv} är öppnad igen"), 2).await;
    assert_eq!(
        recipients(&reopened),
        set(&["anna@skatteverket.test", "bo@skatteverket.test"])
    );
    assert_eq!(reopened.len(), 2, "{reopened:#?}");
    let body = reopened[0]["body"].as_str().unwrap();
    assert!(
        body.contains("Skäl från administratören:\nNKI ser fel ut, se mejl 3 okt."),
        "{body}"
    );
    assert!(
        body.contains("The administrator's reason:\nNKI ser fel ut, se mejl 3 okt."),
        "{body}"
    );
    assert!(body.contains(&link), "{body}");

    // Submitted, approved and reopened once each: six mails in all, each listed as sent.
    assert_eq!(smtp.received().len(), 6);
    let listed = listed(&app).await;
    assert_eq!(listed.len(), 6, "{listed:#?}");
    assert!(
        listed
            .iter()
            .all(|mail| mail["status"] == "sent" && mail["attempts"] == 1),
        "{listed:#?}"
    );
    let kinds: BTreeSet<&str> = listed
        .iter()
        .map(|mail| mail["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["submitted", "approved", "reopened"]));
}

#[tokio::test]
async fn a_reminder_goes_once_to_each_analyst_of_an_organisation_that_has_not_submitted() {
    let smtp = SmtpServer::start(0);
    let app = mail_app(&smtp).await;
    app.user("anna@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    app.user("bo@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    let other = app
        .user("cilla@bolagsverket.test", "analyst", Some(OTHER))
        .await;
    // Away: an account that may not sign in is not reminded.
    app.user("dan@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    let paused = app
        .put_json(
            "/api/v1/users/dan@skatteverket.test",
            &json!({"role": "analyst", "organisation_number": SKATTEVERKET, "active": false}),
        )
        .await;
    assert_eq!(paused.status(), 200);
    let period = Period::last_ended();
    submit(&app, &other, OTHER, period).await;

    // A second instance on the same database, delivering too, as after a restart or behind a
    // load balancer.
    let second = app
        .another_instance_configured(|config| smtp.configure(config))
        .await;
    let deadline = time::OffsetDateTime::now_utc().date() + time::Duration::days(3);
    let set_deadline = second
        .put_json(
            &format!("/api/v1/deadlines/{period}"),
            &json!({"deadline": effekt::iso_date(deadline)}),
        )
        .await;
    assert_eq!(set_deadline.status(), 200);

    let (sv, en) = (period.label_sv(), period.label_en());
    let reminders = smtp
        .wait_for(&format!("Påminnelse: rapporten för {sv},"), 2)
        .await;
    assert_eq!(
        recipients(&reminders),
        set(&["anna@skatteverket.test", "bo@skatteverket.test"])
    );
    assert_eq!(reminders.len(), 2, "one each: {reminders:#?}");
    let mail = &reminders[0];
    assert_eq!(
        mail["subject"],
        format!(
            "Påminnelse: rapporten för {sv}, Skatteverket / \
             Reminder: the report for {en}, Skatteverket"
        )
    );
    let body = mail["body"].as_str().unwrap();
    let day = effekt::iso_date(deadline);
    assert!(
        body.contains(&format!(
            "Skatteverket har ännu inte lämnat in sin rapport för {sv}. \
             Sista dag att lämna in den är {day}."
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "Skatteverket has not yet submitted its report for {en}. \
             The last day to submit it is {day}."
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "{PUBLIC_URL}/rapport?organisation={SKATTEVERKET}&period={period}"
        )),
        "{body}"
    );
    // The administrators were told of the other agency's submission, once.
    let submitted = smtp.wait_for("Bolagsverket har lämnat in", 1).await;
    assert_eq!(submitted.len(), 1, "{submitted:#?}");
}

#[tokio::test]
async fn a_refusing_mail_server_gets_the_mail_once_when_it_accepts() {
    let smtp = SmtpServer::start(2);
    let app = mail_app(&smtp).await;
    let analyst = app
        .user("anna@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    let period = Period::last_ended();
    submit(&app, &analyst, SKATTEVERKET, period).await;
    let submitted = smtp
        .wait_for(
            &format!("har lämnat in rapporten för {}", period.label_sv()),
            1,
        )
        .await;
    assert_eq!(smtp.refused(), 2);
    assert_eq!(recipients(&submitted), set(&[ADMIN_EMAIL]));
    assert_eq!(submitted.len(), 1, "{submitted:#?}");
    let listed = listed(&app).await;
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert_eq!(listed[0]["status"], "sent");
    assert_eq!(listed[0]["attempts"], 3, "two refusals, then taken");
    assert!(listed[0]["sent_at"].is_string());
    // The mail server's answer stays out of the list.
    assert!(!listed[0].to_string().contains("451"), "{}", listed[0]);
}

#[tokio::test]
async fn an_unreachable_mail_server_leaves_the_mail_pending_with_its_attempts_counted() {
    // A port nobody listens on: the server's own, taken and let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_configured(|config| {
        config.smtp = Some(Smtp {
            url: format!("smtp://127.0.0.1:{port}"),
            from: "effekt@test.example".parse().unwrap(),
        });
    })
    .await;
    register(&app, SKATTEVERKET, "Skatteverket").await;
    submit(&app, &app.client, SKATTEVERKET, Period::last_ended()).await;
    // The retry wait doubles from 200 ms: tries at about 0, 0.2, 0.6 and 1.4 s.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let listed = listed(&app).await;
    assert_eq!(
        listed.len(),
        1,
        "the submission to the administrator: {listed:#?}"
    );
    assert_eq!(listed[0]["status"], "pending");
    let attempts = listed[0]["attempts"].as_u64().unwrap();
    assert!((2..=5).contains(&attempts), "{attempts} attempts");
    assert!(listed[0]["sent_at"].is_null());
    assert!(listed[0]["last_attempt_at"].is_string());
}

#[tokio::test]
async fn without_a_mail_server_no_mail_is_written() {
    let app = spawn_app_configured(|_| {}).await;
    register(&app, SKATTEVERKET, "Skatteverket").await;
    app.user("anna@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    let period = Period::last_ended();
    submit(&app, &app.client, SKATTEVERKET, period).await;
    app.approve(SKATTEVERKET, &period.to_string()).await;
    let deadline = time::OffsetDateTime::now_utc().date() + time::Duration::days(1);
    let response = app
        .put_json(
            &format!("/api/v1/deadlines/{}", period.previous().unwrap()),
            &json!({"deadline": effekt::iso_date(deadline)}),
        )
        .await;
    assert_eq!(response.status(), 200);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let response = app.get("/api/v1/mail").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "0");
    let page = app.page_text("/admin/drift").await;
    assert!(
        page.contains("E-post är avstängd: ingen e-postserver är inställd"),
        "{page}"
    );
}

#[tokio::test]
async fn only_administrators_see_the_mail_and_the_operations_page() {
    let smtp = SmtpServer::start(0);
    let app = mail_app(&smtp).await;
    let analyst = app
        .user("anna@skatteverket.test", "analyst", Some(SKATTEVERKET))
        .await;
    let period = Period::last_ended();
    submit(&app, &analyst, SKATTEVERKET, period).await;
    smtp.wait_for("har lämnat in", 1).await;

    let refused = analyst.get(app.url("/api/v1/mail")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let page = app.page_text_as(&analyst, "/admin/drift").await;
    assert!(!page.contains(ADMIN_EMAIL), "{page}");

    let page = app.page_text("/admin/drift").await;
    assert!(page.contains("<h1>Drift</h1>"), "{page}");
    assert!(page.contains("E-post skickas."), "{page}");
    assert!(
        page.contains(&format!(
            "Skatteverket har lämnat in rapporten för {} / Skatteverket submitted its report for {}",
            period.label_sv(),
            period.label_en()
        )),
        "{page}"
    );
    assert!(page.contains(ADMIN_EMAIL), "{page}");
    assert!(page.contains("Skickat"), "{page}");
    assert!(page.contains("Endast lokala lösenord"), "{page}");
    assert!(
        !page.contains("127.0.0.1"),
        "no mail server address: {page}"
    );
    let admin = app.page_text("/admin").await;
    assert!(admin.contains("href=\"/admin/drift\""), "{admin}");

    let paged = app.get("/api/v1/mail?per_page=1&page=1").await;
    assert_eq!(paged.headers()["x-total-count"], "1");
    let bad = app.get("/api/v1/mail?per_page=0").await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn a_mail_claimed_by_one_instance_is_not_claimed_by_another_until_it_lets_go() {
    // The sweep runs at start-up, before there is mail, and not again during the test: only
    // the test claims.
    let smtp = SmtpServer::start(0);
    let app = spawn_app_configured(|config| {
        smtp.configure(config);
        config.mail_sweep = Duration::from_secs(3600);
    })
    .await;
    register(&app, SKATTEVERKET, "Skatteverket").await;
    submit(&app, &app.client, SKATTEVERKET, Period::last_ended()).await;
    let store = effekt::store::Store::connect(&app.database_url)
        .await
        .unwrap();

    let first = store.claim_due_mail("one").await.unwrap();
    assert_eq!(first.len(), 1, "the administrator's mail");
    assert_eq!(first[0].recipient, ADMIN_EMAIL);
    assert!(store.claim_due_mail("two").await.unwrap().is_empty());

    // Failed, and due again at once: the other instance may take it now.
    store
        .mail_failed(&first[0], "one", "451 try again", Duration::ZERO)
        .await
        .unwrap();
    let second = store.claim_due_mail("two").await.unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].attempts, 1);
    // Only the instance holding it records its delivery.
    store.mail_sent(&second[0], "one").await.unwrap();
    assert_eq!(listed(&app).await[0]["status"], "pending");
    store.mail_sent(&second[0], "two").await.unwrap();
    let listed = listed(&app).await;
    assert_eq!(listed[0]["status"], "sent");
    assert_eq!(listed[0]["attempts"], 2);
    assert!(
        smtp.received().is_empty(),
        "the test delivered nothing itself"
    );
}

/// The outside review of issue #20: a sweep claimed fifty mails at once and sent them one after
/// another, so a claim could run out while its mail waited, and another instance send it too.
/// Each mail is now claimed only when its delivery begins.
#[tokio::test]
async fn each_mail_is_claimed_only_when_its_delivery_begins() {
    let smtp = SmtpServer::start(0);
    let app = spawn_app_configured(|config| {
        smtp.configure(config);
        config.mail_sweep = Duration::from_secs(3600);
    })
    .await;
    register(&app, SKATTEVERKET, "Skatteverket").await;
    app.user("chef@test.example", "admin", None).await;
    submit(&app, &app.client, SKATTEVERKET, Period::last_ended()).await;
    let store = effekt::store::Store::connect(&app.database_url)
        .await
        .unwrap();

    let first = store.claim_due_mail("one").await.unwrap();
    assert_eq!(first.len(), 1, "one of the two administrators' mails");
    let second = store.claim_due_mail("one").await.unwrap();
    assert_eq!(second.len(), 1, "the other, claimed on its own");
    assert_ne!(first[0].recipient, second[0].recipient);
    assert!(store.claim_due_mail("two").await.unwrap().is_empty());
}
