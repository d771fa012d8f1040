//! Identifiers and time values shared by every rule. Plain newtypes so that a tournament
//! id is never mistaken for something else and a time is never mistaken for a duration.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A tournament's id. Created by the caller (the domain has no randomness of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct TournamentId(pub Uuid);

impl fmt::Display for TournamentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A wall-clock instant: milliseconds since the Unix epoch.
pub type Timestamp = i64;

/// A duration or an amount of clock time, in milliseconds (may be negative for adjustments).
pub type Millis = i64;

/// The position of an event in its tournament's log, starting at 1.
pub type Seq = u64;

/// Who caused an event: an operator's name, or `system` for what the clock does itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Operator(pub String);

impl Operator {
    pub fn system() -> Self {
        Operator("system".into())
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
