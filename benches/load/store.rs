//! The persistence actor alone, in this process: durable appends per second from many
//! concurrent callers, and how many appends share a commit (group commit).

use felt_actors::store::messages::{Append, Batch, GetCommitStats};
use std::time::Instant;

/// The persistence actor alone: `n` appends from `concurrency` callers.
pub async fn appends(n: usize, concurrency: usize) -> (f64, f64) {
    use felt_domain::{
        structure::template, tournament::create, NewTournament, Operator, Recorded, TournamentId,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = felt_actors::store::open(&dir.path().join("felt.db"))
        .await
        .expect("opens");
    let store = felt_actors::Store::start(conn);
    let t = template("regular").expect("built in");
    let start = Instant::now();
    let mut next = 0;
    while next < n {
        let wave: Vec<_> = (next..(next + concurrency).min(n))
            .map(|i| {
                let id = TournamentId(uuid::Uuid::from_u128(i as u128 + 1));
                let event = create(
                    NewTournament {
                        id,
                        name: format!("T{i}"),
                        structure: t.structure.clone(),
                        starting_stack: t.starting_stack,
                        scheduled_start: None,
                        auto_start: false,
                        entry_settings: Default::default(),
                        payouts: Default::default(),
                    },
                    0,
                )
                .expect("valid");
                store.send(Append(Batch {
                    tournament: id,
                    records: vec![Recorded {
                        seq: 1,
                        at: 0,
                        by: Operator::system(),
                        event,
                    }],
                }))
            })
            .collect();
        for w in wave {
            w.await.expect("mailbox").expect("durable");
        }
        next += concurrency;
    }
    let secs = start.elapsed().as_secs_f64();
    let stats = store.send(GetCommitStats).await.expect("mailbox");
    (n as f64 / secs, stats.appends as f64 / stats.commits as f64)
}
