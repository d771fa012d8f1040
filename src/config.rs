//! The typed settings: config/default.toml (embedded, so the binary runs from anywhere),
//! then an optional file, then `FELT_SECTION__KEY` environment variables. Command-line
//! flags are applied last by `main`.

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The defaults, documented key by key.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub data: DataSettings,
    pub backup: BackupSettings,
    pub tournaments: TournamentSettings,
    pub ws: WsSettings,
    pub log: LogSettings,
    pub auth: AuthSettings,
    pub public: PublicSettings,
    pub cors: CorsSettings,
    pub screens: ScreenSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub token_hours: u32,
    pub max_failures: u32,
    pub lockout_secs: u64,
    pub max_lockout_secs: u64,
    pub min_pin_len: usize,
    /// How long a paired screen's token lasts, in days (revoking it ends it sooner).
    pub screen_token_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenSettings {
    /// How long a pairing code shown on a TV stays valid, in seconds.
    pub pairing_code_secs: u64,
    /// Pairing codes one client address may ask for per minute.
    pub pairings_per_minute: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicSettings {
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorsSettings {
    pub allowed_origins: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub bind: SocketAddr,
    pub workers: usize,
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    pub body_limit_bytes: usize,
    /// Deepest nesting of arrays and objects accepted in a JSON body or websocket frame.
    pub max_json_depth: usize,
    pub request_timeout_secs: u64,
    pub shutdown_timeout_secs: u64,
    /// PEM certificate chain and private key; both empty: plain HTTP.
    pub tls_cert: PathBuf,
    pub tls_key: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSettings {
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSettings {
    pub every_secs: u64,
    pub dir: PathBuf,
    pub keep: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TournamentSettings {
    pub snapshot_every: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WsSettings {
    pub max_sessions: usize,
    pub outbox_frames: usize,
    pub max_frame_bytes: usize,
    pub max_frames_per_sec: u32,
    pub max_sessions_per_ip: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub filter: String,
}

impl Settings {
    /// Reads the layers in order; a later layer wins.
    pub fn load(file: Option<&Path>) -> Result<Settings, Box<figment::Error>> {
        let mut figment = Figment::from(Toml::string(DEFAULT_TOML));
        if let Some(path) = file {
            if !path.exists() {
                return Err(Box::new(figment::Error::from(format!(
                    "config file {} does not exist",
                    path.display()
                ))));
            }
            figment = figment.merge(Toml::file(path));
        }
        figment
            .merge(Env::prefixed("FELT_").split("__"))
            .extract()
            .map_err(Box::new)
    }

    /// The database file inside the data directory.
    pub fn database_path(&self) -> PathBuf {
        self.data.dir.join("felt.db")
    }

    /// The file a running server holds locked, so two never share a data directory.
    pub fn lock_path(&self) -> PathBuf {
        self.data.dir.join("felt.lock")
    }

    /// The automatic backup plan, if backups are on.
    pub fn backup_plan(&self) -> Option<felt_actors::store::BackupPlan> {
        (self.backup.every_secs > 0).then(|| felt_actors::store::BackupPlan {
            every: std::time::Duration::from_secs(self.backup.every_secs),
            dir: if self.backup.dir.as_os_str().is_empty() {
                self.data.dir.join("backups")
            } else {
                self.backup.dir.clone()
            },
            keep: self.backup.keep.max(1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_defaults_parse() {
        let s = Settings::load(None).expect("defaults are valid");
        assert_eq!(s.server.bind.port(), 8080);
        assert_eq!(s.database_path(), PathBuf::from("data/felt.db"));
    }

    #[test]
    fn a_file_overrides_the_defaults_and_unknown_keys_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("felt.toml");
        std::fs::write(&file, "[server]\nbind = \"127.0.0.1:9999\"\n").expect("writes");
        let s = Settings::load(Some(&file)).expect("valid");
        assert_eq!(s.server.bind.port(), 9999);
        assert_eq!(s.ws.max_sessions, 5000, "the rest keeps its default");
        std::fs::write(&file, "[server]\nbindd = \"127.0.0.1:9999\"\n").expect("writes");
        assert!(Settings::load(Some(&file)).is_err());
        assert!(Settings::load(Some(&dir.path().join("missing.toml"))).is_err());
    }
}
