//! Configuration, read once from the environment at start-up.

use std::net::SocketAddr;

use effekt::{
    DEFAULT_DEADLINE_DAYS, DEFAULT_MIN_REPORTS, FirstSignIn, IdentityProviderSummary, Operator,
    OperatorError, ReportingRules, ReportingRulesError, RoleMapping,
};
use openidconnect::{ClientId, ClientSecret, IssuerUrl, RedirectUrl};

use crate::source::Source;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is {value:?}, which is not {expected}")]
    Invalid {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("{name} must be set when {because}")]
    Missing {
        name: &'static str,
        because: &'static str,
    },
}

/// Everything the server can be told. See the README's table of environment variables.
#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (the default, `sqlite://data/effekt.db`) or `postgres://…`.
    pub database_url: String,
    /// `EFFEKT_DB_CONNECTIONS`: database connections this server keeps open at most.
    pub database_connections: u32,
    /// `LEPTOS_SITE_ADDR`: where to listen; port 0 picks a free port.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the built site (WASM bundle, CSS, static files); unset, the one
    /// the binary carries.
    pub site: Source,
    /// `EFFEKT_CATALOGUE`: the measure catalogue file; unset, the one the binary carries.
    pub catalogue: Source,
    /// `EFFEKT_DEMO_DATA`: load the demo organisations and figures into an empty database.
    pub demo_data: bool,
    /// `EFFEKT_DEMO_FILE`: the demo data file; unset, the one the binary carries.
    pub demo: Source,
    /// `EFFEKT_BEHIND_PROXY`: the server is reached only through a reverse proxy, which appends
    /// the client's address to `X-Forwarded-For`; login limits per address count that address.
    pub behind_proxy: bool,
    /// `EFFEKT_PUBLIC_URL`: the address people use, such as `https://effekt.example.se`. When it
    /// is `https://`, every request counts as HTTPS, whatever the proxy says: the session cookie
    /// is then `Secure` and `__Host-` prefixed.
    pub public_url: Option<String>,
    /// `EFFEKT_LOG_FORMAT`: `text` for people, `json` (one object per line) for log collectors.
    pub log_json: bool,
    /// `EFFEKT_ADMIN_EMAIL` and `EFFEKT_ADMIN_PASSWORD`: the first administrator, created when
    /// the server starts with no users.
    pub first_admin: Option<(String, String)>,
    /// `EFFEKT_UPLOAD_SWEEP_SECONDS`: how often uploaded files older than a day are forgotten.
    pub upload_sweep: std::time::Duration,
    /// `EFFEKT_REPORT_DEADLINE_DAYS` (default 45): reports are due this many days after the
    /// quarter ends; `EFFEKT_MIN_REPORTS` (default 3): the pages show no median, quartile or
    /// change of fewer reports as a national figure.
    pub reporting: ReportingRules,
    /// `EFFEKT_OPERATOR_NAME` and `EFFEKT_OPERATOR_CONTACT` (an e-mail address or an https://
    /// address): who runs this Effekt and where readers report accessibility shortcomings.
    pub operator: Operator,
    /// `EFFEKT_OPEN_DATA_PER_MINUTE` (default 60): how many open data requests one address may
    /// make a minute, on each server on its own.
    pub open_data_per_minute: u32,
    /// `EFFEKT_METRICS_ADDR`: where to serve `GET /metrics` in the Prometheus text format, apart
    /// from the site so that it is never public by accident; unset (the default), no metrics.
    pub metrics_addr: Option<SocketAddr>,
    /// `EFFEKT_SMTP_URL` and `EFFEKT_MAIL_FROM`: the mail server reminders and notifications go
    /// through, and whom they come from; no mail at all when unset.
    pub smtp: Option<Smtp>,
    /// `EFFEKT_REMINDER_DAYS` (default 7): analysts whose organisation has not submitted a
    /// quarter are reminded once, this many days before its deadline or later.
    pub reminder_days: u16,
    /// `EFFEKT_MAIL_SWEEP_SECONDS` (default 60): how often due reminders are written and
    /// pending mail is delivered.
    pub mail_sweep: std::time::Duration,
    /// `EFFEKT_MAIL_RETRY_SECONDS` (default 30): the wait after a failed delivery, doubled
    /// after each further failure.
    pub mail_retry: std::time::Duration,
    /// `EFFEKT_OIDC_*`: sign-in through the agency's identity provider; none when
    /// `EFFEKT_OIDC_ISSUER` is unset.
    pub oidc: Option<OidcConfig>,
    /// `EFFEKT_PASSWORDS` (default true): whether people may sign in with a password. Only an
    /// Effekt with an identity provider may switch passwords off.
    pub passwords: bool,
}

/// The mail server and the sender's address.
#[derive(Clone)]
pub struct Smtp {
    /// `smtp://host:port` (plain, for a relay on the same machine), `smtp://…?tls=required`
    /// (STARTTLS) or `smtps://…` (TLS), with `user:password@` if the server wants them: a
    /// secret, never logged.
    pub url: String,
    pub from: lettre::message::Mailbox,
}

