//! The SQL behind the persistence actor: opening the file, migrations, appending events,
//! snapshots and the reads recovery needs. Plain async functions over one connection;
//! only the persistence actor calls them, on its own thread.

use crate::error::StoreError;
use felt_domain::players::{Player, PlayerId};
use felt_domain::{Operator, Recorded, Seq, Timestamp, Tournament, TournamentId};
use libsql::{params, Builder, Connection};
use std::path::Path;

/// The migrations, in order. Each file in `migrations/` is listed here exactly once (a
/// test checks); a landed migration is never edited.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "0001_create_log",
        include_str!("../../../migrations/0001_create_log.sql"),
    ),
    (
        2,
        "0002_create_players",
        include_str!("../../../migrations/0002_create_players.sql"),
    ),
    (
        3,
        "0003_create_venue_resources",
        include_str!("../../../migrations/0003_create_venue_resources.sql"),
    ),
    (
        4,
        "0004_create_staff",
        include_str!("../../../migrations/0004_create_staff.sql"),
    ),
    (
        5,
        "0005_create_screens",
        include_str!("../../../migrations/0005_create_screens.sql"),
    ),
    (
        6,
        "0006_add_screen_lang",
        include_str!("../../../migrations/0006_add_screen_lang.sql"),
    ),
];

/// Opens (creating if needed) the database file with the durability settings the log
/// needs, checks they took, checks the file is sound, and brings the schema up to date.
/// A file that is not a sound database is refused before anything is written to it: never
/// a silent fresh database over the old one.
pub async fn open(path: &Path) -> Result<Connection, StoreError> {
    let db = Builder::new_local(path).build().await?;
    let conn = db.connect()?;
    let check = query_text(&conn, "PRAGMA quick_check")
        .await
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", path.display())))?;
    if check != "ok" {
        return Err(StoreError::Corrupt(format!("{}: {check}", path.display())));
    }
    // journal_mode answers with a row: run it as a query and read it back.
    let mode = query_text(&conn, "PRAGMA journal_mode=WAL").await?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Db(format!("journal_mode is {mode}, not wal")));
    }
    conn.execute("PRAGMA synchronous=FULL", ()).await?;
    conn.execute("PRAGMA foreign_keys=ON", ()).await?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let sync = query_text(&conn, "PRAGMA synchronous").await?;
    let fk = query_text(&conn, "PRAGMA foreign_keys").await?;
    if sync != "2" || fk != "1" {
        return Err(StoreError::Db(format!(
            "pragmas did not take: synchronous={sync}, foreign_keys={fk}"
        )));
    }
    migrate(&conn).await?;
    Ok(conn)
}

async fn query_text(conn: &Connection, sql: &str) -> Result<String, StoreError> {
    let mut rows = conn.query(sql, ()).await?;
    let row = rows
        .next()
        .await?
        .ok_or_else(|| StoreError::Db(format!("{sql} returned no row")))?;
    Ok(match row.get_value(0)? {
        libsql::Value::Text(t) => t,
        libsql::Value::Integer(i) => i.to_string(),
        other => format!("{other:?}"),
    })
}

/// Applies every migration not yet recorded, each in its own transaction.
pub async fn migrate(conn: &Connection) -> Result<usize, StoreError> {
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
        (),
    )
    .await?;
    let mut applied = 0;
    for (version, name, sql) in MIGRATIONS {
        let mut rows = conn
            .query(
                "SELECT 1 FROM schema_migrations WHERE version = ?1",
                params![*version],
            )
            .await?;
        if rows.next().await?.is_some() {
            continue;
        }
        let tx = conn.transaction().await?;
        tx.execute_batch(sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, ?2, CAST(strftime('%s','now') AS INTEGER))",
            params![*version, *name],
        )
        .await?;
        tx.commit().await?;
        tracing::info!(version, name, "applied migration");
        applied += 1;
    }
    Ok(applied)
}

