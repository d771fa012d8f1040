//! Who is asking: staff, their PINs (argon2), signed tokens (HS256 JWT), revocation and
//! login throttling. Deciding what a role may do is `policy`'s alone.
//!
//! - [`policy`]: the table of routes and commands with their minimum role, and the
//!   middleware that applies it to every request.
//! - [`keys`]: the signing key file in the data directory.
//! - [`throttle`]: failed logins per operator and per client address.
//! - [`cli`]: `felt staff ...` and `felt keys rotate` (server stopped).

pub mod cli;
pub mod keys;
pub mod policy;
pub mod throttle;

use crate::config::AuthSettings;
use crate::errors::ApiError;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
pub use felt_actors::store::screens::Screen;
pub use felt_actors::store::staff::{Role, StaffMember};
use felt_domain::Operator;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use keys::SigningKey;
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError, RwLock};
use throttle::{Throttle, ThrottleSettings};

/// What a token says. `gen` is the signing key's generation (also the header's `kid`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The operator's id.
    pub sub: String,
    pub name: String,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub r#gen: u64,
    /// The operator's token generation when issued (a PIN reset moves it on).
    #[serde(default)]
    pub ep: i64,
    /// A paired TV screen's token (`sub` is the screen's id), not an operator's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scr: bool,
}

/// The operator a request was authenticated as. Handlers that change anything take it
/// (the policy middleware has already checked the role); its name goes into the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub id: uuid::Uuid,
    pub name: String,
    pub role: Role,
    pub jti: String,
    pub exp: i64,
    /// A paired screen (always a viewer), not an operator.
    pub screen: bool,
}

impl Identity {
    /// Who the event log records.
    pub fn operator(&self) -> Operator {
        Operator(self.name.clone())
    }

    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.role >= role {
            Ok(())
        } else {
            Err(ApiError::forbidden(role))
        }
    }
}

impl FromRequest for Identity {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Identity, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<Identity>()
                .cloned()
                .ok_or_else(|| ApiError::unauthorized("token_missing", "log in first")),
        )
    }
}

/// Why a token is refused (all are 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Invalid,
    Expired,
    Revoked,
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> Self {
        match e {
            TokenError::Invalid => {
                ApiError::unauthorized("token_invalid", "the token is not valid")
            }
            TokenError::Expired => {
                ApiError::unauthorized("token_expired", "the token has expired: log in again")
            }
            TokenError::Revoked => ApiError::unauthorized(
                "token_revoked",
                "the token was revoked or its operator disabled: log in again",
            ),
        }
    }
}

/// The operator the first start creates.
pub const FIRST_ADMIN: &str = "admin";

/// An operator created with a PIN shown once (first start, `felt staff add`).
#[derive(Debug, Clone)]
pub struct NewCredentials {
    pub name: String,
    pub pin: String,
}

/// Staff, keys, revocations and throttling, shared by every HTTP worker.
pub struct Auth {
    settings: AuthSettings,
    key: RwLock<SigningKey>,
    data_dir: std::path::PathBuf,
    /// Operators by id, loaded at start and kept current by the staff API.
    staff: RwLock<HashMap<uuid::Uuid, StaffMember>>,
    /// Paired screens by id, loaded at start and kept current by the screens API.
    screens: RwLock<HashMap<uuid::Uuid, Screen>>,
    /// Revoked token ids with their expiry (seconds).
    revoked: Mutex<HashMap<String, i64>>,
    pub throttle: Throttle,
    /// Checked against when the name is unknown, so an unknown name costs the same time.
    dummy_hash: String,
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

impl Auth {
    pub fn new(
        settings: AuthSettings,
        data_dir: &std::path::Path,
        key: SigningKey,
        staff: Vec<StaffMember>,
        revoked: Vec<(String, i64)>,
    ) -> anyhow::Result<Auth> {
        let throttle = Throttle::new(ThrottleSettings {
            max_failures: settings.max_failures,
            lockout: std::time::Duration::from_secs(settings.lockout_secs),
            max_lockout: std::time::Duration::from_secs(settings.max_lockout_secs),
        });
        Ok(Auth {
            key: RwLock::new(key),
            data_dir: data_dir.to_path_buf(),
            staff: RwLock::new(staff.into_iter().map(|m| (m.id, m)).collect()),
            screens: RwLock::default(),
            revoked: Mutex::new(revoked.into_iter().collect()),
            throttle,
            dummy_hash: hash_pin("not a pin anyone has")?,
            settings,
        })
    }

    pub fn settings(&self) -> &AuthSettings {
        &self.settings
    }

