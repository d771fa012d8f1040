//! Seating through the API: tables opened for a tournament, every entry drawn a seat,
//! moves and swaps, the balancing prompt confirmed by the floor, a table that breaks by
//! itself with its moves announced as slips, and every bad request refused with nothing
//! changed; the seats survive a restart exactly.

mod common;

use actix_web::http::StatusCode;
use common::{clock, get, post, spawn, TestServer};
use serde_json::{json, Value};

async fn seating(server: &TestServer, id: &str) -> Value {
    let (status, body) = get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn act(server: &TestServer, id: &str, action: Value) -> (StatusCode, Value) {
    post(
        &server.url(&format!("/api/v1/tournaments/{id}/seating")),
        action,
    )
    .await
}

async fn entries(server: &TestServer, id: &str, action: Value) -> (StatusCode, Value) {
    post(
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        action,
    )
    .await
}

fn counts(report: &Value) -> Vec<u64> {
    report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["players"].as_u64().expect("count"))
        .collect()
}

/// The seat (table, seat) of an entry.
fn seat_of(report: &Value, entry: u64) -> Option<(u64, u64)> {
    report["tables"].as_array()?.iter().find_map(|t| {
        t["seats"].as_array()?.iter().find_map(|s| {
            (s["entry"] == entry).then(|| {
                (
                    t["table"]["id"].as_u64().expect("id"),
                    s["seat"].as_u64().expect("seat"),
                )
            })
        })
    })
}

