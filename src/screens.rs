//! Screens between pairing and revocation, in memory: the pairing codes TVs show (short,
//! short-lived, never stored), and the websocket sessions each paired screen holds (so a
//! reassignment reaches them live and a revocation cuts them off). What a screen shows is
//! stored by the persistence actor; its token is `auth`'s.

use crate::auth::Screen;
use actix::Recipient;
use felt_actors::{Deliver, SubscriberId};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

/// Letters and digits that cannot be mistaken for one another across a room.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Characters in a pairing code.
pub const CODE_LEN: usize = 6;
/// Codes waiting at once, all addresses together: more are refused until some expire.
const MAX_PENDING: usize = 1_000;

/// Where one pairing stands.
#[derive(Debug, Clone)]
pub enum Pairing {
    /// Shown on the TV, waiting for the director.
    Waiting,
    /// Paired: the token waits for the TV to fetch it (once).
    Paired { token: String, screen: Screen },
    /// The TV has its token.
    Taken,
}

struct Pending {
    code: String,
    /// Milliseconds since the epoch (the server's clock).
    expires_at: i64,
    state: Pairing,
}

/// Why a code or a poll is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairingError {
    Unknown,
    Expired,
    Used,
    /// Too many codes asked for (this address, or everyone at once).
    Busy,
}

/// Pairing codes by their secret (the TV polls with it; the code is what people type).
#[derive(Default)]
pub struct Pairings {
    by_secret: Mutex<HashMap<String, Pending>>,
    asked: Mutex<HashMap<Option<IpAddr>, Vec<i64>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// What people type, as the server keeps it: upper case, no spaces or dashes.
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

impl Pairings {
    /// A new code for a TV at `ip`: (code, secret, expires_at), or `Busy`.
    pub fn start(
        &self,
        ip: Option<IpAddr>,
        now: i64,
        ttl_ms: i64,
        per_minute: u32,
    ) -> Result<(String, String, i64), PairingError> {
        {
            let mut asked = lock(&self.asked);
            asked.retain(|_, times| {
                times.retain(|t| now - t < 60_000);
                !times.is_empty()
            });
            let times = asked.entry(ip).or_default();
            if times.len() >= per_minute as usize {
                return Err(PairingError::Busy);
            }
            times.push(now);
        }
        let mut all = lock(&self.by_secret);
        // Expired codes are kept a while longer, to tell "expired" from "unknown".
        all.retain(|_, p| now < p.expires_at + ttl_ms);
        if all.len() >= MAX_PENDING {
            return Err(PairingError::Busy);
        }
        let code = loop {
            let code = new_code();
            if !all.values().any(|p| p.code == code) {
                break code;
            }
        };
        let secret = uuid::Uuid::new_v4().simple().to_string();
        let expires_at = now + ttl_ms;
        all.insert(
            secret.clone(),
            Pending {
                code: code.clone(),
                expires_at,
                state: Pairing::Waiting,
            },
        );
        Ok((code, secret, expires_at))
    }

    /// Checks a code the director typed is waiting; its secret if so.
    pub fn check(&self, code: &str, now: i64) -> Result<String, PairingError> {
        let code = normalize(code);
        let all = lock(&self.by_secret);
        let (secret, pending) = all
            .iter()
            .find(|(_, p)| p.code == code)
            .ok_or(PairingError::Unknown)?;
        match pending.state {
            Pairing::Waiting if now < pending.expires_at => Ok(secret.clone()),
            Pairing::Waiting => Err(PairingError::Expired),
            _ => Err(PairingError::Used),
        }
    }

    /// Completes a checked pairing; `false` if it was taken or expired meanwhile.
    pub fn complete(&self, secret: &str, now: i64, token: String, screen: Screen) -> bool {
        let mut all = lock(&self.by_secret);
        match all.get_mut(secret) {
            Some(p) if matches!(p.state, Pairing::Waiting) && now < p.expires_at => {
                p.state = Pairing::Paired { token, screen };
                true
            }
            _ => false,
        }
    }