/// Where and how people sign in through the identity provider (OpenID Connect).
#[derive(Clone)]
pub struct OidcConfig {
    /// `EFFEKT_OIDC_ISSUER`: the provider's issuer; its discovery document is read from under it.
    pub issuer: IssuerUrl,
    /// `EFFEKT_OIDC_CLIENT_ID` and `EFFEKT_OIDC_CLIENT_SECRET`: Effekt as the provider knows it.
    pub client_id: ClientId,
    pub client_secret: ClientSecret,
    /// `EFFEKT_OIDC_NAME`: the name on the sign-in button (default: the issuer's host name).
    pub name: String,
    /// `EFFEKT_OIDC_SCOPES` (default `email`): scopes asked for beside `openid`.
    pub scopes: Vec<String>,
    /// `EFFEKT_OIDC_EMAIL_CLAIM` (default `email`): the ID token claim with the e-mail address.
    pub email_claim: String,
    /// `EFFEKT_OIDC_ROLE_CLAIM` (default `groups`): the ID token claim with the groups or roles.
    pub role_claim: String,
    /// `EFFEKT_OIDC_ROLES`: which group gives which role (see [`RoleMapping`]).
    pub roles: RoleMapping,
    /// `EFFEKT_OIDC_NEW_USERS` (default `create`): whether people new to Effekt get an account.
    pub first_sign_in: FirstSignIn,
    /// `EFFEKT_OIDC_STARTS_PER_MINUTE` (default 600): sign-ins one client address may begin a
    /// minute. Staff of an agency often share one address; each begun sign-in stores a row.
    pub starts_per_minute: u32,
    /// `EFFEKT_PUBLIC_URL` + `/auth/oidc/callback`: where the provider sends people back.
    pub redirect_url: RedirectUrl,
}

impl std::fmt::Debug for OidcConfig {
    /// Never prints the client secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer.as_str())
            .field("client_id", &self.client_id.as_str())
            .field("name", &self.name)
            .field("scopes", &self.scopes)
            .field("email_claim", &self.email_claim)
            .field("role_claim", &self.role_claim)
            .field("roles", &self.roles.to_string())
            .field("first_sign_in", &self.first_sign_in)
            .field("redirect_url", &self.redirect_url.as_str())
            .finish_non_exhaustive()
    }
}

impl OidcConfig {
    /// What an administrator may see of it: everything but the secret.
    pub fn summary(&self, passwords: bool) -> IdentityProviderSummary {
        IdentityProviderSummary {
            name: self.name.clone(),
            issuer: self.issuer.to_string(),
            client_id: self.client_id.to_string(),
            email_claim: self.email_claim.clone(),
            role_claim: self.role_claim.clone(),
            roles: self.roles.clone(),
            first_sign_in: self.first_sign_in,
            passwords,
        }
    }

