//! /api/v1/payout-plans: the venue's library of named payout plans, checked by the rules
//! (every row adds up to exactly 100%) and kept in the database, plus the built-in
//! standard plan (id `standard`, read-only). A tournament copies its plan when it is
//! created, so editing a plan here never changes a tournament already made.

use super::venue::{ask, name};
use crate::auth::Identity;
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use felt_actors::store::venue::plans::{
    AddPayoutPlan, DeletePayoutPlan, GetPayoutPlan, ListPayoutPlans, ReplacePayoutPlan, StoredPlan,
};
use felt_domain::payouts::{PayoutPlan, PayoutRow};
use felt_domain::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The id of the built-in plan.
pub const STANDARD: &str = "standard";

/// A payout plan as written by a client: rows by size of field, shares in basis points.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    pub name: String,
    pub rows: Vec<PayoutRow>,
}

/// A payout plan of the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    /// `standard`, or the stored plan's UUID.
    pub id: String,
    pub name: String,
    pub rows: Vec<PayoutRow>,
    /// The built-in plan cannot be changed or deleted.
    pub read_only: bool,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

/// One plan in the list (GET the plan for its rows).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummary {
    pub id: String,
    pub name: String,
    pub read_only: bool,
    /// Rows (sizes of field) in the plan.
    pub rows: usize,
    /// The most places any row pays.
    pub most_places: usize,
    pub updated_at: Option<Timestamp>,
}

impl From<StoredPlan> for PlanView {
    fn from(s: StoredPlan) -> Self {
        PlanView {
            id: s.id.to_string(),
            name: s.plan.name,
            rows: s.plan.rows,
            read_only: false,
            created_at: Some(s.created_at),
            updated_at: Some(s.updated_at),
        }
    }
}

fn standard() -> PlanView {
    let plan = felt_domain::payouts::standard().clone();
    PlanView {
        id: STANDARD.into(),
        name: plan.name,
        rows: plan.rows,
        read_only: true,
        created_at: None,
        updated_at: None,
    }
}

fn summary(v: &PlanView) -> PlanSummary {
    PlanSummary {
        id: v.id.clone(),
        name: v.name.clone(),
        read_only: v.read_only,
        rows: v.rows.len(),
        most_places: v.rows.iter().map(PayoutRow::places).max().unwrap_or(0),
        updated_at: v.updated_at,
    }
}

/// A stored plan's id from the path; `None` for the built-in plan.
fn plan_id(id: &str) -> Result<Option<uuid::Uuid>, ApiError> {
    if id == STANDARD {
        return Ok(None);
    }
    uuid::Uuid::parse_str(id).map(Some).map_err(|_| {
        ApiError::bad_request(
            "invalid_path",
            format!("`{id}` is not a payout plan id (`standard` or a UUID)"),
        )
    })
}

fn read_only() -> ApiError {
    ApiError::conflict(
        "read_only_plan",
        "the standard plan is built in and cannot be changed or deleted; add a plan of your own",
    )
}

/// Checks a plan as the rules do: the name, every row adding up to exactly 100.00%,
/// shares never rising by place, rows following each other without gap or overlap.
fn checked(body: PlanBody) -> Result<PayoutPlan, ApiError> {
    let plan = PayoutPlan {
        name: name("plan name", &body.name)?,
        rows: body.rows,
    };
    let builtin = &felt_domain::payouts::standard().name;
    if plan.name.eq_ignore_ascii_case(builtin) || plan.name.eq_ignore_ascii_case(STANDARD) {
        return Err(ApiError::conflict(
            "duplicate_plan_name",
            format!("`{}` is the built-in plan's name", plan.name),
        ));
    }
    plan.validate().map_err(|e| {
        let message = match e {
            felt_domain::DomainError::InvalidValue(m) => m,
            other => other.to_string(),
        };
        ApiError::invalid("invalid_payout_plan", message)
    })?;
    Ok(plan)
}

/// The built-in plan first, then the stored ones by name.
#[utoipa::path(tag = "payout plans", responses((status = 200, body = Vec<PlanSummary>)))]
#[get("/payout-plans")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<Vec<PlanSummary>>, ApiError> {
    let stored = ask(&state, ListPayoutPlans).await?;
    let mut out = vec![summary(&standard())];
    out.extend(stored.into_iter().map(|s| summary(&PlanView::from(s))));
    Ok(web::Json(out))
}

/// One plan with its rows; `standard` is the built-in plan.
#[utoipa::path(
    tag = "payout plans",
    params(("id" = String, Path, description = "`standard` or a plan's UUID")),
    responses((status = 200, body = PlanView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/payout-plans/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<PlanView>, ApiError> {
    let Some(id) = plan_id(&id)? else {
        return Ok(web::Json(standard()));
    };
    match ask(&state, GetPayoutPlan(id)).await? {
        Some(stored) => Ok(web::Json(stored.into())),
        None => Err(ApiError::missing(
            "payout_plan_not_found",
            format!("no payout plan {id}"),
        )),
    }
}

/// Adds a plan. 422 `invalid_payout_plan` names the row at fault and why (e.g. "payout
/// row 2-10 entries: the shares add up to 99.10%, not 100.00%"); 409
/// `duplicate_plan_name`.
#[utoipa::path(
    tag = "payout plans",
    request_body = PlanBody,
    responses(
        (status = 201, body = PlanView),
        (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The name is taken"),
        (status = 422, body = ErrorBody, description = "The plan breaks a rule"),
    )
)]
#[post("/payout-plans")]
pub async fn add(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<PlanBody>,
) -> Result<HttpResponse, ApiError> {
    let plan = checked(body.into_inner())?;
    let stored = ask(
        &state,
        AddPayoutPlan {
            id: uuid::Uuid::new_v4(),
            plan,
            at: state.clock.now(),
            by: who.operator(),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(PlanView::from(stored)))
}

/// Replaces a plan (name and rows). Tournaments created with it keep their copy.
#[utoipa::path(
    tag = "payout plans",
    params(("id" = String, Path, description = "A plan's UUID")),
    request_body = PlanBody,
    responses(
        (status = 200, body = PlanView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The name is taken, or the plan is the built-in one"),
        (status = 422, body = ErrorBody, description = "The plan breaks a rule"),
    )
)]
#[put("/payout-plans/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    who: Identity,
    id: web::Path<String>,
    body: web::Json<PlanBody>,
) -> Result<web::Json<PlanView>, ApiError> {
    let id = plan_id(&id)?.ok_or_else(read_only)?;
    let plan = checked(body.into_inner())?;
    let stored = ask(
        &state,
        ReplacePayoutPlan {
            id,
            plan,
            at: state.clock.now(),
            by: who.operator(),
        },
    )
    .await?;
    Ok(web::Json(stored.into()))
}

/// Deletes a plan. Tournaments created with it keep their copy.
#[utoipa::path(
    tag = "payout plans",
    params(("id" = String, Path, description = "A plan's UUID")),
    responses(
        (status = 204),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The built-in plan"),
    )
)]
#[delete("/payout-plans/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = plan_id(&id)?.ok_or_else(read_only)?;
    ask(&state, DeletePayoutPlan(id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
