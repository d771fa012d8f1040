//! The token signing key: generated on first start in the data directory, readable only
//! by its owner, kept across restarts. Rotating it writes a new secret with the next
//! generation number, so every token signed before is refused.

use anyhow::Context as _;
use rand::RngCore;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file inside the data directory.
pub const KEY_FILE: &str = "auth.key";
const HEADER: &str = "felt-signing-key v1";
const SECRET_BYTES: usize = 64;

/// The HS256 secret and its generation (the token's `kid`).
#[derive(Clone)]
pub struct SigningKey {
    pub generation: u64,
    pub secret: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets are never printed.
        f.debug_struct("SigningKey")
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// Reads the key, or creates generation 1 if there is none.
pub fn load_or_create(data_dir: &Path) -> anyhow::Result<SigningKey> {
    let path = key_path(data_dir);
    if path.exists() {
        return read(&path);
    }
    let key = fresh(1);
    write(&path, &key)?;
    tracing::info!(file = %path.display(), "created the token signing key");
    Ok(key)
}

/// Replaces the key with a new secret of the next generation.
pub fn rotate(data_dir: &Path) -> anyhow::Result<SigningKey> {
    let path = key_path(data_dir);
    let generation = if path.exists() {
        read(&path)?.generation + 1
    } else {
        1
    };
    let key = fresh(generation);
    write(&path, &key)?;
    Ok(key)
}

fn fresh(generation: u64) -> SigningKey {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    SigningKey { generation, secret }
}

fn read(path: &Path) -> anyhow::Result<SigningKey> {
    restrict(path)?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the signing key {}", path.display()))?;
    let mut lines = text.lines();
    let bad = || anyhow::anyhow!("{} is not a Felt signing key", path.display());
    if lines.next() != Some(HEADER) {
        return Err(bad());
    }
    let generation = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(bad)?;
    let secret = lines.next().and_then(|l| unhex(l.trim())).ok_or_else(bad)?;
    if secret.len() < 32 {
        return Err(bad());
    }
    Ok(SigningKey { generation, secret })
}

/// Writes a new file beside the old one, then renames it over: never half a key.
fn write(path: &Path, key: &SigningKey) -> anyhow::Result<()> {
    let tmp = path.with_extension("key.new");
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&tmp)
        .with_context(|| format!("cannot write the signing key {}", tmp.display()))?;
    let hex: String = key.secret.iter().map(|b| format!("{b:02x}")).collect();
    writeln!(file, "{HEADER}\n{}\n{hex}", key.generation)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot put the signing key in place at {}", path.display()))?;
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// A key others can read is made private again (and said so).
fn restrict(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(file = %path.display(), mode = format!("{:o}", mode & 0o777), "the signing key was readable by others: made private");
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_private_survives_a_reload_and_rotates_to_a_new_generation() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = load_or_create(dir.path()).expect("creates");
        let again = load_or_create(dir.path()).expect("reads");
        assert_eq!(first.secret, again.secret);
        assert_eq!(again.generation, 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(dir.path()))
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let rotated = rotate(dir.path()).expect("rotates");
        assert_eq!(rotated.generation, 2);
        assert_ne!(rotated.secret, first.secret);
        assert_eq!(
            load_or_create(dir.path()).expect("reads").secret,
            rotated.secret
        );
    }
}
