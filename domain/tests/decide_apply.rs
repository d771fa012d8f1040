//! Fuzzing the Tournament aggregate: random structures (valid and not), random sequences
//! of every command with extreme arguments, at times that go forward and step back, and
//! random or mutated JSON for the types the log and the API decode. Whatever comes in,
//! `decide` never panics, a refusal changes nothing, and every accepted event leaves a
//! state that is sound, consistent at any instant and rebuilt exactly by its log.

use felt_domain::entries::{
    AddOnSettings, BountyKind, EntryCommand, EntryId, EntrySettings, LateReg, OnTimeBonus,
    PlayerId, Price, RebuySettings,
};
use felt_domain::money::Money;
use felt_domain::structure::{template, BreakLevel, PlayLevel, MAX_LEVELS, MAX_LEVEL_SECS};
use felt_domain::tournament::create;
use felt_domain::{
    AnteKind, Chips, Command, DomainError, Event, Level, NewTournament, Operator, Recorded,
    Structure, Timestamp, Tournament, TournamentId,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// Generators

fn chips() -> impl Strategy<Value = u64> {
    prop_oneof![
        6 => 1u64..100_000,
        1 => Just(0u64),
        1 => Just(u64::MAX),
        1 => any::<u64>(),
    ]
}

/// Level durations, mostly short so that a sequence walks through many levels and into
/// overtime; sometimes zero or longer than a day (both invalid).
fn secs() -> impl Strategy<Value = u32> {
    prop_oneof![
        8 => 1u32..=900,
        2 => 900u32..=MAX_LEVEL_SECS,
        1 => Just(0u32),
        1 => (MAX_LEVEL_SECS + 1)..=u32::MAX,
    ]
}

fn ante_kind() -> impl Strategy<Value = AnteKind> {
    prop_oneof![
        Just(AnteKind::None),
        Just(AnteKind::PerPlayer),
        Just(AnteKind::BigBlind)
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "\\PC{0,24}",
        1 => Just(String::new()),
        1 => Just("   \t ".to_string()),
        1 => "[a-zé]{195,210}",
    ]
}

/// Any level, valid or not.
fn any_level() -> impl Strategy<Value = Level> {
    let play = (chips(), chips(), chips(), ante_kind(), secs()).prop_map(
        |(small_blind, big_blind, ante, ante_kind, duration_secs)| {
            Level::Play(PlayLevel {
                small_blind: Chips(small_blind),
                big_blind: Chips(big_blind),
                ante: Chips(ante),
                ante_kind,
                duration_secs,
            })
        },
    );
    let pause = (secs(), proptest::option::of(text()), any::<bool>()).prop_map(
        |(duration_secs, note, color_up)| {
            Level::Break(BreakLevel {
                duration_secs,
                note,
                color_up,
            })
        },
    );
    prop_oneof![3 => play, 1 => pause]
}

/// A level `Structure::validate` accepts.
fn valid_level() -> impl Strategy<Value = Level> {
    let play = (
        1u64..1_000_000,
        0u64..=100,
        0u64..3,
        ante_kind(),
        1u32..=900,
    )
        .prop_map(|(big_blind, percent, ante_x, ante_kind, duration_secs)| {
            let ante = if ante_kind == AnteKind::None {
                0
            } else {
                big_blind * ante_x
            };
            Level::Play(PlayLevel {
                small_blind: Chips(big_blind * percent / 100),
                big_blind: Chips(big_blind),
                ante: Chips(ante),
                ante_kind,
                duration_secs,
            })
        });
    let pause = (
        1u32..=900,
        proptest::option::of("[a-z ]{0,20}"),
        any::<bool>(),
    )
        .prop_map(|(duration_secs, note, color_up)| {
            Level::Break(BreakLevel {
                duration_secs,
                note,
                color_up,
            })
        });
    prop_oneof![4 => play, 1 => pause]
}

fn valid_levels() -> impl Strategy<Value = Vec<Level>> {
    (
        valid_level(),
        proptest::collection::vec(valid_level(), 0..10),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(first, mut rest, at)| {
            // A structure needs a play level somewhere: put one at a random place.
            let play = match first {
                Level::Play(p) => Level::Play(p),
                Level::Break(b) => Level::Play(PlayLevel {
                    small_blind: Chips(1),
                    big_blind: Chips(2),
                    ante: Chips(0),
                    ante_kind: AnteKind::None,
                    duration_secs: b.duration_secs,
                }),
            };
            let i = at.index(rest.len() + 1);
            rest.insert(i, play);
            rest
        })
}

fn builtin_levels() -> impl Strategy<Value = Vec<Level>> {
    prop::sample::select(vec!["turbo", "regular", "deep_stack"])
        .prop_map(|id| template(id).expect("built in").structure.levels)
}

fn any_levels() -> impl Strategy<Value = Vec<Level>> {
    prop_oneof![
        6 => valid_levels(),
        1 => builtin_levels(),
        2 => proptest::collection::vec(any_level(), 0..8),
        1 => valid_level().prop_map(|l| vec![l; MAX_LEVELS + 1]),
        1 => valid_level().prop_map(|l| vec![l; MAX_LEVELS]),
    ]
}

/// Milliseconds, including the extremes an API client could send.
fn millis() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -600_000i64..=600_000,
        3 => 1_000i64..=86_400_000,
        1 => prop::sample::select(vec![0, 999, 1000, 86_400_000, 86_400_001, -1000]),
        1 => prop::sample::select(vec![i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1]),
        1 => any::<i64>(),
    ]
}

fn level_index() -> impl Strategy<Value = usize> {
    prop_oneof![
        8 => 0usize..16,
        1 => 490usize..=510,
        1 => Just(usize::MAX),
        1 => any::<usize>(),
    ]
}

/// An edit of the structure, made against the state it is sent to.
#[derive(Debug, Clone)]
enum Edit {
    /// Any list of levels at all.
    Replace(Vec<Level>),
    /// The current level gets a new duration (shorter than what it has run, sometimes).
    ChangeCurrent(u32),
    /// A level after the current one is replaced.
    ChangeAhead(usize, Level),
    Append(Vec<Level>),
    /// Keeps the levels up to the current one and `n` after it.
    TruncateAfterCurrent(usize),
    /// Changes a level already played: refused whenever one has been.
    RewritePlayed(usize),
    /// Cuts the list before the current level: always refused.
    DropCurrent,
}

#[derive(Debug, Clone)]
enum Op {
    Do(Command),
    Edit(Edit),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        2 => any_levels().prop_map(Edit::Replace),
        2 => secs().prop_map(Edit::ChangeCurrent),
        2 => (0usize..8, any_level()).prop_map(|(i, l)| Edit::ChangeAhead(i, l)),
        2 => proptest::collection::vec(valid_level(), 1..5).prop_map(Edit::Append),
        1 => (0usize..4).prop_map(Edit::TruncateAfterCurrent),
        2 => (0usize..16).prop_map(Edit::RewritePlayed),
        1 => Just(Edit::DropCurrent),
    ]
}