    /// What the TV polling with `secret` is told: still waiting (with its code and expiry),
    /// or its token (once).
    pub fn poll(&self, secret: &str, now: i64) -> Result<(Pairing, String, i64), PairingError> {
        let mut all = lock(&self.by_secret);
        let p = all.get_mut(secret).ok_or(PairingError::Unknown)?;
        match &p.state {
            Pairing::Waiting if now >= p.expires_at => Err(PairingError::Expired),
            Pairing::Waiting => Ok((Pairing::Waiting, p.code.clone(), p.expires_at)),
            Pairing::Paired { .. } => {
                let state = std::mem::replace(&mut p.state, Pairing::Taken);
                Ok((state, p.code.clone(), p.expires_at))
            }
            Pairing::Taken => Err(PairingError::Used),
        }
    }
}

/// The websocket sessions of each paired screen.
#[derive(Default)]
pub struct Live {
    sessions: Mutex<HashMap<uuid::Uuid, HashMap<SubscriberId, Recipient<Deliver>>>>,
}

impl Live {
    /// Sent by a session that authenticated as `screen`.
    pub fn join(&self, screen: uuid::Uuid, session: SubscriberId, to: Recipient<Deliver>) {
        lock(&self.sessions)
            .entry(screen)
            .or_default()
            .insert(session, to);
    }

    /// Sent by a session when it ends or stops being the screen.
    pub fn leave(&self, screen: uuid::Uuid, session: SubscriberId) {
        let mut all = lock(&self.sessions);
        if let Some(set) = all.get_mut(&screen) {
            set.remove(&session);
            if set.is_empty() {
                all.remove(&screen);
            }
        }
    }

    /// Sends `message` to every session of every screen; how many there were.
    pub fn send_all(&self, message: Deliver) -> usize {
        let all = lock(&self.sessions);
        for to in all.values().flat_map(HashMap::values) {
            to.do_send(message.clone());
        }
        all.values().map(HashMap::len).sum()
    }

    /// Sends `message` to every session of `screen`; how many there were.
    pub fn send(&self, screen: uuid::Uuid, message: Deliver) -> usize {
        let all = lock(&self.sessions);
        let Some(set) = all.get(&screen) else {
            return 0;
        };
        for to in set.values() {
            to.do_send(message.clone());
        }
        set.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Screen {
        Screen {
            id: uuid::Uuid::new_v4(),
            name: "Bar".into(),
            tournament: None,
            layout: "overview".into(),
            revoked: false,
            lang: String::new(),
        }
    }

    #[test]
    fn a_code_pairs_once_before_it_expires_and_its_token_is_fetched_once() {
        let p = Pairings::default();
        let (code, secret, expires) = p.start(None, 0, 1000, 10).expect("a code");
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(expires, 1000);
        assert_eq!(p.check("nope42", 0), Err(PairingError::Unknown));
        let lower = format!(" {}-{} ", &code[..3].to_lowercase(), &code[3..]);
        assert_eq!(p.check(&lower, 10), Ok(secret.clone()));
        assert!(matches!(p.poll(&secret, 10), Ok((Pairing::Waiting, _, _))));
        assert!(p.complete(&secret, 20, "tok".into(), screen()));
        assert_eq!(p.check(&code, 30), Err(PairingError::Used));
        assert!(matches!(
            p.poll(&secret, 30),
            Ok((Pairing::Paired { .. }, _, _))
        ));
        assert_eq!(p.poll(&secret, 40).err(), Some(PairingError::Used));

        let (code, secret, _) = p.start(None, 0, 1000, 10).expect("a code");
        assert_eq!(p.check(&code, 1000), Err(PairingError::Expired));
        assert_eq!(p.poll(&secret, 1000).err(), Some(PairingError::Expired));
        assert!(!p.complete(&secret, 1000, "tok".into(), screen()));
    }

    #[test]
    fn one_address_asks_for_a_few_codes_a_minute() {
        let p = Pairings::default();
        let ip = Some(IpAddr::from([10, 0, 0, 9]));
        for _ in 0..3 {
            p.start(ip, 0, 1000, 3).expect("a code");
        }
        assert_eq!(p.start(ip, 1, 1000, 3).err(), Some(PairingError::Busy));
        assert!(p
            .start(Some(IpAddr::from([10, 0, 0, 8])), 1, 1000, 3)
            .is_ok());
        assert!(p.start(ip, 60_001, 1000, 3).is_ok(), "a minute later");
    }
}
