//! Effekt's server: routes, the JSON API and start-up. `main` only starts what
//! [`Application::build`] puts together, and so do the tests, on port 0 with a fresh database.

mod api;
mod assets;
pub mod cli;
pub mod config;
mod csv_export;
mod demo;
mod display;
pub mod generate;
mod health;
mod mail;
mod measure_chart;
mod metrics;
mod middleware;
mod oidc;
mod rate_limit;
mod request_id;
pub mod source;
mod startup;
mod state;
mod upload;

pub use config::Config;
pub use source::Source;
pub use startup::{Application, StartupError, api_paths, open};
