//! Rebuys, add-ons, and where their money goes.

use super::*;
use EntryCommand as C;

fn rebuy_settings(max_stack: Option<Chips>) -> EntrySettings {
    EntrySettings {
        buy_in: Price {
            extras: vec![("dealers".into(), Money(500))],
            ..price(10_000, 1_000, 0)
        },
        rebuy: Some(RebuySettings {
            price: price(10_000, 0, 0),
            chips: Chips(20_000),
            max_per_player: 2,
            until_level: 3,
            max_stack,
        }),
        add_on: Some(AddOnSettings {
            price: price(10_000, 500, 0),
            chips: Chips(30_000),
            at_level: 3,
        }),
        ..EntrySettings::default()
    }
}

fn rebuy(entry: u32, stack: Option<u64>) -> EntryCommand {
    C::Rebuy {
        entry: e(entry),
        stack: stack.map(Chips),
    }
}

#[test]
fn a_rebuy_adds_chips_and_its_price_to_the_same_entry() {
    let mut state = field(rebuy_settings(None), 2);
    ok(&mut state, rebuy(1, None), at_level(1));
    let first = entry(&state, 1);
    assert_eq!((first.rebuys, first.chips), (1, Chips(40_000)));
    assert_eq!(state.ledger().prize_pool, Money(30_000));
    assert_eq!(state.ledger().fees, Money(2_000));
    assert_eq!(state.ledger().extras["dealers"], Money(1_000));
}

#[test]
fn rebuys_stop_at_the_per_player_limit() {
    let mut state = field(rebuy_settings(None), 2);
    ok(&mut state, rebuy(1, None), at_level(1));
    ok(&mut state, rebuy(1, None), at_level(2));
    assert_eq!(
        refused(&mut state, rebuy(1, None), at_level(2)),
        "rebuy_limit"
    );
}

#[test]
fn a_rebuy_outside_its_window_is_refused() {
    let mut state = field(rebuy_settings(None), 2);
    assert_eq!(
        refused(&mut state, rebuy(1, None), before_start()),
        "not_started"
    );
    assert_eq!(
        refused(&mut state, rebuy(1, None), on_break_after(3)),
        "rebuy_window_closed"
    );
    assert_eq!(
        refused(&mut state, rebuy(1, None), at_level(4)),
        "rebuy_window_closed"
    );
    ok(&mut state, rebuy(1, None), at_level(3));
}

#[test]
fn a_rebuy_above_the_stack_threshold_is_refused() {
    let mut state = field(rebuy_settings(Some(Chips(20_000))), 2);
    let code = refused(&mut state, rebuy(1, Some(20_001)), at_level(1));
    assert_eq!(code, "rebuy_above_stack_threshold");
    let code = refused(&mut state, rebuy(1, None), at_level(1));
    assert_eq!(code, "rebuy_stack_needed");
    ok(&mut state, rebuy(1, Some(20_000)), at_level(1));
}

#[test]
fn a_rebuy_needs_rebuys_and_an_entry_in_play() {
    let mut state = field(EntrySettings::default(), 2);
    assert_eq!(
        refused(&mut state, rebuy(1, None), at_level(1)),
        "no_rebuys"
    );
    let mut state = field(rebuy_settings(None), 3);
    bust(&mut state, &[(1, 100)], &[2]);
    assert_eq!(
        refused(&mut state, rebuy(1, None), at_level(1)),
        "already_busted"
    );
    assert_eq!(
        refused(&mut state, rebuy(7, None), at_level(1)),
        "unknown_entry"
    );
}

#[test]
fn the_add_on_is_taken_once_in_its_level_or_the_break_after_it() {
    let mut state = field(rebuy_settings(None), 3);
    let add_on = |n| C::AddOn { entry: e(n) };
    assert_eq!(
        refused(&mut state, add_on(1), at_level(2)),
        "add_on_window_closed"
    );
    assert_eq!(
        refused(&mut state, add_on(1), at_level(4)),
        "add_on_window_closed"
    );
    ok(&mut state, add_on(1), at_level(3));
    ok(&mut state, add_on(2), on_break_after(3));
    assert_eq!(
        refused(&mut state, add_on(1), on_break_after(3)),
        "add_on_already_taken"
    );
    assert!(entry(&state, 1).add_on);
    assert_eq!(entry(&state, 1).chips, Chips(50_000));
    assert_eq!(state.ledger().prize_pool, Money(50_000));
    let mut plain = field(EntrySettings::default(), 2);
    assert_eq!(refused(&mut plain, add_on(1), at_level(3)), "no_add_on");
}

#[test]
fn every_part_of_a_price_lands_in_its_own_column_of_the_ledger() {
    let settings = EntrySettings {
        buy_in: Price {
            extras: vec![
                ("dealers".into(), Money(300)),
                ("league".into(), Money(200)),
            ],
            ..price(10_000, 1_000, 2_500)
        },
        bounty: BountyKind::Fixed,
        ..EntrySettings::default()
    };
    let state = field(settings, 4);
    let ledger = state.ledger();
    assert_eq!(ledger.prize_pool, Money(40_000));
    assert_eq!(ledger.fees, Money(4_000));
    assert_eq!(ledger.bounties_in, Money(10_000));
    assert_eq!(ledger.extras["dealers"], Money(1_200));
    assert_eq!(ledger.extras["league"], Money(800));
    assert_eq!(ledger.paid_in(), Money(4 * 14_000));
    assert_eq!(entry(&state, 1).bounty, Money(2_500));
}