fn command() -> BoxedStrategy<Command> {
    prop_oneof![
        3 => Just(Command::StartClock),
        1 => Just(Command::AutoStart),
        4 => Just(Command::PauseClock),
        4 => Just(Command::ResumeClock),
        3 => Just(Command::NextLevel),
        3 => Just(Command::PreviousLevel),
        3 => level_index().prop_map(|level| Command::JumpToLevel { level }),
        3 => millis().prop_map(|remaining_ms| Command::SetTimeLeft { remaining_ms }),
        3 => millis().prop_map(|delta_ms| Command::AdjustTime { delta_ms }),
        16 => entry_command().prop_map(Command::Entry),
    ]
    .boxed()
}

/// A few players, so that entries, re-entries and the waiting list meet each other.
fn player() -> impl Strategy<Value = PlayerId> {
    (0u128..6).prop_map(|n| PlayerId(Uuid::from_u128(0xa11ce + n)))
}

fn entry_id() -> impl Strategy<Value = EntryId> {
    prop_oneof![
        8 => (1u32..5).prop_map(EntryId),
        1 => Just(EntryId(0)),
        1 => Just(EntryId(u32::MAX)),
    ]
}

fn entry_command() -> BoxedStrategy<EntryCommand> {
    let stack = proptest::option::of(prop_oneof![0u64..100_000, any::<u64>()].prop_map(Chips));
    let busted = proptest::collection::vec((entry_id(), chips().prop_map(Chips)), 0..3);
    prop_oneof![
        10 => player().prop_map(|player| EntryCommand::Register { player }),
        2 => player().prop_map(|player| EntryCommand::Reenter { player }),
        1 => entry_id().prop_map(|entry| EntryCommand::Unregister { entry }),
        4 => (entry_id(), stack).prop_map(|(entry, stack)| EntryCommand::Rebuy { entry, stack }),
        2 => entry_id().prop_map(|entry| EntryCommand::AddOn { entry }),
        6 => (busted, proptest::collection::vec(entry_id(), 0..3))
            .prop_map(|(busted, eliminators)| EntryCommand::bust_by(&busted, &eliminators)),
        1 => entry_id().prop_map(|entry| EntryCommand::Revive { entry }),
        1 => player().prop_map(|player| EntryCommand::JoinWaitingList { player }),
        1 => player().prop_map(|player| EntryCommand::LeaveWaitingList { player }),
        1 => Just(EntryCommand::CloseRegistration),
        1 => Just(EntryCommand::ReopenRegistration),
        1 => entry_settings().prop_map(|s| EntryCommand::ChangeSettings { settings: Box::new(s) }),
    ]
    .boxed()
}

fn money() -> impl Strategy<Value = Money> {
    prop_oneof![
        6 => (0i64..20_000).prop_map(Money),
        1 => Just(Money(-1)),
        1 => Just(Money(i64::MAX)),
        1 => Just(Money(1_000_000_000_000)),
    ]
}

fn price() -> impl Strategy<Value = Price> {
    (money(), money(), money(), proptest::option::of(money())).prop_map(
        |(prize, fee, bounty, extra)| Price {
            prize,
            fee,
            bounty,
            extras: extra
                .map(|m| ("dealers".to_string(), m))
                .into_iter()
                .collect(),
        },
    )
}

/// Entry settings: mostly the default freezeout, sometimes anything (often invalid).
fn entry_settings() -> BoxedStrategy<EntrySettings> {
    let any = (
        price(),
        chips().prop_map(Chips),
        proptest::option::of((chips(), millis()).prop_map(|(c, deadline)| OnTimeBonus {
            chips: Chips(c),
            deadline,
        })),
        proptest::option::of(prop_oneof![1u32..8, Just(0), Just(u32::MAX)]),
        prop_oneof![
            level_index().prop_map(LateReg::EndOfLevel),
            level_index().prop_map(LateReg::AfterBreakFollowing),
            Just(LateReg::ByHand),
        ],
        prop_oneof![0u32..3, Just(u32::MAX)],
        proptest::option::of(
            (
                price(),
                chips(),
                0u32..4,
                level_index(),
                proptest::option::of(chips()),
            )
                .prop_map(|(price, c, max_per_player, until_level, max_stack)| {
                    RebuySettings {
                        price,
                        chips: Chips(c),
                        max_per_player,
                        until_level,
                        max_stack: max_stack.map(Chips),
                    }
                }),
        ),
        proptest::option::of(
            (price(), chips(), level_index()).prop_map(|(price, c, at_level)| AddOnSettings {
                price,
                chips: Chips(c),
                at_level,
            }),
        ),
        prop_oneof![
            Just(BountyKind::None),
            Just(BountyKind::Fixed),
            prop_oneof![0u32..=10_000, Just(u32::MAX)].prop_map(|eliminator_share_bp| {
                BountyKind::Progressive {
                    eliminator_share_bp,
                }
            }),
        ],
        money(),
    )
        .prop_map(
            |(
                buy_in,
                starting_chips,
                on_time_bonus,
                capacity,
                late_reg,
                max_reentries_per_player,
                rebuy,
                add_on,
                bounty,
                guarantee,
            )| {
                EntrySettings {
                    buy_in,
                    starting_chips,
                    on_time_bonus,
                    capacity,
                    late_reg,
                    max_reentries_per_player,
                    rebuy,
                    add_on,
                    bounty,
                    guarantee,
                }
            },
        );
    // A house game with every option, valid: seats, re-entries, rebuys, an add-on.
    let full = (1u32..6, 0usize..6, 0usize..6, 0usize..8).prop_map(
        |(capacity, until_level, at_level, late)| EntrySettings {
            capacity: Some(capacity),
            late_reg: LateReg::EndOfLevel(late),
            max_reentries_per_player: 2,
            rebuy: Some(RebuySettings {
                price: Price::default(),
                chips: Chips(10_000),
                max_per_player: 2,
                until_level,
                max_stack: Some(Chips(20_000)),
            }),
            add_on: Some(AddOnSettings {
                price: Price::default(),
                chips: Chips(15_000),
                at_level,
            }),
            ..EntrySettings::default()
        },
    );
    prop_oneof![
        2 => Just(EntrySettings::default()).boxed(),
        2 => full.boxed(),
        2 => any.boxed(),
    ]
    .boxed()
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        200 => command().prop_map(Op::Do),
        50 => edit().prop_map(Op::Edit),
        // Finishing mid-way is rare: everything after it is refused. (Sequences often
        // end with one: see `scenario`.)
        1 => Just(Op::Do(Command::Finish)),
    ]
}

/// How far the wall clock moves before a command: mostly forward, sometimes by hours or
/// days (deep into overtime), sometimes back (a clock corrected by NTP).
fn step() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => 0i64..120_000,
        2 => 120_000i64..3_600_000,
        1 => 3_600_000i64..200_000_000,
        1 => Just(0i64),
        2 => -3_600_000i64..0,
    ]
}

/// The moments at which a state is looked at, relative to the command's `now`.
fn probes() -> impl Strategy<Value = Vec<i64>> {
    proptest::collection::vec(
        prop_oneof![
            -86_400_000i64..86_400_000,
            0i64..1_000,
            Just(0i64),
            Just(-1i64)
        ],
        1..4,
    )
}

