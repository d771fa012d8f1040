//! What screens and the results page show: the live figures of the field and its money,
//! and the final results. Computed from the state on demand; nothing here is stored.

use super::{Entries, EntryId, EntryKind, Places, PlayerId};
use crate::money::{split, Money};
use crate::payouts::PrizePool;
use crate::structure::Chips;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// The field and its money as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveFigures {
    pub entries: u32,
    pub unique_players: u32,
    pub players_left: u32,
    pub reentries: u32,
    pub rebuys: u32,
    pub add_ons: u32,
    pub chips_in_play: Chips,
    /// Chips in play per player left (0 with nobody left), rounded down.
    pub average_stack: Chips,
    pub prize_pool: PrizePool,
    pub fees: Money,
    pub extras: BTreeMap<String, Money>,
    pub bounties_held: Money,
    pub bounties_paid: Money,
    pub places_paid: u32,
    /// What each place gets now, best first (follows the field until locked elsewhere).
    pub payouts: Vec<Money>,
    /// Players still to go out before everyone left is paid (0: in the money).
    pub to_the_money: u32,
    /// Exactly one more bust puts everyone left in the money.
    pub on_the_bubble: bool,
    pub waiting: u32,
}

impl LiveFigures {
    /// The average stack in tenths of a big blind (e.g. 253 is 25.3 BB).
    pub fn average_in_tenths_of_big_blinds(&self, big_blind: Chips) -> Option<u64> {
        let tenths = u128::from(self.average_stack.0) * 10 / u128::from(big_blind.0).max(1);
        (big_blind.0 > 0).then(|| u64::try_from(tenths).unwrap_or(u64::MAX))
    }
}

/// One line of the results: an entry, where it finished and what it won.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalResult {
    pub places: Places,
    pub entry: EntryId,
    pub player: PlayerId,
    /// Its share of the prizes of the places it covers (ties split them exactly).
    pub prize: Money,
    pub bounties_won: Money,
    /// The bounty still on its own head (for the entries still in play: the winner's own
    /// bounty is the winner's).
    pub bounty_kept: Money,
}

/// A deal recorded among the players who were left: what each of them gets whatever
/// their place, and what they still play for (won by whoever finishes first).
#[derive(Debug, Clone, Copy)]
pub struct DealShares<'a> {
    pub entries: &'a [EntryId],
    pub amounts: &'a [Money],
    pub play_for: Money,
}

impl Entries {
    /// The prize pool as it stands: the prize parts collected, raised to the guarantee.
    pub fn prize_pool(&self) -> PrizePool {
        PrizePool::with_guarantee(self.ledger.prize_pool, self.settings.guarantee)
    }

    /// The live figures, with `prizes` the amounts each place gets now (best first;
    /// computed by the caller from [`Entries::prize_pool`] and the payout settings).
    pub fn live(&self, prizes: Vec<Money>) -> LiveFigures {
        let counted = || self.entries.iter().filter(|e| e.counts());
        let entries = self.entry_count();
        let players_left = self.players_left();
        let chips_in_play = Chips(counted().map(|e| e.chips.0).sum());
        let places_paid = u32::try_from(prizes.len()).unwrap_or(u32::MAX);
        let to_the_money = players_left.saturating_sub(places_paid);
        let unique: BTreeSet<PlayerId> = counted().map(|e| e.player).collect();
        LiveFigures {
            entries,
            unique_players: u32::try_from(unique.len()).unwrap_or(u32::MAX),
            players_left,
            reentries: super::count(counted().filter(|e| e.kind == EntryKind::Reentry)),
            rebuys: counted().map(|e| e.rebuys).sum(),
            add_ons: super::count(counted().filter(|e| e.add_on)),
            chips_in_play,
            average_stack: Chips(chips_in_play.0 / u64::from(players_left.max(1))),
            prize_pool: self.prize_pool(),
            fees: self.ledger.fees,
            extras: self.ledger.extras.clone(),
            bounties_held: self.ledger.bounties_held(),
            bounties_paid: self.ledger.bounties_paid,
            places_paid,
            payouts: prizes,
            to_the_money,
            on_the_bubble: to_the_money == 1,
            waiting: u32::try_from(self.waiting.len()).unwrap_or(u32::MAX),
        }
    }

    /// The results, best first: every counted entry with its places, its prize from
    /// `prizes` (the amount of each place, best first; tied entries split the prizes of
    /// the places they cover exactly) and its bounties. Entries still in play share the
    /// top places. With a deal, the places its players cover pay only what was left to
    /// play for (to first place), and each of its players gets its deal amount on top.
    pub fn results(
        &self,
        prizes: &[Money],
        deal: Option<DealShares<'_>>,
    ) -> Result<Vec<FinalResult>, super::EntryError> {
        let mut prizes = prizes.to_vec();
        if let Some(deal) = deal {
            let covered = deal.entries.len().min(prizes.len());
            for (place, prize) in prizes[..covered].iter_mut().enumerate() {
                *prize = if place == 0 {
                    deal.play_for
                } else {
                    Money::ZERO
                };
            }
        }
        let standings = self.standings();
        let mut out = Vec::with_capacity(standings.len());
        let mut i = 0;
        while i < standings.len() {
            let places = standings[i].0;
            let tied = standings[i..]
                .iter()
                .take_while(|(p, _)| *p == places)
                .count();
            let from = (places.best as usize - 1).min(prizes.len());
            let to = (places.worst as usize).min(prizes.len());
            let pot: Money = prizes[from..to].iter().sum();
            let shares = split(pot, &vec![1; tied], Money(1), 0)?;
            for (&(_, id), prize) in standings[i..i + tied].iter().zip(shares) {
                let Some(entry) = self.get(id) else { continue };
                let dealt = deal
                    .and_then(|d| {
                        let at = d.entries.iter().position(|e| *e == id)?;
                        d.amounts.get(at).copied()
                    })
                    .unwrap_or(Money::ZERO);
                out.push(FinalResult {
                    places,
                    entry: id,
                    player: entry.player,
                    prize: prize + dealt,
                    bounties_won: entry.bounties_won,
                    bounty_kept: entry.bounty,
                });
            }
            i += tied;
        }
        Ok(out)
    }
}
