//! Staff (operators who log in) and revoked tokens: the SQL, the messages the persistence
//! actor answers, and the functions the command line calls on a connection of its own
//! (with the server stopped). Only hashes are stored here; hashing and checking PINs, and
//! tokens themselves, belong to the server crate.

use super::Store;
use crate::error::StoreError;
use actix::prelude::*;
use felt_domain::Timestamp;
use libsql::{params, Connection};
use serde::{Deserialize, Serialize};

/// What an operator may do. Ordered: each role includes the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Screens and read-only access.
    Viewer,
    /// Runs tournaments: entries, busts, seats, clock.
    Floor,
    /// The director: everything, staff included.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Floor => "floor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "floor" => Some(Role::Floor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operator as stored. `pin_hash` is an argon2 PHC string, never the PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: uuid::Uuid,
    pub name: String,
    pub role: Role,
    pub pin_hash: String,
    pub disabled: bool,
    /// Token generation: moved on by every PIN reset, so the tokens issued before it (which
    /// carry the old one) are refused.
    pub epoch: i64,
}

const COLUMNS: &str = "id, name, role, pin_hash, disabled, token_epoch";

fn row_to_member(row: &libsql::Row) -> Result<StaffMember, StoreError> {
    let id: String = row.get(0)?;
    let role: String = row.get(2)?;
    let disabled: i64 = row.get(4)?;
    Ok(StaffMember {
        id: uuid::Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name: row.get(1)?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role `{role}`")))?,
        pin_hash: row.get(3)?,
        disabled: disabled != 0,
        epoch: row.get(5)?,
    })
}

/// Every operator, by name.
pub async fn list(conn: &Connection) -> Result<Vec<StaffMember>, StoreError> {
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM staff ORDER BY name COLLATE NOCASE"),
            (),
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(row_to_member(&row)?);
    }
    Ok(out)
}

/// Adds an operator; `false` if the name (any case) is taken.
pub async fn add(conn: &Connection, m: &StaffMember, at: Timestamp) -> Result<bool, StoreError> {
    let changed = conn
        .execute(
            "INSERT INTO staff (id, name, role, pin_hash, disabled, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (name) DO NOTHING",
            params![
                m.id.to_string(),
                m.name.as_str(),
                m.role.as_str(),
                m.pin_hash.as_str(),
                i64::from(m.disabled),
                at
            ],
        )
        .await?;
    Ok(changed == 1)
}

/// What to change about one operator, found by name (any case).
#[derive(Debug, Clone)]
pub enum StaffChange {
    Pin(String),
    Disabled(bool),
    Role(Role),
}

/// Changes one operator; the operator after the change, or `None` if there is no such name.
pub async fn change(
    conn: &Connection,
    name: &str,
    what: &StaffChange,
    at: Timestamp,
) -> Result<Option<StaffMember>, StoreError> {
    let (sql, value) = match what {
        // A new PIN ends every session of the old one.
        StaffChange::Pin(hash) => (
            "token_epoch = token_epoch + 1, pin_hash",
            libsql::Value::Text(hash.clone()),
        ),
        StaffChange::Disabled(d) => ("disabled", libsql::Value::Integer(i64::from(*d))),
        StaffChange::Role(r) => ("role", libsql::Value::Text(r.as_str().to_string())),
    };
    conn.execute(
        &format!("UPDATE staff SET {sql} = ?1, updated_at = ?2 WHERE name = ?3"),
        params![value, at, name],
    )
    .await?;
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM staff WHERE name = ?1"),
            params![name],
        )
        .await?;
    match rows.next().await? {
        Some(row) => Ok(Some(row_to_member(&row)?)),
        None => Ok(None),
    }
}

/// Records a token as revoked until it would have expired anyway.
pub async fn revoke(conn: &Connection, jti: &str, expires_at: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?1, ?2)
         ON CONFLICT (jti) DO NOTHING",
        params![jti, expires_at],
    )
    .await?;
    Ok(())
}

/// Revoked tokens that have not expired yet (`now` in seconds); the expired ones are
/// forgotten.
pub async fn revoked(conn: &Connection, now: i64) -> Result<Vec<(String, i64)>, StoreError> {
    conn.execute(
        "DELETE FROM revoked_tokens WHERE expires_at < ?1",
        params![now],
    )
    .await?;
    let mut rows = conn
        .query("SELECT jti, expires_at FROM revoked_tokens", ())
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push((row.get(0)?, row.get(1)?));
    }
    Ok(out)
}

/// Sent by the server at start and by the staff API: every operator.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<StaffMember>, StoreError>")]
pub struct ListStaff;

