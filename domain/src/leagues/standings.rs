//! Standings across a season: each player's total (their best N results when the league
//! says so), ordered by points, then wins, then best finish, then events played, then
//! name (players without one
//! last) and id; full ties share a rank. And the CSV export of the rows.

use super::{League, LeagueError, Points, TournamentResult};
use crate::entries::{Places, PlayerId};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// One line of the standings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandingRow {
    /// Shared by players level on points, wins, best finish and events (1, 1, 3...).
    pub rank: u32,
    pub player: PlayerId,
    /// The counted results only (the best N, when the league has that rule).
    pub points: Points,
    /// Tournaments of the league played, counted for points or not.
    pub events: u32,
    /// Sole first places.
    pub wins: u32,
    /// The best finish of the season (a tie shows its range).
    pub best: Places,
}

impl StandingRow {
    /// What decides the order before names: equal keys share a rank.
    fn key(&self) -> (Reverse<Points>, Reverse<u32>, Places, Reverse<u32>) {
        (
            Reverse(self.points),
            Reverse(self.wins),
            self.best,
            Reverse(self.events),
        )
    }
}

#[derive(Default)]
struct Tally {
    results: Vec<Points>,
    wins: u32,
    best: Option<Places>,
}

impl League {
    /// The standings from the tournaments given (those outside the season or below the
    /// minimum field are left out), in any order. `names` only orders players who are
    /// level on everything else (by name, players
    /// without one last, then id).
    pub fn standings(
        &self,
        results: &[TournamentResult],
        names: &BTreeMap<PlayerId, String>,
    ) -> Result<Vec<StandingRow>, LeagueError> {
        self.check()?;
        let mut seen = BTreeSet::new();
        let mut tallies: BTreeMap<PlayerId, Tally> = BTreeMap::new();
        for result in results {
            if !seen.insert(result.tournament) {
                return Err(LeagueError::SameTournamentTwice(result.tournament));
            }
            for award in self.awards(result)? {
                let tally = tallies.entry(award.player).or_default();
                tally.results.push(award.points);
                tally.wins += u32::from(award.places == Places { best: 1, worst: 1 });
                tally.best = Some(tally.best.map_or(award.places, |b| b.min(award.places)));
            }
        }
        let counted = self
            .best_results
            .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let mut rows: Vec<StandingRow> = tallies
            .into_iter()
            .filter_map(|(player, mut tally)| {
                tally.results.sort_by(|a, b| b.cmp(a));
                Some(StandingRow {
                    rank: 0,
                    player,
                    points: tally.results.iter().take(counted).copied().sum(),
                    events: u32::try_from(tally.results.len()).unwrap_or(u32::MAX),
                    wins: tally.wins,
                    // Every tally has at least one award, so a best finish.
                    best: tally.best?,
                })
            })
            .collect();
        // Named players first, then by name.
        let name = |p: &PlayerId| (names.get(p).is_none(), names.get(p));
        rows.sort_by(|a, b| {
            a.key()
                .cmp(&b.key())
                .then_with(|| name(&a.player).cmp(&name(&b.player)))
                .then_with(|| a.player.cmp(&b.player))
        });
        let mut rank = 0;
        let mut previous = None;
        for (position, row) in (1u32..).zip(rows.iter_mut()) {
            if previous != Some(row.key()) {
                rank = position;
                previous = Some(row.key());
            }
            row.rank = rank;
        }
        Ok(rows)
    }
}

/// The standings as CSV (RFC 4180, CRLF line ends) with a header: rank, player (the
/// display name from `names`, empty when missing), player id, points with two decimals,
/// events, wins, best place (`4` or `4-6` for a tie).
pub fn to_csv(rows: &[StandingRow], names: &BTreeMap<PlayerId, String>) -> String {
    let mut out = String::from("rank,player,player_id,points,events,wins,best_place\r\n");
    for row in rows {
        let name = names.get(&row.player).map_or("", String::as_str);
        let best = if row.best.best == row.best.worst {
            row.best.best.to_string()
        } else {
            format!("{}-{}", row.best.best, row.best.worst)
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{best}\r\n",
            row.rank,
            crate::csv::field(name),
            row.player.0,
            row.points,
            row.events,
            row.wins,
        ));
    }
    out
}
