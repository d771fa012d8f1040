//! Leagues in the database: the league (name, points formula, best-N rule, minimum
//! field), its named seasons and the tournaments it counts. SQL, messages, handlers; the
//! points and standings are the domain's (`felt_domain::leagues`).

use super::{from_json, is_unique_violation, parse_uuid, to_json, VenueError};
use crate::error::StoreError;
use crate::store::Store;
use actix::prelude::*;
use felt_domain::leagues::{PointsFormula, Season};
use felt_domain::{Operator, Timestamp, TournamentId};
use libsql::{params, Connection};
use std::collections::HashMap;
use uuid::Uuid;

/// A named date range of a league.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedSeason {
    pub name: String,
    pub season: Season,
}

/// A league as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLeague {
    pub id: Uuid,
    pub name: String,
    pub formula: PointsFormula,
    pub best_results: Option<u32>,
    pub min_entries: u32,
    /// By start.
    pub seasons: Vec<NamedSeason>,
    /// In the order they were added.
    pub tournaments: Vec<TournamentId>,
    pub created_at: Timestamp,
}

/// Sent by the HTTP layer with a checked league (seasons included): store it. 409
/// `duplicate_league_name`, `duplicate_season`, `overlapping_seasons`.
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredLeague, VenueError>")]
pub struct AddLeague {
    pub league: StoredLeague,
    pub by: Operator,
}

/// Sent by the HTTP layer: every league, by name.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<StoredLeague>, VenueError>")]
pub struct ListLeagues;

/// Sent by the HTTP layer: one league (404 `league_not_found`).
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredLeague, VenueError>")]
pub struct GetLeague(pub Uuid);

/// Sent by the HTTP layer: add a season to a league. 404 `league_not_found`; 409
/// `duplicate_season` (same name), `overlapping_seasons`.
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredLeague, VenueError>")]
pub struct AddSeason {
    pub league: Uuid,
    pub season: NamedSeason,
}

/// Sent by the HTTP layer: count a tournament in a league. 404 `league_not_found`; 409
/// `tournament_already_counted`.
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredLeague, VenueError>")]
pub struct AddLeagueTournament {
    pub league: Uuid,
    pub tournament: TournamentId,
    pub at: Timestamp,
    pub by: Operator,
}

/// Sent by the HTTP layer: stop counting a tournament. 404 `league_not_found`,
/// `tournament_not_counted`.
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredLeague, VenueError>")]
pub struct RemoveLeagueTournament {
    pub league: Uuid,
    pub tournament: TournamentId,
}

/// Sent by the HTTP layer for standings: when each of these tournaments finished
/// (absent: unknown or not finished).
#[derive(Message, Debug)]
#[rtype(result = "Result<HashMap<TournamentId, Timestamp>, VenueError>")]
pub struct GetFinishTimes(pub Vec<TournamentId>);

fn not_found(id: Uuid) -> VenueError {
    VenueError::not_found("league_not_found", format!("no league {id}"))
}

async fn seasons(conn: &Connection, id: &str) -> Result<Vec<NamedSeason>, StoreError> {
    let mut rows = conn
        .query(
            "SELECT name, start_at, end_at FROM league_seasons WHERE league_id = ?1
             ORDER BY start_at, name",
            params![id],
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(NamedSeason {
            name: row.get(0)?,
            season: Season {
                start: row.get(1)?,
                end: row.get(2)?,
            },
        });
    }
    Ok(out)
}

async fn tournaments(conn: &Connection, id: &str) -> Result<Vec<TournamentId>, StoreError> {
    let mut rows = conn
        .query(
            "SELECT tournament_id FROM league_tournaments WHERE league_id = ?1
             ORDER BY added_at, tournament_id",
            params![id],
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(TournamentId(parse_uuid(&row.get::<String>(0)?)?));
    }
    Ok(out)
}

