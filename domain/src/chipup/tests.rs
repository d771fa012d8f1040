//! Chip sets, color-up plans and structure checks, the race arithmetic, by example.

use super::*;
use crate::structure::{templates, AnteKind, BreakLevel, Level, PlayLevel, Structure};

pub(super) fn play(sb: u64, bb: u64, ante: u64) -> Level {
    Level::Play(PlayLevel {
        small_blind: Chips(sb),
        big_blind: Chips(bb),
        ante: Chips(ante),
        ante_kind: if ante > 0 {
            AnteKind::BigBlind
        } else {
            AnteKind::None
        },
        duration_secs: 600,
    })
}

pub(super) fn brk(color_up: bool) -> Level {
    Level::Break(BreakLevel {
        duration_secs: 600,
        note: None,
        color_up,
    })
}

pub(super) fn structure(levels: Vec<Level>) -> Structure {
    Structure {
        name: "test".into(),
        levels,
    }
}

/// 25 green, 100 black, 500 purple, 1,000 yellow, 5,000 orange, 25,000 grey.
pub(super) fn with_greens() -> ChipSet {
    let mut d = ChipSet::standard().denominations().to_vec();
    d.push(Denomination::new(25, "green"));
    ChipSet::new(d).expect("a valid chip set")
}

fn values(d: &[Denomination]) -> Vec<u64> {
    d.iter().map(|d| d.value.0).collect()
}

fn race(small: u64, large: u64, players: &[(u64, bool)]) -> Race {
    Race {
        small: Chips(small),
        large: Chips(large),
        lowest_in_play: Chips(large),
        players: players
            .iter()
            .map(|&(leftover, has_other_chips)| RacePlayer {
                leftover,
                has_other_chips,
            })
            .collect(),
    }
}

// Chip sets.

#[test]
fn the_standard_chip_set_passes_its_own_checks() {
    let standard = ChipSet::standard();
    let again = ChipSet::new(standard.denominations().to_vec()).expect("valid");
    assert_eq!(again, standard);
    assert_eq!(
        values(standard.denominations()),
        [100, 500, 1_000, 5_000, 25_000]
    );
}

#[test]
fn a_chip_set_is_kept_smallest_first_whatever_order_it_is_given_in() {
    assert_eq!(
        values(with_greens().denominations()),
        [25, 100, 500, 1_000, 5_000, 25_000]
    );
    assert_eq!(
        with_greens().get(Chips(25)).map(|d| d.colour.as_str()),
        Some("green")
    );
}

#[test]
fn chip_sets_that_cannot_be_played_are_refused_with_stable_codes() {
    let code = |d: Vec<Denomination>| ChipSet::new(d).map_err(|e| e.code());
    assert_eq!(code(vec![]), Err("empty_chip_set"));
    assert_eq!(
        code(vec![Denomination::new(0, "white")]),
        Err("zero_denomination")
    );
    assert_eq!(
        code(vec![Denomination::new(100, " ")]),
        Err("invalid_chip_colour")
    );
    assert_eq!(
        code(vec![
            Denomination::new(100, "black"),
            Denomination::new(100, "white")
        ]),
        Err("duplicate_denomination")
    );
    assert_eq!(
        code(vec![
            Denomination::new(100, "black"),
            Denomination::new(500, "Black")
        ]),
        Err("duplicate_chip_colour")
    );
    assert_eq!(
        code(vec![
            Denomination::new(100, "black"),
            Denomination::new(250, "pink")
        ]),
        Err("denomination_not_a_multiple")
    );
    let many = (0..=MAX_DENOMINATIONS as u32)
        .map(|i| Denomination::new(2u64.pow(i), &format!("c{i}")))
        .collect();
    assert_eq!(code(many), Err("too_many_denominations"));
}

#[test]
fn a_chip_set_reads_and_writes_json_and_bad_json_is_refused() {
    let json = serde_json::to_string(&ChipSet::standard()).expect("serializes");
    let back: ChipSet = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, ChipSet::standard());
    let bad = r#"{"denominations":[{"value":100,"colour":"black"},{"value":150,"colour":"red"}]}"#;
    assert!(serde_json::from_str::<ChipSet>(bad).is_err());
}

#[test]
fn a_chip_up_error_becomes_an_invalid_value_for_decide() {
    let e: crate::error::DomainError = ChipUpError::EmptyChipSet.into();
    assert_eq!(e.code(), "invalid_value");
}

// Color-ups and structure checks.

