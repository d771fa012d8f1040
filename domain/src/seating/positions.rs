//! Positions at a table relative to its button (Rule 11, flop games): who posts the big
//! blind next, and which open seat is the worst one for a player coming in. Seats run
//! clockwise in number order; the button moves one occupied seat per hand.

use super::{PlayerId, SeatNo};

/// A seat as the balancer sees it, possibly after moves it is only simulating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cell {
    Open,
    Reserved,
    /// Occupied; `None` is a player arriving whom the floor will name.
    Taken(Option<PlayerId>),
}

/// The seats clockwise from the one after `button` (the button's own seat last).
fn clockwise(cells: &[Cell], button: SeatNo) -> impl Iterator<Item = (SeatNo, Cell)> + '_ {
    let n = cells.len();
    let start = usize::from(button) % n.max(1);
    (0..n).map(move |i| {
        let idx = (start + i) % n;
        // At most 10 seats.
        ((idx + 1) as SeatNo, cells[idx])
    })
}

/// The players in the order they will post the big blind, the next one first. After the
/// button come the small blind (p1) and the big blind (p2) of the hand just dealt; the
/// next big blind is p3, then p4, and so on round to p1 and p2.
pub(super) fn big_blind_order(cells: &[Cell], button: SeatNo) -> Vec<(SeatNo, PlayerId)> {
    let mut order: Vec<(SeatNo, Option<PlayerId>)> = clockwise(cells, button)
        .filter_map(|(s, c)| match c {
            Cell::Taken(p) => Some((s, p)),
            _ => None,
        })
        .collect();
    if !order.is_empty() {
        let by = 2 % order.len();
        order.rotate_left(by);
    }
    order
        .into_iter()
        .filter_map(|(s, p)| p.map(|p| (s, p)))
        .collect()
}

/// The worst open seat for a newcomer: the one that posts the big blind soonest and never
/// the small blind. Open seats between the big blind and the next player post the big
/// blind on the next hand; each occupied seat further on is one hand later. Seats just
/// before the next button wait the longest; seats between the small and big blind would
/// post the small blind next, so they come last, only when nothing else is open.
pub(super) fn worst_open_seat(cells: &[Cell], button: SeatNo) -> Option<SeatNo> {
    let players = cells.iter().filter(|c| matches!(c, Cell::Taken(_))).count();
    let mut seen = 0usize;
    let mut best: Option<((u8, usize), SeatNo)> = None;
    for (seat, cell) in clockwise(cells, button) {
        match cell {
            Cell::Taken(_) => seen += 1,
            Cell::Reserved => {}
            Cell::Open => {
                let rank = if seen == 1 {
                    (2, 0)
                } else if seen == 0 || seen == players {
                    (1, 0)
                } else {
                    (0, seen)
                };
                if best.is_none_or(|(b, _)| rank < b) {
                    best = Some((rank, seat));
                }
            }
        }
    }
    best.map(|(_, seat)| seat)
}

/// The lowest-numbered open seat, for a table whose button is unknown.
pub(super) fn first_open_seat(cells: &[Cell]) -> Option<SeatNo> {
    cells
        .iter()
        .position(|c| *c == Cell::Open)
        // At most 10 seats.
        .map(|i| (i + 1) as SeatNo)
}