async fn league_row(conn: &Connection, row: &libsql::Row) -> Result<StoredLeague, StoreError> {
    let id: String = row.get(0)?;
    let formula: String = row.get(2)?;
    let best: Option<i64> = row.get(3)?;
    let min: i64 = row.get(4)?;
    Ok(StoredLeague {
        id: parse_uuid(&id)?,
        name: row.get(1)?,
        formula: from_json(&formula)?,
        best_results: best
            .map(|b| u32::try_from(b).map_err(super::corrupt))
            .transpose()?,
        min_entries: u32::try_from(min).map_err(super::corrupt)?,
        seasons: seasons(conn, &id).await?,
        tournaments: tournaments(conn, &id).await?,
        created_at: row.get(5)?,
    })
}

const COLUMNS: &str = "id, name, formula, best_results, min_entries, created_at";

pub async fn list(conn: &Connection) -> Result<Vec<StoredLeague>, StoreError> {
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM leagues ORDER BY name COLLATE NOCASE"),
            (),
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(league_row(conn, &row).await?);
    }
    Ok(out)
}

pub async fn get(conn: &Connection, id: Uuid) -> Result<StoredLeague, VenueError> {
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM leagues WHERE id = ?1"),
            params![id.to_string()],
        )
        .await?;
    match rows.next().await? {
        Some(row) => Ok(league_row(conn, &row).await?),
        None => Err(not_found(id)),
    }
}

/// Refuses a season whose name is taken or whose dates overlap another's.
fn check_season(existing: &[NamedSeason], new: &NamedSeason) -> Result<(), VenueError> {
    for old in existing {
        if old.name.eq_ignore_ascii_case(&new.name) {
            return Err(VenueError::conflict(
                "duplicate_season",
                format!("the league already has a season `{}`", old.name),
            ));
        }
        if new.season.start < old.season.end && old.season.start < new.season.end {
            return Err(VenueError::conflict(
                "overlapping_seasons",
                format!(
                    "season `{}` overlaps season `{}` ({} to {})",
                    new.name, old.name, old.season.start, old.season.end
                ),
            ));
        }
    }
    Ok(())
}

async fn insert_season(
    conn: &Connection,
    league: &str,
    season: &NamedSeason,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO league_seasons (league_id, name, start_at, end_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            league,
            season.name.as_str(),
            season.season.start,
            season.season.end
        ],
    )
    .await?;
    Ok(())
}

pub async fn add(conn: &Connection, msg: AddLeague) -> Result<StoredLeague, VenueError> {
    let league = msg.league;
    let duplicate = || {
        VenueError::conflict(
            "duplicate_league_name",
            format!("a league named `{}` already exists", league.name),
        )
    };
    let mut rows = conn
        .query(
            "SELECT 1 FROM leagues WHERE name = ?1 COLLATE NOCASE",
            params![league.name.as_str()],
        )
        .await?;
    if rows.next().await?.is_some() {
        return Err(duplicate());
    }
    for (i, season) in league.seasons.iter().enumerate() {
        check_season(&league.seasons[..i], season)?;
    }
    let id = league.id.to_string();
    let tx = conn.transaction().await?;
    let written: Result<(), VenueError> = async {
        tx.execute(
            "INSERT INTO leagues (id, name, formula, best_results, min_entries, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id.as_str(),
                league.name.as_str(),
                to_json(&league.formula)?,
                league.best_results.map(i64::from),
                i64::from(league.min_entries),
                league.created_at,
                msg.by.0.as_str()
            ],
        )
        .await
        .map_err(|e| match is_unique_violation(&e) {
            true => duplicate(),
            false => e.into(),
        })?;
        for season in &league.seasons {
            insert_season(&tx, &id, season).await?;
        }
        Ok(())
    }
    .await;
    match written {
        Ok(()) => tx.commit().await?,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    }
    get(conn, league.id).await
}

pub async fn add_season(conn: &Connection, msg: AddSeason) -> Result<StoredLeague, VenueError> {
    let league = get(conn, msg.league).await?;
    check_season(&league.seasons, &msg.season)?;
    insert_season(conn, &msg.league.to_string(), &msg.season).await?;
    get(conn, msg.league).await
}

