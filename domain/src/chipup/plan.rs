//! A structure walked against a chip set: what each color-up break takes off, and where
//! a blind or ante cannot be made from the chips in play. Levels are numbered as the
//! structure's own checks number them: position in the structure from 1, breaks counted.

use super::{ChipSet, Denomination};
use crate::structure::{AnteKind, Chips, Level, PlayLevel, Structure};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a break marked as a color-up takes off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColorUp {
    /// The break's position in the structure, from 1.
    pub level: usize,
    /// The denominations that come off, smallest first. Empty when none can: see the
    /// problems of [`check`].
    pub removed: Vec<Denomination>,
    /// The smallest chip still in play after the break: the removed chips are colored up
    /// into it, and a player raced out of their last chips gets one of these.
    pub lowest_in_play: Denomination,
}

/// One race of a color-up: chips `small` come off and are raced for `large` chips.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaceStep {
    pub small: Denomination,
    pub large: Denomination,
}

impl ColorUp {
    /// The races to run, in order. When several denominations come off at once, each is
    /// colored up and raced into the next larger one, smallest first, the last into
    /// [`ColorUp::lowest_in_play`]; a race never mixes two kinds of chip.
    pub fn steps(&self) -> Vec<RaceStep> {
        let larger = self
            .removed
            .iter()
            .skip(1)
            .chain(std::iter::once(&self.lowest_in_play));
        self.removed
            .iter()
            .zip(larger)
            .map(|(small, large)| RaceStep {
                small: small.clone(),
                large: large.clone(),
            })
            .collect()
    }
}

/// Which amount of a play level a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    SmallBlind,
    BigBlind,
    Ante,
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Amount::SmallBlind => "small blind",
            Amount::BigBlind => "big blind",
            Amount::Ante => "ante",
        })
    }
}

/// Something that makes a structure unplayable with a chip set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChipProblem {
    /// A blind or ante is not a multiple of the smallest chip in play at its level.
    CannotBeMade {
        level: usize,
        amount: Amount,
        value: Chips,
        smallest_in_play: Chips,
    },
    /// A color-up break with a single denomination left in play: nothing can come off.
    ColorUpRemovesNothing { level: usize },
    /// A color-up break too early: the smallest chip in play, the one a color-up takes
    /// off, is still needed at play level `needed_at`. Nothing comes off there.
    ColorUpRemovesNeeded {
        level: usize,
        denomination: Chips,
        needed_at: usize,
    },
}

impl ChipProblem {
    /// The structure position (from 1) the problem is at.
    pub fn level(&self) -> usize {
        match self {
            ChipProblem::CannotBeMade { level, .. }
            | ChipProblem::ColorUpRemovesNothing { level }
            | ChipProblem::ColorUpRemovesNeeded { level, .. } => *level,
        }
    }

    /// A stable snake_case code for clients to match on.
    pub fn code(&self) -> &'static str {
        match self {
            ChipProblem::CannotBeMade { .. } => "amount_not_makeable",
            ChipProblem::ColorUpRemovesNothing { .. } => "color_up_removes_nothing",
            ChipProblem::ColorUpRemovesNeeded { .. } => "color_up_removes_needed_chip",
        }
    }
}

impl fmt::Display for ChipProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChipProblem::CannotBeMade {
                level,
                amount,
                value,
                smallest_in_play,
            } => write!(
                f,
                "level {level}: the {amount} of {} cannot be made when the smallest chip in play is {}",
                value.0, smallest_in_play.0
            ),
            ChipProblem::ColorUpRemovesNothing { level } => write!(
                f,
                "level {level}: a color-up break with only one denomination left in play"
            ),
            ChipProblem::ColorUpRemovesNeeded {
                level,
                denomination,
                needed_at,
            } => write!(
                f,
                "level {level}: a color-up break takes off the {} chips, still needed at level {needed_at}",
                denomination.0
            ),
        }
    }
}

