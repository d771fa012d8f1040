//! The Tournament aggregate: the state one tournament actor owns, the commands it accepts,
//! the events they become, and the two pure functions the actor calls: `decide` checks a
//! command against the state at `now` and returns events (or a refusal); `apply` folds an
//! event into the state. Events carry their outcome (the new clock anchor), so `apply`
//! never needs `now` and replaying the log always gives the same state.

use crate::clock::{ClockAnchor, ClockView};
use crate::deals::DealKind;
use crate::entries::{Entries, EntryCommand, EntryContext, EntryEvent, EntryId, EntrySettings};
use crate::error::DomainError;
use crate::ids::{Millis, Operator, Seq, Timestamp, TournamentId};
use crate::money::Money;
use crate::payouts::PayoutSettings;
use crate::structure::{Chips, Level, Structure, MAX_TEXT};
use serde::{Deserialize, Serialize};

/// Where a tournament is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Created; the clock has not started.
    Scheduled,
    /// The clock has started (it may be paused).
    Running,
    Finished,
}

/// One tournament's whole state: a fold of its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tournament {
    pub id: TournamentId,
    pub name: String,
    pub structure: Structure,
    pub starting_stack: Chips,
    pub scheduled_start: Option<Timestamp>,
    pub auto_start: bool,
    pub started: bool,
    pub finished: bool,
    pub clock: ClockAnchor,
    pub created_at: Timestamp,
    /// The sequence number of the last event applied.
    pub seq: Seq,
    /// Entries, busts and the money.
    pub entries: Entries,
    /// How the prize pool is paid.
    #[serde(default)]
    pub payouts: PayoutSettings,
    /// The amounts of each place, fixed by the director (or by a deal).
    #[serde(default)]
    pub locked_payouts: Option<Vec<Money>>,
    #[serde(default)]
    pub deal: Option<RecordedDeal>,
    /// The tables and who sits where, once tables are opened for the tournament.
    #[serde(default)]
    pub seats: Option<Seats>,
}

/// The range a scheduled start must fall in (2000-01-01 and 2200-01-01, in ms): outside
/// it, it is a typing mistake, and the clock arithmetic stays far from overflow.
const EARLIEST_START: Timestamp = 946_684_800_000;
const LATEST_START: Timestamp = 7_258_118_400_000;

/// What a tournament is created with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTournament {
    pub id: TournamentId,
    pub name: String,
    pub structure: Structure,
    pub starting_stack: Chips,
    pub scheduled_start: Option<Timestamp>,
    pub auto_start: bool,
    pub entry_settings: EntrySettings,
    pub payouts: PayoutSettings,
}

/// What operators (and the clock itself) ask of a tournament.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the clock by hand, now.
    StartClock,
    /// Start the clock at the scheduled start (sent by the tournament's own wake-up).
    AutoStart,
    PauseClock,
    ResumeClock,
    NextLevel,
    PreviousLevel,
    JumpToLevel {
        level: usize,
    },
    SetTimeLeft {
        remaining_ms: Millis,
    },
    AdjustTime {
        delta_ms: Millis,
    },
    /// Replace the structure; levels already played must stay as they were.
    EditStructure {
        levels: Vec<Level>,
    },
    Finish,
    /// Registrations, purchases, busts: decided by the entries' rules at the clock's
    /// position.
    Entry(EntryCommand),
    /// New payout settings (plan, unit, currency, satellite); not once locked.
    ChangePayouts {
        settings: PayoutSettings,
    },
    /// Fix the amounts of each place as they stand; the pool can no longer change.
    LockPayouts,
    UnlockPayouts,
    /// A deal among every player still in, over the prizes of the places they cover.
    RecordDeal {
        stacks: Vec<(EntryId, Chips)>,
        kind: DealKind,
        play_for: Money,
    },
    /// Tables, seats, moves, buttons.
    Seat(SeatCommand),
}

