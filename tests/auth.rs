//! Staff and logins end to end: the first start's admin, the staff command line and API,
//! tokens (logout, key rotation, disabled operators), throttled logins, the operator in
//! every event, and the websocket's token and commands.

mod common;

use actix_web::http::StatusCode;
use common::{login, send_as, spawn, spawn_with, staff_token, Ws};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

fn felt(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_felt"))
        .args(args)
        .args(["--data-dir", dir.to_str().expect("utf-8 path")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("writes");
    }
    drop(input);
    child.wait_with_output().expect("runs")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

async fn me(server: &common::TestServer, token: &str) -> (StatusCode, Value) {
    send_as("GET", &server.url("/api/v1/auth/me"), None, Some(token)).await
}

#[actix_web::test]
async fn the_first_start_creates_an_admin_whose_one_time_pin_logs_in_and_only_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = common::settings(dir.path());
    let app = felt::startup::Application::build(settings.clone(), false)
        .await
        .expect("builds");
    let first = app.first_admin.clone().expect("an admin on first start");
    assert_eq!(first.name, "admin");
    assert_eq!(first.pin.len(), 6);
    assert!(first.pin.chars().all(|c| c.is_ascii_digit()));
    let stop = app.stopper();
    let base = format!("http://{}", app.addr());
    let task = actix_web::rt::spawn(app.run_until_stopped());
    let token = login(&base, "admin", &first.pin).await;
    let (status, who) = send_as("GET", &format!("{base}/api/v1/auth/me"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(who["role"], "admin");
    stop.notify_one();
    task.await.expect("joins").expect("stops");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("auth.key"))
            .expect("the key is in the data dir")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads the key");
    }
    let again = felt::startup::Application::build(settings, false)
        .await
        .expect("builds");
    assert!(
        again.first_admin.is_none(),
        "the PIN is made and shown once"
    );
    let stop = again.stopper();
    let base = format!("http://{}", again.addr());
    let task = actix_web::rt::spawn(again.run_until_stopped());
    let (status, _) = send_as("GET", &format!("{base}/api/v1/auth/me"), None, Some(&token)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the key and the token survive a restart"
    );
    stop.notify_one();
    task.await.expect("joins").expect("stops");
}

#[actix_web::test]
async fn the_first_start_prints_the_pin_on_the_console_and_never_in_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_felt"))
        .args([
            "--data-dir",
            dir.path().to_str().expect("utf-8"),
            "--bind",
            "127.0.0.1:0",
        ])
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let mut seen = Vec::new();
    let pin = loop {
        let line = lines.next().expect("a line").expect("utf-8");
        seen.push(line.clone());
        if let Some(rest) = line.split("with the PIN ").nth(1) {
            break rest.trim().to_string();
        }
    };
    for line in lines.by_ref() {
        let line = line.expect("utf-8");
        let done = line.contains("listening");
        seen.push(line);
        if done {
            break;
        }
    }
    child.kill().expect("kill");
    child.wait().expect("reaped");
    let with_pin: Vec<_> = seen.iter().filter(|l| l.contains(&pin)).collect();
    assert_eq!(with_pin.len(), 1, "the PIN is shown once: {seen:#?}");
    assert!(
        seen.iter().any(|l| l.contains("felt staff reset-pin")),
        "says how to change it"
    );
}

