//! Money as whole minor units (cents, pence), and the one way Felt splits an amount: by
//! integer weights, each part rounded to a unit, the leftover to a named part, so the parts
//! always add up to exactly what was split. No floats here.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};

/// An amount of money in minor units of the tournament's currency (e.g. cents).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// The amount in minor units.
    pub fn minor(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Money {
    /// Minor units, as stored; formatting as a currency belongs to the pages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

fn invalid(message: String) -> DomainError {
    DomainError::InvalidValue(message)
}

/// Splits `total` by `weights` into parts that add up to exactly `total`.
///
/// Every part but one is a whole number of `unit`s: the whole units in `total` are shared
/// by the largest-remainder method (each part gets the units its exact share holds, and the
/// units left over go one each to the parts with the largest fractions, ties to the lower
/// index), so each part is within one unit of its exact share and equal weights never end
/// more than one unit apart. What is left below one unit goes to part `remainder_to`.
/// With non-increasing weights the parts are non-increasing, except that the named part
/// may gain up to one unit less a minor unit over the part before it.
pub fn split(
    total: Money,
    weights: &[u64],
    unit: Money,
    remainder_to: usize,
) -> Result<Vec<Money>, DomainError> {
    if total.is_negative() {
        return Err(invalid(format!("cannot split a negative amount ({total})")));
    }
    if unit.0 <= 0 {
        return Err(invalid(format!(
            "the rounding unit must be at least 1 minor unit, not {unit}"
        )));
    }
    if remainder_to >= weights.len() {
        return Err(invalid(format!(
            "the remainder goes to part {}, but there are only {} parts",
            remainder_to + 1,
            weights.len()
        )));
    }
    let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if weight_sum == 0 {
        return Err(invalid("cannot split by weights that are all zero".into()));
    }
    let units = total.0 / unit.0;
    let below_unit = total.0 % unit.0;
    let whole = units as u128; // total is not negative

    // Exact share of part i, in units: whole * w_i / weight_sum = floor + fraction.
    let mut parts: Vec<u128> = Vec::with_capacity(weights.len());
    let mut fractions: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let exact = whole * u128::from(w);
        parts.push(exact / weight_sum);
        fractions.push((exact % weight_sum, i));
    }
    let given: u128 = parts.iter().sum();
    let mut left = whole - given; // fewer than the number of parts
    fractions.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in &fractions {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }

    let mut out: Vec<Money> = parts
        .into_iter()
        // Each part is at most `units`, which came from an i64.
        .map(|p| Money(p as i64 * unit.0))
        .collect();
    out[remainder_to] += Money(below_unit);
    Ok(out)
}

/// Brings every part above `max` down to it and shares what came off among the others
/// by `weights` (split as [`split`] does, equally where their weights are all 0), again
/// until none is above. The total never changes and no part goes down except to `max`;
/// refused when the parts cannot all fit under `max`.
pub fn cap_parts(
    parts: &mut [Money],
    max: Money,
    weights: &[u64],
    unit: Money,
    remainder_to: usize,
) -> Result<(), DomainError> {
    let total: i128 = parts.iter().map(|p| i128::from(p.0)).sum();
    if total > i128::from(max.0) * parts.len() as i128 || weights.len() != parts.len() {
        return Err(invalid(format!(
            "{total} cannot be shared in {} parts of at most {max}",
            parts.len()
        )));
    }
    let mut capped = vec![false; parts.len()];
    loop {
        let mut excess = Money::ZERO;
        for (part, capped) in parts.iter_mut().zip(capped.iter_mut()) {
            if *part >= max {
                excess += *part - max;
                *part = max;
                *capped = true;
            }
        }
        // Every round caps at least one more part, and some part is still open while
        // there is excess, since all parts at `max` would hold the total.
        let open: Vec<usize> = (0..parts.len()).filter(|&i| !capped[i]).collect();
        if excess == Money::ZERO || open.is_empty() {
            return Ok(());
        }
        let mut w: Vec<u64> = open.iter().map(|&i| weights[i]).collect();
        if w.iter().all(|&x| x == 0) {
            w.fill(1);
        }
        let to = open.iter().position(|&i| i == remainder_to).unwrap_or(0);
        for (&i, extra) in open.iter().zip(split(excess, &w, unit, to)?) {
            parts[i] += extra;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn money_adds_subtracts_sums_and_shows_minor_units() {
        let a = Money(1_050) + Money(25) - Money(75);
        assert_eq!(a, Money(1_000));
        assert_eq!(
            [Money(1), Money(2), Money(3)].iter().sum::<Money>(),
            Money(6)
        );
        assert_eq!(a.to_string(), "1000");
        assert_eq!(serde_json::to_string(&a).expect("serializes"), "1000");
        let back: Money = serde_json::from_str("-7").expect("parses");
        assert_eq!(back, Money(-7));
    }

    #[test]
    fn a_split_rounds_to_the_unit_and_gives_what_is_left_below_it_to_the_named_part() {
        let parts = split(Money(100_007), &[50, 30, 20], Money(100), 0).expect("valid");
        assert_eq!(parts, vec![Money(50_007), Money(30_000), Money(20_000)]);
        let parts = split(Money(100_007), &[50, 30, 20], Money(100), 2).expect("valid");
        assert_eq!(parts, vec![Money(50_000), Money(30_000), Money(20_007)]);
    }

    #[test]
    fn leftover_units_go_to_the_largest_fractions_and_ties_to_the_better_place() {
        // 10 units in three equal shares: 3.33 each, the one spare unit to the first.
        let parts = split(Money(1_000), &[1, 1, 1], Money(100), 2).expect("valid");
        assert_eq!(parts, vec![Money(400), Money(300), Money(300)]);
        // 7 units at 50/30/20 = 3.5, 2.1, 1.4: the spare unit goes to the 0.5.
        let parts = split(Money(700), &[50, 30, 20], Money(100), 0).expect("valid");
        assert_eq!(parts, vec![Money(400), Money(200), Money(100)]);
    }

    #[test]
    fn a_split_refuses_a_negative_total_a_zero_unit_zero_weights_and_a_missing_part() {
        assert!(split(Money(-1), &[1], Money(1), 0).is_err());
        assert!(split(Money(10), &[1], Money(0), 0).is_err());
        assert!(split(Money(10), &[0, 0], Money(1), 0).is_err());
        assert!(split(Money(10), &[1, 1], Money(1), 2).is_err());
        assert!(split(Money(10), &[], Money(1), 0).is_err());
    }

    #[test]
    fn huge_amounts_and_weights_do_not_overflow() {
        let parts = split(Money(i64::MAX), &[u64::MAX, u64::MAX, 1], Money(1), 0).expect("valid");
        assert_eq!(parts.iter().sum::<Money>(), Money(i64::MAX));
    }

    #[test]
    fn capped_parts_give_their_excess_to_the_others_by_weight() {
        let mut parts = vec![Money(5_600), Money(2_200), Money(2_200)];
        cap_parts(&mut parts, Money(5_000), &[90, 5, 5], Money(100), 0).expect("fits");
        assert_eq!(parts, vec![Money(5_000), Money(2_500), Money(2_500)]);
        let mut too_much = vec![Money(10), Money(10)];
        assert!(cap_parts(&mut too_much, Money(9), &[1, 1], Money(1), 0).is_err());
    }

    proptest! {
        /// Capping keeps the total, leaves nothing above the cap and takes from no one else.
        #[test]
        fn capping_keeps_the_total_and_only_lowers_parts_above_the_cap(
            before in proptest::collection::vec(0i64..1_000_000, 1..12),
            weights in proptest::collection::vec(0u64..1_000, 12),
            unit in 1i64..500,
            pick in 0usize..12,
        ) {
            let n = before.len();
            let total: i64 = before.iter().sum();
            let max = Money((total + n as i64 - 1) / n as i64 + pick as i64 * 1_000);
            let mut parts: Vec<Money> = before.iter().map(|&p| Money(p)).collect();
            cap_parts(&mut parts, max, &weights[..n], Money(unit), pick % n).expect("fits");
            prop_assert_eq!(parts.iter().sum::<Money>(), Money(total));
            for (after, &was) in parts.iter().zip(&before) {
                prop_assert!(*after <= max && (after.0 >= was || *after == max));
            }
        }

        /// Not a minor unit is created or lost, every part but the named one is whole
        /// units, and each is within one unit of its exact share.
        #[test]
        fn a_split_adds_up_exactly_and_stays_within_a_unit_of_each_share(
            total in 0i64..10_000_000_000,
            weights in proptest::collection::vec(0u64..1_000_000, 1..40),
            unit in prop_oneof![Just(1i64), Just(5), Just(100), 1i64..10_000],
            pick in 0usize..40,
        ) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let to = pick % weights.len();
            let parts = split(Money(total), &weights, Money(unit), to).expect("valid");
            prop_assert_eq!(parts.iter().sum::<Money>(), Money(total));
            let wsum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
            let whole = u128::try_from(total / unit * unit).expect("not negative");
            for (i, part) in parts.iter().enumerate() {
                let mut p = part.0;
                if i == to { p -= total % unit; }
                prop_assert_eq!(p % unit, 0);
                let share = whole * u128::from(weights[i]);
                let p = u128::try_from(p).expect("not negative") * wsum;
                prop_assert!(p.abs_diff(share) < u128::try_from(unit).expect("positive") * wsum);
            }
        }

        /// Non-increasing weights give non-increasing parts when the leftover goes first.
        #[test]
        fn non_increasing_weights_give_non_increasing_parts(
            total in 0i64..1_000_000_000,
            mut weights in proptest::collection::vec(1u64..100_000, 1..30),
            unit in 1i64..500,
        ) {
            weights.sort_unstable_by(|a, b| b.cmp(a));
            let parts = split(Money(total), &weights, Money(unit), 0).expect("valid");
            prop_assert!(parts.windows(2).all(|w| w[0] >= w[1]));
        }
    }
}
