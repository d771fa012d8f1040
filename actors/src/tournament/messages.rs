//! Messages a tournament actor receives.

use crate::error::ActorError;
use crate::publish::{Deliver, SubscriberId};
use actix::prelude::*;
use felt_domain::{ClockView, Command, Operator, Seq, Timestamp, TournamentView};

/// Sent by HTTP handlers (and the actor's own wake-up) to change the tournament. Answered
/// when the events are durable and applied, or with why nothing changed.
#[derive(Message, Debug)]
#[rtype(result = "Result<Executed, ActorError>")]
pub struct Execute {
    pub command: Command,
    pub by: Operator,
}

/// Sent by HTTP handlers to undo the action that recorded event `seq` (an undo of an
/// `undone` event redoes). Answered like `Execute`.
#[derive(Message, Debug)]
#[rtype(result = "Result<Executed, ActorError>")]
pub struct Undo {
    pub seq: Seq,
    pub by: Operator,
}

/// Sent by HTTP handlers for the audit list: the whole log, read from the database.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<felt_domain::Recorded>, ActorError>")]
pub struct GetLog;

/// The outcome of an executed command.
#[derive(Debug, Clone)]
pub struct Executed {
    /// The sequence number of the last event the command wrote.
    pub seq: Seq,
    pub view: TournamentView,
}

/// Sent by HTTP handlers to read the tournament as it stands now.
#[derive(Message, Debug)]
#[rtype(result = "StateReport")]
pub struct GetState;

#[derive(Debug, Clone)]
pub struct StateReport {
    pub seq: Seq,
    pub now: Timestamp,
    pub view: TournamentView,
    pub clock: ClockView,
    /// Sessions following this tournament now.
    pub subscribers: usize,
}

/// Sent by HTTP handlers that need the whole state (entries, standings): a copy of it.
#[derive(Message, Debug)]
#[rtype(result = "felt_domain::Tournament")]
pub struct GetTournament;

/// Sent by the supervisor for a session: send it a snapshot, then every change.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Subscribe {
    pub subscriber: SubscriberId,
    pub to: Recipient<Deliver>,
}

/// Sent by the supervisor when a session unsubscribes or goes away.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Unsubscribe {
    pub subscriber: SubscriberId,
}

/// Sent by the actor's own timer at a level change or a scheduled start; tests with a
/// manual clock send it after moving the clock.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Wake;

/// Sent by the supervisor at shutdown: write a snapshot and stop.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Shutdown;

/// Sent by tests only: panic inside the actor, to prove the supervisor restarts it.
#[cfg(test)]
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Explode;
