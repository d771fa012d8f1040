//! Registration, unregistration, re-entry, late registration, capacity and the waiting
//! list.

use super::*;
use EntryCommand as C;

#[test]
fn a_registration_records_the_price_paid_and_the_starting_chips() {
    let state = field(EntrySettings::default(), 1);
    let first = entry(&state, 1);
    assert_eq!(first.id, e(1));
    assert_eq!(first.player, p(1));
    assert_eq!(first.kind, EntryKind::Buyin);
    assert_eq!(first.chips, Chips(20_000));
    assert_eq!(first.paid.total(), Money(11_000));
    assert_eq!(state.ledger().prize_pool, Money(10_000));
    assert_eq!(state.ledger().fees, Money(1_000));
}

#[test]
fn entries_are_numbered_in_order_from_one() {
    let state = field(EntrySettings::default(), 3);
    let ids: Vec<EntryId> = state.all().iter().map(|x| x.id).collect();
    assert_eq!(ids, vec![e(1), e(2), e(3)]);
}

#[test]
fn a_player_with_an_entry_in_play_cannot_register_again() {
    let mut state = field(EntrySettings::default(), 1);
    let code = refused(&mut state, C::Register { player: p(1) }, before_start());
    assert_eq!(code, "already_registered");
}

#[test]
fn a_later_settings_change_does_not_rewrite_what_was_paid() {
    let mut state = field(EntrySettings::default(), 1);
    let dearer = EntrySettings {
        buy_in: price(20_000, 2_000, 0),
        ..EntrySettings::default()
    };
    ok(
        &mut state,
        C::ChangeSettings {
            settings: Box::new(dearer),
        },
        before_start(),
    );
    register(&mut state, 2, before_start());
    assert_eq!(entry(&state, 1).paid.total(), Money(11_000));
    assert_eq!(entry(&state, 2).paid.total(), Money(22_000));
    assert_eq!(state.ledger().prize_pool, Money(30_000));
}

#[test]
fn invalid_settings_are_refused_with_the_reason() {
    let bad = EntrySettings {
        starting_chips: Chips(0),
        ..EntrySettings::default()
    };
    assert_eq!(
        Entries::new(bad.clone()).expect_err("bad").code(),
        "invalid_entry_settings"
    );
    let mut state = field(EntrySettings::default(), 0);
    let code = refused(
        &mut state,
        C::ChangeSettings {
            settings: Box::new(bad),
        },
        before_start(),
    );
    assert_eq!(code, "invalid_entry_settings");
    let bounty_without_bounties = EntrySettings {
        buy_in: price(100, 10, 50),
        ..EntrySettings::default()
    };
    assert!(Entries::new(bounty_without_bounties).is_err());
}

#[test]
fn an_entry_made_by_the_deadline_gets_the_on_time_bonus() {
    let settings = EntrySettings {
        on_time_bonus: Some(OnTimeBonus {
            chips: Chips(5_000),
            deadline: 5_000,
        }),
        ..EntrySettings::default()
    };
    let mut state = field(settings, 1);
    register(&mut state, 2, at_level(0));
    assert_eq!(entry(&state, 1).chips, Chips(25_000));
    assert_eq!(entry(&state, 2).chips, Chips(20_000));
}

#[test]
fn unregistering_before_the_start_refunds_the_price_paid() {
    let mut state = field(EntrySettings::default(), 2);
    ok(&mut state, C::Unregister { entry: e(1) }, before_start());
    assert_eq!(entry(&state, 1).status, EntryStatus::Unregistered);
    assert_eq!(state.ledger().paid_in(), Money(11_000));
    assert_eq!(state.entry_count(), 1);
    // The player may register again, as a first entry.
    register(&mut state, 1, before_start());
    assert_eq!(entry(&state, 3).kind, EntryKind::Buyin);
}

