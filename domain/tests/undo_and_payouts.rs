//! Undo, locked payouts and recorded deals over random tournaments: undoing the last
//! action gives back exactly the state before it; any undo either is refused or leaves a
//! log that replays like an import; the payouts always add up to the pool; a deal never
//! moves a cent; the results pay out exactly the pool.

use felt_domain::deals::DealKind;
use felt_domain::entries::{
    BountyKind, EntryCommand, EntryId, EntrySettings, PlayerId, RebuySettings,
};
use felt_domain::money::Money;
use felt_domain::structure::{template, Chips};
use felt_domain::tournament::create;
use felt_domain::{
    Command, DomainError, NewTournament, Operator, Recorded, Timestamp, Tournament, TournamentId,
};
use proptest::prelude::*;
use uuid::Uuid;

const MIN: i64 = 60_000;

#[derive(Debug, Clone)]
enum Op {
    Register(u8),
    Reenter(u8),
    Rebuy(u8),
    Bust(Vec<(u8, u64)>, u8),
    Revive(u8),
    Start,
    Pause,
    Resume,
    Next,
    Lock,
    Unlock,
    Deal(u8),
    Finish,
    Wait(u8),
    /// Undo the action `n` events back from the end (0: the last).
    Undo(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..12).prop_map(Op::Register),
        1 => (0u8..12).prop_map(Op::Reenter),
        1 => (1u8..20).prop_map(Op::Rebuy),
        4 => (proptest::collection::vec((1u8..20, 1u64..5), 1..3), 1u8..20)
            .prop_map(|(b, e)| Op::Bust(b, e)),
        1 => (1u8..20).prop_map(Op::Revive),
        2 => Just(Op::Start),
        1 => Just(Op::Pause),
        1 => Just(Op::Resume),
        1 => Just(Op::Next),
        1 => Just(Op::Lock),
        1 => Just(Op::Unlock),
        1 => (0u8..3).prop_map(Op::Deal),
        1 => Just(Op::Finish),
        2 => (1u8..30).prop_map(Op::Wait),
        3 => (0u8..6).prop_map(Op::Undo),
    ]
}

fn settings() -> EntrySettings {
    EntrySettings {
        max_reentries_per_player: 1,
        rebuy: Some(RebuySettings {
            price: felt_domain::entries::Price {
                prize: Money(5_000),
                ..Default::default()
            },
            chips: Chips(10_000),
            max_per_player: 2,
            until_level: 3,
            max_stack: None,
        }),
        bounty: BountyKind::None,
        ..EntrySettings::default()
    }
}

struct Desk {
    state: Tournament,
    log: Vec<Recorded>,
    now: Timestamp,
}

impl Desk {
    fn new() -> Desk {
        let t = template("turbo").expect("built in");
        let new = NewTournament {
            id: TournamentId(Uuid::from_u128(42)),
            name: "Undo".into(),
            structure: t.structure,
            starting_stack: t.starting_stack,
            scheduled_start: None,
            auto_start: false,
            entry_settings: settings(),
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
        }
    }

    fn run(&mut self, command: &Command) -> Result<(), DomainError> {
        for event in self.state.decide(command, self.now)? {
            let record = Recorded {
                seq: self.state.seq + 1,
                at: self.now,
                by: Operator("floor".into()),
                event,
            };
            self.state.apply(&record);
            self.log.push(record);
        }
        Ok(())
    }

    fn undo(&mut self, target: u64) -> Result<(), DomainError> {
        let (record, state) =
            Tournament::undo(&self.log, target, self.now, Operator("floor".into()))?;
        self.log.push(record);
        self.state = state;
        Ok(())
    }

    fn active(&self) -> Vec<EntryId> {
        self.state.entries.active().map(|e| e.id).collect()
    }

