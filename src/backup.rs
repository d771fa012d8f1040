//! `felt backup FILE` and `felt restore FILE`: a consistent copy taken while tournaments
//! run, and putting a checked copy back in place with the server stopped. A restore never
//! deletes the database it replaces: it is kept beside it.

use crate::config::Settings;
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// Copies the live database to `target` (which must not exist) and checks the copy.
pub async fn backup(settings: &Settings, target: &Path) -> anyhow::Result<()> {
    let live = settings.database_path();
    felt_actors::store::backup_file(&live, target)
        .await
        .with_context(|| format!("cannot back up {} to {}", live.display(), target.display()))?;
    let version = felt_actors::store::check_file(target)
        .await
        .with_context(|| format!("the backup {} does not check out", target.display()))?;
    tracing::info!(file = %target.display(), schema = version, "backup written and checked");
    Ok(())
}

/// Checks `source` and puts it in place of the database; the server must be stopped.
/// Returns where the replaced database was kept.
pub async fn restore(settings: &Settings, source: &Path) -> anyhow::Result<Option<PathBuf>> {
    let version = felt_actors::store::check_file(source)
        .await
        .with_context(|| format!("{} is not a usable backup", source.display()))?;
    std::fs::create_dir_all(&settings.data.dir)?;
    let _lock =
        crate::startup::lock_data_dir(settings).context("stop the server before restoring")?;
    let live = settings.database_path();
    let incoming = live.with_extension("db.restoring");
    std::fs::copy(source, &incoming)
        .with_context(|| format!("cannot copy {}", source.display()))?;
    std::fs::File::open(&incoming)?.sync_all()?;
    let kept = if live.exists() {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let kept = live.with_extension(format!("db.replaced-{stamp}"));
        // The write-ahead log belongs to the file it came with: keep them together.
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", live.display()));
            if from.exists() {
                std::fs::rename(&from, format!("{}{suffix}", kept.display()))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&incoming, &live)?;
    if let Some(dir) = live.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    tracing::info!(from = %source.display(), schema = version, kept = ?kept, "database restored");
    Ok(kept)
}
