//! Building the application: everything `main` and the tests start.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use effekt::analytics::Analytics;
use effekt::store::{Actor, LoginThrottle, Store, StoreError};
use effekt::{Catalogue, Email, NewPassword, Role, User};
use effekt_app::{App, routes, shell};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::config::Config;
use crate::demo::{self, DemoLoadError};
use crate::mail::Sender;
use crate::metrics::{self, Metrics};
use crate::middleware::{identify, require_sign_in, same_origin, security_headers};
use crate::oidc::{self, IdentityProvider};
use crate::rate_limit::RateLimit;
use crate::request_id::{RandomRequestId, request_span};
use crate::source::Source;
use crate::state::ServerState;
use crate::{api, assets, display, health, measure_chart, upload};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot read the measure catalogue {path}: {source}")]
    ReadCatalogue {
        path: String,
        source: std::io::Error,
    },
    #[error("the measure catalogue is not valid: {0}")]
    Catalogue(#[from] effekt::CatalogueError),
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("cannot load the demo data: {0}")]
    Demo(#[from] DemoLoadError),
    #[error("EFFEKT_ADMIN_EMAIL or EFFEKT_ADMIN_PASSWORD is not valid: {0}")]
    FirstAdmin(String),
    #[error(
        "this binary carries no browser bundle: build it after `scripts/build-site --release`, \
         or name a built site in LEPTOS_SITE_ROOT"
    )]
    NoBundle,
    #[error("cannot use the mail server: {0}")]
    Mail(#[from] lettre::transport::smtp::Error),
    #[error("cannot prepare sign-in through the identity provider: {0}")]
    IdentityProvider(#[from] crate::oidc::ProviderError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// A built application, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    store: Store,
    upload_sweep: std::time::Duration,
    /// `GET /metrics` and where it is served, when `EFFEKT_METRICS_ADDR` is set.
    metrics: Option<(TcpListener, Router)>,
    /// Delivers mail while the server runs, when there is a mail server.
    mail: Option<MailTask>,
}

/// The mail sender with what it runs on.
struct MailTask {
    sender: Sender,
    rules: effekt::ReportingRules,
    reminder_days: u16,
    sweep: std::time::Duration,
}

impl Application {
    /// Reads the catalogue, opens (and migrates) the database, loads demo data if asked, and
    /// binds the listener; a `site_addr` with port 0 gets a free port.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        tracing::info!(?config, "starting Effekt");
        // A folder on disk may be built after the server starts; the embedded one never is.
        if config.site == Source::Embedded && !assets::has_embedded_bundle() {
            return Err(StartupError::NoBundle);
        }
        let (store, catalogue) = open(&config).await?;
        let metrics = config.metrics_addr.map(|_| Arc::new(Metrics::new()));
        let store = match &metrics {
            Some(metrics) => store.observed_by(metrics.clone()),
            None => store,
        };
        let store = store.sending_mail(config.smtp.is_some());
        let mail = config
            .smtp
            .as_ref()
            .map(|smtp| {
                Sender::new(smtp, config.public_url.as_deref(), config.mail_retry).map(|sender| {
                    MailTask {
                        sender,
                        rules: config.reporting,
                        reminder_days: config.reminder_days,
                        sweep: config.mail_sweep,
                    }
                })
            })
            .transpose()?;
        if let Some((email, password)) = &config.first_admin {
            create_first_admin(&store, email, password).await?;
        }
        if config.demo_data {
            demo::load_if_empty(&store, &catalogue, &config.demo).await?;
        }
        let listener = bind(config.site_addr).await?;
        let leptos_options = LeptosOptions::builder()
            .output_name("effekt")
            .site_pkg_dir(assets::pkg_dir(&config.site))
            .site_addr(config.site_addr)
            .build();
        let analytics = Arc::new(Analytics::new(store.clone(), &catalogue));
        let identity_provider = config
            .oidc
            .clone()
            .map(IdentityProvider::new)
            .transpose()?
            .map(Arc::new);
        let state = ServerState {
            store: store.clone(),
            catalogue,
            throttle: LoginThrottle::default(),
            analytics,
            leptos_options,
            behind_proxy: config.behind_proxy,
            public_https: config.public_https(),
            reporting: config.reporting,
            operator: config.operator.clone(),
            open_data_limit: Arc::new(RateLimit::per_minute(config.open_data_per_minute)),
            identity_provider,
            identity_provider_summary: config.identity_provider(),
        };
        let mut router = router(state, &config.site);
        let metrics = match (config.metrics_addr, metrics) {
            (Some(addr), Some(metrics)) => {
                router = router.layer(from_fn_with_state(metrics.clone(), metrics::record));
                Some((bind(addr).await?, metrics::router(metrics, store.clone())))
            }
            _ => None,
        };
        Ok(Self {
            listener,
            router,
            store,
            upload_sweep: config.upload_sweep,
            metrics,
            mail,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The port `GET /metrics` is served on, when it is.
    pub fn metrics_port(&self) -> Option<u16> {
        let (listener, _) = self.metrics.as_ref()?;
        listener.local_addr().map(|a| a.port()).ok()
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight. Meanwhile
    /// uploaded files that waited longer than a day are forgotten, and mail is delivered.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(port = self.port(), "listening");
        // What runs beside the server stops with it, also when this future is dropped instead
        // of ending (a test letting go of its server): a `JoinSet` aborts its tasks when it is
        // dropped, and with them go their handles on the database's connections.
        let mut beside = JoinSet::new();
        if let Some(task) = self.mail {
            beside.spawn(task.sender.run(
                self.store.clone(),
                task.rules,
                task.reminder_days,
                task.sweep,
            ));
        }
        beside.spawn(upload::forget_expired(self.store, self.upload_sweep));
        if let Some((listener, router)) = self.metrics {
            beside.spawn(async move {
                if let Err(error) = axum::serve(listener, router).await {
                    tracing::error!(%error, "the metrics address stopped serving");
                }
            });
        }
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Every response is written as soon as it is ready: with Nagle's algorithm a small
        // response written in more than one segment waits for the client's delayed
        // acknowledgement (up to 40 ms), which is where a 239-byte file's 30 ms went with the
        // CPU idle (issue #19, the static-file row of `scripts/bench`).
        let listener = self.listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "TCP_NODELAY could not be set on a connection");
            }
        });
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind {
            addr: addr.to_string(),
            source,
        })
}

