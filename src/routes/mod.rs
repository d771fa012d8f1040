//! The HTTP API, one resource a file, collected into the OpenAPI document as it is
//! mounted (so a route cannot be served without being documented).

pub mod auth;
pub mod chipup;
pub mod clock;
pub mod deals;
pub mod entries;
pub mod health;
pub mod leagues;
pub mod payout_plans;
pub mod payouts;
pub mod players;
pub mod qr;
pub mod screens;
pub mod seating;
pub mod staff;
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
        (name = "structures", description = "Built-in structures and the structure generator"),
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
        (name = "auth", description = "Log in and out (a bearer token for a shift)"),
        (name = "staff", description = "Operators and their roles (admin)"),
        (name = "screens", description = "Pairing TV screens and what they show"),
    ),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

/// Declares the bearer token scheme; each operation's requirement is filled in from the
/// policy table at start (`describe_access`).
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("From POST /api/v1/auth/login"))
                    .build(),
            ),
        );
    }
}

/// Writes each operation's access from `auth::policy::ROUTES` into the document: the
/// security requirement and a line in its description.
pub fn describe_access(api: &mut utoipa::openapi::OpenApi) {
    use crate::auth::policy::{rule, Access, Rule};
    use utoipa::openapi::security::SecurityRequirement;
    for (path, item) in api.paths.paths.iter_mut() {
        let ops = [
            ("GET", &mut item.get),
            ("POST", &mut item.post),
            ("PUT", &mut item.put),
            ("PATCH", &mut item.patch),
            ("DELETE", &mut item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op.as_mut() else { continue };
            let (line, secured) = match rule(method, path) {
                Rule::Listed(Access::Open) => ("Access: anyone.".to_string(), false),
                Rule::Listed(Access::Socket) => (
                    "Access: anyone may connect; a token given must be valid; subscriptions follow `public.enabled`, commands need their role.".to_string(),
                    false,
                ),
                Rule::Listed(Access::Public) => (
                    "Access: anyone while `public.enabled`, otherwise a viewer login.".to_string(),
                    false,
                ),
                Rule::Listed(Access::Staff(role)) => {
                    (format!("Access: role `{role}` or above."), true)
                }
                _ => ("Access: refused (no access rule).".to_string(), true),
            };
            let text = op.description.take().unwrap_or_default();
            op.description = Some(if text.is_empty() {
                line
            } else {
                format!("{text}\n\n{line}")
            });
            op.security = Some(if secured {
                vec![SecurityRequirement::new("bearer", Vec::<String>::new())]
            } else {
                vec![
                    SecurityRequirement::default(),
                    SecurityRequirement::new("bearer", Vec::<String>::new()),
                ]
            });
        }
    }
}

/// Mounts every API route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(crate::ws::connect)
        .service(
            scope("/api/v1")
                .service(auth::login)
                .service(auth::logout)
                .service(auth::me)
                .service(auth::rotate)
                .service(staff::list)
                .service(staff::add)
                .service(staff::edit)
                .service(staff::reset_pin)
                .service(screens::start_pairing)
                .service(screens::poll_pairing)
                .service(screens::me)
                .service(screens::list)
                .service(screens::pair)
                .service(screens::edit)
                .service(screens::revoke)
                .service(structures::list)
                .service(structures::generate)
                .service(tournaments::create)
                .service(transfer::import)
                .service(transfer::export)
                .service(tournaments::list)
                .service(tournaments::get)
                .service(tournaments::edit_structure)
                .service(tournaments::finish)
                .service(tournaments::events)
                .service(qr::qr)
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
