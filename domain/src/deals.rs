//! Deals at the final table: ICM, chip chop, even chop and custom amounts, optionally
//! leaving an amount to play for. Every deal hands out exactly what it splits, nobody
//! gets more than first-place money or less than the lowest remaining prize.

use crate::error::DomainError;
use crate::icm;
use crate::money::{cap_parts, split, Money};
use crate::structure::Chips;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How the players left share the remaining prizes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DealKind {
    /// Each gets their ICM (Malmuth-Harville) equity.
    Icm,
    /// Each gets the lowest remaining prize, and the rest is shared by chips.
    ChipChop,
    /// Everyone gets the same.
    EvenChop,
    /// The players name the amounts, in the order of the stacks.
    Custom { amounts: Vec<Money> },
}

/// What a deal is asked to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DealTerms {
    pub kind: DealKind,
    /// Left to play for: taken from first prize before the split, won by whoever
    /// finishes first. At most the gap between first and second prize.
    #[serde(default)]
    pub play_for: Money,
    /// Computed amounts are whole units above the lowest prize (e.g. 100 for whole euros).
    pub unit: Money,
    /// The player (index in the stacks) who gets what is left below one unit.
    #[serde(default)]
    pub remainder_to: usize,
}

/// A deal as made: what each player gets now, and what is still played for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deal {
    /// In the order of the stacks.
    pub amounts: Vec<Money>,
    pub play_for: Money,
    /// The prizes less `play_for`: what `amounts` add up to.
    pub split: Money,
}

/// Why a deal was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DealError {
    #[error("a deal needs at least 2 players")]
    TooFewPlayers,
    #[error("{prizes} prizes for {players} players: a deal splits the prizes of the players left")]
    MorePrizesThanPlayers { prizes: usize, players: usize },
    #[error("the prizes must be at least 0 and never rise by place (place {place})")]
    PrizesOutOfOrder { place: usize },
    #[error("player {player} has no chips")]
    NoChips { player: usize },
    #[error("the amount to play for must be between 0 and {gap} (first prize less second), not {play_for}")]
    PlayForOutOfRange { play_for: Money, gap: Money },
    #[error("{got} amounts for {players} players")]
    WrongNumberOfAmounts { got: usize, players: usize },
    #[error("the amounts add up to {sum}, not the {split} being split")]
    DoesNotAddUp { sum: Money, split: Money },
    #[error("player {player} would get {amount}, more than first-place money ({max})")]
    AboveFirstPrize {
        player: usize,
        amount: Money,
        max: Money,
    },
    #[error("player {player} would get {amount}, less than the lowest remaining prize ({min})")]
    BelowLowestPrize {
        player: usize,
        amount: Money,
        min: Money,
    },
    #[error("{0}")]
    Invalid(String),
}

impl DealError {
    /// A stable snake_case code for clients to match on.
    pub fn code(&self) -> &'static str {
        match self {
            DealError::TooFewPlayers => "deal_too_few_players",
            DealError::MorePrizesThanPlayers { .. } => "deal_more_prizes_than_players",
            DealError::PrizesOutOfOrder { .. } => "deal_prizes_out_of_order",
            DealError::NoChips { .. } => "deal_player_without_chips",
            DealError::PlayForOutOfRange { .. } => "deal_play_for_out_of_range",
            DealError::WrongNumberOfAmounts { .. } => "deal_wrong_number_of_amounts",
            DealError::DoesNotAddUp { .. } => "deal_does_not_add_up",
            DealError::AboveFirstPrize { .. } => "deal_above_first_prize",
            DealError::BelowLowestPrize { .. } => "deal_below_lowest_prize",
            DealError::Invalid(_) => "deal_invalid",
        }
    }
}

impl From<DomainError> for DealError {
    fn from(e: DomainError) -> DealError {
        match e {
            DomainError::InvalidValue(msg) => DealError::Invalid(msg),
            other => DealError::Invalid(other.to_string()),
        }
    }
}