pub async fn add_tournament(
    conn: &Connection,
    msg: AddLeagueTournament,
) -> Result<StoredLeague, VenueError> {
    let league = get(conn, msg.league).await?;
    let already = || {
        VenueError::conflict(
            "tournament_already_counted",
            format!(
                "league `{}` already counts tournament {}",
                league.name, msg.tournament
            ),
        )
    };
    if league.tournaments.contains(&msg.tournament) {
        return Err(already());
    }
    conn.execute(
        "INSERT INTO league_tournaments (league_id, tournament_id, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            msg.league.to_string(),
            msg.tournament.to_string(),
            msg.at,
            msg.by.0.as_str()
        ],
    )
    .await
    .map_err(|e| match is_unique_violation(&e) {
        true => already(),
        false => e.into(),
    })?;
    get(conn, msg.league).await
}

pub async fn remove_tournament(
    conn: &Connection,
    msg: RemoveLeagueTournament,
) -> Result<StoredLeague, VenueError> {
    let league = get(conn, msg.league).await?;
    if !league.tournaments.contains(&msg.tournament) {
        return Err(VenueError::not_found(
            "tournament_not_counted",
            format!(
                "league `{}` does not count tournament {}",
                league.name, msg.tournament
            ),
        ));
    }
    conn.execute(
        "DELETE FROM league_tournaments WHERE league_id = ?1 AND tournament_id = ?2",
        params![msg.league.to_string(), msg.tournament.to_string()],
    )
    .await?;
    get(conn, msg.league).await
}

pub async fn finish_times(
    conn: &Connection,
    ids: &[TournamentId],
) -> Result<HashMap<TournamentId, Timestamp>, StoreError> {
    let mut out = HashMap::with_capacity(ids.len());
    for id in ids {
        let mut rows = conn
            .query(
                "SELECT finished_at FROM tournaments WHERE id = ?1 AND finished_at IS NOT NULL",
                params![id.to_string()],
            )
            .await?;
        if let Some(row) = rows.next().await? {
            out.insert(*id, row.get(0)?);
        }
    }
    Ok(out)
}

impl Handler<AddLeague> for Store {
    type Result = AtomicResponse<Self, Result<StoredLeague, VenueError>>;

    fn handle(&mut self, msg: AddLeague, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { add(&conn, msg).await })
    }
}

impl Handler<ListLeagues> for Store {
    type Result = AtomicResponse<Self, Result<Vec<StoredLeague>, VenueError>>;

    fn handle(&mut self, _: ListLeagues, _: &mut Self::Context) -> Self::Result {
        self.venue(|conn| async move { Ok(list(&conn).await?) })
    }
}

impl Handler<GetLeague> for Store {
    type Result = AtomicResponse<Self, Result<StoredLeague, VenueError>>;

    fn handle(&mut self, msg: GetLeague, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { get(&conn, msg.0).await })
    }
}

impl Handler<AddSeason> for Store {
    type Result = AtomicResponse<Self, Result<StoredLeague, VenueError>>;

    fn handle(&mut self, msg: AddSeason, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { add_season(&conn, msg).await })
    }
}

impl Handler<AddLeagueTournament> for Store {
    type Result = AtomicResponse<Self, Result<StoredLeague, VenueError>>;

    fn handle(&mut self, msg: AddLeagueTournament, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { add_tournament(&conn, msg).await })
    }
}

impl Handler<RemoveLeagueTournament> for Store {
    type Result = AtomicResponse<Self, Result<StoredLeague, VenueError>>;

    fn handle(&mut self, msg: RemoveLeagueTournament, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { remove_tournament(&conn, msg).await })
    }
}

impl Handler<GetFinishTimes> for Store {
    type Result = AtomicResponse<Self, Result<HashMap<TournamentId, Timestamp>, VenueError>>;

    fn handle(&mut self, msg: GetFinishTimes, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { Ok(finish_times(&conn, &msg.0).await?) })
    }
}