/// Sent at first start and by the staff API; answered `false` if the name is taken.
#[derive(Message, Debug)]
#[rtype(result = "Result<bool, StoreError>")]
pub struct AddStaff {
    pub member: StaffMember,
    pub at: Timestamp,
}

/// Sent by the staff API: a new PIN hash, disabled or enabled, a new role.
#[derive(Message, Debug)]
#[rtype(result = "Result<Option<StaffMember>, StoreError>")]
pub struct ChangeStaff {
    pub name: String,
    pub change: StaffChange,
    pub at: Timestamp,
}

/// Sent at logout: the token stays refused after a restart.
#[derive(Message, Debug)]
#[rtype(result = "Result<(), StoreError>")]
pub struct RevokeToken {
    pub jti: String,
    pub expires_at: i64,
}

/// Sent at start: the revoked tokens still unexpired at `now` (seconds).
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<(String, i64)>, StoreError>")]
pub struct GetRevoked {
    pub now: i64,
}

impl Handler<ListStaff> for Store {
    type Result = AtomicResponse<Self, Result<Vec<StaffMember>, StoreError>>;

    fn handle(&mut self, _: ListStaff, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { list(&conn).await })
    }
}

impl Handler<AddStaff> for Store {
    type Result = AtomicResponse<Self, Result<bool, StoreError>>;

    fn handle(&mut self, msg: AddStaff, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { add(&conn, &msg.member, msg.at).await })
    }
}

impl Handler<ChangeStaff> for Store {
    type Result = AtomicResponse<Self, Result<Option<StaffMember>, StoreError>>;

    fn handle(&mut self, msg: ChangeStaff, _: &mut Self::Context) -> Self::Result {
        self.with_conn(
            move |conn| async move { change(&conn, &msg.name, &msg.change, msg.at).await },
        )
    }
}

impl Handler<RevokeToken> for Store {
    type Result = AtomicResponse<Self, Result<(), StoreError>>;

    fn handle(&mut self, msg: RevokeToken, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { revoke(&conn, &msg.jti, msg.expires_at).await })
    }
}

impl Handler<GetRevoked> for Store {
    type Result = AtomicResponse<Self, Result<Vec<(String, i64)>, StoreError>>;

    fn handle(&mut self, msg: GetRevoked, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { revoked(&conn, msg.now).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, role: Role) -> StaffMember {
        StaffMember {
            id: uuid::Uuid::new_v4(),
            name: name.into(),
            role,
            pin_hash: "$argon2id$fake".into(),
            disabled: false,
            epoch: 0,
        }
    }

    #[actix::test]
    async fn staff_are_added_once_per_name_changed_by_name_and_listed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = super::super::open(&dir.path().join("felt.db"))
            .await
            .expect("opens");
        assert!(add(&conn, &member("Ann", Role::Admin), 1)
            .await
            .expect("adds"));
        assert!(!add(&conn, &member("ann", Role::Floor), 2)
            .await
            .expect("runs"));
        assert!(add(&conn, &member("Bob", Role::Floor), 3)
            .await
            .expect("adds"));
        let changed = change(&conn, "BOB", &StaffChange::Disabled(true), 4)
            .await
            .expect("runs")
            .expect("found");
        assert!(changed.disabled);
        let changed = change(&conn, "bob", &StaffChange::Role(Role::Viewer), 5)
            .await
            .expect("runs")
            .expect("found");
        assert_eq!(changed.role, Role::Viewer);
        let changed = change(&conn, "bob", &StaffChange::Pin("$argon2id$new".into()), 5)
            .await
            .expect("runs")
            .expect("found");
        assert_eq!(changed.epoch, 1, "a new PIN moves the token generation on");
        assert!(change(&conn, "nobody", &StaffChange::Disabled(true), 6)
            .await
            .expect("runs")
            .is_none());
        let all = list(&conn).await.expect("lists");
        assert_eq!(
            all.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            ["Ann", "Bob"]
        );
        assert!(Role::Admin > Role::Floor && Role::Floor > Role::Viewer);
    }

    #[actix::test]
    async fn revoked_tokens_are_kept_until_they_expire() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = super::super::open(&dir.path().join("felt.db"))
            .await
            .expect("opens");
        revoke(&conn, "a", 100).await.expect("revokes");
        revoke(&conn, "a", 100).await.expect("twice is fine");
        revoke(&conn, "b", 300).await.expect("revokes");
        assert_eq!(
            revoked(&conn, 200).await.expect("reads"),
            [("b".into(), 300)]
        );
    }
}