#[actix_web::test]
async fn entries_are_seated_balanced_and_broken_down_with_every_move_announced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Seated", "structure": "turbo"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["state"]["id"].as_str().expect("id").to_string();
    for table in [
        json!({"id": 1, "seats": 6}),
        json!({"id": 2, "seats": 6, "name": "Feature", "zone": "Main room"}),
    ] {
        let (status, body) = post(&server.url("/api/v1/tables"), table).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let tables_url = server.url(&format!("/api/v1/tournaments/{id}/tables"));
    let (status, body) = post(&tables_url, json!({"tables": [1, 2]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for n in 0..10 {
        let (_, player) = post(
            &server.url("/api/v1/players"),
            json!({"name": format!("Seat Player {n}")}),
        )
        .await;
        let p = player["player"]["id"].as_str().expect("id");
        let (status, body) =
            entries(&server, &id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let report = seating(&server, &id).await;
    assert_eq!(counts(&report), vec![5, 5], "the tables fill evenly");
    assert_eq!(report["unseated"], json!([]));
    assert!(report["tables"][0]["seats"][0].get("name").is_some());

    // Bad seating requests: refused, and the seats are as they were.
    let before = seating(&server, &id).await;
    let (t1, s1) = seat_of(&before, 1).expect("entry 1 is seated");
    let taken = before["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find_map(|t| {
            t["seats"].as_array()?.iter().find_map(|s| {
                (s["entry"].is_u64() && s["entry"] != 1)
                    .then(|| (t["table"]["id"].clone(), s["seat"].clone()))
            })
        });
    let (other_table, other_seat) = taken.expect("another player");
    for (bad, expected) in [
        (
            json!({"action": "open_tables", "tables": [{"id": 1, "seats": 6}]}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"action": "move", "entry": 1, "to": {"table": other_table, "seat": other_seat}}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"action": "move", "entry": 1, "to": {"table": 1, "seat": 9}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"action": "move", "entry": 99, "to": {"table": 1, "seat": 6}}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"action": "swap", "a": 1, "b": 1}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"action": "confirm_move", "from": 1}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"action": "set_button", "table": 3, "seat": 1}),
            StatusCode::CONFLICT,
        ),
        (json!({"action": "teleport"}), StatusCode::BAD_REQUEST),
        (
            json!({"action": "swap", "a": "1", "b": 2}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, body) = act(&server, &id, bad.clone()).await;
        assert_eq!(status, expected, "{bad} -> {body}");
        assert!(body["error"]["code"].is_string(), "{body}");
    }
    let (status, body) = common::send("DELETE", &format!("{tables_url}/1"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "table_not_empty");
    assert_eq!(
        seating(&server, &id).await["tables"],
        before["tables"],
        "nothing changed"
    );

    // A hand-made move and a swap.
    let open = if t1 == 1 { 2 } else { 1 };
    let free = before["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["table"]["id"] == open)
        .and_then(|t| {
            t["seats"]
                .as_array()?
                .iter()
                .find(|s| s["entry"].is_null())
                .map(|s| s["seat"].clone())
        })
        .expect("an open seat");
    let (status, body) = act(
        &server,
        &id,
        json!({"action": "move", "entry": 1, "to": {"table": open, "seat": free}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = seating(&server, &id).await;
    assert_eq!(
        seat_of(&after, 1),
        Some((open, free.as_u64().expect("seat")))
    );
    assert_ne!(seat_of(&after, 1), Some((t1, s1)));
    let (status, body) = act(&server, &id, json!({"action": "swap", "a": 1, "b": 2})).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Busts at one table: the floor is prompted to move a player, and confirms it.
    clock(&server, &id, json!({"action": "start"})).await;
    let report = seating(&server, &id).await;
    let table_of = |e: u64| seat_of(&report, e).expect("seated").0;
    let long_table = table_of(3);
    let victims: Vec<u64> = (3..=10)
        .filter(|e| table_of(*e) == long_table)
        .take(2)
        .collect();
    let others: Vec<u64> = (3..=10).filter(|e| table_of(*e) != long_table).collect();
    for e in &others[..2] {
        let (status, body) = entries(&server, &id, json!({"action": "bust", "busted": [{"entry": e, "stack": 100}], "eliminators": [victims[0]]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // The floor confirms each proposed move (naming the player from the long table)
    // until the tables are within one player.
    for _ in 0..5 {
        let report = seating(&server, &id).await;
        let moves = report["plan"]["moves"].as_array().expect("moves").clone();
        let c = counts(&report);
        if c.iter().max().expect("max") - c.iter().min().expect("min") <= 1 {
            assert!(moves.is_empty(), "no move when balanced: {report}");
            break;
        }
        assert!(!moves.is_empty(), "a balancing move is proposed: {report}");
        let from = moves[0]["from"].as_u64().expect("table");
        let named = report["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .find(|t| t["table"]["id"] == from)
            .and_then(|t| {
                t["seats"]
                    .as_array()?
                    .iter()
                    .find_map(|s| s["entry"].as_u64())
            })
            .expect("a player at the long table");
        let (status, body) = act(
            &server,
            &id,
            json!({"action": "confirm_move", "from": from, "entry": named}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let c = counts(&seating(&server, &id).await);
    assert!(
        c.iter().max().expect("max") - c.iter().min().expect("min") <= 1,
        "{c:?}"
    );

    // Down to 6 players: they fit one table, so the final table is drawn by itself.
    let left: Vec<u64> = {
        let (_, list) = get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
        list["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .filter(|e| e["status"]["status"] == "active")
            .map(|e| e["id"].as_u64().expect("id"))
            .collect()
    };
    for e in left.iter().skip(6) {
        let (status, body) = entries(&server, &id, json!({"action": "bust", "busted": [{"entry": e, "stack": 100}], "eliminators": [left[0]]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let report = seating(&server, &id).await;
    assert_eq!(counts(&report), vec![6], "{report}");
    let slips: Vec<&str> = report["announced"]
        .as_array()
        .expect("announced")
        .iter()
        .filter(|a| a["reason"] == "table_break" || a["reason"] == "final_table")
        .map(|a| a["slip"].as_str().expect("slip"))
        .collect();
    assert!(!slips.is_empty(), "the break is announced");
    assert!(
        slips
            .iter()
            .all(|s| s.contains("(final table)") && s.contains("Seat Player")),
        "{slips:?}"
    );

    // The seats are rebuilt exactly from the log after a restart.
    let before = seating(&server, &id).await;
    server.stop().await;
    let server = spawn(dir.path()).await;
    assert_eq!(seating(&server, &id).await, before);
    server.stop().await;
}

#[actix_web::test]
async fn tables_from_the_venue_pool_seat_the_field_and_go_back_when_they_break() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    for id in [1, 2, 3] {
        let (status, body) =
            post(&server.url("/api/v1/tables"), json!({"id": id, "seats": 6})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Pool", "structure": "turbo"}),
    )
    .await;
    let id = created["state"]["id"].as_str().expect("id").to_string();
    let url = server.url(&format!("/api/v1/tournaments/{id}/tables"));
    let (status, body) = post(&url, json!({"count": 2})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        counts(&seating(&server, &id).await),
        vec![0, 0],
        "opened in the seating"
    );
    for n in 0..8 {
        let (_, player) = post(
            &server.url("/api/v1/players"),
            json!({"name": format!("Pool Player {n}")}),
        )
        .await;
        let p = player["player"]["id"].as_str().expect("id");
        let (status, body) =
            entries(&server, &id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(counts(&seating(&server, &id).await), vec![4, 4]);
    // A table with players cannot go back; nothing changes.
    let (status, body) = common::send("DELETE", &format!("{url}/1"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "table_not_empty");
    // Two busts: the field fits one table, the final table is drawn and the other table
    // goes back to the pool by itself.
    clock(&server, &id, json!({"action": "start"})).await;
    for e in [7, 8] {
        let (status, body) = entries(
            &server,
            &id,
            json!({"action": "bust", "busted": [{"entry": e, "stack": 100}], "eliminators": [1]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let report = seating(&server, &id).await;
    assert_eq!(counts(&report), vec![6]);
    let host = report["tables"][0]["table"]["id"].clone();
    let (_, pool) = get(&server.url("/api/v1/tables")).await;
    let held: Vec<Value> = pool
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| !t["held_by"].is_null())
        .map(|t| t["id"].clone())
        .collect();
    assert_eq!(
        held,
        vec![host],
        "only the final table is still held: {pool}"
    );
    // The freed table can go to another tournament.
    let (_, other) = post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Next", "structure": "turbo"}),
    )
    .await;
    let other = other["state"]["id"].as_str().expect("id").to_string();
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{other}/tables")),
        json!({"count": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(counts(&seating(&server, &other).await), vec![0, 0]);
    // Undoing the bust that drew the final table would bring back a table the other
    // tournament holds now: refused, nothing written.
    let (_, audit) = get(&server.url(&format!("/api/v1/tournaments/{id}/audit"))).await;
    let last_bust = audit
        .as_array()
        .expect("audit")
        .iter()
        .rev()
        .find(|l| l["what"] == "entry:busted")
        .map(|l| l["seq"].clone())
        .expect("a bust");
    let undo = server.url(&format!("/api/v1/tournaments/{id}/undo"));
    let (status, body) = post(&undo, json!({ "seq": last_bust })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "undo_refused");
    assert_eq!(counts(&seating(&server, &id).await), vec![6]);
    // Once it is back in the pool, the undo takes it again and reseats the players.
    let other_tables: Vec<u64> = seating(&server, &other).await["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["table"]["id"].as_u64().expect("id"))
        .collect();
    for t in other_tables {
        let (status, body) = common::send(
            "DELETE",
            &server.url(&format!("/api/v1/tournaments/{other}/tables/{t}")),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = post(&undo, json!({ "seq": last_bust })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        counts(&seating(&server, &id).await).len(),
        2,
        "two tables again"
    );
    let (_, pool) = get(&server.url("/api/v1/tables")).await;
    let held_by_first = pool
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| t["held_by"]["tournament"] == id.as_str())
        .count();
    assert_eq!(held_by_first, 2, "{pool}");
    server.stop().await;
}

#[actix_web::test]
async fn hand_for_hand_is_called_reported_table_by_table_and_costs_the_clock_two_minutes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    for id in [1, 2] {
        post(&server.url("/api/v1/tables"), json!({"id": id, "seats": 9})).await;
    }
    let (_, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Bubble", "structure": "regular"}),
    )
    .await;
    let id = created["state"]["id"].as_str().expect("id").to_string();
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{id}/tables")),
        json!({"count": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for n in 0..12 {
        let (_, player) = post(
            &server.url("/api/v1/players"),
            json!({"name": format!("Bubble {n}")}),
        )
        .await;
        let p = player["player"]["id"].as_str().expect("id");
        entries(&server, &id, json!({"action": "register", "player": p})).await;
    }
    clock(&server, &id, json!({"action": "start"})).await;
    clock(&server, &id, json!({"action": "pause"})).await;
    let (status, body) = act(&server, &id, json!({"action": "hand_done", "table": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "not on yet: {body}");
    let (status, body) = act(&server, &id, json!({"action": "start_hand_for_hand"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report = seating(&server, &id).await;
    assert_eq!(
        report["hand_for_hand"],
        json!({"hand": 1, "waiting_for": [1, 2]})
    );
    let (status, _) = act(&server, &id, json!({"action": "hand_done", "table": 1})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = act(&server, &id, json!({"action": "hand_done", "table": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let before = get(&server.url(&format!("/api/v1/tournaments/{id}")))
        .await
        .1;
    let (status, done) = act(&server, &id, json!({"action": "hand_done", "table": 2})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let after = get(&server.url(&format!("/api/v1/tournaments/{id}")))
        .await
        .1;
    assert_eq!(
        before["clock"]["remaining_ms"].as_i64().expect("ms") - 120_000,
        after["clock"]["remaining_ms"].as_i64().expect("ms"),
        "the paused clock lost exactly two minutes"
    );
    let report = seating(&server, &id).await;
    assert_eq!(
        report["hand_for_hand"],
        json!({"hand": 2, "waiting_for": [1, 2]})
    );
    let (status, _) = act(&server, &id, json!({"action": "stop_hand_for_hand"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seating(&server, &id).await["hand_for_hand"], Value::Null);
    server.stop().await;
}

#[actix_web::test]
async fn starting_tables_for_the_expected_field_seat_everyone_evenly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    for id in 1..=5 {
        post(&server.url("/api/v1/tables"), json!({"id": id, "seats": 9})).await;
    }
    let (_, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Start", "structure": "turbo"}),
    )
    .await;
    let id = created["state"]["id"].as_str().expect("id").to_string();
    for n in 0..20 {
        let (_, player) = post(
            &server.url("/api/v1/players"),
            json!({"name": format!("Early {n}")}),
        )
        .await;
        let p = player["player"]["id"].as_str().expect("id");
        let (status, body) =
            entries(&server, &id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(
        seating(&server, &id).await["unseated"]
            .as_array()
            .map(Vec::len),
        Some(20)
    );
    let url = server.url(&format!("/api/v1/tournaments/{id}/tables"));
    for (bad, status_expected) in [
        (json!({"for_players": 0}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"for_players": 500}), StatusCode::CONFLICT),
        (
            json!({"for_players": 20, "count": 3}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, body) = post(&url, bad.clone()).await;
        assert_eq!(status, status_expected, "{bad} -> {body}");
    }
    let (status, body) = post(&url, json!({"for_players": 20})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report = seating(&server, &id).await;
    let c = counts(&report);
    assert_eq!(c.len(), 3, "three 9-handed tables seat 20: {c:?}");
    assert!(
        c.iter().max().expect("max") - c.iter().min().expect("min") <= 1,
        "{c:?}"
    );
    assert_eq!(report["unseated"], json!([]));
    // The tables that would break last were taken: the lowest numbers stay.
    let ids: Vec<u64> = report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["table"]["id"].as_u64().expect("id"))
        .collect();
    assert_eq!(ids, vec![1, 2, 3]);
    server.stop().await;
}

/// A tournament holding `tables` 10-seat tables from the pool with `players` entries.
async fn seated_field(server: &TestServer, tables: u32, players: usize) -> String {
    for id in 1..=tables {
        post(
            &server.url("/api/v1/tables"),
            json!({"id": id, "seats": 10}),
        )
        .await;
    }
    let (_, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Field", "structure": "regular"}),
    )
    .await;
    let id = created["state"]["id"].as_str().expect("id").to_string();
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{id}/tables")),
        json!({"count": tables}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for n in 0..players {
        let (_, player) = post(
            &server.url("/api/v1/players"),
            json!({"name": format!("Field {n}")}),
        )
        .await;
        let p = player["player"]["id"].as_str().expect("id");
        let (status, body) = entries(server, &id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    clock(server, &id, json!({"action": "start"})).await;
    id
}

#[actix_web::test]
async fn forty_one_players_on_ten_seat_tables_lose_one_and_a_table_breaks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = seated_field(&server, 5, 41).await;
    assert_eq!(counts(&seating(&server, &id).await).len(), 5);
    let (status, body) = entries(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 41, "stack": 500}], "eliminators": [1]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report = seating(&server, &id).await;
    assert_eq!(
        counts(&report),
        vec![10, 10, 10, 10],
        "40 players on four full tables"
    );
    assert!(
        report["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .all(|t| t["table"]["id"] != 5),
        "table 5 breaks first"
    );
    let broke: Vec<&Value> = report["announced"]
        .as_array()
        .expect("announced")
        .iter()
        .filter(|a| a["reason"] == "table_break")
        .collect();
    assert!(
        !broke.is_empty() && broke.iter().all(|a| a["from"] == 5),
        "{broke:?}"
    );
    assert_eq!(report["unseated"], json!([]));
    server.stop().await;
}

#[actix_web::test]
async fn a_final_table_forms_from_two_tables_of_five() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = seated_field(&server, 2, 11).await;
    assert_eq!(counts(&seating(&server, &id).await).iter().sum::<u64>(), 11);
    let (status, body) = entries(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 11, "stack": 500}], "eliminators": [1]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report = seating(&server, &id).await;
    assert_eq!(counts(&report), vec![10], "everyone redrawn to one table");
    let redraw = report["announced"]
        .as_array()
        .expect("announced")
        .iter()
        .filter(|a| a["reason"] == "final_table")
        .count();
    assert_eq!(redraw, 10, "every remaining seat is redrawn");
    let (_, pool) = get(&server.url("/api/v1/tables")).await;
    assert_eq!(
        pool.as_array()
            .expect("tables")
            .iter()
            .filter(|t| t["held_by"].is_null())
            .count(),
        1,
        "the other table is free"
    );
    server.stop().await;
}

#[actix_web::test]
async fn a_double_bust_on_a_hand_for_hand_hand_at_the_bubble_splits_the_prize() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    // 22 entries pay 5 places. At 6 left the next bust is the bubble; two players bust
    // on one hand-for-hand hand with equal stacks: they tie for 5th-6th and split what
    // those places pay (5th's prize, as 6th pays nothing).
    let id = seated_field(&server, 3, 22).await;
    for e in (8..=22).rev() {
        let (status, body) = entries(
            &server,
            &id,
            json!({"action": "bust", "busted": [{"entry": e, "stack": 500}], "eliminators": [1]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // 7 left on (by now) one table; hand-for-hand near the bubble.
    let (status, body) = act(&server, &id, json!({"action": "start_hand_for_hand"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, state) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(state["state"]["figures"]["players_left"], 7);
    let paid = state["state"]["figures"]["places_paid"]
        .as_u64()
        .expect("paid");
    assert_eq!(paid, 5);
    // One more out: 6 left, on the bubble.
    let (status, body) = entries(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 7, "stack": 500}], "eliminators": [1]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, state) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(state["state"]["figures"]["on_the_bubble"], true);
    let tables = seating(&server, &id).await["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["table"]["id"].as_u64().expect("id"))
        .collect::<Vec<_>>();
    // The double bust: equal stacks, one hand.
    let (status, body) = entries(&server, &id, json!({"action": "bust", "busted": [{"entry": 6, "stack": 2000}, {"entry": 5, "stack": 2000}], "eliminators": [1]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for table in tables {
        let (status, body) =
            act(&server, &id, json!({"action": "hand_done", "table": table})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, results) = get(&server.url(&format!("/api/v1/tournaments/{id}/results"))).await;
    let rows = results.as_array().expect("rows");
    let row = |e: u64| rows.iter().find(|r| r["entry"] == e).expect("row").clone();
    assert_eq!(row(5)["places"], json!({"best": 5, "worst": 6}));
    assert_eq!(row(6)["places"], json!({"best": 5, "worst": 6}));
    let payouts: Vec<i64> = state["state"]["figures"]["payouts"]
        .as_array()
        .expect("payouts")
        .iter()
        .map(|p| p.as_i64().expect("amount"))
        .collect();
    assert_eq!(
        row(5)["prize"].as_i64(),
        Some(payouts[4] / 2),
        "5th place's prize split"
    );
    assert_eq!(
        row(5)["prize"].as_i64().unwrap_or(0) + row(6)["prize"].as_i64().unwrap_or(0),
        payouts[4]
    );
    server.stop().await;
}
