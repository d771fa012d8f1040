//! /api/v1/chip-up: which chips come off at each color-up break of a structure, the races
//! they need, the chips left in play, and whether every blind and ante can be made from
//! them; and the chip race itself, counted from each player's chips and settled once the
//! floor has dealt it. Pure arithmetic from the domain; nothing is stored.

use super::find;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{post, web};
use felt_actors::tournament::messages::GetTournament;
use felt_actors::ActorError;
use felt_domain::chipup::{
    self, ChipProblem, ChipSet, ChipUpError, Denomination, Exchange, Race, RaceOutcome, RacePlan,
    RacePlayer, RaceStep,
};
use felt_domain::structure::{template, Chips, Level, Structure};
use felt_domain::TournamentId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn refused(e: ChipUpError) -> ApiError {
    ApiError::invalid(e.code(), e.to_string())
}

/// A chip set as written by a client: denominations in any order.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChipsBody {
    pub denominations: Vec<Denomination>,
}

/// What to plan: exactly one of `levels`, `structure` or `tournament`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// Levels as in the tournament API (breaks with `color_up: true` take chips off).
    pub levels: Option<Vec<Level>>,
    /// A built-in structure (`turbo`, `regular`, `deep_stack`).
    pub structure: Option<String>,
    /// A tournament: its structure as it stands.
    pub tournament: Option<uuid::Uuid>,
    /// The chip set; Felt's standard set (100 black, 500 purple, 1,000 yellow, 5,000
    /// orange, 25,000 grey) when absent.
    pub chips: Option<ChipsBody>,
}

/// One color-up break.
#[derive(Debug, Serialize, ToSchema)]
pub struct ColorUpView {
    /// The break's position in the structure, from 1 (breaks counted).
    pub level: usize,
    /// The denominations that come off, smallest first (empty: none can, see `problems`).
    pub removed: Vec<Denomination>,
    /// The races to run, in order: `small` chips colored up and raced for `large` ones.
    pub races: Vec<RaceStep>,
    /// The chips in play after the break, smallest first.
    pub in_play: Vec<Denomination>,
}

/// Something that makes the structure unplayable with the chip set.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemView {
    /// `amount_not_makeable`, `color_up_removes_nothing`, `color_up_removes_needed_chip`.
    pub code: &'static str,
    pub message: String,
    /// The structure position (from 1) the problem is at.
    pub level: usize,
    pub detail: ChipProblem,
}

/// The structure walked against the chip set.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChipPlanView {
    /// The chip set used, smallest first.
    pub chips: Vec<Denomination>,
    pub color_ups: Vec<ColorUpView>,
    /// Empty when every blind and ante can be made from the chips in play.
    pub problems: Vec<ProblemView>,
    pub playable: bool,
}

async fn structure_of(state: &AppState, body: &PlanRequest) -> Result<Structure, ApiError> {
    match (&body.levels, &body.structure, body.tournament) {
        (Some(levels), None, None) => Ok(Structure {
            name: "Custom".into(),
            levels: levels.clone(),
        }),
        (None, Some(id), None) => template(id).map(|t| t.structure).ok_or_else(|| {
            ApiError::bad_request("unknown_structure", format!("no built-in structure `{id}`"))
        }),
        (None, None, Some(id)) => {
            let actor = find(state, TournamentId(id)).await?;
            let t = actor.send(GetTournament).await.map_err(ActorError::from)?;
            Ok(t.structure)
        }
        _ => Err(ApiError::bad_request(
            "invalid_structure",
            "give exactly one of `levels`, `structure` (a built-in id) or `tournament`",
        )),
    }
}