    fn play(&mut self, op: &Op) -> Result<(), DomainError> {
        let player = |n: u8| PlayerId(Uuid::from_u128(u128::from(n) + 1));
        let entry = |n: u8| EntryId(u32::from(n));
        let command = match op {
            Op::Register(n) => Command::Entry(EntryCommand::Register { player: player(*n) }),
            Op::Reenter(n) => Command::Entry(EntryCommand::Reenter { player: player(*n) }),
            Op::Rebuy(n) => Command::Entry(EntryCommand::Rebuy {
                entry: entry(*n),
                stack: None,
            }),
            Op::Bust(busted, eliminator) => {
                let busted: Vec<(EntryId, Chips)> = busted
                    .iter()
                    .map(|(e, k)| (entry(*e), Chips(k * 1_000)))
                    .collect();
                Command::Entry(EntryCommand::bust_by(&busted, &[entry(*eliminator)]))
            }
            Op::Revive(n) => Command::Entry(EntryCommand::Revive { entry: entry(*n) }),
            Op::Start => Command::StartClock,
            Op::Pause => Command::PauseClock,
            Op::Resume => Command::ResumeClock,
            Op::Next => Command::NextLevel,
            Op::Lock => Command::LockPayouts,
            Op::Unlock => Command::UnlockPayouts,
            Op::Deal(kind) => {
                let stacks: Vec<(EntryId, Chips)> = self
                    .active()
                    .into_iter()
                    .enumerate()
                    .map(|(i, e)| (e, Chips(10_000 * (i as u64 + 1))))
                    .collect();
                let kind = match kind {
                    0 => DealKind::Icm,
                    1 => DealKind::ChipChop,
                    _ => DealKind::EvenChop,
                };
                Command::RecordDeal {
                    stacks,
                    kind,
                    play_for: Money::ZERO,
                }
            }
            Op::Finish => Command::Finish,
            Op::Wait(minutes) => {
                self.now += i64::from(*minutes) * MIN;
                return Ok(());
            }
            Op::Undo(back) => {
                let target = self.state.seq.saturating_sub(u64::from(*back));
                return self.undo(target);
            }
        };
        self.run(&command)
    }
}

