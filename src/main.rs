//! The `felt` binary: parses the command line, sets up logging, runs the server.

use clap::{Parser, Subcommand};
use felt::config::Settings;
use felt::startup::Application;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "felt",
    version,
    about = "A venue server for live poker tournaments"
)]
struct Cli {
    /// A settings file layered over config/default.toml.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Where the database lives (overrides data.dir).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Address and port to listen on (overrides server.bind).
    #[arg(long, global = true)]
    bind: Option<SocketAddr>,
    /// Create a sample tournament with a running clock if there is none.
    #[arg(long, global = true)]
    demo: bool,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Serve the venue (the default).
    Serve,
    /// Write a consistent copy of the database to FILE, even while the server runs.
    Backup { file: PathBuf },
    /// Check FILE and put it in place of the database (the server must be stopped); the
    /// replaced database is kept beside it.
    Restore { file: PathBuf },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut settings = Settings::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        settings.data.dir = dir;
    }
    if let Some(bind) = cli.bind {
        settings.server.bind = bind;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&settings.log.filter))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let system = actix_web::rt::System::new();
    match cli.command.unwrap_or(Cmd::Serve) {
        Cmd::Serve => system.block_on(serve(settings, cli.demo)),
        Cmd::Backup { file } => system.block_on(felt::backup::backup(&settings, &file)),
        Cmd::Restore { file } => system
            .block_on(felt::backup::restore(&settings, &file))
            .map(|_| ()),
    }
}

async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    let app = Application::build(settings, demo).await?;
    for url in app.urls() {
        match app.demo {
            Some(id) => tracing::info!("open {url}/ (venue) or {url}/tv/{id} (TV clock)"),
            None => tracing::info!("open {url}/ (venue and TV links)"),
        }
    }
    app.run_until_stopped().await
}
