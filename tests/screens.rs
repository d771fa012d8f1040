//! Screens, public views and the remaining limits end to end: pairing a TV with a code,
//! its token and live reassignment over its websocket, revocation cutting off HTTP and the
//! socket; change frames without the operator for screens and the public; the phone page
//! and its QR code; PIN resets ending tokens; JSON depth.

mod common;

use actix_web::http::StatusCode;
use common::{send_as, spawn, spawn_with, staff_token, TestServer, Ws};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

async fn as_admin(
    server: &TestServer,
    method: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let body = (!body.is_null()).then(|| body.to_string());
    send_as(
        method,
        &server.url(path),
        body.as_deref(),
        Some(&server.admin_token),
    )
    .await
}

/// A TV asks for a code (no login): (code, secret).
async fn pairing_code(server: &TestServer) -> (String, String) {
    let (status, body) = send_as("POST", &server.url("/api/v1/screens/pairing"), None, None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let code = body["code"].as_str().expect("a code").to_string();
    assert_eq!(code.len(), 6, "{code}");
    (code, body["secret"].as_str().expect("a secret").to_string())
}

async fn poll(server: &TestServer, secret: &str) -> (StatusCode, Value) {
    send_as(
        "GET",
        &server.url(&format!("/api/v1/screens/pairing/{secret}")),
        None,
        None,
    )
    .await
}

fn code_of(answer: &Value) -> &str {
    answer["error"]["code"].as_str().unwrap_or_default()
}

#[actix_web::test]
async fn a_tv_pairs_with_a_code_follows_reassignments_live_and_is_cut_off_when_revoked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Main event").await;
    let other = common::create(&server, "Side event").await;
    let floor = staff_token(&server, "Flo", "floor", "3434").await;

    let (code, secret) = pairing_code(&server).await;
    let (status, waiting) = poll(&server, &secret).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(waiting["status"], "waiting");
    assert!(waiting["token"].is_null());

    // Refused pairings, each with its own clear error; none uses the code up.
    let pair = |code: &str, body: Value| {
        let mut body = body;
        body["code"] = json!(code);
        body
    };
    let (status, answer) = send_as(
        "POST",
        &server.url("/api/v1/screens"),
        Some(&pair(&code, json!({"name": "Bar TV", "tournament": id})).to_string()),
        Some(&floor),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    for (body, want, error) in [
        (
            pair("ZZZZZZ", json!({"name": "Bar TV"})),
            StatusCode::NOT_FOUND,
            "pairing_code_unknown",
        ),
        (
            pair(
                &code,
                json!({"name": "Bar TV", "layout": "cinema", "tournament": id}),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_layout",
        ),
        (
            pair(
                &code,
                json!({"name": "Bar TV", "layout": "overview", "tournament": id}),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_layout",
        ),
        (
            pair(&code, json!({"name": "Bar TV", "layout": "clock"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_layout",
        ),
        (
            pair(
                &code,
                json!({"name": "Bar TV", "tournament": uuid::Uuid::new_v4()}),
            ),
            StatusCode::NOT_FOUND,
            "tournament_not_found",
        ),
        (
            pair(&code, json!({"name": " ", "tournament": id})),
            StatusCode::BAD_REQUEST,
            "invalid_name",
        ),
        (
            pair(&code, json!({"name": "Bar TV", "extra": 1})),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
    ] {
        let (status, answer) = as_admin(&server, "POST", "/api/v1/screens", body.clone()).await;
        assert_eq!(
            (status, code_of(&answer)),
            (want, error),
            "{body}: {answer}"
        );
    }

    // Typed in lower case with a dash, as people do.
    let typed = format!("{}-{}", code[..3].to_lowercase(), &code[3..]);
    let (status, screen) = as_admin(
        &server,
        "POST",
        "/api/v1/screens",
        json!({"code": typed, "name": "Bar TV", "tournament": id}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{screen}");
    assert_eq!(screen["layout"], "auto");
    assert_eq!(screen["tournament"], id.as_str());
    let screen_id = screen["id"].as_str().expect("id").to_string();
    let (status, again) = as_admin(
        &server,
        "POST",
        "/api/v1/screens",
        json!({"code": code, "name": "Twice"}),
    )
    .await;
    assert_eq!(
        (status, code_of(&again)),
        (StatusCode::CONFLICT, "pairing_code_used")
    );

    // The TV's next poll gets its token, once.
    let (status, paired) = poll(&server, &secret).await;
    assert_eq!(status, StatusCode::OK, "{paired}");
    assert_eq!(paired["status"], "paired");
    assert_eq!(paired["screen"]["id"], screen_id.as_str());
    let token = paired["token"].as_str().expect("a token").to_string();
    let (status, answer) = poll(&server, &secret).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::CONFLICT, "pairing_code_used")
    );

    // The token is a viewer's: reads, no commands.
    let (status, me) = send_as("GET", &server.url("/api/v1/screens/me"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["name"], "Bar TV");
    let (status, _) = send_as(
        "POST",
        &server.url(&format!("/api/v1/tournaments/{id}/clock")),
        Some(r#"{"action":"start"}"#),
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answer) =
        send_as("GET", &server.url("/api/v1/screens/me"), None, Some(&floor)).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::NOT_FOUND, "not_a_screen")
    );
    let (status, list) = as_admin(&server, "GET", "/api/v1/screens", Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");

    // Its socket is told what to show on connecting, and again at each reassignment.
    let mut tv = Ws::connect_to(&format!("{}?token={token}", server.ws_url()))
        .await
        .expect("the screen's socket opens");
    let first = tv.next_of("screen", WAIT).await;
    assert_eq!(first["screen"]["tournament"], id.as_str());
    assert_eq!(first["screen"]["layout"], "auto");
    tv.send(json!({"type": "clock", "tournament": id, "command": {"action": "start"}}))
        .await;
    assert_eq!(code_of(&tv.next_of("error", WAIT).await), "forbidden");
    let path = format!("/api/v1/screens/{screen_id}");
    let (status, moved) = as_admin(&server, "PATCH", &path, json!({"tournament": other})).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let frame = tv.next_of("screen", WAIT).await;
    assert_eq!(frame["screen"]["tournament"], other.as_str());
    let (status, _) = as_admin(
        &server,
        "PATCH",
        &path,
        json!({"layout": "overview", "name": "Lobby"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let frame = tv.next_of("screen", WAIT).await;
    assert_eq!(frame["screen"]["layout"], "overview");
    assert!(frame["screen"]["tournament"].is_null());
    assert_eq!(frame["screen"]["name"], "Lobby");
    let (status, answer) = as_admin(&server, "PATCH", &path, json!({"layout": "cinema"})).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_layout")
    );
    let unknown = format!("/api/v1/screens/{}", uuid::Uuid::new_v4());
    let (status, answer) = as_admin(&server, "PATCH", &unknown, json!({"name": "X"})).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::NOT_FOUND, "screen_not_found")
    );

    // Revoked: the socket is cut off, the token refused over HTTP and at the socket's door.
    let (status, revoked) = as_admin(&server, "POST", &format!("{path}/revoke"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["revoked"], true);
    assert!(
        tv.closed_within(WAIT).await,
        "the revoked screen's socket is closed"
    );
    let (status, answer) =
        send_as("GET", &server.url("/api/v1/screens/me"), None, Some(&token)).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::UNAUTHORIZED, "token_revoked")
    );
    assert!(
        Ws::connect_to(&format!("{}?token={token}", server.ws_url()))
            .await
            .is_none(),
        "a revoked token is refused at the door"
    );
    let (status, answer) = as_admin(&server, "PATCH", &path, json!({"name": "Back"})).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::CONFLICT, "screen_revoked")
    );
    server.stop().await;

    // Revocation and the screen survive a restart.
    let server = spawn(dir.path()).await;
    let (status, _) = send_as("GET", &server.url("/api/v1/screens/me"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, list) = as_admin(&server, "GET", "/api/v1/screens", Value::Null).await;
    assert_eq!(list[0]["name"], "Lobby");
    assert_eq!(list[0]["revoked"], true);
    server.stop().await;
}

#[actix_web::test]
async fn a_screens_language_is_checked_stored_sent_to_it_live_and_kept_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Main event").await;

    // A language the pages have no strings for is refused, and the code is not used up.
    let (code, secret) = pairing_code(&server).await;
    for lang in [
        json!("xx"),
        json!("FR"),
        json!("fr-FR"),
        json!("../en"),
        json!(7),
    ] {
        let (status, answer) = as_admin(
            &server,
            "POST",
            "/api/v1/screens",
            json!({"code": code, "name": "Bar TV", "tournament": id, "lang": lang}),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{lang}: {answer}");
        assert!(
            ["invalid_lang", "invalid_json"].contains(&code_of(&answer)),
            "{lang}: {answer}"
        );
    }
    let (status, screen) = as_admin(
        &server,
        "POST",
        "/api/v1/screens",
        json!({"code": code, "name": "Bar TV", "tournament": id, "lang": "fr"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{screen}");
    assert_eq!(screen["lang"], "fr");
    let path = format!("/api/v1/screens/{}", screen["id"].as_str().expect("id"));
    let (_, paired) = poll(&server, &secret).await;
    let token = paired["token"].as_str().expect("a token").to_string();
    assert_eq!(paired["screen"]["lang"], "fr");

    // Its socket gets the language on connecting and at each change.
    let mut tv = Ws::connect_to(&format!("{}?token={token}", server.ws_url()))
        .await
        .expect("the screen's socket opens");
    assert_eq!(tv.next_of("screen", WAIT).await["screen"]["lang"], "fr");
    let (status, answer) = as_admin(&server, "PATCH", &path, json!({"lang": "klingon"})).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::BAD_REQUEST, "invalid_lang"),
        "{answer}"
    );
    let (status, changed) = as_admin(&server, "PATCH", &path, json!({"lang": "en"})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["lang"], "en");
    assert_eq!(
        changed["layout"], "auto",
        "a language alone keeps what it shows"
    );
    let frame = tv.next_of("screen", WAIT).await;
    assert_eq!(frame["screen"]["lang"], "en");
    assert_eq!(frame["screen"]["tournament"], id.as_str());
    let (status, changed) = as_admin(&server, "PATCH", &path, json!({"layout": "final"})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["lang"], "en", "a new layout keeps the language");
    for layout in ["hfh", "final"] {
        let (status, changed) = as_admin(&server, "PATCH", &path, json!({"layout": layout})).await;
        assert_eq!(
            (status, &changed["layout"]),
            (StatusCode::OK, &json!(layout))
        );
    }
    let (status, changed) = as_admin(&server, "PATCH", &path, json!({"lang": ""})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["lang"], "", "empty: the browser's language");
    assert_eq!(tv.next_of("screen", WAIT).await["screen"]["lang"], "en");
    assert_eq!(tv.next_of("screen", WAIT).await["screen"]["layout"], "hfh");
    assert_eq!(
        tv.next_of("screen", WAIT).await["screen"]["layout"],
        "final"
    );
    assert_eq!(tv.next_of("screen", WAIT).await["screen"]["lang"], "");
    let (status, _) = as_admin(&server, "PATCH", &path, json!({"lang": "fr"})).await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;

    // Kept after a restart.
    let server = spawn(dir.path()).await;
    let (_, list) = as_admin(&server, "GET", "/api/v1/screens", Value::Null).await;
    assert_eq!(list[0]["lang"], "fr", "{list}");
    assert_eq!(list[0]["layout"], "final", "{list}");
    let (status, me) = send_as("GET", &server.url("/api/v1/screens/me"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["lang"], "fr");
    server.stop().await;
}

#[actix_web::test]
async fn an_expired_code_is_refused_and_a_tv_asks_for_few_codes_a_minute() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.screens.pairing_code_secs = 1;
    settings.screens.pairings_per_minute = 3;
    let server = spawn_with(settings, false).await;
    let (code, secret) = pairing_code(&server).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (status, answer) = as_admin(
        &server,
        "POST",
        "/api/v1/screens",
        json!({"code": code, "name": "Late"}),
    )
    .await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::GONE, "pairing_code_expired")
    );
    let (status, answer) = poll(&server, &secret).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::GONE, "pairing_code_expired")
    );
    let (status, answer) = poll(&server, "no-such-secret").await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::NOT_FOUND, "pairing_code_unknown")
    );
    pairing_code(&server).await;
    pairing_code(&server).await;
    let (status, answer) =
        send_as("POST", &server.url("/api/v1/screens/pairing"), None, None).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_pairings")
    );
    server.stop().await;
}

