//! The venue resources' SQL: the migration, plans, tables and their assignment, leagues.

use super::leagues::{self, AddLeague, AddLeagueTournament, AddSeason, NamedSeason, StoredLeague};
use super::plans::{AddPayoutPlan, DeletePayoutPlan, GetPayoutPlan, ReplacePayoutPlan};
use super::tables::{self, AddTable, AssignTables, ReleaseTable, ReplaceTable, TablePick};
use super::VenueError;
use crate::store::open;
use crate::testing::temp_store;
use felt_domain::leagues::{PointsFormula, Season};
use felt_domain::payouts::{PayoutPlan, PayoutRow};
use felt_domain::seating::{TableId, TableSpec};
use felt_domain::{Operator, TournamentId};
use libsql::{params, Connection};

fn code(e: VenueError) -> &'static str {
    match e {
        VenueError::NotFound { code, .. } | VenueError::Conflict { code, .. } => code,
        VenueError::Store(e) => panic!("store error {e}"),
    }
}

async fn temp_db() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = open(&dir.path().join("felt.db")).await.expect("opens");
    (dir, conn)
}

async fn tournament_row(conn: &Connection, n: u128) -> TournamentId {
    let id = TournamentId(uuid::Uuid::from_u128(n));
    conn.execute(
        "INSERT INTO tournaments (id, name, created_at) VALUES (?1, ?2, 0)",
        params![id.to_string(), format!("T{n}")],
    )
    .await
    .expect("inserts");
    id
}

fn plan(name: &str) -> PayoutPlan {
    PayoutPlan {
        name: name.into(),
        rows: vec![PayoutRow {
            min_entries: 1,
            max_entries: None,
            shares_bp: vec![6000, 4000],
        }],
    }
}

#[actix::test]
async fn the_venue_tables_exist_after_the_migrations_and_a_second_run_adds_nothing() {
    let (_dir, conn) = temp_db().await;
    assert_eq!(crate::store::db::migrate(&conn).await.expect("migrates"), 0);
    for table in [
        "payout_plans",
        "leagues",
        "league_seasons",
        "league_tournaments",
        "venue_tables",
        "table_assignments",
    ] {
        let mut rows = conn
            .query(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                params![table],
            )
            .await
            .expect("query");
        assert!(rows.next().await.expect("row").is_some(), "{table} missing");
    }
}

#[actix::test]
async fn plans_are_added_replaced_and_deleted_with_names_unique_in_any_case() {
    let (_dir, store) = temp_store().await;
    let by = Operator("td".into());
    let a = uuid::Uuid::from_u128(1);
    let b = uuid::Uuid::from_u128(2);
    let added = store
        .send(AddPayoutPlan {
            id: a,
            plan: plan("Top two"),
            at: 10,
            by: by.clone(),
        })
        .await
        .expect("delivered")
        .expect("added");
    assert_eq!(added.created_at, 10);
    let clash = store
        .send(AddPayoutPlan {
            id: b,
            plan: plan("TOP TWO"),
            at: 11,
            by: by.clone(),
        })
        .await
        .expect("delivered");
    assert_eq!(code(clash.expect_err("same name")), "duplicate_plan_name");
    let mut changed = plan("Top two, renamed");
    changed.rows[0].shares_bp = vec![7000, 3000];
    let replaced = store
        .send(ReplacePayoutPlan {
            id: a,
            plan: changed.clone(),
            at: 20,
            by: by.clone(),
        })
        .await
        .expect("delivered")
        .expect("replaced");
    assert_eq!((replaced.created_at, replaced.updated_at), (10, 20));
    let read = store.send(GetPayoutPlan(a)).await.expect("delivered");
    assert_eq!(read.expect("reads").expect("exists").plan, changed);
    let unknown = store
        .send(ReplacePayoutPlan {
            id: b,
            plan: plan("x"),
            at: 0,
            by,
        })
        .await
        .expect("delivered");
    assert_eq!(code(unknown.expect_err("unknown")), "payout_plan_not_found");
    store
        .send(DeletePayoutPlan(a))
        .await
        .expect("delivered")
        .expect("deleted");
    let again = store.send(DeletePayoutPlan(a)).await.expect("delivered");
    assert_eq!(code(again.expect_err("gone")), "payout_plan_not_found");
}

