//! The commands the entries accept, the events they become, and the context `decide`
//! needs from the rest of the tournament (clock position, start, `now`). Events carry
//! their outcome (prices paid, chips given, finishing order, bounty payments), so `apply`
//! needs nothing else and a replay is exact.

use super::{EntryId, EntryKind, EntrySettings, PlayerId, Price};
use crate::ids::Timestamp;
use crate::money::Money;
use crate::structure::{Chips, Level};
use serde::{Deserialize, Serialize};

/// Where the tournament stands when a command is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryContext {
    /// The clock has started.
    pub started: bool,
    pub now: Timestamp,
    /// The index (into the structure's list) of the level being played, or on a break,
    /// of the last play level before it.
    pub level: usize,
    /// The clock is on the break after `level`.
    pub on_break: bool,
    /// During hand-for-hand, the hand being played (numbered across every call of
    /// hand-for-hand in the tournament): busts on it share places with the earlier busts
    /// on the same hand, whichever table they come from.
    #[serde(default)]
    pub hand: Option<u32>,
}

impl EntryContext {
    /// The context at clock position `position` (an index into `levels`): a break maps
    /// to the play level before it with `on_break`; a break before any play to level 0.
    pub fn at(levels: &[Level], position: usize, started: bool, now: Timestamp) -> Self {
        let last_play = levels
            .iter()
            .take(position.saturating_add(1))
            .rposition(|l| !l.is_break());
        let here_is_break = levels.get(position).is_some_and(Level::is_break);
        let (level, on_break) = match last_play {
            Some(play) => (play, here_is_break),
            None => (0, false),
        };
        EntryContext {
            started,
            now,
            level,
            on_break,
            hand: None,
        }
    }
}

/// One player out on a hand: the stack they started the hand with and who eliminated
/// them (several share the bounty; none when no bounty is due). Logs from before each
/// player had their own eliminators hold `[entry, stack]` with the eliminators on the
/// event; both read as this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "BustedWire")]
pub struct BustedEntry {
    pub entry: EntryId,
    pub stack: Chips,
    pub eliminators: Vec<EntryId>,
}

impl BustedEntry {
    pub fn new(entry: EntryId, stack: Chips, eliminators: Vec<EntryId>) -> Self {
        BustedEntry {
            entry,
            stack,
            eliminators,
        }
    }
}

/// The shapes a [`BustedEntry`] is read from.
#[derive(Deserialize)]
#[serde(untagged)]
enum BustedWire {
    Now {
        entry: EntryId,
        stack: Chips,
        #[serde(default)]
        eliminators: Vec<EntryId>,
    },
    /// Before per-player eliminators: `[entry, stack]`.
    Before(EntryId, Chips),
}

impl From<BustedWire> for BustedEntry {
    fn from(wire: BustedWire) -> Self {
        match wire {
            BustedWire::Now {
                entry,
                stack,
                eliminators,
            } => BustedEntry::new(entry, stack, eliminators),
            BustedWire::Before(entry, stack) => BustedEntry::new(entry, stack, Vec::new()),
        }
    }
}

/// What the floor and the director ask of the entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntryCommand {
    /// A first entry for `player` (or one after an unregistration).
    Register {
        player: PlayerId,
    },
    /// Take back an entry with a full refund; before the start only.
    Unregister {
        entry: EntryId,
    },
    /// A new entry for a player whose entries are all busted.
    Reenter {
        player: PlayerId,
    },
    /// Chips to the same entry; `stack` is its stack now (needed when rebuys have a
    /// stack threshold).
    Rebuy {
        entry: EntryId,
        stack: Option<Chips>,
    },
    AddOn {
        entry: EntryId,
    },
    /// Players out on one hand, each with the stack they had when the hand started and
    /// their own eliminators (who share that player's bounty).
    Bust {
        busted: Vec<BustedEntry>,
    },
    /// Correct a bust: the entry is back in play (see [`EntryEvent::Revived`]).
    Revive {
        entry: EntryId,
    },
    JoinWaitingList {
        player: PlayerId,
    },
    LeaveWaitingList {
        player: PlayerId,
    },
    /// Close registration now, whatever the clock says.
    CloseRegistration,
    /// Undo a close by hand (the clock's rule still applies).
    ReopenRegistration,
    /// New settings for what comes next; what was paid stays as it was.
    ChangeSettings {
        settings: Box<EntrySettings>,
    },
}

