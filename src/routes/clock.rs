//! POST /api/v1/tournaments/{id}/clock: every clock command, one JSON body each.

use super::tournaments::{execute, CommandResult};
use super::TournamentPath;
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{post, web};
use felt_domain::{Command, TournamentId};
use serde::Deserialize;
use utoipa::ToSchema;

/// A clock command. Levels are numbered from 0 in the structure's list (breaks count).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
// Unit variants would accept any extra field: empty struct variants refuse them.
pub enum ClockAction {
    Start {},
    Pause {},
    Resume {},
    NextLevel {},
    PreviousLevel {},
    Jump {
        level: usize,
    },
    /// Set the time left in the current level.
    SetTime {
        remaining_secs: u32,
    },
    /// Add (positive) or remove (negative) time from the current level.
    AdjustTime {
        delta_secs: i32,
    },
}

impl From<ClockAction> for Command {
    fn from(action: ClockAction) -> Self {
        match action {
            ClockAction::Start {} => Command::StartClock,
            ClockAction::Pause {} => Command::PauseClock,
            ClockAction::Resume {} => Command::ResumeClock,
            ClockAction::NextLevel {} => Command::NextLevel,
            ClockAction::PreviousLevel {} => Command::PreviousLevel,
            ClockAction::Jump { level } => Command::JumpToLevel { level },
            ClockAction::SetTime { remaining_secs } => Command::SetTimeLeft {
                remaining_ms: i64::from(remaining_secs) * 1000,
            },
            ClockAction::AdjustTime { delta_secs } => Command::AdjustTime {
                delta_ms: i64::from(delta_secs) * 1000,
            },
        }
    }
}

/// Drives the clock. Answered once the change is on disk; refused with 409 when it does
/// not fit the clock's state (resume a running clock, previous level at the first).
#[utoipa::path(
    tag = "clock",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = ClockAction,
    responses(
        (status = 200, body = CommandResult),
        (status = 400, body = ErrorBody, description = "Malformed request"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Does not fit the clock's state"),
        (status = 422, body = ErrorBody, description = "Invalid value"),
    )
)]
#[post("/tournaments/{id}/clock")]
pub async fn command(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<ClockAction>,
) -> Result<web::Json<CommandResult>, ApiError> {
    execute(&state, &who, TournamentId(*id), body.into_inner().into()).await
}
