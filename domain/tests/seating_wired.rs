//! The seating engine wired to the entries: every entry in play has one seat while seats
//! exist, tables break and the final table forms by themselves, and every log (seeds
//! recorded in its events) replays to the same seats.

use felt_domain::entries::{EntryCommand, EntryId, EntrySettings, PlayerId};
use felt_domain::seating::{TableId, TableSpec};
use felt_domain::structure::{template, Chips};
use felt_domain::tournament::{create, SeatCommand};
use felt_domain::{Command, NewTournament, Operator, Recorded, Tournament, TournamentId};
use proptest::prelude::*;
use std::collections::BTreeSet;
use uuid::Uuid;

struct Desk {
    state: Tournament,
    log: Vec<Recorded>,
    now: i64,
    seed: u64,
}

impl Desk {
    fn new() -> Desk {
        let t = template("turbo").expect("built in");
        let new = NewTournament {
            id: TournamentId(Uuid::from_u128(9)),
            name: "Seats".into(),
            structure: t.structure,
            starting_stack: t.starting_stack,
            scheduled_start: None,
            auto_start: false,
            entry_settings: EntrySettings {
                max_reentries_per_player: 3,
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
        Desk {
            state: Tournament::from_created(&first).expect("created"),
            log: vec![first],
            now,
            seed: 1,
        }
    }

    fn run(&mut self, command: Command) -> bool {
        self.now += 1000;
        self.seed = self.seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let Ok(events) = self.state.decide_with(&command, self.now, self.seed) else {
            return false;
        };
        for event in events {
            let record = Recorded {
                seq: self.state.seq + 1,
                at: self.now,
                by: Operator("floor".into()),
                event,
            };
            self.state.apply(&record);
            self.log.push(record);
        }
        true
    }

    fn seated(&self) -> Vec<(EntryId, felt_domain::seating::SeatRef)> {
        let seats = self.state.seats.as_ref().expect("seating");
        self.state
            .entries
            .active()
            .filter_map(|e| seats.seat_of(e.id).map(|s| (e.id, s)))
            .collect()
    }
}

fn tables(n: u32, seats: u8) -> Vec<TableSpec> {
    (1..=n).map(|id| TableSpec::new(id, seats)).collect()
}

#[test]
fn entries_draw_seats_evenly_and_tables_break_down_to_a_final_table() {
    let mut desk = Desk::new();
    assert!(desk.run(Command::Seat(SeatCommand::OpenTables {
        tables: tables(3, 9)
    })));
    for n in 0..25u128 {
        assert!(desk.run(Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(n + 1)),
        })));
    }
    assert_eq!(desk.seated().len(), 25, "everyone has a seat");
    let counts = |desk: &Desk| -> Vec<u8> {
        let seats = desk.state.seats.as_ref().expect("seating");
        seats
            .seating
            .tables()
            .iter()
            .map(|t| t.player_count())
            .collect()
    };
    let c = counts(&desk);
    assert!(
        c.iter().max().expect("tables") - c.iter().min().expect("tables") <= 1,
        "{c:?}"
    );
    assert!(desk.run(Command::StartClock));
    // Busts down to 18: one table breaks by itself (the highest number first).
    for e in 19..=25u32 {
        assert!(desk.run(Command::Entry(EntryCommand::bust_by(
            &[(EntryId(e), Chips(100))],
            &[EntryId(1)]
        ))));
    }
    let seats = desk.state.seats.as_ref().expect("seating");
    assert_eq!(seats.seating.tables().len(), 2, "{:?}", counts(&desk));
    assert!(
        seats.seating.table(TableId(3)).is_none(),
        "table 3 broke first"
    );
    assert_eq!(desk.seated().len(), 18);
    // Down to 9: the final table is drawn.
    for e in 10..=18u32 {
        assert!(desk.run(Command::Entry(EntryCommand::bust_by(
            &[(EntryId(e), Chips(100))],
            &[EntryId(1)]
        ))));
    }
    assert_eq!(counts(&desk), vec![9]);
    let replayed = Tournament::replay(&desk.log).expect("the log replays");
    assert_eq!(replayed, desk.state);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever registrations, busts and re-entries happen: one seat per entry in play
    /// while seats last, no seat with two players, the tables within tolerance once the
    /// proposed moves are made, and the log replays to the same state.
    #[test]
    fn every_entry_in_play_has_one_seat_and_the_log_replays(
        ops in proptest::collection::vec((0u8..3, 1u32..60), 1..120),
        table_count in 2u32..6,
        seats in 6u8..=10,
    ) {
        let mut desk = Desk::new();
        let opened = desk.run(Command::Seat(SeatCommand::OpenTables {
            tables: tables(table_count, seats),
        }));
        prop_assert!(opened);
        let started = desk.run(Command::StartClock);
        prop_assert!(started);
        for (kind, n) in ops {
            let player = PlayerId(Uuid::from_u128(u128::from(n)));
            let command = match kind {
                0 => Command::Entry(EntryCommand::Register { player }),
                1 => Command::Entry(EntryCommand::Reenter { player }),
                _ => Command::Entry(EntryCommand::bust_by(&[(EntryId(n), Chips(100))], &[EntryId(1)])),
            };
            desk.run(command);
            // The floor confirms every move the balancer proposes, naming a player at the
            // giving table when the engine cannot (no button recorded).
            for _ in 0..64 {
                let Some(mv) = desk.state.seats.as_ref().and_then(|s| s.plan().moves.first().copied()) else {
                    break;
                };
                let named = mv.player.or_else(|| {
                    let seats = desk.state.seats.as_ref()?;
                    seats.seating.table(mv.from)?.players().next().map(|(_, p)| p)
                });
                let confirmed = desk.run(Command::Seat(SeatCommand::ConfirmMove {
                    from: mv.from,
                    entry: named.map(|p| EntryId(p.0 as u32)),
                }));
                prop_assert!(confirmed, "a proposed move could not be made: {:?}", mv);
            }
            let seated = desk.seated();
            let distinct: BTreeSet<_> = seated.iter().map(|(_, s)| *s).collect();
            prop_assert_eq!(distinct.len(), seated.len(), "two players in one seat");
            let seating = &desk.state.seats.as_ref().expect("seating").seating;
            let players = desk.state.entries.players_left() as usize;
            if players <= seating.capacity() {
                prop_assert_eq!(seated.len(), players, "an entry in play without a seat");
            }
            let s = desk.state.seats.as_ref().expect("seating");
            prop_assert!(s.plan().moves.is_empty(), "moves still proposed after confirming them");
            prop_assert!(
                s.seating.is_balanced(&s.settings.balance),
                "tables out of tolerance after the moves"
            );
        }
        let replayed = Tournament::replay(&desk.log);
        prop_assert_eq!(replayed.as_ref(), Ok(&desk.state));
    }
}

