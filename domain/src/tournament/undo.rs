//! Undo, as a new event: `undone` cancels earlier events without touching the log, and the
//! state is the fold of every event that is not cancelled. An undo is refused when an
//! event since then was decided on what it cancels: every later event must still be
//! exactly what `decide` makes of it without the cancelled ones (the check an import
//! gets, see `replay`). Undoing an `undone` event restores what it cancelled (redo).

use super::{Event, Recorded, Tournament};
use crate::error::DomainError;
use crate::ids::{Operator, Seq, Timestamp};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One line of the audit list: who did what, when, and whether it was undone since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLine {
    pub seq: Seq,
    pub at: Timestamp,
    pub by: Operator,
    /// The event's type, and for entries what happened (`entry:busted`).
    pub what: String,
    /// The `undone` event that cancels this one, if any.
    pub undone_by: Option<Seq>,
    pub event: Event,
}

/// The events a log cancels, each with the `undone` event that cancels it. An `undone`
/// event counts only if nothing cancels it, so the log is read from its end.
fn cancelled(log: &[Recorded]) -> BTreeMap<Seq, Seq> {
    let mut cancelled = BTreeMap::new();
    for record in log.iter().rev() {
        if cancelled.contains_key(&record.seq) {
            continue;
        }
        if let Event::Undone { events } = &record.event {
            for seq in events {
                cancelled.entry(*seq).or_insert(record.seq);
            }
        }
    }
    cancelled
}

/// What an event is, for people: its type, and what happened for entry events.
pub fn describe(event: &Event) -> String {
    match event {
        Event::Entry { change } => format!("entry:{}", change.kind()),
        other => other.kind().to_string(),
    }
}

impl Tournament {
    /// The state a log folds to, undos included (`None` if it does not start with the
    /// creation). The log is trusted: it is this server's own.
    pub fn from_log(log: &[Recorded]) -> Option<Tournament> {
        let cancelled = cancelled(log);
        let (first, rest) = log.split_first()?;
        let mut state = Tournament::from_created(first)?;
        for record in rest {
            if !cancelled.contains_key(&record.seq) {
                state.apply(record);
            }
        }
        state.seq = log.last().map_or(state.seq, |r| r.seq);
        Some(state)
    }

    /// Who did what and when, and what was undone, first first.
    pub fn audit(log: &[Recorded]) -> Vec<AuditLine> {
        let cancelled = cancelled(log);
        log.iter()
            .map(|record| AuditLine {
                seq: record.seq,
                at: record.at,
                by: record.by.clone(),
                what: describe(&record.event),
                undone_by: cancelled.get(&record.seq).copied(),
                event: record.event.clone(),
            })
            .collect()
    }

    /// Undoes the action that recorded event `target` of `log` (the whole log of this
    /// tournament): the `undone` event to record at `at` by `by`, and the state after it.
    /// An action is everything one command recorded; undoing an `undone` event redoes.
    pub fn undo(
        log: &[Recorded],
        target: Seq,
        at: Timestamp,
        by: Operator,
    ) -> Result<(Recorded, Tournament), DomainError> {
        let last = log.last().map_or(0, |r| r.seq);
        let position = |seq: Seq| log.iter().position(|r| r.seq == seq);
        let index = position(target).ok_or(DomainError::NoSuchEvent(target))?;
        let refuse = |why: String| Err(DomainError::UndoRefused(why));
        if index == 0 {
            return refuse("the creation of a tournament cannot be undone".into());
        }
        let before = cancelled(log);
        if let Some(by) = before.get(&target) {
            return refuse(format!("event {target} is already undone (by event {by})"));
        }
        let events = match &log[index].event {
            Event::Undone { .. } => vec![target],
            _ => action_at(log, index, &before),
        };
        let record = Recorded {
            seq: last + 1,
            at,
            by,
            event: Event::Undone { events },
        };
        let mut after_log = log.to_vec();
        after_log.push(record.clone());
        let after = cancelled(&after_log);
        // The first event whose fate changes: everything before it folds as it did.
        let changed: BTreeSet<Seq> = before
            .keys()
            .filter(|seq| !after.contains_key(seq))
            .chain(after.keys().filter(|seq| !before.contains_key(seq)))
            .copied()
            .collect();
        let from = changed.first().copied().unwrap_or(target);
        let kept = |r: &&Recorded| !after.contains_key(&r.seq) && !is_undo(r);
        let mut state = fold(&after_log, |r| r.seq < from && kept(&r))?;
        let rest: Vec<Recorded> = after_log
            .iter()
            .filter(|r| r.seq >= from && kept(r))
            .cloned()
            .collect();
        let mut i = 0;
        while i < rest.len() {
            let Some(made) = state.remake(&rest[i..]) else {
                let later = &rest[i];
                return refuse(format!(
                    "event {} ({}) depends on it: undo that first",
                    later.seq,
                    describe(&later.event)
                ));
            };
            for r in &rest[i..i + made] {
                state.apply(r);
            }
            i += made;
        }
        state.seq = record.seq;
        Ok((record, state))
    }
}

fn is_undo(record: &Recorded) -> bool {
    matches!(record.event, Event::Undone { .. })
}

/// The state after the creation and every record `keep` accepts, in order.
fn fold(log: &[Recorded], keep: impl Fn(&Recorded) -> bool) -> Result<Tournament, DomainError> {
    let (first, rest) = log
        .split_first()
        .ok_or_else(|| DomainError::InvalidValue("the log is empty".into()))?;
    let mut state = Tournament::from_created(first).ok_or_else(|| {
        DomainError::InvalidValue("the log does not start with a creation".into())
    })?;
    for record in rest.iter().filter(|r| keep(r)) {
        state.apply(record);
    }
    Ok(state)
}

/// The events one command recorded, starting at `log[index]`: as many as deciding that
/// command again from the state before it makes (just the one if it cannot be remade).
fn action_at(log: &[Recorded], index: usize, cancelled: &BTreeMap<Seq, Seq>) -> Vec<Seq> {
    let target = log[index].seq;
    let kept = |r: &Recorded| !cancelled.contains_key(&r.seq) && !is_undo(r);
    let Ok(state) = fold(log, |r| r.seq < target && kept(r)) else {
        return vec![target];
    };
    let rest: Vec<Recorded> = log[index..].iter().filter(|r| kept(r)).cloned().collect();
    let made = state.remake(&rest).unwrap_or(1).max(1);
    rest.iter().take(made).map(|r| r.seq).collect()
}