async fn add_table(conn: &Connection, id: u32, name: Option<&str>) {
    let mut spec = TableSpec::new(id, 9);
    spec.name = name.map(String::from);
    tables::add(conn, AddTable { spec, at: 1 })
        .await
        .expect("adds");
}

fn assign(tournament: TournamentId, pick: TablePick) -> AssignTables {
    AssignTables {
        tournament,
        pick,
        at: 5,
        by: Operator("floor".into()),
    }
}

#[actix::test]
async fn tables_go_to_one_tournament_at_a_time_all_or_none() {
    let (_dir, conn) = temp_db().await;
    let t1 = tournament_row(&conn, 1).await;
    let t2 = tournament_row(&conn, 2).await;
    for id in 1..=4 {
        add_table(&conn, id, None).await;
    }
    let held = tables::assign(&conn, assign(t1, TablePick::Tables(vec![TableId(2)])))
        .await
        .expect("assigns");
    assert_eq!(held.len(), 1);
    // Table 2 is taken: nothing of this request is applied, table 3 stays free.
    let clash = tables::assign(
        &conn,
        assign(t2, TablePick::Tables(vec![TableId(3), TableId(2)])),
    )
    .await;
    assert_eq!(code(clash.expect_err("held")), "table_held");
    assert!(tables::of_tournament(&conn, t2)
        .await
        .expect("reads")
        .is_empty());
    // A count takes the lowest free numbers: 1 and 3.
    let held = tables::assign(&conn, assign(t2, TablePick::Count(2)))
        .await
        .expect("assigns");
    let ids: Vec<u32> = held.iter().map(|t| t.spec.id.0).collect();
    assert_eq!(ids, [1, 3]);
    let short = tables::assign(&conn, assign(t1, TablePick::Count(2))).await;
    assert_eq!(code(short.expect_err("one free")), "not_enough_free_tables");
    // Asking again for a table already held is a no-op.
    let again = tables::assign(&conn, assign(t1, TablePick::Tables(vec![TableId(2)])))
        .await
        .expect("no-op");
    assert_eq!(again.len(), 1);
    // Held tables cannot be deleted nor change seats; other edits are fine.
    let delete = tables::delete(&conn, TableId(2)).await;
    assert_eq!(code(delete.expect_err("held")), "table_in_use");
    let mut spec = TableSpec::new(2, 8);
    let resize = tables::replace(
        &conn,
        ReplaceTable {
            spec: spec.clone(),
            at: 6,
        },
    )
    .await;
    assert_eq!(code(resize.expect_err("held")), "table_in_use");
    spec.seats = 9;
    spec.zone = Some("Main room".into());
    tables::replace(&conn, ReplaceTable { spec, at: 6 })
        .await
        .expect("renamed zone");
    // Releasing: only by the holder.
    let wrong = tables::release(
        &conn,
        ReleaseTable {
            tournament: t2,
            table: TableId(2),
        },
    )
    .await;
    assert_eq!(code(wrong.expect_err("not t2's")), "table_not_held");
    let left = tables::release(
        &conn,
        ReleaseTable {
            tournament: t1,
            table: TableId(2),
        },
    )
    .await
    .expect("released");
    assert!(left.is_empty());
    tables::delete(&conn, TableId(2)).await.expect("deleted");
    let unknown = tables::assign(&conn, assign(t1, TablePick::Tables(vec![TableId(2)]))).await;
    assert_eq!(code(unknown.expect_err("deleted")), "table_not_found");
}

