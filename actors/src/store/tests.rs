//! The persistence actor and its SQL: migrations, append and load, snapshots, group commit.

use super::db;
use super::messages::*;
use crate::testing::temp_store;
use felt_domain::structure::template;
use felt_domain::tournament::{create, NewTournament};
use felt_domain::{Command, Operator, Recorded, Tournament, TournamentId};

fn new_tournament(n: u128) -> NewTournament {
    let t = template("regular").expect("built in");
    NewTournament {
        id: TournamentId(uuid::Uuid::from_u128(n)),
        name: format!("T{n}"),
        structure: t.structure,
        starting_stack: t.starting_stack,
        scheduled_start: None,
        auto_start: false,
        entry_settings: Default::default(),
        payouts: Default::default(),
    }
}

/// A created tournament and a log of `extra` clock commands after it.
fn log(n: u128, extra: usize) -> (Tournament, Vec<Recorded>) {
    let first = Recorded {
        seq: 1,
        at: 0,
        by: Operator::system(),
        event: create(new_tournament(n), 0).expect("valid"),
    };
    let mut t = Tournament::from_created(&first).expect("created");
    let mut records = vec![first];
    for i in 0..extra {
        let command = match i {
            0 => Command::StartClock,
            i if i % 2 == 1 => Command::PauseClock,
            _ => Command::ResumeClock,
        };
        let at = (i as i64 + 1) * 1000;
        for event in t.decide(&command, at).expect("valid") {
            let rec = Recorded {
                seq: t.seq + 1,
                at,
                by: Operator("floor".into()),
                event,
            };
            t.apply(&rec);
            records.push(rec);
        }
    }
    (t, records)
}

async fn schema(conn: &libsql::Connection) -> Vec<String> {
    let mut rows = conn
        .query(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name",
            (),
        )
        .await
        .expect("query");
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.expect("row") {
        out.push(row.get::<String>(0).expect("text"));
    }
    out
}

#[actix::test]
async fn migrations_applied_twice_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("felt.db");
    let conn = db::open(&path).await.expect("opens and migrates");
    let before = schema(&conn).await;
    assert_eq!(db::migrate(&conn).await.expect("migrates"), 0);
    drop(conn);
    let again = db::open(&path).await.expect("reopens");
    assert_eq!(schema(&again).await, before);
    assert!(before.iter().any(|s| s.contains("CREATE TABLE events")));
}

#[test]
fn every_migration_file_is_listed_in_order() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("migrations dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<String> = db::MIGRATIONS
        .iter()
        .map(|(_, n, _)| format!("{n}.sql"))
        .collect();
    assert_eq!(files, listed);
    // Numbers only grow; a gap is a number another branch holds.
    let mut last = 0;
    for (version, name, _) in db::MIGRATIONS {
        assert!(*version > last, "{name} after version {last}");
        assert!(name.starts_with(&format!("{version:04}_")));
        last = *version;
    }
}

#[actix::test]
async fn the_log_is_append_only_and_its_pragmas_hold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = db::open(&dir.path().join("felt.db")).await.expect("opens");
    let (_, records) = log(1, 2);
    db::append(
        &conn,
        &[Batch {
            tournament: TournamentId(uuid::Uuid::from_u128(1)),
            records,
        }],
    )
    .await
    .expect("appends");
    assert!(conn
        .execute("UPDATE events SET kind = 'x'", ())
        .await
        .is_err());
    assert!(conn.execute("DELETE FROM events", ()).await.is_err());
    let mut rows = conn.query("PRAGMA journal_mode", ()).await.expect("query");
    let row = rows.next().await.expect("row").expect("one");
    assert_eq!(row.get::<String>(0).expect("text"), "wal");
}

