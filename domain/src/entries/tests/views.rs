//! Live figures and final results.

use super::*;
use EntryCommand as C;

fn settings() -> EntrySettings {
    EntrySettings {
        max_reentries_per_player: 2,
        rebuy: Some(RebuySettings {
            price: price(10_000, 0, 0),
            chips: Chips(10_000),
            max_per_player: 3,
            until_level: 5,
            max_stack: None,
        }),
        add_on: Some(AddOnSettings {
            price: price(10_000, 0, 0),
            chips: Chips(5_000),
            at_level: 5,
        }),
        ..EntrySettings::default()
    }
}

#[test]
fn live_figures_count_the_field_and_its_chips() {
    let mut state = field(settings(), 4);
    ok(
        &mut state,
        C::Rebuy {
            entry: e(1),
            stack: None,
        },
        at_level(1),
    );
    bust(&mut state, &[(2, 100)], &[1]);
    ok(&mut state, C::Reenter { player: p(2) }, at_level(2));
    ok(&mut state, C::AddOn { entry: e(3) }, at_level(5));
    let live = state.live(super::prizes(&state, Money(100)));
    assert_eq!(live.entries, 5);
    assert_eq!(live.unique_players, 4);
    assert_eq!(live.players_left, 4);
    assert_eq!((live.reentries, live.rebuys, live.add_ons), (1, 1, 1));
    assert_eq!(live.chips_in_play, Chips(5 * 20_000 + 10_000 + 5_000));
    assert_eq!(live.average_stack, Chips(115_000 / 4));
    assert_eq!(
        live.average_in_tenths_of_big_blinds(Chips(1_000)),
        Some(287)
    );
    assert_eq!(live.prize_pool.collected, Money(70_000));
    assert_eq!(live.payouts.iter().sum::<Money>(), Money(70_000));
    assert_eq!(live.places_paid, 3);
    assert_eq!(live.to_the_money, 1);
    assert!(live.on_the_bubble);
}

#[test]
fn a_guarantee_raises_the_pool_and_shows_the_overlay() {
    let guaranteed = EntrySettings {
        guarantee: Money(100_000),
        ..EntrySettings::default()
    };
    let state = field(guaranteed, 3);
    let live = state.live(super::prizes(&state, Money(1)));
    assert_eq!(live.prize_pool.pool, Money(100_000));
    assert_eq!(live.prize_pool.overlay, Money(70_000));
    assert_eq!(live.payouts.iter().sum::<Money>(), Money(100_000));
}

#[test]
fn an_empty_field_has_no_payouts_yet() {
    let state = field(EntrySettings::default(), 0);
    let live = state.live(super::prizes(&state, Money(1)));
    assert!(live.payouts.is_empty());
    assert_eq!(live.average_stack, Chips(0));
}

#[test]
fn final_results_give_each_place_its_prize_and_bounties() {
    let settings = EntrySettings {
        buy_in: price(10_000, 1_000, 1_000),
        bounty: BountyKind::Fixed,
        ..EntrySettings::default()
    };
    let mut state = field(settings, 4);
    bust(&mut state, &[(4, 100)], &[1]);
    bust(&mut state, &[(3, 100)], &[1]);
    bust(&mut state, &[(2, 100)], &[1]);
    let results = state
        .results(&super::prizes(&state, Money(1)), None)
        .expect("results");
    let lines: Vec<(u32, EntryId, Money, Money, Money)> = results
        .iter()
        .map(|r| {
            (
                r.places.best,
                r.entry,
                r.prize,
                r.bounties_won,
                r.bounty_kept,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (1, e(1), Money(20_000), Money(3_000), Money(1_000)),
            (2, e(2), Money(12_000), Money(0), Money(0)),
            (3, e(3), Money(8_000), Money(0), Money(0)),
            (4, e(4), Money(0), Money(0), Money(0)),
        ]
    );
}

#[test]
fn tied_players_split_the_prizes_of_the_places_they_cover() {
    let mut state = field(EntrySettings::default(), 4);
    bust(&mut state, &[(4, 100)], &[1]);
    bust(&mut state, &[(2, 500), (3, 500)], &[1]);
    let results = state
        .results(&super::prizes(&state, Money(1)), None)
        .expect("results");
    // 40,000 at 50/30/20: places 2 and 3 share 12,000 + 8,000.
    assert_eq!(results[1].places, Places { best: 2, worst: 3 });
    assert_eq!(
        (results[1].prize, results[2].prize),
        (Money(10_000), Money(10_000))
    );
    let total: Money = results.iter().map(|r| r.prize).sum();
    assert_eq!(total, Money(40_000));
}
