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
    ("GET", "/tv", Open),
    ("GET", "/tv/{id}", Open),
    ("GET", "/phone/{id}", Open),
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
    // Screens: an unpaired TV asks for a code and polls for its token (rate-limited per
    // address); pairing, naming, assigning and revoking are the director's.
    ("POST", "/api/v1/screens/pairing", Open),
    ("GET", "/api/v1/screens/pairing/{secret}", Open),
    ("GET", "/api/v1/screens/me", VIEWER),
    ("GET", "/api/v1/screens", ADMIN),
    ("POST", "/api/v1/screens", ADMIN),
    ("PATCH", "/api/v1/screens/{id}", ADMIN),
    ("POST", "/api/v1/screens/{id}/revoke", ADMIN),
    // Structures and tournaments.
    ("GET", "/api/v1/structures", Public),
    ("POST", "/api/v1/structures/generate", ADMIN),
    ("GET", "/api/v1/tournaments", Public),
    ("POST", "/api/v1/tournaments", ADMIN),
    ("POST", "/api/v1/tournaments/import", ADMIN),
    ("GET", "/api/v1/tournaments/{id}", Public),
    ("GET", "/api/v1/tournaments/{id}/export", ADMIN),
    // The phone page's address as a QR code, for the TV.
    ("GET", "/api/v1/tournaments/{id}/qr.svg", Public),
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

/// The pattern of `ROUTES` a path falls under, found by comparing segments (a literal
/// beats a `{parameter}`, which beats a `{rest:.*}` tail), without the regular expressions
/// of `HttpRequest::match_pattern()`, which walks every route of the app for each request
/// (a seventh of the server's time under load). The router picks the same pattern: a test
/// compares the two for every listed route and every ambiguous path between them. A path
/// under no listed pattern goes to `match_pattern()`, so an unlisted route is still
/// caught.
pub fn listed_pattern(path: &str) -> Option<&'static str> {
    static PARSED: std::sync::OnceLock<Vec<(Vec<Segment>, &'static str)>> =
        std::sync::OnceLock::new();
    let table = PARSED.get_or_init(|| {
        let mut patterns: Vec<&'static str> = ROUTES.iter().map(|(_, p, _)| *p).collect();
        patterns.sort_unstable();
        patterns.dedup();
        patterns.into_iter().map(|p| (segments_of(p), p)).collect()
    });
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    table
        .iter()
        .filter_map(|(segs, p)| fits(segs, &parts).map(|rank| (rank, *p)))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, p)| p)
}

/// One segment of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    /// `{name:.*}`: everything from here on.
    Rest,
    /// `{name}`: any one non-empty segment without a slash.
    Param,
    Literal(&'static str),
}

fn segments_of(pattern: &'static str) -> Vec<Segment> {
    pattern
        .split('/')
        .skip(1)
        .map(|s| match s.strip_prefix('{') {
            Some(inner) if inner.ends_with(":.*}") => Segment::Rest,
            Some(_) => Segment::Param,
            None => Segment::Literal(s),
        })
        .collect()
}

