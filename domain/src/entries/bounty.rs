//! Who gets what when a bounty is collected (TDA.md, Bounties). Fixed: the eliminator
//! collects it all. Progressive knockout: a set share is paid, the rest goes onto the
//! eliminator's own bounty. Several eliminators split it equally and exactly: each part
//! by `money::split`, no minor unit created or lost.

use super::settings::FULL_BP;
use super::{BountyKind, BountyPayment, EntryError, EntryId};
use crate::money::{split, Money};

/// The payments of bounty `bounty` on `from`, collected by `eliminators` (at least one
/// when the bounty is above 0). Their `cash + added` adds up to exactly `bounty`.
pub(super) fn collect(
    kind: BountyKind,
    from: EntryId,
    bounty: Money,
    eliminators: &[EntryId],
) -> Result<Vec<BountyPayment>, EntryError> {
    if bounty == Money::ZERO {
        return Ok(Vec::new());
    }
    if eliminators.is_empty() {
        return Err(EntryError::EliminatorRequired(from));
    }
    let parts = split(bounty, &vec![1; eliminators.len()], Money(1), 0)?;
    let payments = eliminators
        .iter()
        .zip(parts)
        .map(|(&to, part)| {
            let cash = match kind {
                BountyKind::Progressive {
                    eliminator_share_bp,
                } => share(part, eliminator_share_bp),
                BountyKind::Fixed | BountyKind::None => part,
            };
            BountyPayment {
                from,
                to,
                cash,
                added: part - cash,
            }
        })
        .collect();
    Ok(payments)
}

/// `part * bp / 100%`, rounded down (the odd minor unit stays on the eliminator's head).
fn share(part: Money, bp: u32) -> Money {
    let exact = i128::from(part.0) * i128::from(bp.min(FULL_BP)) / i128::from(FULL_BP);
    // At most `part`, which is an i64.
    Money(i64::try_from(exact).unwrap_or(part.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: u32) -> EntryId {
        EntryId(n)
    }

    #[test]
    fn a_fixed_bounty_goes_whole_to_the_eliminator() {
        let p = collect(BountyKind::Fixed, e(1), Money(2_500), &[e(2)]).expect("valid");
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].to, p[0].cash, p[0].added),
            (e(2), Money(2_500), Money(0))
        );
    }

    #[test]
    fn a_progressive_bounty_pays_half_and_puts_half_on_the_eliminators_head() {
        let p = collect(BountyKind::progressive(), e(1), Money(2_501), &[e(2)]).expect("ok");
        assert_eq!((p[0].cash, p[0].added), (Money(1_250), Money(1_251)));
    }

    #[test]
    fn several_eliminators_split_a_bounty_exactly() {
        let p = collect(BountyKind::Fixed, e(1), Money(1_001), &[e(2), e(3), e(4)]).expect("valid");
        let cash: Vec<Money> = p.iter().map(|x| x.cash).collect();
        assert_eq!(cash, vec![Money(334), Money(334), Money(333)]);
        let p =
            collect(BountyKind::progressive(), e(1), Money(1_001), &[e(2), e(3)]).expect("valid");
        let total: Money = p.iter().map(|x| x.cash + x.added).sum();
        assert_eq!(total, Money(1_001));
    }

    #[test]
    fn a_bounty_without_an_eliminator_is_refused_and_no_bounty_needs_none() {
        let err = collect(BountyKind::Fixed, e(1), Money(5), &[]).expect_err("no eliminator");
        assert_eq!(err.code(), "eliminator_required");
        assert!(collect(BountyKind::Fixed, e(1), Money(0), &[])
            .expect("nothing to pay")
            .is_empty());
    }
}
