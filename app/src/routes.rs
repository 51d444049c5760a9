//! Every page's address, written once: the router's table (`App`), the links and redirects that
//! lead to a page, and the server's list of pages anyone may open. A page with a parameter has a
//! function that writes its address; the router matches the same words through [`Fixed`].
//!
//! Below the pages, the addresses the server answers that pages link to or that anyone may use:
//! the JSON API's files, signing in through the identity provider, the icon. The server routes
//! them (a test of its own checks the API's against its router) and lets the public ones in.

use std::borrow::Cow;
use std::fmt::Display;

use effekt::Period;
use leptos_router::{PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment};

pub const START: &str = "/";
pub const REPORT: &str = "/rapport";
/// A quarter's printable report, `/rapport/kvartal/{quarter}` ([`quarterly_report`]).
pub const QUARTERLY_REPORTS: &str = "/rapport/kvartal";
/// The list of organisations; one organisation is [`organisation`].
pub const ORGANISATIONS: &str = "/organisationer";
/// After an organisation's address, its change history ([`organisation_history`]).
pub const HISTORY: &str = "/historik";
pub const ACCESSIBILITY: &str = "/tillganglighet";
pub const SIGN_IN: &str = "/logga-in";
pub const OPEN_DATA: &str = "/oppna-data";
/// The wall view for screens in an office.
pub const WALL: &str = "/skarm";
/// Where each measure's page is, `/matt/{key}` ([`measure`]).
pub const MEASURES: &str = "/matt";
pub const IMPORT: &str = "/import";
/// Where the import page's form posts its file (answered by the server, not a page).
pub const IMPORT_UPLOAD: &str = "/import/upload";
/// A file uploaded for import, reviewed before it is confirmed ([`import_review`]).
pub const IMPORT_REVIEWS: &str = "/import/granska";
pub const EXPORT: &str = "/export";
pub const LESSONS: &str = "/lardomar";
pub const GOALS: &str = "/mal";
/// Who has reported, and the reporting deadlines.
pub const COMPLETENESS: &str = "/rapportering";
pub const ADMIN: &str = "/admin";
pub const ADMIN_ORGANISATIONS: &str = "/admin/organisationer";
pub const ADMIN_USERS: &str = "/admin/anvandare";
pub const ADMIN_AUDIT: &str = "/admin/logg";
pub const ADMIN_OPERATIONS: &str = "/admin/drift";
pub const DISPLAY_LINKS: &str = "/admin/skarmlankar";
pub const API_TOKENS: &str = "/api-nycklar";

/// The pages anyone may open without signing in.
pub const PUBLIC_PAGES: [&str; 3] = [SIGN_IN, ACCESSIBILITY, OPEN_DATA];

/// Where the JSON API lives; everything below `/api/` answers in JSON or CSV, never a page.
pub const API: &str = "/api/v1";
pub const API_FOLDER: &str = "/api/";
/// Where the pages' server functions are answered (`#[server(prefix = "/sf")]`, which takes
/// only a literal).
pub const SERVER_FUNCTIONS_FOLDER: &str = "/sf/";
pub const API_MEASURES: &str = "/api/v1/measures";
pub const API_OPENAPI: &str = "/api/v1/openapi.json";
pub const API_LOGIN: &str = "/api/v1/login";
pub const OPEN_VALUES_CSV: &str = "/api/v1/open/values.csv";
pub const OPEN_SUMMARY: &str = "/api/v1/open/summary";
pub const EXPORT_VALUES_CSV: &str = "/api/v1/export/values.csv";
pub const EXPORT_SUMMARY_CSV: &str = "/api/v1/export/summary.csv";
pub const EXPORT_GOALS_CSV: &str = "/api/v1/export/goals.csv";
pub const EXPORT_COMPLETENESS_CSV: &str = "/api/v1/export/completeness.csv";
pub const EXPORT_LESSONS_CSV: &str = "/api/v1/export/lessons.csv";
/// The API's addresses above, each routed by the server's API router.
pub const API_ADDRESSES: [&str; 10] = [
    API_MEASURES,
    API_OPENAPI,
    API_LOGIN,
    OPEN_VALUES_CSV,
    OPEN_SUMMARY,
    EXPORT_VALUES_CSV,
    EXPORT_SUMMARY_CSV,
    EXPORT_GOALS_CSV,
    EXPORT_COMPLETENESS_CSV,
    EXPORT_LESSONS_CSV,
];
/// Signing in through the organisation's identity provider: the sign-in page links to the
/// start, the provider sends people back to the callback.
pub const OIDC_START: &str = "/auth/oidc/start";
pub const OIDC_CALLBACK: &str = "/auth/oidc/callback";
pub const FAVICON: &str = "/favicon.svg";

/// One organisation's page.
pub fn organisation(number: impl Display) -> String {
    format!("{ORGANISATIONS}/{number}")
}

/// One organisation's change history.
pub fn organisation_history(number: impl Display) -> String {
    format!("{ORGANISATIONS}/{number}{HISTORY}")
}

/// One measure's page.
pub fn measure(key: impl Display) -> String {
    format!("{MEASURES}/{key}")
}

/// The review of uploaded file `id`.
pub fn import_review(id: impl Display) -> String {
    format!("{IMPORT_REVIEWS}/{id}")
}

/// A quarter's printable report, the quarter as Swedish readers write it: `/rapport/kvartal/2026K3`.
pub fn quarterly_report(quarter: Period) -> String {
    format!(
        "{QUARTERLY_REPORTS}/{}K{}",
        quarter.year(),
        quarter.quarter()
    )
}

/// A fixed part of a page's path, however many segments it has (`/admin/logg`), matched segment
/// by segment as the router matches its own static segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed(pub &'static str);

impl Fixed {
    fn segments(self) -> impl Iterator<Item = &'static str> {
        self.0.split('/').filter(|segment| !segment.is_empty())
    }
}

impl PossibleRouteMatch for Fixed {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        // The start page has no segment: it matches as the router's own `path!("/")`, `()`.
        if self.segments().next().is_none() {
            return ().test(path);
        }
        let mut remaining = path;
        for segment in self.segments() {
            remaining = StaticSegment(segment).test(remaining)?.remaining();
        }
        let matched = &path[..path.len() - remaining.len()];
        Some(PartialPathMatch::new(remaining, Vec::new(), matched))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(
            self.segments()
                .map(|segment| PathSegment::Static(Cow::Borrowed(segment))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_path_matches_whole_segments_only() {
        let admin_audit = Fixed(ADMIN_AUDIT);
        let matched = admin_audit.test("/admin/logg").unwrap();
        assert_eq!(
            (matched.matched(), matched.remaining()),
            ("/admin/logg", "")
        );
        let deeper = Fixed(ORGANISATIONS)
            .test("/organisationer/202100-5448")
            .unwrap();
        assert_eq!(deeper.remaining(), "/202100-5448");
        assert!(admin_audit.test("/admin/loggar").is_none());
        assert!(admin_audit.test("/admin").is_none());
        assert!(Fixed(START).test("/").is_some());
        let mut none = Vec::new();
        Fixed(START).generate_path(&mut none);
        assert!(none.is_empty());
        let mut segments = Vec::new();
        admin_audit.generate_path(&mut segments);
        assert_eq!(
            segments,
            [
                PathSegment::Static("admin".into()),
                PathSegment::Static("logg".into())
            ]
        );
    }
}
