//! The HTTP API, one resource a file, collected into the OpenAPI document as it is
//! mounted (so a route cannot be served without being documented).

pub mod chipup;
pub mod clock;
pub mod deals;
pub mod entries;
pub mod health;
pub mod leagues;
pub mod payout_plans;
pub mod payouts;
pub mod players;
pub mod seating;
pub mod structures;
pub mod tables;
pub mod tournaments;
pub mod transfer;
pub mod undo;
pub mod venue;

use crate::errors::ApiError;
use crate::state::AppState;
use actix_web::web;
use felt_actors::supervisor::messages::Lookup;
use felt_actors::{ActorError, TournamentActor};
use felt_domain::TournamentId;
use utoipa::OpenApi;
use utoipa_actix_web::scope::scope;
use utoipa_actix_web::service_config::ServiceConfig;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Felt",
        description = "Live poker tournaments for a card room: clocks, structures, the venue overview. \
                       Errors are always `{\"error\":{\"code\",\"message\"}}`. The websocket protocol is in docs/PROTOCOL.md.",
    ),
    tags(
        (name = "tournaments", description = "Create, list and read tournaments"),
        (name = "clock", description = "Drive a tournament's clock"),
        (name = "structures", description = "Built-in structures"),
        (name = "players", description = "The venue's player list"),
        (name = "entries", description = "Registrations, rebuys, add-ons, busts, deals, standings and results"),
        (name = "seating", description = "Tables, seats, balancing and moves"),
        (name = "payouts", description = "How a tournament pays, and locking the amounts"),
        (name = "payout plans", description = "The venue's library of payout plans"),
        (name = "chip-up", description = "Color-ups, chip races and structure checks against a chip set"),
        (name = "leagues", description = "Leagues, seasons and standings"),
        (name = "tables", description = "The room's tables and which tournament holds them"),
        (name = "system", description = "Health"),
        (name = "live", description = "The websocket"),
    )
)]
pub struct ApiDoc;

/// Mounts every API route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(crate::ws::connect)
        .service(
            scope("/api/v1")
                .service(structures::list)
                .service(tournaments::create)
                .service(transfer::import)
                .service(transfer::export)
                .service(tournaments::list)
                .service(tournaments::get)
                .service(tournaments::edit_structure)
                .service(tournaments::finish)
                .service(tournaments::events)
                .service(clock::command)
                .service(entries::command)
                .service(entries::list)
                .service(entries::results)
                .service(deals::propose)
                .service(deals::record)
                .service(payouts::get)
                .service(payouts::change)
                .service(payouts::lock)
                .service(payouts::unlock)
                .service(seating::get)
                .service(seating::act)
                .service(undo::undo)
                .service(undo::audit)
                .service(players::add)
                .service(players::search)
                .service(players::get)
                .service(payout_plans::list)
                .service(payout_plans::get)
                .service(payout_plans::add)
                .service(payout_plans::replace)
                .service(payout_plans::remove)
                .service(chipup::chip_plan)
                .service(chipup::chip_race)
                .service(leagues::list)
                .service(leagues::create)
                .service(leagues::get)
                .service(leagues::add_season)
                .service(leagues::add_tournament)
                .service(leagues::remove_tournament)
                .service(leagues::standings)
                .service(leagues::standings_csv)
                .service(tables::list)
                .service(tables::add)
                .service(tables::replace)
                .service(tables::remove)
                .service(tables::give)
                .service(tables::held)
                .service(tables::release),
        );
}

/// The tournament's actor, or 404.
pub async fn find(
    state: &AppState,
    id: TournamentId,
) -> Result<actix::Addr<TournamentActor>, ApiError> {
    let found = state
        .supervisor
        .send(Lookup(id))
        .await
        .map_err(ActorError::from)?;
    Ok(found?)
}

/// Path parameter of the tournament routes.
pub type TournamentPath = web::Path<uuid::Uuid>;
