//! Named payout plans in the database: their SQL, messages and handlers. Plans arrive
//! checked by the rules (`PayoutPlan::validate`); here they are only kept, with names
//! unique in any case. The built-in standard plan is not stored.

use super::{from_json, is_unique_violation, parse_uuid, to_json, VenueError};
use crate::error::StoreError;
use crate::store::Store;
use actix::prelude::*;
use felt_domain::payouts::PayoutPlan;
use felt_domain::{Operator, Timestamp};
use libsql::{params, Connection};
use uuid::Uuid;

/// A stored plan and its bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPlan {
    pub id: Uuid,
    pub plan: PayoutPlan,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// Sent by the HTTP layer: every stored plan, by name.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<StoredPlan>, VenueError>")]
pub struct ListPayoutPlans;

/// Sent by the HTTP layer (and by tournament creation, which copies the plan): one plan.
#[derive(Message, Debug)]
#[rtype(result = "Result<Option<StoredPlan>, VenueError>")]
pub struct GetPayoutPlan(pub Uuid);

/// Sent by the HTTP layer with a checked plan: store it as a new plan `id`. Refused
/// (409 `duplicate_plan_name`) when another plan has the name in any case.
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredPlan, VenueError>")]
pub struct AddPayoutPlan {
    pub id: Uuid,
    pub plan: PayoutPlan,
    pub at: Timestamp,
    pub by: Operator,
}

/// Sent by the HTTP layer with a checked plan: replace plan `id` (404 when unknown).
/// Tournaments already created keep the copy they took.
#[derive(Message, Debug)]
#[rtype(result = "Result<StoredPlan, VenueError>")]
pub struct ReplacePayoutPlan {
    pub id: Uuid,
    pub plan: PayoutPlan,
    pub at: Timestamp,
    pub by: Operator,
}

/// Sent by the HTTP layer: delete plan `id` (404 when unknown).
#[derive(Message, Debug)]
#[rtype(result = "Result<(), VenueError>")]
pub struct DeletePayoutPlan(pub Uuid);

const COLUMNS: &str = "id, name, rows, created_at, updated_at, updated_by";

fn plan_row(row: &libsql::Row) -> Result<StoredPlan, StoreError> {
    let id: String = row.get(0)?;
    let rows: String = row.get(2)?;
    Ok(StoredPlan {
        id: parse_uuid(&id)?,
        plan: PayoutPlan {
            name: row.get(1)?,
            rows: from_json(&rows)?,
        },
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
        updated_by: row.get(5)?,
    })
}

pub async fn list(conn: &Connection) -> Result<Vec<StoredPlan>, StoreError> {
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM payout_plans ORDER BY name COLLATE NOCASE"),
            (),
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(plan_row(&row)?);
    }
    Ok(out)
}

pub async fn get(conn: &Connection, id: Uuid) -> Result<Option<StoredPlan>, StoreError> {
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM payout_plans WHERE id = ?1"),
            params![id.to_string()],
        )
        .await?;
    rows.next().await?.map(|row| plan_row(&row)).transpose()
}

/// The plan other than `except` that already has `name` (in any case), if any.
async fn named(conn: &Connection, name: &str, except: Uuid) -> Result<Option<Uuid>, StoreError> {
    let mut rows = conn
        .query(
            "SELECT id FROM payout_plans WHERE name = ?1 COLLATE NOCASE AND id <> ?2",
            params![name, except.to_string()],
        )
        .await?;
    match rows.next().await? {
        Some(row) => Ok(Some(parse_uuid(&row.get::<String>(0)?)?)),
        None => Ok(None),
    }
}

fn duplicate_name(name: &str) -> VenueError {
    VenueError::conflict(
        "duplicate_plan_name",
        format!("a payout plan named `{name}` already exists"),
    )
}

pub async fn add(conn: &Connection, msg: AddPayoutPlan) -> Result<StoredPlan, VenueError> {
    if named(conn, &msg.plan.name, msg.id).await?.is_some() {
        return Err(duplicate_name(&msg.plan.name));
    }
    conn.execute(
        "INSERT INTO payout_plans (id, name, rows, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        params![
            msg.id.to_string(),
            msg.plan.name.as_str(),
            to_json(&msg.plan.rows)?,
            msg.at,
            msg.by.0.as_str()
        ],
    )
    .await
    .map_err(|e| match is_unique_violation(&e) {
        true => duplicate_name(&msg.plan.name),
        false => e.into(),
    })?;
    Ok(StoredPlan {
        id: msg.id,
        plan: msg.plan,
        created_at: msg.at,
        updated_at: msg.at,
        updated_by: msg.by.0,
    })
}

fn unknown(id: Uuid) -> VenueError {
    VenueError::not_found("payout_plan_not_found", format!("no payout plan {id}"))
}

pub async fn replace(conn: &Connection, msg: ReplacePayoutPlan) -> Result<StoredPlan, VenueError> {
    let Some(old) = get(conn, msg.id).await? else {
        return Err(unknown(msg.id));
    };
    if named(conn, &msg.plan.name, msg.id).await?.is_some() {
        return Err(duplicate_name(&msg.plan.name));
    }
    conn.execute(
        "UPDATE payout_plans SET name = ?2, rows = ?3, updated_at = ?4, updated_by = ?5
         WHERE id = ?1",
        params![
            msg.id.to_string(),
            msg.plan.name.as_str(),
            to_json(&msg.plan.rows)?,
            msg.at,
            msg.by.0.as_str()
        ],
    )
    .await
    .map_err(|e| match is_unique_violation(&e) {
        true => duplicate_name(&msg.plan.name),
        false => e.into(),
    })?;
    Ok(StoredPlan {
        id: msg.id,
        plan: msg.plan,
        created_at: old.created_at,
        updated_at: msg.at,
        updated_by: msg.by.0,
    })
}

pub async fn delete(conn: &Connection, id: Uuid) -> Result<(), VenueError> {
    let gone = conn
        .execute(
            "DELETE FROM payout_plans WHERE id = ?1",
            params![id.to_string()],
        )
        .await?;
    if gone == 0 {
        return Err(unknown(id));
    }
    Ok(())
}

impl Handler<ListPayoutPlans> for Store {
    type Result = AtomicResponse<Self, Result<Vec<StoredPlan>, VenueError>>;

    fn handle(&mut self, _: ListPayoutPlans, _: &mut Self::Context) -> Self::Result {
        self.venue(|conn| async move { Ok(list(&conn).await?) })
    }
}

impl Handler<GetPayoutPlan> for Store {
    type Result = AtomicResponse<Self, Result<Option<StoredPlan>, VenueError>>;

    fn handle(&mut self, msg: GetPayoutPlan, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { Ok(get(&conn, msg.0).await?) })
    }
}

impl Handler<AddPayoutPlan> for Store {
    type Result = AtomicResponse<Self, Result<StoredPlan, VenueError>>;

    fn handle(&mut self, msg: AddPayoutPlan, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { add(&conn, msg).await })
    }
}

impl Handler<ReplacePayoutPlan> for Store {
    type Result = AtomicResponse<Self, Result<StoredPlan, VenueError>>;

    fn handle(&mut self, msg: ReplacePayoutPlan, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { replace(&conn, msg).await })
    }
}

impl Handler<DeletePayoutPlan> for Store {
    type Result = AtomicResponse<Self, Result<(), VenueError>>;

    fn handle(&mut self, msg: DeletePayoutPlan, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { delete(&conn, msg.0).await })
    }
}
