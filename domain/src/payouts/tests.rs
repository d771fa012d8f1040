//! Payout plans, the standard plan's shape, payouts, guarantees and satellites.

use super::standard::band_end;
use super::*;
use proptest::prelude::*;

fn row(min: u32, max: Option<u32>, shares: &[u32]) -> PayoutRow {
    PayoutRow {
        min_entries: min,
        max_entries: max,
        shares_bp: shares.to_vec(),
    }
}

fn plan(rows: Vec<PayoutRow>) -> PayoutPlan {
    PayoutPlan {
        name: "test".into(),
        rows,
    }
}

fn error_of(result: Result<(), DomainError>) -> String {
    match result {
        Err(DomainError::InvalidValue(msg)) => msg,
        other => panic!("expected an invalid value, got {other:?}"),
    }
}

#[test]
fn a_row_that_adds_up_to_99_1_percent_is_refused_and_the_error_names_the_row() {
    let p = plan(vec![
        row(2, Some(10), &[5000, 3000, 2000]),
        row(11, None, &[5000, 3000, 1910]),
    ]);
    assert_eq!(
        error_of(p.validate()),
        "payout row 11+ entries: the shares add up to 99.10%, not 100.00%"
    );
}

#[test]
fn a_row_that_pays_a_lower_place_more_or_a_place_nothing_is_refused() {
    let rising = row(2, Some(10), &[5000, 2000, 3000]);
    assert_eq!(
        error_of(rising.validate()),
        "payout row 2-10 entries: place 3 gets more than place 2"
    );
    let nothing = row(2, Some(10), &[10_000, 0]);
    assert!(error_of(nothing.validate()).contains("place 2 gets 0%"));
}

#[test]
fn rows_must_follow_each_other_without_gap_or_overlap_and_only_the_last_is_open() {
    let gap = plan(vec![row(1, Some(10), &[10_000]), row(12, None, &[10_000])]);
    assert_eq!(
        error_of(gap.validate()),
        "payout row 12+ entries does not start right after row 1-10 entries"
    );
    let overlap = plan(vec![row(1, Some(10), &[10_000]), row(10, None, &[10_000])]);
    assert!(overlap.validate().is_err());
    let open = plan(vec![row(1, None, &[10_000]), row(11, None, &[10_000])]);
    assert!(error_of(open.validate()).contains("only the last row can be open-ended"));
    assert!(plan(vec![]).validate().is_err());
}

#[test]
fn the_standard_plan_is_valid_and_covers_every_field_from_one_entry_up() {
    let p = PayoutPlan::standard();
    p.validate().expect("the standard plan is valid");
    assert_eq!(p.rows.first().map(|r| r.min_entries), Some(1));
    assert_eq!(p.rows.last().and_then(|r| r.max_entries), None);
    assert!(p.row_for(25_000).is_some(), "a field past 10,000 is paid");
}

#[test]
fn the_standard_plan_pays_about_the_top_10_to_15_percent_of_fields_from_61_entries() {
    for r in PayoutPlan::standard()
        .rows
        .iter()
        .filter(|r| r.min_entries >= 61)
    {
        let max = r.max_entries.unwrap_or(10_000);
        let places = r.places() as f64;
        assert!(
            places / f64::from(r.min_entries) <= 0.16,
            "row {r} pays too many"
        );
        assert!(places / f64::from(max) >= 0.10, "row {r} pays too few");
    }
}

#[test]
fn the_standard_plan_gives_first_20_to_30_percent_of_large_fields() {
    for r in PayoutPlan::standard()
        .rows
        .iter()
        .filter(|r| r.min_entries >= 161)
    {
        let first = r.shares_bp[0];
        assert!(
            (2000..=3000).contains(&first),
            "row {r}: first gets {first} bp"
        );
    }
}

#[test]
fn the_smallest_standard_prize_is_at_least_one_and_a_half_buy_ins() {
    for r in PayoutPlan::standard()
        .rows
        .iter()
        .filter(|r| r.min_entries >= 11)
    {
        let last = u64::from(*r.shares_bp.last().expect("pays someone"));
        // share of a pool of min_entries buy-ins, in buy-ins: last / 10000 * min_entries
        assert!(last * u64::from(r.min_entries) >= 15_000, "row {r}");
    }
}

#[test]
fn the_standard_plan_pays_equal_prizes_within_each_band() {
    let p = PayoutPlan::standard();
    let r = p.row_for(9_000).expect("covered");
    let mut start = 10;
    while start as usize <= r.places() {
        let end = band_end(start) as usize;
        let band = &r.shares_bp[start as usize - 1..end];
        assert!(band.iter().all(|&bp| bp == band[0]), "band from {start}");
        start = end as u32 + 1;
    }
}