#[test]
fn hand_for_hand_waits_for_every_table_then_takes_two_minutes_off_the_clock() {
    let mut desk = Desk::new();
    assert!(desk.run(Command::Seat(SeatCommand::OpenTables {
        tables: tables(2, 9)
    })));
    for n in 0..12u128 {
        assert!(desk.run(Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(n + 1)),
        })));
    }
    assert!(desk.run(Command::StartClock));
    let hand_done = |table| {
        Command::Seat(SeatCommand::HandDone {
            table: TableId(table),
        })
    };
    assert!(!desk.run(hand_done(1)), "not hand-for-hand yet");
    assert!(desk.run(Command::Seat(SeatCommand::StartHandForHand)));
    assert!(
        !desk.run(Command::Seat(SeatCommand::StartHandForHand)),
        "already on"
    );
    let left = |desk: &Desk| desk.state.clock_view(desk.now).remaining_ms;
    assert!(desk.run(hand_done(1)));
    assert!(
        !desk.run(hand_done(1)),
        "table 1 already reported this hand"
    );
    assert!(!desk.run(hand_done(7)), "no table 7");
    let seats = desk.state.seats.as_ref().expect("seating");
    assert_eq!(seats.hand_for_hand_waiting(), vec![TableId(2)]);
    let before = left(&desk);
    assert!(desk.run(hand_done(2)));
    // One second passes between commands in this desk.
    assert_eq!(
        left(&desk),
        before - 1_000 - 120_000,
        "two minutes came off"
    );
    let seats = desk.state.seats.as_ref().expect("seating");
    assert_eq!(
        seats.hand_for_hand_waiting(),
        vec![TableId(1), TableId(2)],
        "hand 2"
    );
    assert!(desk.run(Command::Seat(SeatCommand::StopHandForHand)));
    assert!(!desk.run(hand_done(1)), "off again");
    assert_eq!(Tournament::replay(&desk.log).as_ref(), Ok(&desk.state));
}

