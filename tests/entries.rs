//! Running a tournament's entries through the API: a field registers, re-enters, busts
//! (a double bust among them), places and prizes come out right, and every rule a
//! request breaks is a clear 409 that changes nothing.

mod common;

use actix_web::http::StatusCode;
use common::{clock, get, post, spawn, TestServer, Ws};
use serde_json::{json, Value};
use std::time::Duration;

async fn player(server: &TestServer, name: &str) -> String {
    let (status, body) = post(&server.url("/api/v1/players"), json!({ "name": name })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["player"]["id"].as_str().expect("id").to_string()
}

async fn act(server: &TestServer, id: &str, action: Value) -> (StatusCode, Value) {
    post(
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        action,
    )
    .await
}

#[actix_web::test]
async fn a_field_registers_busts_and_gets_its_places_and_prizes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({
            "name": "Thursday re-entry",
            "structure": "turbo",
            "starting_stack": 25000,
            "entry_settings": {
                "buy_in": {"prize": 10000, "fee": 1500, "extras": [["dealers", 500]]},
                "max_reentries_per_player": 1
            }
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["state"]["id"].as_str().expect("id").to_string();
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    ws.next_of("snapshot", Duration::from_secs(5)).await;

    let mut players = Vec::new();
    for i in 0..10 {
        let p = player(&server, &format!("Player {i}")).await;
        let (status, body) = act(&server, &id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        players.push(p);
    }
    let change = ws.next_of("change", Duration::from_secs(5)).await;
    assert_eq!(change["event"]["type"], "entry");
    assert_eq!(change["event"]["change"]["type"], "registered");
    assert_eq!(
        change["figures"]["entries"], 1,
        "screens get the new figures with the change"
    );

    let (status, twice) = act(
        &server,
        &id,
        json!({"action": "register", "player": players[0]}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(twice["error"]["code"], "already_registered");
    clock(&server, &id, json!({"action": "start"})).await;

    // Entry 1 busts entry 2; entry 2 re-enters as entry 11.
    let (status, body) = act(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 2, "stack": 3000}], "eliminators": [1]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, again) = act(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 2, "stack": 3000}], "eliminators": [1]}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["error"]["code"], "already_busted");
    let (status, body) = act(
        &server,
        &id,
        json!({"action": "reenter", "player": players[1]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, ghost) = act(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 3, "stack": 100}], "eliminators": [99]}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(ghost["error"]["code"], "eliminator_not_in_tournament");
    let (status, stranger) = act(
        &server,
        &id,
        json!({"action": "register", "player": "00000000-0000-4000-8000-000000000000"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{stranger}");

    // A double bust: the bigger stack at the start of the hand finishes higher.
    let (status, body) = act(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 3, "stack": 5000}, {"entry": 4, "stack": 9000}], "eliminators": [5]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (_, standings) = get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
    let figures = &standings["figures"];
    assert_eq!(figures["entries"], 11);
    assert_eq!(figures["players_left"], 8);
    assert_eq!(figures["reentries"], 1);
    assert_eq!(figures["prize_pool"]["pool"], 110_000);
    assert_eq!(figures["fees"], 16_500);
    assert_eq!(figures["extras"]["dealers"], 5_500);
    let payouts: i64 = figures["payouts"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p.as_i64().expect("amount"))
        .sum();
    assert_eq!(payouts, 110_000, "the payouts are the pool, exactly");
    assert_eq!(figures["chips_in_play"], 11 * 25_000);

    // Everyone else goes out one by one to entry 1.
    for entry in [5, 6, 7, 8, 9, 10, 11] {
        let (status, body) = act(&server, &id, json!({"action": "bust", "busted": [{"entry": entry, "stack": 1000}], "eliminators": [1]})).await;
        assert_eq!(status, StatusCode::OK, "{entry}: {body}");
    }
    let (status, results) = get(&server.url(&format!("/api/v1/tournaments/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let rows = results.as_array().expect("list");
    assert_eq!(rows.len(), 11);
    let paid: i64 = rows.iter().map(|r| r["prize"].as_i64().unwrap_or(0)).sum();
    assert_eq!(paid, 110_000, "{results}");
    assert_eq!(rows[0]["entry"], 1, "{results}");
    // Entry 4 (9,000 chips) finished above entry 3 (5,000) on the same hand.
    let place_of = |e: u64| {
        rows.iter()
            .find(|r| r["entry"] == e)
            .map(|r| r["places"].clone())
            .expect("row")
    };
    assert!(
        place_of(4)["best"].as_u64() < place_of(3)["best"].as_u64(),
        "{results}"
    );

    assert_eq!(rows[0]["name"], "Player 0");
    let mut res = common::client()
        .get(server.url(&format!("/api/v1/tournaments/{id}/results?format=csv")))
        .send()
        .await
        .expect("request");
    assert!(res
        .headers()
        .get("content-type")
        .expect("type")
        .to_str()
        .expect("ascii")
        .starts_with("text/csv"));
    let csv = String::from_utf8(res.body().await.expect("body").to_vec()).expect("utf-8");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "place,entry,player,prize,bounties_won");
    assert_eq!(lines.len(), 12, "{csv}");
    assert!(lines[1].starts_with("1,1,Player 0,"), "{csv}");
    let (status, _) =
        get(&server.url(&format!("/api/v1/tournaments/{id}/results?format=xml"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Nothing is lost across a restart.
    let (_, before) = get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
    server.stop().await;
    let server = spawn(dir.path()).await;
    let (_, after) = get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
    assert_eq!(after, before);
    assert_eq!(after["figures"]["players_left"], 1);
    server.stop().await;
}

#[actix_web::test]
async fn entry_actions_outside_their_rules_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Strict").await;
    let p = player(&server, "Only One").await;
    act(&server, &id, json!({"action": "register", "player": p})).await;
    let (_, before) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    for (action, status, code) in [
        (
            json!({"action": "rebuy", "entry": 1}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({"action": "add_on", "entry": 1}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({"action": "reenter", "player": p}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({"action": "revive", "entry": 1}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({"action": "unregister", "entry": 42}),
            StatusCode::CONFLICT,
            Some("unknown_entry"),
        ),
        (
            json!({"action": "bust", "busted": [], "eliminators": []}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            json!({"action": "bust", "busted": [{"entry": 1}], "eliminators": []}),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            json!({"action": "register"}),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            json!({"action": "register", "player": "nope"}),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            json!({"action": "teleport", "entry": 1}),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            json!({"action": "change_settings", "settings": {"buy_in": {"prize": -5}}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_entry_settings"),
        ),
    ] {
        let (got, body) = act(&server, &id, action.clone()).await;
        assert_eq!(got, status, "{action}: {body}");
        if let Some(code) = code {
            assert_eq!(body["error"]["code"], code, "{action}: {body}");
        }
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{action}: {body}"
        );
    }
    let (_, after) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(after["seq"], before["seq"], "nothing was written");
    server.stop().await;
}

/// A progressive-knockout rebuy tournament with an add-on: windows follow the clock,
/// a double bust pays half of each bounty to the eliminator and adds half to theirs,
/// and every minor unit paid in is accounted for.
#[actix_web::test]
async fn a_progressive_knockout_with_rebuys_add_ons_and_a_double_bust_keeps_every_cent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, created) = post(
        &server.url("/api/v1/tournaments"),
        json!({
            "name": "PKO rebuy",
            "structure": "turbo",
            "entry_settings": {
                "buy_in": {"prize": 5000, "fee": 500, "bounty": 5000},
                "bounty": {"kind": "progressive"},
                "rebuy": {"price": {"prize": 5000, "fee": 500}, "chips": 20000, "max_per_player": 1, "until_level": 3},
                "add_on": {"price": {"prize": 5000}, "chips": 30000, "at_level": 3},
                "late_reg": {"rule": "end_of_level", "level": 3}
            }
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["state"]["id"].as_str().expect("id").to_string();
    for i in 0..6 {
        let p = player(&server, &format!("Knockout {i}")).await;
        let (status, body) = act(&server, &id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    clock(&server, &id, json!({"action": "start"})).await;
    let refused = |body: &Value| body["error"]["code"].as_str().unwrap_or("").to_string();

    let (status, body) = act(&server, &id, json!({"action": "rebuy", "entry": 1})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = act(&server, &id, json!({"action": "rebuy", "entry": 1})).await;
    assert_eq!(
        (status, refused(&body)),
        (StatusCode::CONFLICT, "rebuy_limit".into())
    );
    let (status, body) = act(&server, &id, json!({"action": "add_on", "entry": 2})).await;
    assert_eq!(
        (status, refused(&body)),
        (StatusCode::CONFLICT, "add_on_window_closed".into())
    );

    clock(&server, &id, json!({"action": "jump", "level": 3})).await;
    let (status, body) = act(&server, &id, json!({"action": "add_on", "entry": 2})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = act(&server, &id, json!({"action": "add_on", "entry": 2})).await;
    assert_eq!(
        (status, refused(&body)),
        (StatusCode::CONFLICT, "add_on_already_taken".into())
    );

    // Entry 5 knocks out 3 and 4 on one hand.
    let (status, body) = act(
        &server,
        &id,
        json!({"action": "bust", "busted": [{"entry": 3, "stack": 4000}, {"entry": 4, "stack": 8000}], "eliminators": [5]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    clock(&server, &id, json!({"action": "jump", "level": 5})).await;
    let (status, body) = act(&server, &id, json!({"action": "rebuy", "entry": 6})).await;
    assert_eq!(
        (status, refused(&body)),
        (StatusCode::CONFLICT, "rebuy_window_closed".into())
    );
    let late = player(&server, "Too Late").await;
    let (status, body) = act(&server, &id, json!({"action": "register", "player": late})).await;
    assert_eq!(
        (status, refused(&body)),
        (StatusCode::CONFLICT, "registration_closed".into())
    );

    let (_, standings) = get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
    let entry = |n: u64| {
        standings["entries"]
            .as_array()
            .expect("list")
            .iter()
            .find(|e| e["id"] == n)
            .expect("entry")
            .clone()
    };
    assert_eq!(
        entry(5)["bounty"],
        10_000,
        "5,000 plus half of two 5,000 bounties"
    );
    assert_eq!(
        entry(5)["bounties_won"],
        5_000,
        "half of each bounty in cash"
    );
    assert_eq!(entry(1)["rebuys"], 1);
    assert_eq!(entry(2)["add_on"], true);
    let f = &standings["figures"];
    assert_eq!(f["prize_pool"]["pool"], 6 * 5000 + 5000 + 5000);
    assert_eq!(f["fees"], 6 * 500 + 500);
    assert_eq!(f["bounties_paid"], 5_000);
    assert_eq!(f["bounties_held"], 6 * 5000 - 5000);
    let paid_in = 6 * (5000 + 500 + 5000) + (5000 + 500) + 5000;
    let accounted = f["prize_pool"]["collected"].as_i64().expect("pool")
        + f["fees"].as_i64().expect("fees")
        + f["bounties_held"].as_i64().expect("held")
        + f["bounties_paid"].as_i64().expect("paid");
    assert_eq!(accounted, paid_in, "every minor unit paid in is somewhere");
    server.stop().await;
}

#[actix_web::test]
async fn a_deal_proposal_splits_exactly_what_the_players_left_play_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Final four").await;
    for i in 0..4 {
        let p = player(&server, &format!("Finalist {i}")).await;
        act(&server, &id, json!({"action": "register", "player": p})).await;
    }
    clock(&server, &id, json!({"action": "start"})).await;
    let url = server.url(&format!("/api/v1/tournaments/{id}/deals/proposal"));
    let stacks = json!([{"entry": 1, "chips": 40000}, {"entry": 2, "chips": 20000}, {"entry": 3, "chips": 15000}, {"entry": 4, "chips": 5000}]);
    let sum = |v: &Value| -> i64 {
        v["shares"]
            .as_array()
            .expect("shares")
            .iter()
            .map(|s| s["amount"].as_i64().expect("amount"))
            .sum()
    };
    for deal in [
        json!({"kind": "icm"}),
        json!({"kind": "chip_chop"}),
        json!({"kind": "even_chop"}),
    ] {
        let (status, proposal) = post(&url, json!({"deal": deal, "stacks": stacks})).await;
        assert_eq!(status, StatusCode::OK, "{deal}: {proposal}");
        let prizes: i64 = proposal["prizes"]
            .as_array()
            .expect("prizes")
            .iter()
            .map(|p| p.as_i64().expect("amount"))
            .sum();
        assert_eq!(prizes, 40_000, "the whole pool is among the four");
        assert_eq!(sum(&proposal), 40_000, "{deal}: not a cent created or lost");
        let first = proposal["prizes"][0].as_i64().expect("first");
        assert!(proposal["shares"]
            .as_array()
            .expect("shares")
            .iter()
            .all(|s| s["amount"].as_i64().expect("amount") <= first));
    }
    let (status, even) = post(
        &url,
        json!({"deal": {"kind": "even_chop"}, "stacks": stacks}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(even["shares"][3]["amount"], 10_000);
    let (status, play_for) = post(
        &url,
        json!({"deal": {"kind": "icm"}, "stacks": stacks, "play_for": 2000}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{play_for}");
    assert_eq!(sum(&play_for), 38_000);
    for bad in [
        json!({"deal": {"kind": "icm"}, "stacks": [{"entry": 1, "chips": 10}, {"entry": 2, "chips": 10}]}),
        json!({"deal": {"kind": "icm"}, "stacks": [{"entry": 1, "chips": 10}, {"entry": 1, "chips": 10}, {"entry": 3, "chips": 1}, {"entry": 4, "chips": 1}]}),
        json!({"deal": {"kind": "custom", "amounts": [10000, 10000, 10000, 9999]}, "stacks": stacks}),
    ] {
        let (status, body) = post(&url, bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
    let (_, after) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(after["seq"], 6, "a proposal writes nothing");
    server.stop().await;
}
