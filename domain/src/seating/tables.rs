//! What a table is to the seating engine (number, seats, zone, seats out of play) and the
//! order in which tables break. Plain data; who sits where lives in `state`.

use super::{SeatNo, SeatingError, TableId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The fewest and the most seats a table may have.
pub const MIN_SEATS: u8 = 2;
pub const MAX_SEATS: u8 = 10;

/// A set of seat numbers (1..=10), kept as bits; serialized as a sorted list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = Vec<u8>))]
#[serde(into = "Vec<SeatNo>", try_from = "Vec<SeatNo>")]
pub struct SeatSet(u16);

impl SeatSet {
    pub fn new() -> Self {
        SeatSet(0)
    }

    pub fn contains(&self, seat: SeatNo) -> bool {
        seat <= MAX_SEATS && self.0 & (1 << seat) != 0
    }

    /// Adds a seat; seats outside 1..=10 are ignored (`TableSpec::validate` refuses them
    /// before they could matter).
    pub fn insert(&mut self, seat: SeatNo) {
        if (1..=MAX_SEATS).contains(&seat) {
            self.0 |= 1 << seat;
        }
    }

    pub fn remove(&mut self, seat: SeatNo) {
        if seat <= MAX_SEATS {
            self.0 &= !(1 << seat);
        }
    }

    pub fn len(&self) -> u8 {
        // At most 10 bits can be set.
        self.0.count_ones() as u8
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = SeatNo> + '_ {
        (1..=MAX_SEATS).filter(|s| self.contains(*s))
    }

    fn highest(&self) -> SeatNo {
        // The highest set bit's position; 0 when empty.
        (15 - self.0.leading_zeros().min(15)) as SeatNo
    }
}

impl<const N: usize> From<[SeatNo; N]> for SeatSet {
    fn from(seats: [SeatNo; N]) -> Self {
        let mut set = SeatSet::new();
        seats.into_iter().for_each(|s| set.insert(s));
        set
    }
}

impl From<SeatSet> for Vec<SeatNo> {
    fn from(set: SeatSet) -> Self {
        set.iter().collect()
    }
}

impl TryFrom<Vec<SeatNo>> for SeatSet {
    type Error = String;
    fn try_from(seats: Vec<SeatNo>) -> Result<Self, String> {
        let mut set = SeatSet::new();
        for seat in seats {
            if !(1..=MAX_SEATS).contains(&seat) {
                return Err(format!("seat {seat} is outside 1..={MAX_SEATS}"));
            }
            set.insert(seat);
        }
        Ok(set)
    }
}

/// A table as the venue describes it. `reserved` seats (special needs, Rule 9; a broken
/// chair) are never filled by the engine; the floor may still seat someone there by hand
/// after clearing the reservation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableSpec {
    pub id: TableId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub seats: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// A feature (TV) table: breaks last under the default break order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub feature: bool,
    #[serde(default, skip_serializing_if = "SeatSet::is_empty")]
    pub reserved: SeatSet,
}

impl TableSpec {
    /// A plain table with `seats` seats, none reserved.
    pub fn new(id: u32, seats: u8) -> Self {
        TableSpec {
            id: TableId(id),
            name: None,
            seats,
            zone: None,
            feature: false,
            reserved: SeatSet::new(),
        }
    }

    /// The seats in play: all seats but the reserved ones.
    pub fn capacity(&self) -> u8 {
        self.seats.saturating_sub(self.reserved.len())
    }

    pub fn validate(&self) -> Result<(), SeatingError> {
        if !(MIN_SEATS..=MAX_SEATS).contains(&self.seats) {
            return Err(SeatingError::InvalidTable(format!(
                "{} has {} seats; a table has {MIN_SEATS} to {MAX_SEATS}",
                self.id, self.seats
            )));
        }
        if self.reserved.highest() > self.seats {
            return Err(SeatingError::InvalidTable(format!(
                "{} reserves seat {}, beyond its {} seats",
                self.id,
                self.reserved.highest(),
                self.seats
            )));
        }
        Ok(())
    }
}

/// The posted order in which tables break (TDA: a house setting).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BreakOrder {
    /// Highest table number first, feature tables last.
    #[default]
    HighestFirst,
    /// These tables first, in this order; tables not listed break after them, highest
    /// number first, feature tables last.
    Posted(Vec<TableId>),
}

impl BreakOrder {
    /// The given tables in break order: the first one breaks first.
    pub fn arrange<'a>(&self, specs: impl IntoIterator<Item = &'a TableSpec>) -> Vec<TableId> {
        let posted: HashMap<TableId, usize> = match self {
            BreakOrder::HighestFirst => HashMap::new(),
            BreakOrder::Posted(ids) => ids.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
        };
        let mut keyed: Vec<_> = specs
            .into_iter()
            .map(|s| {
                let pos = posted.get(&s.id).copied().unwrap_or(usize::MAX);
                ((pos, s.feature, std::cmp::Reverse(s.id)), s.id)
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, id)| id).collect()
    }
}
