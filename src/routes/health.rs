//! GET /api/health: is the database answering, how many tournaments run, version, uptime.

use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use felt_actors::store::messages::{GetCommitStats, Ping};
use felt_actors::supervisor::messages::GetStats;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// "ok", or "degraded" when the database does not answer.
    pub status: &'static str,
    pub database: String,
    pub tournaments_loaded: usize,
    pub tournaments_running: usize,
    pub sessions: usize,
    /// Commits made to the event log since start, and the appends they carried (group
    /// commit puts many commands in one commit).
    pub commits: u64,
    pub appends: u64,
    pub version: &'static str,
    pub uptime_secs: u64,
    pub server_time: i64,
}

/// Health of the server. 200 when everything answers, 503 when the database does not.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, body = Health),
        (status = 503, body = Health, description = "The database does not answer"),
    )
)]
#[get("/api/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let database = match state.store.send(Ping).await {
        Ok(Ok(())) => "ok".to_string(),
        Ok(Err(e)) => e.to_string(),
        Err(e) => e.to_string(),
    };
    let commits = state.store.send(GetCommitStats).await.unwrap_or_default();
    let stats = state.supervisor.send(GetStats).await.ok();
    let ok = database == "ok" && stats.is_some();
    let stats = stats.unwrap_or(felt_actors::supervisor::messages::Stats {
        tournaments_loaded: 0,
        tournaments_running: 0,
        sessions: 0,
    });
    let body = Health {
        status: if ok { "ok" } else { "degraded" },
        database,
        tournaments_loaded: stats.tournaments_loaded,
        tournaments_running: stats.tournaments_running,
        sessions: stats.sessions,
        commits: commits.commits,
        appends: commits.appends,
        version: env!("CARGO_PKG_VERSION"),
        uptime_secs: state.started.elapsed().as_secs(),
        server_time: state.clock.now(),
    };
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