/// What happened to a tournament. Stored in the log, sent to screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    TournamentCreated {
        id: TournamentId,
        name: String,
        structure: Structure,
        starting_stack: Chips,
        scheduled_start: Option<Timestamp>,
        auto_start: bool,
        clock: ClockAnchor,
        #[serde(default)]
        entry_settings: Box<EntrySettings>,
        #[serde(default)]
        payouts: Box<PayoutSettings>,
    },
    ClockStarted {
        clock: ClockAnchor,
    },
    ClockPaused {
        clock: ClockAnchor,
    },
    ClockResumed {
        clock: ClockAnchor,
    },
    LevelChanged {
        from: usize,
        to: usize,
        clock: ClockAnchor,
    },
    TimeSet {
        clock: ClockAnchor,
    },
    TimeAdjusted {
        delta_ms: Millis,
        clock: ClockAnchor,
    },
    StructureEdited {
        levels: Vec<Level>,
        clock: ClockAnchor,
    },
    TournamentFinished {
        clock: ClockAnchor,
    },
    /// Something happened to the entries; the clock is unchanged.
    Entry {
        change: EntryEvent,
    },
    PayoutsChanged {
        settings: PayoutSettings,
    },
    PayoutsLocked {
        payouts: Vec<Money>,
    },
    PayoutsUnlocked {},
    DealRecorded {
        deal: RecordedDeal,
    },
    /// Something happened to the seating.
    Seating {
        change: SeatEvent,
    },
    /// The events listed are cancelled: the state is what it would be without them (an
    /// undone `undone` event restores what it cancelled). See [`Tournament::undo`].
    Undone {
        events: Vec<Seq>,
    },
}

impl Event {
    /// The event's type name, as in its JSON `type` and the log's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::TournamentCreated { .. } => "tournament_created",
            Event::ClockStarted { .. } => "clock_started",
            Event::ClockPaused { .. } => "clock_paused",
            Event::ClockResumed { .. } => "clock_resumed",
            Event::LevelChanged { .. } => "level_changed",
            Event::TimeSet { .. } => "time_set",
            Event::TimeAdjusted { .. } => "time_adjusted",
            Event::StructureEdited { .. } => "structure_edited",
            Event::TournamentFinished { .. } => "tournament_finished",
            Event::Entry { .. } => "entry",
            Event::PayoutsChanged { .. } => "payouts_changed",
            Event::PayoutsLocked { .. } => "payouts_locked",
            Event::PayoutsUnlocked {} => "payouts_unlocked",
            Event::DealRecorded { .. } => "deal_recorded",
            Event::Seating { .. } => "seating",
            Event::Undone { .. } => "undone",
        }
    }

    /// Whether screens need the whole state again after this event: it changes more
    /// than a client folds (payouts, deals, undos); see docs/PROTOCOL.md.
    pub fn followed_by_snapshot(&self) -> bool {
        matches!(
            self,
            Event::PayoutsChanged { .. }
                | Event::PayoutsLocked { .. }
                | Event::PayoutsUnlocked {}
                | Event::DealRecorded { .. }
                | Event::Undone { .. }
        )
    }

    /// The clock anchor after this event, if it sets one.
    pub fn clock(&self) -> Option<&ClockAnchor> {
        Some(match self {
            Event::TournamentCreated { clock, .. }
            | Event::ClockStarted { clock }
            | Event::ClockPaused { clock }
            | Event::ClockResumed { clock }
            | Event::LevelChanged { clock, .. }
            | Event::TimeSet { clock }
            | Event::TimeAdjusted { clock, .. }
            | Event::StructureEdited { clock, .. }
            | Event::TournamentFinished { clock } => clock,
            Event::Entry { .. }
            | Event::PayoutsChanged { .. }
            | Event::PayoutsLocked { .. }
            | Event::PayoutsUnlocked {}
            | Event::DealRecorded { .. }
            | Event::Seating { .. }
            | Event::Undone { .. } => return None,
        })
    }
}

