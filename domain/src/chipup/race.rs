//! The chip race (TDA Rule 24) as arithmetic: what a player colors up, how many larger
//! chips the leftovers are raced for, and what the race does to the chips in play. The
//! cards are dealt by the floor; Felt is told who won.

use super::ChipUpError;
use crate::structure::Chips;
use serde::{Deserialize, Serialize};

/// One player's color-up of a denomination that comes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exchange {
    /// Larger chips the player gets for their small ones.
    pub large: u64,
    /// Small chips left over (fewer than one larger chip's worth): these go to the race.
    pub leftover: u64,
}

/// Colors up `count` chips of value `small` into chips of value `large`, a multiple of it.
pub fn color_up(count: u64, small: Chips, large: Chips) -> Result<Exchange, ChipUpError> {
    let per_large = per_large(small, large)?;
    Ok(Exchange {
        large: count / per_large,
        leftover: count % per_large,
    })
}

/// How many `small` chips make one `large` chip.
fn per_large(small: Chips, large: Chips) -> Result<u64, ChipUpError> {
    if small.0 == 0 || large <= small || !large.0.is_multiple_of(small.0) {
        return Err(ChipUpError::InvalidRaceChips { small, large });
    }
    Ok(large.0 / small.0)
}

/// One player at the race, in dealing order (seat 1 first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RacePlayer {
    /// Small chips left after the player colored up what they could (see [`color_up`]);
    /// 0 when the player is not in the race.
    pub leftover: u64,
    /// Whether the player has any chips besides the leftovers. A player without is
    /// never raced out: losing, they get one chip of the lowest denomination in play.
    pub has_other_chips: bool,
}

/// A race: chips worth `small` come off and are raced for chips worth `large`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Race {
    pub small: Chips,
    pub large: Chips,
    /// The lowest denomination still in play after the color-up (see
    /// `ColorUp::lowest_in_play`): what a player raced out of their last chips gets.
    pub lowest_in_play: Chips,
    pub players: Vec<RacePlayer>,
}

/// What is raced for, before the cards are dealt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RacePlan {
    /// Small chips in the race: one card is dealt for each.
    pub leftover_chips: u64,
    /// What they are worth; they all come off the table.
    pub leftover_value: Chips,
    /// Larger chips to race for: the leftover value over the larger chip, rounded up when
    /// the remainder is at least half a larger chip. Never more than the players racing.
    pub chips_raced: u64,
    /// Indexes into [`Race::players`] of the players with leftovers, in dealing order.
    pub racing: Vec<usize>,
}

/// What one player gets from the race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaceResult {
    /// Won one larger chip.
    pub won: bool,
    /// Lost their last chips: the floor gives them one chip of the lowest denomination
    /// in play, so nobody is raced out of the tournament.
    pub gets_lowest_chip: bool,
}

/// What the race did, for the floor to act on and the chip count to be reconciled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaceOutcome {
    /// One per player of the race, in the same order.
    pub results: Vec<RaceResult>,
    /// The leftovers taken off the table.
    pub removed: Chips,
    /// The larger chips handed to the winners.
    pub awarded: Chips,
    /// The chips handed to players who lost their last chips.
    pub lowest_chips_given: Chips,
    /// Chips in play after the race less before: `awarded + lowest_chips_given - removed`.
    pub difference: i64,
}

impl RaceOutcome {
    /// The total of chips in play after the race, given the total before it.
    pub fn new_total(&self, before: Chips) -> Result<Chips, ChipUpError> {
        let after = i128::from(before.0) + i128::from(self.difference);
        u64::try_from(after)
            .map(Chips)
            .map_err(|_| ChipUpError::Overflow)
    }
}

impl Race {
    /// Checks the race and counts what is raced for.
    pub fn plan(&self) -> Result<RacePlan, ChipUpError> {
        let per_large = per_large(self.small, self.large)?;
        if self.lowest_in_play.0 == 0 {
            return Err(ChipUpError::ZeroDenomination);
        }
        let mut leftover_chips: u64 = 0;
        let mut racing = Vec::new();
        for (player, p) in self.players.iter().enumerate() {
            if p.leftover >= per_large {
                return Err(ChipUpError::LeftoverNotColoredUp {
                    player,
                    leftover: p.leftover,
                    per_large,
                });
            }
            if p.leftover > 0 {
                racing.push(player);
                leftover_chips = leftover_chips
                    .checked_add(p.leftover)
                    .ok_or(ChipUpError::Overflow)?;
            }
        }
        let value = leftover_chips
            .checked_mul(self.small.0)
            .ok_or(ChipUpError::Overflow)?;
        let (whole, rest) = (value / self.large.0, value % self.large.0);
        // Half a chip or more rounds up; `rest * 2` cannot overflow as rest < large.
        let round_up = u128::from(rest) * 2 >= u128::from(self.large.0);
        // Each racer holds less than one larger chip, so the count never exceeds them.
        let chips_raced = whole + u64::from(round_up);
        Ok(RacePlan {
            leftover_chips,
            leftover_value: Chips(value),
            chips_raced,
            racing,
        })
    }

    /// Settles the race once the floor has dealt it: `winners` are indexes into
    /// [`Race::players`], one per larger chip raced for, each at most once.
    pub fn settle(&self, winners: &[usize]) -> Result<RaceOutcome, ChipUpError> {
        let plan = self.plan()?;
        if u64::try_from(winners.len()).ok() != Some(plan.chips_raced) {
            return Err(ChipUpError::WrongNumberOfWinners {
                expected: plan.chips_raced,
                got: winners.len(),
            });
        }
        let mut won = vec![false; self.players.len()];
        for &player in winners {
            if self.players.get(player).is_none_or(|p| p.leftover == 0) {
                return Err(ChipUpError::NotInRace { player });
            }
            if std::mem::replace(&mut won[player], true) {
                return Err(ChipUpError::WinsAtMostOne { player });
            }
        }
        let results: Vec<RaceResult> = self
            .players
            .iter()
            .zip(&won)
            .map(|(p, &won)| RaceResult {
                won,
                gets_lowest_chip: p.leftover > 0 && !won && !p.has_other_chips,
            })
            .collect();
        let given = count(results.iter().filter(|r| r.gets_lowest_chip).count());
        let awarded = plan
            .chips_raced
            .checked_mul(self.large.0)
            .ok_or(ChipUpError::Overflow)?;
        let lowest_chips_given = given
            .checked_mul(self.lowest_in_play.0)
            .ok_or(ChipUpError::Overflow)?;
        let difference = i128::from(awarded) + i128::from(lowest_chips_given)
            - i128::from(plan.leftover_value.0);
        Ok(RaceOutcome {
            results,
            removed: plan.leftover_value,
            awarded: Chips(awarded),
            lowest_chips_given: Chips(lowest_chips_given),
            difference: i64::try_from(difference).map_err(|_| ChipUpError::Overflow)?,
        })
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).expect("a count of players fits in u64")
}