/// Makes a deal between the players with `stacks` over the remaining `prizes` (best first;
/// places past the end pay nothing). Players are numbered from 1 in errors, in the order
/// of the stacks.
///
/// Computed deals give everyone the lowest remaining prize and share the rest (by ICM
/// equity above it, by chips, or evenly) in whole units; anyone above first-place money
/// is brought down to it and the excess shared among the others by chips, so the bounds
/// always hold. Custom amounts that break a bound or do not add up are refused.
pub fn make_deal(stacks: &[Chips], prizes: &[Money], terms: &DealTerms) -> Result<Deal, DealError> {
    let n = stacks.len();
    if n < 2 {
        return Err(DealError::TooFewPlayers);
    }
    if prizes.len() > n {
        return Err(DealError::MorePrizesThanPlayers {
            prizes: prizes.len(),
            players: n,
        });
    }
    if let Some(player) = stacks.iter().position(|s| s.0 == 0) {
        return Err(DealError::NoChips { player: player + 1 });
    }
    let mut left = prizes.to_vec();
    left.resize(n, Money::ZERO);
    if let Some(i) = (0..n).find(|&i| left[i].is_negative() || (i > 0 && left[i] > left[i - 1])) {
        return Err(DealError::PrizesOutOfOrder { place: i + 1 });
    }
    let gap = left[0] - left[1];
    if terms.play_for.is_negative() || terms.play_for > gap {
        return Err(DealError::PlayForOutOfRange {
            play_for: terms.play_for,
            gap,
        });
    }
    left[0] -= terms.play_for;
    let total: Money = left.iter().sum();
    let (max, min) = (left[0], left[n - 1]);
    let by_chips: Vec<u64> = stacks.iter().map(|c| c.0).collect();

    let amounts = match &terms.kind {
        DealKind::Custom { amounts } => {
            check_custom(amounts, n, total, max, min)?;
            amounts.clone()
        }
        kind => {
            let above_min = Money(total.0 - min.0 * n as i64);
            let extra = match kind {
                DealKind::Icm => {
                    let eq = icm::equities(stacks, &left)?;
                    let over: Vec<f64> = eq.iter().map(|e| (e - min.0 as f64).max(0.0)).collect();
                    icm::round_to_money(&over, above_min, terms.unit, terms.remainder_to)?
                }
                DealKind::ChipChop => split(above_min, &by_chips, terms.unit, terms.remainder_to)?,
                _ => split(above_min, &vec![1; n], terms.unit, terms.remainder_to)?,
            };
            let mut amounts: Vec<Money> = extra.into_iter().map(|e| min + e).collect();
            cap_parts(&mut amounts, max, &by_chips, terms.unit, terms.remainder_to)?;
            amounts
        }
    };
    Ok(Deal {
        amounts,
        play_for: terms.play_for,
        split: total,
    })
}

