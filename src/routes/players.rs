//! /api/v1/players: the venue's player list (the same person enters many tournaments).

use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use felt_actors::store::messages::{AddPlayer, GetPlayer, SearchPlayers};
use felt_actors::ActorError;
use felt_domain::players::{Player, PlayerId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPlayer {
    pub name: String,
    pub nickname: Option<String>,
    pub member_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlayerAdded {
    pub player: Player,
    /// Players already on the list who look like this one (same name or member id):
    /// the floor should check it is not the same person twice.
    pub look_alikes: Vec<Player>,
}

/// Adds a player to the venue's list. Look-alikes are reported, not refused.
#[utoipa::path(
    tag = "players",
    request_body = NewPlayer,
    responses((status = 201, body = PlayerAdded), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/players")]
pub async fn add(
    state: web::Data<AppState>,
    who: crate::auth::Identity,
    body: web::Json<NewPlayer>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let player = Player {
        id: PlayerId(uuid::Uuid::new_v4()),
        name: body.name,
        nickname: body.nickname,
        member_id: body.member_id,
        phone: body.phone,
        email: body.email,
    }
    .normalized()
    .map_err(ActorError::from)?;
    let look_alikes = state
        .store
        .send(AddPlayer {
            player: player.clone(),
            at: state.clock.now(),
            by: who.operator(),
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    Ok(HttpResponse::Created().json(PlayerAdded {
        player,
        look_alikes,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Search {
    /// Any part of the name, nickname or member id, any case; empty lists everyone.
    #[serde(default)]
    pub q: String,
    /// At most this many (default 50, at most 500).
    pub limit: Option<u32>,
}

/// Finds players by any part of their name, nickname or member id.
#[utoipa::path(tag = "players", params(Search), responses((status = 200, body = Vec<Player>), (status = 400, body = ErrorBody)))]
#[get("/players")]
pub async fn search(
    state: web::Data<AppState>,
    query: web::Query<Search>,
) -> Result<web::Json<Vec<Player>>, ApiError> {
    let query = query.into_inner();
    if query.q.chars().count() > felt_domain::players::MAX_FIELD {
        return Err(ApiError::bad_request(
            "invalid_query",
            "the search is too long",
        ));
    }
    let found = state
        .store
        .send(SearchPlayers {
            part: query.q.trim().to_string(),
            limit: query.limit.unwrap_or(50).clamp(1, 500),
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    Ok(web::Json(found))
}

/// One player.
#[utoipa::path(
    tag = "players",
    params(("id" = uuid::Uuid, Path, description = "Player id")),
    responses((status = 200, body = Player), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/players/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<Player>, ApiError> {
    let found = state
        .store
        .send(GetPlayer(PlayerId(*id)))
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    found
        .map(web::Json)
        .ok_or_else(|| ApiError::NotFound(format!("no player {}", *id)))
}