#[test]
fn every_builtin_structure_can_be_played_with_the_standard_chips_and_colors_up_the_100s() {
    for t in templates() {
        let plan = plan(&t.structure, &ChipSet::standard());
        assert_eq!(plan.problems, [], "{}", t.id);
        assert_eq!(plan.color_ups.len(), 1, "{}", t.id);
        let c = &plan.color_ups[0];
        assert_eq!(values(&c.removed), [100], "{}", t.id);
        assert_eq!(c.lowest_in_play.value, Chips(500), "{}", t.id);
        assert!(
            matches!(&t.structure.levels[c.level - 1], Level::Break(b) if b.color_up),
            "{}",
            t.id
        );
    }
}

#[test]
fn a_color_up_takes_off_every_small_chip_no_longer_needed_at_once() {
    let s = structure(vec![
        play(25, 50, 0),
        brk(true),
        play(500, 1_000, 1_000),
        play(1_000, 2_000, 2_000),
    ]);
    let plan = plan(&s, &with_greens());
    assert_eq!(plan.problems, []);
    let c = &plan.color_ups[0];
    assert_eq!(c.level, 2);
    assert_eq!(values(&c.removed), [25, 100]);
    assert_eq!(c.lowest_in_play.colour, "purple");
    let steps: Vec<(u64, u64)> = c
        .steps()
        .iter()
        .map(|s| (s.small.value.0, s.large.value.0))
        .collect();
    assert_eq!(steps, [(25, 100), (100, 500)]);
}

#[test]
fn the_chips_in_play_change_after_the_color_up_break() {
    let s = structure(vec![play(100, 200, 0), brk(true), play(500, 1_000, 0)]);
    let set = ChipSet::standard();
    assert_eq!(
        in_play_at(&s, &set, 0).map(values),
        Some(values(set.denominations()))
    );
    assert_eq!(
        in_play_at(&s, &set, 1).map(values),
        Some(vec![500, 1_000, 5_000, 25_000])
    );
    assert_eq!(
        in_play_at(&s, &set, 2).map(|d| d[0].value),
        Some(Chips(500))
    );
    assert_eq!(in_play_at(&s, &set, 3), None);
}

#[test]
fn a_blind_smaller_than_the_smallest_chip_is_reported_with_its_level() {
    let s = structure(vec![play(25, 50, 0), play(100, 200, 150)]);
    let problems = check(&s, &ChipSet::standard());
    let found: Vec<(usize, Amount, &str)> = problems
        .iter()
        .map(|p| match p {
            ChipProblem::CannotBeMade { level, amount, .. } => (*level, *amount, p.code()),
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, Amount::SmallBlind, "amount_not_makeable"),
            (1, Amount::BigBlind, "amount_not_makeable"),
            (2, Amount::Ante, "amount_not_makeable"),
        ]
    );
    assert!(problems[0]
        .to_string()
        .starts_with("level 1: the small blind of 25"));
}

#[test]
fn a_color_up_while_the_small_chip_is_still_needed_is_flagged_and_takes_nothing_off() {
    let s = structure(vec![
        play(100, 200, 0),
        brk(true),
        play(200, 400, 0),
        play(500, 1_000, 0),
    ]);
    let plan = plan(&s, &ChipSet::standard());
    assert_eq!(
        plan.problems,
        [ChipProblem::ColorUpRemovesNeeded {
            level: 2,
            denomination: Chips(100),
            needed_at: 3
        }]
    );
    assert_eq!(plan.color_ups[0].removed, []);
    assert_eq!(plan.color_ups[0].lowest_in_play.value, Chips(100));
}

#[test]
fn a_color_up_with_one_denomination_left_is_flagged_as_removing_nothing() {
    let one = ChipSet::new(vec![Denomination::new(100, "black")]).expect("valid");
    let s = structure(vec![play(100, 200, 0), brk(true), play(500, 1_000, 0)]);
    let problems = check(&s, &one);
    assert_eq!(problems, [ChipProblem::ColorUpRemovesNothing { level: 2 }]);
    assert_eq!(problems[0].code(), "color_up_removes_nothing");
    assert_eq!(problems[0].level(), 2);
}

