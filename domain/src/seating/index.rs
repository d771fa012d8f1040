//! What is derived from the seats and kept beside them so that no draw or lookup costs
//! time in proportion to the field: who sits where, open seats bucketed by how many
//! players their table has (a Fenwick tree per bucket), the break order. Never
//! serialized: rebuilt from the tables when a snapshot is read.

use super::tables::{BreakOrder, MAX_SEATS};
use super::{PlayerId, SeatRef, Table, TableId};
use crate::shared::SharedMap;
use std::sync::Arc;

/// A table with an open seat has at most `MAX_SEATS - 1` players: one bucket per count.
const BUCKETS: usize = MAX_SEATS as usize;

/// Prefix sums over table positions, with "find the k-th unit" in O(log n).
#[derive(Debug, Clone, Default)]
struct Fenwick {
    /// 1-based; `tree[0]` is unused.
    tree: Vec<u32>,
}

impl Fenwick {
    fn build(weights: impl ExactSizeIterator<Item = u32>) -> Self {
        let n = weights.len();
        let mut tree = vec![0u32; n + 1];
        for (i, w) in (1..=n).zip(weights) {
            tree[i] += w;
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Fenwick { tree }
    }

    fn add(&mut self, pos: usize, w: u32) {
        let mut i = pos + 1;
        while i < self.tree.len() {
            self.tree[i] += w;
            i += i & i.wrapping_neg();
        }
    }

    fn sub(&mut self, pos: usize, w: u32) {
        let mut i = pos + 1;
        while i < self.tree.len() {
            self.tree[i] -= w;
            i += i & i.wrapping_neg();
        }
    }

    /// The position holding the `k`-th unit (0-based, `k` below the total) and `k`'s
    /// offset inside it.
    fn find(&self, mut k: u32) -> (usize, u32) {
        let n = self.tree.len().saturating_sub(1);
        let mut pos = 0;
        let mut step = if n == 0 { 0 } else { 1 << n.ilog2() };
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= k {
                pos = next;
                k -= self.tree[next];
            }
            step >>= 1;
        }
        (pos, k)
    }
}

/// Open seats per table (by position in the id-sorted table list), bucketed by the
/// table's player count, so "a random open seat at the tables with the fewest players"
/// is one bucket scan and one tree descent.
#[derive(Debug, Clone, Default)]
pub(super) struct OpenSeats {
    buckets: Vec<Fenwick>,
    totals: [u32; BUCKETS],
    /// How many tables have each number of players (0..=10), open seats or not.
    tables_with: [u32; BUCKETS + 1],
    /// (players, open seats) per table position, as last set.
    weight: Vec<(u8, u8)>,
}

impl OpenSeats {
    pub(super) fn build(weights: Vec<(u8, u8)>) -> Self {
        let mut totals = [0u32; BUCKETS];
        let mut tables_with = [0u32; BUCKETS + 1];
        for &(count, _) in &weights {
            tables_with[usize::from(count).min(BUCKETS)] += 1;
        }
        let buckets = (0..BUCKETS)
            .map(|b| {
                Fenwick::build(weights.iter().map(|&(count, open)| {
                    let w = if usize::from(count) == b {
                        u32::from(open)
                    } else {
                        0
                    };
                    totals[b] += w;
                    w
                }))
            })
            .collect();
        OpenSeats {
            buckets,
            totals,
            tables_with,
            weight: weights,
        }
    }

    /// Records that the table at `pos` now has `count` players and `open` open seats.
    pub(super) fn set(&mut self, pos: usize, count: u8, open: u8) {
        let (old_count, old_open) = self.weight[pos];
        self.tables_with[usize::from(old_count).min(BUCKETS)] -= 1;
        self.tables_with[usize::from(count).min(BUCKETS)] += 1;
        if old_open > 0 {
            let b = usize::from(old_count);
            self.buckets[b].sub(pos, u32::from(old_open));
            self.totals[b] -= u32::from(old_open);
        }
        if open > 0 {
            let b = usize::from(count).min(BUCKETS - 1);
            self.buckets[b].add(pos, u32::from(open));
            self.totals[b] += u32::from(open);
        }
        self.weight[pos] = (count, open);
    }

    pub(super) fn weight(&self, pos: usize) -> (u8, u8) {
        self.weight[pos]
    }

    /// (players, open seats) of every table, by position.
    pub(super) fn weights(&self) -> &[(u8, u8)] {
        &self.weight
    }

    /// The same without the table at `pos` (later tables move down one position).
    fn without(&self, pos: usize) -> Self {
        let mut weights = self.weight.clone();
        weights.remove(pos);
        OpenSeats::build(weights)
    }

    /// The open seats at the tables with the fewest players (among tables with one), as
    /// (bucket, how many); `None` when no seat is open.
    pub(super) fn fewest(&self) -> Option<(usize, u32)> {
        self.totals
            .iter()
            .enumerate()
            .find(|(_, t)| **t > 0)
            .map(|(b, t)| (b, *t))
    }

