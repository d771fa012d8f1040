//! /api/v1/screens: pairing TV screens and telling them what to show. An unpaired TV asks
//! for a short code (no login, a few a minute per address) and polls with the secret that
//! came with it; the director types the code, names the screen and assigns it; the TV's
//! poll then answers a long-lived viewer token (once). Reassigning reaches the screen's
//! websocket at once (a `screen` frame); revoking refuses its token and cuts it off.

use super::find;
use crate::auth::{check_name, Identity, Screen};
use crate::errors::{ApiError, ErrorBody};
use crate::screens::{Pairing, PairingError};
use crate::state::AppState;
use crate::ws::protocol::ServerFrame;
use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use felt_actors::store::screens::{ListScreens, SaveScreen};
use felt_actors::{ActorError, Deliver};
use felt_domain::TournamentId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The layouts a screen can show: for one tournament `auto` (follows the moment: the clock,
/// the break screen, the moves to announce, the final table, hand-for-hand, the winner),
/// `clock`, `payouts` (the clock with the full payouts), `seating` (find your seat),
/// `moves`, `break`, `final` (the final table by seat), `hfh` (hand-for-hand: the tables
/// still playing the hand), `winner`; or the venue `overview` of every tournament. The TV
/// page draws them; the server only checks the name.
pub const LAYOUTS: &[&str] = &[
    "auto", "clock", "payouts", "seating", "moves", "break", "final", "hfh", "winner", "overview",
];

/// A screen as the API and its `screen` frame show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreenView {
    pub id: uuid::Uuid,
    pub name: String,
    /// The tournament it shows; null with the `overview` layout.
    pub tournament: Option<uuid::Uuid>,
    /// One of [`LAYOUTS`]: `auto` by default with a tournament, `overview` (every tournament).
    pub layout: String,
    /// Its token is refused and its socket was cut off.
    pub revoked: bool,
    /// The language of its pages (`en`, `fr`), or empty for its browser's.
    pub lang: String,
}

impl From<&Screen> for ScreenView {
    fn from(s: &Screen) -> Self {
        ScreenView {
            id: s.id,
            name: s.name.clone(),
            tournament: s.tournament.map(|t| t.0),
            layout: s.layout.clone(),
            revoked: s.revoked,
            lang: s.lang.clone(),
        }
    }
}

/// What an unpaired TV shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairingCode {
    /// Shown on the TV; the director types it.
    pub code: String,
    /// Kept by the TV to poll with (`GET /api/v1/screens/pairing/{secret}`); never shown.
    pub secret: String,
    /// When the code stops working (ms since the Unix epoch).
    pub expires_at: i64,
}

