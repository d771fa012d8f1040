//! /api/v1/staff: the director manages operators while the server runs (the same as
//! `felt staff ...` with the server stopped). PINs are shown once, when generated; only
//! their argon2 hashes are stored.

use crate::auth::{
    check_name, check_pin_shape, generate_pin, hash_pin, Identity, Role, StaffMember,
};
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::{get, patch, post, web, HttpResponse};
use felt_actors::store::staff::{AddStaff, ChangeStaff, ListStaff, StaffChange};
use felt_actors::ActorError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An operator as the API shows it (never the PIN or its hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct Operator {
    pub id: uuid::Uuid,
    pub name: String,
    #[schema(value_type = String)]
    pub role: Role,
    pub disabled: bool,
}

impl From<StaffMember> for Operator {
    fn from(m: StaffMember) -> Self {
        Operator {
            id: m.id,
            name: m.name,
            role: m.role,
            disabled: m.disabled,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOperator {
    pub name: String,
    /// `admin`, `floor` or `viewer`.
    #[schema(value_type = String)]
    pub role: Role,
    /// A PIN or password; left out, one is generated and answered once.
    pub pin: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WithPin {
    pub operator: Operator,
    /// The generated PIN, shown this once; absent when the caller chose it.
    pub pin: Option<String>,
}

fn pin_or_generate(state: &AppState, pin: Option<String>) -> Result<(String, bool), ApiError> {
    match pin {
        Some(pin) => {
            check_pin_shape(&pin, state.settings.auth.min_pin_len)
                .map_err(|m| ApiError::bad_request("invalid_pin", m))?;
            Ok((pin, false))
        }
        None => Ok((generate_pin(), true)),
    }
}

async fn hash(pin: String) -> Result<String, ApiError> {
    web::block(move || hash_pin(&pin))
        .await
        .map_err(|e| ActorError::Unavailable(e.to_string()))?
        .map_err(|e| ActorError::Unavailable(e.to_string()).into())
}

/// Every operator.
#[utoipa::path(tag = "staff", responses((status = 200, body = Vec<Operator>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/staff")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<Vec<Operator>>, ApiError> {
    let all = state
        .store
        .send(ListStaff)
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    Ok(web::Json(all.into_iter().map(Operator::from).collect()))
}

/// Adds an operator.
#[utoipa::path(
    tag = "staff",
    request_body = NewOperator,
    responses((status = 201, body = WithPin), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody, description = "The name is taken"))
)]
#[post("/staff")]
pub async fn add(
    state: web::Data<AppState>,
    who: Identity,
    body: web::Json<NewOperator>,
) -> Result<HttpResponse, ApiError> {
    let NewOperator { name, role, pin } = body.into_inner();
    check_name(&name).map_err(|m| ApiError::bad_request("invalid_name", m))?;
    let (pin, generated) = pin_or_generate(&state, pin)?;
    let member = StaffMember {
        id: uuid::Uuid::new_v4(),
        name,
        role,
        pin_hash: hash(pin.clone()).await?,
        disabled: false,
        epoch: 0,
    };
    let added = state
        .store
        .send(AddStaff {
            member: member.clone(),
            at: state.clock.now(),
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?;
    if !added {
        return Err(ApiError::conflict(
            "name_taken",
            format!("there is already an operator named {}", member.name),
        ));
    }
    state.auth.remember(member.clone());
    tracing::info!(by = %who.name, operator = %member.name, role = %member.role, "operator added");
    Ok(HttpResponse::Created().json(WithPin {
        operator: member.into(),
        pin: generated.then_some(pin),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditOperator {
    #[schema(value_type = Option<String>)]
    pub role: Option<Role>,
    /// true: the operator can no longer log in and their tokens are refused at once.
    pub disabled: Option<bool>,
}

async fn apply(state: &AppState, name: &str, change: StaffChange) -> Result<StaffMember, ApiError> {
    let member = state
        .store
        .send(ChangeStaff {
            name: name.to_string(),
            change,
            at: state.clock.now(),
        })
        .await
        .map_err(ActorError::from)?
        .map_err(ActorError::from)?
        .ok_or_else(|| ApiError::NotFound(format!("no operator named {name}")))?;
    state.auth.remember(member.clone());
    Ok(member)
}

/// Changes an operator's role, or disables / enables them. The last enabled admin cannot
/// be demoted or disabled.
#[utoipa::path(
    tag = "staff",
    params(("name" = String, Path, description = "Operator name (any case)")),
    request_body = EditOperator,
    responses((status = 200, body = Operator), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "It would leave no admin"))
)]
#[patch("/staff/{name}")]
pub async fn edit(
    state: web::Data<AppState>,
    who: Identity,
    name: web::Path<String>,
    body: web::Json<EditOperator>,
) -> Result<web::Json<Operator>, ApiError> {
    let target = state
        .auth
        .member_by_name(&name)
        .ok_or_else(|| ApiError::NotFound(format!("no operator named {name}")))?;
    let demotes = body.role.is_some_and(|r| r != Role::Admin) || body.disabled == Some(true);
    if demotes && target.role == Role::Admin && !target.disabled && state.auth.enabled_admins() <= 1
    {
        return Err(ApiError::conflict(
            "last_admin",
            "this is the last enabled admin: add another first",
        ));
    }
    let mut member = target;
    if let Some(role) = body.role {
        member = apply(&state, &name, StaffChange::Role(role)).await?;
    }
    if let Some(disabled) = body.disabled {
        member = apply(&state, &name, StaffChange::Disabled(disabled)).await?;
    }
    tracing::info!(by = %who.name, operator = %member.name, role = %member.role, disabled = member.disabled, "operator changed");
    Ok(web::Json(member.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPin {
    /// The new PIN or password; left out, one is generated and answered once.
    pub pin: Option<String>,
}

/// Sets a new PIN for an operator.
#[utoipa::path(
    tag = "staff",
    params(("name" = String, Path, description = "Operator name (any case)")),
    request_body = NewPin,
    responses((status = 200, body = WithPin), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[post("/staff/{name}/pin")]
pub async fn reset_pin(
    state: web::Data<AppState>,
    who: Identity,
    name: web::Path<String>,
    body: web::Json<NewPin>,
) -> Result<web::Json<WithPin>, ApiError> {
    let (pin, generated) = pin_or_generate(&state, body.into_inner().pin)?;
    let member = apply(&state, &name, StaffChange::Pin(hash(pin.clone()).await?)).await?;
    tracing::info!(by = %who.name, operator = %member.name, "PIN reset");
    Ok(web::Json(WithPin {
        operator: member.into(),
        pin: generated.then_some(pin),
    }))
}