    /// Reads the `EFFEKT_OIDC_*` variables; none when no issuer is set.
    fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        public_url: Option<&str>,
    ) -> Result<Option<Self>, ConfigError> {
        let Some(issuer_text) = lookup("EFFEKT_OIDC_ISSUER") else {
            return Ok(None);
        };
        let needed = |name: &'static str| {
            lookup(name)
                .filter(|value| !value.trim().is_empty())
                .ok_or(ConfigError::Missing {
                    name,
                    because: "EFFEKT_OIDC_ISSUER is set",
                })
        };
        // Plain HTTP would let anyone on the way forge the provider's keys: only on loopback,
        // where tests and a provider on the same machine live.
        let issuer = IssuerUrl::new(issuer_text.clone())
            .ok()
            .filter(|url| match url.url().scheme() {
                "https" => true,
                "http" => matches!(
                    url.url().host_str(),
                    Some("127.0.0.1" | "localhost" | "[::1]")
                ),
                _ => false,
            })
            .ok_or_else(|| ConfigError::Invalid {
                name: "EFFEKT_OIDC_ISSUER",
                value: issuer_text.clone(),
                expected: "an https:// address (http:// only on loopback)",
            })?;
        let host = issuer.url().host_str().unwrap_or_default().to_owned();
        let public_url = public_url.ok_or(ConfigError::Missing {
            name: "EFFEKT_PUBLIC_URL",
            because: "EFFEKT_OIDC_ISSUER is set (the provider sends people back there)",
        })?;
        let callback = format!(
            "{}{}",
            public_url.trim_end_matches('/'),
            effekt_app::routes::OIDC_CALLBACK
        );
        let redirect_url = RedirectUrl::new(callback).map_err(|_| ConfigError::Invalid {
            name: "EFFEKT_PUBLIC_URL",
            value: public_url.to_owned(),
            expected: "an address such as https://effekt.example.se",
        })?;
        let roles_text = needed("EFFEKT_OIDC_ROLES")?;
        let new_users = lookup("EFFEKT_OIDC_NEW_USERS").unwrap_or_else(|| "create".to_owned());
        let starts = lookup("EFFEKT_OIDC_STARTS_PER_MINUTE").unwrap_or_else(|| "600".to_owned());
        let claim = |name: &'static str, default: &str| {
            let value = lookup(name).unwrap_or_else(|| default.to_owned());
            if value.is_empty() || value.contains(char::is_whitespace) {
                Err(ConfigError::Invalid {
                    name,
                    value,
                    expected: "the name of a claim, such as email or groups",
                })
            } else {
                Ok(value)
            }
        };
        Ok(Some(Self {
            issuer,
            client_id: ClientId::new(needed("EFFEKT_OIDC_CLIENT_ID")?),
            client_secret: ClientSecret::new(needed("EFFEKT_OIDC_CLIENT_SECRET")?),
            name: lookup("EFFEKT_OIDC_NAME")
                .filter(|name| !name.trim().is_empty())
                .unwrap_or(host),
            scopes: lookup("EFFEKT_OIDC_SCOPES")
                .unwrap_or_else(|| "email".to_owned())
                .split_whitespace()
                .filter(|scope| *scope != "openid")
                .map(str::to_owned)
                .collect(),
            email_claim: claim("EFFEKT_OIDC_EMAIL_CLAIM", "email")?,
            role_claim: claim("EFFEKT_OIDC_ROLE_CLAIM", "groups")?,
            roles: RoleMapping::parse(&roles_text).map_err(|error| ConfigError::Invalid {
                name: "EFFEKT_OIDC_ROLES",
                value: format!("{roles_text} ({error})"),
                expected: "entries group=role or group=analyst:organisation number, separated by ;",
            })?,
            first_sign_in: FirstSignIn::parse(&new_users).map_err(|_| ConfigError::Invalid {
                name: "EFFEKT_OIDC_NEW_USERS",
                value: new_users.clone(),
                expected: "create or refuse",
            })?,
            starts_per_minute: starts.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::Invalid {
                    name: "EFFEKT_OIDC_STARTS_PER_MINUTE",
                    value: starts.clone(),
                    expected: "a whole number above 0",
                }
            })?,
            redirect_url,
        }))
    }
}

impl std::fmt::Debug for Config {
    /// Never prints the first administrator's password, nor a password in the database URL.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("database_connections", &self.database_connections)
            .field("site_addr", &self.site_addr)
            .field("site", &self.site)
            .field("catalogue", &self.catalogue)
            .field("demo_data", &self.demo_data)
            .field("demo", &self.demo)
            .field("behind_proxy", &self.behind_proxy)
            .field("public_url", &self.public_url)
            .field("log_json", &self.log_json)
            .field(
                "first_admin",
                &self.first_admin.as_ref().map(|(email, _)| email),
            )
            .field("upload_sweep", &self.upload_sweep)
            .field("reporting", &self.reporting)
            .field("operator", &self.operator)
            .field("open_data_per_minute", &self.open_data_per_minute)
            .field("metrics_addr", &self.metrics_addr)
            .field(
                "smtp",
                &self
                    .smtp
                    .as_ref()
                    .map(|smtp| (redact_url(&smtp.url), smtp.from.to_string())),
            )
            .field("reminder_days", &self.reminder_days)
            .field("mail_sweep", &self.mail_sweep)
            .field("mail_retry", &self.mail_retry)
            .field("oidc", &self.oidc)
            .field("passwords", &self.passwords)
            .finish()
    }
}