#[test]
fn payouts_round_to_the_unit_and_give_the_remainder_to_the_named_place() {
    let p = plan(vec![row(2, Some(10), &[5000, 3000, 2000])]);
    let paid = payouts(&p, 8, Money(1_234_567), Money(100), 0).expect("valid");
    assert_eq!(paid, vec![Money(617_367), Money(370_300), Money(246_900)]);
    let paid = payouts(&p, 8, Money(1_234_567), Money(100), 2).expect("valid");
    assert_eq!(paid, vec![Money(617_300), Money(370_300), Money(246_967)]);
}

#[test]
fn with_fewer_entries_than_places_only_the_entries_are_paid_and_the_pool_is_all_paid() {
    let p = plan(vec![row(1, Some(10), &[5000, 3000, 2000])]);
    let paid = payouts(&p, 2, Money(10_000), Money(5), 0).expect("valid");
    assert_eq!(paid, vec![Money(6_250), Money(3_750)]);
    assert!(payouts(&p, 2, Money(10_000), Money(5), 2).is_err());
}

#[test]
fn payouts_are_refused_for_no_entries_or_a_field_the_plan_does_not_cover() {
    let p = plan(vec![row(2, Some(10), &[10_000])]);
    assert!(payouts(&p, 0, Money(0), Money(1), 0).is_err());
    assert!(payouts(&p, 1, Money(100), Money(1), 0).is_err());
    assert!(payouts(&p, 11, Money(100), Money(1), 0).is_err());
}

#[test]
fn a_guarantee_raises_the_pool_and_shows_the_overlay_until_the_field_covers_it() {
    let short = PrizePool::with_guarantee(Money(700_000), Money(1_000_000));
    assert_eq!(
        (short.pool, short.overlay),
        (Money(1_000_000), Money(300_000))
    );
    let covered = PrizePool::with_guarantee(Money(1_200_000), Money(1_000_000));
    assert_eq!(
        (covered.pool, covered.overlay),
        (Money(1_200_000), Money::ZERO)
    );
}

#[test]
fn a_satellite_pays_whole_seats_and_the_rest_in_cash_to_the_next_place() {
    let s = Satellite::new(Money(575_000), Money(100_000), 0, 60).expect("valid");
    assert_eq!(
        (s.seats, s.cash, s.overlay),
        (5, Money(75_000), Money::ZERO)
    );
    assert_eq!(s.places().len(), 6);
    assert_eq!(s.places().iter().sum::<Money>(), Money(575_000));
}

#[test]
fn a_satellite_with_guaranteed_seats_adds_the_overlay_and_never_seats_more_than_entered() {
    let s = Satellite::new(Money(250_000), Money(100_000), 4, 30).expect("valid");
    assert_eq!(
        (s.seats, s.cash, s.overlay),
        (4, Money::ZERO, Money(150_000))
    );
    let few = Satellite::new(Money(330_000), Money(100_000), 0, 3).expect("valid");
    assert_eq!(
        few.places(),
        vec![Money(130_000), Money(100_000), Money(100_000)]
    );
    assert!(Satellite::new(Money(100), Money(0), 0, 3).is_err());
}

proptest! {
    /// Whatever the field, pool and rounding, the standard plan's payouts add up to the
    /// pool exactly and never rise by place.
    #[test]
    fn payouts_always_sum_exactly_to_the_pool_and_never_rise_by_place(
        entries in 1u32..=10_000,
        pool in 0i64..100_000_000_000,
        unit in prop_oneof![Just(1i64), Just(5), Just(100), Just(500), 1i64..1_000],
    ) {
        let plan = PayoutPlan::standard();
        let paid = payouts(&plan, entries, Money(pool), Money(unit), 0).expect("covered");
        prop_assert_eq!(paid.iter().sum::<Money>(), Money(pool));
        prop_assert!(paid.windows(2).all(|w| w[0] >= w[1]));
        prop_assert!(paid.len() <= entries as usize);
    }

    /// With the remainder to any paid place the sum is still exact.
    #[test]
    fn payouts_sum_exactly_to_the_pool_wherever_the_remainder_goes(
        entries in 1u32..=3_000,
        pool in 0i64..10_000_000_000,
        unit in 1i64..1_000,
        pick in 0usize..10_000,
    ) {
        let plan = PayoutPlan::standard();
        let places = plan.row_for(entries).expect("covered").places().min(entries as usize);
        let paid = payouts(&plan, entries, Money(pool), Money(unit), pick % places)
            .expect("covered");
        prop_assert_eq!(paid.iter().sum::<Money>(), Money(pool));
    }

    /// A satellite's places add up to its pool, which is what came in plus the overlay.
    #[test]
    fn a_satellite_pays_out_exactly_its_pool(
        collected in 0i64..100_000_000,
        seat in 1i64..5_000_000,
        guaranteed in 0u32..20,
        entries in 0u32..500,
    ) {
        let s = Satellite::new(Money(collected), Money(seat), guaranteed, entries)
            .expect("valid");
        prop_assert_eq!(s.places().iter().sum::<Money>(), s.pool);
        prop_assert_eq!(s.pool, Money(collected) + s.overlay);
        prop_assert!(s.seats <= entries);
    }
}
