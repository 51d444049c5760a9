//! The accessibility statement (tillgänglighetsredogörelse) that Swedish law requires of public
//! digital services, in the shape of Digg's template: who runs the service, how far it
//! complies, what is not accessible, how to report a shortcoming, supervision, and how and when
//! it was assessed. The operator and their contact are configured by whoever runs Effekt.

use effekt::{Contact, Operator};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::raw_text::raw_text;

/// When the service was last assessed, and when this statement was last updated: change
/// both when the pages or their tests change what is claimed here.
const ASSESSED: &str = "2026-12-02";
const UPDATED: &str = "2026-12-02";
/// Digg's form for reporting a service that does not meet the law.
const DIGG_FORM: &str = "https://www.digg.se/tdosanmalan";

#[server(prefix = "/sf", endpoint = "accessibility_statement", input = Postcard, output = Postcard)]
pub async fn get_operator() -> Result<Operator, AppError> {
    crate::error::respond(async move { Ok(crate::state::page_state()?.operator) }).await
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let operator = load(|| (), |()| get_operator());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.accessibility_title)) />
        <h1>{t.accessibility_title}</h1>
        {loaded(operator, move |operator| view! { <Statement operator lang /> })}
    }
}

/// How to reach the operator: their e-mail address or web form, or, when none is configured,
/// a sentence saying so.
fn contact_view(operator: &Operator, lang: Lang) -> impl IntoView + use<> {
    match operator.contact().cloned() {
        Some(Contact::Email(address)) => EitherOf3::A(view! {
            <a href=format!("mailto:{address}")>{address.clone()}</a>
        }),
        Some(Contact::Web(address)) => EitherOf3::B(view! {
            <a href=address.clone()>{address.clone()}</a>
        }),
        None => EitherOf3::C(view! {
            <em>
                {lang.pick(
                    "den organisation som driver tjänsten (den har inte angett någon kontaktväg här ännu)",
                    "the organisation that runs the service (it has not given a way to reach it here yet)",
                )}
            </em>
        }),
    }
}

#[component]
fn Statement(operator: Operator, lang: Lang) -> impl IntoView {
    let name = operator.name().map(str::to_owned);
    let contact = contact_view(&operator, lang);
    let digg = view! { <a href=DIGG_FORM>{lang.pick("Digg:s anmälningsformulär", "Digg's complaint form")}</a> };
    let assessed = view! { <time datetime=ASSESSED>{ASSESSED}</time> };
    let updated = view! { <time datetime=UPDATED>{UPDATED}</time> };
    match lang {
        Lang::Sv => Either::Left(view! {
            <p class="operator">
                {match name {
                    Some(name) => format!("{name} står bakom den här tjänsten."),
                    None => "Den organisation som driver den här tjänsten har inte angett sitt namn här ännu.".to_owned(),
                }}
                " Vi vill att så många som möjligt ska kunna använda Effekt. Den här redogörelsen beskriver hur tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem."
            </p>
            <h2>"Hur tillgänglig är tjänsten?"</h2>
            <p class="compliance">"Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan."</p>
            <h2>"Vad kan du göra om du inte kan använda delar av tjänsten?"</h2>
            <p>"Om du behöver innehåll i ett annat format, till exempel siffrorna bakom ett diagram, finns de i tabellen under varje diagram och som CSV-fil. Du kan också kontakta oss: "{contact}"."</p>
            <h2>"Rapportera brister i tjänstens tillgänglighet"</h2>
            <p>"Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs här, eller om du anser att vi inte uppfyller lagen, meddela oss via kontaktvägen ovan så att vi får veta att problemet finns. Berätta vilken sida det gäller och vad som inte fungerade."</p>
            <h2>"Tillsyn"</h2>
            <p>"Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: "{digg}"."</p>
            <h2>"Teknisk information om tjänstens tillgänglighet"</h2>
            <p>"Tjänsten är byggd för att uppfylla nivå AA i standarden WCAG 2.1. Den är delvis förenlig med lagen, på grund av de brister som beskrivs nedan."</p>
            <h3>"Innehåll som inte är tillgängligt"</h3>
            <ul class="shortcomings">
                <li>"Tjänsten har ännu inte granskats manuellt av en oberoende granskare. Automatiska tester hittar inte alla brister, till exempel om texter och instruktioner är lätta att förstå (WCAG 3.1 och 3.3)."</li>
                <li>"Diagrammen är bilder. Allt de visar finns också i en tabell och i en mening under varje diagram (WCAG 1.1.1)."</li>
            </ul>
            <h2>"Hur vi testat tjänsten"</h2>
            <p>"Vi har gjort en självskattning (intern testning) av tjänsten. Varje sida testas automatiskt med axe-core mot WCAG 2.1 nivå A och AA, både med och utan JavaScript och i 320 pixlars bredd, varje gång koden ändras. Senaste bedömningen gjordes den "{assessed}"."</p>
            <p>"Redogörelsen uppdaterades senast den "{updated}"."</p>
        }),
        Lang::En => Either::Right(view! {
            <p class="operator">
                {match name {
                    Some(name) => format!("{name} is responsible for this service."),
                    None => "The organisation that runs this service has not given its name here yet.".to_owned(),
                }}
                " We want as many people as possible to be able to use Effekt. This statement describes how the service meets the Swedish act (2018:1937) on accessibility of digital public services, known accessibility problems, and how you can report shortcomings to us so that we can fix them."
            </p>
            <h2>"How accessible is the service?"</h2>
            <p class="compliance">"The service is partially compliant with the act on accessibility of digital public services, due to the shortcomings described below."</p>
            <h2>"What can you do if you cannot use parts of the service?"</h2>
            <p>"If you need content in another format, such as the figures behind a chart, they are in the table below every chart and as a CSV file. You can also contact us: "{contact}"."</p>
            <h2>"Report shortcomings in the service's accessibility"</h2>
            <p>"We always try to improve the accessibility. If you find problems that are not described here, or think that we do not meet the act, tell us through the contact above so that we know the problem exists. Say which page it concerns and what did not work."</p>
            <h2>"Supervision"</h2>
            <p>"The Agency for Digital Government (Digg) supervises the act on accessibility of digital public services. If you are not satisfied with how we handle your report, you can contact Digg and say so: "{digg}"."</p>
            <h2>"Technical information about the service's accessibility"</h2>
            <p>"The service is built to meet level AA of the WCAG 2.1 standard. It is partially compliant with the act, due to the shortcomings described below."</p>
            <h3>"Content that is not accessible"</h3>
            <ul class="shortcomings">
                <li>"The service has not yet been reviewed by hand by an independent reviewer. Automated tests do not find every shortcoming, for example whether texts and instructions are easy to understand (WCAG 3.1 and 3.3)."</li>
                <li>"Charts are images. Everything they show is also in a table and in a sentence below each chart (WCAG 1.1.1)."</li>
            </ul>
            <h2>"How we tested the service"</h2>
            <p>"We have made a self-assessment (internal testing) of the service. Every page is tested automatically with axe-core against WCAG 2.1 levels A and AA, with and without JavaScript and at a width of 320 pixels, every time the code changes. The latest assessment was made on "{assessed}"."</p>
            <p>"This statement was last updated on "{updated}"."</p>
        }),
    }
}
