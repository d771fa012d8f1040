//! The seat draw: random among the open seats of the tables with the fewest players,
//! replayable from its seed, never into a reserved seat; and the starting tables.

use super::*;
use crate::seating::draw::{below, rng, shuffle};
use std::collections::{BTreeMap, BTreeSet};

/// The draw as the module documents it, written the slow and obvious way.
pub(super) fn reference_draw(s: &Seating, seed: u64) -> Option<SeatRef> {
    let fewest = s
        .tables()
        .iter()
        .filter(|t| t.open_count() > 0)
        .map(|t| t.player_count())
        .min()?;
    let seats: Vec<SeatRef> = s
        .tables()
        .iter()
        .filter(|t| t.open_count() > 0 && t.player_count() == fewest)
        .flat_map(|t| t.open_seats().map(|seat| SeatRef::new(t.id(), seat)))
        .collect();
    let k = below(&mut rng(seed), seats.len() as u32);
    Some(seats[k as usize])
}

#[test]
fn the_same_seed_draws_the_same_seat() {
    let s = filled(&[4, 3, 3, 4], 9);
    let seats: BTreeSet<SeatRef> = (0..50)
        .map(|seed| s.draw_seat(p(1), seed).expect("open"))
        .collect();
    assert!(seats.len() > 1, "different seeds draw different seats");
    for seed in 0..50 {
        assert_eq!(s.draw_seat(p(1), seed), s.draw_seat(p(1), seed));
    }
}

#[test]
fn a_new_entry_sits_at_a_table_with_the_fewest_players() {
    let s = filled(&[4, 3, 3, 4], 9);
    for seed in 0..200 {
        let seat = s.draw_seat(p(1), seed).expect("open");
        assert!(seat.table == t(2) || seat.table == t(3), "{seat}");
        assert_eq!(Some(seat), reference_draw(&s, seed));
    }
}

#[test]
fn every_open_seat_at_the_shortest_tables_is_drawn_about_as_often() {
    let s = filled(&[4, 3, 3, 4], 9);
    let mut hits: BTreeMap<SeatRef, u32> = BTreeMap::new();
    for seed in 0..12_000 {
        *hits
            .entry(s.draw_seat(p(1), seed).expect("open"))
            .or_default() += 1;
    }
    // 12 open seats at tables 2 and 3: about 1,000 each.
    assert_eq!(hits.len(), 12);
    assert!(hits.values().all(|n| (850..1150).contains(n)), "{hits:?}");
}

#[test]
fn the_draw_never_fills_a_reserved_seat() {
    let mut s = room(2, 6);
    for seat in [1, 3, 5] {
        s.set_reserved(at(1, seat), true).expect("empty seat");
    }
    for player in 1..=9 {
        s.seat_new(p(player), player * 7919).expect("open seat");
    }
    assert_eq!(s.seat_new(p(10), 1), Err(SeatingError::NoOpenSeat));
    let first = s.table(t(1)).expect("in play");
    assert!([1, 3, 5]
        .iter()
        .all(|seat| first.player_at(*seat).is_none()));
    assert_consistent(&s);
}

#[test]
fn the_starting_draw_fills_tables_evenly_and_replays_from_its_seed() {
    let players: Vec<PlayerId> = (1..=47).map(p).collect();
    let mut s = room(6, 9);
    let drawn = s.seat_all(&players, 2024).expect("room for all");
    let mut c = counts(&s);
    c.sort_unstable();
    assert_eq!(c, vec![7, 8, 8, 8, 8, 8]);
    assert_eq!(room(6, 9).draw_seats(&players, 2024), Ok(drawn));
    assert_consistent(&s);
}

#[test]
fn a_starting_draw_that_does_not_fit_or_repeats_a_player_changes_nothing() {
    let mut s = room(1, 6);
    let seven: Vec<PlayerId> = (1..=7).map(p).collect();
    assert_eq!(s.seat_all(&seven, 1), Err(SeatingError::NoOpenSeat));
    assert_eq!(
        s.seat_all(&[p(1), p(1)], 1),
        Err(SeatingError::AlreadySeated(p(1)))
    );
    assert_eq!(s.player_count(), 0);
}

#[test]
fn the_tables_opened_are_the_fewest_that_seat_the_field_and_break_last() {
    let pool: Vec<TableSpec> = (1..=20).map(|i| TableSpec::new(i, 9)).collect();
    let open = tables_to_open(&pool, 95, &BreakOrder::default()).expect("room");
    let ids: Vec<u32> = open.iter().map(|s| s.id.0).collect();
    assert_eq!(ids, (1..=11).collect::<Vec<_>>());
    let too_many = tables_to_open(&pool, 181, &BreakOrder::default());
    assert_eq!(
        too_many,
        Err(SeatingError::NotEnoughSeats {
            players: 181,
            open: 180
        })
    );
    assert_eq!(
        tables_to_open(&pool, 0, &BreakOrder::default()).map(|v| v.len()),
        Ok(1)
    );
}

#[test]
fn the_uniform_choice_and_shuffle_are_fixed_by_the_seed() {
    let mut a = rng(7);
    let mut b = rng(7);
    let xs: Vec<u32> = (0..100).map(|_| below(&mut a, 10)).collect();
    assert!(xs.iter().all(|x| *x < 10));
    assert_eq!(xs, (0..100).map(|_| below(&mut b, 10)).collect::<Vec<_>>());
    let mut v: Vec<u32> = (0..20).collect();
    shuffle(&mut rng(3), &mut v);
    let mut w: Vec<u32> = (0..20).collect();
    shuffle(&mut rng(3), &mut w);
    assert_eq!(v, w);
    assert_ne!(v, (0..20).collect::<Vec<_>>());
}
