//! Who may do what, in one place: every route (method and pattern, as actix matched it)
//! with its minimum access, every tournament command and websocket frame with its
//! minimum role, and the middleware that applies the route table to every request.
//!
//! A route missing from the table is refused (403 `no_access_rule`), so a new route
//! cannot be served before someone declares who may call it: add ONE line to `ROUTES`.
//! The role matrix test (tests/auth_matrix.rs) walks the served OpenAPI document and
//! fails for any route whose answer does not follow this table.

use super::{Identity, Role};
use crate::errors::ApiError;
use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use felt_domain::entries::EntryCommand;
use felt_domain::tournament::SeatCommand;
use felt_domain::Command;

/// The least a caller must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, always: the pages (they hold no data) and the login itself.
    Open,
    /// The websocket: anyone may connect (a browser may send its token in the first
    /// frame), but a token presented at the door must verify; each frame is then checked
    /// (`frame_access`).
    Socket,
    /// A read safe for players (no personal data): anyone while `public.enabled`,
    /// otherwise a viewer login.
    Public,
    /// A logged-in operator with at least this role.
    Staff(Role),
}

use Access::{Open, Public, Socket, Staff};
const ADMIN: Access = Staff(Role::Admin);
const FLOOR: Access = Staff(Role::Floor);
const VIEWER: Access = Staff(Role::Viewer);

/// Every route: (method, pattern as `HttpRequest::match_pattern()` gives it, access).
pub const ROUTES: &[(&str, &str, Access)] = &[
    // The pages and their files: no data in them, they fetch it through the API.
    ("GET", "/", Open),
    ("GET", "/tv/{id}", Open),
    ("GET", "/floor", Open),
    ("GET", "/desk", Open),
    ("GET", "/static/{path:.*}", Open),
    // System.
    ("GET", "/api/health", Public),
    ("GET", "/api/openapi.json", Public),
    // The websocket: its subscriptions and commands are checked frame by frame.
    ("GET", "/ws", Socket),
    // Logging in and out.
    ("POST", "/api/v1/auth/login", Open),
    ("POST", "/api/v1/auth/logout", VIEWER),
    ("GET", "/api/v1/auth/me", VIEWER),
    ("POST", "/api/v1/auth/keys/rotate", ADMIN),
    // Staff.
    ("GET", "/api/v1/staff", ADMIN),
    ("POST", "/api/v1/staff", ADMIN),
    ("PATCH", "/api/v1/staff/{name}", ADMIN),
    ("POST", "/api/v1/staff/{name}/pin", ADMIN),
    // Structures and tournaments.
    ("GET", "/api/v1/structures", Public),
    ("GET", "/api/v1/tournaments", Public),
    ("POST", "/api/v1/tournaments", ADMIN),
    ("POST", "/api/v1/tournaments/import", ADMIN),
    ("GET", "/api/v1/tournaments/{id}", Public),
    ("GET", "/api/v1/tournaments/{id}/export", ADMIN),
    ("PUT", "/api/v1/tournaments/{id}/structure", ADMIN),
    ("POST", "/api/v1/tournaments/{id}/finish", ADMIN),
    // The audit trail names staff: staff only.
    ("GET", "/api/v1/tournaments/{id}/events", VIEWER),
    ("POST", "/api/v1/tournaments/{id}/clock", FLOOR),
    ("POST", "/api/v1/tournaments/{id}/entries", FLOOR),
    ("GET", "/api/v1/tournaments/{id}/entries", Public),
    ("GET", "/api/v1/tournaments/{id}/results", Public),
    // A proposal computes and records nothing.
    ("POST", "/api/v1/tournaments/{id}/deals/proposal", Public),
    // Payouts: the amounts are public; how they pay, locks and deals are the director's.
    ("GET", "/api/v1/tournaments/{id}/payouts", Public),
    ("PUT", "/api/v1/tournaments/{id}/payouts", ADMIN),
    ("POST", "/api/v1/tournaments/{id}/payouts/lock", ADMIN),
    ("POST", "/api/v1/tournaments/{id}/payouts/unlock", ADMIN),
    ("POST", "/api/v1/tournaments/{id}/deals", ADMIN),
    // Undo and the audit list (who did what) are the floor's.
    ("POST", "/api/v1/tournaments/{id}/undo", FLOOR),
    ("GET", "/api/v1/tournaments/{id}/audit", FLOOR),
    // Seating: who sits where is public ("find your seat"); moves are the floor's.
    ("GET", "/api/v1/tournaments/{id}/seating", Public),
    ("POST", "/api/v1/tournaments/{id}/seating", FLOOR),
    // The room's tables: given and taken back by the director.
    ("GET", "/api/v1/tables", VIEWER),
    ("POST", "/api/v1/tables", ADMIN),
    ("PUT", "/api/v1/tables/{id}", ADMIN),
    ("DELETE", "/api/v1/tables/{id}", ADMIN),
    ("GET", "/api/v1/tournaments/{id}/tables", Public),
    ("POST", "/api/v1/tournaments/{id}/tables", ADMIN),
    ("DELETE", "/api/v1/tournaments/{id}/tables/{table}", ADMIN),
    // Payout plans: the library is the director's; reading it is staff's.
    ("GET", "/api/v1/payout-plans", VIEWER),
    ("POST", "/api/v1/payout-plans", ADMIN),
    ("GET", "/api/v1/payout-plans/{id}", VIEWER),
    ("PUT", "/api/v1/payout-plans/{id}", ADMIN),
    ("DELETE", "/api/v1/payout-plans/{id}", ADMIN),
    // Chip-up computes and records nothing.
    ("POST", "/api/v1/chip-up/plan", Public),
    ("POST", "/api/v1/chip-up/race", Public),
    // Leagues: standings are public (names and points only); changes are the director's.
    ("GET", "/api/v1/leagues", Public),
    ("POST", "/api/v1/leagues", ADMIN),
    ("GET", "/api/v1/leagues/{id}", Public),
    ("POST", "/api/v1/leagues/{id}/seasons", ADMIN),
    ("POST", "/api/v1/leagues/{id}/tournaments", ADMIN),
    (
        "DELETE",
        "/api/v1/leagues/{id}/tournaments/{tournament}",
        ADMIN,
    ),
    ("GET", "/api/v1/leagues/{id}/standings", Public),
    ("GET", "/api/v1/leagues/{id}/standings.csv", Public),
    // The venue's players: phone, email and member id are personal data.
    ("GET", "/api/v1/players", FLOOR),
    ("POST", "/api/v1/players", FLOOR),
    ("GET", "/api/v1/players/{id}", FLOOR),
];