/// The pool is paid exactly: the payouts add up to it, and so do the results' prizes.
fn check_money(t: &Tournament) -> Result<(), TestCaseError> {
    let figures = t.figures().expect("figures");
    if figures.entries == 0 {
        return Ok(());
    }
    let pool = t.entries.prize_pool().pool;
    let paid: Money = figures.payouts.iter().sum();
    prop_assert_eq!(paid, pool, "payouts {:?}", figures.payouts);
    let results = t.results().expect("results");
    let won: Money = results.iter().map(|r| r.prize).sum();
    prop_assert_eq!(won, pool);
    if let Some(deal) = &t.deal {
        let split: Money = deal.amounts.iter().sum();
        let covered: Money = deal.prizes.iter().take(deal.entries.len()).sum();
        prop_assert_eq!(split + deal.play_for, covered, "a deal moved money");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// After every step the log folds to the state, replays like an import, and pays
    /// out exactly its pool; undoing the last action gives back the state before it.
    #[test]
    fn undo_reverts_exactly_and_every_log_replays(ops in proptest::collection::vec(op(), 1..60)) {
        let mut desk = Desk::new();
        for op in &ops {
            let before = desk.state.clone();
            let accepted = desk.play(op).is_ok();
            if !accepted {
                prop_assert_eq!(&desk.state, &before, "a refused command changed the state");
                continue;
            }
            let folded = Tournament::from_log(&desk.log);
            prop_assert_eq!(Some(&desk.state), folded.as_ref());
            let replayed = Tournament::replay(&desk.log);
            prop_assert_eq!(Ok(&desk.state), replayed.as_ref(), "log: {:#?}", desk.log);
            check_money(&desk.state)?;
            if matches!(op, Op::Wait(_) | Op::Undo(_)) || desk.state.seq == before.seq {
                continue;
            }
            // Undo what this step did: the state is the one before it, bar the seq.
            let first = before.seq + 1;
            let mut undone = Desk { state: desk.state.clone(), log: desk.log.clone(), now: desk.now };
            undone.undo(first).expect("the last action can always be undone");
            // The same undo from any earlier state of the log (a snapshot) and the events
            // after it gives the same event and state, or asks for the whole log.
            let k = (ops.len() + desk.log.len()) % desk.log.len();
            if let Some(base) = Tournament::from_log(&desk.log[..k.max(1)]) {
                let tail = &desk.log[k.max(1)..];
                let quick = Tournament::undo_from(&base, tail, first, desk.now, Operator("floor".into()));
                if let Ok(Some((record, state))) = quick {
                    prop_assert_eq!(Some(&record), undone.log.last());
                    prop_assert_eq!(&state, &undone.state);
                }
            }
            let mut expected = before.clone();
            expected.seq = undone.state.seq;
            if undone.log.len() as u64 - first > 2 {
                // The command also wrote a due automatic start, which stays.
                continue;
            }
            prop_assert_eq!(&undone.state, &expected);
        }
    }
}

#[test]
fn an_undo_that_a_later_event_depends_on_is_refused_with_the_reason() {
    let mut desk = Desk::new();
    desk.play(&Op::Register(1)).expect("registered");
    desk.play(&Op::Register(2)).expect("registered");
    desk.play(&Op::Start).expect("started");
    desk.play(&Op::Rebuy(2)).expect("rebuy");
    // Entry #2's registration is event 3; its rebuy (event 5) depends on it.
    let refused = desk.undo(3).expect_err("the rebuy needs the entry");
    assert_eq!(refused.code(), "undo_refused");
    assert!(refused.to_string().contains("event 5"), "{refused}");
    // Entry numbers follow the order of entry: #2 was numbered after #1.
    let refused = desk.undo(2).expect_err("entry #2 took the next number");
    assert!(refused.to_string().contains("event 3"), "{refused}");
    // Undo the rebuy, then the registration can go too.
    desk.undo(5).expect("the rebuy can go");
    desk.undo(3).expect("now nothing depends on it");
    assert_eq!(desk.state.entries.players_left(), 1);
    // Redoing the rebuy first is refused: its entry is gone.
    assert_eq!(
        desk.undo(6).expect_err("the rebuy needs the entry").code(),
        "undo_refused"
    );
    // Undoing the last undo brings the registration back, then the rebuy.
    desk.undo(7).expect("redo the registration");
    desk.undo(6).expect("redo the rebuy");
    assert_eq!(desk.state.entries.players_left(), 2);
    assert_eq!(
        desk.state.entries.get(EntryId(2)).map(|e| e.rebuys),
        Some(1)
    );
    let audit = Tournament::audit(&desk.log);
    assert_eq!(audit[2].what, "entry:registered");
    assert_eq!(audit[4].undone_by, None, "redone: {audit:#?}");
    assert_eq!(audit[5].undone_by, Some(9), "{audit:#?}");
    assert_eq!(audit[6].undone_by, Some(8), "{audit:#?}");
}

#[test]
fn the_creation_an_unknown_event_and_an_undone_event_cannot_be_undone() {
    let mut desk = Desk::new();
    desk.play(&Op::Register(1)).expect("registered");
    assert_eq!(desk.undo(1).expect_err("creation").code(), "undo_refused");
    assert_eq!(desk.undo(9).expect_err("unknown").code(), "no_such_event");
    desk.undo(2).expect("undone");
    assert_eq!(desk.undo(2).expect_err("twice").code(), "undo_refused");
}

#[test]
fn a_finished_tournament_comes_back_when_its_finish_is_undone() {
    let mut desk = Desk::new();
    desk.play(&Op::Register(1)).expect("registered");
    desk.play(&Op::Start).expect("started");
    desk.play(&Op::Finish).expect("finished");
    assert!(desk.state.finished);
    desk.undo(4).expect("undo the finish");
    assert!(!desk.state.finished);
    desk.play(&Op::Register(2)).expect("play goes on");
}

#[test]
fn locked_payouts_stop_money_coming_in_until_unlocked() {
    let mut desk = Desk::new();
    for n in 0..5 {
        desk.play(&Op::Register(n)).expect("registered");
    }
    desk.play(&Op::Lock).expect("locked");
    let locked = desk.state.prizes().expect("prizes");
    assert_eq!(
        desk.play(&Op::Register(9)).expect_err("locked").code(),
        "payouts_locked"
    );
    desk.play(&Op::Start).expect("started");
    desk.play(&Op::Bust(vec![(5, 1)], 1))
        .expect("busts are fine");
    assert_eq!(desk.state.prizes().expect("prizes"), locked);
    desk.play(&Op::Unlock).expect("unlocked");
    desk.play(&Op::Register(9)).expect("money comes in again");
}

#[test]
fn a_recorded_deal_pays_its_players_their_amounts_and_the_winner_the_play_for() {
    let mut desk = Desk::new();
    for n in 0..10 {
        desk.play(&Op::Register(n)).expect("registered");
    }
    desk.play(&Op::Start).expect("started");
    for e in 4..=10 {
        desk.play(&Op::Bust(vec![(e, 1)], 1)).expect("bust");
    }
    // 3 left, 3 paid (10 entries: 50/30/20 of 1,000.00).
    let stacks = vec![
        (EntryId(1), Chips(100_000)),
        (EntryId(2), Chips(60_000)),
        (EntryId(3), Chips(40_000)),
    ];
    desk.run(&Command::RecordDeal {
        stacks,
        kind: DealKind::ChipChop,
        play_for: Money(10_000),
    })
    .expect("deal");
    let deal = desk.state.deal.clone().expect("recorded");
    assert_eq!(
        deal.amounts.iter().sum::<Money>() + deal.play_for,
        Money(100_000)
    );
    assert_eq!(
        desk.play(&Op::Revive(4)).expect_err("deal fixed").code(),
        "deal_recorded"
    );
    desk.play(&Op::Bust(vec![(3, 1)], 1)).expect("bust");
    desk.play(&Op::Bust(vec![(2, 1)], 1)).expect("bust");
    let results = desk.state.results().expect("results");
    let prize = |e: u32| {
        results
            .iter()
            .find(|r| r.entry == EntryId(e))
            .map(|r| r.prize)
    };
    assert_eq!(prize(1), Some(deal.amounts[0] + Money(10_000)));
    assert_eq!(prize(2), Some(deal.amounts[1]));
    assert_eq!(prize(3), Some(deal.amounts[2]));
    assert_eq!(
        results.iter().map(|r| r.prize).sum::<Money>(),
        Money(100_000)
    );
}