/// A realistic wall clock: anywhere from before the epoch to a century ahead.
fn start_time() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        Just(1_764_312_000_000i64),
        0i64..4_000_000_000_000,
        -1_000_000_000_000i64..0,
    ]
}

#[derive(Debug, Clone)]
struct Scenario {
    name: String,
    levels: Vec<Level>,
    starting_stack: u64,
    /// Relative to the start time, or absolute when `absolute` (far past and future).
    scheduled: Option<i64>,
    absolute: bool,
    auto_start: bool,
    entry_settings: EntrySettings,
    start: Timestamp,
    steps: Vec<(i64, Op, Vec<i64>)>,
}

fn scenario() -> BoxedStrategy<Scenario> {
    (
        prop_oneof![4 => "[A-Za-z ]{1,20}", 1 => text()],
        any_levels(),
        prop_oneof![6 => 1u64..100_000, 1 => Just(0u64), 1 => any::<u64>()],
        proptest::option::of(prop_oneof![
            4 => -3_600_000i64..3_600_000,
            1 => -1_000_000_000_000_000i64..1_000_000_000_000_000,
            // (The ends of time: `a_scheduled_start_at_the_ends_of_time_is_refused_or_harmless`.)
        ]),
        any::<bool>(),
        prop_oneof![3 => Just(false), 1 => Just(true)],
        entry_settings(),
        start_time(),
        proptest::collection::vec((step(), op(), probes()), 0..48),
        any::<bool>(),
    )
        .prop_map(
            |(
                name,
                levels,
                starting_stack,
                scheduled,
                absolute,
                auto_start,
                entry_settings,
                start,
                mut steps,
                finish,
            )| {
                if finish {
                    steps.push((1_000, Op::Do(Command::Finish), vec![0, 1_000]));
                }
                Scenario {
                    name,
                    levels,
                    starting_stack,
                    scheduled,
                    absolute,
                    auto_start,
                    entry_settings,
                    start,
                    steps,
                }
            },
        )
        .boxed()
}

// ---------------------------------------------------------------------------------------
// Running a scenario and checking the state

fn new_tournament(s: &Scenario) -> NewTournament {
    NewTournament {
        id: TournamentId(Uuid::from_u128(0xfe17)),
        name: s.name.clone(),
        structure: Structure {
            name: "Fuzz".into(),
            levels: s.levels.clone(),
        },
        starting_stack: Chips(s.starting_stack),
        scheduled_start: s.scheduled.map(|at| {
            if s.absolute {
                at
            } else {
                s.start.saturating_add(at)
            }
        }),
        auto_start: s.auto_start,
        entry_settings: s.entry_settings.clone(),
        payouts: Default::default(),
    }
}

/// Why creating `new` must be refused, if it must.
fn must_refuse_creation(new: &NewTournament) -> bool {
    let name = new.name.trim();
    name.is_empty()
        || name.chars().count() > 200
        || new.structure.validate().is_err()
        || new.starting_stack.0 == 0
        || (new.auto_start && new.scheduled_start.is_none())
        // A scheduled start outside 2000..2200 is a typing mistake.
        || new
            .scheduled_start
            .is_some_and(|at| !(946_684_800_000..=7_258_118_400_000).contains(&at))
        || EntrySettings {
            // The tournament's starting stack is the entries' starting chips.
            starting_chips: new.starting_stack,
            ..new.entry_settings.clone()
        }
        .validate()
        .is_err()
}

/// The tournament the sequence runs on: the scenario's if it may be created, otherwise
/// (after checking the refusal was due) the turbo structure with the scenario's times.
fn created(s: &Scenario) -> Result<(Tournament, Vec<Recorded>), TestCaseError> {
    let mut new = new_tournament(s);
    let event = match create(new.clone(), s.start) {
        Ok(event) => {
            prop_assert!(!must_refuse_creation(&new), "accepted {new:?}");
            event
        }
        Err(refused) => {
            prop_assert!(must_refuse_creation(&new), "refused {new:?}: {refused}");
            new.name = "Fallback".into();
            new.structure = template("turbo").expect("built in").structure;
            new.starting_stack = Chips(20_000);
            new.entry_settings = EntrySettings::default();
            new.scheduled_start = new
                .scheduled_start
                .filter(|at| (946_684_800_000..=7_258_118_400_000).contains(at));
            new.auto_start = new.auto_start && new.scheduled_start.is_some();
            create(new, s.start).map_err(|e| TestCaseError::fail(e.to_string()))?
        }
    };
    let first = Recorded {
        seq: 1,
        at: s.start,
        by: Operator::system(),
        event,
    };
    let state = Tournament::from_created(&first).ok_or_else(|| TestCaseError::fail("created"))?;
    Ok((state, vec![first]))
}

/// The list of levels an `Edit` sends to `t` at `now`.
fn edited_levels(t: &Tournament, edit: &Edit, now: Timestamp) -> Vec<Level> {
    let here = t.clock_view(now).level;
    let mut levels = t.structure.levels.clone();
    match edit {
        Edit::Replace(new) => return new.clone(),
        Edit::ChangeCurrent(secs) => set_secs(&mut levels[here], *secs),
        Edit::ChangeAhead(i, level) => {
            let i = here + 1 + i;
            if i < levels.len() {
                levels[i] = level.clone();
            } else {
                levels.push(level.clone());
            }
        }
        Edit::Append(more) => levels.extend(more.iter().cloned()),
        Edit::TruncateAfterCurrent(n) => levels.truncate(here + 1 + n),
        Edit::RewritePlayed(i) => {
            // Levels before the current one have been played; with none, the current.
            let i = if here > 0 { i % here } else { 0 };
            let secs = levels[i].duration_secs();
            set_secs(&mut levels[i], if secs > 1 { secs - 1 } else { 2 });
        }
        Edit::DropCurrent => levels.truncate(here),
    }
    levels
}

fn set_secs(level: &mut Level, secs: u32) {
    match level {
        Level::Play(p) => p.duration_secs = secs,
        Level::Break(b) => b.duration_secs = secs,
    }
}

/// What must be refused whatever the state, judged before deciding.
fn must_refuse(t: &Tournament, command: &Command, edit: Option<&Edit>, now: Timestamp) -> bool {
    if t.finished {
        return true;
    }
    let here = t.clock_view(now).level;
    match command {
        Command::PauseClock | Command::ResumeClock => !t.started,
        Command::StartClock => t.started,
        Command::JumpToLevel { level } => *level >= t.structure.levels.len(),
        Command::SetTimeLeft { remaining_ms } => !(1000..=86_400_000).contains(remaining_ms),
        Command::AdjustTime { delta_ms } => *delta_ms == 0,
        Command::PreviousLevel => here == 0,
        Command::NextLevel => here + 1 >= t.structure.levels.len(),
        Command::EditStructure { levels } => {
            let structure = Structure {
                name: t.structure.name.clone(),
                levels: levels.clone(),
            };
            structure.validate().is_err()
                || matches!(edit, Some(Edit::DropCurrent))
                || (matches!(edit, Some(Edit::RewritePlayed(_))) && here > 0)
        }
        Command::Entry(EntryCommand::Bust { busted, .. }) => busted.is_empty() || !t.started,
        Command::Entry(EntryCommand::Rebuy { .. } | EntryCommand::AddOn { .. }) => !t.started,
        Command::Entry(EntryCommand::Unregister { .. }) => t.started,
        Command::Entry(EntryCommand::ChangeSettings { settings }) => settings.validate().is_err(),
        Command::Entry(_) | Command::AutoStart | Command::Finish => false,
        Command::ChangePayouts { .. }
        | Command::LockPayouts
        | Command::UnlockPayouts
        | Command::RecordDeal { .. }
        | Command::Seat(_) => false,
    }
}