/// Whether `parts` fit `segs`; if so, how specific the fit is (compared segment by
/// segment: literals first).
fn fits(segs: &[Segment], parts: &[&str]) -> Option<Vec<u8>> {
    let mut rank = Vec::with_capacity(segs.len());
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Segment::Rest => {
                parts.get(i)?;
                rank.push(0);
                return Some(rank);
            }
            Segment::Param => {
                let part = parts.get(i)?;
                if part.is_empty() {
                    return None;
                }
                rank.push(1);
            }
            Segment::Literal(l) => {
                if parts.get(i)? != l {
                    return None;
                }
                rank.push(2);
            }
        }
    }
    (parts.len() == segs.len()).then_some(rank)
}

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
        // Answered once, then the connection is closed (see `limits`).
        let e = ApiError::from(felt_actors::ActorError::TooManySessions);
        let response = actix_web::HttpResponse::build(e.status_code())
            .force_close()
            .json(e.body());
        return Ok(req.into_response(response).map_into_right_body());
    }
    // The path as the router sees it (percent-decoded where that is safe).
    let listed = listed_pattern(req.match_info().as_str());
    let Some(pattern) = listed.map(str::to_string).or_else(|| req.match_pattern()) else {
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

    /// Answers each request with the pattern the router's own map gives its path and the
    /// one `listed_pattern` gives, instead of serving it.
    async fn both_patterns(
        req: ServiceRequest,
        _: Next<impl MessageBody>,
    ) -> Result<ServiceResponse, actix_web::Error> {
        let router = req.match_pattern();
        let ours = listed_pattern(req.match_info().as_str());
        let text = format!(
            "{}|{}",
            router.unwrap_or_default(),
            ours.unwrap_or_default()
        );
        Ok(req.into_response(actix_web::HttpResponse::Ok().body(text)))
    }

    /// Every listed route, and every path where a parameter takes the value of another
    /// route's literal segment (`/tournaments/import` against `/tournaments/{id}`): the
    /// segment matcher picks what the router picks, and finds every listed route.
    #[actix_web::test]
    async fn the_segment_matcher_picks_the_pattern_the_router_picks() {
        use utoipa_actix_web::AppExt;
        let (app, _) = actix_web::App::new()
            .into_utoipa_app()
            .configure(crate::routes::configure)
            .split_for_parts();
        let app = app
            .route(
                "/api/openapi.json",
                web::get().to(actix_web::HttpResponse::Ok),
            )
            .configure(crate::assets::configure)
            .wrap(actix_web::middleware::from_fn(both_patterns));
        let app = actix_web::test::init_service(app).await;
        let patterns: std::collections::BTreeSet<&str> = ROUTES.iter().map(|r| r.1).collect();
        // The literal segments found at each position, for parameters to take.
        let mut literals: Vec<std::collections::BTreeSet<&str>> = Vec::new();
        for p in &patterns {
            for (i, seg) in p.split('/').skip(1).enumerate() {
                if literals.len() <= i {
                    literals.resize_with(i + 1, Default::default);
                }
                if !seg.starts_with('{') {
                    literals[i].insert(seg);
                }
            }
        }
        let mut checked = 0;
        for p in &patterns {
            let mut paths = vec![String::new()];
            for (i, seg) in p.split('/').skip(1).enumerate() {
                let choices: Vec<String> = if seg.ends_with(":.*}") {
                    vec!["felt.css".into(), "a/b.js".into(), String::new()]
                } else if seg.starts_with('{') {
                    std::iter::once("x1".to_string())
                        .chain(
                            literals[i]
                                .iter()
                                .filter(|l| !l.is_empty())
                                .map(|l| l.to_string()),
                        )
                        .collect()
                } else {
                    vec![seg.to_string()]
                };
                paths = paths
                    .iter()
                    .flat_map(|head| choices.iter().map(move |c| format!("{head}/{c}")))
                    .collect();
            }
            for path in paths {
                let req = actix_web::test::TestRequest::get().uri(&path).to_request();
                let body = actix_web::test::call_and_read_body(&app, req).await;
                let text = String::from_utf8(body.to_vec()).expect("utf-8");
                let (router, ours) = text.split_once('|').expect("two patterns");
                if !ours.is_empty() {
                    assert_eq!(ours, router, "{path}");
                }
                checked += 1;
            }
            let plain: String = p
                .split('/')
                .skip(1)
                .map(|s| if s.starts_with('{') { "x1" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            assert_eq!(listed_pattern(&format!("/{plain}")), Some(*p), "{p}");
        }
        assert!(checked > patterns.len(), "{checked} paths");
        assert_eq!(listed_pattern("/api/v1/tournaments/x1/nothing"), None);
        assert_eq!(listed_pattern("/static"), None);
    }

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
            screen: false,
        };
        assert!(allow(FLOOR, Some(&who(Role::Admin)), true).is_ok());
        assert!(allow(FLOOR, Some(&who(Role::Viewer)), true).is_err());
        assert!(allow(Public, None, true).is_ok());
        assert!(allow(Public, None, false).is_err());
        assert!(allow(Public, Some(&who(Role::Viewer)), false).is_ok());
        assert!(allow(Open, None, false).is_ok());
    }
}
