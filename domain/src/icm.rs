//! The Independent Chip Model (Malmuth-Harville): what each stack is worth in prize money,
//! exact for up to 20 players. The only place floats touch money; `round_to_money` brings
//! them back to minor units that add up to exactly what is split.

use crate::error::DomainError;
use crate::money::Money;
use crate::structure::Chips;

/// Most players an exact ICM is computed for: the work doubles with each player.
pub const MAX_PLAYERS: usize = 20;

fn invalid(message: String) -> DomainError {
    DomainError::InvalidValue(message)
}

/// Each player's equity in the prizes, in minor units as floats, in the order of `stacks`.
///
/// `prizes` are the remaining prizes, best first; places past the end pay nothing, so there
/// may be fewer prizes than players but not more. Malmuth-Harville: a player finishes first
/// with probability stack / all chips, then the next place is drawn the same way among the
/// others. The equities add up to the sum of the prizes (up to float rounding).
pub fn equities(stacks: &[Chips], prizes: &[Money]) -> Result<Vec<f64>, DomainError> {
    let n = stacks.len();
    if n == 0 {
        return Err(invalid("ICM needs at least one player".into()));
    }
    if n > MAX_PLAYERS {
        return Err(invalid(format!(
            "ICM is exact for at most {MAX_PLAYERS} players, not {n}"
        )));
    }
    if prizes.len() > n {
        return Err(invalid(format!(
            "{} prizes for {n} players: a deal splits the prizes of the players left",
            prizes.len()
        )));
    }
    if let Some(p) = prizes.iter().position(|p| p.is_negative()) {
        return Err(invalid(format!(
            "the prize for place {} is negative",
            p + 1
        )));
    }
    if let Some(p) = stacks.iter().position(|s| s.0 == 0) {
        return Err(invalid(format!("player {} has no chips", p + 1)));
    }
    // Chip counts are whole numbers: their f64 sums are exact below 2^53 chips.
    let s: Vec<f64> = stacks.iter().map(|c| c.0 as f64).collect();
    // Trailing places that pay nothing need no probabilities.
    let paid = prizes.iter().rposition(|p| p.0 != 0).map_or(0, |i| i + 1);
    let prize: Vec<f64> = prizes[..paid].iter().map(|p| p.0 as f64).collect();
    Ok(harville(&s, &prize))
}

/// Blocks of 2^4 sets are worked out set by set; larger blocks are split in halves.
const BASE_BITS: usize = 4;

/// The dynamic programme over sets of players, O(n 2^n).
///
/// For a set M of players who took the top |M| places (in some order), g[M] is the
/// probability of that divided by the chips of everyone else, so that player j then takes
/// place |M| + 1 with probability g[M] * s_j, and P(M) = sum over j in M of g[M - j] * s_j.
/// Player j's equity is s_j times the sum, over the sets M without j, of g[M] * prize[|M|].
fn harville(s: &[f64], prize: &[f64]) -> Vec<f64> {
    let n = s.len();
    let base_bits = n.min(BASE_BITS);
    let mut base_chips = vec![0.0f64; 1 << base_bits];
    for m in 1..base_chips.len() {
        base_chips[m] = base_chips[m & (m - 1)] + s[m.trailing_zeros() as usize];
    }
    let mut dp = Harville {
        s,
        prize,
        total: s.iter().sum(),
        base_bits,
        base_chips,
        without: vec![0.0; n],
    };
    let mut g = vec![0.0f64; 1 << n];
    dp.solve(&mut g, 0, 0.0, 0);
    s.iter().zip(&dp.without).map(|(sj, w)| sj * w).collect()
}

/// The programme's fixed inputs and its running sums.
struct Harville<'a> {
    s: &'a [f64],
    prize: &'a [f64],
    total: f64,
    base_bits: usize,
    /// Chips of every subset of the first `base_bits` players.
    base_chips: Vec<f64>,
    /// Per player j: the sum of g[M] * prize[|M|] over the sets M without j.
    without: Vec<f64>,
}

