//! What an entry costs and gives, and when each purchase is allowed: the house's settings
//! for one tournament. Windows are checked against the clock position the caller passes
//! in (see [`EntryContext`](super::EntryContext)); nothing here reads a clock.

use super::EntryError;
use crate::ids::Timestamp;
use crate::money::Money;
use crate::structure::Chips;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Largest amount one part of a price may be (10 billion in major units): keeps every
/// ledger sum far from overflowing.
pub const MAX_AMOUNT: Money = Money(1_000_000_000_000);
/// Largest number of chips one purchase may give.
pub const MAX_CHIPS: Chips = Chips(1_000_000_000_000);
/// Most named extras one price may have.
pub const MAX_EXTRAS: usize = 8;
/// 100% in basis points.
pub const FULL_BP: u32 = 10_000;

/// What one purchase (buy-in, re-entry, rebuy, add-on) costs, split by where the money
/// goes. Events record the price paid, so a later change of settings never rewrites it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Price {
    /// To the prize pool.
    pub prize: Money,
    /// To the house (rake).
    pub fee: Money,
    /// Named extras kept apart (e.g. dealer appreciation), each to the cent.
    pub extras: Vec<(String, Money)>,
    /// Onto the entry's head as its bounty.
    pub bounty: Money,
}

impl Price {
    /// Everything the player hands over.
    pub fn total(&self) -> Money {
        self.prize + self.fee + self.bounty + self.extras.iter().map(|(_, m)| *m).sum()
    }

    fn validate(&self, what: &str) -> Result<(), EntryError> {
        let bad = |why: String| Err(EntryError::InvalidSettings(format!("{what}: {why}")));
        let parts = [
            ("prize", self.prize),
            ("fee", self.fee),
            ("bounty", self.bounty),
        ];
        let extras = self.extras.iter().map(|(n, m)| (n.as_str(), *m));
        for (name, amount) in parts.into_iter().chain(extras) {
            if amount.is_negative() || amount > MAX_AMOUNT {
                return bad(format!("{name} must be between 0 and {MAX_AMOUNT}"));
            }
        }
        if self.extras.len() > MAX_EXTRAS {
            return bad(format!("at most {MAX_EXTRAS} extras"));
        }
        let mut names = BTreeSet::new();
        for (name, _) in &self.extras {
            if name.trim().is_empty() || name.chars().count() > 60 {
                return bad("an extra needs a name of 1 to 60 characters".into());
            }
            if !names.insert(name.as_str()) {
                return bad(format!("the extra {name:?} is named twice"));
            }
        }
        Ok(())
    }
}

/// Chips for registering before a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnTimeBonus {
    pub chips: Chips,
    /// Entries made at or before this instant get the bonus (re-entries included).
    pub deadline: Timestamp,
}

/// When late registration (and with it re-entry) closes by the clock. Levels are indices
/// into the structure's list of levels and breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", content = "level", rename_all = "snake_case")]
pub enum LateReg {
    /// Open until level N ends (closed on the break after it).
    EndOfLevel(usize),
    /// Open through level N and the break right after it.
    AfterBreakFollowing(usize),
    /// Only the director closes it.
    ByHand,
}

/// Chips to the same entry during the rebuy period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RebuySettings {
    pub price: Price,
    pub chips: Chips,
    pub max_per_player: u32,
    /// Rebuys are allowed from the start through the end of this level (not its break).
    pub until_level: usize,
    /// Only at or below this stack, when set.
    #[serde(default)]
    pub max_stack: Option<Chips>,
}

/// One add-on per entry, in its window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddOnSettings {
    pub price: Price,
    pub chips: Chips,
    /// Allowed during this level or the break right after it.
    pub at_level: usize,
}

/// How bounties work (TDA.md, Bounties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BountyKind {
    #[default]
    None,
    /// The eliminator collects the whole bounty.
    Fixed,
    /// Progressive knockout: the eliminator is paid this share, the rest is added to the
    /// eliminator's own bounty.
    Progressive {
        #[serde(default = "half")]
        eliminator_share_bp: u32,
    },
}

fn half() -> u32 {
    FULL_BP / 2
}

impl BountyKind {
    /// A progressive knockout with the TDA default: half to the eliminator.
    pub fn progressive() -> Self {
        BountyKind::Progressive {
            eliminator_share_bp: half(),
        }
    }
}

