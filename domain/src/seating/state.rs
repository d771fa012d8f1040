//! [`Seating`]: the tournament's tables in play and who sits where, with the changes made
//! by hand (seat a player at a given seat, remove, move, swap, reserve a seat, open or
//! release a table). Every method checks first and changes nothing when it refuses.

use super::index::Index;
use super::tables::{BreakOrder, TableSpec};
use super::{PlayerId, SeatNo, SeatRef, SeatingError, TableId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// One table in play and its seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    spec: TableSpec,
    /// `seats[i]` is seat `i + 1`.
    seats: Vec<Option<PlayerId>>,
    #[serde(skip)]
    count: u8,
}

impl Table {
    fn new(spec: TableSpec) -> Self {
        let seats = vec![None; usize::from(spec.seats)];
        Table {
            spec,
            seats,
            count: 0,
        }
    }

    pub fn spec(&self) -> &TableSpec {
        &self.spec
    }

    pub fn id(&self) -> TableId {
        self.spec.id
    }

    pub fn player_count(&self) -> u8 {
        self.count
    }

    /// Seats in play (not reserved).
    pub fn capacity(&self) -> u8 {
        self.spec.capacity()
    }

    pub fn open_count(&self) -> u8 {
        self.capacity() - self.count
    }

    pub fn player_at(&self, seat: SeatNo) -> Option<PlayerId> {
        self.seats
            .get(usize::from(seat).wrapping_sub(1))
            .copied()
            .flatten()
    }

    pub fn is_reserved(&self, seat: SeatNo) -> bool {
        self.spec.reserved.contains(seat)
    }

    /// A seat the engine may fill: it exists, is not reserved and is empty.
    pub fn is_open(&self, seat: SeatNo) -> bool {
        (1..=self.spec.seats).contains(&seat)
            && !self.is_reserved(seat)
            && self.player_at(seat).is_none()
    }

    /// The players seated, by seat number.
    pub fn players(&self) -> impl Iterator<Item = (SeatNo, PlayerId)> + '_ {
        (1..=self.spec.seats)
            .zip(&self.seats)
            .filter_map(|(s, p)| p.map(|p| (s, p)))
    }

    pub fn open_seats(&self) -> impl Iterator<Item = SeatNo> + '_ {
        (1..=self.spec.seats).filter(|s| self.is_open(*s))
    }
}

/// The tables a tournament has in play and who sits where. Serialized as the tables (with
/// their seats) and the break order; what is derived from them is rebuilt on load. A
/// clone shares each table (and the index's player map) until one side changes it.
#[derive(Debug, Clone, Default)]
pub struct Seating {
    /// Sorted by id.
    pub(super) tables: Vec<Arc<Table>>,
    pub(super) break_order: BreakOrder,
    pub(super) index: Index,
}

impl PartialEq for Seating {
    fn eq(&self, other: &Self) -> bool {
        self.tables == other.tables && self.break_order == other.break_order
    }
}

impl Eq for Seating {}

impl Seating {
    /// Empty tables, ready for the draw.
    pub fn new(tables: Vec<TableSpec>, break_order: BreakOrder) -> Result<Self, SeatingError> {
        Self::from_parts(tables.into_iter().map(Table::new).collect(), break_order)
    }

    /// Checks tables as read from a snapshot and derives the index.
    fn from_parts(mut tables: Vec<Table>, break_order: BreakOrder) -> Result<Self, SeatingError> {
        tables.sort_by_key(Table::id);
        if let Some(w) = tables.windows(2).find(|w| w[0].id() == w[1].id()) {
            return Err(SeatingError::TableExists(w[0].id()));
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in &mut tables {
            t.spec.validate()?;
            if t.seats.len() != usize::from(t.spec.seats) {
                return Err(SeatingError::InvalidTable(format!(
                    "{} lists {} seats for {}",
                    t.id(),
                    t.seats.len(),
                    t.spec.seats
                )));
            }
            for (seat, p) in t.players() {
                if t.is_reserved(seat) {
                    return Err(SeatingError::SeatReserved(SeatRef::new(t.id(), seat)));
                }
                if !seen.insert(p) {
                    return Err(SeatingError::AlreadySeated(p));
                }
            }
            // At most 10 seats.
            t.count = t.players().count() as u8;
        }
        let tables: Vec<Arc<Table>> = tables.into_iter().map(Arc::new).collect();
        let index = Index::build(&tables, &break_order);
        Ok(Seating {
            tables,
            break_order,
            index,
        })
    }

    pub fn tables(&self) -> &[Arc<Table>] {
        &self.tables
    }

    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.pos(id).ok().map(|p| &*self.tables[p])
    }

