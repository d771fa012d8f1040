//! The generator against the rule it documents, and its invariants over any input.

use super::*;
use crate::chipup::Denomination;
use proptest::prelude::*;

fn spec(stack: u64, target: u32, level: u32) -> GenerateSpec {
    GenerateSpec {
        name: "Friday".into(),
        starting_stack: Chips(stack),
        target_minutes: target,
        level_minutes: level,
        break_minutes: 10,
        field: DEFAULT_FIELD,
        chips: ChipSet::standard(),
    }
}

fn plays(s: &Structure) -> Vec<&PlayLevel> {
    s.levels
        .iter()
        .filter_map(|l| match l {
            Level::Play(p) => Some(p),
            Level::Break(_) => None,
        })
        .collect()
}

/// Minutes from the start to the start of the structure position `n` (from 1).
fn starts_at(s: &Structure, n: usize) -> u32 {
    s.levels[..n - 1]
        .iter()
        .map(|l| l.duration_secs() / 60)
        .sum()
}

#[test]
fn a_four_hour_night_on_30k_reaches_a_short_final_table_around_the_target() {
    let g = generate(&spec(30_000, 240, 20)).expect("generates");
    assert_eq!(g.structure.name, "Friday");
    assert_eq!(g.structure.validate(), Ok(()));
    assert!(
        g.structure.warnings().is_empty(),
        "{:?}",
        g.structure.warnings()
    );
    assert!(chipup::check(&g.structure, &ChipSet::standard()).is_empty());
    let p = plays(&g.structure);
    assert_eq!(
        p[0].big_blind,
        Chips(400),
        "75 big blinds deep: 300 is no even multiple of 100"
    );
    assert_eq!(p[0].ante_kind, AnteKind::None);
    assert_eq!(p[1].ante, p[1].big_blind, "a big-blind ante from level 2");
    assert!(
        (10..=20).contains(&g.target_average_big_blinds),
        "{}",
        g.target_average_big_blinds
    );
    let start = starts_at(&g.structure, g.target_level);
    assert!(
        start < 240 && start + 20 >= 240,
        "target level starts at {start}"
    );
    assert!(
        p.len() >= 15,
        "levels to spare after the target: {}",
        p.len()
    );
}

#[test]
fn breaks_come_every_90_minutes_and_color_ups_are_noted_with_the_chips() {
    let g = generate(&spec(20_000, 300, 15)).expect("generates");
    let breaks: Vec<(usize, &BreakLevel)> = g
        .structure
        .levels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l {
            Level::Break(b) => Some((i, b)),
            Level::Play(_) => None,
        })
        .collect();
    assert!(!breaks.is_empty());
    assert_eq!(breaks[0].0, 6, "six 15-minute levels, then the first break");
    let color_ups: Vec<&BreakLevel> = breaks.iter().map(|b| b.1).filter(|b| b.color_up).collect();
    assert!(!color_ups.is_empty());
    assert_eq!(
        color_ups[0].note.as_deref(),
        Some("Color up the 100 (black) chips")
    );
    assert!(breaks.iter().all(|(_, b)| b.color_up == b.note.is_some()));
}

#[test]
fn blinds_are_nice_numbers_of_the_chip_set() {
    let g = generate(&spec(50_000, 360, 30)).expect("generates");
    let bbs: Vec<u64> = plays(&g.structure).iter().map(|p| p.big_blind.0).collect();
    assert_eq!(&bbs[..4], &[600, 800, 1_000, 1_200], "{bbs:?}");
    for bb in &bbs {
        let mut m = *bb;
        while m % 10 == 0 && m >= 100 {
            m /= 10;
        }
        assert!(
            MANTISSAS.contains(&m) || MANTISSAS.contains(&(m * 10)),
            "{bb} in {bbs:?}"
        );
    }
    for pair in bbs.windows(2) {
        assert!(
            pair[1] * 10 <= pair[0] * 25,
            "no jump over 2.5 times: {bbs:?}"
        );
    }
}

