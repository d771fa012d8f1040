//! Structures: the list of play levels and breaks a tournament's clock walks through,
//! the checks a structure must pass, the built-in structures a director starts from, and
//! (`generate`) a structure generated from a starting stack, a target time and the chips.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

mod generate;
pub use generate::{generate, GenerateSpec, Generated, DEFAULT_FIELD};

/// An amount of tournament chips.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = u64))]
#[serde(transparent)]
pub struct Chips(pub u64);

/// How the ante of a level is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnteKind {
    /// No ante at this level.
    #[default]
    None,
    /// Every player at the table posts the ante.
    PerPlayer,
    /// The big blind posts one ante for the whole table (big-blind ante).
    BigBlind,
}

/// A level of play: blinds, ante and how long it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlayLevel {
    pub small_blind: Chips,
    pub big_blind: Chips,
    #[serde(default)]
    pub ante: Chips,
    #[serde(default)]
    pub ante_kind: AnteKind,
    pub duration_secs: u32,
}

/// A break, optionally marked as a color-up (chips of the smallest denomination come off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BreakLevel {
    pub duration_secs: u32,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub color_up: bool,
}

/// One step of a structure: a play level or a break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Level {
    Play(PlayLevel),
    Break(BreakLevel),
}

impl Level {
    pub fn duration_ms(&self) -> i64 {
        i64::from(self.duration_secs()) * 1000
    }

    pub fn duration_secs(&self) -> u32 {
        match self {
            Level::Play(p) => p.duration_secs,
            Level::Break(b) => b.duration_secs,
        }
    }

    pub fn is_break(&self) -> bool {
        matches!(self, Level::Break(_))
    }
}

/// A named list of levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Structure {
    pub name: String,
    pub levels: Vec<Level>,
}

/// Longest level or break accepted: a day. Longer is a typing mistake.
pub const MAX_LEVEL_SECS: u32 = 24 * 60 * 60;
/// Most levels a structure may have.
pub const MAX_LEVELS: usize = 500;
/// Longest name or note, in characters.
pub const MAX_TEXT: usize = 200;