#[test]
fn there_is_no_refund_after_the_start() {
    let mut state = field(EntrySettings::default(), 2);
    let code = refused(&mut state, C::Unregister { entry: e(1) }, at_level(0));
    assert_eq!(code, "refund_after_start");
    let code = refused(&mut state, C::Unregister { entry: e(9) }, before_start());
    assert_eq!(code, "unknown_entry");
}

fn reentry_settings(max: u32) -> EntrySettings {
    EntrySettings {
        max_reentries_per_player: max,
        late_reg: LateReg::EndOfLevel(4),
        ..EntrySettings::default()
    }
}

#[test]
fn a_busted_player_re_enters_up_to_the_limit() {
    let mut state = field(reentry_settings(1), 3);
    bust(&mut state, &[(1, 100)], &[2]);
    ok(&mut state, C::Reenter { player: p(1) }, at_level(2));
    assert_eq!(entry(&state, 4).kind, EntryKind::Reentry);
    assert_eq!(entry(&state, 4).player, p(1));
    bust(&mut state, &[(4, 100)], &[2]);
    let code = refused(&mut state, C::Reenter { player: p(1) }, at_level(2));
    assert_eq!(code, "reentry_limit");
}

#[test]
fn a_freezeout_allows_no_re_entry() {
    let mut state = field(reentry_settings(0), 3);
    bust(&mut state, &[(1, 100)], &[2]);
    let code = refused(&mut state, C::Reenter { player: p(1) }, at_level(1));
    assert_eq!(code, "reentry_limit");
}

#[test]
fn re_entry_is_for_a_busted_player_and_registration_for_a_new_one() {
    let mut state = field(reentry_settings(2), 3);
    let code = refused(&mut state, C::Reenter { player: p(1) }, at_level(1));
    assert_eq!(code, "already_registered");
    let code = refused(&mut state, C::Reenter { player: p(9) }, at_level(1));
    assert_eq!(code, "not_entered");
    bust(&mut state, &[(1, 100)], &[2]);
    let code = refused(&mut state, C::Register { player: p(1) }, at_level(1));
    assert_eq!(code, "reentry_required");
}

#[test]
fn late_registration_closes_at_the_end_of_its_level() {
    let mut state = field(reentry_settings(1), 2);
    assert!(state.registration_open(4, false));
    assert!(!state.registration_open(4, true));
    assert!(!state.registration_open(5, false));
    let code = refused(&mut state, C::Register { player: p(7) }, on_break_after(4));
    assert_eq!(code, "registration_closed");
    bust(&mut state, &[(1, 100)], &[2]);
    let code = refused(&mut state, C::Reenter { player: p(1) }, at_level(5));
    assert_eq!(code, "registration_closed");
}

#[test]
fn late_registration_may_run_through_the_break_after_its_level() {
    let settings = EntrySettings {
        late_reg: LateReg::AfterBreakFollowing(4),
        ..EntrySettings::default()
    };
    let mut state = field(settings, 1);
    assert!(state.registration_open(4, true));
    assert!(!state.registration_open(5, false));
    register(&mut state, 2, on_break_after(4));
}

#[test]
fn the_director_closes_and_reopens_registration_by_hand() {
    let mut state = field(EntrySettings::default(), 1);
    ok(&mut state, C::CloseRegistration, at_level(0));
    assert!(!state.registration_open(0, false));
    let code = refused(&mut state, C::Register { player: p(2) }, at_level(0));
    assert_eq!(code, "registration_closed");
    let code = refused(&mut state, C::CloseRegistration, at_level(0));
    assert_eq!(code, "registration_already_closed");
    ok(&mut state, C::ReopenRegistration, at_level(0));
    let code = refused(&mut state, C::ReopenRegistration, at_level(0));
    assert_eq!(code, "registration_not_closed_by_hand");
    register(&mut state, 2, at_level(0));
}