/// An event as the log holds it: its place, its time and who caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recorded {
    pub seq: Seq,
    pub at: Timestamp,
    pub by: Operator,
    pub event: Event,
}

/// The first event of a tournament, after checking what it is created with.
pub fn create(new: NewTournament, now: Timestamp) -> Result<Event, DomainError> {
    let name = new.name.trim().to_string();
    if name.is_empty() || name.chars().count() > MAX_TEXT {
        return Err(DomainError::InvalidValue(format!(
            "the name must have 1 to {MAX_TEXT} characters"
        )));
    }
    new.structure.validate()?;
    if new.starting_stack.0 == 0 {
        return Err(DomainError::InvalidValue(
            "the starting stack must be more than 0".into(),
        ));
    }
    if new
        .scheduled_start
        .is_some_and(|at| !(EARLIEST_START..=LATEST_START).contains(&at))
    {
        return Err(DomainError::InvalidValue(
            "the scheduled start must be between the years 2000 and 2200".into(),
        ));
    }
    if new.auto_start && new.scheduled_start.is_none() {
        return Err(DomainError::InvalidValue(
            "auto start needs a scheduled start".into(),
        ));
    }
    // One starting stack: the tournament's, whatever the entry settings said.
    let mut entry_settings = new.entry_settings;
    entry_settings.starting_chips = new.starting_stack;
    Entries::new(entry_settings.clone())?;
    new.payouts.validate()?;
    let clock = ClockAnchor::stopped_at(&new.structure.levels, 0, now);
    Ok(Event::TournamentCreated {
        id: new.id,
        name,
        structure: new.structure,
        starting_stack: new.starting_stack,
        scheduled_start: new.scheduled_start,
        auto_start: new.auto_start,
        clock,
        entry_settings: Box::new(entry_settings),
        payouts: Box::new(new.payouts),
    })
}

impl Tournament {
    /// The state after the first event of the log.
    pub fn from_created(first: &Recorded) -> Option<Tournament> {
        let Event::TournamentCreated {
            id,
            name,
            structure,
            starting_stack,
            scheduled_start,
            auto_start,
            clock,
            entry_settings,
            payouts,
        } = &first.event
        else {
            return None;
        };
        let entries = Entries::new((**entry_settings).clone()).ok()?;
        Some(Tournament {
            id: *id,
            name: name.clone(),
            structure: structure.clone(),
            starting_stack: *starting_stack,
            scheduled_start: *scheduled_start,
            auto_start: *auto_start,
            started: false,
            finished: false,
            clock: *clock,
            created_at: first.at,
            seq: first.seq,
            entries,
            payouts: (**payouts).clone(),
            locked_payouts: None,
            deal: None,
            seats: None,
        })
    }

    pub fn status(&self) -> Status {
        if self.finished {
            Status::Finished
        } else if self.started {
            Status::Running
        } else {
            Status::Scheduled
        }
    }

    fn levels(&self) -> &[Level] {
        &self.structure.levels
    }

    /// The anchor that holds at `now`: before a due automatic start it is the clock that
    /// started at the scheduled time, so screens and rules agree even before the
    /// `clock_started` event is written.
    pub fn effective_clock(&self, now: Timestamp) -> ClockAnchor {
        match self.scheduled_start {
            // The clock as set before the start (level, time left), running from `at`.
            Some(at) if !self.started && !self.finished && self.auto_start && now >= at => {
                ClockAnchor {
                    running: true,
                    at,
                    ..self.clock
                }
            }
            _ => self.clock,
        }
    }

    pub fn clock_view(&self, now: Timestamp) -> ClockView {
        self.effective_clock(now).view(self.levels(), now)
    }

    /// Checks `command` against the state at `now`; the events to record, or why not. Any
    /// seat draw uses a seed derived from the state and `now` (see [`Tournament::decide_with`]).
    pub fn decide(&self, command: &Command, now: Timestamp) -> Result<Vec<Event>, DomainError> {
        let seed = self.seq ^ (now as u64).rotate_left(17) ^ self.id.0.as_u64_pair().0;
        self.decide_with(command, now, seed)
    }

