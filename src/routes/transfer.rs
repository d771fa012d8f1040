//! Moving a tournament between boxes: export its whole log as one JSON document, import
//! such a document (replaying it gives the same state).

use super::tournaments::CommandResult;
use super::{find, TournamentPath};
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use felt_actors::store::messages::GetEvents;
use felt_actors::supervisor::messages::Import;
use felt_actors::ActorError;
use felt_domain::{Recorded, TournamentId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The name and version of the export format.
pub const FORMAT: &str = "felt-tournament-log";
pub const VERSION: u32 = 1;

/// A tournament's whole log.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always `felt-tournament-log`.
    pub format: String,
    pub version: u32,
    pub tournament: TournamentId,
    pub events: Vec<Recorded>,
}

/// Pages of the log read per request to the store while exporting.
const PAGE: u32 = 1000;

/// The tournament's whole log, to archive it or import it on another box.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses((status = 200, body = Export), (status = 404, body = ErrorBody))
)]
#[get("/tournaments/{id}/export")]
pub async fn export(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<HttpResponse, ApiError> {
    let id = TournamentId(*id);
    find(&state, id).await?;
    let mut events: Vec<Recorded> = Vec::new();
    loop {
        let after = events.last().map_or(0, |e| e.seq);
        let page = state
            .store
            .send(GetEvents {
                tournament: id,
                after,
                limit: PAGE,
            })
            .await
            .map_err(ActorError::from)?
            .map_err(ActorError::from)?;
        if page.is_empty() {
            break;
        }
        events.extend(page);
    }
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"tournament-{id}.json\""),
        ))
        .json(Export {
            format: FORMAT.into(),
            version: VERSION,
            tournament: id,
            events,
        }))
}

/// Brings in an exported log. Refused if it does not replay (gaps, wrong order, not
/// starting with the creation) or if the tournament already exists here.
#[utoipa::path(
    tag = "tournaments",
    request_body = Export,
    responses(
        (status = 201, body = CommandResult),
        (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The tournament already exists"),
        (status = 422, body = ErrorBody, description = "Not a whole, ordered log"),
    )
)]
#[post("/tournaments/import")]
pub async fn import(
    state: web::Data<AppState>,
    body: web::Json<Export>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if body.format != FORMAT || body.version != VERSION {
        return Err(ApiError::bad_request(
            "unsupported_format",
            format!("expected format `{FORMAT}` version {VERSION}"),
        ));
    }
    if body.events.first().and_then(|e| created_id(&e.event)) != Some(body.tournament) {
        return Err(ApiError::bad_request(
            "invalid_log",
            "the first event must create the tournament named in `tournament`",
        ));
    }
    let done = state
        .supervisor
        .send(Import { log: body.events })
        .await
        .map_err(ActorError::from)??;
    Ok(HttpResponse::Created().json(CommandResult::from(done)))
}

fn created_id(event: &felt_domain::Event) -> Option<TournamentId> {
    match event {
        felt_domain::Event::TournamentCreated { id, .. } => Some(*id),
        _ => None,
    }
}
