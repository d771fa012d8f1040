//! /api/v1/tables: the room's tables (number, name, seats, zone, feature table, reserved
//! seats), and /api/v1/tournaments/{id}/tables: which tables a tournament holds. A table
//! is held by one tournament at most (the database refuses a second holder); a held
//! table cannot be deleted or change its number of seats until it is given back.

use super::tournaments::execute;
use super::venue::{ask, label};
use super::{find, TournamentPath};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use felt_actors::store::venue::tables::{
    AddTable, AssignTables, DeleteTable, GetTournamentTables, ListTables, ReleaseTable,
    ReplaceTable, TablePick, VenueTable,
};
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::seating::{SeatSet, TableId, TableSpec};
use felt_domain::tournament::SeatCommand;
use felt_domain::{Command, Timestamp, TournamentId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A table as written by a client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TableBody {
    /// The number painted on the table, from 1. Required to add a table; in a
    /// replacement it may be left out (it must match the path if given).
    pub id: Option<u32>,
    pub name: Option<String>,
    /// 2 to 10.
    pub seats: u8,
    /// The room or area.
    pub zone: Option<String>,
    /// A feature (TV) table: breaks last.
    #[serde(default)]
    pub feature: bool,
    /// Seats never filled by the seat draw (special needs, a broken chair).
    #[serde(default)]
    pub reserved: Vec<u8>,
}

/// Who holds a table.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeldBy {
    pub tournament: TournamentId,
    pub since: Timestamp,
}

/// A table of the room.
#[derive(Debug, Serialize, ToSchema)]
pub struct TableView {
    pub id: u32,
    pub name: Option<String>,
    pub seats: u8,
    pub zone: Option<String>,
    pub feature: bool,
    pub reserved: Vec<u8>,
    /// The tournament holding it; `null` when it is in the pool.
    pub held_by: Option<HeldBy>,
}

impl From<VenueTable> for TableView {
    fn from(t: VenueTable) -> Self {
        TableView {
            id: t.spec.id.0,
            name: t.spec.name,
            seats: t.spec.seats,
            zone: t.spec.zone,
            feature: t.spec.feature,
            reserved: t.spec.reserved.into(),
            held_by: t.held.map(|h| HeldBy {
                tournament: h.tournament,
                since: h.since,
            }),
        }
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::invalid("invalid_table", message)
}

/// Checks a table with the seating rules (2-10 seats, reserved seats among them).
fn spec(id: u32, body: TableBody) -> Result<TableSpec, ApiError> {
    if id == 0 {
        return Err(invalid("table numbers start at 1"));
    }
    let spec = TableSpec {
        id: TableId(id),
        name: label("table name", body.name.as_deref())?,
        seats: body.seats,
        zone: label("zone", body.zone.as_deref())?,
        feature: body.feature,
        reserved: SeatSet::try_from(body.reserved).map_err(invalid)?,
    };
    spec.validate().map_err(|e| invalid(e.to_string()))?;
    Ok(spec)
}

/// Every table of the room by number, with the tournament holding it.
#[utoipa::path(tag = "tables", responses((status = 200, body = Vec<TableView>)))]
#[get("/tables")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<Vec<TableView>>, ApiError> {
    let tables = ask(&state, ListTables).await?;
    Ok(web::Json(tables.into_iter().map(Into::into).collect()))
}