impl Harville<'_> {
    /// Works out g for a block of sets: `offset` (the players above the block, holding
    /// `chips` between `placed` of them) plus any subset of the players below. On entry
    /// the block holds the terms from the players above; on return, g. Returns the sum of
    /// g[M] * prize[|M|] over the block.
    ///
    /// The lower half (without the block's top player b) is worked out first; then its
    /// terms g[M] * s_b go to the upper half in one pass over contiguous memory, and the
    /// upper half is worked out. Halves where everyone left is already paid are skipped.
    fn solve(&mut self, block: &mut [f64], offset: usize, chips: f64, placed: usize) -> f64 {
        if placed >= self.prize.len() {
            return 0.0;
        }
        let bits = block.len().trailing_zeros() as usize;
        if bits <= self.base_bits {
            return match self.base_bits {
                1 => self.base::<1>(block, offset == 0, chips, placed),
                2 => self.base::<2>(block, offset == 0, chips, placed),
                3 => self.base::<3>(block, offset == 0, chips, placed),
                _ => self.base::<BASE_BITS>(block, offset == 0, chips, placed),
            };
        }
        let b = bits - 1;
        let (lower, upper) = block.split_at_mut(1 << b);
        let lower_sum = self.solve(lower, offset, chips, placed);
        let mut upper_sum = 0.0;
        if placed + 1 < self.prize.len() {
            let sb = self.s[b];
            for (u, &l) in upper.iter_mut().zip(lower.iter()) {
                *u += l * sb;
            }
            upper_sum = self.solve(upper, offset | 1 << b, chips + sb, placed + 1);
        }
        self.without[b] += lower_sum;
        lower_sum + upper_sum
    }

    /// A block of 2^B sets, set by set in increasing order, so that every M - j is done
    /// before M.
    // Index loops over the small arrays let them live in registers: iterator forms that
    // borrow them were measured a third slower.
    #[allow(clippy::needless_range_loop)]
    fn base<const B: usize>(
        &mut self,
        block: &mut [f64],
        origin: bool,
        chips: f64,
        placed: usize,
    ) -> f64 {
        let width = 1usize << B;
        // A block of exactly `width` lets the compiler drop the bounds checks below.
        let block = &mut block[..width];
        let mut inverse = [0.0f64; 1 << BASE_BITS];
        for (inv, &c) in inverse.iter_mut().zip(&self.base_chips[..width]) {
            // Zero only for the set of everyone, which is never paid for (skipped below).
            *inv = 1.0 / (self.total - (chips + c));
        }
        let mut s = [0.0f64; BASE_BITS];
        s[..B].copy_from_slice(&self.s[..B]);
        let mut without = [0.0f64; BASE_BITS];
        let mut sum = 0.0;
        for r in 0..width {
            let now_placed = placed + r.count_ones() as usize;
            if now_placed >= self.prize.len() {
                continue;
            }
            let mut p = block[r];
            for j in 0..B {
                let bit = 1 << j;
                p += if r & bit != 0 {
                    block[r ^ bit] * s[j]
                } else {
                    0.0
                };
            }
            if origin && r == 0 {
                p = 1.0;
            }
            let g = p * inverse[r];
            block[r] = g;
            let h = g * self.prize[now_placed];
            sum += h;
            for j in 0..B {
                if r & (1 << j) == 0 {
                    without[j] += h;
                }
            }
        }
        for j in 0..B {
            self.without[j] += without[j];
        }
        sum
    }
}

/// Equities as money: [`equities`] rounded by [`round_to_money`] to add up to exactly the
/// sum of the prizes.
pub fn equities_in_money(
    stacks: &[Chips],
    prizes: &[Money],
    unit: Money,
    remainder_to: usize,
) -> Result<Vec<Money>, DomainError> {
    let eq = equities(stacks, prizes)?;
    round_to_money(&eq, prizes.iter().sum(), unit, remainder_to)
}

