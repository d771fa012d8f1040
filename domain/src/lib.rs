//! Felt's tournament rules as pure functions. Nothing here knows about actors, sockets,
//! SQL or the wall clock: time comes in as an argument, and every change to a tournament
//! is `decide` (check a command, produce events) then `apply` (fold an event into state).
//!
//! - [`ids`]: identifiers, timestamps, who did it.
//! - [`structure`]: levels, breaks, antes; built-in structures; structure checks.
//! - [`clock`]: the clock as an anchor, and everything computed from it and `now`.
//! - [`tournament`]: the Tournament aggregate: commands, events, `decide`, `apply`.
//! - [`entries`]: registrations, re-entries, rebuys, add-ons, busts and places, bounties,
//!   the waiting list and the ledger (a sub-aggregate of the tournament).
//! - [`money`]: minor-unit amounts and exact splits (no unit created or lost).
//! - [`players`]: the venue's player records and look-alike detection.
//! - [`payouts`]: payout plans, prize pools with guarantees, satellites.
//! - [`icm`]: Malmuth-Harville equities, exact up to 20 players.
//! - [`deals`]: ICM, chip-chop, even and custom deals that add up exactly.
//! - [`seating`]: tables, seat draws from recorded seeds, balancing, breaking, the final
//!   table, hand-for-hand.
//! - [`chipup`]: chip sets, which chips a color-up takes off, the chip race (TDA 24),
//!   and checking a structure against the chips in play.
//! - [`leagues`]: points formulas, season standings, CSV export.
//! - [`csv`]: CSV fields for exports.
//! - [`shared`]: a vector and a map whose clones share storage until changed (the state
//!   is cloned to plan and to undo; a clone must not cost with the field's size).
//! - [`error`]: the refusals a command can get.
//!
//! `icm`, `deals`, `seating`, `chipup` and `leagues` are rules not yet wired into the
//! Tournament aggregate or the API.

pub mod chipup;
pub mod clock;
pub mod csv;
pub mod deals;
pub mod entries;
pub mod error;
pub mod icm;
pub mod ids;
pub mod leagues;
pub mod money;
pub mod payouts;
pub mod players;
pub mod seating;
pub mod shared;
pub mod structure;
pub mod tournament;

pub use clock::{ClockAnchor, ClockView};
pub use error::DomainError;
pub use ids::{Millis, Operator, Seq, Timestamp, TournamentId};
pub use structure::{AnteKind, Chips, Level, Structure};
pub use tournament::{
    Command, Event, NewTournament, Recorded, Status, Summary, Tournament, TournamentView,
};
