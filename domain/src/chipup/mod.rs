//! Chip-up: the chip set (denominations and colours), which chips come off at a color-up
//! break, whether a structure can be played with the chips in play, and the arithmetic of
//! the chip race (TDA Rule 24). Pure counting: the floor deals the race cards, not Felt.
//!
//! - this file: [`ChipSet`], [`Denomination`], [`ChipUpError`].
//! - `plan`: a structure walked against a chip set ([`plan`], [`check`], [`ColorUp`]).
//! - `race`: one player's color-up ([`color_up`]) and the race ([`Race`]).

mod plan;
#[cfg(test)]
mod proptests;
mod race;
#[cfg(test)]
mod tests;

pub use plan::{check, in_play_at, plan, Amount, ChipPlan, ChipProblem, ColorUp, RaceStep};
pub use race::{color_up, Exchange, Race, RaceOutcome, RacePlan, RacePlayer, RaceResult};

use crate::error::DomainError;
use crate::structure::{Chips, MAX_TEXT};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Most denominations a chip set may have; real sets have five to eight.
pub const MAX_DENOMINATIONS: usize = 20;

/// One kind of chip: what it is worth and the colour the floor calls it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Denomination {
    pub value: Chips,
    pub colour: String,
}

impl Denomination {
    pub fn new(value: u64, colour: &str) -> Denomination {
        Denomination {
            value: Chips(value),
            colour: colour.to_string(),
        }
    }
}

/// The chips a tournament plays with, smallest first. Each denomination is a multiple of
/// the one below it, so any amount that is a multiple of the smallest chip in play can be
/// made from the chips in play, and every color-up is an exact exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "ChipSetSpec")]
pub struct ChipSet {
    denominations: Vec<Denomination>,
}

/// A chip set as written by a client, before its checks.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChipSetSpec {
    denominations: Vec<Denomination>,
}

impl TryFrom<ChipSetSpec> for ChipSet {
    type Error = ChipUpError;

    fn try_from(spec: ChipSetSpec) -> Result<ChipSet, ChipUpError> {
        ChipSet::new(spec.denominations)
    }
}

impl ChipSet {
    /// Checks and sorts the denominations (any order is accepted; kept smallest first).
    pub fn new(mut denominations: Vec<Denomination>) -> Result<ChipSet, ChipUpError> {
        if denominations.is_empty() {
            return Err(ChipUpError::EmptyChipSet);
        }
        if denominations.len() > MAX_DENOMINATIONS {
            return Err(ChipUpError::TooManyDenominations);
        }
        denominations.sort_by_key(|d| d.value);
        for d in &denominations {
            if d.value.0 == 0 {
                return Err(ChipUpError::ZeroDenomination);
            }
            let colour = d.colour.trim();
            if colour.is_empty() || colour.chars().count() > MAX_TEXT {
                return Err(ChipUpError::InvalidColour { value: d.value });
            }
        }
        for (i, pair) in denominations.windows(2).enumerate() {
            let (smaller, larger) = (&pair[0], &pair[1]);
            if smaller.value == larger.value {
                return Err(ChipUpError::DuplicateDenomination {
                    value: larger.value,
                });
            }
            if larger.value.0 % smaller.value.0 != 0 {
                return Err(ChipUpError::NotAMultiple {
                    smaller: smaller.value,
                    larger: larger.value,
                });
            }
            // Two chips the floor calls by the same colour cannot be told apart at a race.
            let colour = larger.colour.trim();
            if denominations[..=i]
                .iter()
                .any(|d| d.colour.trim().eq_ignore_ascii_case(colour))
            {
                return Err(ChipUpError::DuplicateColour {
                    colour: colour.to_string(),
                });
            }
        }
        Ok(ChipSet { denominations })
    }

    /// The common set Felt's built-in structures are made for: 100 black, 500 purple,
    /// 1,000 yellow, 5,000 orange, 25,000 grey.
    pub fn standard() -> ChipSet {
        ChipSet {
            denominations: vec![
                Denomination::new(100, "black"),
                Denomination::new(500, "purple"),
                Denomination::new(1_000, "yellow"),
                Denomination::new(5_000, "orange"),
                Denomination::new(25_000, "grey"),
            ],
        }
    }

    /// Smallest first; never empty.
    pub fn denominations(&self) -> &[Denomination] {
        &self.denominations
    }

    /// The denomination worth `value`, if the set has one.
    pub fn get(&self, value: Chips) -> Option<&Denomination> {
        self.denominations.iter().find(|d| d.value == value)
    }
}

/// Why a chip set or a race was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChipUpError {
    #[error("a chip set needs at least one denomination")]
    EmptyChipSet,
    #[error("a chip set has at most {MAX_DENOMINATIONS} denominations")]
    TooManyDenominations,
    #[error("a chip must be worth more than 0")]
    ZeroDenomination,
    #[error("the {} chip needs a colour of 1 to {MAX_TEXT} characters", value.0)]
    InvalidColour { value: Chips },
    #[error("the chip set has two {} chips", value.0)]
    DuplicateDenomination { value: Chips },
    #[error("the chip set has two {colour} chips")]
    DuplicateColour { colour: String },
    #[error("the {} chip is not a multiple of the {} chip", larger.0, smaller.0)]
    NotAMultiple { smaller: Chips, larger: Chips },
    #[error("a race is for a larger chip that is a multiple of the {} chip, not {}", small.0, large.0)]
    InvalidRaceChips { small: Chips, large: Chips },
    #[error("player {player} has {leftover} chips left over; {per_large} make a larger chip and must be colored up first")]
    LeftoverNotColoredUp {
        player: usize,
        leftover: u64,
        per_large: u64,
    },
    #[error("{expected} larger chips are raced for, but {got} winners were named")]
    WrongNumberOfWinners { expected: u64, got: usize },
    #[error("player {player} has no chips in the race")]
    NotInRace { player: usize },
    #[error("player {player} was named twice: a player wins at most one chip")]
    WinsAtMostOne { player: usize },
    #[error("the chip amounts are too large to count")]
    Overflow,
}

impl ChipUpError {
    /// A stable snake_case code for clients to match on.
    pub fn code(&self) -> &'static str {
        use ChipUpError as E;
        match self {
            E::EmptyChipSet => "empty_chip_set",
            E::TooManyDenominations => "too_many_denominations",
            E::ZeroDenomination => "zero_denomination",
            E::InvalidColour { .. } => "invalid_chip_colour",
            E::DuplicateDenomination { .. } => "duplicate_denomination",
            E::DuplicateColour { .. } => "duplicate_chip_colour",
            E::NotAMultiple { .. } => "denomination_not_a_multiple",
            E::InvalidRaceChips { .. } => "invalid_race_chips",
            E::LeftoverNotColoredUp { .. } => "leftover_not_colored_up",
            E::WrongNumberOfWinners { .. } => "wrong_number_of_race_winners",
            E::NotInRace { .. } => "not_in_race",
            E::WinsAtMostOne { .. } => "race_wins_at_most_one",
            E::Overflow => "chip_overflow",
        }
    }
}

/// For `decide`: a chip-up refusal is an invalid value (its message names the rule).
impl From<ChipUpError> for DomainError {
    fn from(e: ChipUpError) -> DomainError {
        DomainError::InvalidValue(e.to_string())
    }
}
