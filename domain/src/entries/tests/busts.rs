//! Busts, the places they give, bounties, and revives.

use super::*;
use EntryCommand as C;

#[test]
fn each_bust_takes_the_place_below_everyone_still_in() {
    let mut state = field(EntrySettings::default(), 4);
    bust(&mut state, &[(4, 100)], &[1]);
    bust(&mut state, &[(3, 100)], &[1]);
    assert_eq!(places(&state, 4), (4, 4));
    assert_eq!(places(&state, 3), (3, 3));
    assert_eq!(state.place(e(1)), None);
}

#[test]
fn of_two_players_out_on_one_hand_the_bigger_stack_finishes_higher() {
    let mut state = field(EntrySettings::default(), 5);
    bust(&mut state, &[(2, 3_000), (3, 8_000)], &[1]);
    assert_eq!(places(&state, 3), (4, 4));
    assert_eq!(places(&state, 2), (5, 5));
}

#[test]
fn equal_stacks_on_one_hand_tie_and_share_the_places_they_cover() {
    let mut state = field(EntrySettings::default(), 6);
    bust(&mut state, &[(2, 5_000), (3, 5_000), (4, 1_000)], &[1]);
    assert_eq!(places(&state, 2), (4, 5));
    assert_eq!(places(&state, 3), (4, 5));
    assert_eq!(places(&state, 4), (6, 6));
}

#[test]
fn a_late_entry_moves_earlier_busts_down_without_a_gap() {
    let settings = EntrySettings {
        max_reentries_per_player: 1,
        ..EntrySettings::default()
    };
    let mut state = field(settings, 3);
    bust(&mut state, &[(3, 100)], &[1]);
    assert_eq!(places(&state, 3), (3, 3));
    register(&mut state, 4, at_level(1));
    assert_eq!(places(&state, 3), (4, 4));
}

#[test]
fn a_bust_of_a_player_already_out_is_refused() {
    let mut state = field(EntrySettings::default(), 3);
    bust(&mut state, &[(3, 100)], &[1]);
    let code = refused(&mut state, bust_cmd(&[(3, 100)], &[1]), at_level(1));
    assert_eq!(code, "already_busted");
}

#[test]
fn a_bust_is_refused_when_it_is_malformed() {
    let mut state = field(EntrySettings::default(), 3);
    let at = at_level(1);
    assert_eq!(refused(&mut state, bust_cmd(&[], &[1]), at), "empty_bust");
    let twice = bust_cmd(&[(2, 1), (2, 1)], &[1]);
    assert_eq!(refused(&mut state, twice, at), "entry_named_twice");
    let everyone = bust_cmd(&[(1, 1), (2, 1), (3, 1)], &[]);
    assert_eq!(refused(&mut state, everyone, at), "last_player_standing");
    let early = bust_cmd(&[(2, 1)], &[1]);
    assert_eq!(refused(&mut state, early, before_start()), "not_started");
    assert_eq!(
        refused(&mut state, bust_cmd(&[(9, 1)], &[1]), at),
        "unknown_entry"
    );
}

#[test]
fn an_eliminator_must_be_in_the_tournament_and_in_play() {
    let mut state = field(EntrySettings::default(), 4);
    let at = at_level(1);
    let code = refused(&mut state, bust_cmd(&[(2, 1)], &[9]), at);
    assert_eq!(code, "eliminator_not_in_tournament");
    let code = refused(&mut state, bust_cmd(&[(2, 1)], &[2]), at);
    assert_eq!(code, "eliminator_busted_same_hand");
    bust(&mut state, &[(4, 1)], &[1]);
    let code = refused(&mut state, bust_cmd(&[(2, 1)], &[4]), at);
    assert_eq!(code, "eliminator_not_active");
}

fn bounties(kind: BountyKind, n: u128) -> Entries {
    let settings = EntrySettings {
        buy_in: price(8_000, 1_000, 2_000),
        bounty: kind,
        ..EntrySettings::default()
    };
    field(settings, n)
}

#[test]
fn the_eliminator_collects_a_fixed_bounty() {
    let mut state = bounties(BountyKind::Fixed, 3);
    bust(&mut state, &[(3, 100)], &[1]);
    assert_eq!(entry(&state, 1).bounties_won, Money(2_000));
    assert_eq!(entry(&state, 1).bounty, Money(2_000));
    assert_eq!(entry(&state, 3).bounty, Money::ZERO);
    assert_eq!(state.ledger().bounties_paid, Money(2_000));
    assert_eq!(state.ledger().bounties_held(), Money(4_000));
}

