//! The supervisor: the registry of tournament actors by id, and of websocket sessions and
//! what each follows. It spawns a tournament actor on create, rebuilds every unfinished
//! tournament at start, reloads a finished one on demand, and rebuilds one that panicked
//! from its log (handing it the subscribers) while the others run on. It is also the
//! venue overview's publisher. It decides no tournament rule itself.

pub mod messages;

use crate::clock::Clock;
use crate::error::ActorError;
use crate::publish::{Deliver, Encoder, Publication, SubscriberId, Subscribers};
use crate::store::messages::{Append, Batch, GetUnfinished, Load};
use crate::store::Store;
use crate::tournament::messages::{self as tm, Executed};
use crate::tournament::{Deps, TournamentActor};
use crate::ActorSettings;
use actix::prelude::*;
use felt_domain::tournament::{create, Summary};
use felt_domain::{Recorded, Status, Tournament, TournamentId};
use messages::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Restarts of one tournament after which the supervisor stops trying (a panic that
/// replaying the log reproduces would otherwise loop).
const MAX_RESTARTS: u32 = 10;

struct Entry {
    addr: Addr<TournamentActor>,
    summary: Summary,
}

struct Session {
    to: Recipient<Deliver>,
    tournaments: HashSet<TournamentId>,
}

pub struct Supervisor {
    store: Addr<Store>,
    clock: Arc<dyn Clock>,
    encoder: Encoder,
    settings: ActorSettings,
    tournaments: HashMap<TournamentId, Entry>,
    restarts: HashMap<TournamentId, u32>,
    sessions: HashMap<SubscriberId, Session>,
    venue: Subscribers,
    next_subscriber: SubscriberId,
}

type Found = ResponseActFuture<Supervisor, Result<Addr<TournamentActor>, ActorError>>;

impl Supervisor {
    pub fn new(
        store: Addr<Store>,
        clock: Arc<dyn Clock>,
        encoder: Encoder,
        settings: ActorSettings,
    ) -> Self {
        Supervisor {
            store,
            clock,
            encoder,
            settings,
            tournaments: HashMap::new(),
            restarts: HashMap::new(),
            sessions: HashMap::new(),
            venue: Subscribers::default(),
            next_subscriber: 1,
        }
    }

    fn spawn(
        &mut self,
        state: Tournament,
        subscribers: Vec<(SubscriberId, Recipient<Deliver>)>,
        ctx: &mut Context<Self>,
    ) -> Addr<TournamentActor> {
        let id = state.id;
        let summary = state.summary(self.clock.now());
        let deps = Deps {
            store: self.store.clone(),
            supervisor: ctx.address(),
            clock: self.clock.clone(),
            encoder: self.encoder.clone(),
            settings: self.settings.clone(),
        };
        let addr = TournamentActor::new(state, deps, subscribers).start();
        self.tournaments.insert(
            id,
            Entry {
                addr: addr.clone(),
                summary,
            },
        );
        addr
    }

    /// The tournament's actor, loading it from the log if it is not in memory.
    fn find(&mut self, id: TournamentId) -> Found {
        if let Some(entry) = self.tournaments.get(&id) {
            // A dead actor whose crash report is still on its way: it is being rebuilt.
            let found = if entry.addr.connected() {
                Ok(entry.addr.clone())
            } else {
                Err(ActorError::Unavailable(
                    "the tournament is restarting".into(),
                ))
            };
            return Box::pin(fut::ready(found));
        }
        let load = self.store.send(Load(id));
        Box::pin(load.into_actor(self).map(move |loaded, act, ctx| {
            let state = loaded??.ok_or(ActorError::NotFound(id))?;
            // Another request may have loaded it while this one waited.
            if let Some(entry) = act.tournaments.get(&id) {
                return Ok(entry.addr.clone());
            }
            Ok(act.spawn(state, Vec::new(), ctx))
        }))
    }
}

impl Actor for Supervisor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        ctx.set_mailbox_capacity(crate::BIG_MAILBOX);
    }
}

impl Handler<Recover> for Supervisor {
    type Result = AtomicResponse<Self, Result<usize, crate::StoreError>>;

    fn handle(&mut self, _: Recover, _: &mut Self::Context) -> Self::Result {
        let store = self.store.clone();
        let work = async move {
            let closed = |_| crate::StoreError::Closed;
            let ids = store.send(GetUnfinished).await.map_err(closed)??;
            let mut states = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(state) = store.send(Load(id)).await.map_err(closed)?? {
                    states.push(state);
                }
            }
            Ok::<_, crate::StoreError>(states)
        };
        AtomicResponse::new(Box::pin(work.into_actor(self).map(|loaded, act, ctx| {
            let states = loaded?;
            let count = states.len();
            for state in states {
                if !act.tournaments.contains_key(&state.id) {
                    act.spawn(state, Vec::new(), ctx);
                }
            }
            Ok(count)
        })))
    }
}