/// The event type each command must produce when accepted.
fn expected_kind(command: &Command) -> &'static str {
    match command {
        Command::StartClock | Command::AutoStart => "clock_started",
        Command::PauseClock => "clock_paused",
        Command::ResumeClock => "clock_resumed",
        Command::NextLevel | Command::PreviousLevel | Command::JumpToLevel { .. } => {
            "level_changed"
        }
        Command::SetTimeLeft { .. } => "time_set",
        Command::AdjustTime { .. } => "time_adjusted",
        Command::EditStructure { .. } => "structure_edited",
        Command::Finish => "tournament_finished",
        Command::Entry(_) => "entry",
        Command::ChangePayouts { .. } => "payouts_changed",
        Command::LockPayouts => "payouts_locked",
        Command::UnlockPayouts => "payouts_unlocked",
        Command::RecordDeal { .. } => "deal_recorded",
        Command::Seat(_) => "seating",
    }
}

fn replay(log: &[Recorded]) -> Result<Tournament, TestCaseError> {
    let mut t = Tournament::from_created(&log[0])
        .ok_or_else(|| TestCaseError::fail("the log does not start with the creation"))?;
    for record in &log[1..] {
        t.apply(record);
    }
    Ok(t)
}

/// Where the clock stands, ordered: a later instant never shows an earlier position.
fn position(t: &Tournament, at: Timestamp) -> (usize, i64) {
    let v = t.clock_view(at);
    (v.level, v.overtime_ms - v.remaining_ms)
}

/// Everything that must hold of a state reached by accepted commands, looked at `now`
/// and at the probes around it.
fn check_state(
    t: &Tournament,
    log: &[Recorded],
    now: Timestamp,
    probes: &[i64],
) -> Result<(), TestCaseError> {
    let levels = &t.structure.levels;
    prop_assert!(
        t.structure.validate().is_ok(),
        "accepted an invalid structure"
    );
    prop_assert!(t.clock.level < levels.len(), "anchor {:?}", t.clock);
    // The log numbers its events 1, 2, 3... and the state stands at the last.
    for (i, record) in log.iter().enumerate() {
        prop_assert_eq!(record.seq, i as u64 + 1);
    }
    prop_assert_eq!(t.seq, log.len() as u64);

    let mut instants: Vec<Timestamp> = probes.iter().map(|p| now.saturating_add(*p)).collect();
    instants.push(now);
    instants.sort_unstable();
    for &at in &instants {
        let v = t.clock_view(at);
        prop_assert!(v.level < levels.len(), "view {v:?}");
        prop_assert!(v.remaining_ms >= 0, "view {v:?}");
        prop_assert!(v.overtime_ms >= 0, "view {v:?}");
        prop_assert!(v.remaining_ms == 0 || v.overtime_ms == 0, "view {v:?}");
        prop_assert!(
            v.overtime_ms == 0 || v.level + 1 == levels.len(),
            "overtime before the last level: {v:?}"
        );
        // Time set by hand is at most a day; an edit of the current level then moves it
        // by the change of its duration (at most a day less a second).
        prop_assert!(
            v.remaining_ms < 2 * 86_400_000,
            "more than two days left in a level: {v:?}"
        );
        prop_assert_eq!(v.on_break, levels[v.level].is_break());
        prop_assert_eq!(v.levels_left, levels.len() - 1 - v.level);
        prop_assert_eq!(v.upcoming.len(), v.levels_left);
        let summary = t.summary(at);
        prop_assert_eq!(summary.levels_count, levels.len());
        prop_assert!(summary.level.is_some());
        prop_assert_eq!(summary.clock.level, v.level);
        if let Some(wake) = t.next_wake(at) {
            prop_assert!(wake >= at, "wakes at {wake}, before {at}");
            // Unless the wall clock stepped back behind the anchor (then a wake-up may come
            // early, and the actor plans again), the wake-up is exactly when the
            // tournament next changes by itself: nothing changes before it, something then.
            if at >= t.clock.at {
                if wake > at {
                    prop_assert_eq!(t.clock_view(wake - 1).level, v.level, "late wake-up");
                    prop_assert!(t.due(wake - 1).is_none(), "late wake-up");
                }
                prop_assert!(
                    t.due(wake).is_some() || t.clock_view(wake).level != v.level,
                    "nothing happens at the wake-up {wake} (looked at {at})"
                );
            }
        }
        if let Some(command) = t.due(at) {
            prop_assert!(
                t.decide(&command, at).is_ok(),
                "{command:?} is due at {at} but refused"
            );
        }
    }
    // Time only moves the clock forward (from the anchor on: before it, the wall clock
    // stepped back and counts as no time).
    instants.retain(|&at| at >= t.clock.at);
    for pair in instants.windows(2) {
        prop_assert!(
            position(t, pair[0]) <= position(t, pair[1]),
            "the clock went back between {} and {}",
            pair[0],
            pair[1]
        );
    }
    if t.finished {
        prop_assert_eq!(t.next_wake(now), None);
    }
    Ok(())
}

/// The log rebuilds the state: folded as it is, after a JSON round trip, and from a
/// snapshot.
fn check_log(t: &Tournament, log: &[Recorded]) -> Result<(), TestCaseError> {
    // The log rebuilds the state exactly, also after it has been through JSON.
    prop_assert_eq!(&replay(log)?, t);
    let json = serde_json::to_string(log).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Vec<Recorded> =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back, &log.to_vec());
    prop_assert_eq!(&replay(&back)?, t);
    // The import check (which decides every event again) accepts the log the aggregate
    // wrote, wall clock steps back included, and gives the same state.
    let imported = Tournament::replay(log).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&imported, t);
    // And so does a snapshot.
    let json = serde_json::to_string(t).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let snapshot: Tournament =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&snapshot, t);
    Ok(())
}

/// Plays a scenario without checking anything: the state and the log it wrote.
fn play(s: &Scenario) -> Result<(Tournament, Vec<Recorded>), TestCaseError> {
    let (mut t, mut log) = created(s)?;
    let mut now = s.start;
    for (step, op, _) in &s.steps {
        now += step;
        let command = match op {
            Op::Do(command) => command.clone(),
            Op::Edit(edit) => Command::EditStructure {
                levels: edited_levels(&t, edit, now),
            },
        };
        for event in t.decide(&command, now).unwrap_or_default() {
            let record = Recorded {
                seq: t.seq + 1,
                at: now,
                by: Operator("fuzz".into()),
                event,
            };
            t.apply(&record);
            log.push(record);
        }
    }
    Ok((t, log))
}