#[actix::test]
async fn the_database_itself_refuses_a_second_holder_of_a_table() {
    let (_dir, conn) = temp_db().await;
    let t1 = tournament_row(&conn, 1).await;
    let t2 = tournament_row(&conn, 2).await;
    add_table(&conn, 1, Some("Feature")).await;
    let insert = "INSERT INTO table_assignments (table_id, tournament_id, since, assigned_by)
                  VALUES (1, ?1, 0, 'x')";
    conn.execute(insert, params![t1.to_string()])
        .await
        .expect("first holder");
    let second = conn.execute(insert, params![t2.to_string()]).await;
    assert!(second.is_err_and(|e| super::is_unique_violation(&e)));
    // Names are unique in any case too.
    let mut spec = TableSpec::new(2, 9);
    spec.name = Some("FEATURE".into());
    let dup = tables::add(&conn, AddTable { spec, at: 1 }).await;
    assert_eq!(code(dup.expect_err("same name")), "duplicate_table_name");
    let dup = tables::add(
        &conn,
        AddTable {
            spec: TableSpec::new(1, 9),
            at: 1,
        },
    )
    .await;
    assert_eq!(code(dup.expect_err("same number")), "duplicate_table");
}

fn season(name: &str, start: i64, end: i64) -> NamedSeason {
    NamedSeason {
        name: name.into(),
        season: Season { start, end },
    }
}

fn league(n: u128, name: &str, seasons: Vec<NamedSeason>) -> StoredLeague {
    StoredLeague {
        id: uuid::Uuid::from_u128(n),
        name: name.into(),
        formula: PointsFormula::PlayersOutlasted { per_player: 1 },
        best_results: Some(5),
        min_entries: 0,
        seasons,
        tournaments: Vec::new(),
        created_at: 1,
    }
}

#[actix::test]
async fn leagues_keep_their_seasons_apart_and_count_a_tournament_once() {
    let (_dir, conn) = temp_db().await;
    let by = Operator("td".into());
    let t1 = tournament_row(&conn, 1).await;
    let stored = leagues::add(
        &conn,
        AddLeague {
            league: league(1, "Tuesday", vec![season("Spring", 0, 100)]),
            by: by.clone(),
        },
    )
    .await
    .expect("adds");
    assert_eq!(stored, league(1, "Tuesday", vec![season("Spring", 0, 100)]));
    let dup = leagues::add(
        &conn,
        AddLeague {
            league: league(2, "TUESDAY", vec![]),
            by: by.clone(),
        },
    )
    .await;
    assert_eq!(code(dup.expect_err("same name")), "duplicate_league_name");
    let overlapping = leagues::add(
        &conn,
        AddLeague {
            league: league(3, "Wed", vec![season("A", 0, 100), season("B", 99, 200)]),
            by: by.clone(),
        },
    )
    .await;
    assert_eq!(
        code(overlapping.expect_err("overlap")),
        "overlapping_seasons"
    );
    // Nothing of the refused league was written.
    assert_eq!(leagues::list(&conn).await.expect("lists").len(), 1);
    let id = stored.id;
    let add_season = |s| AddSeason {
        league: id,
        season: s,
    };
    let summer = leagues::add_season(&conn, add_season(season("Summer", 100, 200)))
        .await
        .expect("follows spring");
    assert_eq!(summer.seasons.len(), 2);
    let dup = leagues::add_season(&conn, add_season(season("spring", 300, 400))).await;
    assert_eq!(code(dup.expect_err("same name")), "duplicate_season");
    let counted = |tournament| AddLeagueTournament {
        league: id,
        tournament,
        at: 2,
        by: by.clone(),
    };
    let with = leagues::add_tournament(&conn, counted(t1))
        .await
        .expect("counts");
    assert_eq!(with.tournaments, [t1]);
    let twice = leagues::add_tournament(&conn, counted(t1)).await;
    assert_eq!(
        code(twice.expect_err("twice")),
        "tournament_already_counted"
    );
    let times = leagues::finish_times(&conn, &[t1]).await.expect("reads");
    assert!(times.is_empty(), "not finished");
    conn.execute(
        "UPDATE tournaments SET finished_at = 50 WHERE id = ?1",
        params![t1.to_string()],
    )
    .await
    .expect("finishes");
    let times = leagues::finish_times(&conn, &[t1]).await.expect("reads");
    assert_eq!(times.get(&t1), Some(&50));
}