impl Config {
    /// Whether people reach Effekt over HTTPS, by its configured public address.
    pub fn public_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// What the sign-in page and the administrators may know of the identity provider.
    pub fn identity_provider(&self) -> Option<IdentityProviderSummary> {
        self.oidc.as_ref().map(|oidc| oidc.summary(self.passwords))
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let text = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.to_owned());
        let site_addr = text("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        let demo_data = text("EFFEKT_DEMO_DATA", "false");
        let behind_proxy = text("EFFEKT_BEHIND_PROXY", "false");
        let log_format = text("EFFEKT_LOG_FORMAT", "text");
        let upload_sweep = text("EFFEKT_UPLOAD_SWEEP_SECONDS", "3600");
        let deadline_days = text(
            "EFFEKT_REPORT_DEADLINE_DAYS",
            &DEFAULT_DEADLINE_DAYS.to_string(),
        );
        let min_reports = text("EFFEKT_MIN_REPORTS", &DEFAULT_MIN_REPORTS.to_string());
        let open_data_per_minute = text("EFFEKT_OPEN_DATA_PER_MINUTE", "60");
        let reminder_days = text("EFFEKT_REMINDER_DAYS", "7");
        let mail_sweep = text("EFFEKT_MAIL_SWEEP_SECONDS", "60");
        let mail_retry = text("EFFEKT_MAIL_RETRY_SECONDS", "30");
        let connections = text(
            "EFFEKT_DB_CONNECTIONS",
            &effekt::store::DEFAULT_CONNECTIONS.to_string(),
        );
        let public_url = lookup("EFFEKT_PUBLIC_URL")
            .map(|url| {
                if url.starts_with("https://") || url.starts_with("http://") {
                    Ok(url)
                } else {
                    Err(ConfigError::Invalid {
                        name: "EFFEKT_PUBLIC_URL",
                        value: url,
                        expected: "an address starting with https:// or http://",
                    })
                }
            })
            .transpose()?;
        let oidc = OidcConfig::from_lookup(&lookup, public_url.as_deref())?;
        let passwords = parse_flag("EFFEKT_PASSWORDS", &text("EFFEKT_PASSWORDS", "true"))?;
        if !passwords && oidc.is_none() {
            return Err(ConfigError::Missing {
                name: "EFFEKT_OIDC_ISSUER",
                because: "EFFEKT_PASSWORDS is false (nobody could sign in)",
            });
        }
        let smtp = smtp(lookup("EFFEKT_SMTP_URL"), lookup("EFFEKT_MAIL_FROM"))?;
        if smtp.is_some() && public_url.is_none() {
            return Err(ConfigError::Missing {
                name: "EFFEKT_PUBLIC_URL",
                because: "EFFEKT_SMTP_URL is set (every mail links to a page there)",
            });
        }
        Ok(Self {
            database_url: text("DATABASE_URL", "sqlite://data/effekt.db"),
            database_connections: connections.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::Invalid {
                    name: "EFFEKT_DB_CONNECTIONS",
                    value: connections.clone(),
                    expected: "a whole number above 0",
                }
            })?,
            site_addr: site_addr.parse().map_err(|_| ConfigError::Invalid {
                name: "LEPTOS_SITE_ADDR",
                value: site_addr.clone(),
                expected: "an address and port such as 127.0.0.1:3000",
            })?,
            site: Source::parse(lookup("LEPTOS_SITE_ROOT")),
            catalogue: Source::parse(lookup("EFFEKT_CATALOGUE")),
            demo_data: parse_flag("EFFEKT_DEMO_DATA", &demo_data)?,
            demo: Source::parse(lookup("EFFEKT_DEMO_FILE")),
            behind_proxy: parse_flag("EFFEKT_BEHIND_PROXY", &behind_proxy)?,
            public_url,
            log_json: match log_format.as_str() {
                "text" => false,
                "json" => true,
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "EFFEKT_LOG_FORMAT",
                        value: log_format,
                        expected: "text or json",
                    });
                }
            },
            first_admin: lookup("EFFEKT_ADMIN_EMAIL").zip(lookup("EFFEKT_ADMIN_PASSWORD")),
            upload_sweep: seconds("EFFEKT_UPLOAD_SWEEP_SECONDS", &upload_sweep)?,
            reporting: reporting_rules(&deadline_days, &min_reports)?,
            operator: operator(
                lookup("EFFEKT_OPERATOR_NAME"),
                lookup("EFFEKT_OPERATOR_CONTACT"),
            )?,
            open_data_per_minute: open_data_per_minute
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "EFFEKT_OPEN_DATA_PER_MINUTE",
                    value: open_data_per_minute.clone(),
                    expected: "a whole number above 0",
                })?,
            metrics_addr: lookup("EFFEKT_METRICS_ADDR")
                .map(|addr| {
                    addr.parse().map_err(|_| ConfigError::Invalid {
                        name: "EFFEKT_METRICS_ADDR",
                        value: addr.clone(),
                        expected: "an address and port such as 127.0.0.1:9090",
                    })
                })
                .transpose()?,
            smtp,
            reminder_days: reminder_days
                .parse()
                .ok()
                .filter(|days| *days <= effekt::MAX_DEADLINE_DAYS)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "EFFEKT_REMINDER_DAYS",
                    value: reminder_days.clone(),
                    expected: "a whole number of days from 0 to 366",
                })?,
            mail_sweep: seconds("EFFEKT_MAIL_SWEEP_SECONDS", &mail_sweep)?,
            mail_retry: seconds("EFFEKT_MAIL_RETRY_SECONDS", &mail_retry)?,
            oidc,
            passwords,
        })
    }
}

/// A whole number of seconds above 0.
fn seconds(name: &'static str, value: &str) -> Result<std::time::Duration, ConfigError> {
    value
        .parse()
        .ok()
        .filter(|seconds| (1..=A_DAY_IN_SECONDS).contains(seconds))
        .map(std::time::Duration::from_secs)
        .ok_or_else(|| ConfigError::Invalid {
            name,
            value: value.to_owned(),
            expected: "a whole number of seconds from 1 to 86400",
        })
}

/// The longest mail sweep or first retry wait: the retry doubles eleven times, and a wait
/// past the calendar's end would stop the mail sender.
const A_DAY_IN_SECONDS: u64 = 86_400;

