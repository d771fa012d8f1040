//! Whole tournaments played through the API: a 30-player freezeout from registration to
//! a winner, a final table that makes an ICM deal, undo and the audit list, and payout
//! settings with every way to get them wrong refused and nothing changed.

mod common;

use actix_web::http::StatusCode;
use common::{clock, get, post, send, spawn, TestServer, Ws};
use serde_json::{json, Value};
use std::time::Duration;

async fn player(server: &TestServer, name: &str) -> String {
    let (status, body) = post(&server.url("/api/v1/players"), json!({ "name": name })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["player"]["id"].as_str().expect("id").to_string()
}

async fn create(server: &TestServer, body: Value) -> String {
    let (status, created) = post(&server.url("/api/v1/tournaments"), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["state"]["id"].as_str().expect("id").to_string()
}

/// Registers `n` new players; their entries are numbered 1..=n.
async fn field(server: &TestServer, id: &str, n: usize) {
    for i in 0..n {
        let p = player(server, &format!("Player {:02}", i + 1)).await;
        let (status, body) = act(server, id, json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

async fn act(server: &TestServer, id: &str, action: Value) -> (StatusCode, Value) {
    post(
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        action,
    )
    .await
}

async fn bust(server: &TestServer, id: &str, busted: &[(u32, u64)], by: u32) -> Value {
    let busted: Vec<Value> = busted
        .iter()
        .map(|(entry, stack)| json!({"entry": entry, "stack": stack}))
        .collect();
    let (status, body) = act(
        server,
        id,
        json!({"action": "bust", "busted": busted, "eliminators": [by]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn path(server: &TestServer, id: &str, rest: &str) -> (StatusCode, Value) {
    get(&server.url(&format!("/api/v1/tournaments/{id}{rest}"))).await
}

async fn post_to(server: &TestServer, id: &str, rest: &str, body: Value) -> (StatusCode, Value) {
    post(
        &server.url(&format!("/api/v1/tournaments/{id}{rest}")),
        body,
    )
    .await
}

fn money(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("an amount, not {v}"))
}

#[actix_web::test]
async fn a_30_player_freezeout_plays_down_to_a_winner_and_pays_the_pool_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(
        &server,
        json!({
            "name": "Freezeout 30",
            "structure": "regular",
            "entry_settings": {"buy_in": {"prize": 5000, "fee": 500}},
            "payouts": {"unit": 500, "currency": {"code": "USD", "decimals": 2}}
        }),
    )
    .await;
    field(&server, &id, 30).await;
    clock(&server, &id, json!({"action": "start"})).await;
    let (_, state) = path(&server, &id, "").await;
    let figures = &state["state"]["figures"];
    assert_eq!(figures["entries"], 30);
    assert_eq!(money(&figures["prize_pool"]["pool"]), 150_000);
    assert_eq!(figures["places_paid"], 5, "21-30 entries pay 5 places");
    assert_eq!(state["state"]["currency"]["code"], "USD");
    let payouts: Vec<i64> = figures["payouts"]
        .as_array()
        .expect("payouts")
        .iter()
        .map(money)
        .collect();
    assert_eq!(payouts.iter().sum::<i64>(), 150_000);
    assert!(
        payouts.iter().all(|p| p % 500 == 0),
        "whole units: {payouts:?}"
    );

    // Entries 30 down to 7 go out one at a time, 1 eliminating them; 6 and 5 go out on
    // one hand with equal stacks (a tie for 5th-6th); then 4, 3, 2.
    for entry in (7..=30).rev() {
        bust(&server, &id, &[(entry, 1000)], 1).await;
    }
    let (_, state) = path(&server, &id, "").await;
    assert_eq!(state["state"]["figures"]["players_left"], 6);
    assert_eq!(state["state"]["figures"]["on_the_bubble"], true);
    bust(&server, &id, &[(6, 2000), (5, 2000)], 1).await;
    for entry in [4, 3, 2] {
        bust(&server, &id, &[(entry, 1000)], 1).await;
    }
    let (status, body) = post_to(&server, &id, "/finish", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, results) = path(&server, &id, "/results").await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let rows = results.as_array().expect("rows");
    assert_eq!(rows.len(), 30);
    let prize_of = |entry: u32| {
        rows.iter()
            .find(|r| r["entry"] == entry)
            .map(|r| money(&r["prize"]))
            .expect("a row per entry")
    };
    assert_eq!(rows[0]["entry"], 1);
    assert_eq!(rows[0]["places"]["best"], 1);
    assert_eq!(prize_of(1), payouts[0]);
    assert_eq!(prize_of(4), payouts[3]);
    // 5th and 6th tie: 5th place's prize split by two (6th pays nothing).
    assert_eq!(prize_of(5), payouts[4] / 2);
    assert_eq!(prize_of(5) + prize_of(6), payouts[4]);
    assert_eq!(
        rows.iter().map(|r| money(&r["prize"])).sum::<i64>(),
        150_000
    );
    assert_eq!(prize_of(30), 0);

    let csv = common::client()
        .get(server.url(&format!("/api/v1/tournaments/{id}/results?format=csv")))
        .send()
        .await
        .expect("sent")
        .body()
        .await
        .expect("body");
    let csv = String::from_utf8(csv.to_vec()).expect("utf-8");
    assert!(csv.starts_with("place,entry,player,prize,bounties_won"));
    assert_eq!(csv.lines().count(), 31);
    assert!(csv.contains("5-6,"), "the tie shows as a range: {csv}");
    server.stop().await;
}

#[actix_web::test]
async fn a_final_table_makes_an_icm_deal_that_pays_everyone_exactly_their_share() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(
        &server,
        json!({
            "name": "Deal table",
            "structure": "turbo",
            "entry_settings": {"buy_in": {"prize": 10000, "fee": 1000}}
        }),
    )
    .await;
    field(&server, &id, 12).await;
    clock(&server, &id, json!({"action": "start"})).await;
    for entry in (4..=12).rev() {
        bust(&server, &id, &[(entry, 1000)], 1).await;
    }
    let stacks = json!([
        {"entry": 1, "chips": 200000},
        {"entry": 2, "chips": 60000},
        {"entry": 3, "chips": 40000}
    ]);
    // A custom deal that does not add up, and one that leaves a player out: refused.
    let (status, bad) = post_to(
        &server,
        &id,
        "/deals",
        json!({"deal": {"kind": "custom", "amounts": [50000, 30000, 100]}, "stacks": stacks}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert!(
        bad["error"]["code"]
            .as_str()
            .expect("code")
            .starts_with("deal_"),
        "{bad}"
    );
    let (status, bad) = post_to(
        &server,
        &id,
        "/deals",
        json!({"deal": {"kind": "icm"}, "stacks": [{"entry": 1, "chips": 5}, {"entry": 2, "chips": 5}]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");

    let (status, proposal) = post_to(
        &server,
        &id,
        "/deals/proposal",
        json!({"deal": {"kind": "icm"}, "stacks": stacks, "play_for": 5000}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{proposal}");
    let prizes: i64 = proposal["prizes"]
        .as_array()
        .expect("prizes")
        .iter()
        .map(money)
        .sum();
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    ws.next_of("snapshot", Duration::from_secs(5)).await;
    let (status, done) = post_to(
        &server,
        &id,
        "/deals",
        json!({"deal": {"kind": "icm"}, "stacks": stacks, "play_for": 5000}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let deal = &done["state"]["deal"];
    let amounts: Vec<i64> = deal["amounts"]
        .as_array()
        .expect("amounts")
        .iter()
        .map(money)
        .collect();
    let shares: Vec<i64> = proposal["shares"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| money(&s["amount"]))
        .collect();
    assert_eq!(amounts, shares, "the deal recorded is the deal proposed");
    assert_eq!(
        amounts.iter().sum::<i64>() + 5000,
        prizes,
        "no cent created or lost"
    );
    assert!(amounts[0] > amounts[1] && amounts[1] > amounts[2]);
    assert_eq!(done["state"]["payouts_locked"], true);
    let change = ws.next_of("change", Duration::from_secs(5)).await;
    assert_eq!(change["event"]["type"], "deal_recorded");
    let snapshot = ws.next_of("snapshot", Duration::from_secs(5)).await;
    assert_eq!(snapshot["state"]["deal"]["amounts"], deal["amounts"]);

    // A second deal, and money coming in after it: refused, nothing changed.
    let (status, again) = post_to(
        &server,
        &id,
        "/deals",
        json!({"deal": {"kind": "even_chop"}, "stacks": stacks}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["error"]["code"], "deal_recorded");
    let late = player(&server, "Late").await;
    let (status, refused) = act(&server, &id, json!({"action": "register", "player": late})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");

    // They play on for the 50.00: entry 2 wins it.
    bust(&server, &id, &[(3, 40000)], 2).await;
    bust(&server, &id, &[(1, 200000)], 2).await;
    let (_, results) = path(&server, &id, "/results").await;
    let rows = results.as_array().expect("rows");
    let prize_of = |entry: u32| {
        rows.iter()
            .find(|r| r["entry"] == entry)
            .map(|r| money(&r["prize"]))
            .expect("a row per entry")
    };
    assert_eq!(rows[0]["entry"], 2, "entry 2 finished first");
    assert_eq!(prize_of(2), amounts[1] + 5000);
    assert_eq!(prize_of(1), amounts[0]);
    assert_eq!(prize_of(3), amounts[2]);
    assert_eq!(
        rows.iter().map(|r| money(&r["prize"])).sum::<i64>(),
        120_000
    );
    server.stop().await;
}

#[actix_web::test]
async fn undo_reverts_an_action_refuses_what_later_events_need_and_the_audit_shows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, json!({"name": "Undo", "structure": "turbo"})).await;
    field(&server, &id, 4).await; // events 2-5
    clock(&server, &id, json!({"action": "start"})).await; // 6
    bust(&server, &id, &[(4, 1000)], 1).await; // 7
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    ws.next_of("snapshot", Duration::from_secs(5)).await;

    let (status, done) = post_to(&server, &id, "/undo", json!({"seq": 7})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["seq"], 8);
    assert_eq!(
        done["state"]["figures"]["players_left"], 4,
        "the bust is gone"
    );
    let change = ws.next_of("change", Duration::from_secs(5)).await;
    assert_eq!(change["event"]["type"], "undone");
    assert_eq!(change["event"]["events"], json!([7]));
    let snapshot = ws.next_of("snapshot", Duration::from_secs(5)).await;
    assert_eq!(snapshot["state"]["figures"]["players_left"], 4);

    // Entry 3 busts; entry 2's registration cannot go now (entry 3 was numbered after
    // it and busted since), and the refusal names the event.
    bust(&server, &id, &[(3, 1000)], 1).await; // 9
    let before = path(&server, &id, "").await.1;
    let (status, refused) = post_to(&server, &id, "/undo", json!({"seq": 3})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["error"]["code"], "undo_refused");
    assert!(refused["error"]["message"]
        .as_str()
        .expect("message")
        .contains("event 4"));
    for (seq, code, status_expected) in [
        (json!(1), "undo_refused", StatusCode::CONFLICT),
        (json!(7), "undo_refused", StatusCode::CONFLICT),
        (json!(99), "no_such_event", StatusCode::NOT_FOUND),
    ] {
        let (status, body) = post_to(&server, &id, "/undo", json!({ "seq": seq })).await;
        assert_eq!(status, status_expected, "{body}");
        assert_eq!(body["error"]["code"], code);
    }
    for bad in [
        json!({}),
        json!({"seq": -1}),
        json!({"seq": "7"}),
        json!({"seq": 7, "x": 1}),
    ] {
        let (status, body) = post_to(&server, &id, "/undo", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
    assert_eq!(
        path(&server, &id, "").await.1["seq"],
        before["seq"],
        "nothing written"
    );

    // Undo the undo: the first bust is back.
    let (status, redone) = post_to(&server, &id, "/undo", json!({"seq": 8})).await;
    assert_eq!(status, StatusCode::OK, "{redone}");
    assert_eq!(redone["state"]["figures"]["players_left"], 2);

    let (status, audit) = path(&server, &id, "/audit").await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    let lines = audit.as_array().expect("lines");
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[6]["what"], "entry:busted");
    assert_eq!(lines[6]["undone_by"], Value::Null, "redone");
    assert_eq!(lines[7]["what"], "undone");
    assert_eq!(lines[7]["undone_by"], 10);
    assert_eq!(lines[9]["by"], "admin", "the operator logged in");

    // The undone state survives a restart exactly.
    let before = path(&server, &id, "/entries").await.1;
    server.stop().await;
    let server = spawn(dir.path()).await;
    assert_eq!(path(&server, &id, "/entries").await.1, before);
    server.stop().await;
}

#[actix_web::test]
async fn payout_settings_are_checked_and_locked_payouts_stop_money_coming_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    // A plan whose row adds up to 99.1% is refused at creation, naming the row and sum.
    let (status, bad) = post(
        &server.url("/api/v1/tournaments"),
        json!({
            "name": "Bad plan",
            "structure": "turbo",
            "payouts": {"plan": {"name": "House", "rows": [
                {"min_entries": 1, "max_entries": null, "shares_bp": [6000, 3910]}
            ]}}
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let message = bad["error"]["message"].as_str().expect("message");
    assert!(message.contains("99.10%"), "{message}");
    let id = create(
        &server,
        json!({
            "name": "Satellite",
            "structure": "turbo",
            "entry_settings": {"buy_in": {"prize": 10000, "fee": 1000}},
            "payouts": {"satellite": {"seat_value": 32000}}
        }),
    )
    .await;
    field(&server, &id, 7).await;
    let (status, payouts) = path(&server, &id, "/payouts").await;
    assert_eq!(status, StatusCode::OK, "{payouts}");
    // 700.00 collected: two seats of 320.00 and 60.00 in cash.
    assert_eq!(payouts["amounts"], json!([32000, 32000, 6000]));

    let settings = |extra: Value| {
        let mut base = json!({"unit": 100, "remainder_place": 1});
        for (k, v) in extra.as_object().expect("object") {
            base[k] = v.clone();
        }
        base
    };
    let seq_before = path(&server, &id, "").await.1["seq"].clone();
    for (bad, code) in [
        (settings(json!({"unit": 0})), "invalid_value"),
        (settings(json!({"remainder_place": 0})), "invalid_value"),
        (
            settings(json!({"currency": {"code": "euro", "decimals": 2}})),
            "invalid_value",
        ),
        (
            settings(json!({"satellite": {"seat_value": -5}})),
            "invalid_value",
        ),
        (
            settings(
                json!({"plan": {"name": "P", "rows": [{"min_entries": 1, "max_entries": null, "shares_bp": [5000, 4910]}]}}),
            ),
            "invalid_value",
        ),
    ] {
        let (status, body) = send(
            "PUT",
            &server.url(&format!("/api/v1/tournaments/{id}/payouts")),
            Some(&bad.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad} -> {body}");
        assert_eq!(body["error"]["code"], code);
    }
    let (status, body) = send(
        "PUT",
        &server.url(&format!("/api/v1/tournaments/{id}/payouts")),
        Some(r#"{"unit": 100, "surprise": true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        path(&server, &id, "").await.1["seq"],
        seq_before,
        "nothing written"
    );

    // Back to cash payouts, then lock them: no more money in until unlocked.
    let (status, body) = send(
        "PUT",
        &server.url(&format!("/api/v1/tournaments/{id}/payouts")),
        Some(&settings(json!({"unit": 1000})).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, locked) = post_to(&server, &id, "/payouts/lock", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{locked}");
    assert_eq!(locked["state"]["payouts_locked"], true);
    let (status, again) = post_to(&server, &id, "/payouts/lock", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    let late = player(&server, "Late").await;
    let (status, refused) = act(&server, &id, json!({"action": "register", "player": late})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["error"]["code"], "payouts_locked");
    let (status, refused) = send(
        "PUT",
        &server.url(&format!("/api/v1/tournaments/{id}/payouts")),
        Some(&settings(json!({})).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let (status, _) = post_to(&server, &id, "/payouts/unlock", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = act(&server, &id, json!({"action": "register", "player": late})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = post_to(&server, &id, "/payouts/unlock", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    server.stop().await;
}