/// One bounty payment at a bust: `cash` to the eliminator, `added` onto its own bounty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BountyPayment {
    /// The busted entry whose bounty this is part of.
    pub from: EntryId,
    pub to: EntryId,
    pub cash: Money,
    pub added: Money,
}

/// What happened to the entries. Stored in the log inside the tournament's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntryEvent {
    /// A buy-in or a re-entry: the new entry, what was paid and the chips it starts with.
    Registered {
        entry: EntryId,
        player: PlayerId,
        kind: EntryKind,
        price: Price,
        chips: Chips,
        at: Timestamp,
    },
    /// The entry is taken back and `refund` handed back (what it paid).
    Unregistered {
        entry: EntryId,
        refund: Price,
    },
    RebuyBought {
        entry: EntryId,
        price: Price,
        chips: Chips,
    },
    AddOnBought {
        entry: EntryId,
        price: Price,
        chips: Chips,
    },
    /// Players out on one hand. `finishes` are the finishing tiers, first out first (a
    /// smaller starting stack is out first; equal stacks share a tier). During
    /// hand-for-hand (`hand`), the busts reported earlier on the same hand are ranked
    /// with these: `finishes` then ranks them all and replaces the last `replaces` tiers
    /// (theirs).
    Busted {
        at: Timestamp,
        busted: Vec<BustedEntry>,
        /// Logs from before per-player eliminators: the eliminators of every busted
        /// player. Empty in new events.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        eliminators: Vec<EntryId>,
        finishes: Vec<Vec<EntryId>>,
        payments: Vec<BountyPayment>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hand: Option<u32>,
        #[serde(default, skip_serializing_if = "is_zero")]
        replaces: usize,
    },
    /// A bust corrected: the entry is in play again with the `bounty` it had, and the
    /// bounty payments of its bust are `reversed` (cash back from the eliminators, the
    /// added part off their bounties). Later busts stay; their places move down by one
    /// as the revived entry outlasts them.
    Revived {
        entry: EntryId,
        bounty: Money,
        reversed: Vec<BountyPayment>,
    },
    JoinedWaitingList {
        player: PlayerId,
    },
    LeftWaitingList {
        player: PlayerId,
    },
    RegistrationClosed,
    RegistrationReopened,
    SettingsChanged {
        settings: Box<EntrySettings>,
    },
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl EntryCommand {
    /// A bust where every player out was eliminated by the same `eliminators`.
    pub fn bust_by(busted: &[(EntryId, Chips)], eliminators: &[EntryId]) -> EntryCommand {
        EntryCommand::Bust {
            busted: busted
                .iter()
                .map(|&(entry, stack)| BustedEntry::new(entry, stack, eliminators.to_vec()))
                .collect(),
        }
    }
}

impl EntryEvent {
    /// The same event in today's shape: a bust from before per-player eliminators has its
    /// eliminators on each busted player (`None` when it is in today's shape already).
    pub fn upgraded(&self) -> Option<EntryEvent> {
        let EntryEvent::Busted {
            at,
            busted,
            eliminators,
            finishes,
            payments,
            hand,
            replaces,
        } = self
        else {
            return None;
        };
        if eliminators.is_empty() {
            return None;
        }
        Some(EntryEvent::Busted {
            at: *at,
            busted: busted
                .iter()
                .map(|b| BustedEntry {
                    eliminators: if b.eliminators.is_empty() {
                        eliminators.clone()
                    } else {
                        b.eliminators.clone()
                    },
                    ..b.clone()
                })
                .collect(),
            eliminators: Vec::new(),
            finishes: finishes.clone(),
            payments: payments.clone(),
            hand: *hand,
            replaces: *replaces,
        })
    }

    /// The event's type name, as in its JSON `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            EntryEvent::Registered { .. } => "registered",
            EntryEvent::Unregistered { .. } => "unregistered",
            EntryEvent::RebuyBought { .. } => "rebuy_bought",
            EntryEvent::AddOnBought { .. } => "add_on_bought",
            EntryEvent::Busted { .. } => "busted",
            EntryEvent::Revived { .. } => "revived",
            EntryEvent::JoinedWaitingList { .. } => "joined_waiting_list",
            EntryEvent::LeftWaitingList { .. } => "left_waiting_list",
            EntryEvent::RegistrationClosed => "registration_closed",
            EntryEvent::RegistrationReopened => "registration_reopened",
            EntryEvent::SettingsChanged { .. } => "settings_changed",
        }
    }
}
