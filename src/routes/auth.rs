//! /api/v1/auth: log in with a name and PIN (a signed token for a shift), who am I, log
//! out (the token is revoked), rotate the signing key. Switching user on a shared tablet
//! is just another login.

use crate::auth::{Identity, Role};
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use felt_actors::store::staff::RevokeToken;
use felt_actors::ActorError;
use serde::{Deserialize, Serialize};
use std::time::Instant;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub name: String,
    /// The operator's PIN or password.
    pub pin: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The PIN is never printed.
        f.debug_struct("Login")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoggedIn {
    /// Send it as `Authorization: Bearer <token>` (or `?token=` / an `auth` frame on the
    /// websocket).
    pub token: String,
    pub operator: Me,
}

/// The operator a token speaks for.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: uuid::Uuid,
    pub name: String,
    /// `admin`, `floor` or `viewer`.
    #[schema(value_type = String)]
    pub role: Role,
    /// When the token expires (seconds since the Unix epoch).
    pub expires_at: i64,
}

/// Logs in. Failed logins are throttled per name and per client address: after a few,
/// 429 with `Retry-After`, growing with each further failure.
#[utoipa::path(
    tag = "auth",
    request_body = Login,
    responses(
        (status = 200, body = LoggedIn),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "Unknown name, wrong PIN or disabled operator"),
        (status = 429, body = ErrorBody, description = "Locked out for a while after failed logins"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<Login>,
) -> Result<web::Json<LoggedIn>, ApiError> {
    let Login { name, pin } = body.into_inner();
    let address = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let keys = vec![
        format!("op:{}", name.to_lowercase()),
        format!("ip:{address}"),
    ];
    let auth = &state.auth;
    let lockouts = auth
        .throttle
        .attempt(&keys, Instant::now())
        .map_err(|wait| ApiError::TooManyAttempts(wait.as_secs().max(1)))?;
    // Argon2 takes tens of milliseconds: off the HTTP worker.
    let checker = state.clone();
    let checked_name = name.clone();
    let found = web::block(move || checker.auth.check_pin(&checked_name, &pin))
        .await
        .map_err(|e| ActorError::Unavailable(e.to_string()))?;
    let Some(member) = found else {
        for (key, length) in lockouts {
            tracing::warn!(%key, operator = %name, client = %address, secs = length.as_secs(), "login locked out after failed attempts");
        }
        return Err(ApiError::unauthorized(
            "login_failed",
            "unknown name, wrong PIN, or operator disabled",
        ));
    };
    auth.throttle.succeed(&keys);
    let (token, claims) = auth.issue(&member, state.clock.now() / 1000)?;
    tracing::info!(operator = %member.name, role = %member.role, client = %address, "logged in");
    Ok(web::Json(LoggedIn {
        token,
        operator: Me {
            id: member.id,
            name: member.name,
            role: member.role,
            expires_at: claims.exp,
        },
    }))
}

/// The operator this token speaks for.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
#[get("/auth/me")]
pub async fn me(who: Identity) -> web::Json<Me> {
    web::Json(Me {
        id: who.id,
        name: who.name,
        role: who.role,
        expires_at: who.exp,
    })
}

/// Logs out: this token is refused from now on, restarts included.
#[utoipa::path(tag = "auth", responses((status = 204), (status = 401, body = ErrorBody)))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, who: Identity) -> Result<HttpResponse, ApiError> {
    state
        .store
        .send(RevokeToken {
            jti: who.jti.clone(),
            expires_at: who.exp,
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    state.auth.revoke(&who.jti, who.exp);
    tracing::info!(operator = %who.name, "logged out");
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Rotated {
    /// The new key's generation; every token from before is refused.
    pub generation: u64,
}

/// A new signing key: every token issued so far (this one too) is refused.
#[utoipa::path(tag = "auth", responses((status = 200, body = Rotated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[post("/auth/keys/rotate")]
pub async fn rotate(
    state: web::Data<AppState>,
    who: Identity,
) -> Result<web::Json<Rotated>, ApiError> {
    let generation = state
        .auth
        .rotate_key()
        .map_err(|e| ActorError::Unavailable(e.to_string()))?;
    // Screens hold long-lived tokens, now refused: close their sockets so each shows a
    // new pairing code at once rather than at its next reconnection.
    let screens = state.live_screens.send_all(felt_actors::Deliver::Close {
        reason: "signing key rotated",
    });
    tracing::warn!(operator = %who.name, generation, screens, "signing key rotated: every token is refused");
    Ok(web::Json(Rotated { generation }))
}
