//! /api/v1/tournaments/{id}/entries: registrations, re-entries, rebuys, add-ons, busts,
//! revives, the waiting list, and the standings and results they make.

use super::tournaments::{execute, CommandResult};
use super::{find, TournamentPath};
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use felt_actors::store::messages::{GetPlayer, GetPlayerNames};
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::entries::{
    BustedEntry, Entry, EntryCommand, EntryId, EntrySettings, FinalResult, LiveFigures, PlayerId,
};
use felt_domain::structure::Chips;
use felt_domain::{Command, TournamentId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One player out on a hand, with the chips they had when the hand started and, when
/// they differ from the action's, who eliminated them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Busted {
    pub entry: u32,
    pub stack: u64,
    /// This player's eliminators (they share this player's bounty); when left out, the
    /// action's `eliminators`.
    #[serde(default)]
    pub eliminators: Option<Vec<u32>>,
}

/// An action on the entries. Entries are numbered from 1 in order of entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum EntryAction {
    Register {
        player: uuid::Uuid,
    },
    Reenter {
        player: uuid::Uuid,
    },
    /// Before the start only, with a full refund.
    Unregister {
        entry: u32,
    },
    /// `stack` (chips now) is needed when rebuys have a stack threshold.
    Rebuy {
        entry: u32,
        stack: Option<u64>,
    },
    AddOn {
        entry: u32,
    },
    /// One or more players out on one hand, each with their eliminators (or the
    /// action's `eliminators`, for every player that names none).
    Bust {
        busted: Vec<Busted>,
        #[serde(default)]
        eliminators: Vec<u32>,
    },
    /// Correct a bust: the entry is back in play.
    Revive {
        entry: u32,
    },
    JoinWaitingList {
        player: uuid::Uuid,
    },
    LeaveWaitingList {
        player: uuid::Uuid,
    },
    CloseRegistration {},
    ReopenRegistration {},
    ChangeSettings {
        settings: Box<EntrySettings>,
    },
}

impl EntryAction {
    /// The player the action names, who must be on the venue's list.
    fn player(&self) -> Option<PlayerId> {
        match self {
            EntryAction::Register { player }
            | EntryAction::Reenter { player }
            | EntryAction::JoinWaitingList { player } => Some(PlayerId(*player)),
            _ => None,
        }
    }
}

impl From<EntryAction> for EntryCommand {
    fn from(action: EntryAction) -> Self {
        match action {
            EntryAction::Register { player } => EntryCommand::Register {
                player: PlayerId(player),
            },
            EntryAction::Reenter { player } => EntryCommand::Reenter {
                player: PlayerId(player),
            },
            EntryAction::Unregister { entry } => EntryCommand::Unregister {
                entry: EntryId(entry),
            },
            EntryAction::Rebuy { entry, stack } => EntryCommand::Rebuy {
                entry: EntryId(entry),
                stack: stack.map(Chips),
            },
            EntryAction::AddOn { entry } => EntryCommand::AddOn {
                entry: EntryId(entry),
            },
            EntryAction::Bust {
                busted,
                eliminators,
            } => EntryCommand::Bust {
                busted: busted
                    .into_iter()
                    .map(|b| {
                        let by = b.eliminators.as_ref().unwrap_or(&eliminators);
                        BustedEntry::new(
                            EntryId(b.entry),
                            Chips(b.stack),
                            by.iter().copied().map(EntryId).collect(),
                        )
                    })
                    .collect(),
            },
            EntryAction::Revive { entry } => EntryCommand::Revive {
                entry: EntryId(entry),
            },
            EntryAction::JoinWaitingList { player } => EntryCommand::JoinWaitingList {
                player: PlayerId(player),
            },
            EntryAction::LeaveWaitingList { player } => EntryCommand::LeaveWaitingList {
                player: PlayerId(player),
            },
            EntryAction::CloseRegistration {} => EntryCommand::CloseRegistration,
            EntryAction::ReopenRegistration {} => EntryCommand::ReopenRegistration,
            EntryAction::ChangeSettings { settings } => EntryCommand::ChangeSettings { settings },
        }
    }
}

