//! The tournaments the benchmark runs on, made through the public API: venue tables,
//! players, a tournament with its entrants seated and its clock running, padded with
//! clock commands to a given number of events, then copied by export and import (the
//! copies replay every event of the original, under a new id).

use crate::clients::{http, send_all};
use serde_json::{json, Value};
use std::time::Duration;

/// Adds `count` ten-seat venue tables numbered from `first`.
pub async fn add_tables(base: &str, token: &str, first: u32, count: u32) {
    let reqs = (first..first + count)
        .map(|n| {
            (
                format!("{base}/api/v1/tables"),
                json!({"id": n, "seats": 10}),
            )
        })
        .collect();
    send_all(token, 16, reqs).await;
}

/// A running tournament with `entrants` players registered and seated at tables given
/// from the pool, padded with clock commands to at least `events` events. Its id.
pub async fn tournament(
    base: &str,
    token: &str,
    name: &str,
    entrants: usize,
    events: u64,
) -> String {
    let client = http(Some(token), Duration::from_secs(60));
    let mut res = client
        .post(format!("{base}/api/v1/tournaments"))
        .send_json(&json!({"name": name, "structure": "regular"}))
        .await
        .expect("creates");
    let body: Value = res.json().limit(64 << 20).await.expect("json");
    let id = body["state"]["id"].as_str().expect("id").to_string();
    let res = client
        .post(format!("{base}/api/v1/tournaments/{id}/tables"))
        .send_json(&json!({"for_players": entrants}))
        .await
        .expect("gives tables");
    assert!(res.status().is_success(), "tables: {}", res.status());

    let players = send_all(
        token,
        16,
        (0..entrants)
            .map(|i| {
                (
                    format!("{base}/api/v1/players"),
                    json!({"name": format!("{name} player {i}")}),
                )
            })
            .collect(),
    )
    .await;
    let registrations = players
        .iter()
        .map(|p| {
            (
                format!("{base}/api/v1/tournaments/{id}/entries"),
                json!({"action": "register", "player": p["player"]["id"]}),
            )
        })
        .collect();
    send_all(token, 16, registrations).await;
    let mut res = client
        .post(format!("{base}/api/v1/tournaments/{id}/clock"))
        .send_json(&json!({"action": "start"}))
        .await
        .expect("starts");
    let body: Value = res.json().limit(64 << 20).await.expect("json");
    let seq = body["seq"].as_u64().expect("seq");
    let padding = (seq + 1..=events)
        .map(|k| {
            (
                format!("{base}/api/v1/tournaments/{id}/clock"),
                json!({"action": "set_time", "remaining_secs": 600 + k % 600}),
            )
        })
        .collect();
    send_all(token, 8, padding).await;
    id
}

/// `copies` imports of tournament `id`'s exported log, each under a new id; their ids.
pub async fn copies(base: &str, token: &str, id: &str, copies: usize) -> Vec<String> {
    let client = http(Some(token), Duration::from_secs(60));
    let mut res = client
        .get(format!("{base}/api/v1/tournaments/{id}/export"))
        .send()
        .await
        .expect("exports");
    let bytes = res.body().limit(64 << 20).await.expect("the log");
    let log = String::from_utf8(bytes.to_vec()).expect("utf-8");
    let ids: Vec<String> = (0..copies)
        .map(|k| {
            uuid::Uuid::from_u128(0xbe4c_0000_0000_0000_0000_0000_0000_0000 + k as u128).to_string()
        })
        .collect();
    let reqs = ids
        .iter()
        .map(|new| {
            let body: Value = serde_json::from_str(&log.replace(id, new)).expect("json");
            (format!("{base}/api/v1/tournaments/import"), body)
        })
        .collect();
    send_all(token, 4, reqs).await;
    ids
}
