//! The tournament actor: the only writer of one tournament. A command is decided by the
//! domain at `now`, its events go to the persistence actor, and only once they are
//! durable are they applied, broadcast (encoded once) and acknowledged. It schedules a
//! wake-up at the next level change to tell the venue overview, and never does I/O.

pub mod messages;

use crate::clock::Clock;
use crate::error::ActorError;
use crate::publish::{Deliver, Encoder, Publication, SubscriberId, Subscribers};
use crate::store::messages::{Append, Batch, GetEvents, SaveSnapshot};
use crate::store::venue::tables::{AssignTables, ReleaseTable, TablePick};
use crate::store::venue::VenueError;
use crate::store::Store;
use crate::supervisor::messages::{Crashed, TournamentChanged};
use crate::supervisor::Supervisor;
use crate::ActorSettings;
use actix::prelude::*;
use felt_domain::seating::TableId;
use felt_domain::{DomainError, Event, Operator, Recorded, Tournament};
use messages::*;
use std::sync::Arc;
use std::time::Duration;

/// What every tournament actor is wired to.
#[derive(Clone)]
pub struct Deps {
    pub store: Addr<Store>,
    pub supervisor: Addr<Supervisor>,
    pub clock: Arc<dyn Clock>,
    pub encoder: Encoder,
    pub settings: ActorSettings,
}

pub struct TournamentActor {
    state: Tournament,
    deps: Deps,
    subscribers: Subscribers,
    wake: Option<SpawnHandle>,
    events_since_snapshot: u64,
    /// The state at the last snapshot (or at start): undo folds the log from here, not
    /// from the creation.
    base: Option<Arc<Tournament>>,
    /// Set only by `Shutdown`. actix runs `stopped` even when dropping an actor that
    /// panicked, so a drop without this flag is what tells a crash apart.
    stopped_cleanly: bool,
}

/// How soon a due automatic action is tried again if it could not be written.
const RETRY_DUE: Duration = Duration::from_secs(1);

/// Slack after a level change before waking, so the wake never lands a hair early.
const WAKE_SLACK: Duration = Duration::from_millis(5);

impl TournamentActor {
    /// An actor for `state`; `subscribers` are handed over from a predecessor that
    /// crashed and get a fresh snapshot on start.
    pub fn new(
        state: Tournament,
        deps: Deps,
        subscribers: Vec<(SubscriberId, Recipient<Deliver>)>,
    ) -> Self {
        let mut set = Subscribers::default();
        for (id, to) in subscribers {
            set.insert(id, to);
        }
        TournamentActor {
            base: Some(Arc::new(state.clone())),
            state,
            deps,
            subscribers: set,
            wake: None,
            events_since_snapshot: 0,
            stopped_cleanly: false,
        }
    }

    fn snapshot_frame(&self) -> bytestring::ByteString {
        let view = self.state.view();
        (self.deps.encoder)(
            &Publication::Snapshot {
                view: &view,
                seq: self.state.seq,
            },
            self.deps.clock.now(),
        )
    }

    /// Applies durable events: state, subscribers, overview, snapshot, wake-up.
    fn commit(&mut self, records: &[Recorded], ctx: &mut Context<Self>) {
        let before = self.tables_in_play();
        for record in records {
            self.state.apply(record);
        }
        self.release_tables(before);
        self.publish(records, ctx);
    }

    /// The tables the tournament's seating holds (all of them once it is finished: none
    /// is in play any more).
    fn tables_in_play(&self) -> Vec<TableId> {
        match (&self.state.seats, self.state.finished) {
            (Some(seats), false) => seats.seating.tables().iter().map(|t| t.id()).collect(),
            _ => Vec::new(),
        }
    }

    /// Tables that left play (broken, released by the final table, the tournament
    /// finished) go back to the venue's pool for the next event.
    fn release_tables(&self, before: Vec<TableId>) {
        let now = self.tables_in_play();
        for table in before.into_iter().filter(|t| !now.contains(t)) {
            // A table opened by hand, not from the pool, is not held there: nothing to do.
            self.deps.store.do_send(ReleaseTable {
                tournament: self.state.id,
                table,
            });
        }
    }

    /// Tells the subscribers about durable events already in the state, then the overview.
    /// Events that change more than clients can fold (payouts, deals, undos) are followed
    /// by a fresh snapshot.
    fn publish(&mut self, records: &[Recorded], ctx: &mut Context<Self>) {
        let now = self.deps.clock.now();
        let mut resync = false;
        for record in records {
            let figures = match record.event {
                Event::Entry { .. } => self.state.figures(),
                _ => None,
            };
            resync |= record.event.followed_by_snapshot();
            let encode = |operator| {
                (self.deps.encoder)(
                    &Publication::Change {
                        tournament: self.state.id,
                        record,
                        figures: figures.as_ref(),
                        operator,
                    },
                    now,
                )
            };
            let (staff, public) = (encode(true), encode(false));
            self.subscribers.broadcast_split(&staff, &public);
        }
        if resync {
            let frame = self.snapshot_frame();
            self.subscribers.broadcast(&frame);
        }
        self.events_since_snapshot += records.len() as u64;
        if self.events_since_snapshot >= self.deps.settings.snapshot_every {
            self.save_snapshot(ctx);
        }
        self.announce(ctx);
    }

