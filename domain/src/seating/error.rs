//! Why a seating command was refused. Each variant is an outcome a client can cause; a
//! refused command changes nothing. The tournament maps these to its `DomainError`.

use super::{PlayerId, SeatNo, SeatRef, TableId};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SeatingError {
    #[error("{0} already has a seat")]
    AlreadySeated(PlayerId),
    #[error("{0} has no seat")]
    NotSeated(PlayerId),
    #[error("{0} is not in play in this tournament")]
    NoSuchTable(TableId),
    #[error("{0} is already in play in this tournament")]
    TableExists(TableId),
    #[error("{table} has no seat {seat}")]
    NoSuchSeat { table: TableId, seat: SeatNo },
    #[error("{0} is taken")]
    SeatOccupied(SeatRef),
    #[error("{0} is reserved or out of play")]
    SeatReserved(SeatRef),
    #[error("invalid table: {0}")]
    InvalidTable(String),
    #[error("no open seat: open another table")]
    NoOpenSeat,
    #[error("{0} still has players seated")]
    TableNotEmpty(TableId),
    #[error("the last table cannot break")]
    LastTable,
    #[error("the other tables have {open} open seats for {players} players")]
    NotEnoughSeats { players: usize, open: usize },
    #[error("a player cannot swap seats with themselves")]
    SamePlayer,
    #[error("the move does not name a player: the floor must name one")]
    PlayerNotNamed,
    #[error("{player} is not at {table} any more")]
    NotAtTable { player: PlayerId, table: TableId },
    #[error("the moves no longer match the seating: {0}")]
    MovesMismatch(String),
    #[error("hand-for-hand is not on")]
    NotHandForHand,
    #[error("{0} already reported this hand")]
    HandAlreadyReported(TableId),
    #[error("{0} already busted this hand")]
    AlreadyBusted(PlayerId),
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
}

impl SeatingError {
    /// A stable snake_case code for clients to match on.
    pub fn code(&self) -> &'static str {
        match self {
            SeatingError::AlreadySeated(_) => "already_seated",
            SeatingError::NotSeated(_) => "not_seated",
            SeatingError::NoSuchTable(_) => "no_such_table",
            SeatingError::TableExists(_) => "table_in_play",
            SeatingError::NoSuchSeat { .. } => "no_such_seat",
            SeatingError::SeatOccupied(_) => "seat_occupied",
            SeatingError::SeatReserved(_) => "seat_reserved",
            SeatingError::InvalidTable(_) => "invalid_table",
            SeatingError::NoOpenSeat => "no_open_seat",
            SeatingError::TableNotEmpty(_) => "table_not_empty",
            SeatingError::LastTable => "last_table",
            SeatingError::NotEnoughSeats { .. } => "not_enough_seats",
            SeatingError::SamePlayer => "same_player",
            SeatingError::PlayerNotNamed => "player_not_named",
            SeatingError::NotAtTable { .. } => "move_stale",
            SeatingError::MovesMismatch(_) => "moves_mismatch",
            SeatingError::NotHandForHand => "not_hand_for_hand",
            SeatingError::HandAlreadyReported(_) => "hand_already_reported",
            SeatingError::AlreadyBusted(_) => "already_busted",
            SeatingError::InvalidSetting(_) => "invalid_setting",
        }
    }
}
