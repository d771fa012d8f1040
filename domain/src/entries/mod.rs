//! Entries and their money: registrations, re-entries, rebuys, add-ons, busts and the
//! places they give, bounties, the waiting list, and the ledger that keeps the prize
//! pool, the fees, the extras and the bounties apart to the minor unit. Pure: no I/O, no
//! clock (the clock position comes in an [`EntryContext`]), no randomness.
//!
//! A sub-aggregate in the tournament's style: [`Entries::decide`] checks an
//! [`EntryCommand`] and returns [`EntryEvent`]s or an [`EntryError`];
//! [`Entries::apply`] folds an event and never fails.
//!
//! - `settings`: prices, chips and windows ([`EntrySettings`]).
//! - `command`: commands, events and the context of a decision.
//! - `decide`, `apply`: the rules, and how events change the state.
//! - `bounty`: who gets what when a bounty is collected.
//! - `places`: finishing places, derived from the order of busts.
//! - `views`: live figures and final results.
//!
//! Choices the issue left open:
//! - Capacity counts entries in play (seats), so a bust during late registration frees
//!   a seat as well as an unregistration. Free seats are held for the alternates at the
//!   head of the waiting list ([`Entries::called_alternates`]): only they may take them
//!   until the list is empty. Nobody is entered automatically; the floor calls them.
//! - Places are derived, not stored: a busted entry keeps its tier in the order of
//!   busts, and its place is one below everyone still in and everyone out after it. So
//!   late entries, ties and revives never leave gaps or overlaps.
//! - A rebuy goes to an entry still in play (a player at zero chips rebuys before the
//!   floor records a bust); a busted entry comes back by re-entry.

mod apply;
mod bounty;
mod command;
mod decide;
mod error;
mod places;
mod settings;
mod views;

#[cfg(test)]
mod tests;

pub use command::{BountyPayment, BustedEntry, EntryCommand, EntryContext, EntryEvent};
pub use error::EntryError;
pub use places::Places;
pub use settings::{
    AddOnSettings, BountyKind, EntrySettings, LateReg, OnTimeBonus, Price, RebuySettings,
    MAX_AMOUNT,
};
pub use views::{DealShares, FinalResult, LiveFigures};

use crate::ids::Timestamp;
use crate::money::Money;
use crate::shared::{SharedMap, SharedVec};
use crate::structure::Chips;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use uuid::Uuid;

/// A person in the venue's player list; created outside the tournament.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct PlayerId(pub Uuid);

/// One entry into one tournament, numbered from 1 in order of entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct EntryId(pub u32);

impl fmt::Display for PlayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "player {}", self.0)
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Buyin,
    Reentry,
}

/// How an entry went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bust {
    /// Its tier in the order of busts (see [`Entries::place`] for the place it gives).
    pub tier: usize,
    pub at: Timestamp,
    /// The stack it started the hand with.
    pub stack: Chips,
    pub eliminators: Vec<EntryId>,
    /// The hand-for-hand hand it went out on (see [`EntryContext::hand`]), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hand: Option<u32>,
    /// Its bounty when it went out, and where that went.
    pub bounty: Money,
    pub payments: Vec<BountyPayment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EntryStatus {
    Active,
    Busted(Bust),
    /// Taken back before the start and refunded; counts for nothing.
    Unregistered,
}

/// One entry and what it has bought and won.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    pub id: EntryId,
    pub player: PlayerId,
    pub kind: EntryKind,
    pub entered_at: Timestamp,
    /// What the buy-in cost (refunded as is on unregistration).
    pub paid: Price,
    /// Every chip counted in: the starting stack, bonus, rebuys and add-on.
    pub chips: Chips,
    pub status: EntryStatus,
    pub rebuys: u32,
    pub add_on: bool,
    /// The bounty on this entry's head now (0 once it is out).
    pub bounty: Money,
    /// Bounty cash it has collected.
    pub bounties_won: Money,
}

impl Entry {
    pub fn is_active(&self) -> bool {
        matches!(self.status, EntryStatus::Active)
    }

    /// Counts as an entry: in play or busted, not unregistered.
    pub fn counts(&self) -> bool {
        !matches!(self.status, EntryStatus::Unregistered)
    }
}

