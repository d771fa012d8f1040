//! `felt staff add|list|reset-pin|disable|enable` and `felt keys rotate`: run with the
//! server stopped (they take the data directory's lock; while it runs, the director's
//! API does the same). They return what to show; `main` prints it.

use super::{check_name, check_pin_shape, generate_pin, hash_pin, keys, Role, StaffMember};
use crate::config::Settings;
use anyhow::Context as _;
use felt_actors::store::staff::{self, StaffChange};

async fn open(settings: &Settings) -> anyhow::Result<(std::fs::File, libsql::Connection)> {
    std::fs::create_dir_all(&settings.data.dir)?;
    let lock = crate::startup::lock_data_dir(settings)
        .context("stop the server first, or use the staff API (/api/v1/staff) while it runs")?;
    let path = settings.database_path();
    let conn = felt_actors::store::open(&path)
        .await
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    Ok((lock, conn))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// The PIN given, checked, or a generated one (`true` when generated: show it).
fn pin_or_generate(settings: &Settings, pin: Option<String>) -> anyhow::Result<(String, bool)> {
    match pin {
        Some(pin) => {
            let pin = pin.trim_end_matches(['\r', '\n']).to_string();
            check_pin_shape(&pin, settings.auth.min_pin_len).map_err(anyhow::Error::msg)?;
            Ok((pin, false))
        }
        None => Ok((generate_pin(), true)),
    }
}

/// Adds an operator; returns the generated PIN when none was given.
pub async fn add(
    settings: &Settings,
    name: &str,
    role: Role,
    pin: Option<String>,
) -> anyhow::Result<Option<String>> {
    check_name(name).map_err(anyhow::Error::msg)?;
    let (pin, generated) = pin_or_generate(settings, pin)?;
    let (_lock, conn) = open(settings).await?;
    let member = StaffMember {
        id: uuid::Uuid::new_v4(),
        name: name.to_string(),
        role,
        pin_hash: hash_pin(&pin)?,
        disabled: false,
        epoch: 0,
    };
    if !staff::add(&conn, &member, now_ms()).await? {
        anyhow::bail!("there is already an operator named {name}");
    }
    Ok(generated.then_some(pin))
}

/// Every operator: name, role, and whether disabled.
pub async fn list(settings: &Settings) -> anyhow::Result<Vec<StaffMember>> {
    let (_lock, conn) = open(settings).await?;
    Ok(staff::list(&conn).await?)
}

/// Sets a new PIN (generated when none is given, and returned to show once).
pub async fn reset_pin(
    settings: &Settings,
    name: &str,
    pin: Option<String>,
) -> anyhow::Result<Option<String>> {
    let (pin, generated) = pin_or_generate(settings, pin)?;
    change(settings, name, StaffChange::Pin(hash_pin(&pin)?)).await?;
    Ok(generated.then_some(pin))
}

pub async fn set_disabled(settings: &Settings, name: &str, disabled: bool) -> anyhow::Result<()> {
    change(settings, name, StaffChange::Disabled(disabled)).await
}

async fn change(settings: &Settings, name: &str, what: StaffChange) -> anyhow::Result<()> {
    let (_lock, conn) = open(settings).await?;
    staff::change(&conn, name, &what, now_ms())
        .await?
        .map(|_| ())
        .with_context(|| format!("no operator named {name}"))
}

/// A new signing key: every token issued so far is refused. Returns its generation.
pub async fn rotate_keys(settings: &Settings) -> anyhow::Result<u64> {
    std::fs::create_dir_all(&settings.data.dir)?;
    let _lock = crate::startup::lock_data_dir(settings)
        .context("stop the server first, or use POST /api/v1/auth/keys/rotate while it runs")?;
    Ok(keys::rotate(&settings.data.dir)?.generation)
}
