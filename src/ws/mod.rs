//! Websockets: the upgrade route, the wire protocol, and one session actor per socket.

pub mod protocol;
mod session;

use crate::errors::ApiError;
use crate::state::AppState;
use actix::Actor;
use actix_web::{get, web, HttpRequest, HttpResponse};
use felt_actors::supervisor::messages::GetStats;
use felt_actors::ActorError;
pub use session::WsSession;

/// Opens a websocket (see docs/PROTOCOL.md). Refused with 503 when the server already
/// holds its maximum of sessions.
#[utoipa::path(
    tag = "live",
    responses(
        (status = 101, description = "Switching to the websocket protocol"),
        (status = 400, description = "Not a websocket upgrade", body = crate::errors::ErrorBody),
        (status = 503, description = "Too many open sessions", body = crate::errors::ErrorBody),
    )
)]
#[get("/ws")]
pub async fn connect(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let stats = state
        .supervisor
        .send(GetStats)
        .await
        .map_err(ActorError::from)?;
    if stats.sessions >= state.settings.ws.max_sessions {
        return Err(ActorError::TooManySessions.into());
    }
    let (response, session, stream) = actix_ws::handle(&req, body)
        .map_err(|e| ApiError::bad_request("not_a_websocket", e.to_string()))?;
    let stream = stream.max_frame_size(state.settings.ws.max_frame_bytes);
    WsSession::new(
        session,
        stream,
        state.supervisor.clone(),
        state.clock.clone(),
        state.settings.ws.outbox_frames,
    )
    .start();
    Ok(response)
}
