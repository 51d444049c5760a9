//! Building the application: everything `main` and the tests start.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::serve::ListenerExt;
use effekt::analytics::Analytics;
use effekt::store::{Actor, LoginThrottle, Store, StoreError};
use effekt::{Catalogue, Email, NewPassword, Role, User};
use effekt_app::{App, shell};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::config::Config;
use crate::demo::{self, DemoLoadError};
use crate::middleware::{identify, require_sign_in, same_origin, security_headers};
use crate::oidc::{self, IdentityProvider};
use crate::rate_limit::RateLimit;
use crate::request_id::{RandomRequestId, request_span};
use crate::state::AppState;
use crate::{api, assets, display, health, upload};

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
}

impl Application {
    /// Reads the catalogue, opens (and migrates) the database, loads demo data if asked, and
    /// binds the listener; a `site_addr` with port 0 gets a free port.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        tracing::info!(?config, "starting Effekt");
        let (store, catalogue) = open(&config).await?;
        if let Some((email, password)) = &config.first_admin {
            create_first_admin(&store, email, password).await?;
        }
        if config.demo_data {
            demo::load_if_empty(&store, &catalogue, &config.demo_path).await?;
        }
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|source| StartupError::Bind {
                addr: config.site_addr.to_string(),
                source,
            })?;
        let leptos_options = LeptosOptions::builder()
            .output_name("effekt")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir(assets::pkg_dir(&config.site_root))
            .site_addr(config.site_addr)
            .build();
        let analytics = Arc::new(Analytics::new(store.clone(), &catalogue));
        let identity_provider = config
            .oidc
            .clone()
            .map(IdentityProvider::new)
            .transpose()?
            .map(Arc::new);
        let state = AppState {
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
        Ok(Self {
            listener,
            router: router(state),
            store,
            upload_sweep: config.upload_sweep,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight. Meanwhile
    /// uploaded files that waited longer than a day are forgotten.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(port = self.port(), "listening");
        let sweeper = tokio::spawn(upload::forget_expired(self.store, self.upload_sweep));
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
        let served = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        sweeper.abort();
        served
    }
}

/// Reads the catalogue and opens (and migrates) the database: what every command needs.
pub async fn open(config: &Config) -> Result<(Store, Arc<Catalogue>), StartupError> {
    let catalogue_text = std::fs::read_to_string(&config.catalogue_path).map_err(|source| {
        StartupError::ReadCatalogue {
            path: config.catalogue_path.display().to_string(),
            source,
        }
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

/// Where the JSON API lives.
const API_PREFIX: &str = "/api/v1";
/// The health check, described with the API.
const HEALTH_PATH: &str = "/healthz";

/// Every path the OpenAPI description must describe: the health check and the JSON API's.
pub fn api_paths() -> Vec<String> {
    std::iter::once(HEALTH_PATH.to_owned())
        .chain(
            api::paths()
                .into_iter()
                .map(|path| format!("{API_PREFIX}{path}")),
        )
        .collect()
}

fn router(state: AppState) -> Router {
    let routes = page_routes();
    let pages_state = state.for_pages();
    let options = state.leptos_options.clone();
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    Router::new()
        .route(HEALTH_PATH, get(health::healthz))
        .route(
            "/import/upload",
            axum::routing::post(upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(api::IMPORT_LIMIT)),
        )
        .route(effekt::DISPLAY_OPEN_PATH, get(display::open))
        .route(oidc::START_PATH, get(oidc::start))
        .route(oidc::CALLBACK_PATH, get(oidc::callback))
        .nest(API_PREFIX, api::router())
        .nest_service("/pkg", assets::service(&site_root))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(pages_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
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
        .with_state(state)
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
