//! /api/v1/tournaments/{id}/deals: what a deal among the players left would pay each of
//! them (ICM, chip chop, even chop or custom amounts), from the payouts as they stand and
//! the stacks the floor counts (a proposal writes nothing), and recording the deal the
//! players agree on (it fixes the payouts and pays each player in it their amount).

use super::tournaments::{execute, CommandResult};
use super::{find, TournamentPath};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{post, web};
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::deals::DealKind;
use felt_domain::entries::EntryId;
use felt_domain::money::Money;
use felt_domain::structure::Chips;
use felt_domain::{Command, TournamentId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One player left and the chips they have now.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    pub entry: u32,
    pub chips: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DealRequest {
    /// `{"kind": "icm"}`, `{"kind": "chip_chop"}`, `{"kind": "even_chop"}` or
    /// `{"kind": "custom", "amounts": [...]}` (in the order of `stacks`).
    pub deal: DealKind,
    /// Every player still in, each once.
    pub stacks: Vec<Stack>,
    /// Left to play for, taken from first prize (minor units).
    #[serde(default)]
    pub play_for: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DealShare {
    pub entry: u32,
    pub chips: u64,
    pub amount: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DealProposal {
    /// The prizes of the places the players left cover, best first.
    pub prizes: Vec<Money>,
    pub shares: Vec<DealShare>,
    pub play_for: Money,
    /// What the shares add up to: the prizes less `play_for`, exactly.
    pub split: Money,
}

/// What a deal would pay each player left; nothing is recorded.
#[utoipa::path(
    tag = "entries",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = DealRequest,
    responses(
        (status = 200, body = DealProposal),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The stacks are not the players left, or the amounts break a rule"),
    )
)]
#[post("/tournaments/{id}/deals/proposal")]
pub async fn propose(
    state: web::Data<AppState>,
    id: TournamentPath,
    body: web::Json<DealRequest>,
) -> Result<web::Json<DealProposal>, ApiError> {
    let actor = find(&state, TournamentId(*id)).await?;
    let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
    let (prizes, deal) = t
        .propose_deal(&stacks(&body), body.deal.clone(), Money(body.play_for))
        .map_err(ActorError::Refused)?;
    let shares = body
        .stacks
        .iter()
        .zip(&deal.amounts)
        .map(|(s, amount)| DealShare {
            entry: s.entry,
            chips: s.chips,
            amount: *amount,
        })
        .collect();
    let covered = body.stacks.len().min(prizes.len());
    Ok(web::Json(DealProposal {
        prizes: prizes[..covered].to_vec(),
        shares,
        play_for: deal.play_for,
        split: deal.split,
    }))
}

fn stacks(body: &DealRequest) -> Vec<(EntryId, Chips)> {
    body.stacks
        .iter()
        .map(|s| (EntryId(s.entry), Chips(s.chips)))
        .collect()
}

/// Records a deal among every player still in: the payouts are fixed from then on, each
/// player in the deal gets their amount whatever their place, and whoever finishes first
/// also wins what was left to play for. Undo it to change it.
#[utoipa::path(
    tag = "entries",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = DealRequest,
    responses(
        (status = 200, body = CommandResult),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A deal is already recorded"),
        (status = 422, body = ErrorBody, description = "The stacks are not the players left, or the amounts break a rule"),
    )
)]
#[post("/tournaments/{id}/deals")]
pub async fn record(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<DealRequest>,
) -> Result<web::Json<CommandResult>, ApiError> {
    let command = Command::RecordDeal {
        stacks: stacks(&body),
        kind: body.deal.clone(),
        play_for: Money(body.play_for),
    };
    execute(&state, &who, TournamentId(*id), command).await
}
