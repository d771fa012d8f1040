//! Why an entries command was refused. Each variant is an outcome a client can cause and
//! names the rule it breaks; a refused command changes nothing. The tournament maps these
//! into its `DomainError`, keeping `code()`.

use super::{EntryId, PlayerId};
use crate::error::DomainError;
use crate::structure::Chips;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EntryError {
    #[error("invalid entry settings: {0}")]
    InvalidSettings(String),
    #[error("entry {0} does not exist")]
    UnknownEntry(EntryId),
    #[error("{0} already has an entry in play")]
    AlreadyRegistered(PlayerId),
    #[error("{0} has entered before: that is a re-entry")]
    ReentryRequired(PlayerId),
    #[error("{0} has no entry to re-enter after")]
    NotEntered(PlayerId),
    #[error("{player} has used all {max} re-entries")]
    ReentryLimit { player: PlayerId, max: u32 },
    #[error("registration is closed")]
    RegistrationClosed,
    #[error("all {capacity} seats are taken: join the waiting list")]
    CapacityFull { capacity: u32 },
    #[error("the free seats are held for the alternates ahead on the waiting list")]
    SeatHeldForAlternate,
    #[error("{0} is already on the waiting list")]
    AlreadyWaiting(PlayerId),
    #[error("{0} is not on the waiting list")]
    NotWaiting(PlayerId),
    #[error("a seat is free: register instead of waiting")]
    SeatAvailable,
    #[error("the tournament has not started")]
    NotStarted,
    #[error("the tournament has started: an entry is refunded only before the start")]
    RefundAfterStart,
    #[error("entry {0} is not in play")]
    NotActive(EntryId),
    #[error("this tournament has no rebuys")]
    NoRebuys,
    #[error("the rebuy period is over")]
    RebuyClosed,
    #[error("entry {entry} has had all {max} rebuys")]
    RebuyLimit { entry: EntryId, max: u32 },
    #[error("a rebuy needs the player's stack: rebuys are only at or below {max:?} chips")]
    RebuyStackNeeded { max: Chips },
    #[error("a stack of {stack:?} is above the rebuy threshold of {max:?}")]
    RebuyAboveThreshold { stack: Chips, max: Chips },
    #[error("this tournament has no add-on")]
    NoAddOn,
    #[error("the add-on is not open at this level")]
    AddOnClosed,
    #[error("entry {0} has already taken the add-on")]
    AddOnTaken(EntryId),
    #[error("a bust needs at least one player")]
    EmptyBust,
    #[error("entry {0} is named twice in one bust")]
    NamedTwice(EntryId),
    #[error("entry {0} is already out")]
    AlreadyBusted(EntryId),
    #[error("a bust cannot leave nobody in play")]
    LastPlayerStanding,
    #[error("eliminator {0} is not in this tournament")]
    UnknownEliminator(EntryId),
    #[error("eliminator {0} is not in play")]
    EliminatorNotActive(EntryId),
    #[error("entry {0} cannot eliminate and bust in the same hand")]
    EliminatorBusted(EntryId),
    #[error("entry {0} carries a bounty: name who eliminated it")]
    EliminatorRequired(EntryId),
    #[error("entry {0} is not busted")]
    NotBusted(EntryId),
    #[error("{0} already has another entry in play")]
    PlayerStillIn(PlayerId),
    #[error(
        "entry {eliminator} has since busted with the bounty it won from {entry}: revive it first"
    )]
    BountyMovedOn { entry: EntryId, eliminator: EntryId },
    #[error("registration is already closed by hand")]
    AlreadyClosed,
    #[error("registration was not closed by hand")]
    NotClosedByHand,
    #[error(transparent)]
    Payouts(Box<DomainError>),
}

impl EntryError {
    /// A stable snake_case code for clients to match on; it names the rule.
    pub fn code(&self) -> &'static str {
        use EntryError as E;
        match self {
            E::InvalidSettings(_) => "invalid_entry_settings",
            E::UnknownEntry(_) => "unknown_entry",
            E::AlreadyRegistered(_) => "already_registered",
            E::ReentryRequired(_) => "reentry_required",
            E::NotEntered(_) => "not_entered",
            E::ReentryLimit { .. } => "reentry_limit",
            E::RegistrationClosed => "registration_closed",
            E::CapacityFull { .. } => "capacity_full",
            E::SeatHeldForAlternate => "seat_held_for_alternate",
            E::AlreadyWaiting(_) => "already_waiting",
            E::NotWaiting(_) => "not_waiting",
            E::SeatAvailable => "seat_available",
            E::NotStarted => "not_started",
            E::RefundAfterStart => "refund_after_start",
            E::NotActive(_) => "entry_not_active",
            E::NoRebuys => "no_rebuys",
            E::RebuyClosed => "rebuy_window_closed",
            E::RebuyLimit { .. } => "rebuy_limit",
            E::RebuyStackNeeded { .. } => "rebuy_stack_needed",
            E::RebuyAboveThreshold { .. } => "rebuy_above_stack_threshold",
            E::NoAddOn => "no_add_on",
            E::AddOnClosed => "add_on_window_closed",
            E::AddOnTaken(_) => "add_on_already_taken",
            E::EmptyBust => "empty_bust",
            E::NamedTwice(_) => "entry_named_twice",
            E::AlreadyBusted(_) => "already_busted",
            E::LastPlayerStanding => "last_player_standing",
            E::UnknownEliminator(_) => "eliminator_not_in_tournament",
            E::EliminatorNotActive(_) => "eliminator_not_active",
            E::EliminatorBusted(_) => "eliminator_busted_same_hand",
            E::EliminatorRequired(_) => "eliminator_required",
            E::NotBusted(_) => "entry_not_busted",
            E::PlayerStillIn(_) => "player_still_in",
            E::BountyMovedOn { .. } => "bounty_moved_on",
            E::AlreadyClosed => "registration_already_closed",
            E::NotClosedByHand => "registration_not_closed_by_hand",
            E::Payouts(inner) => inner.code(),
        }
    }
}

impl From<DomainError> for EntryError {
    fn from(e: DomainError) -> Self {
        EntryError::Payouts(Box::new(e))
    }
}
