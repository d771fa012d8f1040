//! GET /api/v1/structures: the built-in structures a tournament can start from.

use actix_web::{get, web};
use felt_domain::structure::{templates, Template};

/// The built-in structures (turbo, regular, deep stack) with their suggested starting stack.
#[utoipa::path(tag = "structures", responses((status = 200, body = Vec<Template>)))]
#[get("/structures")]
pub async fn list() -> web::Json<Vec<Template>> {
    web::Json(templates())
}
