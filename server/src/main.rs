use std::process::ExitCode;

use effekt_server::cli::{self, Command};
use effekt_server::{Application, Config};
use tracing_subscriber::EnvFilter;

/// mimalloc rather than glibc's malloc: rendering a page allocates and frees thousands of small
/// strings across the runtime's threads, and glibc's allocator was a fifth of the measure page's
/// CPU (BENCHMARKS.md, "mimalloc": pages about 1.5 times as many a second).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // The arguments first: help, the version and a mistake in them need no configuration.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match Command::parse(&args) {
        Ok(command) => command,
        Err(usage) => {
            return ExitCode::from(usage.report(&mut std::io::stdout(), &mut std::io::stderr()));
        }
    };
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("effekt: {error}");
            return ExitCode::FAILURE;
        }
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr);
    if config.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    if command != Command::Serve {
        let ok = cli::run(
            command,
            &config,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        )
        .await;
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "start-up failed");
            return ExitCode::FAILURE;
        }
    };
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}