#[test]
fn the_clock_position_maps_a_break_to_the_level_before_it() {
    use crate::structure::{BreakLevel, Level, PlayLevel};
    let play = Level::Play(PlayLevel {
        small_blind: Chips(100),
        big_blind: Chips(200),
        ante: Chips(0),
        ante_kind: Default::default(),
        duration_secs: 60,
    });
    let pause = Level::Break(BreakLevel {
        duration_secs: 60,
        note: None,
        color_up: false,
    });
    let levels = vec![play.clone(), play.clone(), pause, play];
    let ctx = EntryContext::at(&levels, 2, true, 5);
    assert_eq!((ctx.level, ctx.on_break), (1, true));
    let ctx = EntryContext::at(&levels, 3, true, 5);
    assert_eq!((ctx.level, ctx.on_break), (3, false));
}

fn capped(seats: u32) -> EntrySettings {
    EntrySettings {
        capacity: Some(seats),
        late_reg: LateReg::EndOfLevel(4),
        max_reentries_per_player: 1,
        ..EntrySettings::default()
    }
}

#[test]
fn a_full_tournament_refuses_a_registration_and_takes_alternates() {
    let mut state = field(capped(2), 2);
    let code = refused(&mut state, C::Register { player: p(3) }, before_start());
    assert_eq!(code, "capacity_full");
    ok(
        &mut state,
        C::JoinWaitingList { player: p(3) },
        before_start(),
    );
    ok(
        &mut state,
        C::JoinWaitingList { player: p(4) },
        before_start(),
    );
    assert_eq!(state.waiting_list(), &[p(3), p(4)]);
    let code = refused(
        &mut state,
        C::JoinWaitingList { player: p(3) },
        before_start(),
    );
    assert_eq!(code, "already_waiting");
    let code = refused(
        &mut state,
        C::JoinWaitingList { player: p(1) },
        before_start(),
    );
    assert_eq!(code, "already_registered");
    ok(
        &mut state,
        C::LeaveWaitingList { player: p(4) },
        before_start(),
    );
    let code = refused(
        &mut state,
        C::LeaveWaitingList { player: p(4) },
        before_start(),
    );
    assert_eq!(code, "not_waiting");
}

#[test]
fn a_freed_seat_goes_to_the_next_alternate() {
    let mut state = field(capped(2), 2);
    ok(
        &mut state,
        C::JoinWaitingList { player: p(3) },
        before_start(),
    );
    ok(
        &mut state,
        C::JoinWaitingList { player: p(4) },
        before_start(),
    );
    ok(&mut state, C::Unregister { entry: e(1) }, before_start());
    assert_eq!(state.called_alternates(), &[p(3)]);
    let code = refused(&mut state, C::Register { player: p(4) }, before_start());
    assert_eq!(code, "seat_held_for_alternate");
    let code = refused(&mut state, C::Register { player: p(9) }, before_start());
    assert_eq!(code, "seat_held_for_alternate");
    register(&mut state, 3, before_start());
    assert_eq!(state.waiting_list(), &[p(4)]);
    assert!(state.called_alternates().is_empty());
}

#[test]
fn a_bust_during_late_registration_frees_a_seat() {
    let mut state = field(capped(2), 2);
    ok(
        &mut state,
        C::JoinWaitingList { player: p(3) },
        before_start(),
    );
    bust(&mut state, &[(1, 100)], &[2]);
    assert_eq!(state.free_seats(), Some(1));
    register(&mut state, 3, at_level(1));
    // The busted player may not jump the line: the room is full again.
    let code = refused(&mut state, C::Reenter { player: p(1) }, at_level(1));
    assert_eq!(code, "capacity_full");
}

#[test]
fn nobody_waits_for_a_seat_that_is_free() {
    let mut state = field(capped(3), 2);
    let code = refused(
        &mut state,
        C::JoinWaitingList { player: p(3) },
        before_start(),
    );
    assert_eq!(code, "seat_available");
    let mut open = field(EntrySettings::default(), 2);
    let code = refused(
        &mut open,
        C::JoinWaitingList { player: p(3) },
        before_start(),
    );
    assert_eq!(code, "seat_available");
}
