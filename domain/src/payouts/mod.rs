//! Prize pool and payouts: payout plans (shares per place by the size of the field) and
//! their checks, the amounts each place gets from a pool, guarantees and satellites.
//! Integer money only; every list of amounts adds up to exactly the pool it splits.

mod settings;
mod standard;
#[cfg(test)]
mod tests;

use crate::error::DomainError;
use crate::money::{split, Money};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use settings::{standard, Currency, PayoutSettings, SatelliteSeats, MAX_UNIT};

/// 100% in basis points: every row's shares add up to exactly this.
pub const FULL_BP: u32 = 10_000;
/// Most rows a plan may have.
pub const MAX_ROWS: usize = 200;
/// Most places one row may pay.
pub const MAX_PLACES: usize = 20_000;

/// One row of a payout plan: for a field of `min_entries` to `max_entries` entries, the
/// share of the pool each place gets, best place first, in basis points (1/100 of 1%).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayoutRow {
    pub min_entries: u32,
    /// `None`: this many entries and more (only the last row).
    pub max_entries: Option<u32>,
    pub shares_bp: Vec<u32>,
}

impl PayoutRow {
    pub fn places(&self) -> usize {
        self.shares_bp.len()
    }

    pub fn covers(&self, entries: u32) -> bool {
        entries >= self.min_entries && self.max_entries.is_none_or(|max| entries <= max)
    }

    /// Checks the row on its own: shares add up to exactly 100% and never rise by place.
    pub fn validate(&self) -> Result<(), DomainError> {
        let bad = |what: String| Err(invalid(format!("payout row {self}: {what}")));
        if self.min_entries == 0 {
            return bad("the smallest field must be at least 1 entry".into());
        }
        if self.max_entries.is_some_and(|max| max < self.min_entries) {
            return bad("the largest field is smaller than the smallest".into());
        }
        if self.shares_bp.is_empty() {
            return bad("pays no places".into());
        }
        if self.shares_bp.len() > MAX_PLACES {
            return bad(format!("pays more than {MAX_PLACES} places"));
        }
        if let Some(place) = self.shares_bp.iter().position(|&bp| bp == 0) {
            return bad(format!("place {} gets 0%", place + 1));
        }
        if let Some(i) = self.shares_bp.windows(2).position(|w| w[1] > w[0]) {
            return bad(format!("place {} gets more than place {}", i + 2, i + 1));
        }
        let sum: u64 = self.shares_bp.iter().map(|&bp| u64::from(bp)).sum();
        if sum != u64::from(FULL_BP) {
            return bad(format!(
                "the shares add up to {}, not 100.00%",
                Percent(sum)
            ));
        }
        Ok(())
    }
}

impl fmt::Display for PayoutRow {
    /// "2-10 entries", "5001+ entries".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max_entries {
            Some(max) => write!(f, "{}-{} entries", self.min_entries, max),
            None => write!(f, "{}+ entries", self.min_entries),
        }
    }
}

/// Basis points shown as a percentage with two decimals.
struct Percent(u64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
    }
}

/// A named payout plan: rows by size of field, in order, with no gaps or overlaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayoutPlan {
    pub name: String,
    pub rows: Vec<PayoutRow>,
}

impl PayoutPlan {
    /// The plan Felt ships: see [`standard::plan`] for how it is made.
    pub fn standard() -> PayoutPlan {
        standard::plan()
    }