/// 20 players on two ten-seat tables, the clock running, hand-for-hand on.
fn hand_for_hand_desk() -> Desk {
    let mut desk = Desk::new();
    assert!(desk.run(Command::Seat(SeatCommand::OpenTables {
        tables: tables(2, 10)
    })));
    for n in 1..=20u128 {
        assert!(desk.run(Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(n)),
        })));
    }
    assert!(desk.run(Command::StartClock));
    assert!(desk.run(Command::Seat(SeatCommand::StartHandForHand)));
    desk
}

fn table_of(desk: &Desk, entry: u32) -> TableId {
    let seats = desk.state.seats.as_ref().expect("seating");
    seats.seat_of(EntryId(entry)).expect("seated").table
}

fn places(desk: &Desk, entry: u32) -> (u32, u32) {
    let p = desk.state.entries.place(EntryId(entry)).expect("out");
    (p.best, p.worst)
}

#[test]
fn busts_reported_apart_at_two_tables_on_one_hand_for_hand_hand_share_places() {
    let mut desk = hand_for_hand_desk();
    // One player from each table, reported one after the other, equal stacks.
    let a = (1..=20)
        .find(|e| table_of(&desk, *e) == TableId(1))
        .expect("a");
    let b = (1..=20)
        .find(|e| table_of(&desk, *e) == TableId(2))
        .expect("b");
    let c = (1..=20)
        .rev()
        .find(|e| table_of(&desk, *e) == TableId(2))
        .expect("c");
    let out = |e: u32, stack: u64| {
        Command::Entry(EntryCommand::bust_by(&[(EntryId(e), Chips(stack))], &[]))
    };
    assert!(desk.run(out(a, 4_000)));
    assert!(desk.run(Command::Seat(SeatCommand::HandDone { table: TableId(1) })));
    assert!(desk.run(out(b, 4_000)));
    assert_eq!(places(&desk, a), (19, 20));
    assert_eq!(places(&desk, b), (19, 20));
    assert!(desk.run(Command::Seat(SeatCommand::HandDone { table: TableId(2) })));
    // The next hand is another hand, whatever the stack.
    assert!(desk.run(out(c, 1)));
    assert_eq!(places(&desk, c), (18, 18));
    assert_eq!(places(&desk, a), (19, 20));
    let replayed = Tournament::replay(&desk.log).expect("the log replays");
    assert_eq!(replayed, desk.state);
}

#[test]
fn a_log_with_busts_in_the_shape_before_per_player_eliminators_still_folds_replays_and_undoes() {
    let mut desk = hand_for_hand_desk();
    assert!(desk.run(Command::Entry(EntryCommand::bust_by(
        &[(EntryId(20), Chips(100)), (EntryId(19), Chips(200))],
        &[EntryId(1), EntryId(2)]
    ))));
    assert!(desk.run(Command::PauseClock));
    // The same log as an older server wrote it: `[entry, stack]` pairs, one list of
    // eliminators on the event, and no hand-for-hand hand.
    let old: Vec<Recorded> = desk
        .log
        .iter()
        .map(|r| {
            let mut json = serde_json::to_value(r).expect("serializes");
            let change = &mut json["event"]["change"];
            if change["type"] == "busted" {
                let busted = change["busted"].as_array().expect("a list").clone();
                change["eliminators"] = busted[0]["eliminators"].clone();
                let fields = change.as_object_mut().expect("an object");
                fields.remove("hand");
                fields.remove("replaces");
                change["busted"] = busted
                    .iter()
                    .map(|b| serde_json::json!([b["entry"], b["stack"]]))
                    .collect();
            }
            serde_json::from_value(json).expect("an old record reads")
        })
        .collect();
    assert_ne!(old, desk.log, "the old shape differs");
    let folded = Tournament::from_log(&old).expect("folds");
    assert_eq!(Tournament::replay(&old).expect("replays"), folded);
    assert_eq!(folded.entries.standings(), desk.state.entries.standings());
    assert_eq!(folded.entries.ledger(), desk.state.entries.ledger());
    assert_eq!(folded.seats, desk.state.seats);
    let bust = old
        .iter()
        .find(|r| serde_json::to_string(r).expect("json").contains("busted"))
        .expect("a bust")
        .seq;
    // Undoing it remakes the old bust and the pause after it.
    let (undone, state) =
        Tournament::undo(&old, bust, desk.now, felt_domain::Operator("floor".into()))
            .expect("an old bust can be undone");
    assert!(matches!(undone.event, felt_domain::Event::Undone { .. }));
    assert!(state.entries.get(EntryId(20)).expect("entry").is_active());
}
