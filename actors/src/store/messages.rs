//! Messages the persistence actor receives.

use crate::error::StoreError;
use actix::prelude::*;
use felt_domain::players::{Player, PlayerId};
use felt_domain::{Timestamp, Tournament, TournamentId};

pub use super::db::Batch;

/// Sent by a tournament actor (or the supervisor for a new tournament) with the events a
/// command produced; answered once they are durable (or could not be made so).
#[derive(Message, Debug)]
#[rtype(result = "Result<(), StoreError>")]
pub struct Append(pub Batch);

/// Sent by a tournament actor every so many events and at shutdown.
#[derive(Message, Debug)]
#[rtype(result = "Result<(), StoreError>")]
pub struct SaveSnapshot {
    pub state: Box<Tournament>,
    pub at: Timestamp,
}

/// Sent by the supervisor to rebuild a tournament; `None` if it does not exist.
#[derive(Message, Debug)]
#[rtype(result = "Result<Option<Tournament>, StoreError>")]
pub struct Load(pub TournamentId);

/// Sent by the HTTP layer for a tournament's log (the audit trail): events after
/// `after`, at most `limit`.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<felt_domain::Recorded>, StoreError>")]
pub struct GetEvents {
    pub tournament: TournamentId,
    pub after: felt_domain::Seq,
    pub limit: u32,
}

/// Sent by the supervisor at start: which tournaments to rebuild.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<TournamentId>, StoreError>")]
pub struct GetUnfinished;

/// Sent by the health check.
#[derive(Message, Debug)]
#[rtype(result = "Result<(), StoreError>")]
pub struct Ping;

/// Sent last at shutdown: commit what is pending, then close the database.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Close;

/// Sent by tests and the benchmark: how many commits carried how many appends.
#[derive(Message, Debug)]
#[rtype(result = "CommitStats")]
pub struct GetCommitStats;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitStats {
    pub commits: u64,
    pub appends: u64,
}

/// Sent by the HTTP layer to add a player to the venue's list; answered with the players
/// that already looked like them (the player is added all the same).
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<Player>, StoreError>")]
pub struct AddPlayer {
    pub player: Player,
    pub at: Timestamp,
    pub by: felt_domain::Operator,
}

/// Sent by the HTTP layer: players whose name, nickname or member id contains
/// `part`.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<Player>, StoreError>")]
pub struct SearchPlayers {
    pub part: String,
    pub limit: u32,
}

/// Sent by the HTTP layer: one player.
#[derive(Message, Debug)]
#[rtype(result = "Result<Option<Player>, StoreError>")]
pub struct GetPlayer(pub PlayerId);

/// Sent by the HTTP layer: the names of these players (for results and exports).
#[derive(Message, Debug)]
#[rtype(result = "Result<std::collections::HashMap<PlayerId, String>, StoreError>")]
pub struct GetPlayerNames(pub Vec<PlayerId>);