/// The answer to a TV's poll.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairingStatus {
    /// `waiting` or `paired`.
    pub status: String,
    pub code: String,
    pub expires_at: i64,
    /// The screen's token, answered once, when paired.
    pub token: Option<String>,
    pub screen: Option<ScreenView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PairScreen {
    /// The code the TV shows (any case; spaces and dashes ignored).
    pub code: String,
    pub name: String,
    /// The tournament to show; leave out with the `overview` layout.
    pub tournament: Option<uuid::Uuid>,
    /// One of [`LAYOUTS`]: `auto` (default with a tournament) or `overview` (default without).
    pub layout: Option<String>,
    /// The language of its pages (`fr`); empty or left out for its browser's.
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditScreen {
    /// A new name.
    pub name: Option<String>,
    /// A new tournament (with the `auto` layout unless `layout` says otherwise).
    pub tournament: Option<uuid::Uuid>,
    /// A new layout, for the screen's tournament unless `tournament` names another;
    /// `overview` shows every tournament (and drops the tournament).
    pub layout: Option<String>,
    /// A new language (`fr`), or empty for the screen browser's.
    pub lang: Option<String>,
}

fn pairing_error(e: PairingError) -> ApiError {
    let rule = |status, code, message: &str| ApiError::Rule {
        status,
        code,
        message: message.to_string(),
    };
    match e {
        PairingError::Unknown => ApiError::missing(
            "pairing_code_unknown",
            "no screen shows this pairing code: check it on the TV",
        ),
        PairingError::Expired => rule(
            StatusCode::GONE,
            "pairing_code_expired",
            "this pairing code has expired: the TV shows a new one",
        ),
        PairingError::Used => ApiError::conflict(
            "pairing_code_used",
            "this pairing code was already used: the TV shows a new one",
        ),
        PairingError::Busy => rule(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_pairings",
            "too many pairing codes asked for: try again in a minute",
        ),
    }
}

/// The tournament and layout a request asks for, checked: the layout is known, a clock
/// layout of one tournament names a tournament that exists, the overview names none.
async fn assignment(
    state: &AppState,
    tournament: Option<uuid::Uuid>,
    layout: Option<String>,
) -> Result<(Option<TournamentId>, String), ApiError> {
    let default = if tournament.is_some() {
        "auto"
    } else {
        "overview"
    };
    let layout = layout.unwrap_or_else(|| default.to_string());
    if !LAYOUTS.contains(&layout.as_str()) {
        return Err(ApiError::invalid(
            "invalid_layout",
            format!("the layouts are {}", LAYOUTS.join(", ")),
        ));
    }
    match (layout.as_str(), tournament) {
        ("overview", Some(_)) => Err(ApiError::invalid(
            "invalid_layout",
            "the overview shows every tournament: leave the tournament out",
        )),
        ("overview", None) => Ok((None, layout)),
        (_, None) => Err(ApiError::invalid(
            "invalid_layout",
            format!("the {layout} layout needs a tournament"),
        )),
        (_, Some(id)) => {
            let id = TournamentId(id);
            find(state, id).await?;
            Ok((Some(id), layout))
        }
    }
}

/// A screen's language, checked: one the pages have strings for, or empty for the
/// browser's own.
fn check_lang(lang: Option<String>) -> Result<String, ApiError> {
    let lang = lang.unwrap_or_default();
    let known = crate::assets::languages();
    if lang.is_empty() || known.contains(&lang) {
        return Ok(lang);
    }
    Err(ApiError::bad_request(
        "invalid_lang",
        format!(
            "the languages are {}, or empty for the screen's browser's",
            known.join(", ")
        ),
    ))
}

async fn save(state: &AppState, screen: &Screen) -> Result<(), ApiError> {
    state
        .store
        .send(SaveScreen {
            screen: screen.clone(),
            at: state.clock.now(),
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    state.auth.remember_screen(screen.clone());
    Ok(())
}

fn screen_frame(screen: &Screen) -> Deliver {
    Deliver::Frame(
        ServerFrame::Screen {
            screen: &ScreenView::from(screen),
        }
        .encode(),
    )
}

/// An unpaired TV asks for a pairing code to show. No login; a few a minute per client
/// address (429 beyond).
#[utoipa::path(
    tag = "screens",
    responses((status = 201, body = PairingCode), (status = 429, body = ErrorBody, description = "Too many codes asked for"))
)]
#[post("/screens/pairing")]
pub async fn start_pairing(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let settings = &state.settings.screens;
    let ttl = i64::try_from(settings.pairing_code_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    let (code, secret, expires_at) = state
        .pairings
        .start(
            req.peer_addr().map(|a| a.ip()),
            state.clock.now(),
            ttl,
            settings.pairings_per_minute,
        )
        .map_err(pairing_error)?;
    Ok(HttpResponse::Created().json(PairingCode {
        code,
        secret,
        expires_at,
    }))
}

/// The TV polls with its secret: `waiting`, or `paired` with its token (answered once;
/// 409 after). 404 for an unknown secret, 410 once the code expired.
#[utoipa::path(
    tag = "screens",
    params(("secret" = String, Path, description = "The secret that came with the code")),
    responses((status = 200, body = PairingStatus), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody))
)]
#[get("/screens/pairing/{secret}")]
pub async fn poll_pairing(
    state: web::Data<AppState>,
    secret: web::Path<String>,
) -> Result<web::Json<PairingStatus>, ApiError> {
    let (pairing, code, expires_at) = state
        .pairings
        .poll(&secret, state.clock.now())
        .map_err(pairing_error)?;
    Ok(web::Json(match pairing {
        Pairing::Paired { token, screen } => PairingStatus {
            status: "paired".into(),
            code,
            expires_at,
            token: Some(token),
            screen: Some(ScreenView::from(&screen)),
        },
        _ => PairingStatus {
            status: "waiting".into(),
            code,
            expires_at,
            token: None,
            screen: None,
        },
    }))
}

/// Every paired screen, revoked ones included.
#[utoipa::path(tag = "screens", responses((status = 200, body = Vec<ScreenView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/screens")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<Vec<ScreenView>>, ApiError> {
    let all = state
        .store
        .send(ListScreens)
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    Ok(web::Json(all.iter().map(ScreenView::from).collect()))
}