/// Registers, rebuys, busts... Answered once the change is on disk; refused with 409 and
/// a code naming the rule (`already_registered`, `rebuy_window_closed`,
/// `already_busted`, `eliminator_not_in_tournament`...) and nothing changed.
#[utoipa::path(
    tag = "entries",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = EntryAction,
    responses(
        (status = 200, body = CommandResult),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such tournament or player"),
        (status = 409, body = ErrorBody, description = "A rule refuses it"),
    )
)]
#[post("/tournaments/{id}/entries")]
pub async fn command(
    state: web::Data<AppState>,
    who: crate::auth::Identity,
    id: TournamentPath,
    body: web::Json<EntryAction>,
) -> Result<web::Json<CommandResult>, ApiError> {
    let action = body.into_inner();
    if let Some(player) = action.player() {
        let known = state
            .store
            .send(GetPlayer(player))
            .await
            .map_err(ActorError::from)?
            .map_err(ActorError::from)?;
        if known.is_none() {
            return Err(ApiError::NotFound(format!("no player {}", player.0)));
        }
    }
    execute(
        &state,
        &who,
        TournamentId(*id),
        Command::Entry(action.into()),
    )
    .await
}

/// Every entry with its status, and the live figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Standings {
    pub figures: Option<LiveFigures>,
    pub entries: Vec<Entry>,
}

/// Every entry (busted and unregistered included) and the live figures: entries, players
/// left, chips, prize pool, payouts, the bubble.
#[utoipa::path(
    tag = "entries",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses((status = 200, body = Standings), (status = 404, body = ErrorBody))
)]
#[get("/tournaments/{id}/entries")]
pub async fn list(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<web::Json<Standings>, ApiError> {
    let t = tournament(&state, TournamentId(*id)).await?;
    Ok(web::Json(Standings {
        figures: t.figures(),
        entries: t.entries.all().to_vec(),
    }))
}

/// One line of the results, with the player's name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultRow {
    #[serde(flatten)]
    pub result: FinalResult,
    pub name: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ResultsQuery {
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// Places, players and prizes as they stand (final once the tournament is over), as JSON
/// or as CSV (`?format=csv`: place, entry, player, prize, bounties won, in minor units).
#[utoipa::path(
    tag = "entries",
    params(("id" = uuid::Uuid, Path, description = "Tournament id"), ResultsQuery),
    responses(
        (status = 200, body = Vec<ResultRow>, description = "JSON, or text/csv with `?format=csv`"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/tournaments/{id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    id: TournamentPath,
    query: web::Query<ResultsQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad_request(
                "invalid_query",
                format!("unknown format `{other}`: json or csv"),
            ))
        }
    };
    let t = tournament(&state, TournamentId(*id)).await?;
    let results = t.results().map_err(ActorError::Refused)?;
    let ids: Vec<PlayerId> = results.iter().map(|r| r.player).collect();
    let names = state
        .store
        .send(GetPlayerNames(ids))
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    let rows: Vec<ResultRow> = results
        .into_iter()
        .map(|result| ResultRow {
            name: names.get(&result.player).cloned().unwrap_or_default(),
            result,
        })
        .collect();
    if !csv {
        return Ok(HttpResponse::Ok().json(rows));
    }
    let mut out = String::from("place,entry,player,prize,bounties_won\r\n");
    for row in &rows {
        let r = &row.result;
        let place = if r.places.best == r.places.worst {
            r.places.best.to_string()
        } else {
            format!("{}-{}", r.places.best, r.places.worst)
        };
        out.push_str(&format!(
            "{place},{},{},{},{}\r\n",
            r.entry.0,
            felt_domain::csv::field(&row.name),
            r.prize.0,
            r.bounties_won.0
        ));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"results-{}.csv\"", *id),
        ))
        .body(out))
}

async fn tournament(
    state: &AppState,
    id: TournamentId,
) -> Result<felt_domain::Tournament, ApiError> {
    let actor = find(state, id).await?;
    Ok(actor.send(GetTournament).await.map_err(ActorError::from)?)
}
