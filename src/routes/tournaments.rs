//! /api/v1/tournaments: create, list, read, edit the structure, finish.

use super::{find, TournamentPath};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpResponse};
use felt_actors::supervisor::messages::{Create, List};
use felt_actors::tournament::messages::{Execute, Executed, GetState};
use felt_actors::ActorError;
use felt_domain::structure::{template, Chips, Level, Structure};
use felt_domain::tournament::Summary;
use felt_domain::{
    ClockView, Command, NewTournament, Seq, Timestamp, TournamentId, TournamentView,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new tournament: a built-in `structure` by id, or custom `levels`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTournament {
    pub name: String,
    /// Id of a built-in structure (`turbo`, `regular`, `deep_stack`).
    pub structure: Option<String>,
    /// Custom levels instead of a built-in structure.
    pub levels: Option<Vec<Level>>,
    /// Chips each entry starts with; defaults to the built-in structure's.
    pub starting_stack: Option<u64>,
    /// When play is due to start (ms since the Unix epoch).
    pub scheduled_start: Option<Timestamp>,
    /// Start the clock by itself at `scheduled_start`.
    #[serde(default)]
    pub auto_start: bool,
    /// Buy-in and its split, starting chips, late registration, re-entries, rebuys,
    /// add-on, bounties, guarantee. Defaults to a freezeout.
    #[serde(default)]
    pub entry_settings: Option<felt_domain::entries::EntrySettings>,
    /// How the pool is paid: the plan (default Felt's standard), rounding unit, the place
    /// that gets the remainder, currency, satellite seats.
    #[serde(default)]
    pub payouts: Option<felt_domain::payouts::PayoutSettings>,
}

/// The outcome of a command: where the log stands and the tournament after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommandResult {
    pub seq: Seq,
    pub state: TournamentView,
    /// Things in the structure a director should look at (antes above the big blind...).
    pub warnings: Vec<String>,
}

impl From<Executed> for CommandResult {
    fn from(done: Executed) -> Self {
        CommandResult {
            seq: done.seq,
            warnings: done.view.structure.warnings(),
            state: done.view,
        }
    }
}

/// A tournament as it stands: its state and the clock computed for `server_time`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TournamentReport {
    pub seq: Seq,
    pub server_time: Timestamp,
    pub state: TournamentView,
    pub clock: ClockView,
}

fn structure_of(body: &CreateTournament) -> Result<(Structure, Option<Chips>), ApiError> {
    match (&body.structure, &body.levels) {
        (Some(id), None) => {
            let t = template(id).ok_or_else(|| {
                ApiError::bad_request("unknown_structure", format!("no built-in structure `{id}`"))
            })?;
            Ok((t.structure, Some(t.starting_stack)))
        }
        (None, Some(levels)) => Ok((
            Structure {
                name: "Custom".into(),
                levels: levels.clone(),
            },
            None,
        )),
        _ => Err(ApiError::bad_request(
            "invalid_structure",
            "give either `structure` (a built-in id) or `levels`, not both",
        )),
    }
}

/// Creates a tournament. Answered once its creation is on disk.
#[utoipa::path(
    tag = "tournaments",
    request_body = CreateTournament,
    responses(
        (status = 201, body = CommandResult),
        (status = 400, body = ErrorBody, description = "Malformed request"),
        (status = 422, body = ErrorBody, description = "Invalid name, structure or stack"),
    )
)]
#[post("/tournaments")]
pub async fn create(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<CreateTournament>,
) -> Result<HttpResponse, ApiError> {
    let (structure, default_stack) = structure_of(&body)?;
    let starting_stack = body
        .starting_stack
        .map(Chips)
        .or(default_stack)
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid_value",
                "`starting_stack` is required with custom levels",
            )
        })?;
    let new = NewTournament {
        id: TournamentId(uuid::Uuid::new_v4()),
        name: body.name.clone(),
        structure,
        starting_stack,
        scheduled_start: body.scheduled_start,
        auto_start: body.auto_start,
        entry_settings: body.entry_settings.clone().unwrap_or_default(),
        payouts: body.payouts.clone().unwrap_or_default(),
    };
    let done = state
        .supervisor
        .send(Create {
            new,
            by: who.operator(),
        })
        .await
        .map_err(ActorError::from)??;
    Ok(HttpResponse::Created().json(CommandResult::from(done)))
}