/// What the table says about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Listed(Access),
    /// The pattern is served, but not with this method.
    OtherMethod,
    /// A served pattern nobody declared.
    Unlisted,
}

pub fn rule(method: &str, pattern: &str) -> Rule {
    let mut seen = false;
    for (m, p, access) in ROUTES {
        if *p == pattern {
            if m.eq_ignore_ascii_case(method) {
                return Rule::Listed(*access);
            }
            seen = true;
        }
    }
    if seen {
        Rule::OtherMethod
    } else {
        Rule::Unlisted
    }
}

/// The role a tournament command needs, over HTTP or the websocket alike.
pub fn command_role(command: &Command) -> Role {
    match command {
        Command::EditStructure { .. }
        | Command::Finish
        | Command::ChangePayouts { .. }
        | Command::LockPayouts
        | Command::UnlockPayouts
        | Command::RecordDeal { .. } => Role::Admin,
        // Tables come and go with the director (through the venue's pool); seating
        // settings are the house's.
        Command::Seat(SeatCommand::OpenTables { .. } | SeatCommand::CloseTable { .. })
        | Command::Seat(SeatCommand::ChangeSettings { .. }) => Role::Admin,
        // Changing the buy-in, rebuys or payouts mid-tournament is the director's call.
        Command::Entry(EntryCommand::ChangeSettings { .. }) => Role::Admin,
        _ => Role::Floor,
    }
}

/// What a websocket frame needs; commands need what the same HTTP command needs (and
/// `command_role` is checked again where every command runs).
pub fn frame_access(frame: &crate::ws::protocol::ClientFrame) -> Access {
    use crate::ws::protocol::ClientFrame as F;
    match frame {
        F::Auth { .. } => Open,
        F::Clock { command, .. } => Staff(command_role(&command.clone().into())),
        F::Subscribe { .. }
        | F::Unsubscribe { .. }
        | F::SubscribeVenue {}
        | F::UnsubscribeVenue {} => Public,
    }
}