/// Which chips come off at each color-up break, the races to run, the chips left in
/// play, and the problems (with codes) that make the structure unplayable with the set.
#[utoipa::path(
    tag = "chip-up",
    request_body = PlanRequest,
    responses(
        (status = 200, body = ChipPlanView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such tournament"),
        (status = 422, body = ErrorBody, description = "Invalid structure or chip set (the code names the rule)"),
    )
)]
#[post("/chip-up/plan")]
pub async fn chip_plan(
    state: web::Data<AppState>,
    body: web::Json<PlanRequest>,
) -> Result<web::Json<ChipPlanView>, ApiError> {
    let body = body.into_inner();
    let chips = match &body.chips {
        Some(c) => ChipSet::new(c.denominations.clone()).map_err(refused)?,
        None => ChipSet::standard(),
    };
    let structure = structure_of(&state, &body).await?;
    structure
        .validate()
        .map_err(|e| ApiError::invalid(e.code(), e.to_string()))?;
    let plan = chipup::plan(&structure, &chips);
    let color_ups = plan
        .color_ups
        .iter()
        .map(|c| ColorUpView {
            level: c.level,
            removed: c.removed.clone(),
            races: c.steps(),
            in_play: chipup::in_play_at(&structure, &chips, c.level.saturating_sub(1))
                .unwrap_or_default()
                .to_vec(),
        })
        .collect();
    let problems: Vec<ProblemView> = plan
        .problems
        .into_iter()
        .map(|p| ProblemView {
            code: p.code(),
            message: p.to_string(),
            level: p.level(),
            detail: p,
        })
        .collect();
    Ok(web::Json(ChipPlanView {
        chips: chips.denominations().to_vec(),
        color_ups,
        playable: problems.is_empty(),
        problems,
    }))
}

/// One player at the race, in dealing order (seat 1 first).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RacePlayerBody {
    /// The player's chips of the denomination coming off (colored up here; what is left
    /// over goes to the race).
    pub chips: u64,
    /// Whether the player has other chips; a player without is never raced out.
    pub has_other_chips: bool,
}

/// A chip race: `small` chips come off and are raced for `large` ones.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RaceRequest {
    pub small: u64,
    pub large: u64,
    /// The lowest chip still in play after the color-up (what a player raced out of their
    /// last chips gets); `large` when absent.
    pub lowest_in_play: Option<u64>,
    pub players: Vec<RacePlayerBody>,
    /// Once dealt: the players (indexes into `players`) who won a larger chip, one per
    /// chip raced for. Absent: only the plan.
    pub winners: Option<Vec<usize>>,
}

/// The race counted, and settled when winners were given.
#[derive(Debug, Serialize, ToSchema)]
pub struct RaceView {
    /// Per player, in order: larger chips for their small ones, and what is left over.
    pub exchanges: Vec<Exchange>,
    pub plan: RacePlan,
    pub outcome: Option<RaceOutcome>,
}

/// Counts a chip race from each player's small chips (TDA Rule 24): each player's color
/// up, the leftovers and how many larger chips they are raced for; with `winners`, what
/// each player gets and how the chips in play change.
#[utoipa::path(
    tag = "chip-up",
    request_body = RaceRequest,
    responses(
        (status = 200, body = RaceView),
        (status = 400, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The code names the rule: invalid_race_chips, wrong_number_of_race_winners, not_in_race, race_wins_at_most_one..."),
    )
)]
#[post("/chip-up/race")]
pub async fn chip_race(body: web::Json<RaceRequest>) -> Result<web::Json<RaceView>, ApiError> {
    let body = body.into_inner();
    let (small, large) = (Chips(body.small), Chips(body.large));
    let exchanges = body
        .players
        .iter()
        .map(|p| chipup::color_up(p.chips, small, large))
        .collect::<Result<Vec<_>, _>>()
        .map_err(refused)?;
    let race = Race {
        small,
        large,
        lowest_in_play: Chips(body.lowest_in_play.unwrap_or(body.large)),
        players: body
            .players
            .iter()
            .zip(&exchanges)
            .map(|(p, e)| RacePlayer {
                leftover: e.leftover,
                has_other_chips: p.has_other_chips || e.large > 0,
            })
            .collect(),
    };
    let plan = race.plan().map_err(refused)?;
    let outcome = match &body.winners {
        Some(winners) => Some(race.settle(winners).map_err(refused)?),
        None => None,
    };
    Ok(web::Json(RaceView {
        exchanges,
        plan,
        outcome,
    }))
}