#[actix::test]
async fn a_tournament_loads_back_from_snapshot_and_later_events() {
    let (_dir, store) = temp_store().await;
    let (t, records) = log(2, 9);
    let id = t.id;
    store
        .send(Append(Batch {
            tournament: id,
            records: records[..5].to_vec(),
        }))
        .await
        .expect("mailbox")
        .expect("durable");
    let mut at_five = Tournament::from_created(&records[0]).expect("created");
    for r in &records[1..5] {
        at_five.apply(r);
    }
    store
        .send(SaveSnapshot {
            state: Box::new(at_five),
            at: 5,
        })
        .await
        .expect("mailbox")
        .expect("saved");
    store
        .send(Append(Batch {
            tournament: id,
            records: records[5..].to_vec(),
        }))
        .await
        .expect("mailbox")
        .expect("durable");
    let loaded = store.send(Load(id)).await.expect("mailbox").expect("reads");
    assert_eq!(loaded, Some(t));
    let missing = store
        .send(Load(TournamentId(uuid::Uuid::from_u128(99))))
        .await
        .expect("mailbox")
        .expect("reads");
    assert_eq!(missing, None);
    let unfinished = store
        .send(GetUnfinished)
        .await
        .expect("mailbox")
        .expect("reads");
    assert_eq!(unfinished, vec![id]);
}

#[actix::test]
async fn appends_that_arrive_together_share_commits() {
    let (_dir, store) = temp_store().await;
    let sends: Vec<_> = (0..200u128)
        .map(|n| {
            let (_, records) = log(100 + n, 1);
            store.send(Append(Batch {
                tournament: TournamentId(uuid::Uuid::from_u128(100 + n)),
                records,
            }))
        })
        .collect();
    for s in sends {
        s.await.expect("mailbox").expect("durable");
    }
    let stats = store.send(GetCommitStats).await.expect("mailbox");
    assert_eq!(stats.appends, 200);
    assert!(stats.commits < 200, "{stats:?}");
    let ids = store
        .send(GetUnfinished)
        .await
        .expect("mailbox")
        .expect("reads");
    assert_eq!(ids.len(), 200);
}

#[actix::test]
async fn a_bad_append_fails_alone_in_its_group() {
    let (_dir, store) = temp_store().await;
    let (_, good) = log(7, 1);
    let (_, dup) = log(7, 0);
    let (_, other) = log(8, 1);
    let a = store.send(Append(Batch {
        tournament: TournamentId(uuid::Uuid::from_u128(7)),
        records: good,
    }));
    // The same tournament created twice breaks the unique key.
    let b = store.send(Append(Batch {
        tournament: TournamentId(uuid::Uuid::from_u128(7)),
        records: dup,
    }));
    let c = store.send(Append(Batch {
        tournament: TournamentId(uuid::Uuid::from_u128(8)),
        records: other,
    }));
    assert_eq!(a.await.expect("mailbox"), Ok(()));
    assert!(b.await.expect("mailbox").is_err());
    assert_eq!(c.await.expect("mailbox"), Ok(()));
}

#[actix::test]
async fn appends_after_close_are_refused() {
    let (_dir, store) = temp_store().await;
    let (_, records) = log(3, 0);
    let pending = store.send(Append(Batch {
        tournament: TournamentId(uuid::Uuid::from_u128(3)),
        records,
    }));
    store.do_send(Close);
    assert_eq!(pending.await.expect("answered before closing"), Ok(()));
    let (_, records) = log(4, 0);
    let late = store
        .send(Append(Batch {
            tournament: TournamentId(uuid::Uuid::from_u128(4)),
            records,
        }))
        .await;
    assert!(!matches!(late, Ok(Ok(()))));
}

#[actix::test]
async fn a_checkpoint_moves_the_log_into_the_main_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("felt.db");
    let conn = db::open(&path).await.expect("opens");
    let (_, records) = log(5, 30);
    db::append(
        &conn,
        &[Batch {
            tournament: TournamentId(uuid::Uuid::from_u128(5)),
            records,
        }],
    )
    .await
    .expect("appends");
    db::checkpoint(&conn).await.expect("checkpoints");
    let main = std::fs::metadata(&path).expect("file").len();
    let wal = std::fs::metadata(dir.path().join("felt.db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert!(main > 4096, "main file {main} bytes, wal {wal}");
    assert_eq!(wal, 0);
}