    /// The operator by name (any case).
    pub fn member_by_name(&self, name: &str) -> Option<StaffMember> {
        read(&self.staff)
            .values()
            .find(|m| m.name.eq_ignore_ascii_case(name))
            .cloned()
    }

    /// Operators who can log in as admin.
    pub fn enabled_admins(&self) -> usize {
        read(&self.staff)
            .values()
            .filter(|m| m.role == Role::Admin && !m.disabled)
            .count()
    }

    /// Keeps the in-memory staff list as the database has it.
    pub fn remember(&self, member: StaffMember) {
        write(&self.staff).insert(member.id, member);
    }

    /// Keeps the in-memory screens as the database has them.
    pub fn remember_screen(&self, screen: Screen) {
        write(&self.screens).insert(screen.id, screen);
    }

    pub fn screen(&self, id: uuid::Uuid) -> Option<Screen> {
        read(&self.screens).get(&id).cloned()
    }

    /// A long-lived viewer token for a paired screen (refused once the screen is revoked).
    pub fn issue_screen(&self, screen: &Screen, now: i64) -> Result<(String, Claims), ApiError> {
        let key = read(&self.key).clone();
        let claims = Claims {
            sub: screen.id.to_string(),
            name: screen.name.clone(),
            role: Role::Viewer,
            iat: now,
            exp: now.saturating_add(i64::from(self.settings.screen_token_days) * 86_400),
            jti: uuid::Uuid::new_v4().to_string(),
            r#gen: key.generation,
            ep: 0,
            scr: true,
        };
        let token = sign(&claims, &key)?;
        Ok((token, claims))
    }

    /// Checks a PIN against an operator; `None` when the name is unknown, disabled or the
    /// PIN is wrong (the same time is spent either way).
    pub fn check_pin(&self, name: &str, pin: &str) -> Option<StaffMember> {
        match self.member_by_name(name) {
            Some(m) if verify_pin(pin, &m.pin_hash) && !m.disabled => Some(m),
            Some(_) => None,
            None => {
                let _ = verify_pin(pin, &self.dummy_hash);
                None
            }
        }
    }

    /// A signed token for `member`, valid for a shift from `now` (seconds).
    pub fn issue(&self, member: &StaffMember, now: i64) -> Result<(String, Claims), ApiError> {
        let key = read(&self.key).clone();
        let claims = Claims {
            sub: member.id.to_string(),
            name: member.name.clone(),
            role: member.role,
            iat: now,
            exp: now.saturating_add(i64::from(self.settings.token_hours) * 3600),
            jti: uuid::Uuid::new_v4().to_string(),
            r#gen: key.generation,
            ep: member.epoch,
            scr: false,
        };
        let token = sign(&claims, &key)?;
        Ok((token, claims))
    }

    /// The identity a token proves at `now` (seconds), or why not.
    pub fn verify(&self, token: &str, now: i64) -> Result<Identity, TokenError> {
        let key = read(&self.key).clone();
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != Algorithm::HS256
            || header.kid.as_deref() != Some(key.generation.to_string().as_str())
        {
            return Err(TokenError::Invalid);
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        // Expiry is checked below against our clock, so tests can control time.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(
            token,
            &DecodingKey::from_secret(&key.secret),
            &validation,
        )
        .map_err(|_| TokenError::Invalid)?;
        let claims = data.claims;
        if claims.r#gen != key.generation {
            return Err(TokenError::Invalid);
        }
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        if self
            .revoked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(&claims.jti)
        {
            return Err(TokenError::Revoked);
        }
        let id = uuid::Uuid::parse_str(&claims.sub).map_err(|_| TokenError::Invalid)?;
        if claims.scr {
            let screen = read(&self.screens)
                .get(&id)
                .cloned()
                .ok_or(TokenError::Revoked)?;
            if screen.revoked {
                return Err(TokenError::Revoked);
            }
            return Ok(Identity {
                id,
                name: screen.name,
                role: Role::Viewer,
                jti: claims.jti,
                exp: claims.exp,
                screen: true,
            });
        }
        let member = read(&self.staff)
            .get(&id)
            .cloned()
            .ok_or(TokenError::Revoked)?;
        // Disabled, or a PIN reset since the token was issued.
        if member.disabled || claims.ep != member.epoch {
            return Err(TokenError::Revoked);
        }
        Ok(Identity {
            id,
            name: member.name,
            // A demotion takes effect at once; a promotion at the next login.
            role: claims.role.min(member.role),
            jti: claims.jti,
            exp: claims.exp,
            screen: false,
        })
    }

    /// Refuses this token from now on (the caller also stores it).
    pub fn revoke(&self, jti: &str, exp: i64) {
        self.revoked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(jti.to_string(), exp);
    }

