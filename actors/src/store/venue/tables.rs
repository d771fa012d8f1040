//! The room's tables and which tournament holds which: SQL, messages and handlers.
//! A table is held by at most one tournament (the table is the key of
//! `table_assignments`); assigning several tables is one transaction, all or none, and a
//! held table can be neither deleted nor given fewer or more seats.

use super::{from_json, is_unique_violation, to_json, VenueError};
use crate::error::StoreError;
use crate::store::Store;
use actix::prelude::*;
use felt_domain::seating::{SeatSet, TableId, TableSpec};
use felt_domain::{Operator, Timestamp, TournamentId};
use libsql::{params, Connection, Transaction};

/// Who holds a table, since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding {
    pub tournament: TournamentId,
    pub since: Timestamp,
}

/// A table of the room and the tournament holding it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueTable {
    pub spec: TableSpec,
    pub held: Option<Holding>,
}

/// Which free tables to give a tournament.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TablePick {
    /// These tables (those the tournament holds already are kept as they are).
    Tables(Vec<TableId>),
    /// This many of the free tables, lowest number first.
    Count(u32),
}

/// Sent by the HTTP layer: every table of the room, by number, with who holds it.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<VenueTable>, VenueError>")]
pub struct ListTables;

/// Sent by the HTTP layer with a checked table: add it to the room. 409
/// `duplicate_table` when the number is taken, `duplicate_table_name` for the name.
#[derive(Message, Debug)]
#[rtype(result = "Result<VenueTable, VenueError>")]
pub struct AddTable {
    pub spec: TableSpec,
    pub at: Timestamp,
}

/// Sent by the HTTP layer with a checked table: replace table `spec.id`. 404
/// `table_not_found`; 409 `table_in_use` when a tournament holds it and the seats change.
#[derive(Message, Debug)]
#[rtype(result = "Result<VenueTable, VenueError>")]
pub struct ReplaceTable {
    pub spec: TableSpec,
    pub at: Timestamp,
}

/// Sent by the HTTP layer: remove a table from the room (404; 409 `table_in_use`).
#[derive(Message, Debug)]
#[rtype(result = "Result<(), VenueError>")]
pub struct DeleteTable(pub TableId);

/// Sent by the HTTP layer: give tables from the pool to a tournament, all or none.
/// Answered with every table the tournament holds after. 404 `table_not_found`; 409
/// `table_held` (by another tournament), `not_enough_free_tables`.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<VenueTable>, VenueError>")]
pub struct AssignTables {
    pub tournament: TournamentId,
    pub pick: TablePick,
    pub at: Timestamp,
    pub by: Operator,
}

/// Sent by the HTTP layer: a tournament gives a table back to the pool. Answered with
/// the tables it still holds. 404 `table_not_found`; 409 `table_not_held`.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<VenueTable>, VenueError>")]
pub struct ReleaseTable {
    pub tournament: TournamentId,
    pub table: TableId,
}

/// Sent by the HTTP layer (and later the seating engine): the tables a tournament holds,
/// by number.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<VenueTable>, VenueError>")]
pub struct GetTournamentTables(pub TournamentId);

const SELECT: &str = "SELECT t.id, t.name, t.seats, t.zone, t.feature, t.reserved,
    a.tournament_id, a.since
    FROM venue_tables t LEFT JOIN table_assignments a ON a.table_id = t.id";

fn table_row(row: &libsql::Row) -> Result<VenueTable, StoreError> {
    let id: i64 = row.get(0)?;
    let seats: i64 = row.get(2)?;
    let reserved: String = row.get(5)?;
    let reserved: Vec<u8> = from_json(&reserved)?;
    let held = match row.get::<Option<String>>(6)? {
        Some(t) => Some(Holding {
            tournament: TournamentId(super::parse_uuid(&t)?),
            since: row.get(7)?,
        }),
        None => None,
    };
    Ok(VenueTable {
        spec: TableSpec {
            id: TableId(u32::try_from(id).map_err(super::corrupt)?),
            name: row.get(1)?,
            seats: u8::try_from(seats).map_err(super::corrupt)?,
            zone: row.get(3)?,
            feature: row.get::<i64>(4)? != 0,
            reserved: SeatSet::try_from(reserved).map_err(super::corrupt)?,
        },
        held,
    })
}

async fn select(
    conn: &Connection,
    filter: &str,
    args: impl libsql::params::IntoParams,
) -> Result<Vec<VenueTable>, StoreError> {
    let mut rows = conn
        .query(&format!("{SELECT} {filter} ORDER BY t.id"), args)
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(table_row(&row)?);
    }
    Ok(out)
}

pub async fn list(conn: &Connection) -> Result<Vec<VenueTable>, StoreError> {
    select(conn, "", ()).await
}

