//! Tests of the entries rules, one file per area; `props` holds the property tests.
//! Helpers here run commands through `decide` then `apply`, as the tournament will.

mod busts;
mod props;
mod purchases;
mod register;
mod views;

use super::*;
use crate::money::Money;
use crate::structure::Chips;

pub(super) fn p(n: u128) -> PlayerId {
    PlayerId(Uuid::from_u128(n))
}

pub(super) fn e(n: u32) -> EntryId {
    EntryId(n)
}

/// Before the start, at level 0.
pub(super) fn before_start() -> EntryContext {
    EntryContext {
        started: false,
        now: 1_000,
        level: 0,
        on_break: false,
        hand: None,
    }
}

/// The clock running at `level` (not on a break).
pub(super) fn at_level(level: usize) -> EntryContext {
    EntryContext {
        started: true,
        now: 10_000 + level as i64 * 1_000,
        level,
        on_break: false,
        hand: None,
    }
}

/// On the break after `level`.
pub(super) fn on_break_after(level: usize) -> EntryContext {
    EntryContext {
        on_break: true,
        ..at_level(level)
    }
}

/// Decides then applies, as the tournament actor does.
pub(super) fn run(
    state: &mut Entries,
    command: EntryCommand,
    ctx: EntryContext,
) -> Result<Vec<EntryEvent>, EntryError> {
    let events = state.decide(&command, &ctx)?;
    for event in &events {
        state.apply(event);
    }
    Ok(events)
}

pub(super) fn ok(state: &mut Entries, command: EntryCommand, ctx: EntryContext) {
    if let Err(err) = run(state, command.clone(), ctx) {
        panic!("{command:?} was refused: {err}");
    }
}

/// The code of the refusal; the state must be untouched.
pub(super) fn refused(state: &mut Entries, command: EntryCommand, ctx: EntryContext) -> String {
    let before = state.clone();
    let err = run(state, command, ctx).expect_err("refused");
    assert_eq!(*state, before, "a refused command changed the state");
    err.code().to_string()
}

pub(super) fn register(state: &mut Entries, player: u128, ctx: EntryContext) {
    ok(state, EntryCommand::Register { player: p(player) }, ctx);
}

/// `n` players (1..=n) registered before the start, entries #1..=#n.
pub(super) fn field(settings: EntrySettings, n: u128) -> Entries {
    let mut state = Entries::new(settings).expect("valid settings");
    for player in 1..=n {
        register(&mut state, player, before_start());
    }
    state
}

pub(super) fn bust(state: &mut Entries, busted: &[(u32, u64)], eliminators: &[u32]) {
    ok(state, bust_cmd(busted, eliminators), at_level(1));
}

pub(super) fn bust_cmd(busted: &[(u32, u64)], eliminators: &[u32]) -> EntryCommand {
    let busted: Vec<(EntryId, Chips)> = busted.iter().map(|&(id, c)| (e(id), Chips(c))).collect();
    let eliminators: Vec<EntryId> = eliminators.iter().map(|&id| e(id)).collect();
    EntryCommand::bust_by(&busted, &eliminators)
}

pub(super) fn price(prize: i64, fee: i64, bounty: i64) -> Price {
    Price {
        prize: Money(prize),
        fee: Money(fee),
        extras: Vec::new(),
        bounty: Money(bounty),
    }
}

pub(super) fn entry(state: &Entries, id: u32) -> &Entry {
    state.get(e(id)).expect("entry exists")
}

pub(super) fn places(state: &Entries, id: u32) -> (u32, u32) {
    let pl = state.place(e(id)).expect("busted");
    (pl.best, pl.worst)
}

/// What each place gets under the standard plan, rounded to `unit`.
fn prizes(state: &Entries, unit: Money) -> Vec<Money> {
    let settings = crate::payouts::PayoutSettings {
        unit,
        ..Default::default()
    };
    settings
        .prizes(state.entry_count(), &state.prize_pool())
        .expect("the standard plan pays every field")
}