#[test]
fn a_progressive_bounty_pays_half_and_grows_the_eliminators_own() {
    let mut state = bounties(BountyKind::progressive(), 4);
    bust(&mut state, &[(4, 100)], &[1]);
    assert_eq!(entry(&state, 1).bounties_won, Money(1_000));
    assert_eq!(entry(&state, 1).bounty, Money(3_000));
    bust(&mut state, &[(1, 100)], &[2]);
    assert_eq!(entry(&state, 2).bounties_won, Money(1_500));
    assert_eq!(entry(&state, 2).bounty, Money(3_500));
    assert_eq!(state.ledger().bounties_paid, Money(2_500));
}

#[test]
fn several_eliminators_split_a_bounty_to_the_cent() {
    let mut state = bounties(BountyKind::Fixed, 5);
    bust(&mut state, &[(5, 100)], &[1, 2, 3]);
    let won: Vec<Money> = (1..=3).map(|n| entry(&state, n).bounties_won).collect();
    assert_eq!(won, vec![Money(667), Money(667), Money(666)]);
}

#[test]
fn players_out_on_one_hand_each_pay_their_own_bounty() {
    let mut state = bounties(BountyKind::progressive(), 4);
    bust(&mut state, &[(1, 100)], &[2]);
    // Entry 2 now carries 3,000; entries 3 and 4 carry 2,000 each.
    bust(&mut state, &[(3, 500), (2, 100)], &[4]);
    assert_eq!(entry(&state, 4).bounties_won, Money(1_000 + 1_500));
    assert_eq!(entry(&state, 4).bounty, Money(2_000 + 1_000 + 1_500));
}

#[test]
fn a_bounty_needs_a_named_eliminator() {
    let mut state = bounties(BountyKind::Fixed, 3);
    let code = refused(&mut state, bust_cmd(&[(3, 100)], &[]), at_level(1));
    assert_eq!(code, "eliminator_required");
}

#[test]
fn a_revive_puts_the_entry_back_and_moves_later_busts_down() {
    let mut state = bounties(BountyKind::Fixed, 5);
    bust(&mut state, &[(5, 100)], &[1]);
    bust(&mut state, &[(4, 100)], &[1]);
    assert_eq!((places(&state, 5), places(&state, 4)), ((5, 5), (4, 4)));
    ok(&mut state, C::Revive { entry: e(5) }, at_level(2));
    assert!(entry(&state, 5).is_active());
    assert_eq!(entry(&state, 5).bounty, Money(2_000));
    assert_eq!(entry(&state, 1).bounties_won, Money(2_000));
    assert_eq!(places(&state, 4), (5, 5));
    assert_eq!(state.ledger().bounties_held(), Money(8_000));
}

#[test]
fn a_revive_takes_a_progressive_part_back_off_the_eliminators_head() {
    let mut state = bounties(BountyKind::progressive(), 3);
    bust(&mut state, &[(3, 100)], &[1]);
    ok(&mut state, C::Revive { entry: e(3) }, at_level(2));
    assert_eq!(entry(&state, 1).bounty, Money(2_000));
    assert_eq!(entry(&state, 1).bounties_won, Money::ZERO);
    assert_eq!(entry(&state, 3).bounty, Money(2_000));
}

#[test]
fn a_revive_waits_until_a_bounty_that_moved_on_is_brought_back() {
    let mut state = bounties(BountyKind::progressive(), 4);
    bust(&mut state, &[(4, 100)], &[1]);
    bust(&mut state, &[(1, 100)], &[2]);
    let code = refused(&mut state, C::Revive { entry: e(4) }, at_level(2));
    assert_eq!(code, "bounty_moved_on");
    ok(&mut state, C::Revive { entry: e(1) }, at_level(2));
    ok(&mut state, C::Revive { entry: e(4) }, at_level(2));
    assert_eq!(state.ledger().bounties_paid, Money::ZERO);
    assert!((1..=4).all(|n| entry(&state, n).bounty == Money(2_000)));
}

#[test]
fn only_a_busted_entry_of_a_player_not_in_play_is_revived() {
    let settings = EntrySettings {
        max_reentries_per_player: 1,
        ..EntrySettings::default()
    };
    let mut state = field(settings, 3);
    let code = refused(&mut state, C::Revive { entry: e(1) }, at_level(1));
    assert_eq!(code, "entry_not_busted");
    bust(&mut state, &[(1, 100)], &[2]);
    ok(&mut state, C::Reenter { player: p(1) }, at_level(1));
    let code = refused(&mut state, C::Revive { entry: e(1) }, at_level(1));
    assert_eq!(code, "player_still_in");
}

