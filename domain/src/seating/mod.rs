//! Seating and table balancing (TDA Rules 7-11, RP-8, RP-9) as plain data and pure
//! functions. No I/O, no clock, no thread RNG: every draw takes a `u64` seed, which the
//! caller records in its event so the draw can be replayed and audited.
//!
//! - [`tables`]: a table's description (seats, zone, reserved seats) and the break order.
//! - `state`: [`Seating`], who sits where, and the moves made by hand.
//! - `index`: what is derived from the seats to keep each draw O(log tables).
//! - [`draw`]: the random seat draw for entries and for the starting tables.
//! - `balance`, `positions`: balancing proposals (who moves, from where, to which seat).
//! - `steps`: breaking a table and forming the final table.
//! - [`handforhand`]: hand-for-hand bookkeeping near the bubble.
//!
//! The pattern for every change: a pure planner on `&Seating` returns what would happen
//! (a seat, a list of [`Move`]s); an `apply`/`&mut` method performs it, checking again. A
//! caller that records the planner's result in an event can replay it without the seed.

mod balance;
pub mod draw;
mod error;
pub mod handforhand;
mod index;
mod positions;
mod state;
mod steps;
pub mod tables;

#[cfg(test)]
mod tests;

pub use balance::{BalanceSettings, Buttons, FinalTableSize, GiverRule, Plan, ShortTable};
pub use draw::tables_to_open;
pub use error::SeatingError;
pub use handforhand::{HandBust, HandCompleted, HandForHand, HandForHandSettings, SharedFinish};
pub use state::{Seating, Table};
pub use steps::{FinalTable, Step, TableBroken};
pub use tables::{BreakOrder, SeatSet, TableSpec};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A player (an entry) as the seating engine knows it. The tournament maps its entries to
/// these; a re-entry may keep the same id once the first entry has left its seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PlayerId(pub u64);

/// A table, by the number the venue paints on it. "Lowest table number" in the house
/// rules means the lowest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct TableId(pub u32);

/// A seat number at a table, from 1 (left of the dealer) clockwise.
pub type SeatNo = u8;

/// One seat: a table and a seat number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatRef {
    pub table: TableId,
    pub seat: SeatNo,
}

impl SeatRef {
    pub fn new(table: TableId, seat: SeatNo) -> Self {
        SeatRef { table, seat }
    }
}

/// Why a player changes seats; the floor announces each move with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MoveReason {
    /// Rule 11: a player goes from a long table to a short one.
    Balance,
    /// Rule 10-B: the player's table broke and they drew a new seat.
    TableBreak,
    /// The final table: every remaining seat is redrawn.
    FinalTable,
}

/// A player going from one table to a seat at another: proposed by the balancer, or done
/// by a break or the final-table redraw. `player` is `None` only for a balancing move at
/// a table whose button is unknown: the floor names the player when confirming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Move {
    pub player: Option<PlayerId>,
    pub from: TableId,
    /// The seat the player leaves, when the player is known.
    pub from_seat: Option<SeatNo>,
    pub to: SeatRef,
    pub reason: MoveReason,
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table {}", self.0)
    }
}

impl fmt::Display for PlayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "player {}", self.0)
    }
}

impl fmt::Display for SeatRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} seat {}", self.table, self.seat)
    }
}