    /// Tells the venue overview where this tournament stands and sets the next wake-up.
    fn announce(&mut self, ctx: &mut Context<Self>) {
        let now = self.deps.clock.now();
        self.deps.supervisor.do_send(TournamentChanged {
            summary: self.state.summary(now),
        });
        if let Some(handle) = self.wake.take() {
            ctx.cancel_future(handle);
        }
        if let Some(at) = self.state.next_wake(now) {
            let delay = Duration::from_millis(u64::try_from(at - now).unwrap_or(0)) + WAKE_SLACK;
            self.wake = Some(ctx.run_later(delay, |_, ctx| ctx.notify(Wake)));
        }
    }

    fn save_snapshot(&mut self, ctx: &mut Context<Self>) {
        self.events_since_snapshot = 0;
        let id = self.state.id;
        let save = self.deps.store.send(SaveSnapshot {
            state: Box::new(self.state.clone()),
            at: self.deps.clock.now(),
        });
        self.base = Some(Arc::new(self.state.clone()));
        ctx.spawn(
            async move {
                if let Err(e) = save
                    .await
                    .map_err(ActorError::from)
                    .and_then(|r| r.map_err(ActorError::from))
                {
                    tracing::warn!(tournament = %id, error = %e, "snapshot not written");
                }
            }
            .into_actor(self),
        );
    }
}

impl Actor for TournamentActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        // Subscribers handed over after a crash resync from a fresh snapshot.
        if !self.subscribers.is_empty() {
            let frame = self.snapshot_frame();
            self.subscribers.broadcast(&frame);
        }
        self.announce(ctx);
    }
}

impl Drop for TournamentActor {
    fn drop(&mut self) {
        if !self.stopped_cleanly {
            // Unwinding from a panic: the supervisor rebuilds the tournament from its log
            // and hands these subscribers to the new actor.
            self.deps.supervisor.do_send(Crashed {
                id: self.state.id,
                subscribers: self.subscribers.take(),
            });
        }
    }
}

impl Handler<Execute> for TournamentActor {
    type Result = AtomicResponse<Self, Result<Executed, ActorError>>;

    fn handle(&mut self, msg: Execute, _: &mut Self::Context) -> Self::Result {
        let now = self.deps.clock.now();
        // A fresh random seed for any seat the command draws; the event records it.
        let seed = uuid::Uuid::new_v4().as_u64_pair().0;
        let events = match self.state.decide_with(&msg.command, now, seed) {
            Ok(events) => events,
            Err(refused) => return AtomicResponse::new(Box::pin(fut::ready(Err(refused.into())))),
        };
        let records: Vec<Recorded> = events
            .into_iter()
            .zip(self.state.seq + 1..)
            .map(|(event, seq)| Recorded {
                seq,
                at: now,
                by: msg.by.clone(),
                event,
            })
            .collect();
        let append = self.deps.store.send(Append(Batch {
            tournament: self.state.id,
            records: records.clone(),
        }));
        // Waiting blocks this actor's mailbox: the next command is decided on the state
        // this one leaves, never on a state that may still be rolled back.
        AtomicResponse::new(Box::pin(append.into_actor(self).map(
            move |durable, act, ctx| {
                durable??;
                act.commit(&records, ctx);
                Ok(Executed {
                    seq: act.state.seq,
                    view: act.state.view(),
                })
            },
        )))
    }
}

impl Handler<Undo> for TournamentActor {
    type Result = AtomicResponse<Self, Result<Executed, ActorError>>;