/// The mail server and sender from their variables: both or neither. A refused address is
/// named without its password.
fn smtp(url: Option<String>, from: Option<String>) -> Result<Option<Smtp>, ConfigError> {
    let Some(url) = url.filter(|url| !url.trim().is_empty()) else {
        return Ok(None);
    };
    let readable = url.starts_with("smtp://") || url.starts_with("smtps://");
    if !readable || lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url).is_err() {
        return Err(ConfigError::Invalid {
            name: "EFFEKT_SMTP_URL",
            value: redact_url(&url),
            expected: "an address such as smtps://user:password@mail.example.se",
        });
    }
    if password_in_clear(&url) {
        return Err(ConfigError::Invalid {
            name: "EFFEKT_SMTP_URL",
            value: redact_url(&url),
            expected: "smtps:// or ?tls=required when a password goes to a server that is not on \
                       this machine",
        });
    }
    let from_text = from.unwrap_or_default();
    let from = from_text.parse().map_err(|_| ConfigError::Invalid {
        name: "EFFEKT_MAIL_FROM",
        value: from_text.clone(),
        expected: "the sender's address, such as Effekt <effekt@myndighet.se>, \
                   needed with EFFEKT_SMTP_URL",
    })?;
    Ok(Some(Smtp { url, from }))
}

/// Whether `url` would send a password unencrypted to a server on another machine: plain
/// `smtp://` with credentials, without `tls=required`, to a host that is not loopback.
fn password_in_clear(url: &str) -> bool {
    let Ok(parsed) = openidconnect::url::Url::parse(url) else {
        return false;
    };
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    parsed.scheme() == "smtp"
        && (!parsed.username().is_empty() || parsed.password().is_some())
        && !parsed
            .query_pairs()
            .any(|(name, value)| name == "tls" && value == "required")
        && !loopback
}

/// The reporting deadline and minimum from their variables' text.
fn reporting_rules(deadline_days: &str, min_reports: &str) -> Result<ReportingRules, ConfigError> {
    let bad_deadline = || ConfigError::Invalid {
        name: "EFFEKT_REPORT_DEADLINE_DAYS",
        value: deadline_days.to_owned(),
        expected: "a whole number of days from 0 to 366",
    };
    let bad_minimum = || ConfigError::Invalid {
        name: "EFFEKT_MIN_REPORTS",
        value: min_reports.to_owned(),
        expected: "a whole number above 0",
    };
    let days = deadline_days.parse().map_err(|_| bad_deadline())?;
    let minimum = min_reports.parse().map_err(|_| bad_minimum())?;
    ReportingRules::new(days, minimum).map_err(|error| match error {
        ReportingRulesError::DeadlineTooLate(_) => bad_deadline(),
        ReportingRulesError::NoReports => bad_minimum(),
    })
}

/// The operator from its variables' text.
fn operator(name: Option<String>, contact: Option<String>) -> Result<Operator, ConfigError> {
    Operator::parse(name.as_deref(), contact.as_deref()).map_err(|error| match error {
        OperatorError::NameTooLong => ConfigError::Invalid {
            name: "EFFEKT_OPERATOR_NAME",
            value: name.unwrap_or_default(),
            expected: "a name of at most 200 characters",
        },
        OperatorError::Contact => ConfigError::Invalid {
            name: "EFFEKT_OPERATOR_CONTACT",
            value: contact.unwrap_or_default(),
            expected: "an e-mail address or an https:// address",
        },
    })
}

