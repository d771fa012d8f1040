//! Felt's actors: they hold state and move messages; the rules live in `felt_domain`.
//!
//! - [`supervisor`]: the registry of tournament actors, venue overview and sessions;
//!   recovers tournaments at start and restarts one that panicked.
//! - [`tournament`]: one actor per tournament, the only writer of its state: decide,
//!   persist, apply, broadcast.
//! - [`store`]: the persistence actor, owner of the LibSQL file, on its own thread;
//!   group commit of appended events, snapshots, recovery reads.
//! - [`clock`]: where "now" comes from (the system clock, or a manual one in tests).
//! - [`publish`]: what goes out to subscribers, and the encoder that serializes it once.
//! - [`error`]: what a caller can be told.

pub mod clock;
pub mod error;
pub mod publish;
pub mod store;
pub mod supervisor;
pub mod tournament;

#[cfg(test)]
mod testing;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ActorError, StoreError};
pub use publish::{Deliver, Encoder, Publication, SubscriberId};
pub use store::Store;
pub use supervisor::Supervisor;
pub use tournament::TournamentActor;

/// Settings the actors need, read by the server from its configuration.
#[derive(Debug, Clone)]
pub struct ActorSettings {
    /// Write a snapshot after this many events of a tournament.
    pub snapshot_every: u64,
    /// Most websocket sessions at once; more are refused.
    pub max_sessions: usize,
}

impl Default for ActorSettings {
    fn default() -> Self {
        ActorSettings {
            snapshot_every: 200,
            max_sessions: 5_000,
        }
    }
}

/// Mailbox size of the shared actors (store, supervisor): large, so callers rarely wait
/// for room, yet finite (actix's channel arithmetic overflows on `usize::MAX`).
pub(crate) const BIG_MAILBOX: usize = 1 << 16;
