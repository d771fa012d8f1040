//! Replaying a log that comes from outside (an import): every event must be exactly what
//! `decide` makes of the command it records, at the time it records, from the state the
//! events before it left. So an imported log can only lead to a state Felt itself could
//! have reached, and `apply` never sees an event it was not made for.

use super::{create, Command, Event, NewTournament, Recorded, Tournament};
use super::{SeatCommand, SeatEvent};
use crate::entries::{EntryCommand, EntryEvent, EntryKind};
use crate::error::DomainError;

impl Tournament {
    /// The state a whole log leads to, checking it is one: it starts with the creation,
    /// its sequence numbers run 1, 2, 3..., and each event follows from the ones before
    /// (times may step back: wall clocks do).
    pub fn replay(log: &[Recorded]) -> Result<Tournament, DomainError> {
        let bad = |why: String| {
            Err(DomainError::InvalidValue(format!(
                "not a tournament log: {why}"
            )))
        };
        let Some(first) = log.first() else {
            return bad("it is empty".into());
        };
        if first.seq != 1 || !recreates(first) {
            return bad(
                "it does not start with a valid creation of the tournament as event 1".into(),
            );
        }
        let Some(mut state) = Tournament::from_created(first) else {
            return bad("its creation cannot be read".into());
        };
        let mut i = 1;
        while i < log.len() {
            let record = &log[i];
            if record.seq != state.seq + 1 {
                return bad(format!("event {} follows event {}", record.seq, state.seq));
            }
            if let Event::Undone { events } = &record.event {
                let target = events.first().copied().unwrap_or(0);
                match Tournament::undo(&log[..i], target, record.at, record.by.clone()) {
                    Ok((made, after)) if made == *record => state = after,
                    _ => {
                        return bad(format!(
                            "event {} is not an undo this log allows",
                            record.seq
                        ))
                    }
                }
                i += 1;
                continue;
            }
            let Some(made) = state.remake(&log[i..]) else {
                return bad(format!(
                    "event {} does not follow from the events before it",
                    record.seq
                ));
            };
            for record in &log[i..i + made] {
                if record.seq != state.seq + 1 {
                    return bad(format!("event {} follows event {}", record.seq, state.seq));
                }
                state.apply(record);
            }
            i += made;
        }
        Ok(state)
    }

    /// How many records at the head of `rest` one command makes from this state, if one
    /// of the commands the first record can stand for makes exactly them.
    pub(super) fn remake(&self, rest: &[Recorded]) -> Option<usize> {
        let first = rest.first()?;
        // A command that drew seats recorded its seed in its first seeded event.
        let seeds: Vec<Option<u64>> =
            std::iter::once(None)
                .chain(rest.iter().take_while(|r| r.at == first.at).filter_map(
                    |r| match &r.event {
                        Event::Seating { change } => change.seed().map(Some),
                        _ => None,
                    },
                ))
                .collect();
        let tries = commands_for(&first.event, self)
            .into_iter()
            .flat_map(|command| seeds.iter().map(move |seed| (command.clone(), *seed)));
        tries.into_iter().find_map(|(command, seed)| {
            let events = match seed {
                Some(seed) => self.decide_with(&command, first.at, seed),
                None => self.decide(&command, first.at),
            }
            .ok()?;
            let same = events.len() <= rest.len()
                && events
                    .iter()
                    .zip(rest)
                    .all(|(e, r)| same_event(e, &r.event) && r.at == first.at);
            (same && !events.is_empty()).then_some(events.len())
        })
    }
}

/// Whether `made` (by `decide` today) is the `logged` event, reading an event logged in
/// an earlier shape as today's: a bust with one list of eliminators for all, or a bust
/// during hand-for-hand from before busts were ranked by hand (it has no hand; it was
/// ranked alone, as today's bust of a hand with no earlier bust).
fn same_event(made: &Event, logged: &Event) -> bool {
    let (Event::Entry { change: m }, Event::Entry { change: l }) = (made, logged) else {
        return made == logged;
    };
    let upgraded = l.upgraded();
    let l = upgraded.as_ref().unwrap_or(l);
    match (m, l) {
        (
            EntryEvent::Busted {
                hand: Some(_),
                replaces: 0,
                ..
            },
            EntryEvent::Busted { hand: None, .. },
        ) => {
            let mut m = m.clone();
            if let EntryEvent::Busted { hand, .. } = &mut m {
                *hand = None;
            }
            m == *l
        }
        _ => m == l,
    }
}

/// The creation is what `create` makes of its own fields.
fn recreates(first: &Recorded) -> bool {
    let Event::TournamentCreated {
        id,
        name,
        structure,
        starting_stack,
        scheduled_start,
        auto_start,
        entry_settings,
        payouts,
        ..
    } = &first.event
    else {
        return false;
    };
    let new = NewTournament {
        id: *id,
        name: name.clone(),
        structure: structure.clone(),
        starting_stack: *starting_stack,
        scheduled_start: *scheduled_start,
        auto_start: *auto_start,
        entry_settings: (**entry_settings).clone(),
        payouts: (**payouts).clone(),
    };
    create(new, first.at).is_ok_and(|made| made == first.event)
}

