//! Invariants of the race (its rounding, its reconciliation of the chips in play) and of
//! color-up plans (a color-up never makes a level unplayable).

use super::tests::{brk, play, structure, with_greens};
use super::*;
use crate::structure::Level;
use proptest::prelude::*;

/// A race with consistent chips: small, large a multiple of it, the lowest chip in play
/// a multiple of large; players with leftovers below one large chip and their other
/// chips (in lowest chips).
fn any_race() -> impl Strategy<Value = (Race, Vec<u64>, Vec<u32>)> {
    (
        prop::sample::select(vec![1u64, 5, 25, 100, 500, 1_000]),
        2u64..=20,
        1u64..=5,
        1usize..=10,
    )
        .prop_flat_map(|(small, per_large, lowest_per_large, n)| {
            let players = prop::collection::vec((0..per_large, 0u64..50), n);
            let order = prop::collection::vec(any::<u32>(), n);
            (players, order).prop_map(move |(players, order)| {
                let large = small * per_large;
                let race = Race {
                    small: Chips(small),
                    large: Chips(large),
                    lowest_in_play: Chips(large * lowest_per_large),
                    players: players
                        .iter()
                        .map(|&(leftover, other)| RacePlayer {
                            leftover,
                            has_other_chips: other > 0,
                        })
                        .collect(),
                };
                let others = players
                    .iter()
                    .map(|&(_, other)| other * large * lowest_per_large)
                    .collect();
                (race, others, order)
            })
        })
}

proptest! {
    #[test]
    fn the_race_never_creates_more_larger_chips_than_the_rounded_leftover_value(
        (race, _, _) in any_race(),
    ) {
        let plan = race.plan().expect("a consistent race");
        let value = plan.leftover_value.0;
        let large = race.large.0;
        let rounded = value / large + u64::from((value % large) * 2 >= large);
        prop_assert_eq!(plan.chips_raced, rounded);
        // Round half up: never more than half a chip above the leftovers.
        prop_assert!(plan.chips_raced * large * 2 <= value * 2 + large);
        // Each player wins at most one, and there are always enough racers.
        prop_assert!(plan.chips_raced <= plan.racing.len() as u64);
    }

    #[test]
    fn chips_in_play_after_the_race_are_those_before_plus_the_returned_difference(
        (race, others, order) in any_race(),
    ) {
        let plan = race.plan().expect("a consistent race");
        let mut racing = plan.racing.clone();
        racing.sort_by_key(|&i| order[i]);
        racing.truncate(plan.chips_raced as usize);
        let outcome = race.settle(&racing).expect("valid winners");

        let before: u64 = race
            .players
            .iter()
            .zip(&others)
            .map(|(p, other)| p.leftover * race.small.0 + other)
            .sum();
        let mut after = 0;
        for ((p, other), r) in race.players.iter().zip(&others).zip(&outcome.results) {
            let stack = other
                + u64::from(r.won) * race.large.0
                + u64::from(r.gets_lowest_chip) * race.lowest_in_play.0;
            // Nobody who had chips is raced out.
            prop_assert!(stack > 0 || p.leftover * race.small.0 + other == 0);
            prop_assert!(!(r.won && r.gets_lowest_chip));
            after += stack;
        }
        prop_assert_eq!(i128::from(after) - i128::from(before), i128::from(outcome.difference));
        prop_assert_eq!(outcome.new_total(Chips(before)), Ok(Chips(after)));
        prop_assert_eq!(outcome.results.iter().filter(|r| r.won).count() as u64, plan.chips_raced);
    }

    #[test]
    fn coloring_up_keeps_the_value_and_leaves_less_than_one_larger_chip(
        count in 0u64..1_000_000,
        small in prop::sample::select(vec![1u64, 5, 25, 100]),
        per_large in 2u64..=40,
    ) {
        let large = small * per_large;
        let e = color_up(count, Chips(small), Chips(large)).expect("valid chips");
        prop_assert_eq!(e.large * large + e.leftover * small, count * small);
        prop_assert!(e.leftover < per_large);
    }

    #[test]
    fn a_color_up_never_makes_a_level_unplayable(
        levels in prop::collection::vec(
            prop_oneof![
                (prop::sample::select(vec![25u64, 50, 100, 200, 500, 1_000, 2_500, 5_000]), any::<bool>())
                    .prop_map(|(bb, ante)| play(bb / 2, bb, if ante { bb } else { 0 })),
                any::<bool>().prop_map(brk),
            ],
            1..12,
        ),
    ) {
        // What cannot be made with every chip in play is all a color-up may be blamed for.
        let s = structure(levels);
        let without: Vec<Level> = s.levels.iter().map(|l| match l {
            Level::Break(_) => brk(false),
            other => other.clone(),
        }).collect();
        let unmakeable = |p: &[ChipProblem]| -> Vec<ChipProblem> {
            p.iter().filter(|p| matches!(p, ChipProblem::CannotBeMade { .. })).cloned().collect()
        };
        let set = with_greens();
        let with_color_ups = unmakeable(&check(&s, &set));
        let levels_only: Vec<usize> = with_color_ups.iter().map(ChipProblem::level).collect();
        let baseline: Vec<usize> = unmakeable(&check(&structure(without), &set))
            .iter().map(ChipProblem::level).collect();
        prop_assert_eq!(levels_only, baseline);
    }
}
