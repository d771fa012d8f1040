//! /api/v1/structures: the built-in structures a tournament can start from, and a
//! structure generated from a starting stack, a target time and the chip set (the rule is
//! the domain's `structure::generate`; nothing is stored).

use crate::errors::{ApiError, ErrorBody};
use actix_web::{get, post, web};
use felt_domain::chipup::{ChipSet, Denomination};
use felt_domain::structure::{
    generate as generate_structure, templates, Chips, GenerateSpec, Generated, Template,
    DEFAULT_FIELD,
};
use serde::Deserialize;
use utoipa::ToSchema;

/// The built-in structures (turbo, regular, deep stack) with their suggested starting stack.
#[utoipa::path(tag = "structures", responses((status = 200, body = Vec<Template>)))]
#[get("/structures")]
pub async fn list() -> web::Json<Vec<Template>> {
    web::Json(templates())
}

/// The chip set as written by a client: denominations in any order.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateChips {
    pub denominations: Vec<Denomination>,
}

/// What to generate a structure from.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateRequest {
    /// The structure's name ("Generated" when absent or blank).
    #[serde(default)]
    pub name: String,
    #[schema(value_type = u64)]
    pub starting_stack: Chips,
    /// When the tournament should be at its final table, in minutes from the start.
    pub target_minutes: u32,
    /// Minutes per level.
    pub level_minutes: u32,
    /// Minutes per break (10 when absent); a break comes after about 90 minutes of play.
    pub break_minutes: Option<u32>,
    /// The field planned for, entries counted (50 when absent).
    pub field: Option<u32>,
    /// The chip set; Felt's standard set (100 black, 500 purple, 1,000 yellow, 5,000
    /// orange, 25,000 grey) when absent.
    pub chips: Option<GenerateChips>,
}

/// Generates levels and breaks: about 100 big blinds deep at the start, the final table
/// with 10-20 big blinds on average around the target time, blinds rounded to the chips
/// in play, breaks every 90 minutes or so that color up the smallest chip once it is no
/// longer needed. The answer's `structure.levels` and `starting_stack` go as they are
/// into `POST /api/v1/tournaments`.
#[utoipa::path(
    tag = "structures",
    request_body = GenerateRequest,
    responses(
        (status = 200, body = Generated),
        (status = 400, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Inputs no structure can come from, or an invalid chip set (the code names the rule)"),
    )
)]
#[post("/structures/generate")]
pub async fn generate(body: web::Json<GenerateRequest>) -> Result<web::Json<Generated>, ApiError> {
    let body = body.into_inner();
    let chips = match body.chips {
        Some(c) => {
            ChipSet::new(c.denominations).map_err(|e| ApiError::invalid(e.code(), e.to_string()))?
        }
        None => ChipSet::standard(),
    };
    let spec = GenerateSpec {
        name: body.name,
        starting_stack: body.starting_stack,
        target_minutes: body.target_minutes,
        level_minutes: body.level_minutes,
        break_minutes: body.break_minutes.unwrap_or(10),
        field: body.field.unwrap_or(DEFAULT_FIELD),
        chips,
    };
    generate_structure(&spec)
        .map(web::Json)
        .map_err(|e| ApiError::invalid(e.code(), e.to_string()))
}