#[actix_web::test]
async fn staff_are_managed_from_the_command_line_with_the_server_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let add = felt(
        &["staff", "add", "Bea", "--role", "floor"],
        dir.path(),
        None,
    );
    assert!(add.status.success(), "{}", out(&add));
    let text = String::from_utf8_lossy(&add.stdout).to_string();
    let pin = text
        .split("PIN: ")
        .nth(1)
        .expect("prints the PIN")
        .split(' ')
        .next()
        .expect("pin")
        .to_string();
    let add = felt(
        &["staff", "add", "Cy", "--role", "viewer", "--pin-stdin"],
        dir.path(),
        Some("cy-pin-1\n"),
    );
    assert!(add.status.success(), "{}", out(&add));
    assert!(!out(&add).contains("cy-pin-1"), "a PIN read is not echoed");
    let twice = felt(
        &["staff", "add", "bea", "--role", "admin"],
        dir.path(),
        None,
    );
    assert!(!twice.status.success(), "names are unique in any case");
    let bad_role = felt(&["staff", "add", "Di", "--role", "boss"], dir.path(), None);
    assert!(!bad_role.status.success());
    let list = felt(&["staff", "list"], dir.path(), None);
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(
        listed.contains("Bea") && listed.contains("floor") && listed.contains("Cy"),
        "{listed}"
    );
    assert!(
        !listed.contains(&pin) && !listed.contains("argon2"),
        "no PIN or hash listed"
    );

    let server = spawn(dir.path()).await;
    let refused = felt(&["staff", "disable", "Cy"], dir.path(), None);
    assert!(!refused.status.success(), "refused while the server runs");
    assert!(out(&refused).contains("/api/v1/staff"), "{}", out(&refused));
    login(&server.base, "bea", &pin).await;
    let cy = login(&server.base, "Cy", "cy-pin-1").await;
    server.stop().await;

    let reset = felt(&["staff", "reset-pin", "Bea"], dir.path(), None);
    assert!(reset.status.success(), "{}", out(&reset));
    let new_pin = String::from_utf8_lossy(&reset.stdout)
        .split("Bea: ")
        .nth(1)
        .expect("new PIN")
        .split(' ')
        .next()
        .expect("pin")
        .to_string();
    let disable = felt(&["staff", "disable", "Cy"], dir.path(), None);
    assert!(disable.status.success(), "{}", out(&disable));
    let server = spawn(dir.path()).await;
    login(&server.base, "Bea", &new_pin).await;
    let (status, _) = send_as(
        "POST",
        &server.url("/api/v1/auth/login"),
        Some(&json!({"name": "Bea", "pin": pin}).to_string()),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old PIN no longer works"
    );
    let (status, _) = send_as(
        "POST",
        &server.url("/api/v1/auth/login"),
        Some(&json!({"name": "Cy", "pin": "cy-pin-1"}).to_string()),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a disabled operator cannot log in"
    );
    let (status, body) = me(&server, &cy).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "nor use an old token");
    assert_eq!(body["error"]["code"], "token_revoked");
    server.stop().await;
}

#[actix_web::test]
async fn keys_rotate_refuses_every_token_issued_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let floor = staff_token(&server, "Flo", "floor", "1111").await;
    let old_admin = server.admin_token.clone();
    let (status, body) = send_as(
        "POST",
        &server.url("/api/v1/auth/keys/rotate"),
        None,
        Some(&old_admin),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for token in [&floor, &old_admin] {
        let (status, body) = me(&server, token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["code"], "token_invalid");
    }
    let fresh = login(&server.base, "Flo", "1111").await;
    assert_eq!(me(&server, &fresh).await.0, StatusCode::OK);
    server.stop().await;

    let rotate = felt(&["keys", "rotate"], dir.path(), None);
    assert!(rotate.status.success(), "{}", out(&rotate));
    let server = spawn(dir.path()).await;
    assert_eq!(
        me(&server, &fresh).await.0,
        StatusCode::UNAUTHORIZED,
        "felt keys rotate too"
    );
    server.stop().await;
}

#[actix_web::test]
async fn logout_revokes_the_token_even_after_a_restart_and_switching_user_is_a_login() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let ann = staff_token(&server, "Ann", "floor", "2222").await;
    let bob = staff_token(&server, "Bob", "viewer", "3333").await;
    let (_, who) = me(&server, &bob).await;
    assert_eq!(who["name"], "Bob");
    let (status, _) = send_as("POST", &server.url("/api/v1/auth/logout"), None, Some(&ann)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = me(&server, &ann).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "token_revoked");
    assert_eq!(
        me(&server, &bob).await.0,
        StatusCode::OK,
        "other sessions go on"
    );
    server.stop().await;
    let server = spawn(dir.path()).await;
    assert_eq!(
        me(&server, &ann).await.0,
        StatusCode::UNAUTHORIZED,
        "still revoked"
    );
    server.stop().await;
}

