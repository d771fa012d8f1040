//! Felt's tournament rules as pure functions. Nothing here knows about actors, sockets,
//! SQL or the wall clock: time comes in as an argument, and every change to a tournament
//! is `decide` (check a command, produce events) then `apply` (fold an event into state).
//!
//! - [`ids`]: identifiers, timestamps, who did it.
//! - [`structure`]: levels, breaks, antes; built-in structures; structure checks.
//! - [`clock`]: the clock as an anchor, and everything computed from it and `now`.
//! - [`tournament`]: the Tournament aggregate: commands, events, `decide`, `apply`.
//! - [`error`]: the refusals a command can get.

pub mod clock;
pub mod error;
pub mod ids;
pub mod structure;
pub mod tournament;

pub use clock::{ClockAnchor, ClockView};
pub use error::DomainError;
pub use ids::{Millis, Operator, Seq, Timestamp, TournamentId};
pub use structure::{AnteKind, Chips, Level, Structure};
pub use tournament::{
    Command, Event, NewTournament, Recorded, Status, Summary, Tournament, TournamentView,
};