/// Runs a scenario, checking everything on the way; the state and the log it wrote.
fn run(s: &Scenario) -> Result<(Tournament, Vec<Recorded>), TestCaseError> {
    let (mut t, mut log) = created(s)?;
    let mut now = s.start;
    check_state(&t, &log, now, &[0])?;
    check_log(&t, &log)?;
    let mut unchecked = 0;
    for (step, op, probes) in &s.steps {
        now += step;
        let (command, edit) = match op {
            Op::Do(command) => (command.clone(), None),
            Op::Edit(edit) => (
                Command::EditStructure {
                    levels: edited_levels(&t, edit, now),
                },
                Some(edit),
            ),
        };
        // A due automatic start that is not yet written goes in first: the command is
        // then judged on the started tournament.
        let auto_first = t.due(now) == Some(Command::AutoStart)
            && !matches!(command, Command::AutoStart | Command::StartClock);
        let basis = if auto_first {
            let mut started = t.clone();
            for event in t.decide(&Command::AutoStart, now).unwrap_or_default() {
                started.apply(&Recorded {
                    seq: started.seq + 1,
                    at: now,
                    by: Operator::system(),
                    event,
                });
            }
            started
        } else {
            t.clone()
        };
        let refuse = must_refuse(&basis, &command, edit, now);
        let before = t.clone();
        match t.decide(&command, now) {
            Err(refused) => {
                prop_assert_eq!(&t, &before, "a refusal changed the state");
                if t.finished {
                    prop_assert_eq!(refused, DomainError::Finished);
                }
            }
            Ok(events) => {
                prop_assert!(!refuse, "{command:?} accepted at {now} by {before:?}");
                let (auto, own) = events.split_at(usize::from(auto_first));
                if let Some(started) = auto.first() {
                    prop_assert_eq!(started.kind(), "clock_started", "the due start goes first");
                }
                prop_assert!(!own.is_empty());
                if !matches!(command, Command::Entry(_)) {
                    prop_assert_eq!(own.len(), 1);
                }
                for event in own {
                    prop_assert_eq!(event.kind(), expected_kind(&command));
                }
                let clock_before = basis.clock;
                let entry = matches!(command, Command::Entry(_));
                for event in events {
                    let record = Recorded {
                        seq: t.seq + 1,
                        at: now,
                        by: Operator("fuzz".into()),
                        event,
                    };
                    t.apply(&record);
                    log.push(record);
                }
                // What a clock event tells the screens is what the state shows.
                let told = log.last().and_then(|r| r.event.clock()).copied();
                if let Some(told) = told {
                    let told = told.view(&t.structure.levels, now);
                    let shown = t.clock_view(now);
                    prop_assert_eq!(
                        (
                            told.level,
                            told.remaining_ms,
                            told.overtime_ms,
                            told.running
                        ),
                        (
                            shown.level,
                            shown.remaining_ms,
                            shown.overtime_ms,
                            shown.running
                        )
                    );
                }
                if entry {
                    prop_assert_eq!(t.clock, clock_before, "an entry moved the clock");
                }
                check_state(&t, &log, now, probes)?;
                // Replaying is quadratic over a sequence: every few events and at the end.
                unchecked += 1;
                if unchecked == 16 {
                    unchecked = 0;
                    check_log(&t, &log)?;
                }
            }
        }
    }
    // What screens get: the view with the live figures (slow in a debug build: once).
    let view = t.view();
    prop_assert_eq!(view.figures, t.figures());
    prop_assert_eq!(view.clock, t.clock);
    check_log(&t, &log)?;
    Ok((t, log))
}

proptest! {
    #![proptest_config(Config { cases: 384, failure_persistence: None, ..Config::default() })]

    /// Every command, with any argument, at any time: never a panic, refusals change
    /// nothing, and accepted events keep every invariant of the state.
    #[test]
    fn any_command_sequence_keeps_the_tournament_sound_and_replayable(s in scenario()) {
        run(&s)?;
    }
}

/// Values an edited export file may hold in place of a number: the extremes and zero.
fn leaf() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::json!(i64::MIN)),
        Just(serde_json::json!(i64::MAX)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(u32::MAX)),
        Just(serde_json::json!(0)),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(1_000_000_000_000_000i64)),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
    ]
}

/// The JSON pointers of every number in `value`, with the name of the field holding it.
fn numbers(value: &serde_json::Value, at: String, key: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Number(_) => out.push((key.to_string(), at)),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                numbers(v, format!("{at}/{i}"), key, out);
            }
        }
        serde_json::Value::Object(fields) => {
            for (k, v) in fields {
                numbers(v, format!("{at}/{k}"), k, out);
            }
        }
        _ => {}
    }
}

/// Fields whose values the clock and the ledger compute with (most numbers of a log are
/// in its structure's levels).
const COMPUTED: &[&str] = &[
    "remaining_ms",
    "at",
    "level",
    "chips",
    "prize",
    "fee",
    "bounty",
    "cash",
    "added",
    "starting_stack",
    "scheduled_start",
];

/// Everything the server does with a tournament it has loaded, at `at`.
fn use_loaded(t: &Tournament, at: Timestamp) {
    let _ = t.clock_view(at);
    let _ = t.summary(at);
    let _ = t.next_wake(at);
    let _ = t.due(at);
    for command in [
        Command::StartClock,
        Command::AutoStart,
        Command::PauseClock,
        Command::ResumeClock,
        Command::NextLevel,
        Command::PreviousLevel,
        Command::JumpToLevel { level: 1 },
        Command::SetTimeLeft {
            remaining_ms: 60_000,
        },
        Command::AdjustTime { delta_ms: 60_000 },
        Command::EditStructure {
            levels: t.structure.levels.clone(),
        },
        Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(0xb0b)),
        }),
        Command::Entry(EntryCommand::Rebuy {
            entry: EntryId(1),
            stack: Some(Chips(0)),
        }),
        Command::Entry(EntryCommand::bust_by(
            &[(EntryId(1), Chips(0))],
            &[EntryId(2)],
        )),
        Command::Finish,
    ] {
        if let Ok(events) = t.decide(&command, at) {
            let mut next = t.clone();
            for event in events {
                next.apply(&Recorded {
                    seq: next.seq + 1,
                    at,
                    by: Operator("floor".into()),
                    event,
                });
            }
            let _ = next.clock_view(at);
            let _ = next.summary(at);
        }
    }
}