impl Structure {
    /// Checks what makes a structure unusable; returns an error naming the first problem.
    pub fn validate(&self) -> Result<(), DomainError> {
        let bad = |msg: String| Err(DomainError::InvalidStructure(msg));
        if self.name.chars().count() > MAX_TEXT {
            return bad(format!("the name is longer than {MAX_TEXT} characters"));
        }
        if self.levels.len() > MAX_LEVELS {
            return bad(format!("more than {MAX_LEVELS} levels"));
        }
        if !self.levels.iter().any(|l| !l.is_break()) {
            return bad("a structure needs at least one play level".into());
        }
        for (i, level) in self.levels.iter().enumerate() {
            let n = i + 1;
            let secs = level.duration_secs();
            if secs == 0 || secs > MAX_LEVEL_SECS {
                return bad(format!(
                    "level {n}: duration must be between 1 second and 24 hours"
                ));
            }
            match level {
                Level::Play(p) => {
                    if p.big_blind.0 == 0 {
                        return bad(format!("level {n}: the big blind must be more than 0"));
                    }
                    if p.small_blind > p.big_blind {
                        return bad(format!(
                            "level {n}: the small blind is larger than the big blind"
                        ));
                    }
                    if p.ante_kind == AnteKind::None && p.ante.0 != 0 {
                        return bad(format!("level {n}: an ante is set but its kind is none"));
                    }
                }
                Level::Break(b) => {
                    if b.note
                        .as_ref()
                        .is_some_and(|t| t.chars().count() > MAX_TEXT)
                    {
                        return bad(format!(
                            "level {n}: the note is longer than {MAX_TEXT} characters"
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// What a director should look at but may keep: antes above the big blind, blinds
    /// that go down from one play level to the next.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut previous: Option<&PlayLevel> = None;
        for (i, level) in self.levels.iter().enumerate() {
            let Level::Play(p) = level else { continue };
            if p.ante > p.big_blind {
                out.push(format!(
                    "level {}: the ante is larger than the big blind",
                    i + 1
                ));
            }
            if let Some(prev) = previous {
                if p.big_blind < prev.big_blind || p.small_blind < prev.small_blind {
                    out.push(format!("level {}: the blinds go down", i + 1));
                }
            }
            previous = Some(p);
        }
        out
    }

    /// Index of the last level; a validated structure has at least one.
    pub fn last_index(&self) -> usize {
        self.levels.len().saturating_sub(1)
    }
}

/// A built-in structure a director can start from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    pub id: &'static str,
    pub structure: Structure,
    /// The starting stack this structure was designed for.
    pub starting_stack: Chips,
}

/// Big blinds of the built-in progressions; small blind is half (rounded to the table).
const BLINDS: &[(u64, u64)] = &[
    (100, 100),
    (100, 200),
    (100, 300),
    (200, 400),
    (300, 600),
    (400, 800),
    (500, 1000),
    (600, 1200),
    (800, 1600),
    (1000, 2000),
    (1200, 2400),
    (1500, 3000),
    (2000, 4000),
    (2500, 5000),
    (3000, 6000),
    (4000, 8000),
    (5000, 10000),
    (6000, 12000),
    (8000, 16000),
    (10000, 20000),
    (15000, 30000),
    (20000, 40000),
    (25000, 50000),
    (30000, 60000),
    (40000, 80000),
    (50000, 100000),
];

/// The structures shipped with Felt: turbo, regular and deep stack.
pub fn templates() -> Vec<Template> {
    vec![
        Template {
            id: "turbo",
            structure: progression("Turbo", 10, 6, 10, 2, 0),
            starting_stack: Chips(20_000),
        },
        Template {
            id: "regular",
            structure: progression("Regular", 20, 4, 15, 1, 0),
            starting_stack: Chips(30_000),
        },
        Template {
            id: "deep_stack",
            structure: progression("Deep stack", 30, 4, 15, 2, 1),
            starting_stack: Chips(50_000),
        },
    ]
}

/// Finds a built-in structure by its id.
pub fn template(id: &str) -> Option<Template> {
    templates().into_iter().find(|t| t.id == id)
}

/// Builds a structure from [`BLINDS`]: `minutes` per level, a break of `break_minutes`
/// after every `break_every` levels, big-blind antes from level `ante_from` (0-based),
/// starting `skip` levels into the progression.
fn progression(
    name: &str,
    minutes: u32,
    break_every: usize,
    break_minutes: u32,
    ante_from: usize,
    skip: usize,
) -> Structure {
    let plays: Vec<PlayLevel> = BLINDS
        .iter()
        .skip(skip)
        .enumerate()
        .map(|(i, &(sb, bb))| PlayLevel {
            small_blind: Chips(sb),
            big_blind: Chips(bb),
            ante: Chips(if i >= ante_from { bb } else { 0 }),
            ante_kind: if i >= ante_from {
                AnteKind::BigBlind
            } else {
                AnteKind::None
            },
            duration_secs: minutes * 60,
        })
        .collect();
    let mut levels = Vec::new();
    let mut colored_up = false;
    for (i, play) in plays.iter().enumerate() {
        levels.push(Level::Play(play.clone()));
        if (i + 1) % break_every == 0 && i + 1 < plays.len() {
            // The 100 chips come off at the first break after which every blind and ante
            // is a multiple of 500.
            let rest_needs_100s = plays[i + 1..].iter().any(|p| {
                p.small_blind.0 % 500 != 0 || p.big_blind.0 % 500 != 0 || p.ante.0 % 500 != 0
            });
            let color_up = !colored_up && !rest_needs_100s;
            colored_up |= color_up;
            levels.push(Level::Break(BreakLevel {
                duration_secs: break_minutes * 60,
                note: color_up.then(|| "Color up the 100 chips".to_string()),
                color_up,
            }));
        }
    }
    Structure {
        name: name.to_string(),
        levels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn play(sb: u64, bb: u64, ante: u64) -> Level {
        Level::Play(PlayLevel {
            small_blind: Chips(sb),
            big_blind: Chips(bb),
            ante: Chips(ante),
            ante_kind: if ante > 0 {
                AnteKind::BigBlind
            } else {
                AnteKind::None
            },
            duration_secs: 600,
        })
    }

    #[test]
    fn every_builtin_structure_is_valid_and_has_no_warnings() {
        for t in templates() {
            assert_eq!(t.structure.validate(), Ok(()), "{}", t.id);
            assert!(t.structure.warnings().is_empty(), "{}", t.id);
            assert!(t.structure.levels.iter().any(Level::is_break), "{}", t.id);
            let color_ups = t
                .structure
                .levels
                .iter()
                .filter(|l| matches!(l, Level::Break(b) if b.color_up))
                .count();
            assert_eq!(color_ups, 1, "{} has one color-up", t.id);
        }
    }

    #[test]
    fn an_ante_above_the_big_blind_and_falling_blinds_are_flagged() {
        let s = Structure {
            name: "odd".into(),
            levels: vec![play(100, 200, 300), play(50, 100, 0)],
        };
        assert_eq!(s.validate(), Ok(()));
        let w = s.warnings();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("ante"));
        assert!(w[1].contains("go down"));
    }

    #[test]
    fn unusable_structures_are_refused() {
        let only_break = Structure {
            name: "x".into(),
            levels: vec![Level::Break(BreakLevel {
                duration_secs: 60,
                note: None,
                color_up: false,
            })],
        };
        assert!(only_break.validate().is_err());
        let zero = Structure {
            name: "x".into(),
            levels: vec![play(0, 0, 0)],
        };
        assert!(zero.validate().is_err());
        let inverted = Structure {
            name: "x".into(),
            levels: vec![play(300, 200, 0)],
        };
        assert!(inverted.validate().is_err());
        let mut long = play(100, 200, 0);
        if let Level::Play(p) = &mut long {
            p.duration_secs = 0;
        }
        assert!(Structure {
            name: "x".into(),
            levels: vec![long]
        }
        .validate()
        .is_err());
    }

    #[test]
    fn levels_read_and_write_the_documented_json() {
        let json = r#"{"kind":"play","small_blind":100,"big_blind":200,"ante":200,"ante_kind":"big_blind","duration_secs":1200}"#;
        let level: Level = serde_json::from_str(json).expect("valid level");
        assert_eq!(level, play(100, 200, 200).with_secs(1200));
        let brk: Level =
            serde_json::from_str(r#"{"kind":"break","duration_secs":600}"#).expect("valid break");
        assert!(brk.is_break());
        let unknown =
            r#"{"kind":"play","small_blind":1,"big_blind":2,"duration_secs":1,"blinds":3}"#;
        assert!(serde_json::from_str::<Level>(unknown).is_err());
    }

    impl Level {
        fn with_secs(mut self, secs: u32) -> Level {
            match &mut self {
                Level::Play(p) => p.duration_secs = secs,
                Level::Break(b) => b.duration_secs = secs,
            }
            self
        }
    }
}
