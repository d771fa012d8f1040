//! /api/v1/tournaments/{id}/undo and /audit: undo any action (a new `undone` event; the log
//! is never edited) and the audit list of who did what, when, and what was undone.

use super::tournaments::CommandResult;
use super::{find, TournamentPath};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, web};
use felt_actors::tournament::messages::{GetLog, Undo};
use felt_actors::ActorError;
use felt_domain::tournament::AuditLine;
use felt_domain::{Seq, Tournament, TournamentId};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UndoRequest {
    /// Any event of the action to undo (its sequence number in the log); an `undone`
    /// event's number redoes what it undid.
    pub seq: Seq,
}

/// Undoes an action: the tournament becomes what it would be had the action never
/// happened. Refused, naming the event, when something recorded since depends on it.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = UndoRequest,
    responses(
        (status = 200, body = CommandResult),
        (status = 404, body = ErrorBody, description = "No such tournament or event"),
        (status = 409, body = ErrorBody, description = "A later event depends on it, it is the creation, or it is already undone"),
    )
)]
#[post("/tournaments/{id}/undo")]
pub async fn undo(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<UndoRequest>,
) -> Result<web::Json<CommandResult>, ApiError> {
    let actor = find(&state, TournamentId(*id)).await?;
    let done = actor
        .send(Undo {
            seq: body.seq,
            by: who.operator(),
        })
        .await
        .map_err(ActorError::from)??;
    Ok(web::Json(done.into()))
}

/// Every event, first first, with who caused it, when, what it was, and the event that
/// undid it if any.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses((status = 200, body = Vec<AuditLine>), (status = 404, body = ErrorBody))
)]
#[get("/tournaments/{id}/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<web::Json<Vec<AuditLine>>, ApiError> {
    let actor = find(&state, TournamentId(*id)).await?;
    let log = actor.send(GetLog).await.map_err(ActorError::from)??;
    Ok(web::Json(Tournament::audit(&log)))
}
