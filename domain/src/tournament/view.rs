//! What a tournament shows: the public view for screens and players (no personal data),
//! and a line of the venue overview.

use super::{RecordedDeal, Status, Tournament};
use crate::clock::ClockAnchor;
use crate::entries::LiveFigures;
use crate::ids::{Timestamp, TournamentId};
use crate::money::Money;
use crate::payouts::Currency;
use crate::structure::{Chips, Level, Structure};
use serde::Serialize;

impl Tournament {
    /// The public state screens and players see.
    pub fn view(&self) -> TournamentView {
        TournamentView {
            id: self.id,
            name: self.name.clone(),
            status: self.status(),
            structure: self.structure.clone(),
            starting_stack: self.starting_stack,
            scheduled_start: self.scheduled_start,
            auto_start: self.auto_start,
            started: self.started,
            clock: self.clock,
            figures: self.figures(),
            currency: self.payouts.currency.clone(),
            payout_unit: self.payouts.unit,
            payouts_locked: self.payouts_fixed(),
            deal: self.deal.clone(),
        }
    }

    /// A line of the venue overview, as it stands at `now`.
    pub fn summary(&self, now: Timestamp) -> Summary {
        let clock = self.effective_clock(now).settled(self.levels(), now);
        Summary {
            id: self.id,
            name: self.name.clone(),
            status: self.status(),
            scheduled_start: self.scheduled_start,
            auto_start: self.auto_start,
            started: self.started,
            clock,
            levels_count: self.levels().len(),
            level: self.levels().get(clock.level).cloned(),
        }
    }
}

/// A tournament's public state (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TournamentView {
    pub id: TournamentId,
    pub name: String,
    pub status: Status,
    pub structure: Structure,
    pub starting_stack: Chips,
    pub scheduled_start: Option<Timestamp>,
    pub auto_start: bool,
    pub started: bool,
    pub clock: ClockAnchor,
    /// Entries, players left, prize pool, payouts (absent if the payout plan has no row
    /// for the field).
    pub figures: Option<LiveFigures>,
    /// What the amounts (minor units) are counted in.
    pub currency: Currency,
    /// Every payout is a whole number of this many minor units.
    pub payout_unit: Money,
    /// The payouts no longer follow the field (locked by the director, or by a deal).
    pub payouts_locked: bool,
    pub deal: Option<RecordedDeal>,
}

/// One line of the venue overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub id: TournamentId,
    pub name: String,
    pub status: Status,
    pub scheduled_start: Option<Timestamp>,
    pub auto_start: bool,
    pub started: bool,
    pub clock: ClockAnchor,
    pub levels_count: usize,
    pub level: Option<Level>,
}