/// Where every minor unit paid in sits. What was paid in, net of refunds, is exactly
/// `prize_pool + fees + extras + bounties_in`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ledger {
    /// The prize parts collected (before any guarantee).
    pub prize_pool: Money,
    pub fees: Money,
    pub extras: BTreeMap<String, Money>,
    pub bounties_in: Money,
    /// Bounty cash paid to eliminators (never more than `bounties_in`).
    pub bounties_paid: Money,
}

impl Ledger {
    pub fn paid_in(&self) -> Money {
        self.prize_pool + self.fees + self.bounties_in + self.extras.values().sum()
    }

    /// Bounties still on heads in play.
    pub fn bounties_held(&self) -> Money {
        self.bounties_in - self.bounties_paid
    }

    fn add(&mut self, price: &Price) {
        self.prize_pool += price.prize;
        self.fees += price.fee;
        self.bounties_in += price.bounty;
        for (name, amount) in &price.extras {
            *self.extras.entry(name.clone()).or_default() += *amount;
        }
    }

    fn refund(&mut self, price: &Price) {
        self.prize_pool -= price.prize;
        self.fees -= price.fee;
        self.bounties_in -= price.bounty;
        for (name, amount) in &price.extras {
            *self.extras.entry(name.clone()).or_default() -= *amount;
        }
    }
}

/// All entries of one tournament: the fold of its entry events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entries {
    settings: EntrySettings,
    /// `entries[i]` has id `i + 1`. The large parts are shared between clones.
    entries: SharedVec<Entry>,
    by_player: SharedMap<PlayerId, Vec<EntryId>>,
    /// Finishing tiers, first out first; a revived entry leaves its tier (which may end
    /// empty, so tier numbers never move).
    tiers: SharedVec<Vec<EntryId>>,
    waiting: Vec<PlayerId>,
    closed_by_hand: bool,
    ledger: Ledger,
}

impl Entries {
    /// No entries yet, with checked settings.
    pub fn new(settings: EntrySettings) -> Result<Self, EntryError> {
        settings.validate()?;
        Ok(Entries {
            settings,
            entries: SharedVec::new(),
            by_player: SharedMap::new(),
            tiers: SharedVec::new(),
            waiting: Vec::new(),
            closed_by_hand: false,
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &EntrySettings {
        &self.settings
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Every entry ever made, in order (unregistered ones included).
    pub fn all(&self) -> &SharedVec<Entry> {
        &self.entries
    }

    pub fn get(&self, id: EntryId) -> Option<&Entry> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        self.entries.get(index)
    }

    /// A player's entries, first first.
    pub fn of_player(&self, player: PlayerId) -> impl Iterator<Item = &Entry> + '_ {
        let ids = self.by_player.get(&player).map_or(&[][..], Vec::as_slice);
        ids.iter().filter_map(|id| self.get(*id))
    }

    pub fn active(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(|e| e.is_active())
    }

    pub fn players_left(&self) -> u32 {
        count(self.active())
    }

    /// Entries that count (in play or busted).
    pub fn entry_count(&self) -> u32 {
        count(self.entries.iter().filter(|e| e.counts()))
    }

    /// The alternates, first in line first.
    pub fn waiting_list(&self) -> &[PlayerId] {
        &self.waiting
    }

    /// Seats free now (`None` without a capacity).
    pub fn free_seats(&self) -> Option<u32> {
        let capacity = self.settings.capacity?;
        Some(capacity.saturating_sub(self.players_left()))
    }

    /// The alternates to call: as many from the head of the list as there are free seats.
    pub fn called_alternates(&self) -> &[PlayerId] {
        let free = self.free_seats().unwrap_or(0) as usize;
        &self.waiting[..free.min(self.waiting.len())]
    }

    pub fn closed_by_hand(&self) -> bool {
        self.closed_by_hand
    }

    /// Registration (and re-entry) is open: not closed by hand, and the clock at
    /// (`level`, `on_break`) has not passed the late registration rule.
    pub fn registration_open(&self, level: usize, on_break: bool) -> bool {
        !self.closed_by_hand && self.settings.late_reg_open(level, on_break)
    }

    /// Rebuys are open at this clock position.
    pub fn rebuy_open(&self, level: usize, on_break: bool) -> bool {
        self.settings.rebuy_open(level, on_break)
    }

    /// The add-on is open at this clock position (its level or the break after it).
    pub fn add_on_open(&self, level: usize) -> bool {
        self.settings.add_on_open(level)
    }
}

fn count<'a>(entries: impl Iterator<Item = &'a Entry>) -> u32 {
    u32::try_from(entries.count()).unwrap_or(u32::MAX)
}
