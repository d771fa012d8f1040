//! /api/v1/tournaments/{id}/seating: the tables in play and who sits where, the balancing
//! the engine proposes, the moves to announce (with the players' names, as slips); and the
//! floor's seating actions (the starting draw, moves, swaps, confirming a
//! proposed move, buttons, settings). Tables come from the venue's pool through
//! `/tournaments/{id}/tables` (see `tables.rs`), so two tournaments never hold one table.

use super::tournaments::{execute, CommandResult};
use super::{find, TournamentPath};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, post, web};
use felt_actors::store::messages::GetPlayerNames;
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::entries::{EntryId, PlayerId};
use felt_domain::seating::{Move, MoveReason, Plan, SeatNo, SeatRef, TableId, TableSpec};
use felt_domain::tournament::{SeatCommand, SeatSettings};
use felt_domain::{Command, TournamentId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A seat at a table and who is in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeatLine {
    pub seat: SeatNo,
    pub entry: Option<u32>,
    pub name: Option<String>,
    /// Reserved or out of play: never filled by the engine.
    pub reserved: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TableLine {
    pub table: TableSpec,
    pub players: u8,
    pub button: Option<SeatNo>,
    pub seats: Vec<SeatLine>,
}

/// A move to announce, in words as well.
#[derive(Debug, Serialize, ToSchema)]
pub struct Announcement {
    #[serde(flatten)]
    pub r#move: Move,
    pub entry: Option<u32>,
    pub name: Option<String>,
    /// "Ann Lee (#12): table 4 seat 2 to table 9 seat 3 (balancing)".
    pub slip: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeatingReport {
    pub tables: Vec<TableLine>,
    /// Entries in play without a seat (before the starting draw).
    pub unseated: Vec<u32>,
    /// What the engine proposes now: a table to break or the final table, or the
    /// balancing moves for the floor to confirm, and the short-table warnings.
    pub plan: Option<Plan>,
    /// The latest moves, breaks and redraws, last last.
    pub announced: Vec<Announcement>,
    pub settings: Option<SeatSettings>,
    /// Hand-for-hand, when on: the hand being played and the tables still playing it.
    pub hand_for_hand: Option<HandForHandView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandForHandView {
    pub hand: u32,
    pub waiting_for: Vec<u32>,
}

fn entry_of(p: felt_domain::seating::PlayerId) -> u32 {
    felt_domain::tournament::entry_of(p).0
}

/// The tables, seats, proposals and announcements.
#[utoipa::path(
    tag = "seating",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses((status = 200, body = SeatingReport), (status = 404, body = ErrorBody))
)]
#[get("/tournaments/{id}/seating")]
pub async fn get(
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<web::Json<SeatingReport>, ApiError> {
    let actor = find(&state, TournamentId(*id)).await?;
    let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
    let players: BTreeMap<u32, PlayerId> =
        t.entries.all().iter().map(|e| (e.id.0, e.player)).collect();
    let names = state
        .store
        .send(GetPlayerNames(players.values().copied().collect()))
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    let name = |entry: u32| players.get(&entry).and_then(|p| names.get(p)).cloned();
    let Some(seats) = &t.seats else {
        return Ok(web::Json(SeatingReport {
            tables: Vec::new(),
            unseated: t.entries.active().map(|e| e.id.0).collect(),
            plan: None,
            announced: Vec::new(),
            settings: None,
            hand_for_hand: None,
        }));
    };
    let tables = seats
        .seating
        .tables()
        .iter()
        .map(|table| TableLine {
            table: table.spec().clone(),
            players: table.player_count(),
            button: seats.buttons.get(&table.id()).copied(),
            seats: (1..=table.capacity())
                .map(|seat| {
                    let entry = table.player_at(seat).map(entry_of);
                    SeatLine {
                        seat,
                        entry,
                        name: entry.and_then(name),
                        reserved: table.is_reserved(seat),
                    }
                })
                .collect(),
        })
        .collect();
    let announced = seats
        .announced
        .iter()
        .map(|mv| {
            let entry = mv.player.map(entry_of);
            let who = match (entry, entry.and_then(name)) {
                (Some(e), Some(n)) => format!("{n} (#{e})"),
                (Some(e), None) => format!("#{e}"),
                _ => "the player the floor names".into(),
            };
            let from = match mv.from_seat {
                Some(seat) => SeatRef::new(mv.from, seat).to_string(),
                None => mv.from.to_string(),
            };
            let why = match mv.reason {
                MoveReason::Balance => "balancing",
                MoveReason::TableBreak => "table break",
                MoveReason::FinalTable => "final table",
            };
            Announcement {
                r#move: *mv,
                entry,
                name: entry.and_then(name),
                slip: format!("{who}: {from} to {} ({why})", mv.to),
            }
        })
        .collect();
    Ok(web::Json(SeatingReport {
        tables,
        unseated: t
            .entries
            .active()
            .filter(|e| seats.seat_of(e.id).is_none())
            .map(|e| e.id.0)
            .collect(),
        plan: Some(seats.plan()),
        announced,
        settings: Some(seats.settings.clone()),
        hand_for_hand: seats.hand_for_hand.as_ref().map(|h| HandForHandView {
            hand: h.hand(),
            waiting_for: seats.hand_for_hand_waiting().iter().map(|t| t.0).collect(),
        }),
    }))
}

/// A seat as the floor names it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    pub table: u32,
    pub seat: SeatNo,
}

/// A seating action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum SeatAction {
    /// Seat every entry in play that has no seat (the starting draw).
    DrawSeats {},
    /// A player to a given open seat.
    Move {
        entry: u32,
        to: Seat,
    },
    Swap {
        a: u32,
        b: u32,
    },
    /// Make the balancing move proposed from table `from`; `entry` names who goes when
    /// the engine does not know the button there (or overrides its choice).
    ConfirmMove {
        from: u32,
        entry: Option<u32>,
    },
    /// The button's seat at a table, so the engine names who moves and where.
    SetButton {
        table: u32,
        seat: SeatNo,
    },
    ChangeSettings {
        settings: SeatSettings,
    },
    /// Hand-for-hand from the next hand (near the bubble).
    StartHandForHand {},
    StopHandForHand {},
    /// A table finished the current hand-for-hand hand; when all have, the next starts
    /// and the clock loses the house's minutes per hand (2 by default, at most 3).
    HandDone {
        table: u32,
    },
}

/// One seating action; seats drawn use a fresh random seed recorded in the event.
#[utoipa::path(
    tag = "seating",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    request_body = SeatAction,
    responses(
        (status = 200, body = CommandResult),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The seat is taken, the player is not seated, no move is proposed from that table..."),
        (status = 422, body = ErrorBody, description = "A table or setting that is not valid"),
    )
)]
#[post("/tournaments/{id}/seating")]
pub async fn act(
    state: web::Data<AppState>,
    who: Identity,
    id: TournamentPath,
    body: web::Json<SeatAction>,
) -> Result<web::Json<CommandResult>, ApiError> {
    let command = match body.into_inner() {
        SeatAction::DrawSeats {} => SeatCommand::DrawSeats,
        SeatAction::Move { entry, to } => SeatCommand::MovePlayer {
            entry: EntryId(entry),
            to: SeatRef::new(TableId(to.table), to.seat),
        },
        SeatAction::Swap { a, b } => SeatCommand::SwapPlayers {
            a: EntryId(a),
            b: EntryId(b),
        },
        SeatAction::ConfirmMove { from, entry } => SeatCommand::ConfirmMove {
            from: TableId(from),
            entry: entry.map(EntryId),
        },
        SeatAction::SetButton { table, seat } => SeatCommand::SetButton {
            table: TableId(table),
            seat,
        },
        SeatAction::ChangeSettings { settings } => SeatCommand::ChangeSettings { settings },
        SeatAction::StartHandForHand {} => SeatCommand::StartHandForHand,
        SeatAction::StopHandForHand {} => SeatCommand::StopHandForHand,
        SeatAction::HandDone { table } => SeatCommand::HandDone {
            table: TableId(table),
        },
    };
    execute(&state, &who, TournamentId(*id), Command::Seat(command)).await
}
