//! The tournament's payouts: the amounts of each place (live from the field, locked by the
//! director, or fixed by a deal), the commands that change how it pays, and recorded
//! deals. Once the payouts are fixed the money in the pool cannot change, so the amounts
//! always add up to exactly the pool.

use super::{Command, Event, Tournament};
use crate::deals::{make_deal, Deal, DealKind, DealTerms};
use crate::entries::{DealShares, EntryCommand, EntryId, FinalResult, LiveFigures};
use crate::error::DomainError;
use crate::money::Money;
use crate::structure::Chips;
use serde::{Deserialize, Serialize};

/// A deal as recorded: who was in it, with what, and what each gets whatever their place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedDeal {
    pub kind: DealKind,
    /// Every player who was still in, in the order of `stacks` and `amounts`.
    pub entries: Vec<EntryId>,
    pub stacks: Vec<Chips>,
    pub amounts: Vec<Money>,
    /// Still played for: won by whoever finishes first.
    pub play_for: Money,
    /// The amount of every place paid when the deal was made, best first; the deal splits
    /// the first `entries.len()` of them. Fixed from then on.
    pub prizes: Vec<Money>,
}

impl Tournament {
    /// What each place gets now, best first: the deal's or the locked amounts if fixed,
    /// otherwise the payout settings over the field and pool as they stand.
    pub fn prizes(&self) -> Result<Vec<Money>, DomainError> {
        if let Some(deal) = &self.deal {
            return Ok(deal.prizes.clone());
        }
        if let Some(locked) = &self.locked_payouts {
            return Ok(locked.clone());
        }
        self.payouts
            .prizes(self.entries.entry_count(), &self.entries.prize_pool())
    }

    /// Entries, players left, the prize pool and the payouts as they stand (no payouts
    /// when the plan has no row for the field).
    pub fn figures(&self) -> Option<LiveFigures> {
        Some(self.entries.live(self.prizes().unwrap_or_default()))
    }

    /// The results as they stand, best first, with any recorded deal.
    pub fn results(&self) -> Result<Vec<FinalResult>, DomainError> {
        let prizes = self.prizes()?;
        let deal = self.deal.as_ref().map(|d| DealShares {
            entries: &d.entries,
            amounts: &d.amounts,
            play_for: d.play_for,
        });
        Ok(self.entries.results(&prizes, deal)?)
    }

    /// The amounts are fixed (locked, or by a deal).
    pub fn payouts_fixed(&self) -> bool {
        self.locked_payouts.is_some() || self.deal.is_some()
    }

    /// Refuses entry commands that would change the pool (or, after a deal, the players
    /// in it) once the payouts are fixed.
    pub(super) fn check_money_can_change(&self, command: &EntryCommand) -> Result<(), DomainError> {
        let moves_money = matches!(
            command,
            EntryCommand::Register { .. }
                | EntryCommand::Unregister { .. }
                | EntryCommand::Reenter { .. }
                | EntryCommand::Rebuy { .. }
                | EntryCommand::AddOn { .. }
                | EntryCommand::ChangeSettings { .. }
        );
        if self.deal.is_some() && (moves_money || matches!(command, EntryCommand::Revive { .. })) {
            return Err(DomainError::DealAlreadyMade(
                "the prize pool and the players in the deal are fixed (undo the deal first)",
            ));
        }
        if self.locked_payouts.is_some() && moves_money {
            return Err(DomainError::PayoutsLocked(
                ": the prize pool cannot change (unlock the payouts first)",
            ));
        }
        Ok(())
    }

    pub(super) fn decide_payouts(&self, command: &Command) -> Result<Event, DomainError> {
        if self.deal.is_some() {
            return Err(DomainError::DealAlreadyMade(
                "the payouts are fixed by it (undo the deal to change them)",
            ));
        }
        match command {
            Command::ChangePayouts { settings } => {
                if self.locked_payouts.is_some() {
                    return Err(DomainError::PayoutsLocked(
                        " (unlock them to change how they pay)",
                    ));
                }
                settings.validate()?;
                Ok(Event::PayoutsChanged {
                    settings: settings.clone(),
                })
            }
            Command::LockPayouts => {
                if self.locked_payouts.is_some() {
                    return Err(DomainError::PayoutsLocked(" already"));
                }
                let payouts = self.prizes()?;
                if payouts.is_empty() {
                    return Err(DomainError::InvalidValue(
                        "there is nothing to lock: no entries yet".into(),
                    ));
                }
                Ok(Event::PayoutsLocked { payouts })
            }
            Command::UnlockPayouts => {
                if self.locked_payouts.is_none() {
                    return Err(DomainError::InvalidValue(
                        "the payouts are not locked".into(),
                    ));
                }
                Ok(Event::PayoutsUnlocked {})
            }
            Command::RecordDeal {
                stacks,
                kind,
                play_for,
            } => {
                let (prizes, deal) = self.propose_deal(stacks, kind.clone(), *play_for)?;
                Ok(Event::DealRecorded {
                    deal: RecordedDeal {
                        kind: kind.clone(),
                        entries: stacks.iter().map(|(e, _)| *e).collect(),
                        stacks: stacks.iter().map(|(_, c)| *c).collect(),
                        amounts: deal.amounts,
                        play_for: deal.play_for,
                        prizes,
                    },
                })
            }
            _ => Err(DomainError::InvalidValue("not a payout command".into())),
        }
    }

    /// What a deal among the players left would pay: every place's prize as it stands
    /// (best first) and the deal over the places they cover. `stacks` must name every
    /// player still in, each once, with the chips they have now.
    pub fn propose_deal(
        &self,
        stacks: &[(EntryId, Chips)],
        kind: DealKind,
        play_for: Money,
    ) -> Result<(Vec<Money>, Deal), DomainError> {
        if self.deal.is_some() {
            return Err(DomainError::DealAlreadyMade(
                "one deal per tournament (undo it to make another)",
            ));
        }
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
        let prizes = self.prizes()?;
        if prizes.is_empty() {
            return Err(DomainError::InvalidValue(
                "there are no payouts for this field".into(),
            ));
        }
        let covered: Vec<Money> = (0..active.len())
            .map(|place| prizes.get(place).copied().unwrap_or(Money::ZERO))
            .collect();
        let chips: Vec<Chips> = stacks.iter().map(|(_, c)| *c).collect();
        let terms = DealTerms {
            kind,
            play_for,
            unit: self.payouts.unit,
            remainder_to: 0,
        };
        let deal = make_deal(&chips, &covered, &terms)?;
        Ok((prizes, deal))
    }
}