proptest! {
    #![proptest_config(Config {
        cases: 256,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    })]

    /// A log brought in by import (`Tournament::replay`) may have been edited: whatever
    /// its numbers say, it is refused, or the state it gives can be used without a panic.
    /// (See `an_imported_log_with_impossible_values_is_refused_or_harmless`.)
    #[test]
    fn any_imported_log_is_refused_or_replays_to_a_usable_state(
        s in scenario(),
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>(), leaf()),
            1..3,
        ),
    ) {
        let (_, log) = play(&s)?;
        let mut values: Vec<serde_json::Value> = log
            .iter()
            .map(|r| serde_json::to_value(r).expect("serializes"))
            .collect();
        // Half the edits go to the clock as the log leaves it: the anchor every screen
        // computes from.
        let last_clock = values.iter().rposition(|v| v["event"]["clock"].is_object());
        for (which, number, to) in &edits {
            if let (Some(i), true) = (last_clock, which.index(2) == 0) {
                let field = ["level", "remaining_ms", "at", "running"][number.index(4)];
                values[i]["event"]["clock"][field] = to.clone();
                continue;
            }
            let i = which.index(values.len());
            let mut found = Vec::new();
            numbers(&values[i], String::new(), "", &mut found);
            let computed: Vec<_> =
                found.iter().filter(|(k, _)| COMPUTED.contains(&k.as_str())).collect();
            let pool: Vec<_> = if computed.is_empty() { found.iter().collect() } else { computed };
            if !pool.is_empty() {
                let (_, pointer) = pool[number.index(pool.len())];
                if let Some(v) = values[i].pointer_mut(pointer) {
                    *v = to.clone();
                }
            }
        }
        let edited: Result<Vec<Recorded>, _> =
            values.into_iter().map(serde_json::from_value).collect();
        if let Ok(edited) = edited {
            if let Ok(t) = Tournament::replay(&edited) {
                let last = edited.last().map_or(s.start, |r| r.at);
                // The live figures are slow in a debug build: once.
                let _ = t.view();
                for at in [last, last.saturating_add(1_000), last.saturating_add(86_400_000), s.start] {
                    use_loaded(&t, at);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// JSON decoding

/// Decoding never panics; what decodes re-encodes to something that decodes the same.
fn decode_all(bytes: &[u8]) -> Result<(), TestCaseError> {
    fn one<T>(bytes: &[u8]) -> Result<(), TestCaseError>
    where
        T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        if let Ok(value) = serde_json::from_slice::<T>(bytes) {
            let again =
                serde_json::to_vec(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: T =
                serde_json::from_slice(&again).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, value);
        }
        Ok(())
    }
    one::<Level>(bytes)?;
    one::<Vec<Level>>(bytes)?;
    one::<Structure>(bytes)?;
    one::<Event>(bytes)?;
    one::<Recorded>(bytes)?;
    one::<Vec<Recorded>>(bytes)?;
    one::<Tournament>(bytes)?;
    Ok(())
}

/// Valid documents of each decoded type, to mutate.
fn corpus() -> Vec<String> {
    let turbo = template("turbo").expect("built in");
    let mut docs = vec![
        r#"{"kind":"play","small_blind":100,"big_blind":200,"ante":200,"ante_kind":"big_blind","duration_secs":1200}"#.to_string(),
        r#"{"kind":"break","duration_secs":600,"note":"Color up","color_up":true}"#.to_string(),
        serde_json::to_string(&turbo.structure).expect("serializes"),
    ];
    let s = Scenario {
        name: "Corpus".into(),
        levels: turbo.structure.levels[..4].to_vec(),
        starting_stack: 20_000,
        scheduled: Some(60_000),
        absolute: false,
        auto_start: false,
        entry_settings: EntrySettings::default(),
        start: 1_764_312_000_000,
        steps: Vec::new(),
    };
    let (mut t, mut log) = created(&s).expect("valid");
    let mut now = s.start;
    for command in [
        Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(1)),
        }),
        Command::Entry(EntryCommand::Register {
            player: PlayerId(Uuid::from_u128(2)),
        }),
        Command::StartClock,
        Command::Entry(EntryCommand::bust_by(
            &[(EntryId(1), Chips(20_000))],
            &[EntryId(2)],
        )),
        Command::PauseClock,
        Command::AdjustTime { delta_ms: -60_000 },
        Command::ResumeClock,
        Command::NextLevel,
        Command::SetTimeLeft { remaining_ms: 5000 },
        Command::EditStructure {
            levels: turbo.structure.levels[..6].to_vec(),
        },
        Command::Finish,
    ] {
        now += 61_000;
        for event in t.decide(&command, now).expect("valid") {
            let record = Recorded {
                seq: t.seq + 1,
                at: now,
                by: Operator("floor".into()),
                event,
            };
            t.apply(&record);
            log.push(record);
        }
    }
    for record in &log {
        docs.push(serde_json::to_string(record).expect("serializes"));
        docs.push(serde_json::to_string(&record.event).expect("serializes"));
    }
    docs.push(serde_json::to_string(&log).expect("serializes"));
    docs.push(serde_json::to_string(&t).expect("serializes"));
    docs
}

/// Tokens a mutation splices in: JSON punctuation, extreme numbers, odd strings, names of
/// fields and variants the decoders look for.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "-",
    "0",
    "-0",
    "1e999",
    "-1e999",
    "1.5",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "4294967295",
    "4294967296",
    "null",
    "true",
    "\"\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\uDFFF\"",
    "NaN",
    "Infinity",
    "\"kind\"",
    "\"type\"",
    "\"play\"",
    "\"break\"",
    "\"levels\"",
    "\"clock\"",
    "\"clock_started\"",
    "\"structure_edited\"",
    "\"level\":",
    "\"seq\":",
    "{}",
    "[]",
    "\u{feff}",
    "\u{0}",
    "é",
    "\u{1F0A1}",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, usize),
    Replace(prop::sample::Index, usize, usize),
    Byte(prop::sample::Index, u8),
    Duplicate(prop::sample::Index, usize),
    Truncate(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        (at(), 1usize..8).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (at(), 0..TOKENS.len()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (at(), 1usize..6, 0..TOKENS.len()).prop_map(|(i, n, t)| Mutation::Replace(i, n, t)),
        (at(), any::<u8>()).prop_map(|(i, b)| Mutation::Byte(i, b)),
        (at(), 1usize..40).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        at().prop_map(Mutation::Truncate),
    ]
}

fn mutate(doc: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = doc.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len();
        let pos = |i: &prop::sample::Index| i.index(len + 1);
        match m {
            Mutation::Delete(i, n) => {
                let from = pos(i);
                bytes.drain(from..(from + n).min(len));
            }
            Mutation::Insert(i, t) => {
                let at = pos(i);
                bytes.splice(at..at, TOKENS[*t].bytes());
            }
            Mutation::Replace(i, n, t) => {
                let from = pos(i);
                bytes.splice(from..(from + n).min(len), TOKENS[*t].bytes());
            }
            Mutation::Byte(i, b) => {
                if len > 0 {
                    let at = i.index(len);
                    bytes[at] = *b;
                }
            }
            Mutation::Duplicate(i, n) => {
                let from = pos(i);
                let piece = bytes[from..(from + n).min(len)].to_vec();
                bytes.splice(from..from, piece);
            }
            Mutation::Truncate(i) => bytes.truncate(pos(i)),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(Config { cases: 10_000, failure_persistence: None, ..Config::default() })]

    /// Mutated valid documents of every decoded type never make a decoder panic.
    #[test]
    fn mutated_json_never_makes_a_decoder_panic(
        doc in prop::sample::select(corpus()),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        decode_all(&mutate(&doc, &mutations))?;
    }

    /// Arbitrary text and bytes never make a decoder panic.
    #[test]
    fn arbitrary_text_never_makes_a_decoder_panic(
        text in prop_oneof![
            "\\PC{0,64}",
            "[\\[\\]{}\":,0-9a-z_\\-\\.eE ]{0,96}",
            any::<String>(),
        ],
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        decode_all(text.as_bytes())?;
        decode_all(&bytes)?;
    }

    /// A level or event survives a JSON round trip whatever its values.
    #[test]
    fn any_level_and_event_round_trip_through_json(
        level in any_level(),
        delta_ms in millis(),
        remaining_ms in millis(),
        at in any::<i64>(),
        index in any::<usize>(),
    ) {
        let clock = felt_domain::ClockAnchor { level: index, remaining_ms, at, running: true };
        for event in [
            Event::TimeAdjusted { delta_ms, clock },
            Event::StructureEdited { levels: vec![level.clone()], clock },
            Event::LevelChanged { from: index, to: index, clock },
        ] {
            let json = serde_json::to_string(&event).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: Event = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, event);
        }
    }
}