    pub(super) fn pos(&self, id: TableId) -> Result<usize, SeatingError> {
        self.tables
            .binary_search_by_key(&id, |t| t.id())
            .map_err(|_| SeatingError::NoSuchTable(id))
    }

    /// The table at `pos`, copied first if a clone of the seating shares it.
    fn table_mut(&mut self, pos: usize) -> &mut Table {
        Arc::make_mut(&mut self.tables[pos])
    }

    pub fn seat_of(&self, player: PlayerId) -> Option<SeatRef> {
        self.index.players.get(&player).copied()
    }

    pub fn player_at(&self, seat: SeatRef) -> Option<PlayerId> {
        self.table(seat.table).and_then(|t| t.player_at(seat.seat))
    }

    /// Every seated player with their seat, by player id.
    pub fn players(&self) -> impl Iterator<Item = (PlayerId, SeatRef)> + '_ {
        self.index.players.iter().map(|(p, s)| (*p, *s))
    }

    pub fn player_count(&self) -> usize {
        self.index.players.len()
    }

    /// Seats in play over all tables.
    pub fn capacity(&self) -> usize {
        self.index.capacity
    }

    pub fn break_order(&self) -> &BreakOrder {
        &self.break_order
    }

    /// The tables in play in break order: the first breaks first.
    pub fn tables_in_break_order(&self) -> &[TableId] {
        &self.index.order
    }

    /// The table that breaks next, while three or more tables are in play. With two, the
    /// next step is the final table (every seat redrawn), not a break.
    pub fn next_to_break(&self) -> Option<TableId> {
        (self.tables.len() >= 3)
            .then(|| self.index.order.first().copied())
            .flatten()
    }

    /// Opens a table (from the venue's pool) for this tournament.
    pub fn add_table(&mut self, spec: TableSpec) -> Result<(), SeatingError> {
        spec.validate()?;
        let at = match self.pos(spec.id) {
            Ok(_) => return Err(SeatingError::TableExists(spec.id)),
            Err(_) => self.tables.partition_point(|t| t.id() < spec.id),
        };
        self.tables.insert(at, Arc::new(Table::new(spec)));
        self.index.retable(&self.tables, &self.break_order);
        Ok(())
    }

    /// Gives an empty table back to the venue's pool.
    pub fn remove_table(&mut self, id: TableId) -> Result<TableSpec, SeatingError> {
        let pos = self.pos(id)?;
        if self.tables[pos].count > 0 {
            return Err(SeatingError::TableNotEmpty(id));
        }
        let table = self.tables.remove(pos);
        self.index.remove_table(pos, &table);
        Ok(Arc::unwrap_or_clone(table).spec)
    }

    pub fn set_break_order(&mut self, order: BreakOrder) {
        self.break_order = order;
        self.index.retable(&self.tables, &self.break_order);
    }

    /// Takes a seat out of play (or puts it back). An occupied seat cannot be reserved.
    pub fn set_reserved(&mut self, seat: SeatRef, reserved: bool) -> Result<(), SeatingError> {
        let pos = self.seat_pos(seat)?;
        if reserved && self.tables[pos].player_at(seat.seat).is_some() {
            return Err(SeatingError::SeatOccupied(seat));
        }
        let spec = &mut self.table_mut(pos).spec;
        let was = spec.reserved.contains(seat.seat);
        if reserved {
            spec.reserved.insert(seat.seat);
        } else {
            spec.reserved.remove(seat.seat);
        }
        if was != reserved {
            self.index.capacity = if reserved {
                self.index.capacity - 1
            } else {
                self.index.capacity + 1
            };
            self.refresh(pos);
        }
        Ok(())
    }

    /// Seats a player who has no seat at a given open seat (the floor's choice, or the
    /// result of a draw being applied).
    pub fn place(&mut self, player: PlayerId, seat: SeatRef) -> Result<(), SeatingError> {
        if self.seat_of(player).is_some() {
            return Err(SeatingError::AlreadySeated(player));
        }
        let pos = self.open_pos(seat)?;
        self.put(pos, seat, player);
        Ok(())
    }

    /// Takes a player out of their seat (busted, or left); returns the seat.
    pub fn remove(&mut self, player: PlayerId) -> Result<SeatRef, SeatingError> {
        let seat = self
            .seat_of(player)
            .ok_or(SeatingError::NotSeated(player))?;
        let pos = self.pos(seat.table)?;
        self.take(pos, seat);
        Ok(seat)
    }

    /// Moves a player to a given open seat; returns the seat they left.
    pub fn move_player(&mut self, player: PlayerId, to: SeatRef) -> Result<SeatRef, SeatingError> {
        let from = self
            .seat_of(player)
            .ok_or(SeatingError::NotSeated(player))?;
        let to_pos = self.open_pos(to)?;
        let from_pos = self.pos(from.table)?;
        self.take(from_pos, from);
        self.put(to_pos, to, player);
        Ok(from)
    }

    /// Two players trade seats.
    pub fn swap(&mut self, a: PlayerId, b: PlayerId) -> Result<(), SeatingError> {
        if a == b {
            return Err(SeatingError::SamePlayer);
        }
        let sa = self.seat_of(a).ok_or(SeatingError::NotSeated(a))?;
        let sb = self.seat_of(b).ok_or(SeatingError::NotSeated(b))?;
        let (pa, pb) = (self.pos(sa.table)?, self.pos(sb.table)?);
        self.table_mut(pa).seats[usize::from(sa.seat) - 1] = Some(b);
        self.table_mut(pb).seats[usize::from(sb.seat) - 1] = Some(a);
        self.index.players.insert(a, sb);
        self.index.players.insert(b, sa);
        Ok(())
    }

    /// The table position of an existing seat.
    fn seat_pos(&self, seat: SeatRef) -> Result<usize, SeatingError> {
        let pos = self.pos(seat.table)?;
        if !(1..=self.tables[pos].spec.seats).contains(&seat.seat) {
            return Err(SeatingError::NoSuchSeat {
                table: seat.table,
                seat: seat.seat,
            });
        }
        Ok(pos)
    }

    /// The table position of a seat the engine may fill, or why it may not.
    pub(super) fn open_pos(&self, seat: SeatRef) -> Result<usize, SeatingError> {
        let pos = self.seat_pos(seat)?;
        let t = &self.tables[pos];
        if t.player_at(seat.seat).is_some() {
            return Err(SeatingError::SeatOccupied(seat));
        }
        if t.is_reserved(seat.seat) {
            return Err(SeatingError::SeatReserved(seat));
        }
        Ok(pos)
    }

    /// Seats `player` at a checked open seat.
    pub(super) fn put(&mut self, pos: usize, seat: SeatRef, player: PlayerId) {
        let t = self.table_mut(pos);
        t.seats[usize::from(seat.seat) - 1] = Some(player);
        t.count += 1;
        self.index.players.insert(player, seat);
        self.refresh(pos);
    }

    /// Empties a checked occupied seat.
    pub(super) fn take(&mut self, pos: usize, seat: SeatRef) {
        if self.tables[pos].player_at(seat.seat).is_none() {
            return;
        }
        let t = self.table_mut(pos);
        if let Some(p) = t.seats[usize::from(seat.seat) - 1].take() {
            t.count -= 1;
            self.index.players.remove(&p);
            self.refresh(pos);
        }
    }

    fn refresh(&mut self, pos: usize) {
        let t = &self.tables[pos];
        self.index.open.set(pos, t.count, t.open_count());
    }
}

#[derive(Serialize)]
struct SeatingRef<'a> {
    #[serde(serialize_with = "tables_as_list")]
    tables: &'a [Arc<Table>],
    break_order: &'a BreakOrder,
}

fn tables_as_list<S: Serializer>(tables: &&[Arc<Table>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(tables.iter().map(|t| &**t))
}

#[derive(Deserialize)]
struct SeatingData {
    tables: Vec<Table>,
    #[serde(default)]
    break_order: BreakOrder,
}

impl Serialize for Seating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SeatingRef {
            tables: &self.tables,
            break_order: &self.break_order,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Seating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let data = SeatingData::deserialize(d)?;
        Seating::from_parts(data.tables, data.break_order).map_err(serde::de::Error::custom)
    }
}
