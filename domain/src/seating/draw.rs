//! The random seat draw (TDA Rules 7, 8, 10-B), replayable from a seed.
//!
//! The draw, so anyone can check it: list the open seats (not reserved, not taken) of the
//! tables with the fewest players among those with an open seat, in table-number order
//! then seat order; take the `k`-th, where `k` is a uniform choice below the list's
//! length. The generator is `rand_pcg::Pcg64` (value-stable) built by
//! `SeedableRng::seed_from_u64(seed)`; a uniform choice below `n` takes 32-bit outputs
//! and keeps the high half of `x * n`, rejecting the low half below `2^32 mod n`
//! (Lemire's method: unbiased). Drawing several seats uses one generator in sequence.

use super::index::OpenSeats;
use super::tables::{BreakOrder, TableSpec};
use super::{PlayerId, SeatRef, Seating, SeatingError};
use rand_pcg::rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use std::collections::BTreeSet;

/// The generator for a draw recorded with `seed`.
pub fn rng(seed: u64) -> Pcg64 {
    Pcg64::seed_from_u64(seed)
}

/// A uniform choice in `0..n`; `n` must not be 0.
pub fn below(rng: &mut impl Rng, n: u32) -> u32 {
    let reject_under = n.wrapping_neg() % n;
    loop {
        let m = u64::from(rng.next_u32()) * u64::from(n);
        // The low half is `m mod 2^32`.
        if (m as u32) >= reject_under {
            return (m >> 32) as u32;
        }
    }
}

/// Fisher-Yates with [`below`]; slices longer than `u32::MAX` are not drawn here.
pub fn shuffle<T>(rng: &mut impl Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = below(rng, u32::try_from(i + 1).unwrap_or(u32::MAX)) as usize;
        items.swap(i, j);
    }
}

/// The `off`-th seat (0-based, in seat order) of a table's open seats, skipping `taken`
/// and counting `freed` seats (of players treated as gone) as open.
fn nth_open(
    s: &Seating,
    pos: usize,
    mut off: u32,
    taken: &BTreeSet<SeatRef>,
    freed: &[SeatRef],
) -> Option<SeatRef> {
    let t = &s.tables[pos];
    for seat in 1..=t.spec().seats {
        let at = SeatRef::new(t.id(), seat);
        if !(t.is_open(seat) || freed.contains(&at)) || taken.contains(&at) {
            continue;
        }
        if off == 0 {
            return Some(at);
        }
        off -= 1;
    }
    None
}

fn pick(
    s: &Seating,
    open: &OpenSeats,
    taken: &BTreeSet<SeatRef>,
    freed: &[SeatRef],
    rng: &mut Pcg64,
) -> Option<SeatRef> {
    let (bucket, total) = open.fewest()?;
    let (pos, off) = open.find(bucket, below(rng, total));
    nth_open(s, pos, off, taken, freed)
}

/// Several seats drawn one after another from one generator, without changing the
/// seating: each draw sees the seats taken by the ones before it.
pub(super) struct Pool<'a> {
    seating: &'a Seating,
    /// Seats of players treated as gone: open to the draw though still occupied.
    freed: &'a [SeatRef],
    open: OpenSeats,
    taken: BTreeSet<SeatRef>,
    /// A table kept out of the draw until no other table has an open seat:
    /// (position, players, open seats).
    held: Option<(usize, u8, u8)>,
}

impl<'a> Pool<'a> {
    /// A draw over the open seats of `seating`, and the `freed` seats (distinct, occupied)
    /// of players treated as gone, as if they had left.
    pub(super) fn new(seating: &'a Seating, freed: &'a [SeatRef]) -> Self {
        let mut open = seating.index.open.clone();
        for seat in freed {
            if let Ok(pos) = seating.pos(seat.table) {
                let (count, open_seats) = open.weight(pos);
                open.set(pos, count.saturating_sub(1), open_seats + 1);
            }
        }
        Pool {
            seating,
            freed,
            open,
            taken: BTreeSet::new(),
            held: None,
        }
    }