/// Whether `who` (if anyone) passes `access`; the error to answer if not.
pub fn allow(access: Access, who: Option<&Identity>, public: bool) -> Result<(), ApiError> {
    let needed = match access {
        Open | Socket => return Ok(()),
        Public if public => return Ok(()),
        Public => Role::Viewer,
        Staff(role) => role,
    };
    match who {
        None => Err(ApiError::unauthorized("token_missing", "log in first")),
        Some(who) => who.require(needed),
    }
}

/// The token a request carries: `Authorization: Bearer`, or for the websocket (browsers
/// cannot set its headers) `?token=` in the query string.
fn token_of(req: &ServiceRequest, websocket: bool) -> Option<String> {
    if let Some(value) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or_default();
        return Some(
            text.strip_prefix("Bearer ")
                .or_else(|| text.strip_prefix("bearer "))
                .unwrap_or("")
                .trim()
                .to_string(),
        );
    }
    if websocket {
        return web::Query::<std::collections::HashMap<String, String>>::from_query(
            req.query_string(),
        )
        .ok()
        .and_then(|q| q.get("token").cloned());
    }
    None
}

/// The middleware: authenticates the token (if any) and applies `ROUTES`. A request
/// that carries a token that does not verify is refused (401) on every route but the
/// `Open` ones, so a stale token is noticed rather than silently ignored.
pub async fn authorize<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let refuse = |req: ServiceRequest, e: ApiError| {
        Ok(req.into_response(e.error_response()).map_into_right_body())
    };
    if req.conn_data::<crate::limits::OverLimit>().is_some() {
        return refuse(req, felt_actors::ActorError::TooManySessions.into());
    }
    let Some(pattern) = req.match_pattern() else {
        // Nothing is served here: the default service answers 404.
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let access = match rule(req.method().as_str(), &pattern) {
        Rule::Listed(access) => access,
        Rule::OtherMethod => {
            // Served with other methods only: nothing here (as before the policy existed).
            let e = ApiError::NotFound(format!("nothing at {} {}", req.method(), req.path()));
            return refuse(req, e);
        }
        Rule::Unlisted => {
            tracing::error!(%pattern, method = %req.method(), "route without an access rule refused: add it to auth::policy::ROUTES");
            return refuse(req, ApiError::NoPolicy(pattern));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return refuse(req, ApiError::NoPolicy(pattern));
    };
    let who = match token_of(&req, pattern == "/ws") {
        None => None,
        Some(token) => match state.auth.verify(&token, state.clock.now() / 1000) {
            Ok(who) => Some(who),
            Err(_) if access == Open => None,
            Err(e) => return refuse(req, e.into()),
        },
    };
    if let Err(e) = allow(access, who.as_ref(), state.settings.public.enabled) {
        return refuse(req, e);
    }
    if let Some(who) = who {
        req.extensions_mut().insert(who);
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_is_listed_once_and_lookups_follow_the_table() {
        let mut seen = std::collections::HashSet::new();
        for (m, p, _) in ROUTES {
            assert!(seen.insert((m, p)), "{m} {p} listed twice");
        }
        assert_eq!(rule("get", "/api/v1/players"), Rule::Listed(FLOOR));
        assert_eq!(rule("DELETE", "/api/v1/players"), Rule::OtherMethod);
        assert_eq!(rule("GET", "/api/v1/secret"), Rule::Unlisted);
    }

    #[test]
    fn roles_include_the_ones_below() {
        let who = |role| Identity {
            id: uuid::Uuid::nil(),
            name: "x".into(),
            role,
            jti: String::new(),
            exp: 0,
        };
        assert!(allow(FLOOR, Some(&who(Role::Admin)), true).is_ok());
        assert!(allow(FLOOR, Some(&who(Role::Viewer)), true).is_err());
        assert!(allow(Public, None, true).is_ok());
        assert!(allow(Public, None, false).is_err());
        assert!(allow(Public, Some(&who(Role::Viewer)), false).is_ok());
        assert!(allow(Open, None, false).is_ok());
    }
}