#[actix_web::test]
async fn change_frames_name_the_operator_for_floor_and_admin_logins_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Names").await;
    let floor = staff_token(&server, "Flo", "floor", "3434").await;
    let viewer = staff_token(&server, "Vic", "viewer", "1212").await;
    let mut public = Ws::connect_to(&server.ws_url()).await.expect("opens");
    let mut staff = Ws::connect_to(&format!("{}?token={floor}", server.ws_url()))
        .await
        .expect("opens");
    let mut watcher = Ws::connect_to(&format!("{}?token={viewer}", server.ws_url()))
        .await
        .expect("opens");
    for ws in [&mut public, &mut staff, &mut watcher] {
        ws.send(json!({"type": "subscribe", "tournament": id}))
            .await;
        ws.next_of("snapshot", WAIT).await;
    }
    let (status, _) = common::clock(&server, &id, json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK);
    let seen = staff.next_of("change", WAIT).await;
    assert_eq!(seen["by"], "admin", "{seen}");
    for ws in [&mut public, &mut watcher] {
        let change = ws.next_of("change", WAIT).await;
        assert_eq!(change["event"], seen["event"]);
        assert!(change.get("by").is_none(), "no operator for them: {change}");
        assert!(!change.to_string().contains("admin"), "{change}");
    }
    server.stop().await;
}

