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
        let (first, tail) = log.split_first().ok_or(DomainError::NoSuchEvent(target))?;
        let base = Tournament::from_created(first).ok_or_else(|| {
            DomainError::InvalidValue("the log does not start with a creation".into())
        })?;
        Self::undo_from(&base, tail, target, at, by)?
            .ok_or_else(|| DomainError::InvalidValue("an undo reaches before the creation".into()))
    }

    /// [`Tournament::undo`] from `base`, the state the log folds to up to some event (a
    /// snapshot), and `tail`, every event after it: the cost follows the tail, not the
    /// whole log. `None` when the undo or one in the tail reaches back before `base`:
    /// undo over the whole log instead.
    pub fn undo_from(
        base: &Tournament,
        tail: &[Recorded],
        target: Seq,
        at: Timestamp,
        by: Operator,
    ) -> Result<Option<(Recorded, Tournament)>, DomainError> {
        let refuse = |why: String| Err(DomainError::UndoRefused(why));
        if target <= 1 {
            return refuse("the creation of a tournament cannot be undone".into());
        }
        if target <= base.seq {
            return Ok(None);
        }
        let index = tail
            .iter()
            .position(|r| r.seq == target)
            .ok_or(DomainError::NoSuchEvent(target))?;
        let before = cancelled(tail);
        let reaches_back = |c: &BTreeMap<Seq, Seq>| c.keys().any(|seq| *seq <= base.seq);
        if reaches_back(&before) {
            return Ok(None);
        }
        if let Some(by) = before.get(&target) {
            return refuse(format!("event {target} is already undone (by event {by})"));
        }
        // The state just before the target, kept: most undos fold from exactly there.
        let mut at_target = None;
        let events = match &tail[index].event {
            Event::Undone { .. } => vec![target],
            _ => {
                let kept = |r: &Recorded| !before.contains_key(&r.seq) && !is_undo(r);
                let state = fold_onto(base, tail, |r| r.seq < target && kept(r));
                let events = action_at(&state, &tail[index..], &before);
                at_target = Some(state);
                events
            }
        };
        let record = Recorded {
            seq: tail.last().map_or(base.seq, |r| r.seq) + 1,
            at,
            by,
            event: Event::Undone { events },
        };
        let mut after_tail = tail.to_vec();
        after_tail.push(record.clone());
        let after = cancelled(&after_tail);
        if reaches_back(&after) {
            return Ok(None);
        }
        // The first event whose fate changes: everything before it folds as it did.
        let changed: BTreeSet<Seq> = before
            .keys()
            .filter(|seq| !after.contains_key(seq))
            .chain(after.keys().filter(|seq| !before.contains_key(seq)))
            .copied()
            .collect();
        let from = changed.first().copied().unwrap_or(target);
        let kept = |r: &Recorded| !after.contains_key(&r.seq) && !is_undo(r);
        // Before `from`, nothing changed fate: the state before the target is the same
        // fold when the undo starts there.
        let mut state = match at_target {
            Some(state) if from == target => state,
            _ => fold_onto(base, &after_tail, |r| r.seq < from && kept(r)),
        };
        let rest: Vec<Recorded> = after_tail
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
        Ok(Some((record, state)))
    }
}

fn is_undo(record: &Recorded) -> bool {
    matches!(record.event, Event::Undone { .. })
}

/// `base` and then every record of `tail` that `keep` accepts, in order.
fn fold_onto(base: &Tournament, tail: &[Recorded], keep: impl Fn(&Recorded) -> bool) -> Tournament {
    let mut state = base.clone();
    for record in tail.iter().filter(|r| keep(r)) {
        state.apply(record);
    }
    state
}

/// The events one command recorded, the first of `rest`: as many as deciding that
/// command again from `state` (the state just before it) makes; just the one if it
/// cannot be remade.
fn action_at(state: &Tournament, rest: &[Recorded], cancelled: &BTreeMap<Seq, Seq>) -> Vec<Seq> {
    let kept = |r: &Recorded| !cancelled.contains_key(&r.seq) && !is_undo(r);
    let rest: Vec<Recorded> = rest.iter().filter(|r| kept(r)).cloned().collect();
    let made = state.remake(&rest).unwrap_or(1).max(1);
    rest.iter().take(made).map(|r| r.seq).collect()
}
