//! The venue's own resources kept by the persistence actor, beside the tournaments' logs:
//! payout plans, leagues (seasons and the tournaments they count), the room's tables and
//! which tournament holds which. Each file holds its SQL, its messages and their handlers;
//! the rules (plan checks, points, seats) stay in the domain and the HTTP layer.
//!
//! - [`plans`]: named payout plans.
//! - [`leagues`]: leagues, their seasons and counted tournaments.
//! - [`tables`]: the venue's tables and their assignment to tournaments.

pub mod leagues;
pub mod plans;
pub mod tables;

#[cfg(test)]
mod tests;

use super::Store;
use crate::error::StoreError;
use actix::prelude::*;
use libsql::Connection;
use std::future::Future;
use thiserror::Error;

/// Why a change to a venue resource was not made. Expected outcomes carry a stable
/// snake_case code naming the rule; the HTTP layer maps `NotFound` to 404 and `Conflict`
/// to 409.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VenueError {
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl VenueError {
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        VenueError::NotFound {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        VenueError::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl From<libsql::Error> for VenueError {
    fn from(e: libsql::Error) -> Self {
        VenueError::Store(e.into())
    }
}

/// Whether the database refused a write for a unique key: the backstop behind the checks
/// the handlers make first (they run one at a time, so it should never fire).
fn is_unique_violation(e: &libsql::Error) -> bool {
    e.to_string().contains("UNIQUE constraint failed")
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(corrupt)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(corrupt)
}

fn parse_uuid(text: &str) -> Result<uuid::Uuid, StoreError> {
    uuid::Uuid::parse_str(text).map_err(corrupt)
}

impl Store {
    /// Runs `work` on the connection like the store's other reads and writes: one at a
    /// time, in arrival order, so a check and the write after it cannot be interleaved.
    fn venue<T, F, Fut>(&mut self, work: F) -> AtomicResponse<Self, Result<T, VenueError>>
    where
        T: 'static,
        F: FnOnce(Connection) -> Fut,
        Fut: Future<Output = Result<T, VenueError>> + 'static,
    {
        let fut: std::pin::Pin<Box<dyn Future<Output = Result<T, VenueError>>>> = match &self.conn {
            Some(conn) => Box::pin(work(conn.clone())),
            None => Box::pin(async { Err(VenueError::Store(StoreError::Closed)) }),
        };
        AtomicResponse::new(Box::pin(fut.into_actor(self)))
    }
}