    /// [`Tournament::decide`] with `seed` for any seat draw the command makes (the actor
    /// passes a random one; it is recorded in the event).
    pub fn decide_with(
        &self,
        command: &Command,
        now: Timestamp,
        seed: u64,
    ) -> Result<Vec<Event>, DomainError> {
        if self.finished {
            return Err(DomainError::Finished);
        }
        // An automatic start that is due but not yet written goes in first, so the log
        // says the clock started before whatever this command does to it.
        let starting = !matches!(command, Command::AutoStart | Command::StartClock);
        if starting && self.due(now) == Some(Command::AutoStart) {
            let mut started = self.clone();
            let mut events = self.decide_with(&Command::AutoStart, now, seed)?;
            for (event, seq) in events.iter().zip(self.seq + 1..) {
                started.apply(&Recorded {
                    seq,
                    at: now,
                    by: Operator::system(),
                    event: event.clone(),
                });
            }
            events.extend(started.decide_with(command, now, seed)?);
            return Ok(events);
        }
        let levels = self.levels();
        let clock = self.effective_clock(now);
        let must_have_started = || {
            if self.started {
                Ok(())
            } else {
                Err(DomainError::NotStarted)
            }
        };
        let from = clock.settled(levels, now).level;
        let level_changed = |to: ClockAnchor| Event::LevelChanged {
            from,
            to: to.level,
            clock: to,
        };
        let event = match command {
            Command::StartClock => {
                if self.started {
                    return Err(DomainError::AlreadyStarted);
                }
                // A due automatic start that was not yet written keeps its scheduled time.
                let started = if clock.running {
                    clock
                } else {
                    clock.start(levels, now)
                };
                Event::ClockStarted { clock: started }
            }
            Command::AutoStart => {
                if self.started {
                    return Err(DomainError::AlreadyStarted);
                }
                if !clock.running {
                    return Err(DomainError::NotStarted);
                }
                Event::ClockStarted { clock }
            }
            Command::PauseClock => {
                must_have_started()?;
                Event::ClockPaused {
                    clock: clock.pause(levels, now)?,
                }
            }
            Command::ResumeClock => {
                must_have_started()?;
                Event::ClockResumed {
                    clock: clock.resume(levels, now)?,
                }
            }
            Command::NextLevel => level_changed(clock.next_level(levels, now)?),
            Command::PreviousLevel => level_changed(clock.previous_level(levels, now)?),
            Command::JumpToLevel { level } => level_changed(clock.jump(levels, *level, now)?),
            Command::SetTimeLeft { remaining_ms } => Event::TimeSet {
                clock: clock.set_remaining(levels, *remaining_ms, now)?,
            },
            Command::AdjustTime { delta_ms } => Event::TimeAdjusted {
                delta_ms: *delta_ms,
                clock: clock.adjust(levels, *delta_ms, now)?,
            },
            Command::EditStructure { levels: new_levels } => {
                let edited = Structure {
                    name: self.structure.name.clone(),
                    levels: new_levels.clone(),
                };
                edited.validate()?;
                let here = clock.settled(levels, now).level;
                if new_levels.len() <= here {
                    return Err(DomainError::InvalidStructure(format!(
                        "the clock is at level {}: the structure must keep it",
                        here + 1
                    )));
                }
                if new_levels[..here] != levels[..here] {
                    return Err(DomainError::InvalidStructure(
                        "levels already played cannot be changed".into(),
                    ));
                }
                Event::StructureEdited {
                    levels: new_levels.clone(),
                    clock: clock.rebased(levels, new_levels, now),
                }
            }
            Command::Entry(command) => {
                self.check_money_can_change(command)?;
                let here = clock.settled(levels, now).level;
                let mut context = EntryContext::at(levels, here, self.started, now);
                context.hand = self.seats.as_ref().and_then(Seats::current_hand);
                let changes = self.entries.decide(command, &context)?;
                let seated = self.seat_entries(&changes, seed)?;
                return Ok(changes
                    .into_iter()
                    .map(|change| Event::Entry { change })
                    .chain(seated.into_iter().map(|change| Event::Seating { change }))
                    .collect());
            }
            Command::ChangePayouts { .. }
            | Command::LockPayouts
            | Command::UnlockPayouts
            | Command::RecordDeal { .. } => return Ok(vec![self.decide_payouts(command)?]),
            Command::Seat(command) => {
                let changes = self.decide_seats(command, seed)?;
                let completed = changes
                    .iter()
                    .any(|c| matches!(c, SeatEvent::HandCompleted { .. }));
                let mut events: Vec<Event> = changes
                    .into_iter()
                    .map(|change| Event::Seating { change })
                    .collect();
                // RP-8: each hand played hand-for-hand takes time off the clock (never
                // below one second left in the level).
                if completed && self.started {
                    let off = self
                        .seats
                        .as_ref()
                        .map_or(0, |s| s.settings.hand_for_hand.clock_reduction());
                    let left = clock.settled(levels, now).remaining_ms;
                    let delta_ms = -off.min(left.saturating_sub(1_000)).max(0);
                    if delta_ms < 0 {
                        events.push(Event::TimeAdjusted {
                            delta_ms,
                            clock: clock.adjust(levels, delta_ms, now)?,
                        });
                    }
                }
                return Ok(events);
            }
            Command::Finish => Event::TournamentFinished {
                clock: ClockAnchor {
                    running: false,
                    ..clock.settled(levels, now)
                },
            },
        };
        Ok(vec![event])
    }