#[actix_web::test]
async fn the_phone_page_and_its_qr_code_show_no_personal_data_and_follow_the_public_setting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Phones").await;
    common::add_and_register(&server, &id, json!({"name": "Pat Player", "member_id": "M-99812", "phone": "+44 7700 900123", "email": "pat@example.com"})).await;

    let res = common::client_with(None)
        .get(server.url(&format!("/phone/{id}")))
        .send()
        .await
        .expect("answers");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get("content-type")
        .expect("a type")
        .to_str()
        .expect("text")
        .starts_with("text/html"));
    let mut res = common::client_with(None)
        .get(server.url(&format!("/api/v1/tournaments/{id}/qr.svg")))
        .send()
        .await
        .expect("answers");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get("content-type")
        .expect("a type")
        .to_str()
        .expect("text")
        .starts_with("image/svg+xml"));
    let svg = String::from_utf8(res.body().await.expect("body").to_vec()).expect("utf-8");
    assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
    let (status, answer) = send_as(
        "GET",
        &server.url(&format!(
            "/api/v1/tournaments/{}/qr.svg",
            uuid::Uuid::new_v4()
        )),
        None,
        None,
    )
    .await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::NOT_FOUND, "tournament_not_found")
    );

    // Everything the phone page reads, without a login.
    for path in ["", "/payouts", "/seating", "/results", "/entries"] {
        let path = format!("/api/v1/tournaments/{id}{path}");
        let (status, body) = send_as("GET", &server.url(&path), None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let text = body.to_string();
        for secret in ["M-99812", "900123", "pat@example.com"] {
            assert!(!text.contains(secret), "{path} shows {secret}: {text}");
        }
    }
    // Commands are refused without staff credentials.
    let (status, _) = send_as(
        "POST",
        &server.url(&format!("/api/v1/tournaments/{id}/clock")),
        Some(r#"{"action":"start"}"#),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.stop().await;

    let mut settings = common::settings(dir.path());
    settings.public.enabled = false;
    let server = spawn_with(settings, false).await;
    let (status, _) = send_as("GET", &server.url(&format!("/phone/{id}")), None, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the page is served; its data is not"
    );
    for path in ["/qr.svg", "", "/payouts"] {
        let (status, answer) = send_as(
            "GET",
            &server.url(&format!("/api/v1/tournaments/{id}{path}")),
            None,
            None,
        )
        .await;
        assert_eq!(
            (status, code_of(&answer)),
            (StatusCode::UNAUTHORIZED, "token_missing"),
            "{path}"
        );
    }
    server.stop().await;
}

#[actix_web::test]
async fn a_pin_reset_from_the_api_or_the_command_line_ends_the_operators_tokens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Reset").await;
    let floor = staff_token(&server, "Flo", "floor", "3434").await;
    let mut ws = Ws::connect_to(&format!("{}?token={floor}", server.ws_url()))
        .await
        .expect("opens");
    ws.send(json!({"type": "clock", "tournament": id, "command": {"action": "start"}}))
        .await;
    ws.next_of("done", WAIT).await;
    let (status, _) = as_admin(
        &server,
        "POST",
        "/api/v1/staff/Flo/pin",
        json!({"pin": "5656"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = send_as("GET", &server.url("/api/v1/auth/me"), None, Some(&floor)).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::UNAUTHORIZED, "token_revoked")
    );
    ws.send(json!({"type": "clock", "tournament": id, "command": {"action": "pause"}}))
        .await;
    assert_eq!(code_of(&ws.next_of("error", WAIT).await), "token_revoked");
    let fresh = common::login(&server.base, "Flo", "5656").await;
    let (status, _) = send_as("GET", &server.url("/api/v1/auth/me"), None, Some(&fresh)).await;
    assert_eq!(status, StatusCode::OK, "the new PIN's token works");
    server.stop().await;

    let settings = common::settings(dir.path());
    felt::auth::cli::reset_pin(&settings, "Flo", Some("7878".into()))
        .await
        .expect("resets");
    let server = spawn(dir.path()).await;
    let (status, answer) = send_as("GET", &server.url("/api/v1/auth/me"), None, Some(&fresh)).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::UNAUTHORIZED, "token_revoked")
    );
    common::login(&server.base, "Flo", "7878").await;
    server.stop().await;
}

