//! TV screens the director paired: the SQL and the messages the persistence actor answers.
//! Pairing codes and tokens are the server crate's; only what a screen shows and whether
//! it is revoked is stored here.

use super::Store;
use crate::error::StoreError;
use actix::prelude::*;
use felt_domain::{Timestamp, TournamentId};
use libsql::{params, Connection};

/// One paired screen as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub id: uuid::Uuid,
    pub name: String,
    /// What it shows: a tournament, or the venue overview when `None`.
    pub tournament: Option<TournamentId>,
    /// How it shows it (the server checks the names).
    pub layout: String,
    /// Its token is refused and its socket was cut off.
    pub revoked: bool,
    /// The language of its pages (`fr`), or empty for its browser's (the server checks it).
    pub lang: String,
}

const COLUMNS: &str = "id, name, tournament, layout, revoked, lang";

fn uuid_of(text: &str) -> Result<uuid::Uuid, StoreError> {
    uuid::Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn row_to_screen(row: &libsql::Row) -> Result<Screen, StoreError> {
    let id: String = row.get(0)?;
    let tournament: Option<String> = row.get(2)?;
    let revoked: i64 = row.get(4)?;
    Ok(Screen {
        id: uuid_of(&id)?,
        name: row.get(1)?,
        tournament: tournament
            .as_deref()
            .map(|t| uuid_of(t).map(TournamentId))
            .transpose()?,
        layout: row.get(3)?,
        revoked: revoked != 0,
        lang: row.get(5)?,
    })
}

/// Every screen, by name.
pub async fn list(conn: &Connection) -> Result<Vec<Screen>, StoreError> {
    let mut rows = conn
        .query(
            &format!("SELECT {COLUMNS} FROM screens ORDER BY name COLLATE NOCASE, id"),
            (),
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(row_to_screen(&row)?);
    }
    Ok(out)
}

/// Inserts a screen, or replaces what it shows, its name, language and whether it is revoked.
pub async fn save(conn: &Connection, s: &Screen, at: Timestamp) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO screens (id, name, tournament, layout, revoked, created_at, updated_at, lang)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, tournament = excluded.tournament,
             layout = excluded.layout, revoked = excluded.revoked, lang = excluded.lang,
             updated_at = excluded.updated_at",
        params![
            s.id.to_string(),
            s.name.as_str(),
            s.tournament.map(|t| t.0.to_string()),
            s.layout.as_str(),
            i64::from(s.revoked),
            at,
            s.lang.as_str()
        ],
    )
    .await?;
    Ok(())
}

/// Sent at start and by the screens API: every screen.
#[derive(Message, Debug)]
#[rtype(result = "Result<Vec<Screen>, StoreError>")]
pub struct ListScreens;

/// Sent by the screens API when a screen is paired, renamed, reassigned or revoked.
#[derive(Message, Debug)]
#[rtype(result = "Result<(), StoreError>")]
pub struct SaveScreen {
    pub screen: Screen,
    pub at: Timestamp,
}

impl Handler<ListScreens> for Store {
    type Result = AtomicResponse<Self, Result<Vec<Screen>, StoreError>>;

    fn handle(&mut self, _: ListScreens, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { list(&conn).await })
    }
}

impl Handler<SaveScreen> for Store {
    type Result = AtomicResponse<Self, Result<(), StoreError>>;

    fn handle(&mut self, msg: SaveScreen, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { save(&conn, &msg.screen, msg.at).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix::test]
    async fn screens_are_saved_changed_and_listed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = super::super::open(&dir.path().join("felt.db"))
            .await
            .expect("opens");
        let mut lobby = Screen {
            id: uuid::Uuid::new_v4(),
            name: "Lobby".into(),
            tournament: None,
            layout: "overview".into(),
            revoked: false,
            lang: String::new(),
        };
        save(&conn, &lobby, 1).await.expect("saves");
        lobby.tournament = Some(TournamentId(uuid::Uuid::new_v4()));
        lobby.layout = "clock".into();
        lobby.revoked = true;
        lobby.lang = "fr".into();
        save(&conn, &lobby, 2).await.expect("changes");
        assert_eq!(list(&conn).await.expect("lists"), [lobby]);
    }
}
