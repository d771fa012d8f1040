//! /api/v1/leagues: leagues with their seasons (date ranges) and points formula, the
//! tournaments they count, and the standings computed from those tournaments' final
//! results (JSON or CSV). The points are the domain's (`felt_domain::leagues`); a
//! tournament counts once it is finished, by the time it finished.

use super::find;
use super::venue::{ask, name};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use felt_actors::store::messages::GetPlayerNames;
use felt_actors::store::venue::leagues::{
    AddLeague, AddLeagueTournament, AddSeason, GetFinishTimes, GetLeague, ListLeagues, NamedSeason,
    RemoveLeagueTournament, StoredLeague,
};
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::entries::{Places, PlayerId};
use felt_domain::leagues::{
    to_csv, League, LeagueError, PointsFormula, Season, StandingRow, TournamentResult,
};
use felt_domain::{Timestamp, TournamentId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

fn refused(e: LeagueError) -> ApiError {
    ApiError::invalid(e.code(), e.to_string())
}

/// A season: tournaments that finished from `start` (included) to `end` (excluded), in
/// ms since the Unix epoch.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeasonBody {
    pub name: String,
    pub start: Timestamp,
    pub end: Timestamp,
}

/// A new league.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLeague {
    pub name: String,
    /// How a finish scores, e.g. `{"fixed_per_place": [10, 7, 5]}`,
    /// `{"sqrt_entries_over_place": {"factor": 10}}`, `{"players_outlasted": {"per_player": 1}}`,
    /// `{"participation": {"points": 2}}`, or `{"sum": [...]}` of those.
    pub formula: PointsFormula,
    /// Only each player's best N results count (all when absent).
    pub best_results: Option<u32>,
    /// Tournaments with fewer entries are left out.
    #[serde(default)]
    pub min_entries: u32,
    #[serde(default)]
    pub seasons: Vec<SeasonBody>,
}

/// A league.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeagueView {
    pub id: uuid::Uuid,
    pub name: String,
    pub formula: PointsFormula,
    pub best_results: Option<u32>,
    pub min_entries: u32,
    /// By start.
    pub seasons: Vec<SeasonBody>,
    /// The tournaments it counts, in the order they were added.
    pub tournaments: Vec<TournamentId>,
    pub created_at: Timestamp,
}

impl From<StoredLeague> for LeagueView {
    fn from(l: StoredLeague) -> Self {
        LeagueView {
            id: l.id,
            name: l.name,
            formula: l.formula,
            best_results: l.best_results,
            min_entries: l.min_entries,
            seasons: l
                .seasons
                .into_iter()
                .map(|s| SeasonBody {
                    name: s.name,
                    start: s.season.start,
                    end: s.season.end,
                })
                .collect(),
            tournaments: l.tournaments,
            created_at: l.created_at,
        }
    }
}

/// The domain's league for one season of a stored league.
fn league_for(l: &StoredLeague, season: Season) -> League {
    League {
        name: l.name.clone(),
        season,
        formula: l.formula.clone(),
        best_results: l.best_results,
        min_entries: l.min_entries,
    }
}

/// Checks a season's name and dates (422 `invalid_name`, `league_empty_season`).
fn season(body: SeasonBody) -> Result<NamedSeason, ApiError> {
    let season = Season {
        start: body.start,
        end: body.end,
    };
    if season.end <= season.start {
        return Err(refused(LeagueError::EmptySeason {
            start: season.start,
            end: season.end,
        }));
    }
    Ok(NamedSeason {
        name: name("season name", &body.name)?,
        season,
    })
}

/// Every league, by name.
#[utoipa::path(tag = "leagues", responses((status = 200, body = Vec<LeagueView>)))]
#[get("/leagues")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<Vec<LeagueView>>, ApiError> {
    let all = ask(&state, ListLeagues).await?;
    Ok(web::Json(all.into_iter().map(Into::into).collect()))
}

