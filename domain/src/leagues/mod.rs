//! Leagues: a season of tournaments scored by a points formula chosen per league, and the
//! standings across them, with their CSV export. Pure: results and their end times come
//! in as arguments; nothing here reads a clock, a store or a tournament's state.
//!
//! - `formula`: the points formulas, and how tied places share their points exactly.
//! - `standings`: totals, the best-N rule, tie-breaks, ranks and the CSV export.
//!
//! Points are whole hundredths ([`Points`]), so totals add up exactly; floats appear only
//! inside the square-root formula and are rounded to a hundredth per place.
//!
//! Choices the issue left open:
//! - A season is half-open: a tournament counts when `start <= ended_at < end`, so one
//!   season can end where the next begins without a tournament in both.
//! - `min_entries` is about the field: a tournament with fewer entries is not part of the
//!   league at all (no points, no event, no win).
//! - A player with several entries in one tournament (re-entries) is scored once, by the
//!   best of them; their other places are awarded to nobody.
//! - A win is a sole first place (`1..=1`); players sharing the top places (a deal with
//!   the result left open) are not winners, though their best finish shows `1-2`.

mod formula;
mod standings;

#[cfg(test)]
mod tests;

pub use formula::PointsFormula;
pub use standings::{to_csv, StandingRow};

use crate::entries::{FinalResult, Places, PlayerId};
use crate::ids::{Timestamp, TournamentId};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};
use thiserror::Error;

/// League points in hundredths (1234 is 12.34 points), so sums are exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = u64))]
#[serde(transparent)]
pub struct Points(pub u64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points (as formulas are configured) in hundredths.
    pub fn whole(points: u32) -> Points {
        Points(u64::from(points) * 100)
    }

    pub fn hundredths(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Points {
    /// Two decimals, as on a standings board: `12.34`, `7.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Add for Points {
    type Output = Points;
    /// Saturates: a total past `u64::MAX` hundredths is not a real league.
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        *self = *self + rhs;
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

/// When a season runs: tournaments that ended in `start..end` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Season {
    pub start: Timestamp,
    /// Exclusive: a tournament ending exactly here belongs to the next season.
    pub end: Timestamp,
}

impl Season {
    pub fn contains(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }
}

/// A league: its season, how tournaments are scored and which results count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct League {
    pub name: String,
    pub season: Season,
    pub formula: PointsFormula,
    /// Only each player's best N results count towards the total (all when `None`).
    #[serde(default)]
    pub best_results: Option<u32>,
    /// Tournaments with fewer entries than this are left out of the league (0: none).
    #[serde(default)]
    pub min_entries: u32,
}

/// One player's finish in one tournament, as a league reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finish {
    pub player: PlayerId,
    /// Shared with the other players of a tie (`best..=worst`).
    pub places: Places,
}

impl From<&FinalResult> for Finish {
    fn from(result: &FinalResult) -> Self {
        Finish {
            player: result.player,
            places: result.places,
        }
    }
}

/// What a league needs from one finished tournament.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TournamentResult {
    pub tournament: TournamentId,
    pub ended_at: Timestamp,
    /// Entries in the field, re-entries included (what formulas on entries read).
    pub entries: u32,
    pub buy_in: Money,
    /// Any subset of the places (e.g. only the top ten), but a tie comes complete.
    pub finishes: Vec<Finish>,
}

impl TournamentResult {
    /// From a tournament's final results ([`crate::entries::Entries::results`]), one
    /// line per entry; a player's re-entries are sorted out when points are awarded.
    pub fn from_final_results(
        tournament: TournamentId,
        ended_at: Timestamp,
        entries: u32,
        buy_in: Money,
        results: &[FinalResult],
    ) -> Self {
        TournamentResult {
            tournament,
            ended_at,
            entries,
            buy_in,
            finishes: results.iter().map(Finish::from).collect(),
        }
    }

