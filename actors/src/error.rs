//! What the actors can answer instead of a result.

use felt_domain::{DomainError, TournamentId};
use thiserror::Error;

/// A failure of the database. Cloneable: one group commit answers many callers.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(String),
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[error("the database is closed")]
    Closed,
}

impl From<libsql::Error> for StoreError {
    fn from(e: libsql::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// Why a request to a tournament did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActorError {
    /// The rules refused the command; nothing was written.
    #[error(transparent)]
    Refused(#[from] DomainError),
    #[error("no tournament {0}")]
    NotFound(TournamentId),
    /// The events could not be made durable; nothing was applied.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The tournament's actor is restarting or the server is shutting down.
    #[error("the tournament is unavailable: {0}")]
    Unavailable(String),
    #[error("too many connections")]
    TooManySessions,
}

impl From<actix::MailboxError> for ActorError {
    fn from(e: actix::MailboxError) -> Self {
        ActorError::Unavailable(e.to_string())
    }
}