fn parse_flag(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(ConfigError::Invalid {
            name,
            value: value.to_owned(),
            expected: "true or false",
        }),
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub(crate) fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_addresses_are_not_shown() {
        assert_eq!(
            redact_url("postgres://effekt:s3cret@db.example/effekt"),
            "postgres://effekt:***@db.example/effekt"
        );
        assert_eq!(redact_url("postgres://effekt@h/e"), "postgres://effekt@h/e");
        assert_eq!(
            redact_url("sqlite://data/effekt.db"),
            "sqlite://data/effekt.db"
        );
    }

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_serve_the_embedded_database_on_port_3000() {
        let config = config(&[]).unwrap();
        assert_eq!(config.database_url, "sqlite://data/effekt.db");
        assert_eq!(config.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_connections, 10);
        assert!(!config.demo_data);
        assert_eq!(config.site, Source::Embedded);
        assert_eq!(config.catalogue, Source::Embedded);
        assert_eq!(config.demo, Source::Embedded);
        assert!(config.first_admin.is_none());
        assert!(!config.public_https());
        assert_eq!(config.reporting, ReportingRules::default());
        assert!(config.smtp.is_none());
        assert_eq!(config.reminder_days, 7);
        assert_eq!(config.mail_sweep, std::time::Duration::from_secs(60));
        assert_eq!(config.mail_retry, std::time::Duration::from_secs(30));
    }

    #[test]
    fn mail_needs_a_server_address_and_a_sender_and_never_shows_the_password() {
        let on = config(&[
            (
                "EFFEKT_SMTP_URL",
                "smtps://effekt:mailsecret@mail.example.se",
            ),
            ("EFFEKT_MAIL_FROM", "Effekt <effekt@example.se>"),
            ("EFFEKT_REMINDER_DAYS", "10"),
            ("EFFEKT_PUBLIC_URL", "https://effekt.example.se"),
        ])
        .unwrap();
        let smtp = on.smtp.as_ref().unwrap();
        assert_eq!(smtp.from.email.to_string(), "effekt@example.se");
        assert_eq!(on.reminder_days, 10);
        let printed = format!("{on:?}");
        assert!(!printed.contains("mailsecret"), "{printed}");
        assert!(printed.contains("effekt:***@mail.example.se"), "{printed}");

        let error = config(&[("EFFEKT_SMTP_URL", "smtp://127.0.0.1:2525")]).unwrap_err();
        assert!(error.to_string().contains("EFFEKT_MAIL_FROM"), "{error}");
        let error = config(&[
            ("EFFEKT_SMTP_URL", "https://user:pw@mail.example.se"),
            ("EFFEKT_MAIL_FROM", "effekt@example.se"),
        ])
        .unwrap_err();
        assert!(error.to_string().contains("EFFEKT_SMTP_URL"), "{error}");
        assert!(!error.to_string().contains(":pw@"), "{error}");
        let mail = |url: &str| {
            config(&[
                ("EFFEKT_SMTP_URL", url),
                ("EFFEKT_MAIL_FROM", "effekt@example.se"),
                ("EFFEKT_PUBLIC_URL", "https://effekt.example.se"),
            ])
        };
        for in_clear in ["smtp://u:pw@mail.example.se:25", "smtp://u@mail.example.se"] {
            let error = mail(in_clear).unwrap_err();
            assert!(
                error.to_string().contains("tls=required"),
                "{in_clear}: {error}"
            );
            assert!(!error.to_string().contains(":pw@"), "{error}");
        }
        for fine in [
            "smtp://u:pw@mail.example.se:587?tls=required",
            "smtps://u:pw@mail.example.se",
            "smtp://u:pw@127.0.0.1:25",
            "smtp://mail.example.se:25",
        ] {
            assert!(mail(fine).is_ok(), "{fine}");
        }
        let error = config(&[
            ("EFFEKT_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("EFFEKT_MAIL_FROM", "effekt@example.se"),
        ])
        .unwrap_err();
        assert!(error.to_string().contains("EFFEKT_PUBLIC_URL"), "{error}");
        for (name, bad) in [
            ("EFFEKT_REMINDER_DAYS", "367"),
            ("EFFEKT_REMINDER_DAYS", "soon"),
            ("EFFEKT_MAIL_SWEEP_SECONDS", "0"),
            ("EFFEKT_MAIL_RETRY_SECONDS", "-1"),
            ("EFFEKT_MAIL_RETRY_SECONDS", "86401"),
            ("EFFEKT_MAIL_RETRY_SECONDS", "1000000000000"),
        ] {
            let error = config(&[(name, bad)]).unwrap_err();
            assert!(error.to_string().contains(name), "{name}={bad}");
        }
    }

    #[test]
    fn open_data_requests_per_minute_are_60_unless_set_to_a_number_above_0() {
        assert_eq!(config(&[]).unwrap().open_data_per_minute, 60);
        let set = config(&[("EFFEKT_OPEN_DATA_PER_MINUTE", "5")]).unwrap();
        assert_eq!(set.open_data_per_minute, 5);
        for bad in ["0", "-1", "many", ""] {
            let error = config(&[("EFFEKT_OPEN_DATA_PER_MINUTE", bad)]).unwrap_err();
            assert!(
                error.to_string().contains("EFFEKT_OPEN_DATA_PER_MINUTE"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn metrics_are_served_only_on_an_address_given_for_them() {
        assert_eq!(config(&[]).unwrap().metrics_addr, None);
        let set = config(&[("EFFEKT_METRICS_ADDR", "127.0.0.1:9464")]).unwrap();
        assert_eq!(set.metrics_addr, Some("127.0.0.1:9464".parse().unwrap()));
        for bad in ["9464", "localhost:9464", ""] {
            let error = config(&[("EFFEKT_METRICS_ADDR", bad)]).unwrap_err();
            assert!(error.to_string().contains("EFFEKT_METRICS_ADDR"), "{bad:?}");
        }
    }

    #[test]
    fn the_operator_is_named_by_whoever_runs_it_and_its_contact_checked() {
        assert_eq!(config(&[]).unwrap().operator, Operator::default());
        let chosen = config(&[
            ("EFFEKT_OPERATOR_NAME", "Kammarkollegiet"),
            ("EFFEKT_OPERATOR_CONTACT", "https://example.se/kontakt"),
        ])
        .unwrap();
        assert_eq!(chosen.operator.name(), Some("Kammarkollegiet"));
        let error = config(&[("EFFEKT_OPERATOR_CONTACT", "ring oss")]).unwrap_err();
        assert!(error.to_string().contains("EFFEKT_OPERATOR_CONTACT"));
    }

    #[test]
    fn the_reporting_deadline_and_minimum_are_read_and_checked() {
        let chosen = config(&[
            ("EFFEKT_REPORT_DEADLINE_DAYS", "30"),
            ("EFFEKT_MIN_REPORTS", "5"),
        ])
        .unwrap();
        assert_eq!(chosen.reporting, ReportingRules::new(30, 5).unwrap());
        for days in ["-1", "367", "soon", ""] {
            let error = config(&[("EFFEKT_REPORT_DEADLINE_DAYS", days)]).unwrap_err();
            assert!(
                error.to_string().contains("EFFEKT_REPORT_DEADLINE_DAYS"),
                "{days}"
            );
        }
        for minimum in ["0", "-3", "few"] {
            let error = config(&[("EFFEKT_MIN_REPORTS", minimum)]).unwrap_err();
            assert!(
                error.to_string().contains("EFFEKT_MIN_REPORTS"),
                "{minimum}"
            );
        }
    }

    #[test]
    fn an_https_public_address_means_every_request_is_https() {
        assert!(
            config(&[("EFFEKT_PUBLIC_URL", "https://effekt.example.se")])
                .unwrap()
                .public_https()
        );
        assert!(
            !config(&[("EFFEKT_PUBLIC_URL", "http://localhost:3000")])
                .unwrap()
                .public_https()
        );
    }

    #[test]
    fn values_from_the_environment_win() {
        let config = config(&[
            ("DATABASE_URL", "postgres://effekt:pw@localhost/effekt"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("EFFEKT_DEMO_DATA", "true"),
            ("EFFEKT_DB_CONNECTIONS", "40"),
            ("EFFEKT_ADMIN_EMAIL", "admin@example.se"),
            ("EFFEKT_ADMIN_PASSWORD", "ett långt lösenord"),
            ("LEPTOS_SITE_ROOT", "/srv/effekt/site"),
            ("EFFEKT_CATALOGUE", "/etc/effekt/measures.toml"),
            ("EFFEKT_DEMO_FILE", "demo.toml"),
        ])
        .unwrap();
        assert_eq!(config.site, Source::Disk("/srv/effekt/site".into()));
        assert_eq!(
            config.catalogue,
            Source::Disk("/etc/effekt/measures.toml".into())
        );
        assert_eq!(config.demo, Source::Disk("demo.toml".into()));
        assert_eq!(config.site_addr.port(), 8080);
        assert_eq!(config.database_connections, 40);
        assert!(config.demo_data);
        assert_eq!(
            config.first_admin,
            Some(("admin@example.se".into(), "ett långt lösenord".into()))
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let error = config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert!(error.to_string().contains("LEPTOS_SITE_ADDR"));
        let error = config(&[("EFFEKT_DEMO_DATA", "maybe")]).unwrap_err();
        assert!(error.to_string().contains("EFFEKT_DEMO_DATA"));
        let error = config(&[("EFFEKT_LOG_FORMAT", "xml")]).unwrap_err();
        assert!(error.to_string().contains("EFFEKT_LOG_FORMAT"));
        let error = config(&[("EFFEKT_PUBLIC_URL", "effekt.example.se")]).unwrap_err();
        assert!(error.to_string().contains("EFFEKT_PUBLIC_URL"));
        for connections in ["0", "-1", "many"] {
            let error = config(&[("EFFEKT_DB_CONNECTIONS", connections)]).unwrap_err();
            assert!(error.to_string().contains("EFFEKT_DB_CONNECTIONS"));
        }
    }

    const OIDC: &[(&str, &str)] = &[
        ("EFFEKT_PUBLIC_URL", "https://effekt.example.se/"),
        (
            "EFFEKT_OIDC_ISSUER",
            "https://login.example.se/realms/myndighet",
        ),
        ("EFFEKT_OIDC_CLIENT_ID", "effekt"),
        ("EFFEKT_OIDC_CLIENT_SECRET", "oidcsecret"),
        (
            "EFFEKT_OIDC_ROLES",
            "effekt-admins=admin;effekt-analys=analyst:202100-5448",
        ),
    ];

    fn with_oidc(extra: &[(&'static str, &'static str)]) -> Result<Config, ConfigError> {
        let mut pairs: Vec<(&str, &str)> = extra.to_vec();
        pairs.extend_from_slice(OIDC);
        config(&pairs)
    }

    #[test]
    fn no_issuer_means_no_identity_provider_and_passwords_on() {
        let config = config(&[]).unwrap();
        assert!(config.oidc.is_none());
        assert!(config.identity_provider().is_none());
        assert!(config.passwords);
    }

    #[test]
    fn an_identity_provider_is_read_with_its_defaults() {
        let config = with_oidc(&[]).unwrap();
        let oidc = config.oidc.as_ref().unwrap();
        assert_eq!(
            oidc.issuer.as_str(),
            "https://login.example.se/realms/myndighet"
        );
        assert_eq!(
            oidc.redirect_url.as_str(),
            "https://effekt.example.se/auth/oidc/callback"
        );
        assert_eq!(oidc.name, "login.example.se");
        assert_eq!(oidc.scopes, vec!["email".to_owned()]);
        let summary = config.identity_provider().unwrap();
        assert_eq!(summary.client_id, "effekt");
        assert_eq!(summary.email_claim, "email");
        assert_eq!(summary.role_claim, "groups");
        assert_eq!(summary.first_sign_in, FirstSignIn::Create);
        assert!(summary.passwords);
        assert_eq!(
            summary.roles.to_string(),
            "effekt-admins=admin;effekt-analys=analyst:202100-5448"
        );
    }

    #[test]
    fn an_identity_provider_is_configured_in_full() {
        let config = with_oidc(&[
            ("EFFEKT_OIDC_NAME", "Myndighetens inloggning"),
            ("EFFEKT_OIDC_SCOPES", "openid email groups"),
            ("EFFEKT_OIDC_EMAIL_CLAIM", "upn"),
            ("EFFEKT_OIDC_ROLE_CLAIM", "roles"),
            ("EFFEKT_OIDC_NEW_USERS", "refuse"),
            ("EFFEKT_PASSWORDS", "false"),
        ])
        .unwrap();
        let oidc = config.oidc.as_ref().unwrap();
        assert_eq!(oidc.name, "Myndighetens inloggning");
        assert_eq!(oidc.scopes, vec!["email".to_owned(), "groups".to_owned()]);
        let summary = config.identity_provider().unwrap();
        assert_eq!(
            (summary.email_claim.as_str(), summary.role_claim.as_str()),
            ("upn", "roles")
        );
        assert_eq!(summary.first_sign_in, FirstSignIn::Refuse);
        assert!(!summary.passwords);
        assert!(!config.passwords);
        assert_eq!(oidc.starts_per_minute, 600, "an agency behind one address");
        let fewer = with_oidc(&[("EFFEKT_OIDC_STARTS_PER_MINUTE", "30")]).unwrap();
        assert_eq!(fewer.oidc.unwrap().starts_per_minute, 30);
    }

    #[test]
    fn a_half_configured_identity_provider_is_refused_with_the_variable_named() {
        for missing in [
            "EFFEKT_PUBLIC_URL",
            "EFFEKT_OIDC_CLIENT_ID",
            "EFFEKT_OIDC_CLIENT_SECRET",
            "EFFEKT_OIDC_ROLES",
        ] {
            let pairs: Vec<(&str, &str)> = OIDC
                .iter()
                .copied()
                .filter(|(n, _)| *n != missing)
                .collect();
            let error = config(&pairs).unwrap_err();
            assert!(error.to_string().contains(missing), "{missing}: {error}");
        }
        for (name, bad) in [
            ("EFFEKT_OIDC_ISSUER", "login.example.se"),
            ("EFFEKT_OIDC_ISSUER", "http://login.example.se"),
            ("EFFEKT_OIDC_ROLES", "effekt-analys=analyst"),
            ("EFFEKT_OIDC_NEW_USERS", "maybe"),
            ("EFFEKT_OIDC_ROLE_CLAIM", "two words"),
            ("EFFEKT_OIDC_STARTS_PER_MINUTE", "0"),
        ] {
            let mut pairs: Vec<(&str, &str)> =
                OIDC.iter().copied().filter(|(n, _)| *n != name).collect();
            pairs.push((name, bad));
            let error = config(&pairs).unwrap_err();
            assert!(error.to_string().contains(name), "{name}: {error}");
        }
        let error = config(&[("EFFEKT_PASSWORDS", "false")]).unwrap_err();
        assert!(error.to_string().contains("EFFEKT_OIDC_ISSUER"), "{error}");
    }

    #[test]
    fn a_plain_http_issuer_is_only_accepted_on_loopback() {
        for loopback in ["http://127.0.0.1:8080", "http://localhost:8080/realms/test"] {
            let config = with_oidc(&[("EFFEKT_OIDC_ISSUER", loopback)]).unwrap();
            assert_eq!(config.oidc.unwrap().issuer.as_str(), loopback);
        }
    }

    #[test]
    fn the_client_secret_never_shows() {
        let config = with_oidc(&[]).unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("oidcsecret"), "{printed}");
        assert!(printed.contains("login.example.se"), "{printed}");
        let summary = format!("{:?}", config.identity_provider());
        assert!(!summary.contains("oidcsecret"), "{summary}");
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let config = config(&[(
            "DATABASE_URL",
            "postgres://effekt:dbsecret@localhost/effekt",
        )])
        .unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("dbsecret"), "{printed}");
        assert!(printed.contains("effekt:***@localhost"), "{printed}");
    }
}