#[test]
fn a_chip_set_with_25s_starts_with_small_blinds() {
    let chips = ChipSet::new(vec![
        Denomination::new(25, "green"),
        Denomination::new(100, "black"),
        Denomination::new(500, "purple"),
        Denomination::new(1_000, "yellow"),
    ])
    .expect("valid set");
    let g = generate(&GenerateSpec {
        chips: chips.clone(),
        ..spec(5_000, 180, 15)
    })
    .expect("generates");
    let p = plays(&g.structure);
    assert_eq!((p[0].small_blind, p[0].big_blind), (Chips(25), Chips(50)));
    assert!(chipup::check(&g.structure, &chips).is_empty());
}

#[test]
fn inputs_no_structure_can_come_from_are_refused() {
    for bad in [
        spec(30_000, 240, 0),
        spec(30_000, 10, 20),
        spec(150, 240, 20),
        spec(30_050, 240, 20),
        spec(30_000, 100_000, 20),
        GenerateSpec {
            field: 1,
            ..spec(30_000, 240, 20)
        },
        GenerateSpec {
            name: "x".repeat(201),
            ..spec(30_000, 240, 20)
        },
    ] {
        assert!(
            matches!(generate(&bad), Err(DomainError::InvalidStructure(_))),
            "{bad:?}"
        );
    }
}

fn any_chips() -> impl Strategy<Value = ChipSet> {
    (
        prop::sample::select(vec![1u64, 5, 10, 25, 50, 100, 7]),
        prop::collection::vec(prop::sample::select(vec![2u64, 4, 5, 10]), 0..6),
    )
        .prop_map(|(first, factors)| {
            let mut value = first;
            let mut d = vec![Denomination::new(value, "c0")];
            for (i, f) in factors.into_iter().enumerate() {
                value *= f;
                d.push(Denomination::new(value, &format!("c{}", i + 1)));
            }
            ChipSet::new(d).expect("multiples with distinct colours")
        })
}

proptest! {
    #[test]
    fn generated_structures_are_valid_playable_and_never_fall(
        chips in any_chips(),
        stack_chips in 20u64..200_000,
        target in 30u32..=1_440,
        level in 1u32..=60,
        break_minutes in 1u32..=30,
        field in 2u32..=10_000,
    ) {
        let smallest = chips.denominations()[0].value.0;
        let s = GenerateSpec {
            name: String::new(),
            starting_stack: Chips(stack_chips * smallest),
            target_minutes: target.max(2 * level),
            level_minutes: level,
            break_minutes,
            field,
            chips: chips.clone(),
        };
        let g = generate(&s).expect("valid inputs generate");
        prop_assert_eq!(g.structure.validate(), Ok(()));
        prop_assert!(g.structure.warnings().is_empty(), "{:?}", g.structure.warnings());
        // Every blind and ante is a multiple of the smallest chip in play at its level.
        prop_assert!(chipup::check(&g.structure, &chips).is_empty(),
            "{:?}", chipup::check(&g.structure, &chips));
        for (i, level) in g.structure.levels.iter().enumerate() {
            if let Level::Play(p) = level {
                let lowest = chipup::in_play_at(&g.structure, &chips, i).expect("in range")[0].value.0;
                prop_assert_eq!(p.small_blind.0 % lowest, 0);
                prop_assert_eq!(p.big_blind.0 % lowest, 0);
                prop_assert_eq!(p.ante.0 % lowest, 0);
            }
        }
        let p = plays(&g.structure);
        for pair in p.windows(2) {
            prop_assert!(pair[1].big_blind > pair[0].big_blind);
            prop_assert!(pair[1].small_blind >= pair[0].small_blind);
            prop_assert!(pair[1].ante >= pair[0].ante);
        }
        prop_assert!(matches!(g.structure.levels.last(), Some(Level::Play(_))));
        prop_assert!(g.target_level <= g.structure.levels.len());
    }
}