    fn handle(&mut self, msg: Undo, _: &mut Self::Context) -> Self::Result {
        let now = self.deps.clock.now();
        let id = self.state.id;
        let store = self.deps.store.clone();
        let base = self.base.clone().filter(|b| b.seq < msg.seq);
        // The log is read, decided on and written while this actor waits: nothing else is
        // decided meanwhile, so the log read is the log the state folds. From the last
        // snapshot's state when the undo does not reach before it, else from the start.
        let in_play = self.tables_in_play();
        let work = async move {
            let mut undone = None;
            if let Some(base) = base {
                let tail = store
                    .send(GetEvents {
                        tournament: id,
                        after: base.seq,
                        limit: u32::MAX,
                    })
                    .await??;
                undone = Tournament::undo_from(&base, &tail, msg.seq, now, msg.by.clone())?;
            }
            let (record, state) = match undone {
                Some(done) => done,
                None => {
                    let log = store
                        .send(GetEvents {
                            tournament: id,
                            after: 0,
                            limit: u32::MAX,
                        })
                        .await??;
                    Tournament::undo(&log, msg.seq, now, msg.by.clone())?
                }
            };
            // Tables the undo brings back into play (an undone break) are taken from the
            // venue's pool again first; if another tournament holds one now, the undo is
            // refused and nothing is written.
            let back: Vec<TableId> = match (&state.seats, state.finished) {
                (Some(seats), false) => seats
                    .seating
                    .tables()
                    .iter()
                    .map(|t| t.id())
                    .filter(|t| !in_play.contains(t))
                    .collect(),
                _ => Vec::new(),
            };
            if !back.is_empty() {
                let taken = store
                    .send(AssignTables {
                        tournament: id,
                        pick: TablePick::Tables(back.clone()),
                        at: now,
                        by: msg.by.clone(),
                    })
                    .await?;
                if let Err(VenueError::Conflict { message, .. }) = taken {
                    return Err(ActorError::Refused(DomainError::UndoRefused(format!(
                        "it brings back a table the venue has given out since: {message}"
                    ))));
                }
            }
            let appended = store
                .send(Append(Batch {
                    tournament: id,
                    records: vec![record.clone()],
                }))
                .await;
            if !matches!(appended, Ok(Ok(_))) {
                for table in back {
                    store.do_send(ReleaseTable {
                        tournament: id,
                        table,
                    });
                }
            }
            appended??;
            Ok::<_, ActorError>((record, state))
        };
        AtomicResponse::new(Box::pin(work.into_actor(self).map(
            move |done, act, ctx| {
                let (record, state) = done?;
                let before = act.tables_in_play();
                act.state = state;
                act.release_tables(before);
                act.publish(std::slice::from_ref(&record), ctx);
                // Recovery need not fold the whole log again.
                act.save_snapshot(ctx);
                Ok(Executed {
                    seq: act.state.seq,
                    view: act.state.view(),
                })
            },
        )))
    }
}

impl Handler<GetLog> for TournamentActor {
    type Result = ResponseFuture<Result<Vec<Recorded>, ActorError>>;

    fn handle(&mut self, _: GetLog, _: &mut Self::Context) -> Self::Result {
        let events = self.deps.store.send(GetEvents {
            tournament: self.state.id,
            after: 0,
            limit: u32::MAX,
        });
        Box::pin(async move { Ok(events.await??) })
    }
}

impl Handler<GetState> for TournamentActor {
    type Result = MessageResult<GetState>;

    fn handle(&mut self, _: GetState, _: &mut Self::Context) -> Self::Result {
        let now = self.deps.clock.now();
        MessageResult(StateReport {
            seq: self.state.seq,
            now,
            view: self.state.view(),
            clock: self.state.clock_view(now),
            subscribers: self.subscribers.len(),
        })
    }
}

impl Handler<GetTournament> for TournamentActor {
    type Result = MessageResult<GetTournament>;

    fn handle(&mut self, _: GetTournament, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.state.clone())
    }
}

impl Handler<Subscribe> for TournamentActor {
    type Result = ();

    fn handle(&mut self, msg: Subscribe, _: &mut Self::Context) {
        if Subscribers::send_to(&msg.to, self.snapshot_frame()) {
            self.subscribers.insert(msg.subscriber, msg.to);
        }
    }
}

impl Handler<Unsubscribe> for TournamentActor {
    type Result = ();

    fn handle(&mut self, msg: Unsubscribe, _: &mut Self::Context) {
        self.subscribers.remove(msg.subscriber);
    }
}

impl Handler<Wake> for TournamentActor {
    type Result = ();

    fn handle(&mut self, _: Wake, ctx: &mut Self::Context) {
        let now = self.deps.clock.now();
        match self.state.due(now) {
            Some(command) => {
                ctx.notify(Execute {
                    command,
                    by: Operator::system(),
                });
                // If the store refuses it (a full disk), try again rather than never.
                ctx.run_later(RETRY_DUE, |_, ctx| ctx.notify(Wake));
            }
            None => self.announce(ctx),
        }
    }
}

impl Handler<Shutdown> for TournamentActor {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: Shutdown, _: &mut Self::Context) -> Self::Result {
        let save = self.deps.store.send(SaveSnapshot {
            state: Box::new(self.state.clone()),
            at: self.deps.clock.now(),
        });
        let id = self.state.id;
        AtomicResponse::new(Box::pin(save.into_actor(self).map(
            move |saved, act, ctx| {
                if !matches!(saved, Ok(Ok(()))) {
                    tracing::warn!(tournament = %id, "no snapshot at shutdown; the log is enough");
                }
                act.stopped_cleanly = true;
                ctx.stop();
            },
        )))
    }
}

#[cfg(test)]
impl Handler<Explode> for TournamentActor {
    type Result = ();

    fn handle(&mut self, _: Explode, _: &mut Self::Context) {
        panic!("test-only explosion in tournament {}", self.state.id);
    }
}