    /// Leaves the table at `pos` out of the draw.
    pub(super) fn exclude(&mut self, pos: usize) {
        let (count, _) = self.open.weight(pos);
        self.open.set(pos, count, 0);
    }

    /// Leaves the table at `pos` out until the other tables are full.
    pub(super) fn hold(&mut self, pos: usize) {
        let (count, open) = self.open.weight(pos);
        self.held = Some((pos, count, open));
        self.open.set(pos, count, 0);
    }

    pub(super) fn draw(&mut self, rng: &mut Pcg64) -> Option<SeatRef> {
        if self.open.fewest().is_none() {
            if let Some((pos, count, open)) = self.held.take() {
                self.open.set(pos, count, open);
            }
        }
        let seat = pick(self.seating, &self.open, &self.taken, self.freed, rng)?;
        let pos = self.seating.pos(seat.table).ok()?;
        let (count, open) = self.open.weight(pos);
        self.open.set(pos, count + 1, open - 1);
        self.taken.insert(seat);
        Some(seat)
    }
}

impl Seating {
    /// The seat a new entry would draw with `seed` (Rule 8: late entries and re-entries
    /// draw like everyone else). Changes nothing.
    pub fn draw_seat(&self, player: PlayerId, seed: u64) -> Result<SeatRef, SeatingError> {
        if self.seat_of(player).is_some() {
            return Err(SeatingError::AlreadySeated(player));
        }
        pick(
            self,
            &self.index.open,
            &BTreeSet::new(),
            &[],
            &mut rng(seed),
        )
        .ok_or(SeatingError::NoOpenSeat)
    }

    /// Draws a seat for a new entry and seats them there.
    pub fn seat_new(&mut self, player: PlayerId, seed: u64) -> Result<SeatRef, SeatingError> {
        let seat = self.draw_seat(player, seed)?;
        self.place(player, seat)?;
        Ok(seat)
    }

    /// The seats a list of new entries would draw, in order, with one `seed` (the
    /// starting draw). Changes nothing; refuses the whole list if one cannot be seated.
    pub fn draw_seats(
        &self,
        players: &[PlayerId],
        seed: u64,
    ) -> Result<Vec<(PlayerId, SeatRef)>, SeatingError> {
        let mut rng = rng(seed);
        let mut pool = Pool::new(self, &[]);
        let mut seen = BTreeSet::new();
        players
            .iter()
            .map(|&p| {
                if self.seat_of(p).is_some() || !seen.insert(p) {
                    return Err(SeatingError::AlreadySeated(p));
                }
                let seat = pool.draw(&mut rng).ok_or(SeatingError::NoOpenSeat)?;
                Ok((p, seat))
            })
            .collect()
    }

    /// Draws and seats a list of new entries (the starting draw): tables fill evenly.
    pub fn seat_all(
        &mut self,
        players: &[PlayerId],
        seed: u64,
    ) -> Result<Vec<(PlayerId, SeatRef)>, SeatingError> {
        let drawn = self.draw_seats(players, seed)?;
        for (p, seat) in &drawn {
            self.place(*p, *seat)?;
        }
        Ok(drawn)
    }
}

/// Which tables of the venue's free `pool` to open for an expected field: the fewest
/// that seat it, taken from the end of the break order (the tables that would break
/// first stay free). At least one table.
pub fn tables_to_open(
    pool: &[TableSpec],
    expected_field: usize,
    order: &BreakOrder,
) -> Result<Vec<TableSpec>, SeatingError> {
    let by_id: std::collections::BTreeMap<_, _> = pool.iter().map(|s| (s.id, s)).collect();
    let mut chosen = Vec::new();
    let mut seats = 0usize;
    for id in order.arrange(pool).into_iter().rev() {
        if seats >= expected_field && !chosen.is_empty() {
            break;
        }
        if let Some(spec) = by_id.get(&id) {
            spec.validate()?;
            seats += usize::from(spec.capacity());
            chosen.push((*spec).clone());
        }
    }
    if seats < expected_field || chosen.is_empty() {
        return Err(SeatingError::NotEnoughSeats {
            players: expected_field,
            open: seats,
        });
    }
    Ok(chosen)
}
