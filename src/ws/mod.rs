//! Websockets: the upgrade route, the wire protocol, and one session actor per socket.

pub mod protocol;
mod session;

use crate::errors::ApiError;
use crate::state::AppState;
use actix::Actor;
use actix_web::{get, web, HttpMessage, HttpRequest, HttpResponse};
use felt_actors::supervisor::messages::GetStats;
use felt_actors::ActorError;
pub use session::{Rights, WsSession};
use std::collections::HashMap;

/// Opens a websocket (see docs/PROTOCOL.md). Refused with 503 when the server already
/// holds its maximum of sessions, or the client's address its own maximum. A token may
/// come as `?token=` (checked by the policy middleware, like a header) or later in an
/// `auth` frame.
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
    let slot = state
        .ws_clients
        .take(
            req.peer_addr().map(|a| a.ip()),
            state.settings.ws.max_sessions_per_ip,
        )
        .ok_or(ActorError::TooManySessions)?;
    let token = req
        .extensions()
        .get::<crate::auth::Identity>()
        .is_some()
        .then(|| token_in(&req))
        .flatten();
    let (response, session, stream) = actix_ws::handle(&req, body)
        .map_err(|e| ApiError::bad_request("not_a_websocket", e.to_string()))?;
    let stream = stream.max_frame_size(state.settings.ws.max_frame_bytes);
    WsSession::new(
        session,
        stream,
        state.supervisor.clone(),
        state.clock.clone(),
        state.settings.ws.outbox_frames,
        Rights {
            auth: state.auth.clone(),
            token,
            public: state.settings.public.enabled,
            frames_per_sec: state.settings.ws.max_frames_per_sec,
            max_json_depth: state.settings.server.max_json_depth,
            screens: state.live_screens.clone(),
            _slot: slot,
        },
    )
    .start();
    Ok(response)
}

/// The token the middleware accepted: the header's, else the query string's.
fn token_in(req: &HttpRequest) -> Option<String> {
    if let Some(h) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        return h
            .to_str()
            .ok()
            .and_then(|t| t.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
    }
    web::Query::<HashMap<String, String>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.get("token").cloned())
}
