//! The structure generator: levels and breaks from a starting stack, a target duration,
//! a level length and the chip set. Pure arithmetic; the chip plan of `chipup` judges
//! which chips each color-up break takes off and writes the break's note.
//!
//! The rule, so a director can predict it:
//! - the first big blind is about 1/100 of the starting stack (at least two of the
//!   smallest chip), rounded to the chip set;
//! - the blinds grow geometrically so that the level running at the target time has a
//!   big blind of about 1/15 of the average stack at a final table of 9 for the field
//!   (`starting_stack * field / 9 / 15`): around the target time the tournament is at a
//!   final table with 10-20 big blinds on average; about half as many levels again
//!   follow, in case it runs long;
//! - big blinds are "nice" numbers (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of
//!   ten) that are even multiples of the smallest chip in play, so the small blind is half
//!   the big blind; a big-blind ante equal to the big blind from the second level;
//! - a break after about 90 minutes of play; at a break, the smallest chip comes off when
//!   the next level's big blind is at least four of the next larger chip.

use super::{AnteKind, BreakLevel, Chips, Level, PlayLevel, Structure, MAX_TEXT};
use crate::chipup::{self, ChipSet};
use crate::error::DomainError;
use serde::Serialize;

/// Longest target duration accepted: three days of play.
pub const MAX_TARGET_MINUTES: u32 = 72 * 60;
/// Largest starting stack accepted; more is a typing mistake.
pub const MAX_STARTING_STACK: u64 = 1_000_000_000_000;
/// Largest field the generator plans for.
pub const MAX_FIELD: u32 = 100_000;
/// The field planned for when none is given: a typical night in a card room.
pub const DEFAULT_FIELD: u32 = 50;
/// Play between breaks, in minutes (rounded to whole levels).
pub const PLAY_BETWEEN_BREAKS: u32 = 90;
/// Most play levels generated.
pub const MAX_PLAY_LEVELS: usize = 200;
/// Big blinds in the average final-table stack at the target time.
const TARGET_BIG_BLINDS: f64 = 15.0;
/// Players at a final table.
const FINAL_TABLE: u32 = 9;

/// What to generate a structure from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSpec {
    pub name: String,
    pub starting_stack: Chips,
    /// When the tournament should be at its final table, in minutes from the start.
    pub target_minutes: u32,
    pub level_minutes: u32,
    pub break_minutes: u32,
    /// The field planned for (entries, re-entries counted).
    pub field: u32,
    pub chips: ChipSet,
}

/// A generated structure, with where it stands at the target time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Generated {
    pub structure: Structure,
    pub starting_stack: Chips,
    /// The structure position (from 1, breaks counted) of the level running at the target.
    pub target_level: usize,
    /// Its big blind.
    pub target_big_blind: Chips,
    /// The average stack at a final table of the field, in big blinds, at that level.
    pub target_average_big_blinds: u64,
}

/// Nice big blinds, in tenths: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten.
const MANTISSAS: [u64; 10] = [10, 12, 15, 20, 25, 30, 40, 50, 60, 80];