    /// Folds one recorded event into the state.
    pub fn apply(&mut self, recorded: &Recorded) {
        let event = &recorded.event;
        match event {
            Event::TournamentCreated { .. } => {}
            Event::ClockStarted { .. } => self.started = true,
            Event::StructureEdited { levels, .. } => self.structure.levels = levels.clone(),
            Event::TournamentFinished { .. } => self.finished = true,
            Event::Entry { change } => self.entries.apply(change),
            Event::PayoutsChanged { settings } => self.payouts = settings.clone(),
            Event::PayoutsLocked { payouts } => self.locked_payouts = Some(payouts.clone()),
            Event::PayoutsUnlocked {} => self.locked_payouts = None,
            Event::DealRecorded { deal } => self.deal = Some(deal.clone()),
            Event::Seating { change } => self.apply_seats(change),
            // An undo changes what the log folds to: see `Tournament::from_log`.
            Event::Undone { .. } => {}
            Event::ClockPaused { .. }
            | Event::ClockResumed { .. }
            | Event::LevelChanged { .. }
            | Event::TimeSet { .. }
            | Event::TimeAdjusted { .. } => {}
        }
        if let Some(clock) = event.clock() {
            self.clock = *clock;
        }
        self.seq = recorded.seq;
    }

    /// What the clock owes at `now` without anyone asking: the automatic start.
    pub fn due(&self, now: Timestamp) -> Option<Command> {
        let automatic = !self.started && !self.finished && self.effective_clock(now).running;
        automatic.then_some(Command::AutoStart)
    }

    /// When the tournament next changes by itself (a level change, an automatic start):
    /// the moment its actor should wake to tell the screens.
    pub fn next_wake(&self, now: Timestamp) -> Option<Timestamp> {
        if self.finished {
            return None;
        }
        match self.scheduled_start {
            Some(at) if !self.started && self.auto_start => Some(at.max(now)),
            _ => self.clock.next_change_at(self.levels(), now),
        }
    }
}

mod payouts;
mod replay;
mod seats;
mod undo;
mod view;

pub use payouts::RecordedDeal;
pub use seats::{entry_of, SeatCommand, SeatEvent, SeatSettings, Seats};
pub use undo::AuditLine;
pub use view::{Summary, TournamentView};

#[cfg(test)]
mod tests;