/// Events of one tournament to append, in order.
#[derive(Debug, Clone)]
pub struct Batch {
    pub tournament: TournamentId,
    pub records: Vec<Recorded>,
}

/// Appends every batch in one transaction: all of them are durable, or none.
pub async fn append(conn: &Connection, batches: &[Batch]) -> Result<(), StoreError> {
    let tx = conn.transaction().await?;
    for batch in batches {
        let id = batch.tournament.to_string();
        for rec in &batch.records {
            match &rec.event {
                felt_domain::Event::TournamentCreated { name, .. } => {
                    tx.execute(
                        "INSERT INTO tournaments (id, name, created_at) VALUES (?1, ?2, ?3)",
                        params![id.as_str(), name.as_str(), rec.at],
                    )
                    .await?;
                }
                felt_domain::Event::TournamentFinished { .. } => {
                    tx.execute(
                        "UPDATE tournaments SET finished_at = ?2 WHERE id = ?1",
                        params![id.as_str(), rec.at],
                    )
                    .await?;
                }
                _ => {}
            }
            let body = serde_json::to_string(&rec.event)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            tx.execute(
                "INSERT INTO events (tournament_id, seq, at, operator, kind, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id.as_str(),
                    seq_to_sql(rec.seq)?,
                    rec.at,
                    rec.by.0.as_str(),
                    rec.event.kind(),
                    body
                ],
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn seq_to_sql(seq: Seq) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::Corrupt(format!("sequence {seq} out of range")))
}

/// Snapshots kept per tournament; older ones are deleted as new ones arrive.
const SNAPSHOTS_KEPT: i64 = 2;

pub async fn save_snapshot(
    conn: &Connection,
    state: &Tournament,
    at: Timestamp,
) -> Result<(), StoreError> {
    let id = state.id.to_string();
    let body = serde_json::to_string(state).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let tx = conn.transaction().await?;
    tx.execute(
        "INSERT OR REPLACE INTO snapshots (tournament_id, seq, at, body) VALUES (?1, ?2, ?3, ?4)",
        params![id.as_str(), seq_to_sql(state.seq)?, at, body],
    )
    .await?;
    tx.execute(
        "DELETE FROM snapshots WHERE tournament_id = ?1 AND seq NOT IN
           (SELECT seq FROM snapshots WHERE tournament_id = ?1 ORDER BY seq DESC LIMIT ?2)",
        params![id.as_str(), SNAPSHOTS_KEPT],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A tournament's state rebuilt from its latest readable snapshot and the events after
/// it; `None` if the tournament does not exist.
pub async fn load(conn: &Connection, id: TournamentId) -> Result<Option<Tournament>, StoreError> {
    let key = id.to_string();
    let mut state: Option<Tournament> = None;
    let mut rows = conn
        .query(
            "SELECT body FROM snapshots WHERE tournament_id = ?1 ORDER BY seq DESC LIMIT 1",
            params![key.as_str()],
        )
        .await?;
    if let Some(row) = rows.next().await? {
        let body: String = row.get(0)?;
        match serde_json::from_str::<Tournament>(&body) {
            Ok(t) => state = Some(t),
            // A snapshot written by another version is only a shortcut: replay instead.
            Err(e) => {
                tracing::warn!(tournament = %id, error = %e, "snapshot unreadable, replaying the log")
            }
        }
    }
    let after = state.as_ref().map_or(0, |t| t.seq);
    let mut rows = conn
        .query(
            "SELECT seq, at, operator, body FROM events
             WHERE tournament_id = ?1 AND seq > ?2 ORDER BY seq",
            params![key.as_str(), seq_to_sql(after)?],
        )
        .await?;
    while let Some(row) = rows.next().await? {
        let rec = recorded(id, &row)?;
        if matches!(rec.event, felt_domain::Event::Undone { .. }) {
            // An undo changes how the whole log folds: fold all of it.
            let log = events(conn, id, 0, u32::MAX).await?;
            return Tournament::from_log(&log).map(Some).ok_or_else(|| {
                StoreError::Corrupt(format!("tournament {id} does not start with its creation"))
            });
        }
        let expected = state.as_ref().map_or(1, |t| t.seq + 1);
        if rec.seq != expected {
            return Err(StoreError::Corrupt(format!(
                "tournament {id}: event {} where {expected} was expected",
                rec.seq
            )));
        }
        match &mut state {
            Some(t) => t.apply(&rec),
            None => {
                state = Some(Tournament::from_created(&rec).ok_or_else(|| {
                    StoreError::Corrupt(format!("tournament {id} does not start with its creation"))
                })?)
            }
        }
    }
    Ok(state)
}

/// Events of one tournament after `after`, in order, at most `limit`.
pub async fn events(
    conn: &Connection,
    id: TournamentId,
    after: Seq,
    limit: u32,
) -> Result<Vec<Recorded>, StoreError> {
    let key = id.to_string();
    let mut rows = conn
        .query(
            "SELECT seq, at, operator, body FROM events
             WHERE tournament_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            params![key.as_str(), seq_to_sql(after)?, i64::from(limit)],
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(recorded(id, &row)?);
    }
    Ok(out)
}

/// Reads one row of `SELECT seq, at, operator, body FROM events`.
fn recorded(id: TournamentId, row: &libsql::Row) -> Result<Recorded, StoreError> {
    let seq: i64 = row.get(0)?;
    let body: String = row.get(3)?;
    let event = serde_json::from_str(&body)
        .map_err(|e| StoreError::Corrupt(format!("tournament {id} event {seq}: {e}")))?;
    Ok(Recorded {
        seq: u64::try_from(seq).map_err(|_| StoreError::Corrupt(format!("sequence {seq}")))?,
        at: row.get(1)?,
        by: Operator(row.get(2)?),
        event,
    })
}

/// Ids of the tournaments that have not finished, oldest first.
pub async fn unfinished(conn: &Connection) -> Result<Vec<TournamentId>, StoreError> {
    let mut rows = conn
        .query(
            "SELECT id FROM tournaments WHERE finished_at IS NULL ORDER BY created_at",
            (),
        )
        .await?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next().await? {
        let text: String = row.get(0)?;
        let uuid = uuid::Uuid::parse_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        ids.push(TournamentId(uuid));
    }
    Ok(ids)
}

const PLAYER_COLUMNS: &str = "id, name, nickname, member_id, phone, email";

fn player_row(row: &libsql::Row) -> Result<Player, StoreError> {
    let id: String = row.get(0)?;
    let id = uuid::Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Player {
        id: PlayerId(id),
        name: row.get(1)?,
        nickname: row.get(2)?,
        member_id: row.get(3)?,
        phone: row.get(4)?,
        email: row.get(5)?,
    })
}

/// Players that look like `p` (same name ignoring case, or same member id).
pub async fn look_alikes(conn: &Connection, p: &Player) -> Result<Vec<Player>, StoreError> {
    let mut rows = conn
        .query(
            &format!(
                "SELECT {PLAYER_COLUMNS} FROM players
                 WHERE name = ?1 COLLATE NOCASE OR (?2 IS NOT NULL AND member_id = ?2)
                 ORDER BY name LIMIT 20"
            ),
            params![p.name.as_str(), p.member_id.clone()],
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        let found = player_row(&row)?;
        if found.looks_like(p) {
            out.push(found);
        }
    }
    Ok(out)
}

pub async fn add_player(
    conn: &Connection,
    p: &Player,
    at: Timestamp,
    by: &Operator,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO players (id, name, nickname, member_id, phone, email, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            p.id.0.to_string(),
            p.name.as_str(),
            p.nickname.clone(),
            p.member_id.clone(),
            p.phone.clone(),
            p.email.clone(),
            at,
            by.0.as_str()
        ],
    )
    .await?;
    Ok(())
}

/// Players whose name, nickname or member id contains `part` (any case), by name: a
/// member card read at the desk finds its player as a typed name does.
pub async fn search_players(
    conn: &Connection,
    part: &str,
    limit: u32,
) -> Result<Vec<Player>, StoreError> {
    // LIKE treats % and _ as wildcards: escape them so a search means what it says.
    let escaped = part
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    let mut rows = conn
        .query(
            &format!(
                "SELECT {PLAYER_COLUMNS} FROM players
                 WHERE name LIKE ?1 ESCAPE '\\' OR nickname LIKE ?1 ESCAPE '\\'
                    OR member_id LIKE ?1 ESCAPE '\\'
                 ORDER BY name COLLATE NOCASE LIMIT ?2"
            ),
            params![pattern, i64::from(limit)],
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(player_row(&row)?);
    }
    Ok(out)
}

/// Names of the given players (those that exist).
pub async fn player_names(
    conn: &Connection,
    ids: &[PlayerId],
) -> Result<std::collections::HashMap<PlayerId, String>, StoreError> {
    let mut out = std::collections::HashMap::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = get_player(conn, *id).await? {
            out.insert(*id, p.name);
        }
    }
    Ok(out)
}

