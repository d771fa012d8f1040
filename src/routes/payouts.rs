//! /api/v1/tournaments/{id}/payouts: how a tournament pays (plan, rounding unit, the place
//! that gets the remainder, currency, satellite seats), the amounts as they stand, and
//! locking them so they no longer follow the field.

use super::tournaments::{execute, CommandResult};
use super::{find, TournamentPath};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, put, web};
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::money::Money;
use felt_domain::payouts::{PayoutSettings, PrizePool};
use felt_domain::{Command, TournamentId};
use serde::Serialize;
use utoipa::ToSchema;

/// A tournament's payouts as they stand.
#[derive(Debug, Serialize, ToSchema)]
pub struct Payouts {
    pub settings: PayoutSettings,
    pub prize_pool: PrizePool,
    /// What each place gets, best first; they add up to exactly the pool.
    pub amounts: Vec<Money>,
    /// The amounts no longer follow the field (locked, or fixed by a deal).
    pub locked: bool,
}

/// The payout settings, the pool and what each place gets now.
#[utoipa::path(
    tag = "payouts",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses(
        (status = 200, body = Payouts),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The plan has no row for this field"),
    )
)]
#[get("/tournaments/{id}/payouts")]
pub async fn get(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<web::Json<Payouts>, ApiError> {
    let actor = find(&state, TournamentId(*id)).await?;
    let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
    let amounts = t.prizes().map_err(ActorError::Refused)?;
    Ok(web::Json(Payouts {
        locked: t.payouts_fixed(),
        prize_pool: t.entries.prize_pool(),
        settings: t.payouts,
        amounts,
    }))
}

/// New payout settings; refused once the payouts are locked. Amounts already paid in are
/// not touched: only how the pool is split.
#[utoipa::path(
    tag = "payouts",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = PayoutSettings,
    responses(
        (status = 200, body = CommandResult),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The payouts are locked, or a deal is recorded"),
        (status = 422, body = ErrorBody, description = "A row that does not add up to 100%, a bad unit or currency"),
    )
)]
#[put("/tournaments/{id}/payouts")]
pub async fn change(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<PayoutSettings>,
) -> Result<web::Json<CommandResult>, ApiError> {
    let command = Command::ChangePayouts {
        settings: body.into_inner(),
    };
    execute(&state, &who, TournamentId(*id), command).await
}

/// Fixes the amounts as they stand; until unlocked, nothing that changes the pool
/// (entries, rebuys, add-ons) is accepted.
#[utoipa::path(
    tag = "payouts",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses(
        (status = 200, body = CommandResult),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Already locked, or a deal is recorded"),
        (status = 422, body = ErrorBody, description = "No entries yet"),
    )
)]
#[post("/tournaments/{id}/payouts/lock")]
pub async fn lock(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
) -> Result<web::Json<CommandResult>, ApiError> {
    execute(&state, &who, TournamentId(*id), Command::LockPayouts).await
}

/// The amounts follow the field again.
#[utoipa::path(
    tag = "payouts",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses(
        (status = 200, body = CommandResult),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A deal fixes them"),
        (status = 422, body = ErrorBody, description = "Not locked"),
    )
)]
#[post("/tournaments/{id}/payouts/unlock")]
pub async fn unlock(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
) -> Result<web::Json<CommandResult>, ApiError> {
    execute(&state, &who, TournamentId(*id), Command::UnlockPayouts).await
}