/// Rounds float shares of `total` to money that adds up to exactly `total`.
///
/// The shares are scaled to `total` (so float error never creates or loses a minor unit),
/// each is rounded down to whole `unit`s, the whole units left go one each to the largest
/// fractions, and what is left below one unit goes to `remainder_to`.
pub fn round_to_money(
    shares: &[f64],
    total: Money,
    unit: Money,
    remainder_to: usize,
) -> Result<Vec<Money>, DomainError> {
    let n = shares.len();
    if remainder_to >= n {
        return Err(invalid(format!(
            "the remainder goes to player {}, but there are only {n}",
            remainder_to + 1
        )));
    }
    if unit.0 <= 0 || total.is_negative() {
        return Err(invalid(format!("cannot round {total} to units of {unit}")));
    }
    if let Some(i) = shares.iter().position(|x| !x.is_finite() || *x < 0.0) {
        return Err(invalid(format!(
            "share {} is not a number of at least 0",
            i + 1
        )));
    }
    let units = total.0 / unit.0;
    let sum: f64 = shares.iter().sum();
    let exact: Vec<f64> = if sum > 0.0 {
        shares.iter().map(|x| x / sum * units as f64).collect()
    } else {
        vec![units as f64 / n as f64; n]
    };
    // Float error may leave the floors a unit or so off in either direction; the loop
    // below settles it, largest fractions first when adding, smallest when taking away.
    let mut parts: Vec<i64> = exact
        .iter()
        .map(|x| (x.floor() as i64).clamp(0, units))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let fraction = |i: usize| exact[i] - parts[i] as f64;
    order.sort_by(|&a, &b| fraction(b).total_cmp(&fraction(a)).then(a.cmp(&b)));
    let mut left = units - parts.iter().sum::<i64>();
    let mut at = 0;
    while left > 0 {
        parts[order[at % n]] += 1;
        left -= 1;
        at += 1;
    }
    let mut at = n;
    while left < 0 {
        at = if at == 0 { n - 1 } else { at - 1 };
        let i = order[at];
        if parts[i] > 0 {
            parts[i] -= 1;
            left += 1;
        }
    }
    let mut out: Vec<Money> = parts.into_iter().map(|p| Money(p * unit.0)).collect();
    out[remainder_to] += Money(total.0 % unit.0);
    Ok(out)
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

    /// Equities by walking every finishing order, for checking the fast version.
    fn brute_force(stacks: &[u64], prizes: &[i64]) -> Vec<f64> {
        fn walk(left: &mut Vec<usize>, s: &[f64], prizes: &[i64], p: f64, eq: &mut [f64]) {
            let place = s.len() - left.len();
            let chips: f64 = left.iter().map(|&j| s[j]).sum();
            for k in 0..left.len() {
                let j = left.remove(k);
                let pj = p * s[j] / chips;
                eq[j] += pj * prizes.get(place).copied().unwrap_or(0) as f64;
                walk(left, s, prizes, pj, eq);
                left.insert(k, j);
            }
        }
        let s: Vec<f64> = stacks.iter().map(|&c| c as f64).collect();
        let mut eq = vec![0.0; s.len()];
        walk(&mut (0..s.len()).collect(), &s, prizes, 1.0, &mut eq);
        eq
    }

    fn close(a: &[f64], b: &[f64], tolerance: f64) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tolerance)
    }

    #[test]
    fn heads_up_equity_is_the_chip_share_of_the_difference_plus_second_prize() {
        let eq = equities(&chips(&[3_000, 1_000]), &money(&[100, 50])).expect("valid");
        assert!(close(&eq, &[87.5, 62.5], 1e-9), "{eq:?}");
    }

    #[test]
    fn three_handed_equities_match_the_textbook_numbers() {
        // 50/30/20 chips for prizes 5000/3000/2000: 3839.29, 3275.00, 2885.71 by hand.
        let eq = equities(&chips(&[50, 30, 20]), &money(&[5_000, 3_000, 2_000])).expect("ok");
        let want = brute_force(&[50, 30, 20], &[5_000, 3_000, 2_000]);
        assert!(close(&eq, &want, 1e-9), "{eq:?} vs {want:?}");
        assert!(
            close(&eq, &[3_839.285_7, 3_275.0, 2_885.714_3], 1e-3),
            "{eq:?}"
        );
    }

    #[test]
    fn twenty_equal_stacks_with_everyone_paid_get_the_average_prize_each() {
        let prizes: Vec<Money> = (1..=20).map(|p| Money(21_000 - 1_000 * p)).collect();
        let eq = equities(&[Chips(10_000); 20], &prizes).expect("valid");
        let average = prizes.iter().sum::<Money>().0 as f64 / 20.0;
        assert!(eq.iter().all(|e| (e - average).abs() < 1e-6), "{eq:?}");
    }

    #[test]
    fn icm_refuses_too_many_players_more_prizes_than_players_and_empty_stacks() {
        assert!(equities(&[Chips(1); 21], &[Money(1)]).is_err());
        assert!(equities(&chips(&[1, 2]), &money(&[3, 2, 1])).is_err());
        assert!(equities(&chips(&[1, 0]), &money(&[3, 2])).is_err());
        assert!(equities(&chips(&[1, 2]), &money(&[3, -2])).is_err());
        assert!(equities(&[], &[]).is_err());
    }

    #[test]
    fn rounding_to_money_settles_float_error_without_moving_a_minor_unit() {
        let shares = [333.333_333_4, 333.333_333_4, 333.333_333_4];
        let paid = round_to_money(&shares, Money(1_000), Money(1), 0).expect("valid");
        assert_eq!(paid, money(&[334, 333, 333]));
        let paid = round_to_money(&shares, Money(1_003), Money(5), 2).expect("valid");
        assert_eq!(paid, money(&[335, 335, 333]));
        assert!(round_to_money(&[f64::NAN], Money(1), Money(1), 0).is_err());
    }

    proptest! {
        /// Against every finishing order, for fields of up to 6.
        #[test]
        fn icm_agrees_with_a_brute_force_over_all_finishing_orders(
            stacks in proptest::collection::vec(1u64..10_000_000, 1..=6),
            prizes in proptest::collection::vec(0i64..1_000_000, 0..=6),
        ) {
            let mut prizes = prizes;
            prizes.truncate(stacks.len());
            prizes.sort_unstable_by(|a, b| b.cmp(a));
            let eq = equities(&chips(&stacks), &money(&prizes)).expect("valid");
            let want = brute_force(&stacks, &prizes);
            prop_assert!(close(&eq, &want, 1e-6), "{:?} vs {:?}", eq, want);
        }

        /// The equities share out exactly the prizes, and in money to the minor unit.
        #[test]
        fn icm_equities_sum_to_the_prizes_and_round_to_exactly_the_prizes(
            stacks in proptest::collection::vec(1u64..1_000_000_000, 1..=12),
            prizes in proptest::collection::vec(0i64..100_000_000, 0..=12),
            unit in prop_oneof![Just(1i64), Just(5), Just(100), 1i64..1_000],
            pick in 0usize..12,
        ) {
            let mut prizes = prizes;
            prizes.truncate(stacks.len());
            prizes.sort_unstable_by(|a, b| b.cmp(a));
            let total: i64 = prizes.iter().sum();
            let eq = equities(&chips(&stacks), &money(&prizes)).expect("valid");
            let sum: f64 = eq.iter().sum();
            prop_assert!((sum - total as f64).abs() <= 1e-9 * (total as f64).max(1.0));
            let to = pick % stacks.len();
            let paid = equities_in_money(&chips(&stacks), &money(&prizes), Money(unit), to)
                .expect("valid");
            prop_assert_eq!(paid.iter().sum::<Money>(), Money(total));
        }
    }
}
