//! Why a command was refused. Each variant is an expected outcome a client can cause; the
//! HTTP layer maps them to 4xx statuses with the `code` below.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("invalid structure: {0}")]
    InvalidStructure(String),
    #[error("invalid value: {0}")]
    InvalidValue(String),
    #[error("the clock has already been started")]
    AlreadyStarted,
    #[error("the clock has not been started yet")]
    NotStarted,
    #[error("the clock is already running")]
    AlreadyRunning,
    #[error("the clock is already paused")]
    AlreadyPaused,
    #[error("there is no level before level 1")]
    AtFirstLevel,
    #[error("the structure has no level after the last one")]
    AtLastLevel,
    #[error("level {0} does not exist in this structure")]
    NoSuchLevel(usize),
    #[error("the tournament is finished")]
    Finished,
    #[error("the tournament already exists")]
    AlreadyExists,
    #[error(transparent)]
    Entry(#[from] crate::entries::EntryError),
    #[error(transparent)]
    Deal(#[from] crate::deals::DealError),
    #[error(transparent)]
    Seating(#[from] crate::seating::SeatingError),
    #[error("the payouts are locked{0}")]
    PayoutsLocked(&'static str),
    #[error("a deal is recorded: {0}")]
    DealAlreadyMade(&'static str),
    #[error("event {0} does not exist")]
    NoSuchEvent(u64),
    #[error("cannot undo: {0}")]
    UndoRefused(String),
}

impl DomainError {
    /// A stable snake_case code for clients to match on.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::InvalidStructure(_) => "invalid_structure",
            DomainError::InvalidValue(_) => "invalid_value",
            DomainError::AlreadyStarted => "clock_already_started",
            DomainError::NotStarted => "clock_not_started",
            DomainError::AlreadyRunning => "clock_already_running",
            DomainError::AlreadyPaused => "clock_already_paused",
            DomainError::AtFirstLevel => "at_first_level",
            DomainError::AtLastLevel => "at_last_level",
            DomainError::NoSuchLevel(_) => "no_such_level",
            DomainError::Finished => "tournament_finished",
            DomainError::AlreadyExists => "tournament_exists",
            DomainError::Entry(e) => e.code(),
            DomainError::Deal(e) => e.code(),
            DomainError::Seating(e) => e.code(),
            DomainError::PayoutsLocked(_) => "payouts_locked",
            DomainError::DealAlreadyMade(_) => "deal_recorded",
            DomainError::NoSuchEvent(_) => "no_such_event",
            DomainError::UndoRefused(_) => "undo_refused",
        }
    }
}