#[test]
fn deeply_nested_and_huge_documents_are_refused_without_a_panic() {
    let deep = "[".repeat(10_000);
    let deep_objects = r#"{"kind":"play","small_blind":"#.repeat(5_000);
    let deep_levels = format!(r#"{{"name":"x","levels":{}"#, "[".repeat(10_000));
    let many_levels = format!(
        r#"{{"name":"x","levels":[{}]}}"#,
        vec![r#"{"kind":"break","duration_secs":1}"#; 20_000].join(",")
    );
    let long_name = format!(r#"{{"name":"{}","levels":[]}}"#, "x".repeat(1 << 20));
    for doc in [&deep, &deep_objects, &deep_levels, &many_levels, &long_name] {
        decode_all(doc.as_bytes()).expect("no failure");
    }
    assert!(serde_json::from_str::<Structure>(&deep_levels).is_err());
    let many: Structure = serde_json::from_str(&many_levels).expect("well formed");
    assert!(
        many.validate().is_err(),
        "20,000 levels are more than allowed"
    );
}

// ---------------------------------------------------------------------------------------
// What the fuzzing found

fn turbo(scheduled_start: Option<Timestamp>, auto_start: bool) -> NewTournament {
    let t = template("turbo").expect("built in");
    NewTournament {
        id: TournamentId(Uuid::from_u128(0xfe17)),
        name: "Found".into(),
        structure: t.structure,
        starting_stack: t.starting_stack,
        scheduled_start,
        auto_start,
        entry_settings: EntrySettings::default(),
        payouts: Default::default(),
    }
}

fn record(t: &mut Tournament, command: &Command, now: Timestamp) -> Result<(), DomainError> {
    for event in t.decide(command, now)? {
        let record = Recorded {
            seq: t.seq + 1,
            at: now,
            by: Operator("floor".into()),
            event,
        };
        t.apply(&record);
    }
    Ok(())
}

/// A scheduled start is any `i64` an API client sends. Found by fuzzing: at the far ends
/// of time the clock arithmetic overflows (`now - at` in `ClockAnchor::settled`, reached
/// through `effective_clock`; then, with that subtraction saturating, `-remaining_ms` in
/// `ClockAnchor::view` once the time left saturates to `i64::MIN`): a panic in a debug
/// build, in the supervisor, and a wrapped value in release. Creating it may be refused;
/// once accepted, nothing done with it may panic.
#[test]
fn a_scheduled_start_at_the_ends_of_time_is_refused_or_harmless() {
    const MIN: i64 = 60_000;
    let now = 1_764_312_000_000;
    for at in [
        i64::MIN,
        i64::MIN + 1,
        -(i64::MAX - 1_000_000_000_000),
        i64::MAX,
    ] {
        let Ok(event) = create(turbo(Some(at), true), now) else {
            continue;
        };
        let first = Recorded {
            seq: 1,
            at: now,
            by: Operator::system(),
            event,
        };
        let created = Tournament::from_created(&first).expect("created");
        // Started by itself, then moved on, or paused and resumed; or cancelled (finished)
        // before it started.
        let endings: [&[Command]; 3] = [
            &[Command::NextLevel],
            &[Command::PauseClock, Command::ResumeClock],
            &[Command::Finish],
        ];
        for ending in endings {
            let mut t = created.clone();
            for probe in [now, now + MIN] {
                use_loaded(&t, probe);
                if let Some(command) = t.due(probe) {
                    record(&mut t, &command, probe).expect("due");
                }
            }
            for command in ending {
                let _ = record(&mut t, command, now + 2 * MIN);
            }
            for probe in [now + 2 * MIN, now + 3 * MIN, now + 30 * 24 * 60 * MIN] {
                use_loaded(&t, probe);
            }
        }
    }
}

/// Before an automatic start, `set_time` and `adjust_time` are accepted, and the start
/// keeps what they set, as a manual start does. Found by fuzzing: `effective_clock` built
/// the running clock with `ClockAnchor::stopped_at(levels, self.clock.level, at)`, which
/// dropped the anchor's `remaining_ms`: the floor was told "done" and the change was lost.
#[test]
fn time_set_before_an_automatic_start_is_kept_when_it_starts() {
    const MIN: i64 = 60_000;
    let start = 1_764_312_000_000;
    let scheduled = start + 10 * MIN;
    for (command, left) in [
        (
            Command::SetTimeLeft {
                remaining_ms: 5 * MIN,
            },
            5 * MIN,
        ),
        (Command::AdjustTime { delta_ms: -MIN }, 9 * MIN),
    ] {
        let first = Recorded {
            seq: 1,
            at: start,
            by: Operator::system(),
            event: create(turbo(Some(scheduled), true), start).expect("valid"),
        };
        let mut manual = Tournament::from_created(&first).expect("created");
        manual.auto_start = false;
        let mut auto = Tournament::from_created(&first).expect("created");
        record(&mut manual, &command, start + MIN).expect("accepted before the start");
        record(&mut auto, &command, start + MIN).expect("accepted before the start");
        // Started by hand at the scheduled time, the clock keeps the time set...
        record(&mut manual, &Command::StartClock, scheduled).expect("starts");
        assert_eq!(
            manual.clock_view(scheduled + 2 * MIN).remaining_ms,
            left - 2 * MIN
        );
        // ...started by itself, it must too, before and after the start is written.
        assert_eq!(
            auto.clock_view(scheduled + 2 * MIN).remaining_ms,
            left - 2 * MIN,
            "{command:?} before the automatic start is lost"
        );
        let due = auto.due(scheduled + 2 * MIN).expect("due");
        record(&mut auto, &due, scheduled + 2 * MIN).expect("starts");
        assert_eq!(
            auto.clock_view(scheduled + 3 * MIN).remaining_ms,
            left - 3 * MIN,
            "{command:?} before the automatic start is lost"
        );
    }
}

/// The aggregate accepts commands at any `now` (a wall clock that steps back counts as no
/// time) and the actor records `at: now`, so the import check must accept such a log.
/// Found by fuzzing: `Tournament::replay` refused a log whose times went back, so after an
/// NTP correction backwards the server wrote a log its own export could not bring back.
#[test]
fn a_log_written_while_the_wall_clock_stepped_back_replays() {
    const MIN: i64 = 60_000;
    let start = 1_764_312_000_000;
    let first = Recorded {
        seq: 1,
        at: start,
        by: Operator::system(),
        event: create(turbo(None, false), start).expect("valid"),
    };
    let mut t = Tournament::from_created(&first).expect("created");
    let mut log = vec![first];
    for (command, at) in [
        (Command::StartClock, start + 10 * MIN),
        // The wall clock is corrected back by two minutes.
        (Command::PauseClock, start + 8 * MIN),
        (Command::ResumeClock, start + 9 * MIN),
    ] {
        for event in t.decide(&command, at).expect("accepted") {
            let record = Recorded {
                seq: t.seq + 1,
                at,
                by: Operator("floor".into()),
                event,
            };
            t.apply(&record);
            log.push(record);
        }
    }
    assert_eq!(Tournament::replay(&log), Ok(t));
}

/// An export edited by hand (or damaged) is refused, or leads to a state that can be used.
/// Found by fuzzing: `Tournament::replay` checked a log's order, not its values, and
/// `apply` trusts events, so such a log imported and then the arithmetic on its values
/// overflowed (`ClockAnchor::view`, `settled`, `next_change_at`; chips in
/// `Entries::apply`; `Money` sums): a panic in a debug build, in the supervisor that
/// replays an import, and a wrapped value in release.
#[test]
fn an_imported_log_with_impossible_values_is_refused_or_harmless() {
    use serde_json::json;
    const MIN: i64 = 60_000;
    let start = 1_764_312_000_000;
    let first = Recorded {
        seq: 1,
        at: start,
        by: Operator::system(),
        event: create(turbo(None, false), start).expect("valid"),
    };
    let created = serde_json::to_value(&first).expect("serializes");
    let event = |seq: u64, event: serde_json::Value| json!({"seq": seq, "at": start + MIN, "by": "floor", "event": event});
    let clock = |remaining_ms: i64, at: i64| json!({"level": 0, "remaining_ms": remaining_ms, "at": at, "running": true});
    let player = |n: u128| Uuid::from_u128(n).to_string();
    let registered = |entry: u32, chips: u64, prize: i64| {
        json!({"type": "entry", "change": {"type": "registered", "entry": entry,
            "player": player(u128::from(entry)), "kind": "buyin",
            "price": {"prize": prize, "fee": 0, "extras": [], "bounty": 0},
            "chips": chips, "at": start}})
    };
    let mut no_levels = created.clone();
    no_levels["event"]["structure"]["levels"] = json!([]);
    let cases: Vec<(&str, Vec<serde_json::Value>)> = vec![
        (
            "a running clock with i64::MAX left",
            vec![
                created.clone(),
                event(
                    2,
                    json!({"type": "clock_started", "clock": clock(i64::MAX, start)}),
                ),
            ],
        ),
        (
            "a running clock anchored at i64::MIN",
            vec![
                created.clone(),
                event(
                    2,
                    json!({"type": "clock_started", "clock": clock(600_000, i64::MIN)}),
                ),
            ],
        ),
        (
            "an entry with u64::MAX chips that rebuys",
            vec![
                created.clone(),
                event(2, registered(1, u64::MAX, 0)),
                event(
                    3,
                    json!({"type": "entry", "change": {"type": "rebuy_bought",
                    "entry": 1, "price": {"prize": 0, "fee": 0, "extras": [], "bounty": 0},
                    "chips": 1}}),
                ),
            ],
        ),
        (
            "two buy-ins of i64::MAX",
            vec![
                created.clone(),
                event(2, registered(1, 1, i64::MAX)),
                event(3, registered(2, 1, i64::MAX)),
            ],
        ),
        ("a structure without levels", vec![no_levels]),
    ];
    let mut failures = Vec::new();
    for (name, values) in cases {
        let log: Vec<Recorded> = values
            .into_iter()
            .map(|v| serde_json::from_value(v).expect("a well-formed record"))
            .collect();
        let outcome = std::panic::catch_unwind(|| {
            if let Ok(t) = Tournament::replay(&log) {
                let _ = t.view();
                for at in [start + MIN, start + 2 * MIN] {
                    use_loaded(&t, at);
                }
                let levels_ok = !t.structure.levels.is_empty();
                return levels_ok;
            }
            true
        });
        match outcome {
            Err(_) => failures.push(format!("{name}: panics")),
            Ok(false) => failures.push(format!("{name}: accepted")),
            Ok(true) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// After the scheduled start, until the actor writes `clock_started` (a few milliseconds,
/// or longer after a restart or a failed write), a command writes the due automatic start
/// first and is decided on the started clock: screens are shown what they are told.
#[test]
fn a_command_before_the_automatic_start_is_written_shows_what_it_told() {
    const MIN: i64 = 60_000;
    let start = 1_764_312_000_000;
    let scheduled = start + 10 * MIN;
    let first = Recorded {
        seq: 1,
        at: start,
        by: Operator::system(),
        event: create(turbo(Some(scheduled), true), start).expect("valid"),
    };
    let mut t = Tournament::from_created(&first).expect("created");
    // The server was down at the scheduled start; it is back five minutes later and the
    // floor moves on a level before the automatic start is written.
    let now = scheduled + 5 * MIN;
    record(&mut t, &Command::NextLevel, now).expect("accepted");
    let told = t.clock.view(&t.structure.levels, now);
    assert_eq!((told.level, told.remaining_ms), (1, 10 * MIN), "the event");
    let shown = t.clock_view(now);
    assert_eq!(
        (shown.level, shown.remaining_ms),
        (1, 10 * MIN),
        "level 1 starts in full at {now}"
    );
    // The due automatic start was written with the command, before it.
    assert!(t.started);
    assert_eq!(t.due(now + 5), None);
    let shown = t.clock_view(now + MIN);
    assert_eq!((shown.level, shown.remaining_ms), (1, 9 * MIN));
}

/// A tournament cancelled (finished) before its automatic start never shows a running
/// clock. Found by fuzzing: `effective_clock` started it at the scheduled time without
/// looking at `finished` (in `GET /tournaments/{id}` and the venue overview), although
/// `due` rightly never started it.
#[test]
fn a_tournament_finished_before_its_automatic_start_never_runs() {
    const MIN: i64 = 60_000;
    let start = 1_764_312_000_000;
    let scheduled = start + 10 * MIN;
    let first = Recorded {
        seq: 1,
        at: start,
        by: Operator::system(),
        event: create(turbo(Some(scheduled), true), start).expect("valid"),
    };
    let mut t = Tournament::from_created(&first).expect("created");
    record(&mut t, &Command::Finish, start + MIN).expect("finishes");
    let later = scheduled + 5 * MIN;
    assert_eq!(t.due(later), None);
    assert!(!t.clock_view(later).running, "a finished clock runs");
    assert!(!t.summary(later).clock.running, "a finished clock runs");
}