pub async fn get(conn: &Connection, id: TableId) -> Result<Option<VenueTable>, StoreError> {
    Ok(select(conn, "WHERE t.id = ?1", params![i64::from(id.0)])
        .await?
        .pop())
}

pub async fn of_tournament(
    conn: &Connection,
    tournament: TournamentId,
) -> Result<Vec<VenueTable>, StoreError> {
    select(
        conn,
        "WHERE a.tournament_id = ?1",
        params![tournament.to_string()],
    )
    .await
}

fn not_found(id: TableId) -> VenueError {
    VenueError::not_found("table_not_found", format!("no table {}", id.0))
}

async fn name_taken(conn: &Connection, spec: &TableSpec) -> Result<Option<VenueError>, StoreError> {
    let Some(name) = &spec.name else {
        return Ok(None);
    };
    let mut rows = conn
        .query(
            "SELECT id FROM venue_tables WHERE name = ?1 COLLATE NOCASE AND id <> ?2",
            params![name.as_str(), i64::from(spec.id.0)],
        )
        .await?;
    Ok(match rows.next().await? {
        Some(row) => Some(VenueError::conflict(
            "duplicate_table_name",
            format!("table {} is already named `{name}`", row.get::<i64>(0)?),
        )),
        None => None,
    })
}

fn reserved_json(spec: &TableSpec) -> Result<String, StoreError> {
    to_json(&Vec::<u8>::from(spec.reserved))
}

pub async fn add(conn: &Connection, msg: AddTable) -> Result<VenueTable, VenueError> {
    let spec = msg.spec;
    if get(conn, spec.id).await?.is_some() {
        return Err(VenueError::conflict(
            "duplicate_table",
            format!("table {} already exists", spec.id.0),
        ));
    }
    if let Some(e) = name_taken(conn, &spec).await? {
        return Err(e);
    }
    conn.execute(
        "INSERT INTO venue_tables (id, name, seats, zone, feature, reserved, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            i64::from(spec.id.0),
            spec.name.clone(),
            i64::from(spec.seats),
            spec.zone.clone(),
            i64::from(spec.feature),
            reserved_json(&spec)?,
            msg.at
        ],
    )
    .await
    .map_err(|e| match is_unique_violation(&e) {
        true => VenueError::conflict("duplicate_table", format!("table {} already exists", spec.id.0)),
        false => e.into(),
    })?;
    Ok(VenueTable { spec, held: None })
}

pub async fn replace(conn: &Connection, msg: ReplaceTable) -> Result<VenueTable, VenueError> {
    let spec = msg.spec;
    let Some(old) = get(conn, spec.id).await? else {
        return Err(not_found(spec.id));
    };
    if let (Some(held), true) = (old.held, old.spec.seats != spec.seats) {
        return Err(VenueError::conflict(
            "table_in_use",
            format!(
                "table {} is held by tournament {}: its seats cannot change until it is released",
                spec.id.0, held.tournament
            ),
        ));
    }
    if let Some(e) = name_taken(conn, &spec).await? {
        return Err(e);
    }
    conn.execute(
        "UPDATE venue_tables SET name = ?2, seats = ?3, zone = ?4, feature = ?5, reserved = ?6,
             updated_at = ?7
         WHERE id = ?1",
        params![
            i64::from(spec.id.0),
            spec.name.clone(),
            i64::from(spec.seats),
            spec.zone.clone(),
            i64::from(spec.feature),
            reserved_json(&spec)?,
            msg.at
        ],
    )
    .await?;
    Ok(VenueTable {
        spec,
        held: old.held,
    })
}

fn in_use(table: TableId, holding: Holding) -> VenueError {
    VenueError::conflict(
        "table_in_use",
        format!(
            "table {} is held by tournament {}: release it first",
            table.0, holding.tournament
        ),
    )
}

pub async fn delete(conn: &Connection, id: TableId) -> Result<(), VenueError> {
    let Some(old) = get(conn, id).await? else {
        return Err(not_found(id));
    };
    if let Some(held) = old.held {
        return Err(in_use(id, held));
    }
    conn.execute(
        "DELETE FROM venue_tables WHERE id = ?1",
        params![i64::from(id.0)],
    )
    .await?;
    Ok(())
}