/// The commands an event can be the outcome of.
fn commands_for(event: &Event, state: &Tournament) -> Vec<Command> {
    match event {
        Event::TournamentCreated { .. } => vec![],
        Event::ClockStarted { .. } => vec![Command::StartClock, Command::AutoStart],
        Event::ClockPaused { .. } => vec![Command::PauseClock],
        Event::ClockResumed { .. } => vec![Command::ResumeClock],
        Event::LevelChanged { to, .. } => vec![Command::JumpToLevel { level: *to }],
        Event::TimeSet { clock } => vec![Command::SetTimeLeft {
            remaining_ms: clock.remaining_ms,
        }],
        Event::TimeAdjusted { delta_ms, .. } => vec![Command::AdjustTime {
            delta_ms: *delta_ms,
        }],
        Event::StructureEdited { levels, .. } => vec![Command::EditStructure {
            levels: levels.clone(),
        }],
        Event::TournamentFinished { .. } => vec![Command::Finish],
        Event::Entry { change } => entry_commands(change, state)
            .into_iter()
            .map(Command::Entry)
            .collect(),
        Event::PayoutsChanged { settings } => vec![Command::ChangePayouts {
            settings: settings.clone(),
        }],
        Event::PayoutsLocked { .. } => vec![Command::LockPayouts],
        Event::PayoutsUnlocked {} => vec![Command::UnlockPayouts],
        Event::DealRecorded { deal } => vec![Command::RecordDeal {
            stacks: deal
                .entries
                .iter()
                .copied()
                .zip(deal.stacks.iter().copied())
                .collect(),
            kind: deal.kind.clone(),
            play_for: deal.play_for,
        }],
        Event::Seating { change } => seat_commands(change)
            .into_iter()
            .map(Command::Seat)
            .collect(),
        // Checked by `Tournament::undo` in `replay`.
        Event::Undone { .. } => vec![],
    }
}

fn entry_commands(change: &EntryEvent, state: &Tournament) -> Vec<EntryCommand> {
    match change {
        EntryEvent::Registered { player, kind, .. } => vec![match kind {
            EntryKind::Buyin => EntryCommand::Register { player: *player },
            EntryKind::Reentry => EntryCommand::Reenter { player: *player },
        }],
        EntryEvent::Unregistered { entry, .. } => vec![EntryCommand::Unregister { entry: *entry }],
        EntryEvent::RebuyBought { entry, .. } => {
            // The stack at a rebuy is not recorded: the threshold is what it was at most.
            let stack = state
                .entries
                .settings()
                .rebuy
                .as_ref()
                .and_then(|r| r.max_stack);
            vec![EntryCommand::Rebuy {
                entry: *entry,
                stack,
            }]
        }
        EntryEvent::AddOnBought { entry, .. } => vec![EntryCommand::AddOn { entry: *entry }],
        EntryEvent::Busted { .. } => {
            let today = change.upgraded();
            match today.as_ref().unwrap_or(change) {
                EntryEvent::Busted { busted, .. } => vec![EntryCommand::Bust {
                    busted: busted.clone(),
                }],
                _ => vec![],
            }
        }
        EntryEvent::Revived { entry, .. } => vec![EntryCommand::Revive { entry: *entry }],
        EntryEvent::JoinedWaitingList { player } => {
            vec![EntryCommand::JoinWaitingList { player: *player }]
        }
        EntryEvent::LeftWaitingList { player } => {
            vec![EntryCommand::LeaveWaitingList { player: *player }]
        }
        EntryEvent::RegistrationClosed => vec![EntryCommand::CloseRegistration],
        EntryEvent::RegistrationReopened => vec![EntryCommand::ReopenRegistration],
        EntryEvent::SettingsChanged { settings } => vec![EntryCommand::ChangeSettings {
            settings: settings.clone(),
        }],
    }
}

/// The seating commands a seating event can be the first outcome of (draws after busts,
/// breaks and the final table follow entry commands).
fn seat_commands(change: &SeatEvent) -> Vec<SeatCommand> {
    match change {
        SeatEvent::TablesOpened { tables } => vec![SeatCommand::OpenTables {
            tables: tables.clone(),
        }],
        SeatEvent::TableClosed { table } => vec![SeatCommand::CloseTable { table: *table }],
        SeatEvent::Seated { .. } => vec![SeatCommand::DrawSeats],
        SeatEvent::Moved { moves } => match moves.as_slice() {
            [mv] => {
                let entry = mv.player.map(super::entry_of);
                let mut out = vec![SeatCommand::ConfirmMove {
                    from: mv.from,
                    entry,
                }];
                if let Some(entry) = entry {
                    out.push(SeatCommand::MovePlayer { entry, to: mv.to });
                }
                out
            }
            _ => vec![],
        },
        SeatEvent::Swapped { a, b } => vec![SeatCommand::SwapPlayers { a: *a, b: *b }],
        SeatEvent::ButtonSet { table, seat } => vec![SeatCommand::SetButton {
            table: *table,
            seat: *seat,
        }],
        SeatEvent::SettingsChanged { settings } => vec![SeatCommand::ChangeSettings {
            settings: settings.clone(),
        }],
        SeatEvent::HandForHandStarted {} => vec![SeatCommand::StartHandForHand],
        SeatEvent::HandForHandStopped {} => vec![SeatCommand::StopHandForHand],
        SeatEvent::HandReported { table, .. } => vec![SeatCommand::HandDone { table: *table }],
        SeatEvent::Unseated { .. }
        | SeatEvent::TableBroken { .. }
        | SeatEvent::FinalTableDrawn { .. }
        | SeatEvent::HandCompleted { .. } => vec![],
    }
}
