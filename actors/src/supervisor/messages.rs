//! Messages the supervisor receives.

use crate::error::{ActorError, StoreError};
use crate::publish::{Deliver, SubscriberId};
use crate::tournament::messages::Executed;
use crate::tournament::TournamentActor;
use actix::prelude::*;
use felt_domain::{tournament::Summary, NewTournament, Operator, TournamentId};

/// Sent once by startup: rebuild every unfinished tournament from the database.
#[derive(Message, Debug)]
#[rtype(result = "Result<usize, StoreError>")]
pub struct Recover;

/// Sent by the HTTP layer to create a tournament; answered once its creation is durable.
#[derive(Message, Debug)]
#[rtype(result = "Result<Executed, ActorError>")]
pub struct Create {
    pub new: NewTournament,
    pub by: Operator,
}

/// Sent by the HTTP layer to bring in a tournament's whole log (exported from another
/// box, or from an archive); refused if the log does not replay or the id is taken.
#[derive(Message, Debug)]
#[rtype(result = "Result<Executed, ActorError>")]
pub struct Import {
    pub log: Vec<felt_domain::Recorded>,
}

/// Sent by the HTTP layer to reach a tournament (loaded from the log if it is not in
/// memory, e.g. a finished one).
#[derive(Message, Debug)]
#[rtype(result = "Result<Addr<TournamentActor>, ActorError>")]
pub struct Lookup(pub TournamentId);

/// Sent by the HTTP layer: the venue overview, one line per loaded tournament.
#[derive(Message, Debug)]
#[rtype(result = "Vec<Summary>")]
pub struct List;

/// Sent by a websocket session when it starts; refused past the session limit.
#[derive(Message, Debug)]
#[rtype(result = "Result<SubscriberId, ActorError>")]
pub struct Connect {
    pub to: Recipient<Deliver>,
}

/// Sent by a websocket session on every way it ends.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Disconnect {
    pub subscriber: SubscriberId,
}

/// Sent by a session to follow a tournament (snapshot, then changes).
#[derive(Message, Debug)]
#[rtype(result = "Result<(), ActorError>")]
pub struct Subscribe {
    pub subscriber: SubscriberId,
    pub tournament: TournamentId,
}

/// Sent by a session to stop following a tournament.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Unsubscribe {
    pub subscriber: SubscriberId,
    pub tournament: TournamentId,
}

/// Sent by a session to follow (or stop following) the venue overview.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct FollowVenue {
    pub subscriber: SubscriberId,
    pub follow: bool,
}

/// Sent by a tournament actor after every change and at each level change.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct TournamentChanged {
    pub summary: Summary,
}

/// Sent from a tournament actor's drop while it unwinds from a panic.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Crashed {
    pub id: TournamentId,
    pub subscribers: Vec<(SubscriberId, Recipient<Deliver>)>,
}

/// Sent by shutdown first: tell every session the server is going away.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct CloseSessions;

/// Sent by shutdown after the HTTP server stopped: snapshot and stop every tournament.
#[derive(Message, Debug)]
#[rtype(result = "()")]
pub struct Shutdown;

/// Sent by the health check.
#[derive(Message, Debug)]
#[rtype(result = "Stats")]
pub struct GetStats;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub tournaments_loaded: usize,
    pub tournaments_running: usize,
    pub sessions: usize,
}