impl Handler<Create> for Supervisor {
    type Result = AtomicResponse<Self, Result<Executed, ActorError>>;

    fn handle(&mut self, msg: Create, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        let id = msg.new.id;
        if self.tournaments.contains_key(&id) {
            return AtomicResponse::new(Box::pin(fut::ready(Err(
                felt_domain::DomainError::AlreadyExists.into(),
            ))));
        }
        let first = match create(msg.new, now) {
            Ok(event) => Recorded {
                seq: 1,
                at: now,
                by: msg.by,
                event,
            },
            Err(refused) => return AtomicResponse::new(Box::pin(fut::ready(Err(refused.into())))),
        };
        let append = self.store.send(Append(Batch {
            tournament: id,
            records: vec![first.clone()],
        }));
        AtomicResponse::new(Box::pin(append.into_actor(self).map(
            move |durable, act, ctx| {
                durable??;
                let state = Tournament::from_created(&first)
                    .ok_or_else(|| ActorError::Unavailable("creation event expected".into()))?;
                let view = state.view();
                act.spawn(state, Vec::new(), ctx);
                Ok(Executed { seq: 1, view })
            },
        )))
    }
}

impl Handler<Import> for Supervisor {
    type Result = AtomicResponse<Self, Result<Executed, ActorError>>;

    fn handle(&mut self, msg: Import, _: &mut Self::Context) -> Self::Result {
        let state = match Tournament::replay(&msg.log) {
            Ok(state) => state,
            Err(refused) => return AtomicResponse::new(Box::pin(fut::ready(Err(refused.into())))),
        };
        let id = state.id;
        let exists = self.store.send(Load(id));
        let store = self.store.clone();
        let log = msg.log;
        let work = async move {
            if exists.await??.is_some() {
                return Err(ActorError::Refused(felt_domain::DomainError::AlreadyExists));
            }
            store
                .send(Append(Batch {
                    tournament: id,
                    records: log,
                }))
                .await??;
            Ok(())
        };
        AtomicResponse::new(Box::pin(work.into_actor(self).map(
            move |done, act, ctx| {
                done?;
                let view = state.view();
                let seq = state.seq;
                act.spawn(state, Vec::new(), ctx);
                Ok(Executed { seq, view })
            },
        )))
    }
}

impl Handler<Lookup> for Supervisor {
    type Result = AtomicResponse<Self, Result<Addr<TournamentActor>, ActorError>>;

    fn handle(&mut self, msg: Lookup, _: &mut Self::Context) -> Self::Result {
        AtomicResponse::new(self.find(msg.0))
    }
}

impl Handler<List> for Supervisor {
    type Result = MessageResult<List>;

    fn handle(&mut self, _: List, _: &mut Self::Context) -> Self::Result {
        let mut all: Vec<Summary> = self
            .tournaments
            .values()
            .map(|e| e.summary.clone())
            .collect();
        all.sort_by(|a, b| {
            (a.status == Status::Finished, &a.name).cmp(&(b.status == Status::Finished, &b.name))
        });
        MessageResult(all)
    }
}

impl Handler<Connect> for Supervisor {
    type Result = Result<SubscriberId, ActorError>;

    fn handle(&mut self, msg: Connect, _: &mut Self::Context) -> Self::Result {
        if self.sessions.len() >= self.settings.max_sessions {
            return Err(ActorError::TooManySessions);
        }
        let id = self.next_subscriber;
        self.next_subscriber += 1;
        self.sessions.insert(
            id,
            Session {
                to: msg.to,
                tournaments: HashSet::new(),
            },
        );
        Ok(id)
    }
}

impl Handler<Disconnect> for Supervisor {
    type Result = ();

    fn handle(&mut self, msg: Disconnect, _: &mut Self::Context) {
        self.venue.remove(msg.subscriber);
        let Some(session) = self.sessions.remove(&msg.subscriber) else {
            return;
        };
        for id in session.tournaments {
            if let Some(entry) = self.tournaments.get(&id) {
                entry.addr.do_send(tm::Unsubscribe {
                    subscriber: msg.subscriber,
                });
            }
        }
    }
}

impl Handler<Subscribe> for Supervisor {
    type Result = AtomicResponse<Self, Result<(), ActorError>>;

