//! What a tournament shows: the public view for screens and players (no personal data),
//! a line of the venue overview, the live figures, and deal proposals over the payouts.

use super::{standard_plan, Status, Tournament, PAYOUT_UNIT};
use crate::clock::ClockAnchor;
use crate::deals::{make_deal, Deal, DealKind, DealTerms};
use crate::entries::{EntryId, LiveFigures};
use crate::error::DomainError;
use crate::ids::{Timestamp, TournamentId};
use crate::money::Money;
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
        }
    }

    /// What a deal among the players left would pay: the prizes of the places they cover
    /// (best first) and the deal over them. `stacks` must name every player still in,
    /// each once, with the chips they have now.
    pub fn propose_deal(
        &self,
        stacks: &[(EntryId, Chips)],
        kind: DealKind,
        play_for: Money,
    ) -> Result<(Vec<Money>, Deal), DomainError> {
        let mut active: Vec<EntryId> = self.entries.active().map(|e| e.id).collect();
        let mut named: Vec<EntryId> = stacks.iter().map(|(e, _)| *e).collect();
        active.sort_unstable();
        named.sort_unstable();
        if active != named {
            return Err(DomainError::InvalidValue(format!(
                "the stacks must name every player still in, each once: {} players",
                active.len()
            )));
        }
        let figures = self.figures().ok_or_else(|| {
            DomainError::InvalidValue("there are no payouts for this field".into())
        })?;
        let prizes: Vec<Money> = (0..active.len())
            .map(|place| figures.payouts.get(place).copied().unwrap_or(Money::ZERO))
            .collect();
        let chips: Vec<Chips> = stacks.iter().map(|(_, c)| *c).collect();
        let terms = DealTerms {
            kind,
            play_for,
            unit: PAYOUT_UNIT,
            remainder_to: 0,
        };
        let deal = make_deal(&chips, &prizes, &terms)?;
        Ok((prizes, deal))
    }

    /// Entries, players left, the prize pool and the payouts as they stand.
    pub fn figures(&self) -> Option<LiveFigures> {
        self.entries.live(standard_plan(), PAYOUT_UNIT).ok()
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