fn check_custom(
    amounts: &[Money],
    players: usize,
    total: Money,
    max: Money,
    min: Money,
) -> Result<(), DealError> {
    if amounts.len() != players {
        return Err(DealError::WrongNumberOfAmounts {
            got: amounts.len(),
            players,
        });
    }
    // Summed wide: amounts come from a client and may be absurd.
    let sum: i128 = amounts.iter().map(|a| i128::from(a.0)).sum();
    if sum != i128::from(total.0) {
        let sum = Money(i64::try_from(sum).unwrap_or(i64::MAX));
        return Err(DealError::DoesNotAddUp { sum, split: total });
    }
    for (i, &amount) in amounts.iter().enumerate() {
        if amount > max {
            return Err(DealError::AboveFirstPrize {
                player: i + 1,
                amount,
                max,
            });
        }
        if amount < min {
            return Err(DealError::BelowLowestPrize {
                player: i + 1,
                amount,
                min,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chips(stacks: &[u64]) -> Vec<Chips> {
        stacks.iter().map(|&c| Chips(c)).collect()
    }

    fn money(amounts: &[i64]) -> Vec<Money> {
        amounts.iter().map(|&m| Money(m)).collect()
    }

    fn terms(kind: DealKind) -> DealTerms {
        DealTerms {
            kind,
            play_for: Money::ZERO,
            unit: Money(100),
            remainder_to: 0,
        }
    }

    /// Prizes of 5000.00, 3000.00 and 2000.00 left for three players.
    const PRIZES: [i64; 3] = [500_000, 300_000, 200_000];

    fn three(stacks: [u64; 3], terms: &DealTerms) -> Result<Deal, DealError> {
        make_deal(&chips(&stacks), &money(&PRIZES), terms)
    }

    #[test]
    fn a_chip_chop_gives_everyone_the_lowest_prize_and_shares_the_rest_by_chips() {
        let deal = three([500, 300, 200], &terms(DealKind::ChipChop)).expect("valid");
        assert_eq!(deal.amounts, money(&[400_000, 320_000, 280_000]));
        assert_eq!(deal.split, Money(1_000_000));
    }

    #[test]
    fn a_chip_chop_never_pays_the_chip_leader_more_than_first_place_money() {
        let deal = three([900, 50, 50], &terms(DealKind::ChipChop)).expect("valid");
        assert_eq!(deal.amounts, money(&[500_000, 250_000, 250_000]));
    }

    #[test]
    fn an_even_chop_splits_in_whole_units_with_the_spare_unit_to_the_named_player() {
        let t = DealTerms {
            remainder_to: 2,
            ..terms(DealKind::EvenChop)
        };
        let deal = make_deal(&chips(&[1, 2, 3]), &money(&[500_001, 300_000, 200_000]), &t);
        // 400_001 above three minimums of 200_000: 4000 units of 100 shared 1334/1333/1333,
        // and 1 minor unit left over.
        assert_eq!(
            deal.expect("valid").amounts,
            money(&[333_400, 333_300, 333_301])
        );
    }

    #[test]
    fn an_icm_deal_pays_each_player_their_equity_to_within_a_unit() {
        let deal = three([50, 30, 20], &terms(DealKind::Icm)).expect("valid");
        let eq = icm::equities(&chips(&[50, 30, 20]), &money(&PRIZES)).expect("valid");
        for (amount, e) in deal.amounts.iter().zip(eq) {
            assert!((amount.0 as f64 - e).abs() < 100.0, "{amount} vs {e}");
        }
        assert_eq!(deal.amounts.iter().sum::<Money>(), Money(1_000_000));
    }

    #[test]
    fn an_amount_left_to_play_for_comes_off_first_prize_before_the_split() {
        let mut t = DealTerms {
            play_for: Money(100_000),
            ..terms(DealKind::EvenChop)
        };
        let deal = three([5, 3, 2], &t).expect("valid");
        assert_eq!(deal.amounts, money(&[300_000, 300_000, 300_000]));
        assert_eq!(
            (deal.play_for, deal.split),
            (Money(100_000), Money(900_000))
        );
        t.play_for = Money(200_001);
        let refused = three([5, 3, 2], &t);
        assert!(matches!(refused, Err(DealError::PlayForOutOfRange { .. })));
    }

    #[test]
    fn custom_amounts_are_taken_as_given_or_refused_with_the_rule_they_break() {
        let custom = |amounts: &[i64]| {
            three(
                [5, 3, 2],
                &terms(DealKind::Custom {
                    amounts: money(amounts),
                }),
            )
        };
        let agreed = custom(&[450_000, 330_000, 220_000]).expect("valid");
        assert_eq!(agreed.amounts, money(&[450_000, 330_000, 220_000]));
        let refuse = |amounts: &[i64]| custom(amounts).expect_err("refused").to_string();
        assert_eq!(
            refuse(&[450_000, 330_000, 219_000]),
            "the amounts add up to 999000, not the 1000000 being split"
        );
        assert_eq!(
            refuse(&[510_000, 300_000, 190_000]),
            "player 1 would get 510000, more than first-place money (500000)"
        );
        assert_eq!(
            refuse(&[420_000, 390_000, 190_000]),
            "player 3 would get 190000, less than the lowest remaining prize (200000)"
        );
        assert_eq!(refuse(&[500_000, 500_000]), "2 amounts for 3 players");
        assert!(custom(&[i64::MAX, i64::MAX, 2]).is_err());
    }

    #[test]
    fn a_deal_is_refused_for_one_player_an_empty_stack_or_prizes_out_of_order() {
        let t = terms(DealKind::EvenChop);
        let deal = |stacks: &[u64], prizes: &[i64]| make_deal(&chips(stacks), &money(prizes), &t);
        assert_eq!(deal(&[5], &[100]), Err(DealError::TooFewPlayers));
        assert_eq!(
            deal(&[5, 0], &[100, 50]),
            Err(DealError::NoChips { player: 2 })
        );
        assert_eq!(
            deal(&[5, 5], &[50, 100]),
            Err(DealError::PrizesOutOfOrder { place: 2 })
        );
        assert!(matches!(
            deal(&[5, 5], &[3, 2, 1]),
            Err(DealError::MorePrizesThanPlayers { .. })
        ));
        let e: DomainError = DealError::TooFewPlayers.into();
        assert_eq!(e.code(), "deal_too_few_players");
    }

    /// 2 to 8 stacks, up to one prize each (best first), and an amount to play for.
    fn table() -> impl Strategy<Value = (Vec<u64>, Vec<i64>, i64)> {
        let stacks = proptest::collection::vec(1u64..100_000_000, 2..=8);
        let prizes = proptest::collection::vec(0i64..50_000_000, 0..=8);
        (stacks, prizes, 0i64..=1_000).prop_map(|(stacks, mut prizes, per_mille)| {
            prizes.truncate(stacks.len());
            prizes.sort_unstable_by(|a, b| b.cmp(a));
            let gap = prizes.first().unwrap_or(&0) - prizes.get(1).unwrap_or(&0);
            (stacks, prizes, gap * per_mille / 1_000)
        })
    }

    proptest! {
        /// ICM, chip chop and even chop hand out exactly what they split, not a minor unit
        /// more or less, between the lowest remaining prize and first-place money.
        #[test]
        fn a_deal_never_creates_or_loses_a_minor_unit_and_respects_the_bounds(
            (stacks, prizes, play_for) in table(),
            kind in prop_oneof![Just(DealKind::Icm), Just(DealKind::ChipChop), Just(DealKind::EvenChop)],
            unit in prop_oneof![Just(1i64), Just(5), Just(100), 1i64..10_000],
            pick in 0usize..8,
        ) {
            let n = stacks.len();
            let t = DealTerms { kind, play_for: Money(play_for), unit: Money(unit), remainder_to: pick % n };
            let deal = make_deal(&chips(&stacks), &money(&prizes), &t).expect("valid");
            let all: i64 = prizes.iter().sum();
            prop_assert_eq!(deal.amounts.iter().sum::<Money>() + deal.play_for, Money(all));
            let first = prizes.first().copied().unwrap_or(0) - play_for;
            let lowest = if prizes.len() == n { prizes[n - 1] } else { 0 };
            for a in &deal.amounts {
                prop_assert!(a.0 <= first && a.0 >= lowest, "{} not in {}..={}", a, lowest, first);
            }
        }

        /// Custom amounts are either refused or moved exactly as given, within the bounds.
        #[test]
        fn a_custom_deal_is_taken_exactly_as_given_or_refused(
            (stacks, prizes, play_for) in table(),
            amounts in proptest::collection::vec(0i64..50_000_000, 2..=8),
        ) {
            let t = DealTerms {
                kind: DealKind::Custom { amounts: money(&amounts) },
                play_for: Money(play_for), unit: Money(1), remainder_to: 0,
            };
            if let Ok(deal) = make_deal(&chips(&stacks), &money(&prizes), &t) {
                prop_assert_eq!(&deal.amounts, &money(&amounts));
                let all: i64 = prizes.iter().sum();
                prop_assert_eq!(deal.amounts.iter().sum::<Money>() + deal.play_for, Money(all));
            }
            // What a computed deal pays, named as custom amounts, is always accepted.
            let icm = DealTerms { kind: DealKind::Icm, unit: Money(1), ..t };
            let fair = make_deal(&chips(&stacks), &money(&prizes), &icm).expect("valid");
            let agreed = DealTerms { kind: DealKind::Custom { amounts: fair.amounts.clone() }, ..icm };
            let deal = make_deal(&chips(&stacks), &money(&prizes), &agreed).expect("accepted");
            prop_assert_eq!(deal, fair);
        }
    }
}