/// A structure walked against a chip set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChipPlan {
    /// One per break marked as a color-up, in structure order.
    pub color_ups: Vec<ColorUp>,
    /// Empty when the structure can be played with the chip set.
    pub problems: Vec<ChipProblem>,
}

/// Walks the structure with every denomination in play at the start. At a break marked
/// as a color-up, the smallest chips come off as long as every blind and ante of the
/// play levels after it is a multiple of the next larger chip still in play; the largest
/// chip never comes off.
pub fn plan(structure: &Structure, chips: &ChipSet) -> ChipPlan {
    let d = chips.denominations();
    let mut lowest = 0;
    let mut out = ChipPlan {
        color_ups: Vec::new(),
        problems: Vec::new(),
    };
    for (i, level) in structure.levels.iter().enumerate() {
        let n = i + 1;
        match level {
            Level::Play(p) => {
                let smallest = d[lowest].value;
                for (amount, value) in amounts(p) {
                    if value.0 % smallest.0 != 0 {
                        out.problems.push(ChipProblem::CannotBeMade {
                            level: n,
                            amount,
                            value,
                            smallest_in_play: smallest,
                        });
                    }
                }
            }
            Level::Break(b) if b.color_up => {
                let later = &structure.levels[n..];
                let first = lowest;
                while lowest + 1 < d.len() && first_needing(later, d[lowest + 1].value).is_none() {
                    lowest += 1;
                }
                if lowest == first {
                    out.problems.push(match d.get(lowest + 1) {
                        None => ChipProblem::ColorUpRemovesNothing { level: n },
                        Some(next) => ChipProblem::ColorUpRemovesNeeded {
                            level: n,
                            denomination: d[lowest].value,
                            // Some: the loop stopped because a later level needs it.
                            needed_at: first_needing(later, next.value).map_or(n, |k| n + k),
                        },
                    });
                }
                out.color_ups.push(ColorUp {
                    level: n,
                    removed: d[first..lowest].to_vec(),
                    lowest_in_play: d[lowest].clone(),
                });
            }
            Level::Break(_) => {}
        }
    }
    out
}

/// The problems of [`plan`]: empty when every blind and ante of every play level can be
/// made from the chips in play there, and every color-up break takes something off.
pub fn check(structure: &Structure, chips: &ChipSet) -> Vec<ChipProblem> {
    plan(structure, chips).problems
}

/// The denominations in play at the structure's level `index` (from 0), smallest first;
/// at a color-up break, what is in play once its chips are off. `None` past the end.
pub fn in_play_at<'a>(
    structure: &Structure,
    chips: &'a ChipSet,
    index: usize,
) -> Option<&'a [Denomination]> {
    if index >= structure.levels.len() {
        return None;
    }
    let plan = plan(structure, chips);
    let d = chips.denominations();
    let lowest = plan
        .color_ups
        .iter()
        .take_while(|c| c.level <= index + 1)
        .last()
        .and_then(|c| d.iter().position(|x| x.value == c.lowest_in_play.value))
        .unwrap_or(0);
    Some(&d[lowest..])
}

/// The blinds and ante a play level asks for; no ante when its kind is none.
fn amounts(p: &PlayLevel) -> impl Iterator<Item = (Amount, Chips)> {
    let ante = (p.ante_kind != AnteKind::None).then_some((Amount::Ante, p.ante));
    [
        Some((Amount::SmallBlind, p.small_blind)),
        Some((Amount::BigBlind, p.big_blind)),
        ante,
    ]
    .into_iter()
    .flatten()
}

/// Offset (from 1) into `later` of the first play level with an amount that is not a
/// multiple of `chip`: the first level that still needs something smaller.
fn first_needing(later: &[Level], chip: Chips) -> Option<usize> {
    later.iter().enumerate().find_map(|(k, level)| match level {
        Level::Play(p) if amounts(p).any(|(_, v)| v.0 % chip.0 != 0) => Some(k + 1),
        _ => None,
    })
}