    /// Refuses places outside `1..=entries`, overlapping ties, and ties with a number
    /// of finishes other than the places they cover (their points could not be shared).
    pub fn check(&self) -> Result<(), LeagueError> {
        let mut ties: BTreeMap<Places, u32> = BTreeMap::new();
        for finish in &self.finishes {
            let p = finish.places;
            if p.best == 0 || p.worst < p.best || p.worst > self.entries {
                return Err(LeagueError::PlacesOutOfRange {
                    tournament: self.tournament,
                    places: p,
                    entries: self.entries,
                });
            }
            *ties.entry(p).or_default() += 1;
        }
        let mut last_worst = 0;
        for (&places, &count) in &ties {
            if places.best <= last_worst {
                return Err(LeagueError::OverlappingPlaces {
                    tournament: self.tournament,
                    places,
                });
            }
            if count != places.len() {
                return Err(LeagueError::IncompleteTie {
                    tournament: self.tournament,
                    places,
                    finishes: count,
                });
            }
            last_worst = places.worst;
        }
        Ok(())
    }
}

/// The points one player scored in one tournament.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Award {
    pub player: PlayerId,
    pub places: Places,
    pub points: Points,
}

/// Why a league or a result it was fed was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LeagueError {
    #[error("the season must end after it starts ({start} to {end})")]
    EmptySeason { start: Timestamp, end: Timestamp },
    #[error("counting the best 0 results would count nothing")]
    NoResultsCount,
    #[error("tournament {tournament}: places {}-{} are outside 1-{entries}", places.best, places.worst)]
    PlacesOutOfRange {
        tournament: TournamentId,
        places: Places,
        entries: u32,
    },
    #[error("tournament {tournament}: places {}-{} overlap another finish", places.best, places.worst)]
    OverlappingPlaces {
        tournament: TournamentId,
        places: Places,
    },
    #[error("tournament {tournament}: places {}-{} are shared by {} players, but {finishes} were given", places.best, places.worst, places.len())]
    IncompleteTie {
        tournament: TournamentId,
        places: Places,
        finishes: u32,
    },
    #[error("tournament {0} was given twice")]
    SameTournamentTwice(TournamentId),
}

impl LeagueError {
    /// A stable snake_case code for clients to match on.
    pub fn code(&self) -> &'static str {
        match self {
            LeagueError::EmptySeason { .. } => "league_empty_season",
            LeagueError::NoResultsCount => "league_no_results_count",
            LeagueError::PlacesOutOfRange { .. } => "league_places_out_of_range",
            LeagueError::OverlappingPlaces { .. } => "league_overlapping_places",
            LeagueError::IncompleteTie { .. } => "league_incomplete_tie",
            LeagueError::SameTournamentTwice(_) => "league_same_tournament_twice",
        }
    }
}

impl League {
    /// Refuses a season that ends before it starts and a best-0 rule.
    pub fn check(&self) -> Result<(), LeagueError> {
        if self.season.end <= self.season.start {
            return Err(LeagueError::EmptySeason {
                start: self.season.start,
                end: self.season.end,
            });
        }
        if self.best_results == Some(0) {
            return Err(LeagueError::NoResultsCount);
        }
        Ok(())
    }

    /// Whether a tournament is part of this league: inside the season, field big enough.
    pub fn counts(&self, result: &TournamentResult) -> bool {
        self.season.contains(result.ended_at) && result.entries >= self.min_entries
    }

    /// The points each player scored in one tournament, one award per player (the best
    /// of their entries), in order of places then player; empty when it does not count.
    pub fn awards(&self, result: &TournamentResult) -> Result<Vec<Award>, LeagueError> {
        result.check()?;
        if !self.counts(result) {
            return Ok(Vec::new());
        }
        let mut awards = self.formula.share(result);
        awards.sort_by_key(|a| (a.places, a.player));
        let mut seen = std::collections::BTreeSet::new();
        awards.retain(|a| seen.insert(a.player));
        Ok(awards)
    }
}
