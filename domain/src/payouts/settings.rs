//! How one tournament pays: its plan (a copy, so editing the venue's plans never changes a
//! running tournament), the rounding unit and the place that gets what rounding leaves,
//! the currency, and optionally satellite seats. The house's choices, with defaults.

use super::{invalid, payouts, PayoutPlan, PrizePool, Satellite};
use crate::error::DomainError;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Largest rounding unit (10,000.00 in a two-decimal currency).
pub const MAX_UNIT: Money = Money(1_000_000);

/// The currency amounts are shown in; amounts themselves are always minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Currency {
    /// ISO 4217 code, e.g. `EUR`.
    pub code: String,
    /// Digits after the decimal point: 2 for EUR and USD, 0 for JPY.
    pub decimals: u8,
}

impl Default for Currency {
    fn default() -> Self {
        Currency {
            code: "EUR".into(),
            decimals: 2,
        }
    }
}

/// A satellite: places win seats of a fixed value to a bigger event, the rest in cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SatelliteSeats {
    pub seat_value: Money,
    /// Seats the house guarantees whatever the field (it covers the difference).
    #[serde(default)]
    pub guaranteed_seats: u32,
}

/// One tournament's payout settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PayoutSettings {
    /// The plan; absent means Felt's standard plan.
    pub plan: Option<PayoutPlan>,
    /// Every amount is a whole number of this many minor units (e.g. 500 pays in fives
    /// of a two-decimal currency).
    pub unit: Money,
    /// The place (1 = first) that gets what is left below one unit.
    pub remainder_place: u32,
    pub currency: Currency,
    /// Pay seats instead of the plan.
    pub satellite: Option<SatelliteSeats>,
}

impl Default for PayoutSettings {
    fn default() -> Self {
        PayoutSettings {
            plan: None,
            unit: Money(100),
            remainder_place: 1,
            currency: Currency::default(),
            satellite: None,
        }
    }
}

impl PayoutSettings {
    /// Checks the settings on their own; the error names the rule.
    pub fn validate(&self) -> Result<(), DomainError> {
        if let Some(plan) = &self.plan {
            plan.validate()?;
        }
        if self.unit.0 < 1 || self.unit > MAX_UNIT {
            return Err(invalid(format!(
                "the payout unit must be between 1 and {} minor units",
                MAX_UNIT.0
            )));
        }
        if self.remainder_place == 0 {
            return Err(invalid(
                "the place that gets the remainder counts from 1 (first place)".into(),
            ));
        }
        let code = &self.currency.code;
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid(format!(
                "the currency must be a three-letter ISO 4217 code such as EUR, not {code:?}"
            )));
        }
        if self.currency.decimals > 4 {
            return Err(invalid("a currency has at most 4 decimals".into()));
        }
        if let Some(seats) = &self.satellite {
            if seats.seat_value.0 <= 0 || seats.seat_value > crate::entries::MAX_AMOUNT {
                return Err(invalid("a satellite seat must be worth more than 0".into()));
            }
        }
        Ok(())
    }

    /// The plan in force.
    pub fn plan(&self) -> &PayoutPlan {
        self.plan.as_ref().unwrap_or_else(|| standard())
    }

    /// What each place gets, best first, for a field of `entries` and `pool`; adds up to
    /// exactly the pool. The remainder goes to the named place, or to the last place paid
    /// when fewer are paid.
    pub fn prizes(&self, entries: u32, pool: &PrizePool) -> Result<Vec<Money>, DomainError> {
        if entries == 0 {
            return Ok(Vec::new());
        }
        if let Some(seats) = &self.satellite {
            return Ok(Satellite::new(
                pool.pool,
                seats.seat_value,
                seats.guaranteed_seats,
                entries,
            )?
            .places());
        }
        let plan = self.plan();
        let paid = plan
            .row_for(entries)
            .map_or(1, |row| row.places().min(entries as usize));
        let remainder_to = (self.remainder_place as usize - 1).min(paid.saturating_sub(1));
        payouts(plan, entries, pool.pool, self.unit, remainder_to)
    }
}

/// The standard plan, built once (it is generated, and every answer uses it).
pub fn standard() -> &'static PayoutPlan {
    static PLAN: std::sync::OnceLock<PayoutPlan> = std::sync::OnceLock::new();
    PLAN.get_or_init(PayoutPlan::standard)
}
