//! The websocket end to end: a real client on a real socket subscribes and follows.

mod common;

use common::{clock, create, spawn, Ws};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

#[actix_web::test]
async fn a_subscriber_gets_a_snapshot_then_each_change_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, "Live").await;
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    let snapshot = ws.next_of("snapshot", WAIT).await;
    assert_eq!(snapshot["tournament"], id.as_str());
    assert_eq!(snapshot["seq"], 1);
    assert_eq!(snapshot["state"]["status"], "scheduled");
    assert!(snapshot["server_time"].as_i64().is_some());

    clock(&server, &id, json!({"action": "start"})).await;
    clock(&server, &id, json!({"action": "pause"})).await;
    let started = ws.next_of("change", WAIT).await;
    assert_eq!(started["seq"], 2);
    assert_eq!(started["event"]["type"], "clock_started");
    assert_eq!(started["event"]["clock"]["running"], true);
    assert_eq!(started["by"], "admin", "the operator who logged in");
    let paused = ws.next_of("change", WAIT).await;
    assert_eq!(paused["seq"], 3);
    assert_eq!(paused["event"]["type"], "clock_paused");
    server.stop().await;
}

#[actix_web::test]
async fn every_subscriber_sees_the_same_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, "Many").await;
    let mut clients = Vec::new();
    for _ in 0..20 {
        let mut ws = Ws::connect(&server).await;
        ws.send(json!({"type": "subscribe", "tournament": id}))
            .await;
        ws.next_of("snapshot", WAIT).await;
        clients.push(ws);
    }
    clock(&server, &id, json!({"action": "start"})).await;
    for ws in &mut clients {
        let change = ws.next_of("change", WAIT).await;
        assert_eq!(change["seq"], 2);
    }
    server.stop().await;
}

#[actix_web::test]
async fn the_venue_overview_lists_tournaments_and_follows_their_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let a = create(&server, "Alpha").await;
    create(&server, "Beta").await;
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe_venue"})).await;
    let venue = ws.next_of("venue", WAIT).await;
    assert_eq!(venue["tournaments"].as_array().expect("list").len(), 2);
    clock(&server, &a, json!({"action": "start"})).await;
    let change = ws.next_of("venue_change", WAIT).await;
    assert_eq!(change["tournament"]["id"], a.as_str());
    assert_eq!(change["tournament"]["status"], "running");
    assert_eq!(change["tournament"]["level"]["kind"], "play");
    server.stop().await;
}

#[actix_web::test]
async fn bad_frames_get_an_error_frame_and_the_socket_stays_usable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, "Sturdy").await;
    let mut ws = Ws::connect(&server).await;
    for bad in [
        "not json",
        "{}",
        r#"{"type":"subscribe","tournament":"not-a-uuid"}"#,
        r#"{"type":"launch_missiles"}"#,
        r#"{"type":"subscribe_venue","x":1}"#,
    ] {
        ws.send_text(bad).await;
        let error = ws.next_of("error", WAIT).await;
        assert_eq!(error["error"]["code"], "invalid_frame", "{bad}");
    }
    ws.send(json!({"type": "subscribe", "tournament": "00000000-0000-4000-8000-000000000000"}))
        .await;
    let missing = ws.next_of("error", WAIT).await;
    assert_eq!(missing["error"]["code"], "tournament_not_found");
    // A frame over the size limit is a protocol error: that socket closes, the server
    // stays up for everyone else.
    ws.send_text(&"x".repeat(100_000)).await;
    assert!(
        ws.next(WAIT).await.is_none(),
        "the oversized frame closes the socket"
    );
    let mut fresh = Ws::connect(&server).await;
    fresh
        .send(json!({"type": "subscribe", "tournament": id}))
        .await;
    assert_eq!(fresh.next_of("snapshot", WAIT).await["seq"], 1);
    server.stop().await;
}

#[actix_web::test]
async fn sockets_are_told_the_server_is_going_away_at_shutdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, "Bye").await;
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    ws.next_of("snapshot", WAIT).await;
    let stopping = actix_web::rt::spawn(server.stop());
    assert!(ws.next(WAIT).await.is_none(), "closed by the server");
    stopping.await.expect("stopped");
}

#[actix_web::test]
async fn connections_past_the_limit_are_refused_with_a_json_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.ws.max_sessions = 2;
    let server = common::spawn_with(settings, false).await;
    let _a = Ws::connect(&server).await;
    let _b = Ws::connect(&server).await;
    // Registration is asynchronous: give the two sessions a moment to be counted.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (_, health) = common::get(&server.url("/api/health")).await;
        if health["sessions"] == 2 || std::time::Instant::now() > deadline {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    let refused = common::client().ws(server.ws_url()).connect().await;
    match refused {
        Err(awc::error::WsClientError::InvalidResponseStatus(status)) => assert_eq!(status, 503),
        other => panic!("expected a 503, got {:?}", other.map(|(r, _)| r.status())),
    }
    server.stop().await;
}