#[actix_web::test]
async fn failed_logins_lock_out_the_name_and_the_address_for_a_growing_while() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.auth.max_failures = 3;
    settings.auth.lockout_secs = 1;
    settings.auth.max_lockout_secs = 60;
    let server = spawn_with(settings, false).await;
    staff_token(&server, "Eve", "floor", "5555").await;
    let try_login = |pin: &'static str| {
        let url = server.url("/api/v1/auth/login");
        async move {
            send_as(
                "POST",
                &url,
                Some(&json!({"name": "Eve", "pin": pin}).to_string()),
                None,
            )
            .await
        }
    };
    for _ in 0..3 {
        assert_eq!(try_login("0000").await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = try_login("5555").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked out, even with the right PIN: {body}"
    );
    assert_eq!(body["error"]["code"], "too_many_attempts");
    // Another name from the same address is locked out too (the address counts).
    let (status, _) = send_as(
        "POST",
        &server.url("/api/v1/auth/login"),
        Some(&json!({"name": "admin", "pin": common::ADMIN_PIN}).to_string()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    // One more failure after the lockout doubles it.
    assert_eq!(try_login("0000").await.0, StatusCode::UNAUTHORIZED);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        try_login("5555").await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "2 s this time"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(try_login("5555").await.0, StatusCode::OK);
    server.stop().await;
}

#[actix_web::test]
async fn guesses_sent_in_parallel_do_not_outrun_the_lockout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.auth.max_failures = 3;
    settings.server.workers = 2;
    let server = spawn_with(settings, false).await;
    staff_token(&server, "Eve", "floor", "5555").await;
    let url = server.url("/api/v1/auth/login");
    let guesses = (0..12).map(|i| {
        let url = url.clone();
        async move {
            let body = json!({"name": "Eve", "pin": format!("{i:04}")}).to_string();
            send_as("POST", &url, Some(&body), None).await.0
        }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(checked <= 3, "{checked} PINs were checked: {answers:?}");
    assert!(answers
        .iter()
        .all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS));
    server.stop().await;
}

#[actix_web::test]
async fn every_event_records_the_operator_who_caused_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Audit").await;
    let flo = staff_token(&server, "Flo", "floor", "1234").await;
    let (status, _) = send_as(
        "POST",
        &server.url(&format!("/api/v1/tournaments/{id}/clock")),
        Some(r#"{"action":"start"}"#),
        Some(&flo),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, log) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/events"))).await;
    assert_eq!(log[0]["by"], "admin");
    assert_eq!(log[1]["by"], "Flo");
    // The floor may not change what only the director may.
    let (status, body) = send_as(
        "POST",
        &server.url(&format!("/api/v1/tournaments/{id}/finish")),
        None,
        Some(&flo),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = send_as(
        "POST",
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        Some(r#"{"action":"close_registration"}"#),
        Some(&flo),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    server.stop().await;
}

#[actix_web::test]
async fn the_staff_api_adds_changes_and_disables_operators_but_never_the_last_admin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, added) = common::post(
        &server.url("/api/v1/staff"),
        json!({"name": "Gus", "role": "viewer"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let pin = added["pin"]
        .as_str()
        .expect("a generated PIN, once")
        .to_string();
    let gus = login(&server.base, "Gus", &pin).await;
    let (status, _) = common::send(
        "PATCH",
        &server.url("/api/v1/staff/Gus"),
        Some(r#"{"role":"floor"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, who) = me(&server, &gus).await;
    assert_eq!(
        who["role"], "viewer",
        "a promotion counts from the next login"
    );
    let (status, _) = common::send(
        "PATCH",
        &server.url("/api/v1/staff/Gus"),
        Some(r#"{"disabled":true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        me(&server, &gus).await.0,
        StatusCode::UNAUTHORIZED,
        "disabled at once"
    );
    let (status, body) = common::send(
        "PATCH",
        &server.url("/api/v1/staff/admin"),
        Some(r#"{"disabled":true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, list) = common::get(&server.url("/api/v1/staff")).await;
    assert!(!list.to_string().contains("argon2"), "{list}");
    let (status, _) = common::post(
        &server.url("/api/v1/staff"),
        json!({"name": "gus", "role": "viewer"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    server.stop().await;
}

#[actix_web::test]
async fn a_websocket_command_is_authorized_like_the_same_http_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Socket").await;
    let viewer = staff_token(&server, "Vic", "viewer", "1212").await;
    let floor = staff_token(&server, "Flo", "floor", "3434").await;
    common::set_token(None);
    let mut ws = Ws::connect(&server).await;
    let start = json!({"type": "clock", "tournament": id, "command": {"action": "start"}});
    ws.send(start.clone()).await;
    assert_eq!(
        ws.next_of("error", WAIT).await["error"]["code"],
        "token_missing"
    );
    ws.send(json!({"type": "auth", "token": viewer})).await;
    assert_eq!(ws.next_of("authenticated", WAIT).await["role"], "viewer");
    ws.send(start.clone()).await;
    assert_eq!(
        ws.next_of("error", WAIT).await["error"]["code"],
        "forbidden"
    );
    ws.send(json!({"type": "auth", "token": "forged"})).await;
    assert_eq!(
        ws.next_of("error", WAIT).await["error"]["code"],
        "token_invalid"
    );
    ws.send(json!({"type": "auth", "token": floor})).await;
    ws.next_of("authenticated", WAIT).await;
    ws.send(start.clone()).await;
    assert_eq!(ws.next_of("done", WAIT).await["seq"], 2);
    // Logged out elsewhere: the session's write rights end at once.
    let (status, _) = send_as(
        "POST",
        &server.url("/api/v1/auth/logout"),
        None,
        Some(&floor),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    ws.send(json!({"type": "clock", "tournament": id, "command": {"action": "pause"}}))
        .await;
    assert_eq!(
        ws.next_of("error", WAIT).await["error"]["code"],
        "token_revoked"
    );
    // Reads stay allowed (public views are on).
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    assert_eq!(
        ws.next_of("snapshot", WAIT).await["state"]["clock"]["running"],
        true
    );

    // A token in the query string works as well; a bad one is refused at the door.
    let (_, conn) = common::client_with(None)
        .ws(format!("{}?token={}", server.ws_url(), server.admin_token))
        .connect()
        .await
        .expect("connects with ?token=");
    drop(conn);
    let refused = common::client_with(None)
        .ws(format!("{}?token=forged", server.ws_url()))
        .connect()
        .await;
    assert!(refused.is_err(), "a bad token in the query is refused");
    server.stop().await;
}

#[actix_web::test]
async fn with_public_views_off_a_socket_needs_a_login_to_subscribe() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.public.enabled = false;
    let server = spawn_with(settings, false).await;
    let id = common::create(&server, "Closed").await;
    let viewer = staff_token(&server, "Vic", "viewer", "1212").await;
    common::set_token(None);
    let mut ws = Ws::connect(&server).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    assert_eq!(
        ws.next_of("error", WAIT).await["error"]["code"],
        "token_missing"
    );
    ws.send(json!({"type": "auth", "token": viewer})).await;
    ws.next_of("authenticated", WAIT).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    ws.next_of("snapshot", WAIT).await;
    server.stop().await;
}

#[actix_web::test]
async fn a_socket_that_sends_too_fast_is_told_and_its_extra_frames_are_ignored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.ws.max_frames_per_sec = 5;
    let server = spawn_with(settings, false).await;
    let id = common::create(&server, "Flood").await;
    let mut ws = Ws::connect(&server).await;
    let mut sent = 0;
    for _ in 0..30 {
        ws.send(json!({"type": "unsubscribe", "tournament": id}))
            .await;
        sent += 1;
    }
    let frame = ws.next_of("error", WAIT).await;
    assert_eq!(
        frame["error"]["code"], "rate_limited",
        "after {sent} frames"
    );
    assert!(
        ws.next(Duration::from_millis(300)).await.is_none(),
        "told once per burst"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    ws.send(json!({"type": "subscribe", "tournament": id}))
        .await;
    ws.next_of("snapshot", WAIT).await;
    server.stop().await;
}

#[actix_web::test]
async fn cors_is_closed_unless_an_origin_is_configured() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let res = common::client_with(None)
        .get(server.url("/api/v1/tournaments"))
        .insert_header(("origin", "http://evil.example"))
        .send()
        .await
        .expect("answers");
    assert!(res.headers().get("access-control-allow-origin").is_none());
    assert_eq!(
        res.headers().get("x-frame-options").expect("no framing"),
        "DENY"
    );
    assert_eq!(
        res.headers()
            .get("x-content-type-options")
            .expect("no sniffing"),
        "nosniff"
    );
    server.stop().await;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.cors.allowed_origins = vec!["http://results.example".into()];
    let server = spawn_with(settings, false).await;
    let res = common::client_with(None)
        .get(server.url("/api/v1/tournaments"))
        .insert_header(("origin", "http://results.example"))
        .send()
        .await
        .expect("answers");
    assert_eq!(
        res.headers()
            .get("access-control-allow-origin")
            .expect("allowed"),
        "http://results.example"
    );
    let res = common::client_with(None)
        .get(server.url("/api/v1/tournaments"))
        .insert_header(("origin", "http://evil.example"))
        .send()
        .await
        .expect("answers");
    assert!(res.headers().get("access-control-allow-origin").is_none());
    server.stop().await;
}

/// Sends a keep-alive GET on an open connection and reads the status line.
fn status_on(conn: &mut std::net::TcpStream) -> String {
    use std::io::{BufRead, BufReader, Read};
    conn.write_all(b"GET /api/v1/structures HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("sends");
    let mut reader = BufReader::new(conn);
    let mut status = String::new();
    reader.read_line(&mut status).expect("reads");
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("reads");
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().expect("a length");
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("the body");
    status.trim().to_string()
}

#[actix_web::test]
async fn connections_beyond_the_per_address_limit_get_one_503_and_are_closed_until_one_frees() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.server.max_connections_per_ip = 3;
    let server = spawn_with(settings, false).await;
    let addr = server.addr;
    let (served, refused, after) = actix_web::rt::task::spawn_blocking(move || {
        // The test's own login may still hold a pooled connection: count what is served.
        let mut open = Vec::new();
        let mut refused = None;
        for _ in 0..6 {
            let mut conn = std::net::TcpStream::connect(addr).expect("connects");
            let status = status_on(&mut conn);
            if status.contains("200") {
                open.push(conn);
            } else {
                // The server closes it after that one answer.
                use std::io::Read;
                conn.set_read_timeout(Some(Duration::from_secs(3)))
                    .expect("timeout");
                let mut rest = [0u8; 16];
                let closed = match conn.read(&mut rest) {
                    Ok(n) => n == 0,
                    Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
                };
                refused = Some((status, closed));
                break;
            }
        }
        let served = open.len();
        drop(open.pop());
        std::thread::sleep(Duration::from_millis(300));
        let mut again = std::net::TcpStream::connect(addr).expect("connects");
        (served, refused, status_on(&mut again))
    })
    .await
    .expect("runs");
    assert!(
        (2..=3).contains(&served),
        "{served} connections served at once"
    );
    assert!(
        refused
            .as_ref()
            .is_some_and(|(s, closed)| s.contains("503") && *closed),
        "a 503, then the connection closed: {refused:?}"
    );
    assert!(
        after.contains("200"),
        "a closed connection frees its place: {after}"
    );
    server.stop().await;
}