    /// The most players at any table.
    pub(super) fn most_players(&self) -> Option<u8> {
        let most = self.tables_with.iter().rposition(|n| *n > 0)?;
        u8::try_from(most).ok()
    }

    /// The fewest players at any table.
    pub(super) fn fewest_players(&self) -> Option<u8> {
        let fewest = self.tables_with.iter().position(|n| *n > 0)?;
        u8::try_from(fewest).ok()
    }

    /// The fewest players at a table with an open seat, leaving out the table at `skip`.
    pub(super) fn fewest_with_open_seat(&self, skip: Option<usize>) -> Option<u8> {
        let (skip_count, skip_open) = skip.map_or((0, 0), |pos| self.weight[pos]);
        let bucket = self.totals.iter().enumerate().position(|(b, total)| {
            let only_skipped = b == usize::from(skip_count) && *total == u32::from(skip_open);
            *total > 0 && !only_skipped
        })?;
        u8::try_from(bucket).ok()
    }

    /// The table position holding the `k`-th open seat of `bucket` (ordered by table
    /// position), and which of that table's open seats it is.
    pub(super) fn find(&self, bucket: usize, k: u32) -> (usize, u32) {
        self.buckets[bucket].find(k)
    }
}

/// Everything derived from the tables.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    pub(super) players: SharedMap<PlayerId, SeatRef>,
    pub(super) open: OpenSeats,
    /// The tables in break order: the first breaks first.
    pub(super) order: Vec<TableId>,
    /// Per table position: its place in `order`.
    pub(super) rank: Vec<u32>,
    /// Seats in play over all tables.
    pub(super) capacity: usize,
    /// The most seats at a table in play (RP-9 sizes the final table from it).
    pub(super) max_seats: u8,
    /// How many tables in play have each number of seats.
    seat_sizes: [u32; MAX_SEATS as usize + 1],
}

impl Index {
    pub(super) fn build(tables: &[Arc<Table>], break_order: &BreakOrder) -> Self {
        let mut players = SharedMap::new();
        for t in tables {
            for (seat, p) in t.players() {
                players.insert(p, SeatRef::new(t.id(), seat));
            }
        }
        let mut index = Index {
            players,
            ..Index::default()
        };
        index.retable(tables, break_order);
        index
    }

    /// After the table at `pos` (`removed`) left the tables: the same as [`Index::retable`], without reading every table again (a break at
    /// 1,000 tables would otherwise spend most of its time here).
    pub(super) fn remove_table(&mut self, pos: usize, removed: &Table) {
        let gone = self.rank.remove(pos);
        for r in &mut self.rank {
            if *r > gone {
                *r -= 1;
            }
        }
        self.order.retain(|id| *id != removed.id());
        self.open = self.open.without(pos);
        self.capacity -= usize::from(removed.capacity());
        self.seat_sizes[usize::from(removed.spec().seats)] -= 1;
        self.max_seats = self.largest_table();
    }

    fn largest_table(&self) -> u8 {
        let most = self.seat_sizes.iter().rposition(|n| *n > 0).unwrap_or(0);
        u8::try_from(most).unwrap_or(MAX_SEATS)
    }

    /// Whether this index is what [`Index::build`] makes of `tables` (for tests of the
    /// incremental updates).
    #[cfg(test)]
    pub(super) fn is_built_from(&self, tables: &[Arc<Table>], break_order: &BreakOrder) -> bool {
        let built = Index::build(tables, break_order);
        self.order == built.order
            && self.rank == built.rank
            && self.capacity == built.capacity
            && self.max_seats == built.max_seats
            && self.seat_sizes == built.seat_sizes
            && self.open.weights() == built.open.weights()
            && self.open.totals == built.open.totals
            && self.open.tables_with == built.open.tables_with
            && self.players == built.players
    }

    /// Recomputes what depends on the set of tables (after one is added or removed, or
    /// the break order changes). O(tables); player positions are keyed by table id and
    /// do not move.
    pub(super) fn retable(&mut self, tables: &[Arc<Table>], break_order: &BreakOrder) {
        self.open = OpenSeats::build(
            tables
                .iter()
                .map(|t| (t.player_count(), t.open_count()))
                .collect(),
        );
        self.order = break_order.arrange(tables.iter().map(|t| t.spec()));
        self.rank = vec![0; tables.len()];
        for (rank, id) in self.order.iter().enumerate() {
            if let Ok(pos) = tables.binary_search_by_key(id, |t| t.id()) {
                self.rank[pos] = u32::try_from(rank).unwrap_or(u32::MAX);
            }
        }
        self.capacity = tables.iter().map(|t| usize::from(t.capacity())).sum();
        self.seat_sizes = [0; MAX_SEATS as usize + 1];
        for t in tables {
            self.seat_sizes[usize::from(t.spec().seats.min(MAX_SEATS))] += 1;
        }
        self.max_seats = self.largest_table();
    }
}