/// Generates a structure; refuses inputs no sensible structure can come from.
pub fn generate(spec: &GenerateSpec) -> Result<Generated, DomainError> {
    let bad = |m: &str| Err(DomainError::InvalidStructure(m.to_string()));
    let d = spec.chips.denominations();
    let smallest = d[0].value.0;
    let stack = spec.starting_stack.0;
    if spec.name.chars().count() > MAX_TEXT {
        return bad("the name is longer than 200 characters");
    }
    if stack > MAX_STARTING_STACK {
        return bad("the starting stack is larger than 1,000,000,000,000 chips");
    }
    if !stack.is_multiple_of(smallest) || stack < 20 * smallest {
        return bad(
            "the starting stack must be a multiple of the smallest chip and at least 20 of them",
        );
    }
    if spec.level_minutes == 0 || spec.level_minutes > 240 {
        return bad("levels must last between 1 and 240 minutes");
    }
    if spec.break_minutes == 0 || spec.break_minutes > 120 {
        return bad("breaks must last between 1 and 120 minutes");
    }
    if spec.target_minutes < 2 * spec.level_minutes || spec.target_minutes > MAX_TARGET_MINUTES {
        return bad("the target duration must be at least two levels and at most 72 hours");
    }
    if spec.field < 2 || spec.field > MAX_FIELD {
        return bad("the field must be between 2 and 100,000 players");
    }

    // The schedule: how many play levels start before the target, breaks counted.
    let break_every =
        ((PLAY_BETWEEN_BREAKS + spec.level_minutes / 2) / spec.level_minutes).max(1) as usize;
    let mut at_target = 0usize;
    let mut elapsed = 0u32;
    while elapsed < spec.target_minutes && at_target < MAX_PLAY_LEVELS {
        at_target += 1;
        elapsed += spec.level_minutes;
        if at_target.is_multiple_of(break_every) {
            elapsed += spec.break_minutes;
        }
    }
    let plays = (at_target + (at_target / 2).max(4)).min(MAX_PLAY_LEVELS);

    // Every chip of the field: no blind is ever worth more.
    let total = stack * u64::from(spec.field);
    let first = (stack / 100).max(2 * smallest) as f64;
    let average = total as f64 / f64::from(FINAL_TABLE.min(spec.field));
    let target = (average / TARGET_BIG_BLINDS).max(first);
    let steps = at_target.saturating_sub(1).max(1) as f64;
    let ratio = (target / first).powf(1.0 / steps).clamp(1.1, 2.0);

    let mut levels = Vec::new();
    let mut lowest = 0usize;
    let mut prev_bb = 0u64;
    let mut ideal = first;
    let mut target_level = 1;
    let mut target_big_blind = Chips(0);
    for i in 0..plays {
        let bb = round_blind(ideal, prev_bb, d[lowest].value.0);
        if bb > total && i > 0 {
            break;
        }
        let ante = i >= 1;
        levels.push(Level::Play(PlayLevel {
            small_blind: Chips(bb / 2),
            big_blind: Chips(bb),
            ante: Chips(if ante { bb } else { 0 }),
            ante_kind: if ante {
                AnteKind::BigBlind
            } else {
                AnteKind::None
            },
            duration_secs: spec.level_minutes * 60,
        }));
        if i < at_target {
            target_level = levels.len();
            target_big_blind = Chips(bb);
        }
        prev_bb = bb;
        // Capped: past every chip of the field the loop stops anyway.
        ideal = (ideal * ratio).min(2.0 * total as f64);
        if (i + 1).is_multiple_of(break_every) && i + 1 < plays {
            // The blinds after this break round to the next larger chip once they are
            // worth four of it; which chips actually come off is the chip plan's call.
            while lowest + 1 < d.len() && ideal >= 4.0 * d[lowest + 1].value.0 as f64 {
                lowest += 1;
            }
            levels.push(Level::Break(BreakLevel {
                duration_secs: spec.break_minutes * 60,
                note: None,
                color_up: false,
            }));
        }
    }
    if matches!(levels.last(), Some(Level::Break(_))) {
        levels.pop();
    }
    let name = match spec.name.trim() {
        "" => "Generated".to_string(),
        n => n.to_string(),
    };
    let mut structure = Structure { name, levels };
    mark_color_ups(&mut structure, &spec.chips);
    structure.validate()?;
    Ok(Generated {
        structure,
        starting_stack: spec.starting_stack,
        target_level,
        target_big_blind,
        target_average_big_blinds: (average / target_big_blind.0.max(1) as f64).round() as u64,
    })
}

/// Marks as a color-up each break, in order, at which the chip plan can take a chip off
/// with every later blind still makeable, and notes which chips come off there.
fn mark_color_ups(structure: &mut Structure, chips: &ChipSet) {
    for i in 0..structure.levels.len() {
        if !structure.levels[i].is_break() {
            continue;
        }
        set_color_up(structure, i, true);
        if !chipup::check(structure, chips).is_empty() {
            set_color_up(structure, i, false);
        }
    }
    for c in chipup::plan(structure, chips).color_ups {
        let names: Vec<String> = c
            .removed
            .iter()
            .map(|r| format!("{} ({})", r.value.0, r.colour))
            .collect();
        if let Some(Level::Break(b)) = structure.levels.get_mut(c.level - 1) {
            b.note = Some(format!("Color up the {} chips", names.join(", ")));
        }
    }
}

fn set_color_up(structure: &mut Structure, index: usize, on: bool) {
    if let Some(Level::Break(b)) = structure.levels.get_mut(index) {
        b.color_up = on;
    }
}

/// The big blind for an ideal value: the nice number nearest the ideal (by ratio) that is
/// an even multiple of the smallest chip in play and above the previous big blind; a
/// plain even multiple when no nice number is within a quarter of what is wanted.
fn round_blind(ideal: f64, prev: u64, unit: u64) -> u64 {
    let step = 2 * unit;
    let floor = prev + 1;
    let wanted = ideal.max(floor as f64);
    let plain = ((wanted / step as f64).round() as u64).max(1) * step;
    let plain = if plain < floor {
        floor.div_ceil(step) * step
    } else {
        plain
    };
    let off = |x: u64| (x as f64 / wanted).ln().abs();
    let mut best: Option<u64> = None;
    let mut power = 1u64;
    loop {
        for m in MANTISSAS {
            if !(m * power).is_multiple_of(10) {
                continue;
            }
            let v = m * power / 10;
            if v >= floor && v.is_multiple_of(step) && best.is_none_or(|b| off(v) < off(b)) {
                best = Some(v);
            }
        }
        // Past twice what is wanted, larger powers only get further away.
        if power as f64 > 2.0 * wanted || power > u64::MAX / 1000 {
            break;
        }
        power *= 10;
    }
    match best {
        Some(b) if off(b) <= 1.25f64.ln() => b,
        _ => plain,
    }
}

#[cfg(test)]
mod tests;
