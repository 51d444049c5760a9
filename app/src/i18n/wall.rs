//! The wall view's words.

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

impl Lang {
    pub fn wall_texts(self) -> &'static WallTexts {
        match self {
            Lang::Sv => &SV,
            Lang::En => &EN,
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