/// The house's settings for a tournament's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EntrySettings {
    pub buy_in: Price,
    pub starting_chips: Chips,
    pub on_time_bonus: Option<OnTimeBonus>,
    /// Most players in play at once (seats); `None`: no limit and no waiting list.
    pub capacity: Option<u32>,
    pub late_reg: LateReg,
    /// New entries after a bust, per player, while registration is open (0: freezeout).
    pub max_reentries_per_player: u32,
    pub rebuy: Option<RebuySettings>,
    pub add_on: Option<AddOnSettings>,
    pub bounty: BountyKind,
    /// The prize pool is at least this; the house pays the overlay.
    pub guarantee: Money,
}

impl Default for EntrySettings {
    /// A freezeout: 100.00 to the pool plus 10.00 fee, 20,000 chips, no limit on seats,
    /// late registration closed by hand (level numbers depend on the structure).
    fn default() -> Self {
        EntrySettings {
            buy_in: Price {
                prize: Money(10_000),
                fee: Money(1_000),
                ..Price::default()
            },
            starting_chips: Chips(20_000),
            on_time_bonus: None,
            capacity: None,
            late_reg: LateReg::ByHand,
            max_reentries_per_player: 0,
            rebuy: None,
            add_on: None,
            bounty: BountyKind::None,
            guarantee: Money::ZERO,
        }
    }
}

impl EntrySettings {
    /// Checks what makes the settings unusable; the error names the first problem.
    pub fn validate(&self) -> Result<(), EntryError> {
        let bad = |why: &str| Err(EntryError::InvalidSettings(why.into()));
        let chips_ok = |c: Chips| c <= MAX_CHIPS;
        self.buy_in.validate("buy-in")?;
        if self.starting_chips.0 == 0 || !chips_ok(self.starting_chips) {
            return bad("the starting stack must be between 1 and 10^12 chips");
        }
        if self.on_time_bonus.is_some_and(|b| !chips_ok(b.chips)) {
            return bad("the on-time bonus is too large");
        }
        if self.capacity == Some(0) {
            return bad("a capacity must be at least 1 seat");
        }
        if self.guarantee.is_negative() || self.guarantee > MAX_AMOUNT {
            return bad("the guarantee must be between 0 and 10^12");
        }
        if let Some(rebuy) = &self.rebuy {
            rebuy.price.validate("rebuy")?;
            if rebuy.chips.0 == 0 || !chips_ok(rebuy.chips) || rebuy.max_per_player == 0 {
                return bad("a rebuy must give chips and allow at least one per player");
            }
        }
        if let Some(add_on) = &self.add_on {
            add_on.price.validate("add-on")?;
            if add_on.chips.0 == 0 || !chips_ok(add_on.chips) {
                return bad("an add-on must give chips");
            }
        }
        let bounty_parts = [
            Some(self.buy_in.bounty),
            self.rebuy.as_ref().map(|r| r.price.bounty),
            self.add_on.as_ref().map(|a| a.price.bounty),
        ];
        match self.bounty {
            BountyKind::None if bounty_parts.iter().flatten().any(|b| b.0 > 0) => {
                bad("a price has a bounty part but the tournament has no bounties")
            }
            BountyKind::Progressive {
                eliminator_share_bp,
            } if eliminator_share_bp > FULL_BP => bad("the eliminator's share is above 100%"),
            _ => Ok(()),
        }
    }

    /// Late registration is open by the clock at this position (the director may also
    /// have closed it by hand: see [`Entries::registration_open`](super::Entries)).
    pub fn late_reg_open(&self, level: usize, on_break: bool) -> bool {
        match self.late_reg {
            LateReg::EndOfLevel(n) => through_level(n, level, on_break),
            LateReg::AfterBreakFollowing(n) => level <= n,
            LateReg::ByHand => true,
        }
    }

    /// Rebuys are allowed at this position: through the end of `until_level`.
    pub fn rebuy_open(&self, level: usize, on_break: bool) -> bool {
        self.rebuy
            .as_ref()
            .is_some_and(|r| through_level(r.until_level, level, on_break))
    }

    /// The add-on is allowed at this position: its level or the break right after it.
    pub fn add_on_open(&self, level: usize) -> bool {
        self.add_on.as_ref().is_some_and(|a| a.at_level == level)
    }
}

/// Open up to and during level `n`, closed from the break after it.
fn through_level(n: usize, level: usize, on_break: bool) -> bool {
    level < n || (level == n && !on_break)
}
