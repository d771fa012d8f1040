//! The aggregate: commands against state, events folded back, replay.

use super::*;
use crate::structure::template;
use uuid::Uuid;

const MIN: i64 = 60_000;

fn new_tournament(scheduled_start: Option<i64>, auto_start: bool) -> NewTournament {
    let t = template("turbo").expect("built in");
    NewTournament {
        id: TournamentId(Uuid::from_u128(7)),
        name: " Friday Turbo ".into(),
        structure: t.structure,
        starting_stack: t.starting_stack,
        scheduled_start,
        auto_start,
        entry_settings: Default::default(),
        payouts: Default::default(),
    }
}

/// Creates a tournament at t=0 and returns it with its log.
fn created(new: NewTournament) -> (Tournament, Vec<Recorded>) {
    let event = create(new, 0).expect("valid");
    let rec = Recorded {
        seq: 1,
        at: 0,
        by: Operator::system(),
        event,
    };
    (Tournament::from_created(&rec).expect("created"), vec![rec])
}

fn run(
    t: &mut Tournament,
    log: &mut Vec<Recorded>,
    command: Command,
    now: i64,
) -> Result<(), DomainError> {
    for event in t.decide(&command, now)? {
        let rec = Recorded {
            seq: t.seq + 1,
            at: now,
            by: Operator("floor".into()),
            event,
        };
        t.apply(&rec);
        log.push(rec);
    }
    Ok(())
}

fn replay(log: &[Recorded]) -> Tournament {
    let mut t = Tournament::from_created(&log[0]).expect("first is created");
    for rec in &log[1..] {
        t.apply(rec);
    }
    t
}

#[test]
fn creating_trims_the_name_and_refuses_bad_input() {
    let (t, _) = created(new_tournament(None, false));
    assert_eq!(t.name, "Friday Turbo");
    assert_eq!(t.status(), Status::Scheduled);
    let mut bad = new_tournament(None, false);
    bad.name = "  ".into();
    assert!(create(bad, 0).is_err());
    let mut bad = new_tournament(None, false);
    bad.starting_stack = Chips(0);
    assert!(create(bad, 0).is_err());
    assert!(
        create(new_tournament(None, true), 0).is_err(),
        "auto start needs a time"
    );
}

#[test]
fn clock_commands_that_do_not_fit_the_state_are_refused() {
    let (mut t, mut log) = created(new_tournament(None, false));
    assert_eq!(
        t.decide(&Command::PauseClock, 1),
        Err(DomainError::NotStarted)
    );
    assert_eq!(
        t.decide(&Command::ResumeClock, 1),
        Err(DomainError::NotStarted)
    );
    run(&mut t, &mut log, Command::StartClock, 10).expect("starts");
    assert_eq!(t.status(), Status::Running);
    assert_eq!(
        t.decide(&Command::StartClock, 11),
        Err(DomainError::AlreadyStarted)
    );
    assert_eq!(
        t.decide(&Command::ResumeClock, 11),
        Err(DomainError::AlreadyRunning)
    );
    assert_eq!(
        t.decide(&Command::PreviousLevel, 11),
        Err(DomainError::AtFirstLevel)
    );
    run(&mut t, &mut log, Command::Finish, 12).expect("finishes");
    assert_eq!(
        t.decide(&Command::PauseClock, 13),
        Err(DomainError::Finished)
    );
    assert_eq!(t.status(), Status::Finished);
}

#[test]
fn replaying_the_log_gives_the_same_state() {
    let (mut t, mut log) = created(new_tournament(None, false));
    run(&mut t, &mut log, Command::StartClock, MIN).expect("ok");
    run(&mut t, &mut log, Command::PauseClock, 3 * MIN).expect("ok");
    run(
        &mut t,
        &mut log,
        Command::AdjustTime { delta_ms: MIN },
        4 * MIN,
    )
    .expect("ok");
    run(&mut t, &mut log, Command::ResumeClock, 5 * MIN).expect("ok");
    run(&mut t, &mut log, Command::NextLevel, 6 * MIN).expect("ok");
    run(&mut t, &mut log, Command::JumpToLevel { level: 4 }, 7 * MIN).expect("ok");
    run(
        &mut t,
        &mut log,
        Command::SetTimeLeft {
            remaining_ms: 2 * MIN,
        },
        8 * MIN,
    )
    .expect("ok");
    assert_eq!(replay(&log), t);
    assert_eq!(t.seq, 8);
    let json = serde_json::to_string(&log).expect("serializes");
    let back: Vec<Recorded> = serde_json::from_str(&json).expect("reads back");
    assert_eq!(replay(&back), t);
}

