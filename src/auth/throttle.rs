//! Failed logins, counted per operator name and per client address. After `max_failures`
//! in a row a key is locked out; each further failure doubles the lockout, up to a
//! ceiling. A success clears the operator's and the address's count. Lockouts are logged
//! with the name and address; the PIN tried never is.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct ThrottleSettings {
    pub max_failures: u32,
    pub lockout: Duration,
    pub max_lockout: Duration,
}

#[derive(Debug, Default)]
struct Failures {
    count: u32,
    locked_until: Option<Instant>,
    last: Option<Instant>,
}

/// Keys most remembered at once; the oldest are forgotten past this (a flood of made-up
/// names must not grow memory without end).
const MAX_KEYS: usize = 10_000;

pub struct Throttle {
    settings: ThrottleSettings,
    failures: Mutex<HashMap<String, Failures>>,
}

impl Throttle {
    pub fn new(settings: ThrottleSettings) -> Self {
        Throttle {
            settings,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failures>> {
        // A panic elsewhere while counting leaves counts that are still counts.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Err(wait)` while any of `keys` is locked out.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), Duration> {
        locked(&self.lock(), keys, now)
    }

    /// One login attempt, counted as a failure before the PIN is checked (a success
    /// clears it with `succeed`), under one lock: guesses sent in parallel cannot
    /// outrun the lockout. `Err(wait)` while locked out (not counted); otherwise the
    /// lockouts this attempt would begin if it fails.
    pub fn attempt(
        &self,
        keys: &[String],
        now: Instant,
    ) -> Result<Vec<(String, Duration)>, Duration> {
        let mut map = self.lock();
        locked(&map, keys, now)?;
        Ok(self.count(&mut map, keys, now))
    }

    /// Counts a failure on every key; returns the lockouts that begin (key, length).
    pub fn fail(&self, keys: &[String], now: Instant) -> Vec<(String, Duration)> {
        let mut map = self.lock();
        self.count(&mut map, keys, now)
    }

    fn count(
        &self,
        map: &mut HashMap<String, Failures>,
        keys: &[String],
        now: Instant,
    ) -> Vec<(String, Duration)> {
        let s = self.settings;
        if map.len() >= MAX_KEYS {
            let quiet = s.max_lockout.max(Duration::from_secs(60));
            map.retain(|_, f| f.last.is_some_and(|t| now.duration_since(t) < quiet));
        }
        let mut started = Vec::new();
        for key in keys {
            let f = map.entry(key.clone()).or_default();
            // A long quiet spell forgives old failures.
            if f.last
                .is_some_and(|t| now.duration_since(t) > s.max_lockout * 4)
            {
                *f = Failures::default();
            }
            f.count += 1;
            f.last = Some(now);
            if f.count >= s.max_failures.max(1) {
                let doublings = (f.count - s.max_failures.max(1)).min(16);
                let length = s.lockout.saturating_mul(1 << doublings).min(s.max_lockout);
                f.locked_until = Some(now + length);
                started.push((key.clone(), length));
            }
        }
        started
    }

    pub fn succeed(&self, keys: &[String]) {
        let mut map = self.lock();
        for key in keys {
            map.remove(key);
        }
    }
}

fn locked(map: &HashMap<String, Failures>, keys: &[String], now: Instant) -> Result<(), Duration> {
    let wait = keys
        .iter()
        .filter_map(|k| map.get(k)?.locked_until)
        .filter(|until| *until > now)
        .map(|until| until - now)
        .max();
    match wait {
        Some(w) => Err(w),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_locked_after_the_failures_allowed_and_each_more_doubles_the_wait() {
        let t = Throttle::new(ThrottleSettings {
            max_failures: 3,
            lockout: Duration::from_secs(10),
            max_lockout: Duration::from_secs(25),
        });
        let keys = vec!["op:ann".to_string(), "ip:1.2.3.4".to_string()];
        let now = Instant::now();
        assert!(t.fail(&keys, now).is_empty());
        assert!(t.fail(&keys, now).is_empty());
        assert!(t.check(&keys, now).is_ok());
        let started = t.fail(&keys, now);
        assert_eq!(started[0].1, Duration::from_secs(10));
        assert!(t.check(&keys, now).is_err());
        assert!(t.check(&["op:bob".to_string()], now).is_ok());
        let later = now + Duration::from_secs(11);
        assert!(t.check(&keys, later).is_ok());
        assert_eq!(t.fail(&keys, later)[0].1, Duration::from_secs(20));
        assert_eq!(t.fail(&keys, later)[0].1, Duration::from_secs(25), "capped");
        t.succeed(&keys);
        assert!(t.check(&keys, later).is_ok());
    }
}