#[actix_web::test]
async fn json_nested_deeper_than_the_limit_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.server.max_json_depth = 8;
    let server = spawn_with(settings, false).await;
    let deep = format!("{{\"name\":{}1{}}}", "[".repeat(20), "]".repeat(20));
    let (status, answer) =
        common::send("POST", &server.url("/api/v1/tournaments"), Some(&deep)).await;
    assert_eq!(
        (status, code_of(&answer)),
        (StatusCode::BAD_REQUEST, "json_too_deep"),
        "{answer}"
    );
    // Brackets inside strings are text, not nesting.
    let shallow = json!({"name": "[[[[[[[[[[[[[[[[[[[[", "structure": "turbo"}).to_string();
    let (status, answer) =
        common::send("POST", &server.url("/api/v1/tournaments"), Some(&shallow)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = answer["state"]["id"].as_str().expect("id").to_string();
    let mut ws = Ws::connect(&server).await;
    ws.send_text(&format!(
        "{{\"type\":\"subscribe\",\"tournament\":\"{id}\",\"x\":{}{}}}",
        "{\"a\":".repeat(20),
        "1}".repeat(20)
    ))
    .await;
    assert_eq!(code_of(&ws.next_of("error", WAIT).await), "json_too_deep");
    server.stop().await;
}

#[actix_web::test]
async fn a_key_rotation_closes_every_paired_screens_socket() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (code, secret) = pairing_code(&server).await;
    let (status, screen) = as_admin(
        &server,
        "POST",
        "/api/v1/screens",
        json!({"code": code, "name": "Hall", "layout": "overview"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{screen}");
    let (status, paired) = poll(&server, &secret).await;
    assert_eq!(status, StatusCode::OK, "{paired}");
    let token = paired["token"].as_str().expect("a token");
    let mut tv = Ws::connect_to(&format!("{}?token={token}", server.ws_url()))
        .await
        .expect("the screen connects");
    tv.next_of("screen", WAIT).await;

    let (status, rotated) = as_admin(&server, "POST", "/api/v1/auth/keys/rotate", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    assert!(
        tv.closed_within(WAIT).await,
        "the screen's socket is closed"
    );
    let (status, _) = send_as("GET", &server.url("/api/v1/screens/me"), None, Some(token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.stop().await;
}
