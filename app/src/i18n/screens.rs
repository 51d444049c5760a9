//! The words of the wall view and of the administrators' page of display links.

use super::Lang;

pub struct WallTexts {
    pub title: &'static str,
    pub national_median: &'static str,
    pub reported: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub paused: &'static str,
    pub too_few: &'static str,
    pub no_data: &'static str,
}

pub struct DisplayLinkTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub new_heading: &'static str,
    pub name: &'static str,
    pub name_hint: &'static str,
    pub create: &'static str,
    pub made_heading: &'static str,
    pub made_text: &'static str,
    pub link_label: &'static str,
    pub list_heading: &'static str,
    pub none: &'static str,
    pub created: &'static str,
    pub created_by: &'static str,
    pub last_used: &'static str,
    pub never_used: &'static str,
    pub revoke: &'static str,
    pub revoked: &'static str,
    pub open_wall: &'static str,
}

impl Lang {
    pub fn wall_texts(self) -> &'static WallTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    pub fn display_link_texts(self) -> &'static DisplayLinkTexts {
        match self {
            Lang::Sv => &LINKS_SV,
            Lang::En => &LINKS_EN,
        }
    }

    /// "Mått 5 av 14. Nästa mått om 30 sekunder."
    pub fn wall_position(self, position: usize, count: usize, seconds: Option<u64>) -> String {
        match (self, seconds) {
            (Lang::Sv, Some(s)) => {
                format!("Mått {position} av {count}. Nästa mått om {s} sekunder.")
            }
            (Lang::Sv, None) => format!("Mått {position} av {count}."),
            (Lang::En, Some(s)) => {
                format!("Measure {position} of {count}. Next measure in {s} seconds.")
            }
            (Lang::En, None) => format!("Measure {position} of {count}."),
        }
    }
}

static SV: WallTexts = WallTexts {
    title: "Skärm",
    national_median: "Riket, median",
    reported: "organisationer rapporterade",
    pause: "Pausa växlingen",
    resume: "Fortsätt växla",
    paused: "Växlingen är pausad.",
    too_few: "För få har rapporterat för ett nationellt värde",
    no_data: "Inga siffror ännu",
};

static EN: WallTexts = WallTexts {
    title: "Screen",
    national_median: "National median",
    reported: "organisations reported",
    pause: "Pause the rotation",
    resume: "Resume the rotation",
    paused: "The rotation is paused.",
    too_few: "Too few have reported for a national figure",
    no_data: "No figures yet",
};

static LINKS_SV: DisplayLinkTexts = DisplayLinkTexts {
    title: "Skärmlänkar",
    intro: "En skärmlänk låter en skärm utan inloggad användare visa skärmvyn, och ingenting \
            annat. Öppna länken en gång i skärmens webbläsare. Ta bort länken när skärmen inte \
            längre ska visa något: den slutar gälla direkt.",
    new_heading: "Ny skärmlänk",
    name: "Namn",
    name_hint: "Var skärmen sitter, till exempel ”Entrén plan 2”. 1–100 tecken.",
    create: "Skapa skärmlänk",
    made_heading: "Skärmlänken är skapad",
    made_text: "Länken visas bara nu. Öppna den i skärmens webbläsare; den går inte att ta fram \
                igen.",
    link_label: "Länk för",
    list_heading: "Skärmlänkar",
    none: "Det finns inga skärmlänkar.",
    created: "Skapad",
    created_by: "Skapad av",
    last_used: "Senast använd",
    never_used: "Aldrig",
    revoke: "Ta bort",
    revoked: "Skärmlänken är borttagen och slutar gälla direkt.",
    open_wall: "Visa skärmvyn",
};

static LINKS_EN: DisplayLinkTexts = DisplayLinkTexts {
    title: "Screen links",
    intro: "A screen link lets a screen with nobody signed in show the wall view, and nothing \
            else. Open the link once in the screen's browser. Remove the link when the screen \
            should no longer show anything: it stops working at once.",
    new_heading: "New screen link",
    name: "Name",
    name_hint: "Where the screen is, such as “Entrance, floor 2”. 1–100 characters.",
    create: "Make screen link",
    made_heading: "The screen link is made",
    made_text: "The link is shown only now. Open it in the screen's browser; it cannot be shown \
                again.",
    link_label: "Link for",
    list_heading: "Screen links",
    none: "There are no screen links.",
    created: "Made",
    created_by: "Made by",
    last_used: "Last used",
    never_used: "Never",
    revoke: "Remove",
    revoked: "The screen link is removed and stops working at once.",
    open_wall: "Show the wall view",
};