#[test]
fn a_due_automatic_start_counts_from_the_scheduled_time() {
    // Created at 0, scheduled for a real date 10 minutes later (T).
    const T: i64 = 1_764_000_000_000;
    let (mut t, mut log) = created(new_tournament(Some(T), true));
    assert_eq!(t.due(T - MIN), None);
    assert_eq!(t.next_wake(MIN), Some(T));
    // The server was down at the scheduled start; 2 minutes later the clock has run 2.
    assert_eq!(t.clock_view(T + 2 * MIN).remaining_ms, 8 * MIN);
    assert_eq!(t.due(T + 2 * MIN), Some(Command::AutoStart));
    run(&mut t, &mut log, Command::AutoStart, T + 2 * MIN).expect("due");
    assert!(t.started);
    assert_eq!(t.clock.at, T);
    assert_eq!(t.clock_view(T + 2 * MIN).remaining_ms, 8 * MIN);
    assert_eq!(t.due(T + 3 * MIN), None);
}

#[test]
fn a_scheduled_start_outside_any_sensible_date_is_refused() {
    assert!(
        create(new_tournament(Some(10 * MIN), true), 0).is_err(),
        "1970"
    );
    assert!(create(new_tournament(Some(i64::MAX), true), 0).is_err());
    assert!(create(new_tournament(Some(1_764_000_000_000), true), 0).is_ok());
}

#[test]
fn a_structure_edited_while_running_keeps_played_levels_and_elapsed_time() {
    let (mut t, mut log) = created(new_tournament(None, false));
    run(&mut t, &mut log, Command::StartClock, 0).expect("ok");
    // 10-minute levels: at 13 minutes the clock is 3 minutes into level 1.
    let mut levels = t.structure.levels.clone();
    if let Level::Play(p) = &mut levels[1] {
        p.duration_secs = 20 * 60;
    }
    run(
        &mut t,
        &mut log,
        Command::EditStructure {
            levels: levels.clone(),
        },
        13 * MIN,
    )
    .expect("ok");
    let v = t.clock_view(13 * MIN);
    assert_eq!((v.level, v.remaining_ms), (1, 17 * MIN));
    let mut rewrite_past = levels.clone();
    if let Level::Play(p) = &mut rewrite_past[0] {
        p.duration_secs = 60;
    }
    let refused = t.decide(
        &Command::EditStructure {
            levels: rewrite_past,
        },
        14 * MIN,
    );
    assert!(matches!(refused, Err(DomainError::InvalidStructure(_))));
    let refused = t.decide(
        &Command::EditStructure {
            levels: levels[..1].to_vec(),
        },
        14 * MIN,
    );
    assert!(matches!(refused, Err(DomainError::InvalidStructure(_))));
}

#[test]
fn the_actor_wakes_at_each_level_change() {
    let (mut t, mut log) = created(new_tournament(None, false));
    assert_eq!(t.next_wake(0), None);
    run(&mut t, &mut log, Command::StartClock, 0).expect("ok");
    assert_eq!(t.next_wake(MIN), Some(10 * MIN));
    run(&mut t, &mut log, Command::PauseClock, 2 * MIN).expect("ok");
    assert_eq!(t.next_wake(3 * MIN), None);
}

#[test]
fn a_log_replays_only_if_it_is_whole_and_in_order() {
    let (mut t, mut log) = created(new_tournament(None, false));
    run(&mut t, &mut log, Command::StartClock, MIN).expect("ok");
    run(&mut t, &mut log, Command::PauseClock, 2 * MIN).expect("ok");
    assert_eq!(Tournament::replay(&log), Ok(t.clone()));
    assert!(Tournament::replay(&[]).is_err());
    assert!(Tournament::replay(&log[1..]).is_err(), "no creation");
    let mut gap = log.clone();
    gap.remove(1);
    assert!(Tournament::replay(&gap).is_err());
    let mut tampered = log.clone();
    tampered[2].at = 0;
    assert!(
        Tournament::replay(&tampered).is_err(),
        "the pause was not made at 0"
    );
    // A wall clock that stepped back between two commands is fine.
    let (mut t2, mut log2) = created(new_tournament(None, false));
    run(&mut t2, &mut log2, Command::StartClock, 5 * MIN).expect("ok");
    run(&mut t2, &mut log2, Command::PauseClock, 3 * MIN).expect("ok");
    assert_eq!(Tournament::replay(&log2), Ok(t2));
    let mut twice = log.clone();
    twice[1].event = log[0].event.clone();
    assert!(Tournament::replay(&twice).is_err());
}