/// Creates a league, with its seasons if given. 422 `invalid_name`,
/// `league_empty_season`, `league_no_results_count`; 409 `duplicate_league_name`,
/// `duplicate_season`, `overlapping_seasons`.
#[utoipa::path(
    tag = "leagues",
    request_body = NewLeague,
    responses(
        (status = 201, body = LeagueView),
        (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/leagues")]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<NewLeague>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if body.best_results == Some(0) {
        return Err(refused(LeagueError::NoResultsCount));
    }
    let league = StoredLeague {
        id: uuid::Uuid::new_v4(),
        name: name("league name", &body.name)?,
        formula: body.formula,
        best_results: body.best_results,
        min_entries: body.min_entries,
        seasons: body
            .seasons
            .into_iter()
            .map(season)
            .collect::<Result<_, _>>()?,
        tournaments: Vec::new(),
        created_at: state.clock.now(),
    };
    let stored = ask(
        &state,
        AddLeague {
            league,
            by: who.operator(),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(LeagueView::from(stored)))
}

/// One league with its seasons and tournaments.
#[utoipa::path(
    tag = "leagues",
    params(("id" = uuid::Uuid, Path, description = "League id")),
    responses((status = 200, body = LeagueView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/leagues/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<LeagueView>, ApiError> {
    Ok(web::Json(ask(&state, GetLeague(*id)).await?.into()))
}

/// Adds a season. 409 `duplicate_season` (same name), `overlapping_seasons`.
#[utoipa::path(
    tag = "leagues",
    params(("id" = uuid::Uuid, Path, description = "League id")),
    request_body = SeasonBody,
    responses(
        (status = 201, body = LeagueView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/leagues/{id}/seasons")]
pub async fn add_season(
    state: web::Data<AppState>,
    id: web::Path<uuid::Uuid>,
    body: web::Json<SeasonBody>,
) -> Result<HttpResponse, ApiError> {
    let season = season(body.into_inner())?;
    let stored = ask(
        &state,
        AddSeason {
            league: *id,
            season,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(LeagueView::from(stored)))
}

/// A tournament to count in a league.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountTournament {
    pub tournament: uuid::Uuid,
}

/// Counts a tournament in the league (once; it scores when it is finished). 404
/// `league_not_found`, `tournament_not_found`; 409 `tournament_already_counted`.
#[utoipa::path(
    tag = "leagues",
    params(("id" = uuid::Uuid, Path, description = "League id")),
    request_body = CountTournament,
    responses(
        (status = 201, body = LeagueView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[post("/leagues/{id}/tournaments")]
pub async fn add_tournament(
    state: web::Data<AppState>,
    who: Identity,
    id: web::Path<uuid::Uuid>,
    body: web::Json<CountTournament>,
) -> Result<HttpResponse, ApiError> {
    let league = ask(&state, GetLeague(*id)).await?;
    let tournament = TournamentId(body.tournament);
    find(&state, tournament).await?;
    let stored = ask(
        &state,
        AddLeagueTournament {
            league: league.id,
            tournament,
            at: state.clock.now(),
            by: who.operator(),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(LeagueView::from(stored)))
}

/// Stops counting a tournament. 404 `league_not_found`, `tournament_not_counted`.
#[utoipa::path(
    tag = "leagues",
    params(
        ("id" = uuid::Uuid, Path, description = "League id"),
        ("tournament" = uuid::Uuid, Path, description = "Tournament id"),
    ),
    responses((status = 200, body = LeagueView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/leagues/{id}/tournaments/{tournament}")]
pub async fn remove_tournament(
    state: web::Data<AppState>,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<web::Json<LeagueView>, ApiError> {
    let (league, tournament) = path.into_inner();
    let stored = ask(
        &state,
        RemoveLeagueTournament {
            league,
            tournament: TournamentId(tournament),
        },
    )
    .await?;
    Ok(web::Json(stored.into()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StandingsQuery {
    /// A season's name (any case). Absent: the season running now, or every tournament
    /// of the league when no season is running.
    pub season: Option<String>,
}

/// One line of the standings.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingView {
    /// Shared by players level on points, wins, best finish and events.
    pub rank: u32,
    pub player: PlayerId,
    pub name: String,
    /// Points with two decimals, as on the board ("12.34").
    pub points: String,
    /// The same in hundredths, exact.
    pub points_hundredths: u64,
    pub events: u32,
    pub wins: u32,
    pub best: Places,
}

/// A tournament of the league as the standings read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TournamentLine {
    pub id: TournamentId,
    pub name: String,
    pub finished: bool,
    pub finished_at: Option<Timestamp>,
    pub entries: u32,
    /// Finished inside the season with a big enough field: its points are in.
    pub counted: bool,
}

/// The standings of a season.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingsView {
    pub league: uuid::Uuid,
    pub name: String,
    /// The season's name; `null` for every tournament of the league.
    pub season: Option<String>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub tournaments: Vec<TournamentLine>,
    pub rows: Vec<StandingView>,
}

struct Computed {
    view: StandingsView,
    rows: Vec<StandingRow>,
    names: BTreeMap<PlayerId, String>,
}

/// Loads the league's tournaments (on demand, through the supervisor), reads their final
/// results and has the domain score them.
async fn compute(
    state: &AppState,
    id: uuid::Uuid,
    query: StandingsQuery,
) -> Result<Computed, ApiError> {
    let stored = ask(state, GetLeague(id)).await?;
    let now = state.clock.now();
    let chosen = match query.season.as_deref().map(str::trim) {
        Some(wanted) => Some(
            stored
                .seasons
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(wanted))
                .cloned()
                .ok_or_else(|| {
                    ApiError::missing(
                        "season_not_found",
                        format!("league `{}` has no season `{wanted}`", stored.name),
                    )
                })?,
        ),
        None => stored
            .seasons
            .iter()
            .find(|s| s.season.contains(now))
            .cloned(),
    };
    let season = chosen.as_ref().map_or(
        Season {
            start: Timestamp::MIN,
            end: Timestamp::MAX,
        },
        |s| s.season,
    );
    let league = league_for(&stored, season);
    let finished_at = ask(state, GetFinishTimes(stored.tournaments.clone())).await?;
    let mut results = Vec::new();
    let mut lines = Vec::new();
    for &tid in &stored.tournaments {
        let actor = find(state, tid).await?;
        let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
        let ended = finished_at.get(&tid).copied().filter(|_| t.finished);
        let entries = t.entries.entry_count();
        let mut line = TournamentLine {
            id: tid,
            name: t.name.clone(),
            finished: t.finished,
            finished_at: ended,
            entries,
            counted: false,
        };
        if let Some(ended_at) = ended {
            let finals = match entries {
                0 => Vec::new(),
                _ => t.results().map_err(ActorError::Refused)?,
            };
            let result = TournamentResult::from_final_results(
                tid,
                ended_at,
                entries,
                t.entries.settings().buy_in.total(),
                &finals,
            );
            line.counted = league.counts(&result);
            results.push(result);
        }
        lines.push(line);
    }
    let players: Vec<PlayerId> = results
        .iter()
        .flat_map(|r| r.finishes.iter().map(|f| f.player))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: BTreeMap<PlayerId, String> = state
        .store
        .send(GetPlayerNames(players))
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?
        .into_iter()
        .collect();
    let rows = league.standings(&results, &names).map_err(refused)?;
    let view = StandingsView {
        league: stored.id,
        name: stored.name,
        season: chosen.as_ref().map(|s| s.name.clone()),
        start: chosen.as_ref().map(|s| s.season.start),
        end: chosen.as_ref().map(|s| s.season.end),
        tournaments: lines,
        rows: rows
            .iter()
            .map(|r| StandingView {
                rank: r.rank,
                player: r.player,
                name: names.get(&r.player).cloned().unwrap_or_default(),
                points: r.points.to_string(),
                points_hundredths: r.points.hundredths(),
                events: r.events,
                wins: r.wins,
                best: r.best,
            })
            .collect(),
    };
    Ok(Computed { view, rows, names })
}

/// The standings of a season: each player's points (the best N results when the league
/// says so), events, wins and best finish, ranked; ties share a rank.
#[utoipa::path(
    tag = "leagues",
    params(("id" = uuid::Uuid, Path, description = "League id"), StandingsQuery),
    responses(
        (status = 200, body = StandingsView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such league or season"),
    )
)]
#[get("/leagues/{id}/standings")]
pub async fn standings(
    state: web::Data<AppState>,
    id: web::Path<uuid::Uuid>,
    query: web::Query<StandingsQuery>,
) -> Result<web::Json<StandingsView>, ApiError> {
    Ok(web::Json(
        compute(&state, *id, query.into_inner()).await?.view,
    ))
}

/// The same standings as CSV: rank, player, player_id, points, events, wins, best_place.
#[utoipa::path(
    tag = "leagues",
    params(("id" = uuid::Uuid, Path, description = "League id"), StandingsQuery),
    responses(
        (status = 200, body = String, content_type = "text/csv"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/leagues/{id}/standings.csv")]
pub async fn standings_csv(
    state: web::Data<AppState>,
    id: web::Path<uuid::Uuid>,
    query: web::Query<StandingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let computed = compute(&state, *id, query.into_inner()).await?;
    let file = match &computed.view.season {
        Some(season) => format!("standings-{}-{}.csv", *id, csv_safe(season)),
        None => format!("standings-{}.csv", *id),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(to_csv(&computed.rows, &computed.names)))
}

/// A season name made safe for a file name in a header.
fn csv_safe(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
