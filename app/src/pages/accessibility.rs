//! The accessibility statement (tillgänglighetsredogörelse) that Swedish law requires of public
//! digital services, with a way to report a problem.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::raw_text::raw_text;

use crate::i18n::{Lang, use_lang};

/// Where readers report accessibility problems.
const CONTACT: &str = "tillganglighet@effekt.example";

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let mail = format!("mailto:{CONTACT}?subject=Tillg%C3%A4nglighet%20i%20Effekt");
    let body = match lang {
        Lang::Sv => Either::Left(view! {
            <p>"Effekt ska kunna användas av alla. Här beskriver vi hur tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera problem."</p>
            <h2>"Hur tillgänglig är tjänsten?"</h2>
            <p>"Tjänsten är byggd för att uppfylla WCAG 2.1 på nivå AA. Sidorna fungerar utan JavaScript, går att använda med tangentbord och skärmläsare, och varje sida granskas automatiskt mot WCAG 2.1 A och AA i våra tester."</p>
            <h2>"Kända brister"</h2>
            <p>"Vi känner för närvarande inte till några brister. Diagram som läggs till i tjänsten kommer alltid att ha en datatabell och en textbeskrivning bredvid sig."</p>
            <h2>"Rapportera ett problem"</h2>
            <p>"Om du stöter på något som hindrar dig från att använda tjänsten vill vi veta det. Skriv till oss på "<a href=mail.clone()>{CONTACT}</a>" och berätta vilken sida det gäller och vad som inte fungerade. Vi svarar inom fem arbetsdagar."</p>
            <h2>"Tillsyn"</h2>
            <p>"Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det."</p>
            <h2>"Hur vi testat tjänsten"</h2>
            <p>"Varje sida testas automatiskt med axe-core mot WCAG 2.1 A och AA, både med och utan JavaScript, varje gång koden ändras."</p>
        }),
        Lang::En => Either::Right(view! {
            <p>"Effekt is meant to be usable by everyone. This statement describes how the service meets the Swedish act (2018:1937) on accessibility of digital public services, known shortcomings, and how to report a problem."</p>
            <h2>"How accessible is the service?"</h2>
            <p>"The service is built to meet WCAG 2.1 at level AA. Its pages work without JavaScript, with a keyboard and with screen readers, and every page is checked automatically against WCAG 2.1 A and AA in our tests."</p>
            <h2>"Known shortcomings"</h2>
            <p>"We currently know of no shortcomings. Charts added to the service will always come with a data table and a text description beside them."</p>
            <h2>"Report a problem"</h2>
            <p>"If something keeps you from using the service, we want to know. Write to us at "<a href=mail.clone()>{CONTACT}</a>" and tell us which page it concerns and what did not work. We answer within five working days."</p>
            <h2>"Supervision"</h2>
            <p>"The Agency for Digital Government (Digg) supervises the act. If you are not satisfied with how we handle your report, you can contact Digg."</p>
            <h2>"How we tested the service"</h2>
            <p>"Every page is tested automatically with axe-core against WCAG 2.1 A and AA, with and without JavaScript, every time the code changes."</p>
        }),
    };
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.accessibility_title)) />
        <h1>{t.accessibility_title}</h1>
        {body}
    }
}
