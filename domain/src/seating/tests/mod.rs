//! Tests of the seating rules, one file per area; `props` holds the property tests over
//! random fields. Helpers here build rooms and check that the index agrees with the seats.

mod balance;
mod draw;
mod handforhand;
mod props;
mod rules;
mod steps;

use super::*;

pub(super) fn p(id: u64) -> PlayerId {
    PlayerId(id)
}

pub(super) fn t(id: u32) -> TableId {
    TableId(id)
}

pub(super) fn at(table: u32, seat: SeatNo) -> SeatRef {
    SeatRef::new(TableId(table), seat)
}

/// `n` empty tables numbered 1..=n with `seats` seats each, default break order.
pub(super) fn room(n: u32, seats: u8) -> Seating {
    let specs = (1..=n).map(|i| TableSpec::new(i, seats)).collect();
    Seating::new(specs, BreakOrder::default()).expect("valid tables")
}

/// A room where table `i` (1-based) holds `counts[i - 1]` players in seats 1.., with
/// player ids `table * 100 + seat`.
pub(super) fn filled(counts: &[u8], seats: u8) -> Seating {
    let mut s = room(counts.len() as u32, seats);
    for (i, n) in counts.iter().enumerate() {
        let table = i as u32 + 1;
        for seat in 1..=*n {
            s.place(p(u64::from(table) * 100 + u64::from(seat)), at(table, seat))
                .expect("open seat");
        }
    }
    s
}

pub(super) fn counts(s: &Seating) -> Vec<u8> {
    s.tables().iter().map(|t| t.player_count()).collect()
}

/// The index agrees with the seats: every seated player has exactly one seat, every seat
/// at most one player, reserved seats are empty, and counts add up.
pub(super) fn assert_consistent(s: &Seating) {
    let mut seen = std::collections::BTreeSet::new();
    let mut capacity = 0;
    for table in s.tables() {
        capacity += usize::from(table.capacity());
        let mut n = 0;
        for (seat, player) in table.players() {
            n += 1;
            assert!(seen.insert(player), "{player} sits twice");
            assert!(!table.is_reserved(seat), "{player} sits in reserved {seat}");
            assert_eq!(s.seat_of(player), Some(SeatRef::new(table.id(), seat)));
        }
        assert_eq!(table.player_count(), n, "count at {}", table.id());
        assert_eq!(table.open_seats().count(), usize::from(table.open_count()));
    }
    assert_eq!(
        s.player_count(),
        seen.len(),
        "the index lists a player with no seat"
    );
    assert_eq!(s.capacity(), capacity);
}

/// Within tolerance, the slow way: every table that can take a player and is not the
/// next to break has at most `tolerance` players fewer than the fullest table.
pub(super) fn reference_balanced(s: &Seating, settings: &BalanceSettings) -> bool {
    let tol = settings.tolerance_for(s.tables().len());
    let most = s
        .tables()
        .iter()
        .map(|t| t.player_count())
        .max()
        .unwrap_or(0);
    let next = s.next_to_break();
    s.tables()
        .iter()
        .filter(|t| Some(t.id()) != next && t.open_count() > 0)
        .all(|t| t.player_count() + tol >= most)
}