#[test]
fn each_player_out_on_one_hand_pays_their_bounty_to_their_own_eliminator() {
    let mut state = bounties(BountyKind::Fixed, 5);
    let command = C::Bust {
        busted: vec![
            BustedEntry::new(e(4), Chips(500), vec![e(1)]),
            BustedEntry::new(e(5), Chips(900), vec![e(2), e(3)]),
        ],
    };
    ok(&mut state, command, at_level(1));
    assert_eq!(entry(&state, 1).bounties_won, Money(2_000));
    assert_eq!(entry(&state, 2).bounties_won, Money(1_000));
    assert_eq!(entry(&state, 3).bounties_won, Money(1_000));
    let EntryStatus::Busted(out) = &entry(&state, 5).status else {
        panic!("entry 5 is out");
    };
    assert_eq!(out.eliminators, vec![e(2), e(3)]);
    let code = refused(
        &mut state,
        C::Bust {
            busted: vec![BustedEntry::new(e(3), Chips(1), vec![e(1), e(1)])],
        },
        at_level(1),
    );
    assert_eq!(code, "entry_named_twice");
}

/// The clock during hand-for-hand hand `hand`.
fn on_hand(hand: u32) -> EntryContext {
    EntryContext {
        hand: Some(hand),
        ..at_level(1)
    }
}

#[test]
fn busts_reported_apart_on_one_hand_for_hand_hand_share_places_by_starting_stack() {
    let mut state = field(EntrySettings::default(), 8);
    bust(&mut state, &[(8, 100)], &[1]);
    // Hand 1: three tables report one bust each, one after the other.
    ok(&mut state, bust_cmd(&[(5, 3_000)], &[1]), on_hand(1));
    assert_eq!(places(&state, 5), (7, 7));
    ok(&mut state, bust_cmd(&[(6, 9_000)], &[2]), on_hand(1));
    assert_eq!(
        places(&state, 6),
        (6, 6),
        "the bigger stack finishes higher"
    );
    assert_eq!(places(&state, 5), (7, 7));
    ok(&mut state, bust_cmd(&[(7, 3_000)], &[3]), on_hand(1));
    assert_eq!(places(&state, 6), (5, 5));
    assert_eq!(places(&state, 5), (6, 7), "equal stacks share");
    assert_eq!(places(&state, 7), (6, 7));
    assert_eq!(
        places(&state, 8),
        (8, 8),
        "a bust before the hand keeps its place"
    );
    // Hand 2 is another hand: its bust finishes below nobody of hand 1.
    ok(&mut state, bust_cmd(&[(4, 50_000)], &[1]), on_hand(2));
    assert_eq!(places(&state, 4), (4, 4));
    assert_eq!(places(&state, 6), (5, 5));
    // A revive inside a hand leaves the others ranked.
    ok(&mut state, C::Revive { entry: e(4) }, on_hand(2));
    ok(&mut state, bust_cmd(&[(4, 10)], &[1]), on_hand(2));
    assert_eq!(places(&state, 4), (4, 4));
    let finishes: usize = state.finishes().iter().map(|(_, ids)| ids.len()).sum();
    assert_eq!(finishes, 5);
}

#[test]
fn a_bust_logged_with_one_list_of_eliminators_for_all_still_folds() {
    let mut state = bounties(BountyKind::Fixed, 5);
    let old = r#"{"type":"busted","at":20000,"busted":[[4,500],[5,900]],"eliminators":[1,2],
        "finishes":[[4],[5]],"payments":[
        {"from":4,"to":1,"cash":1000,"added":0},{"from":4,"to":2,"cash":1000,"added":0},
        {"from":5,"to":1,"cash":1000,"added":0},{"from":5,"to":2,"cash":1000,"added":0}]}"#;
    let event: EntryEvent = serde_json::from_str(old).expect("an old bust reads");
    state.apply(&event);
    for n in [4, 5] {
        let EntryStatus::Busted(out) = &entry(&state, n).status else {
            panic!("entry {n} is out");
        };
        assert_eq!(out.eliminators, vec![e(1), e(2)]);
    }
    assert_eq!(places(&state, 4), (5, 5));
    assert_eq!(places(&state, 5), (4, 4));
    assert_eq!(entry(&state, 1).bounties_won, Money(2_000));
    // Today's shape says the same, with the eliminators on each player.
    let EntryEvent::Busted { busted, .. } = event.upgraded().expect("an old shape") else {
        panic!("a bust");
    };
    assert!(busted.iter().all(|b| b.eliminators == vec![e(1), e(2)]));
    assert_eq!(bust_cmd(&[(4, 500), (5, 900)], &[1, 2]), C::Bust { busted });
}
