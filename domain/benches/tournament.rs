//! A WSOP-size tournament through the aggregate (decide + apply, as the actor runs it):
//! 10,000 entrants on 1,000 ten-seat tables. Times a registration with its seat draw, a
//! bust with its seating follow-up (freed seat, break decision; the busts that break a
//! table also apart), the undo of the last action (which folds the whole log), and
//! reports the state's size as JSON.
//! `cargo bench -p felt-domain --bench tournament`.

use felt_domain::entries::{EntryCommand, EntryId, EntrySettings, PlayerId};
use felt_domain::seating::TableSpec;
use felt_domain::structure::{template, Chips};
use felt_domain::tournament::{create, SeatCommand, SeatEvent};
use felt_domain::{Command, Event, NewTournament, Operator, Recorded, Tournament, TournamentId};
use std::time::{Duration, Instant};
use uuid::Uuid;

const TABLES: u32 = 1_000;
const FIELD: u128 = 10_000;

struct Desk {
    state: Tournament,
    log: Vec<Recorded>,
    now: i64,
}

impl Desk {
    fn run(&mut self, command: Command) -> Duration {
        self.run_counting_breaks(command).0
    }

    /// Runs `command`; how long it took, and whether a table broke (or the final table
    /// formed) with it.
    fn run_counting_breaks(&mut self, command: Command) -> (Duration, bool) {
        self.now += 1;
        let start = Instant::now();
        let events = self
            .state
            .decide_with(&command, self.now, self.now as u64)
            .expect("accepted");
        let broke = events.iter().any(|e| {
            matches!(
                e,
                Event::Seating {
                    change: SeatEvent::TableBroken { .. } | SeatEvent::FinalTableDrawn { .. }
                }
            )
        });
        for event in events {
            let record = Recorded {
                seq: self.state.seq + 1,
                at: self.now,
                by: Operator("bench".into()),
                event,
            };
            self.state.apply(&record);
            self.log.push(record);
        }
        (start.elapsed(), broke)
    }
}

fn report(what: &str, mut samples: Vec<Duration>, target: &str) {
    samples.sort_unstable();
    let n = samples.len();
    let mean = samples.iter().sum::<Duration>() / n as u32;
    println!(
        "{what:<44} mean {:>9.2?}  median {:>9.2?}  p99 {:>9.2?}  (target {target}, n={n})",
        mean,
        samples[n / 2],
        samples[(n * 99 / 100).min(n - 1)]
    );
}

fn main() {
    let t = template("deep_stack").expect("built in");
    let new = NewTournament {
        id: TournamentId(Uuid::from_u128(1)),
        name: "Main Event".into(),
        structure: t.structure,
        starting_stack: t.starting_stack,
        scheduled_start: None,
        auto_start: false,
        entry_settings: EntrySettings {
            max_reentries_per_player: 1,
            ..EntrySettings::default()
        },
        payouts: Default::default(),
    };
    let now = 1_800_000_000_000;
    let first = Recorded {
        seq: 1,
        at: now,
        by: Operator::system(),
        event: create(new, now).expect("valid"),
    };
    let mut desk = Desk {
        state: Tournament::from_created(&first).expect("created"),
        log: vec![first],
        now,
    };
    desk.run(Command::Seat(SeatCommand::OpenTables {
        tables: (1..=TABLES).map(|i| TableSpec::new(i, 10)).collect(),
    }));
    let mut registrations = Vec::new();
    for n in 1..=FIELD {
        let took = desk.run(Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(n)),
        }));
        if n > FIELD - 2_000 {
            registrations.push(took);
        }
    }
    report(
        "registration + seat draw (field 8,000-10,000)",
        registrations,
        "<= 20 us",
    );
    desk.run(Command::StartClock);
    let mut busts = Vec::new();
    let mut breaking = Vec::new();
    // Bust every 7th entry from the top: spread over the tables, some tables break.
    for i in 0..1_000u32 {
        let entry = 10_000 - (i * 7) % 10_000;
        if desk
            .state
            .entries
            .get(EntryId(entry))
            .is_some_and(|e| e.is_active())
        {
            let (took, broke) = desk.run_counting_breaks(Command::Entry(EntryCommand::bust_by(
                &[(EntryId(entry), Chips(1_000))],
                &[EntryId(1)],
            )));
            busts.push(took);
            if broke {
                breaking.push(took);
            }
        }
    }
    report(
        "bust + seating follow-up (~9,000 left)",
        busts,
        "<= 0.15 ms",
    );
    report("of which busts that break a table", breaking, "<= 0.15 ms");
    let last = desk.state.seq;
    let mut undos = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let undone = Tournament::undo(&desk.log, last, desk.now, Operator("bench".into()));
        undos.push(start.elapsed());
        assert!(undone.is_ok());
    }
    report(
        &format!(
            "undo of the last action, whole log ({} events)",
            desk.log.len()
        ),
        undos,
        "-",
    );
    // As the actor does it: from the state at its last snapshot (every 200 events).
    let cut = desk.log.len() - 200;
    let base = Tournament::from_log(&desk.log[..cut]).expect("folds");
    let tail = &desk.log[cut..];
    let mut quick = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        let undone = Tournament::undo_from(&base, tail, last, desk.now, Operator("bench".into()));
        quick.push(start.elapsed());
        assert!(matches!(undone, Ok(Some(_))));
    }
    report(
        "undo of the last action, from a snapshot 200 back",
        quick,
        "<= 1 ms",
    );
    let json = serde_json::to_vec(&desk.state).expect("serializes");
    println!(
        "state as JSON: {:.1} MiB for {} entries (target < 10 MiB in memory)",
        json.len() as f64 / (1024.0 * 1024.0),
        desk.state.entries.all().len()
    );
}
