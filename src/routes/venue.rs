//! What the venue's resources (payout plans, leagues, tables) share: asking the
//! persistence actor, and the checks on the names people type.

use crate::errors::ApiError;
use crate::state::AppState;
use felt_actors::store::venue::VenueError;
use felt_actors::{ActorError, Store};
use felt_domain::structure::MAX_TEXT;

/// Sends one venue message to the store and maps every failure to its API error.
pub async fn ask<M, T>(state: &AppState, msg: M) -> Result<T, ApiError>
where
    M: actix::Message<Result = Result<T, VenueError>> + Send + 'static,
    T: Send + 'static,
    Store: actix::Handler<M>,
{
    let answer = state.store.send(msg).await.map_err(ActorError::from)?;
    Ok(answer?)
}

/// A name or label: trimmed, 1 to `MAX_TEXT` characters; `what` names the field in the
/// error (422 `invalid_name`).
pub fn name(what: &str, text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT {
        return Err(ApiError::invalid(
            "invalid_name",
            format!("the {what} must be 1 to {MAX_TEXT} characters"),
        ));
    }
    Ok(text.to_string())
}

/// An optional label: blank is none.
pub fn label(what: &str, text: Option<&str>) -> Result<Option<String>, ApiError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => name(what, t).map(Some),
    }
}