/// Pairs the TV showing `code`: names it and says what it shows. The TV's next poll
/// gets its token.
#[utoipa::path(
    tag = "screens",
    request_body = PairScreen,
    responses(
        (status = 201, body = ScreenView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Unknown code, or unknown tournament"),
        (status = 409, body = ErrorBody, description = "The code was already used"),
        (status = 410, body = ErrorBody, description = "The code expired"),
        (status = 422, body = ErrorBody, description = "Unknown layout, or a layout without its tournament"),
    )
)]
#[post("/screens")]
pub async fn pair(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<PairScreen>,
) -> Result<HttpResponse, ApiError> {
    let PairScreen {
        code,
        name,
        tournament,
        layout,
        lang,
    } = body.into_inner();
    check_name(&name).map_err(|m| ApiError::bad_request("invalid_name", m))?;
    let lang = check_lang(lang)?;
    let secret = state
        .pairings
        .check(&code, state.clock.now())
        .map_err(pairing_error)?;
    let (tournament, layout) = assignment(&state, tournament, layout).await?;
    let mut screen = Screen {
        id: uuid::Uuid::new_v4(),
        name,
        tournament,
        layout,
        revoked: false,
        lang,
    };
    save(&state, &screen).await?;
    let (token, _) = state.auth.issue_screen(&screen, state.clock.now() / 1000)?;
    if !state
        .pairings
        .complete(&secret, state.clock.now(), token, screen.clone())
    {
        // Expired (or paired by someone else) while we stored it: nobody gets its token.
        screen.revoked = true;
        save(&state, &screen).await?;
        return Err(pairing_error(
            state
                .pairings
                .check(&code, state.clock.now())
                .err()
                .unwrap_or(PairingError::Used),
        ));
    }
    tracing::info!(by = %who.name, screen = %screen.name, id = %screen.id, "screen paired");
    Ok(HttpResponse::Created().json(ScreenView::from(&screen)))
}

async fn screen_or_404(state: &AppState, id: uuid::Uuid) -> Result<Screen, ApiError> {
    state
        .auth
        .screen(id)
        .ok_or_else(|| ApiError::missing("screen_not_found", format!("no screen with id {id}")))
}

/// Renames a screen, changes what it shows or its language; the screen follows at once.
#[utoipa::path(
    tag = "screens",
    params(("id" = uuid::Uuid, Path, description = "Screen id")),
    request_body = EditScreen,
    responses((status = 200, body = ScreenView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "The screen is revoked"), (status = 422, body = ErrorBody))
)]
#[patch("/screens/{id}")]
pub async fn edit(
    state: web::Data<AppState>,
    who: Identity,
    id: web::Path<uuid::Uuid>,
    body: web::Json<EditScreen>,
) -> Result<web::Json<ScreenView>, ApiError> {
    let EditScreen {
        name,
        tournament,
        layout,
        lang,
    } = body.into_inner();
    let mut screen = screen_or_404(&state, *id).await?;
    if screen.revoked {
        return Err(ApiError::conflict(
            "screen_revoked",
            "this screen was revoked: pair it again",
        ));
    }
    if let Some(name) = name {
        check_name(&name).map_err(|m| ApiError::bad_request("invalid_name", m))?;
        screen.name = name;
    }
    if lang.is_some() {
        screen.lang = check_lang(lang)?;
    }
    if tournament.is_some() || layout.is_some() {
        // A new layout alone keeps the tournament shown (the overview drops it).
        let tournament = match (tournament, layout.as_deref()) {
            (None, Some(l)) if l != "overview" => screen.tournament.map(|t| t.0),
            _ => tournament,
        };
        (screen.tournament, screen.layout) = assignment(&state, tournament, layout).await?;
    }
    save(&state, &screen).await?;
    let live = state.live_screens.send(screen.id, screen_frame(&screen));
    tracing::info!(by = %who.name, screen = %screen.name, layout = %screen.layout, live, "screen changed");
    Ok(web::Json(ScreenView::from(&screen)))
}

/// Revokes a screen: its token is refused from now on and its websocket is closed. It
/// shows a new pairing code when it reconnects.
#[utoipa::path(
    tag = "screens",
    params(("id" = uuid::Uuid, Path, description = "Screen id")),
    responses((status = 200, body = ScreenView), (status = 404, body = ErrorBody))
)]
#[post("/screens/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    who: Identity,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ScreenView>, ApiError> {
    let mut screen = screen_or_404(&state, *id).await?;
    screen.revoked = true;
    save(&state, &screen).await?;
    let cut = state.live_screens.send(
        screen.id,
        Deliver::Close {
            reason: "screen revoked",
        },
    );
    tracing::info!(by = %who.name, screen = %screen.name, sockets = cut, "screen revoked");
    Ok(web::Json(ScreenView::from(&screen)))
}

/// The screen this token belongs to (a screen's own token only).
#[utoipa::path(
    tag = "screens",
    responses((status = 200, body = ScreenView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "Not a screen's token"))
)]
#[get("/screens/me")]
pub async fn me(
    state: web::Data<AppState>,
    who: Identity,
) -> Result<web::Json<ScreenView>, ApiError> {
    if !who.screen {
        return Err(ApiError::missing(
            "not_a_screen",
            "this token is an operator's, not a screen's",
        ));
    }
    Ok(web::Json(ScreenView::from(
        &screen_or_404(&state, who.id).await?,
    )))
}