    fn handle(&mut self, msg: Subscribe, _: &mut Self::Context) -> Self::Result {
        if !self.sessions.contains_key(&msg.subscriber) {
            return AtomicResponse::new(Box::pin(fut::ready(Err(ActorError::Unavailable(
                "session not connected".into(),
            )))));
        }
        AtomicResponse::new(Box::pin(self.find(msg.tournament).map(
            move |found, act, _| {
                let addr = found?;
                let session = act
                    .sessions
                    .get_mut(&msg.subscriber)
                    .ok_or_else(|| ActorError::Unavailable("session gone".into()))?;
                session.tournaments.insert(msg.tournament);
                addr.do_send(tm::Subscribe {
                    subscriber: msg.subscriber,
                    to: session.to.clone(),
                });
                Ok(())
            },
        )))
    }
}

impl Handler<Unsubscribe> for Supervisor {
    type Result = ();

    fn handle(&mut self, msg: Unsubscribe, _: &mut Self::Context) {
        if let Some(session) = self.sessions.get_mut(&msg.subscriber) {
            session.tournaments.remove(&msg.tournament);
        }
        if let Some(entry) = self.tournaments.get(&msg.tournament) {
            entry.addr.do_send(tm::Unsubscribe {
                subscriber: msg.subscriber,
            });
        }
    }
}

impl Handler<FollowVenue> for Supervisor {
    type Result = ();

    fn handle(&mut self, msg: FollowVenue, _: &mut Self::Context) {
        if !msg.follow {
            self.venue.remove(msg.subscriber);
            return;
        }
        let Some(session) = self.sessions.get(&msg.subscriber) else {
            return;
        };
        let summaries: Vec<Summary> = self
            .tournaments
            .values()
            .map(|e| e.summary.clone())
            .collect();
        let frame = (self.encoder)(
            &Publication::Venue {
                summaries: &summaries,
            },
            self.clock.now(),
        );
        if Subscribers::send_to(&session.to, frame) {
            self.venue.insert(msg.subscriber, session.to.clone());
        }
    }
}

impl Handler<TournamentChanged> for Supervisor {
    type Result = ();

    fn handle(&mut self, msg: TournamentChanged, _: &mut Self::Context) {
        if !self.venue.is_empty() {
            let frame = (self.encoder)(
                &Publication::VenueChange {
                    summary: &msg.summary,
                },
                self.clock.now(),
            );
            self.venue.broadcast(&frame);
        }
        if let Some(entry) = self.tournaments.get_mut(&msg.summary.id) {
            entry.summary = msg.summary;
        }
    }
}

impl Handler<Crashed> for Supervisor {
    type Result = ();

    fn handle(&mut self, msg: Crashed, ctx: &mut Self::Context) {
        self.tournaments.remove(&msg.id);
        let restarts = self.restarts.entry(msg.id).or_default();
        *restarts += 1;
        if *restarts > MAX_RESTARTS {
            tracing::error!(tournament = %msg.id, "tournament actor keeps failing; not restarting it");
            return;
        }
        tracing::error!(tournament = %msg.id, restarts = *restarts, "tournament actor panicked; rebuilding it from its log");
        let load = self.store.send(Load(msg.id));
        let id = msg.id;
        let subscribers = msg.subscribers;
        ctx.wait(load.into_actor(self).map(move |loaded, act, ctx| {
            match loaded {
                Ok(Ok(Some(state))) => {
                    act.spawn(state, subscribers, ctx);
                }
                other => tracing::error!(tournament = %id, result = ?other.map(|r| r.map(|s| s.map(|t| t.seq))), "could not rebuild the tournament"),
            }
        }));
    }
}

impl Handler<CloseSessions> for Supervisor {
    type Result = ();

    fn handle(&mut self, _: CloseSessions, _: &mut Self::Context) {
        for session in self.sessions.values() {
            session.to.do_send(Deliver::Close {
                reason: "server shutting down",
            });
        }
    }
}

impl Handler<Shutdown> for Supervisor {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: Shutdown, _: &mut Self::Context) -> Self::Result {
        let addrs: Vec<_> = self.tournaments.drain().map(|(_, e)| e.addr).collect();
        AtomicResponse::new(Box::pin(
            async move {
                for addr in addrs {
                    let _ = addr.send(tm::Shutdown).await;
                }
            }
            .into_actor(self),
        ))
    }
}

impl Handler<GetStats> for Supervisor {
    type Result = MessageResult<GetStats>;

    fn handle(&mut self, _: GetStats, _: &mut Self::Context) -> Self::Result {
        MessageResult(Stats {
            tournaments_loaded: self.tournaments.len(),
            tournaments_running: self
                .tournaments
                .values()
                .filter(|e| e.summary.status == Status::Running)
                .count(),
            sessions: self.sessions.len(),
        })
    }
}

#[cfg(test)]
mod tests;
