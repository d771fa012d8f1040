//! The supervisor with real tournament actors and a real database: create, subscribe,
//! recover after a restart, rebuild a tournament that panicked, drop a slow subscriber.

use super::messages::*;
use super::Supervisor;
use crate::clock::ManualClock;
use crate::publish::Deliver;
use crate::store::{messages::Close, open, Store};
use crate::testing::{collector, encoder, kinds, settle};
use crate::tournament::messages::{Execute, Explode, GetState, Wake};
use crate::ActorSettings;
use actix::prelude::*;
use felt_domain::structure::template;
use felt_domain::{Command, NewTournament, Operator, TournamentId};
use std::sync::Arc;

const START: i64 = 1_764_000_000_000;
const MIN: i64 = 60_000;

fn new_tournament(n: u128) -> NewTournament {
    let t = template("turbo").expect("built in");
    NewTournament {
        id: TournamentId(uuid::Uuid::from_u128(n)),
        name: format!("Tournament {n}"),
        structure: t.structure,
        starting_stack: t.starting_stack,
        scheduled_start: None,
        auto_start: false,
        entry_settings: Default::default(),
        payouts: Default::default(),
    }
}

struct World {
    dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    store: Addr<Store>,
    sup: Addr<Supervisor>,
}

async fn world_in(dir: tempfile::TempDir, clock: Arc<ManualClock>) -> World {
    let conn = open(&dir.path().join("felt.db")).await.expect("opens");
    let store = Store::start(conn);
    let sup = Supervisor::new(
        store.clone(),
        clock.clone(),
        encoder(),
        ActorSettings::default(),
    )
    .start();
    sup.send(Recover).await.expect("mailbox").expect("recovers");
    World {
        dir,
        clock,
        store,
        sup,
    }
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    world_in(dir, Arc::new(ManualClock::new(START))).await
}

/// Creates tournament `n` on the turbo structure.
async fn create(w: &World, n: u128) {
    w.sup
        .send(Create {
            new: new_tournament(n),
            by: Operator::system(),
        })
        .await
        .expect("mailbox")
        .expect("created");
}

async fn exec(w: &World, id: u128, command: Command) -> Result<u64, crate::ActorError> {
    let addr = w
        .sup
        .send(Lookup(TournamentId(uuid::Uuid::from_u128(id))))
        .await
        .expect("mailbox")?;
    let done = addr
        .send(Execute {
            command,
            by: Operator("floor".into()),
        })
        .await
        .expect("mailbox")?;
    Ok(done.seq)
}

async fn connect(
    w: &World,
) -> (
    u64,
    crate::testing::Frames,
    Arc<std::sync::Mutex<Option<&'static str>>>,
) {
    let (addr, frames, closed) = collector();
    let id = w
        .sup
        .send(Connect {
            to: addr.recipient::<Deliver>(),
        })
        .await
        .expect("mailbox")
        .expect("room");
    (id, frames, closed)
}