/// Adds a table to the room. 409 `duplicate_table` (number) or `duplicate_table_name`;
/// 422 `invalid_table` (seats outside 2-10, a reserved seat beyond them).
#[utoipa::path(
    tag = "tables",
    request_body = TableBody,
    responses(
        (status = 201, body = TableView),
        (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/tables")]
pub async fn add(
    state: web::Data<AppState>,
    body: web::Json<TableBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let id = body
        .id
        .ok_or_else(|| invalid("a table needs its number, `id`"))?;
    let spec = spec(id, body)?;
    let table = ask(
        &state,
        AddTable {
            spec,
            at: state.clock.now(),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(TableView::from(table)))
}

/// Replaces a table's description. A table held by a tournament keeps its seats (409
/// `table_in_use`); its name, zone and the rest may change.
#[utoipa::path(
    tag = "tables",
    params(("id" = u32, Path, description = "Table number")),
    request_body = TableBody,
    responses(
        (status = 200, body = TableView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/tables/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    id: web::Path<u32>,
    body: web::Json<TableBody>,
) -> Result<web::Json<TableView>, ApiError> {
    let id = id.into_inner();
    let body = body.into_inner();
    if body.id.is_some_and(|given| given != id) {
        return Err(invalid(format!(
            "the body is about table {}, the path about table {id}",
            body.id.unwrap_or_default()
        )));
    }
    let spec = spec(id, body)?;
    let table = ask(
        &state,
        ReplaceTable {
            spec,
            at: state.clock.now(),
        },
    )
    .await?;
    Ok(web::Json(table.into()))
}

/// Removes a table from the room; refused (409 `table_in_use`) while a tournament holds it.
#[utoipa::path(
    tag = "tables",
    params(("id" = u32, Path, description = "Table number")),
    responses(
        (status = 204),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[delete("/tables/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    id: web::Path<u32>,
) -> Result<HttpResponse, ApiError> {
    ask(&state, DeleteTable(TableId(id.into_inner()))).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Tables to give a tournament: exactly one of the three.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GiveTables {
    /// These tables, by number.
    pub tables: Option<Vec<u32>>,
    /// This many free tables, lowest numbers first.
    pub count: Option<u32>,
    /// The starting tables for an expected field: the fewest free tables that seat it,
    /// taken from those that would break last; the entries without a seat are drawn
    /// seats at once.
    pub for_players: Option<u32>,
}

/// The tables a tournament holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct TournamentTables {
    pub tournament: TournamentId,
    pub tables: Vec<TableView>,
}

fn tournament_tables(tournament: TournamentId, tables: Vec<VenueTable>) -> TournamentTables {
    TournamentTables {
        tournament,
        tables: tables.into_iter().map(Into::into).collect(),
    }
}

fn pick(body: GiveTables) -> Result<TablePick, ApiError> {
    if body.for_players.is_some() {
        return Err(ApiError::bad_request(
            "invalid_json",
            "give one of `tables`, `count` or `for_players`",
        ));
    }
    match (body.tables, body.count) {
        (Some(ids), None) => {
            if ids.is_empty() {
                return Err(ApiError::invalid("no_tables_asked", "`tables` is empty"));
            }
            let mut seen = std::collections::BTreeSet::new();
            if let Some(dup) = ids.iter().find(|id| !seen.insert(**id)) {
                return Err(ApiError::invalid(
                    "duplicate_table_in_request",
                    format!("table {dup} is asked for twice"),
                ));
            }
            Ok(TablePick::Tables(ids.into_iter().map(TableId).collect()))
        }
        (None, Some(0)) => Err(ApiError::invalid("no_tables_asked", "`count` is 0")),
        (None, Some(count)) => Ok(TablePick::Count(count)),
        _ => Err(ApiError::bad_request(
            "invalid_json",
            "give either `tables` (a list of table numbers) or `count`, not both",
        )),
    }
}

/// Gives a tournament tables from the pool, all or none: the tables listed, or the
/// first `count` free ones by number, and opens them in its seating (new entries draw
/// seats there). Tables it holds already stay as they are. 404
/// `table_not_found`; 409 `table_held` (by another tournament), `not_enough_free_tables`,
/// `tournament_finished`.
#[utoipa::path(
    tag = "tables",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = GiveTables,
    responses(
        (status = 200, body = TournamentTables, description = "Every table the tournament holds now"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/tournaments/{id}/tables")]
pub async fn give(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<GiveTables>,
) -> Result<web::Json<TournamentTables>, ApiError> {
    let tournament = TournamentId(*id);
    let body = body.into_inner();
    let starting = body.for_players;
    let pick = match (starting, &body.tables, &body.count) {
        (Some(players), None, None) => starting_tables(&state, players).await?,
        _ => pick(body)?,
    };
    let actor = find(&state, tournament).await?;
    let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
    if t.finished {
        return Err(ActorError::Refused(felt_domain::DomainError::Finished).into());
    }
    let tables = ask(
        &state,
        AssignTables {
            tournament,
            pick,
            at: state.clock.now(),
            by: who.operator(),
        },
    )
    .await?;
    // The tables the tournament's seating does not have yet open there; if it refuses
    // them, they go back to the pool.
    let seated = |id: TableId| {
        t.seats
            .as_ref()
            .is_some_and(|s| s.seating.table(id).is_some())
    };
    let new: Vec<TableSpec> = tables
        .iter()
        .map(|v| v.spec.clone())
        .filter(|spec| !seated(spec.id))
        .collect();
    if !new.is_empty() {
        let opened = execute(
            &state,
            &who,
            tournament,
            Command::Seat(SeatCommand::OpenTables {
                tables: new.clone(),
            }),
        )
        .await;
        if let Err(refused) = opened {
            for spec in new {
                let _ = ask(
                    &state,
                    ReleaseTable {
                        tournament,
                        table: spec.id,
                    },
                )
                .await;
            }
            return Err(refused);
        }
    }
    if starting.is_some() {
        let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
        let unseated = t
            .entries
            .active()
            .any(|e| t.seats.as_ref().is_some_and(|s| s.seat_of(e.id).is_none()));
        if unseated {
            execute(
                &state,
                &who,
                tournament,
                Command::Seat(SeatCommand::DrawSeats),
            )
            .await?;
        }
    }
    Ok(web::Json(tournament_tables(tournament, tables)))
}

/// The fewest free tables that seat `players`, the ones that would break last first.
async fn starting_tables(state: &AppState, players: u32) -> Result<TablePick, ApiError> {
    if players == 0 {
        return Err(ApiError::invalid("no_tables_asked", "`for_players` is 0"));
    }
    let free: Vec<TableSpec> = ask(state, ListTables)
        .await?
        .into_iter()
        .filter(|t| t.held.is_none())
        .map(|t| t.spec)
        .collect();
    let chosen = felt_domain::seating::tables_to_open(
        &free,
        players as usize,
        &felt_domain::seating::BreakOrder::default(),
    )
    .map_err(|e| ApiError::conflict("not_enough_free_tables", e.to_string()))?;
    Ok(TablePick::Tables(
        chosen.into_iter().map(|t| t.id).collect(),
    ))
}

/// The tables a tournament holds, by number.
#[utoipa::path(
    tag = "tables",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses((status = 200, body = TournamentTables), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/tournaments/{id}/tables")]
pub async fn held(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<web::Json<TournamentTables>, ApiError> {
    let tournament = TournamentId(*id);
    find(&state, tournament).await?;
    let tables = ask(&state, GetTournamentTables(tournament)).await?;
    Ok(web::Json(tournament_tables(tournament, tables)))
}

/// Gives a table back to the pool, closing it in the tournament's seating first (409
/// `table_not_empty` while players sit there). 404 `table_not_found`; 409
/// `table_not_held` when the tournament does not hold it.
#[utoipa::path(
    tag = "tables",
    params(
        ("id" = uuid::Uuid, Path, description = "Tournament id"),
        ("table" = u32, Path, description = "Table number"),
    ),
    responses(
        (status = 200, body = TournamentTables, description = "The tables the tournament still holds"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[delete("/tournaments/{id}/tables/{table}")]
pub async fn release(
    state: web::Data<AppState>,
    who: Identity,
    path: web::Path<(uuid::Uuid, u32)>,
) -> Result<web::Json<TournamentTables>, ApiError> {
    let (id, table) = path.into_inner();
    let tournament = TournamentId(id);
    let actor = find(&state, tournament).await?;
    let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
    // A table still in play closes first (refused while players sit at it); one that
    // broke has left the seating already.
    if t.seats
        .as_ref()
        .is_some_and(|s| s.seating.table(TableId(table)).is_some())
    {
        execute(
            &state,
            &who,
            tournament,
            Command::Seat(SeatCommand::CloseTable {
                table: TableId(table),
            }),
        )
        .await?;
        // The tournament gave it back to the pool as it closed (its actor tells the
        // store before answering, so this read sees it).
        let tables = ask(&state, GetTournamentTables(tournament)).await?;
        return Ok(web::Json(tournament_tables(tournament, tables)));
    }
    let tables = ask(
        &state,
        ReleaseTable {
            tournament,
            table: TableId(table),
        },
    )
    .await?;
    Ok(web::Json(tournament_tables(tournament, tables)))
}