#[test]
fn a_color_up_keeps_the_chips_a_later_level_still_needs() {
    // Level 5's 2,500 needs the 500s: the first color-up takes off only the 100s, and
    // the second, with the 500s smallest, is flagged.
    let s = structure(vec![
        play(100, 200, 0),
        brk(true),
        play(1_000, 2_000, 0),
        brk(true),
        play(2_500, 5_000, 0),
    ]);
    let plan = plan(&s, &ChipSet::standard());
    assert_eq!(values(&plan.color_ups[0].removed), [100]);
    assert_eq!(plan.color_ups[1].removed, []);
    assert_eq!(
        plan.problems,
        [ChipProblem::ColorUpRemovesNeeded {
            level: 4,
            denomination: Chips(500),
            needed_at: 5
        }]
    );
    assert_eq!(
        plan.problems[0].to_string(),
        "level 4: a color-up break takes off the 500 chips, still needed at level 5"
    );
}

#[test]
fn an_ante_of_kind_none_is_not_checked() {
    let mut level = play(100, 200, 0);
    if let Level::Play(p) = &mut level {
        p.ante = Chips(30);
    }
    assert_eq!(check(&structure(vec![level]), &ChipSet::standard()), []);
}

// The race.

#[test]
fn a_player_colors_up_what_they_can_and_keeps_the_rest_for_the_race() {
    assert_eq!(
        color_up(13, Chips(100), Chips(500)),
        Ok(Exchange {
            large: 2,
            leftover: 3
        })
    );
    assert_eq!(
        color_up(3, Chips(25), Chips(100)),
        Ok(Exchange {
            large: 0,
            leftover: 3
        })
    );
    assert_eq!(
        color_up(3, Chips(100), Chips(250)).map_err(|e| e.code()),
        Err("invalid_race_chips")
    );
    assert!(color_up(3, Chips(500), Chips(100)).is_err());
}

#[test]
fn leftovers_worth_half_a_chip_or_more_round_up() {
    // 3 + 2 + 4 hundreds = 900: one 500 and 400 left, at least half: 2 raced.
    let plan = race(100, 500, &[(3, true), (2, true), (4, true)])
        .plan()
        .expect("valid");
    assert_eq!(plan.leftover_chips, 9);
    assert_eq!(plan.leftover_value, Chips(900));
    assert_eq!(plan.chips_raced, 2);
    assert_eq!(plan.racing, [0, 1, 2]);
    // Exactly half rounds up: 250 of a 500.
    let half = race(25, 500, &[(10, true)]).plan().expect("valid");
    assert_eq!(half.chips_raced, 1);
}

#[test]
fn leftovers_worth_less_than_half_a_chip_are_raced_for_nothing() {
    let plan = race(100, 500, &[(1, true), (1, true), (0, true)])
        .plan()
        .expect("valid");
    assert_eq!(plan.chips_raced, 0);
    assert_eq!(plan.racing, [0, 1]);
    let outcome = race(100, 500, &[(1, true), (1, true)])
        .settle(&[])
        .expect("valid");
    assert_eq!(outcome.difference, -200);
}

#[test]
fn a_player_who_loses_their_last_chips_gets_one_of_the_lowest_chips_in_play() {
    let r = race(100, 500, &[(4, false), (2, true), (1, false)]);
    assert_eq!(r.plan().expect("valid").chips_raced, 1);
    let outcome = r.settle(&[1]).expect("valid");
    assert_eq!(
        outcome.results,
        [
            RaceResult {
                won: false,
                gets_lowest_chip: true
            },
            RaceResult {
                won: true,
                gets_lowest_chip: false
            },
            RaceResult {
                won: false,
                gets_lowest_chip: true
            },
        ]
    );
    assert_eq!(outcome.removed, Chips(700));
    assert_eq!(outcome.awarded, Chips(500));
    assert_eq!(outcome.lowest_chips_given, Chips(1_000));
    assert_eq!(outcome.difference, 800);
    assert_eq!(outcome.new_total(Chips(100_000)), Ok(Chips(100_800)));
}

#[test]
fn a_race_with_leftovers_not_colored_up_or_wrong_winners_is_refused() {
    let code = |r: Race, winners: &[usize]| r.settle(winners).map(|_| ()).map_err(|e| e.code());
    assert_eq!(
        code(race(100, 500, &[(5, true)]), &[0]),
        Err("leftover_not_colored_up")
    );
    let r = || race(100, 500, &[(4, true), (4, true), (0, true)]);
    assert_eq!(code(r(), &[0]), Err("wrong_number_of_race_winners"));
    assert_eq!(code(r(), &[0, 0]), Err("race_wins_at_most_one"));
    assert_eq!(code(r(), &[0, 2]), Err("not_in_race"));
    assert_eq!(code(r(), &[0, 7]), Err("not_in_race"));
    assert_eq!(code(r(), &[1, 0]), Ok(()));
}