    /// A new signing key: every token issued so far is refused.
    pub fn rotate_key(&self) -> anyhow::Result<u64> {
        let key = keys::rotate(&self.data_dir)?;
        let generation = key.generation;
        *write(&self.key) = key;
        Ok(generation)
    }
}

/// Signs claims with the key (the header names the key's generation).
pub fn sign(claims: &Claims, key: &SigningKey) -> Result<String, ApiError> {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.generation.to_string());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(&key.secret))
        .map_err(|e| ApiError::bad_request("token_error", e.to_string()))
}

/// An argon2id PHC string for a PIN or password.
pub fn hash_pin(pin: &str) -> anyhow::Result<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(pin.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot hash the PIN: {e}"))?;
    Ok(hash.to_string())
}

pub fn verify_pin(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).ok().is_some_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// A random six-digit PIN.
pub fn generate_pin() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// Refuses PINs too short or too long to be one.
pub fn check_pin_shape(pin: &str, min_len: usize) -> Result<(), String> {
    let n = pin.chars().count();
    if n < min_len {
        return Err(format!(
            "a PIN or password has at least {min_len} characters"
        ));
    }
    if n > 128 {
        return Err("a PIN or password has at most 128 characters".into());
    }
    Ok(())
}

/// Names are what people type at login: 1 to 40 characters, no control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if n == 0 || n > 40 || name.trim() != name || name.chars().any(char::is_control) {
        return Err("a name has 1 to 40 characters, no surrounding spaces".into());
    }
    Ok(())
}

/// Creates the first admin with a one-time PIN when there is no operator at all.
pub fn first_admin() -> anyhow::Result<(StaffMember, NewCredentials)> {
    let pin = generate_pin();
    let member = StaffMember {
        id: uuid::Uuid::new_v4(),
        name: FIRST_ADMIN.into(),
        role: Role::Admin,
        pin_hash: hash_pin(&pin)?,
        disabled: false,
        epoch: 0,
    };
    Ok((
        member,
        NewCredentials {
            name: FIRST_ADMIN.into(),
            pin,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> AuthSettings {
        crate::config::Settings::load(None).expect("defaults").auth
    }

    fn auth_with(member: &StaffMember) -> Auth {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = keys::load_or_create(dir.path()).expect("key");
        Auth::new(settings(), dir.path(), key, vec![member.clone()], vec![]).expect("auth")
    }

    #[test]
    fn a_token_proves_its_operator_until_it_expires_or_is_revoked() {
        let (member, creds) = first_admin().expect("admin");
        assert!(verify_pin(&creds.pin, &member.pin_hash));
        assert!(!verify_pin("000000x", &member.pin_hash));
        let auth = auth_with(&member);
        assert!(auth.check_pin("ADMIN", &creds.pin).is_some());
        assert!(auth.check_pin("nobody", &creds.pin).is_none());
        let (token, claims) = auth.issue(&member, 1000).expect("signs");
        let who = auth.verify(&token, 1001).expect("valid");
        assert_eq!(who.role, Role::Admin);
        assert_eq!(who.name, "admin");
        assert_eq!(auth.verify(&token, claims.exp), Err(TokenError::Expired));
        auth.revoke(&claims.jti, claims.exp);
        assert_eq!(auth.verify(&token, 1001), Err(TokenError::Revoked));
        let (token, _) = auth.issue(&member, 1000).expect("signs");
        auth.remember(StaffMember {
            epoch: member.epoch + 1,
            ..member.clone()
        });
        assert_eq!(
            auth.verify(&token, 1001),
            Err(TokenError::Revoked),
            "a PIN reset ends the tokens issued before it"
        );
    }

    #[test]
    fn a_screen_token_is_a_viewer_until_the_screen_is_revoked() {
        let (member, _) = first_admin().expect("admin");
        let auth = auth_with(&member);
        let mut screen = Screen {
            id: uuid::Uuid::new_v4(),
            name: "Bar TV".into(),
            tournament: None,
            layout: "overview".into(),
            revoked: false,
            lang: String::new(),
        };
        auth.remember_screen(screen.clone());
        let (token, claims) = auth.issue_screen(&screen, 1000).expect("signs");
        assert!(claims.exp - 1000 > 365 * 86_400, "long-lived");
        let who = auth.verify(&token, 1001).expect("valid");
        assert!(who.screen);
        assert_eq!(who.role, Role::Viewer);
        screen.revoked = true;
        auth.remember_screen(screen);
        assert_eq!(auth.verify(&token, 1001), Err(TokenError::Revoked));
    }
}