pub async fn get_player(conn: &Connection, id: PlayerId) -> Result<Option<Player>, StoreError> {
    let mut rows = conn
        .query(
            &format!("SELECT {PLAYER_COLUMNS} FROM players WHERE id = ?1"),
            params![id.0.to_string()],
        )
        .await?;
    rows.next().await?.map(|row| player_row(&row)).transpose()
}

/// Writes a consistent copy of the whole database to `target` (a new file), while other
/// connections go on writing.
pub async fn backup_into(conn: &Connection, target: &Path) -> Result<(), StoreError> {
    if target.exists() {
        return Err(StoreError::Db(format!(
            "{} already exists",
            target.display()
        )));
    }
    let name = target
        .to_str()
        .ok_or_else(|| StoreError::Db(format!("{} is not a UTF-8 path", target.display())))?;
    conn.execute("VACUUM INTO ?1", params![name]).await?;
    Ok(())
}

/// Checks that `path` is a sound Felt database this version can read; its schema version.
pub async fn check_file(path: &Path) -> Result<i64, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Db(format!("{} is not a file", path.display())));
    }
    let db = Builder::new_local(path).build().await?;
    let conn = db.connect()?;
    let corrupt = |why: String| StoreError::Corrupt(format!("{}: {why}", path.display()));
    let check = query_text(&conn, "PRAGMA quick_check")
        .await
        .map_err(|e| corrupt(e.to_string()))?;
    if check != "ok" {
        return Err(corrupt(check));
    }
    let version: i64 = query_text(
        &conn,
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
    )
    .await
    .map_err(|_| corrupt("not a Felt database".into()))?
    .parse()
    .map_err(|_| corrupt("unreadable schema version".into()))?;
    let known = MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0);
    if version == 0 || version > known {
        return Err(corrupt(format!(
            "schema version {version}; this Felt knows 1 to {known}"
        )));
    }
    query_text(&conn, "SELECT COUNT(*) FROM events")
        .await
        .map_err(|_| corrupt("no event log".into()))?;
    Ok(version)
}

/// Moves everything from the write-ahead log into the main file (at shutdown, so the
/// database is one self-contained file while the server is stopped).
pub async fn checkpoint(conn: &Connection) -> Result<(), StoreError> {
    let mut rows = conn.query("PRAGMA wal_checkpoint(TRUNCATE)", ()).await?;
    while rows.next().await?.is_some() {}
    Ok(())
}

/// Answers whether the database can be read.
pub async fn ping(conn: &Connection) -> Result<(), StoreError> {
    query_text(conn, "SELECT 1").await.map(|_| ())
}