/// Every tournament loaded on this server: the unfinished ones and any finished one read
/// since start.
#[utoipa::path(tag = "tournaments", responses((status = 200, body = Vec<Summary>)))]
#[get("/tournaments")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<Vec<Summary>>, ApiError> {
    let all = state
        .supervisor
        .send(List)
        .await
        .map_err(ActorError::from)?;
    Ok(web::Json(all))
}

/// One tournament, with its clock computed for now.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses(
        (status = 200, body = TournamentReport),
        (status = 400, body = ErrorBody, description = "The id is not a UUID"),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/tournaments/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<web::Json<TournamentReport>, ApiError> {
    let actor = find(&state, TournamentId(*id)).await?;
    let report = actor.send(GetState).await.map_err(ActorError::from)?;
    Ok(web::Json(TournamentReport {
        seq: report.seq,
        server_time: report.now,
        state: report.view,
        clock: report.clock,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditStructure {
    /// The whole new list of levels; those already played must be unchanged.
    pub levels: Vec<Level>,
}

/// Replaces the structure, even while the clock runs: the current level keeps the time it
/// has already run.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = EditStructure,
    responses(
        (status = 200, body = CommandResult),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Invalid structure, or it changes levels already played"),
    )
)]
#[put("/tournaments/{id}/structure")]
pub async fn edit_structure(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<EditStructure>,
) -> Result<web::Json<CommandResult>, ApiError> {
    let command = Command::EditStructure {
        levels: body.into_inner().levels,
    };
    execute(&state, &who, TournamentId(*id), command).await
}

/// Ends the tournament: the clock stops for good and it is no longer rebuilt at start.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses((status = 200, body = CommandResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/tournaments/{id}/finish")]
pub async fn finish(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
) -> Result<web::Json<CommandResult>, ApiError> {
    execute(&state, &who, TournamentId(*id), Command::Finish).await
}

/// Sends one command to a tournament for `who` and answers with the outcome.
pub async fn execute(
    state: &AppState,
    who: &Identity,
    id: TournamentId,
    command: Command,
) -> Result<web::Json<CommandResult>, ApiError> {
    Ok(web::Json(
        run(&state.supervisor, who, id, command).await?.into(),
    ))
}

/// Runs one command for `who`, over HTTP or the websocket alike. The role the command
/// needs is checked here (`auth::policy::command_role`), whatever way it arrived.
pub async fn run(
    supervisor: &actix::Addr<felt_actors::Supervisor>,
    who: &Identity,
    id: TournamentId,
    command: Command,
) -> Result<Executed, ApiError> {
    who.require(crate::auth::policy::command_role(&command))?;
    let actor = supervisor
        .send(felt_actors::supervisor::messages::Lookup(id))
        .await
        .map_err(ActorError::from)??;
    Ok(actor
        .send(Execute {
            command,
            by: who.operator(),
        })
        .await
        .map_err(ActorError::from)??)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    /// Only events after this sequence number (default 0: from the start).
    #[serde(default)]
    pub after: Seq,
    /// At most this many (default and maximum 1000).
    pub limit: Option<u32>,
}

/// Most events one page of the log returns.
const EVENTS_PAGE: u32 = 1000;

/// The tournament's log: every event with who caused it and when (the audit trail).
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id"), EventsQuery),
    responses((status = 200, body = Vec<felt_domain::Recorded>), (status = 404, body = ErrorBody))
)]
#[get("/tournaments/{id}/events")]
pub async fn events(
    state: web::Data<AppState>,
    id: TournamentPath,
    query: web::Query<EventsQuery>,
) -> Result<web::Json<Vec<felt_domain::Recorded>>, ApiError> {
    let id = TournamentId(*id);
    if i64::try_from(query.after).is_err() {
        return Err(ApiError::bad_request(
            "invalid_query",
            "`after` is beyond any sequence number",
        ));
    }
    find(&state, id).await?;
    let limit = query.limit.unwrap_or(EVENTS_PAGE).clamp(1, EVENTS_PAGE);
    let events = state
        .store
        .send(felt_actors::store::messages::GetEvents {
            tournament: id,
            after: query.after,
            limit,
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    Ok(web::Json(events))
}