#[actix::test]
async fn a_subscriber_gets_a_snapshot_then_every_change_in_order() {
    let w = world().await;
    create(&w, 1).await;
    let (me, frames, _) = connect(&w).await;
    w.sup
        .send(Subscribe {
            subscriber: me,
            tournament: TournamentId(uuid::Uuid::from_u128(1)),
        })
        .await
        .expect("mailbox")
        .expect("subscribed");
    assert_eq!(exec(&w, 1, Command::StartClock).await, Ok(2));
    w.clock.advance(MIN);
    assert_eq!(exec(&w, 1, Command::PauseClock).await, Ok(3));
    assert!(matches!(
        exec(&w, 1, Command::PauseClock).await,
        Err(crate::ActorError::Refused(
            felt_domain::DomainError::AlreadyPaused
        ))
    ));
    settle().await;
    assert_eq!(
        kinds(&frames),
        vec!["snapshot", "clock_started", "clock_paused"]
    );
    let seqs: Vec<u64> = frames
        .lock()
        .expect("not poisoned")
        .iter()
        .map(|f| f["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(seqs, vec![1, 2, 3]);
}

#[actix::test]
async fn an_unknown_tournament_is_not_found() {
    let w = world().await;
    let missing = w
        .sup
        .send(Lookup(TournamentId(uuid::Uuid::from_u128(404))))
        .await
        .expect("mailbox");
    assert!(matches!(missing, Err(crate::ActorError::NotFound(_))));
}

#[actix::test]
async fn tournaments_are_rebuilt_from_the_database_after_a_restart() {
    let w = world().await;
    for n in 1..=3 {
        create(&w, n).await;
    }
    exec(&w, 1, Command::StartClock).await.expect("starts");
    w.clock.advance(3 * MIN);
    exec(&w, 1, Command::AdjustTime { delta_ms: MIN })
        .await
        .expect("adjusts");
    exec(&w, 3, Command::Finish).await.expect("finishes");
    let before = lookup_state(&w, 1).await;
    w.sup.send(Shutdown).await.expect("mailbox");
    w.store.send(Close).await.expect("mailbox");

    let w2 = world_in(w.dir, w.clock.clone()).await;
    let stats = w2.sup.send(GetStats).await.expect("mailbox");
    assert_eq!(
        stats.tournaments_loaded, 2,
        "the finished one stays on disk"
    );
    assert_eq!(stats.tournaments_running, 1);
    let after = lookup_state(&w2, 1).await;
    assert_eq!(
        (after.seq, after.clock.level, after.clock.remaining_ms),
        (before.seq, before.clock.level, before.clock.remaining_ms)
    );
    // The finished one still loads on demand.
    let finished = lookup_state(&w2, 3).await;
    assert_eq!(finished.view.status, felt_domain::Status::Finished);
}

async fn lookup_state(w: &World, n: u128) -> crate::tournament::messages::StateReport {
    let addr = w
        .sup
        .send(Lookup(TournamentId(uuid::Uuid::from_u128(n))))
        .await
        .expect("mailbox")
        .expect("exists");
    addr.send(GetState).await.expect("mailbox")
}

#[actix::test]
async fn a_tournament_that_panics_is_rebuilt_from_its_log_while_others_run_on() {
    let w = world().await;
    for n in 1..=2 {
        create(&w, n).await;
    }
    exec(&w, 1, Command::StartClock).await.expect("starts");
    exec(&w, 2, Command::StartClock).await.expect("starts");
    let (me, frames, _) = connect(&w).await;
    w.sup
        .send(Subscribe {
            subscriber: me,
            tournament: TournamentId(uuid::Uuid::from_u128(1)),
        })
        .await
        .expect("mailbox")
        .expect("subscribed");
    let victim = w
        .sup
        .send(Lookup(TournamentId(uuid::Uuid::from_u128(1))))
        .await
        .expect("mailbox")
        .expect("exists");
    let before = victim.send(GetState).await.expect("mailbox");
    assert!(victim.send(Explode).await.is_err(), "the actor died");
    // The other tournament never notices.
    w.clock.advance(MIN);
    assert_eq!(exec(&w, 2, Command::PauseClock).await, Ok(3));
    settle().await;
    // The victim is back with its state, and its subscriber got a fresh snapshot.
    let after = lookup_state(&w, 1).await;
    assert_eq!(after.seq, before.seq);
    assert_eq!(after.view.clock, before.view.clock);
    assert_eq!(exec(&w, 1, Command::PauseClock).await, Ok(3));
    settle().await;
    assert_eq!(kinds(&frames), vec!["snapshot", "snapshot", "clock_paused"]);
}

#[actix::test]
async fn a_scheduled_tournament_starts_itself_at_its_time() {
    let w = world().await;
    let mut new = new_tournament(5);
    new.scheduled_start = Some(START + 10 * MIN);
    new.auto_start = true;
    w.sup
        .send(Create {
            new,
            by: Operator::system(),
        })
        .await
        .expect("mailbox")
        .expect("created");
    let addr = w
        .sup
        .send(Lookup(TournamentId(uuid::Uuid::from_u128(5))))
        .await
        .expect("mailbox")
        .expect("exists");
    addr.send(Wake).await.expect("mailbox");
    assert!(!addr.send(GetState).await.expect("mailbox").view.started);
    w.clock.advance(10 * MIN + 2_000);
    addr.send(Wake).await.expect("mailbox");
    settle().await;
    let state = addr.send(GetState).await.expect("mailbox");
    assert!(state.view.started);
    assert_eq!(
        state.view.clock.at,
        START + 10 * MIN,
        "counts from the scheduled time"
    );
    assert_eq!(state.clock.remaining_ms, 10 * MIN - 2_000);
}

/// A subscriber whose mailbox is full and never drains: its thread is stuck.
struct Stuck;

impl Actor for Stuck {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        ctx.set_mailbox_capacity(2);
    }
}

impl Handler<Deliver> for Stuck {
    type Result = ();

    fn handle(&mut self, _: Deliver, _: &mut Self::Context) {
        // Stands for a client that stopped reading: this arbiter never gets its thread back.
        std::thread::sleep(std::time::Duration::from_secs(3));
    }
}

#[actix::test]
async fn a_subscriber_that_stops_reading_is_dropped_while_the_others_keep_receiving() {
    let w = world().await;
    create(&w, 9).await;
    let arbiter = Arbiter::new();
    let stuck = Stuck::start_in_arbiter(&arbiter.handle(), |_| Stuck);
    let slow = w
        .sup
        .send(Connect {
            to: stuck.recipient(),
        })
        .await
        .expect("mailbox")
        .expect("room");
    let (fast, frames, _) = connect(&w).await;
    for subscriber in [slow, fast] {
        w.sup
            .send(Subscribe {
                subscriber,
                tournament: TournamentId(uuid::Uuid::from_u128(9)),
            })
            .await
            .expect("mailbox")
            .expect("subscribed");
    }
    exec(&w, 9, Command::StartClock).await.expect("ok");
    for i in 0..20 {
        w.clock.advance(1000);
        let command = if i % 2 == 0 {
            Command::PauseClock
        } else {
            Command::ResumeClock
        };
        exec(&w, 9, command).await.expect("never slowed or refused");
    }
    settle().await;
    assert_eq!(kinds(&frames).len(), 22, "snapshot + 21 changes");
    let state = lookup_state(&w, 9).await;
    assert_eq!(state.subscribers, 1, "the stuck subscriber was dropped");
    arbiter.stop();
}

/// A full disk (here: the database at its page limit) refuses commands with a storage
/// error and changes nothing; when space returns, the same tournament goes on.
#[actix::test]
async fn a_full_disk_refuses_commands_cleanly_and_recovers_when_space_returns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = open(&dir.path().join("felt.db")).await.expect("opens");
    // The same SQLite connection, kept to play the disk.
    let disk = conn.clone();
    let store = Store::start(conn);
    let clock = Arc::new(ManualClock::new(START));
    let sup = Supervisor::new(
        store.clone(),
        clock.clone(),
        encoder(),
        ActorSettings::default(),
    )
    .start();
    let w = World {
        dir,
        clock,
        store,
        sup,
    };
    create(&w, 1).await;
    exec(&w, 1, Command::StartClock).await.expect("starts");
    let before = lookup_state(&w, 1).await;

    let mut rows = disk.query("PRAGMA page_count", ()).await.expect("query");
    let pages: i64 = rows
        .next()
        .await
        .expect("row")
        .expect("one")
        .get(0)
        .expect("int");
    drop(rows);
    let mut refused = None;
    for i in 0..500 {
        set_max_pages(&disk, pages).await;
        w.clock.advance(1000);
        let command = if i % 2 == 0 {
            Command::PauseClock
        } else {
            Command::ResumeClock
        };
        if let Err(e) = exec(&w, 1, command).await {
            refused = Some(e);
            break;
        }
    }
    let refused = refused.expect("the disk filled up");
    assert!(
        matches!(refused, crate::ActorError::Store(_)),
        "{refused:?}"
    );
    let stuck = lookup_state(&w, 1).await;
    // The refused command changed nothing; the log holds exactly what state shows.
    let log = w
        .store
        .send(crate::store::messages::GetEvents {
            tournament: TournamentId(uuid::Uuid::from_u128(1)),
            after: 0,
            limit: 10_000,
        })
        .await
        .expect("mailbox")
        .expect("reads");
    assert_eq!(log.len() as u64, stuck.seq);
    assert!(stuck.seq >= before.seq);

    set_max_pages(&disk, 1_073_741_823).await;
    w.clock.advance(1000);
    let command = if stuck.view.clock.running {
        Command::PauseClock
    } else {
        Command::ResumeClock
    };
    assert_eq!(exec(&w, 1, command).await, Ok(stuck.seq + 1));
}

/// `PRAGMA max_page_count = n` answers with a row: run it as a query.
async fn set_max_pages(conn: &libsql::Connection, pages: i64) {
    let mut rows = conn
        .query(&format!("PRAGMA max_page_count = {pages}"), ())
        .await
        .expect("sets");
    while rows.next().await.expect("row").is_some() {}
}
