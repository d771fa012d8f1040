//! The `felt` binary: parses the command line, sets up logging, runs the server.

use clap::{Parser, Subcommand};
use felt::auth::Role;
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
    /// Manage operators (the server must be stopped; while it runs, use /api/v1/staff).
    Staff {
        #[command(subcommand)]
        action: StaffCmd,
    },
    /// The token signing key.
    Keys {
        #[command(subcommand)]
        action: KeysCmd,
    },
}

#[derive(Subcommand, Debug)]
enum StaffCmd {
    /// Add an operator; prints a generated PIN once, or reads one from stdin.
    Add {
        name: String,
        /// admin, floor or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the PIN or password from standard input instead of generating one.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// List operators with their role.
    List,
    /// Give an operator a new PIN (printed once), or read it from stdin.
    ResetPin {
        name: String,
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Stop an operator from logging in; their tokens are refused.
    Disable { name: String },
    /// Let a disabled operator log in again.
    Enable { name: String },
}

#[derive(Subcommand, Debug)]
enum KeysCmd {
    /// A new signing key: every token issued so far is refused (everyone logs in again).
    Rotate,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("`{text}`: admin, floor or viewer"))
}

fn read_pin(from_stdin: bool) -> anyhow::Result<Option<String>> {
    if !from_stdin {
        return Ok(None);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()))
}

// The command line's answers go to stdout: that is their whole point.
#[allow(clippy::print_stdout)]
fn staff(settings: &Settings, action: StaffCmd) -> anyhow::Result<()> {
    use felt::auth::cli;
    let system = actix_web::rt::System::new();
    match action {
        StaffCmd::Add {
            name,
            role,
            pin_stdin,
        } => {
            let pin = read_pin(pin_stdin)?;
            match system.block_on(cli::add(settings, &name, role, pin))? {
                Some(pin) => println!("added {name} ({role}); PIN: {pin} (shown once)"),
                None => println!("added {name} ({role})"),
            }
        }
        StaffCmd::List => {
            for m in system.block_on(cli::list(settings))? {
                let state = if m.disabled { "disabled" } else { "active" };
                println!("{:<24} {:<7} {state}", m.name, m.role.as_str());
            }
        }
        StaffCmd::ResetPin { name, pin_stdin } => {
            let pin = read_pin(pin_stdin)?;
            match system.block_on(cli::reset_pin(settings, &name, pin))? {
                Some(pin) => println!("new PIN for {name}: {pin} (shown once)"),
                None => println!("PIN of {name} changed"),
            }
        }
        StaffCmd::Disable { name } => {
            system.block_on(cli::set_disabled(settings, &name, true))?;
            println!("{name} disabled");
        }
        StaffCmd::Enable { name } => {
            system.block_on(cli::set_disabled(settings, &name, false))?;
            println!("{name} enabled");
        }
    }
    Ok(())
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
    let command = cli.command.unwrap_or(Cmd::Serve);
    let command = match command {
        Cmd::Staff { action } => return staff(&settings, action),
        Cmd::Keys {
            action: KeysCmd::Rotate,
        } => {
            let system = actix_web::rt::System::new();
            let generation = system.block_on(felt::auth::cli::rotate_keys(&settings))?;
            tracing::warn!(
                generation,
                "signing key rotated: every token issued before is refused"
            );
            return Ok(());
        }
        other => other,
    };
    let system = actix_web::rt::System::new();
    match command {
        Cmd::Serve => system.block_on(serve(settings, cli.demo)),
        Cmd::Backup { file } => system.block_on(felt::backup::backup(&settings, &file)),
        Cmd::Restore { file } => system
            .block_on(felt::backup::restore(&settings, &file))
            .map(|_| ()),
        Cmd::Staff { .. } | Cmd::Keys { .. } => Ok(()),
    }
}

async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    let app = Application::build(settings, demo).await?;
    if let Some(first) = &app.first_admin {
        show_first_admin(first);
    }
    for url in app.urls() {
        match app.demo {
            Some(id) => tracing::info!("open {url}/ (venue) or {url}/tv/{id} (TV clock)"),
            None => tracing::info!("open {url}/ (venue and TV links)"),
        }
    }
    app.run_until_stopped().await
}

/// The one-time PIN of the first admin, on the console only (never in the log).
#[allow(clippy::print_stderr)]
fn show_first_admin(first: &felt::auth::NewCredentials) {
    eprintln!(
        "\n  First start: created the operator `{name}` (role admin) with the PIN {pin}\n  \
         It is shown this once. Log in on the venue page, then change it:\n  \
         POST /api/v1/staff/{name}/pin while the server runs, or `felt staff reset-pin {name}`\n  \
         with the server stopped. Add staff with `felt staff add NAME --role floor`.\n",
        name = first.name,
        pin = first.pin
    );
}
