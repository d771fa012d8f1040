//! Points formulas, and how tied finishes share them: the places a tie covers pool their
//! points and the tied players split the pool to the hundredth, so a tie never creates
//! or loses points. No floats except inside the square-root formula, rounded per place.

use super::{Award, Points, TournamentResult};
use crate::entries::Places;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a league scores one finish. Configured in whole points; scored in hundredths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointsFormula {
    /// Points by place, first place first; 0 for places beyond the list.
    FixedPerPlace(Vec<u32>),
    /// The same points for everyone who played.
    Participation { points: u32 },
    /// `factor * sqrt(entries) / sqrt(place)`, rounded to a hundredth (half away from
    /// zero): with factor 10, the winner of 100 entries gets 100.00 and 4th gets 50.00.
    SqrtEntriesOverPlace { factor: u32 },
    /// `per_player * (entries - place + 1)`: one step for each entry the player
    /// outlasted, plus one for playing (last place gets `per_player`).
    PlayersOutlasted { per_player: u32 },
    /// The formulas added place by place, e.g. participation plus points by place.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    Sum(Vec<PointsFormula>),
}

impl PointsFormula {
    /// The points of one place (1 is the winner) in a field of `entries`, untied.
    pub fn place_points(&self, place: u32, entries: u32) -> Points {
        if place == 0 {
            return Points::ZERO;
        }
        match self {
            PointsFormula::FixedPerPlace(points) => usize::try_from(place - 1)
                .ok()
                .and_then(|i| points.get(i))
                .map_or(Points::ZERO, |&p| Points::whole(p)),
            PointsFormula::Participation { points } => Points::whole(*points),
            PointsFormula::SqrtEntriesOverPlace { factor } => {
                // IEEE sqrt is correctly rounded, so this is the same on every platform.
                let exact =
                    f64::from(*factor) * f64::from(entries).sqrt() / f64::from(place).sqrt();
                // Not negative and far below u64::MAX; `as` saturates regardless.
                Points((exact * 100.0).round() as u64)
            }
            PointsFormula::PlayersOutlasted { per_player } => {
                let steps = u64::from(entries.saturating_sub(place)) + 1;
                Points(
                    u64::from(*per_player)
                        .saturating_mul(steps)
                        .saturating_mul(100),
                )
            }
            PointsFormula::Sum(parts) => parts.iter().map(|f| f.place_points(place, entries)).sum(),
        }
    }

    /// The points of a range of places, pooled (what a tie over them shares).
    pub fn pooled_points(&self, places: Places, entries: u32) -> Points {
        (places.best..=places.worst)
            .map(|p| self.place_points(p, entries))
            .sum()
    }

    /// One award per finish of a checked result. Tied players split the pool of their
    /// places: each gets the pool divided by their number, rounded down, and the
    /// hundredths left over (fewer than the players) go one each to the tied players in
    /// order of player id, so the awards add up to the pool exactly.
    pub(super) fn share(&self, result: &TournamentResult) -> Vec<Award> {
        let mut ties: BTreeMap<Places, Vec<_>> = BTreeMap::new();
        for finish in &result.finishes {
            ties.entry(finish.places).or_default().push(finish.player);
        }
        let mut awards = Vec::with_capacity(result.finishes.len());
        for (places, mut players) in ties {
            players.sort();
            let pool = self.pooled_points(places, result.entries).0;
            let count = players.len() as u64; // at least one: the tie exists because of it
            let (each, left) = (pool / count, pool % count);
            for (i, player) in (0u64..).zip(players) {
                awards.push(Award {
                    player,
                    places,
                    points: Points(each + u64::from(i < left)),
                });
            }
        }
        awards
    }
}