    /// Checks every row and that the rows follow each other without gap or overlap;
    /// the error names the first row at fault.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.rows.is_empty() {
            return Err(invalid("a payout plan needs at least one row".into()));
        }
        if self.rows.len() > MAX_ROWS {
            return Err(invalid(format!(
                "a payout plan has at most {MAX_ROWS} rows"
            )));
        }
        for row in &self.rows {
            row.validate()?;
        }
        for pair in self.rows.windows(2) {
            let (row, next) = (&pair[0], &pair[1]);
            match row.max_entries {
                None => {
                    return Err(invalid(format!(
                        "payout row {row}: only the last row can be open-ended"
                    )))
                }
                Some(max) if max.checked_add(1) != Some(next.min_entries) => {
                    return Err(invalid(format!(
                        "payout row {next} does not start right after row {row}"
                    )))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The row for a field of `entries`, if the plan has one.
    pub fn row_for(&self, entries: u32) -> Option<&PayoutRow> {
        self.rows.iter().find(|row| row.covers(entries))
    }
}

fn invalid(message: String) -> DomainError {
    DomainError::InvalidValue(message)
}

/// The amount each place gets, best place first, from `pool` for a field of `entries`.
///
/// Pays the places of the plan's row for that field, or only the top `entries` places
/// when fewer have entered (their shares scaled up to the whole pool). Amounts are whole
/// `unit`s, the part of the pool below one unit goes to place index `remainder_to`
/// (0 = first), and they add up to exactly `pool`. Non-increasing by place when the
/// remainder goes to first place.
pub fn payouts(
    plan: &PayoutPlan,
    entries: u32,
    pool: Money,
    unit: Money,
    remainder_to: usize,
) -> Result<Vec<Money>, DomainError> {
    if entries == 0 {
        return Err(invalid("no entries, so no places to pay".into()));
    }
    let row = plan
        .row_for(entries)
        .ok_or_else(|| invalid(format!("the payout plan has no row for {entries} entries")))?;
    row.validate()?;
    let paid = row.places().min(entries as usize);
    if remainder_to >= paid {
        return Err(invalid(format!(
            "the remainder goes to place {}, but only {paid} places are paid",
            remainder_to + 1
        )));
    }
    let weights: Vec<u64> = row.shares_bp[..paid]
        .iter()
        .map(|&bp| u64::from(bp))
        .collect();
    split(pool, &weights, unit, remainder_to)
}

/// A prize pool after its guarantee: what players paid in, what the house adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrizePool {
    /// The prize parts of all entries, rebuys and add-ons.
    pub collected: Money,
    pub guarantee: Money,
    /// What is paid out: the larger of the two.
    pub pool: Money,
    /// What the house adds to reach the guarantee (0 once the field covers it).
    pub overlay: Money,
}

impl PrizePool {
    pub fn with_guarantee(collected: Money, guarantee: Money) -> PrizePool {
        let pool = collected.max(guarantee);
        PrizePool {
            collected,
            guarantee,
            pool,
            overlay: pool - collected,
        }
    }
}

/// A satellite's payouts: seats of a fixed value (to a bigger event), the rest in cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Satellite {
    pub entries: u32,
    pub seats: u32,
    pub seat_value: Money,
    /// What is left after the seats, paid in cash to the first player without a seat.
    pub cash: Money,
    pub pool: Money,
    /// What the house adds to cover the guaranteed seats.
    pub overlay: Money,
}

impl Satellite {
    /// Seats of `seat_value` from what was `collected`, at least `guaranteed_seats` of them
    /// (the house covers the difference) and never more than there are entries.
    pub fn new(
        collected: Money,
        seat_value: Money,
        guaranteed_seats: u32,
        entries: u32,
    ) -> Result<Satellite, DomainError> {
        if seat_value.0 <= 0 {
            return Err(invalid(format!(
                "a satellite seat must be worth more than 0, not {seat_value}"
            )));
        }
        if collected.is_negative() {
            return Err(invalid(format!(
                "the prize pool cannot be negative ({collected})"
            )));
        }
        let guaranteed = i64::from(guaranteed_seats.min(entries))
            .checked_mul(seat_value.0)
            .ok_or_else(|| invalid("the guaranteed seats are worth too much".into()))?;
        let pool = collected.max(Money(guaranteed));
        let seats = (pool.0 / seat_value.0).min(i64::from(entries));
        Ok(Satellite {
            entries,
            seats: u32::try_from(seats).unwrap_or(entries),
            seat_value,
            cash: Money(pool.0 - seats * seat_value.0),
            pool,
            overlay: pool - collected,
        })
    }

    /// The amount each place gets, best place first: the seats, then the cash as one more
    /// place (added to first place when every entry won a seat). Adds up to `pool`.
    pub fn places(&self) -> Vec<Money> {
        let mut places = vec![self.seat_value; self.seats as usize];
        if self.cash > Money::ZERO {
            match places.first_mut() {
                Some(first) if self.everyone_seated() => *first += self.cash,
                _ => places.push(self.cash),
            }
        }
        places
    }

    fn everyone_seated(&self) -> bool {
        self.seats >= self.entries
    }
}