pub async fn assign(conn: &Connection, msg: AssignTables) -> Result<Vec<VenueTable>, VenueError> {
    let tx = conn.transaction().await?;
    let chosen = match choose(conn, &msg).await {
        Ok(chosen) => chosen,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    if let Err(e) = insert_assignments(&tx, &msg, &chosen).await {
        tx.rollback().await?;
        return Err(e);
    }
    tx.commit().await?;
    Ok(of_tournament(conn, msg.tournament).await?)
}

/// The tables to give, after checking each exists and is free (or already the
/// tournament's, which is left as it is).
async fn choose(conn: &Connection, msg: &AssignTables) -> Result<Vec<TableId>, VenueError> {
    match &msg.pick {
        TablePick::Tables(ids) => {
            let mut chosen = Vec::with_capacity(ids.len());
            for &id in ids {
                let Some(table) = get(conn, id).await? else {
                    return Err(not_found(id));
                };
                match table.held {
                    Some(h) if h.tournament == msg.tournament => {}
                    Some(h) => {
                        return Err(VenueError::conflict(
                            "table_held",
                            format!("table {} is held by tournament {}", id.0, h.tournament),
                        ))
                    }
                    None if chosen.contains(&id) => {}
                    None => chosen.push(id),
                }
            }
            Ok(chosen)
        }
        TablePick::Count(count) => {
            let free: Vec<TableId> = select(conn, "WHERE a.table_id IS NULL", ())
                .await?
                .into_iter()
                .map(|t| t.spec.id)
                .collect();
            let wanted = usize::try_from(*count).unwrap_or(usize::MAX);
            if free.len() < wanted {
                return Err(VenueError::conflict(
                    "not_enough_free_tables",
                    format!("{count} tables asked for, {} free", free.len()),
                ));
            }
            Ok(free.into_iter().take(wanted).collect())
        }
    }
}

async fn insert_assignments(
    tx: &Transaction,
    msg: &AssignTables,
    chosen: &[TableId],
) -> Result<(), VenueError> {
    for id in chosen {
        tx.execute(
            "INSERT INTO table_assignments (table_id, tournament_id, since, assigned_by)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                i64::from(id.0),
                msg.tournament.to_string(),
                msg.at,
                msg.by.0.as_str()
            ],
        )
        .await
        .map_err(|e| match is_unique_violation(&e) {
            true => VenueError::conflict(
                "table_held",
                format!("table {} is held by another tournament", id.0),
            ),
            false => e.into(),
        })?;
    }
    Ok(())
}

pub async fn release(conn: &Connection, msg: ReleaseTable) -> Result<Vec<VenueTable>, VenueError> {
    let Some(table) = get(conn, msg.table).await? else {
        return Err(not_found(msg.table));
    };
    match table.held {
        Some(h) if h.tournament == msg.tournament => {}
        other => {
            let by = other.map_or("nobody holds it".to_string(), |h| {
                format!("tournament {} holds it", h.tournament)
            });
            return Err(VenueError::conflict(
                "table_not_held",
                format!(
                    "tournament {} does not hold table {}: {by}",
                    msg.tournament, msg.table.0
                ),
            ));
        }
    }
    conn.execute(
        "DELETE FROM table_assignments WHERE table_id = ?1 AND tournament_id = ?2",
        params![i64::from(msg.table.0), msg.tournament.to_string()],
    )
    .await?;
    Ok(of_tournament(conn, msg.tournament).await?)
}

impl Handler<ListTables> for Store {
    type Result = AtomicResponse<Self, Result<Vec<VenueTable>, VenueError>>;

    fn handle(&mut self, _: ListTables, _: &mut Self::Context) -> Self::Result {
        self.venue(|conn| async move { Ok(list(&conn).await?) })
    }
}

impl Handler<AddTable> for Store {
    type Result = AtomicResponse<Self, Result<VenueTable, VenueError>>;

    fn handle(&mut self, msg: AddTable, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { add(&conn, msg).await })
    }
}

impl Handler<ReplaceTable> for Store {
    type Result = AtomicResponse<Self, Result<VenueTable, VenueError>>;

    fn handle(&mut self, msg: ReplaceTable, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { replace(&conn, msg).await })
    }
}

impl Handler<DeleteTable> for Store {
    type Result = AtomicResponse<Self, Result<(), VenueError>>;

    fn handle(&mut self, msg: DeleteTable, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { delete(&conn, msg.0).await })
    }
}

impl Handler<AssignTables> for Store {
    type Result = AtomicResponse<Self, Result<Vec<VenueTable>, VenueError>>;

    fn handle(&mut self, msg: AssignTables, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { assign(&conn, msg).await })
    }
}

impl Handler<ReleaseTable> for Store {
    type Result = AtomicResponse<Self, Result<Vec<VenueTable>, VenueError>>;

    fn handle(&mut self, msg: ReleaseTable, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { release(&conn, msg).await })
    }
}

impl Handler<GetTournamentTables> for Store {
    type Result = AtomicResponse<Self, Result<Vec<VenueTable>, VenueError>>;

    fn handle(&mut self, msg: GetTournamentTables, _: &mut Self::Context) -> Self::Result {
        self.venue(move |conn| async move { Ok(of_tournament(&conn, msg.0).await?) })
    }
}