/// Reads the catalogue and opens (and migrates) the database: what every command needs.
pub async fn open(config: &Config) -> Result<(Store, Arc<Catalogue>), StartupError> {
    let catalogue_text = config
        .catalogue
        .read_to_string(effekt::SHIPPED_CATALOGUE)
        .map_err(|error| StartupError::ReadCatalogue {
            path: config.catalogue.to_string(),
            source: error,
        })?;
    let catalogue = Arc::new(Catalogue::from_toml(&catalogue_text)?);
    let store = Store::connect_pooled(&config.database_url, config.database_connections).await?;
    Ok((store, catalogue))
}

/// The page routes, found once per process. Leptos finds them by running the app with resource
/// loading switched off for the whole process (leptos issue #4773): a page that another server
/// in the same process renders meanwhile, as the integration tests run several, would wait
/// forever for its data.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every path the OpenAPI description must describe: the health check and the JSON API's.
pub fn api_paths() -> Vec<String> {
    std::iter::once(health::HEALTH_PATH.to_owned())
        .chain(
            api::paths()
                .into_iter()
                .map(|path| format!("{}{path}", routes::API)),
        )
        .collect()
}

fn router(state: ServerState, site: &Source) -> Router {
    let pages = page_routes();
    let pages_state = state.for_pages();
    let options = state.leptos_options.clone();
    Router::new()
        .route(health::HEALTH_PATH, get(health::healthz))
        .route(
            routes::IMPORT_UPLOAD,
            axum::routing::post(upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(api::IMPORT_LIMIT)),
        )
        .route(effekt::DISPLAY_OPEN_PATH, get(display::open))
        .route(routes::OIDC_START, get(oidc::start))
        .route(routes::OIDC_CALLBACK, get(oidc::callback))
        .route(&measure_chart::route(), get(measure_chart::chart))
        .nest(routes::API, api::router())
        .leptos_routes_with_context(
            &state,
            pages,
            move || provide_context(pages_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(not_found)
        // Layers run bottom-up on the way in: identify, then require sign-in, then the
        // same-origin check for writes.
        .layer(from_fn(same_origin::same_origin))
        .layer(from_fn(require_sign_in::require_sign_in))
        .layer(from_fn_with_state(state.clone(), identify::identify))
        .layer(from_fn(security_headers::security_headers))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                api::ApiError::Internal("a request handler panicked".to_owned()).into_response()
            },
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
        .layer(from_fn_with_state(site.clone(), assets::site_first))
        .with_state(state)
}

/// The page that says there is no such page (files were looked for by `assets::site_first`).
async fn not_found(State(state): State<ServerState>, request: Request<Body>) -> Response {
    let options = state.leptos_options.clone();
    let page = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    let mut response = page(request).await;
    // The router's fallback says 404 itself; a page that redirects keeps its status.
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// Creates the administrator named in the configuration when nobody can sign in yet.
async fn create_first_admin(
    store: &Store,
    email: &str,
    password: &str,
) -> Result<(), StartupError> {
    if store.has_users().await? {
        return Ok(());
    }
    let email = Email::parse(email).map_err(|e| StartupError::FirstAdmin(e.to_string()))?;
    let password =
        NewPassword::parse(password).map_err(|e| StartupError::FirstAdmin(e.to_string()))?;
    let admin =
        User::new(email, Role::Admin, None).map_err(|e| StartupError::FirstAdmin(e.to_string()))?;
    store
        .create_user(&admin, &password, &Actor::System("first-admin"))
        .await?;
    tracing::info!(email = %admin.email, "created the first administrator");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::{api_paths, routes};

    /// The API's addresses that pages link to and the public list names, written in the app's
    /// route table, are the ones the API router answers.
    #[test]
    fn the_route_tables_api_addresses_are_routed() {
        let routed = api_paths();
        for address in routes::API_ADDRESSES {
            assert!(routed.iter().any(|path| path == address), "{address}");
        }
    }
}
