//! Shared by the end-to-end tests: a real server (the same `Application::build` main
//! uses) on 127.0.0.1:0 with a temp data dir, a real HTTP client and a real websocket
//! client. Each test binary uses a part of it.
#![allow(dead_code)]

pub mod rng;

use actix_web::http::StatusCode;
use awc::ws;
use felt::config::Settings;
use felt::startup::Application;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The PIN of the `admin` operator every test server has (see `ensure_admin`).
pub const ADMIN: &str = "admin";
pub const ADMIN_PIN: &str = "test-admin-pin";

thread_local! {
    /// The admin token of the server this test thread started last: `client()` sends it,
    /// so the tests written before logins existed act as the director.
    static TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The token `client()` sends on this thread (None: no `Authorization` header).
pub fn set_token(token: Option<String>) {
    TOKEN.with(|t| *t.borrow_mut() = token);
}

pub fn current_token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
}

/// Gives the data directory an `admin` operator with `ADMIN_PIN` (creating the database
/// if needed), as `felt staff` would with the server stopped. Does nothing while a server
/// holds the directory.
pub async fn ensure_admin(settings: &Settings) {
    use felt::auth::{cli, verify_pin, Role};
    let pin = Some(ADMIN_PIN.to_string());
    // A PIN reset ends the admin's tokens: only when the PIN is not the test one already.
    if let Ok(staff) = cli::list(settings).await {
        if staff
            .iter()
            .any(|m| m.name == ADMIN && verify_pin(ADMIN_PIN, &m.pin_hash))
        {
            return;
        }
    }
    if cli::reset_pin(settings, ADMIN, pin.clone()).await.is_err() {
        let _ = cli::add(settings, ADMIN, Role::Admin, pin).await;
    }
}

/// Logs in over HTTP and returns the token.
pub async fn login(base: &str, name: &str, pin: &str) -> String {
    let (status, body) = send_as(
        "POST",
        &format!("{base}/api/v1/auth/login"),
        Some(&serde_json::json!({"name": name, "pin": pin}).to_string()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "login of {name}: {body}");
    body["token"].as_str().expect("a token").to_string()
}

/// Adds an operator with `role` and PIN `pin` (as the admin) and returns their token.
pub async fn staff_token(server: &TestServer, name: &str, role: &str, pin: &str) -> String {
    let (status, body) = send_as(
        "POST",
        &server.url("/api/v1/staff"),
        Some(&serde_json::json!({"name": name, "role": role, "pin": pin}).to_string()),
        Some(&server.admin_token),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "adds {name}: {body}");
    login(&server.base, name, pin).await
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub base: String,
    pub demo: Option<felt_domain::TournamentId>,
    /// A token of the `admin` operator (also sent by `client()` on this thread).
    pub admin_token: String,
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

pub fn settings(dir: &Path) -> Settings {
    let mut s = Settings::load(None).expect("defaults");
    s.server.bind = "127.0.0.1:0".parse().expect("addr");
    s.server.workers = 1;
    s.server.shutdown_timeout_secs = 2;
    s.data.dir = dir.to_path_buf();
    s
}

/// Starts the real application on a free port over `dir`.
pub async fn spawn(dir: &Path) -> TestServer {
    spawn_with(settings(dir), false).await
}

pub async fn spawn_with(settings: Settings, demo: bool) -> TestServer {
    ensure_admin(&settings).await;
    let app = Application::build(settings, demo)
        .await
        .expect("server builds");
    let addr = app.addr();
    let demo = app.demo;
    let stop = app.stopper();
    let task = actix_web::rt::spawn(app.run_until_stopped());
    let base = format!("http://{addr}");
    let admin_token = login(&base, ADMIN, ADMIN_PIN).await;
    set_token(Some(admin_token.clone()));
    TestServer {
        addr,
        base,
        demo,
        admin_token,
        stop,
        task,
    }
}

impl TestServer {
    /// Stops it as SIGTERM would, and waits until the database is closed.
    pub async fn stop(self) {
        self.stop.notify_one();
        self.task.await.expect("joins").expect("stops cleanly");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }
}

/// An HTTP client that sends this thread's admin token (see `set_token`).
pub fn client() -> awc::Client {
    client_with(current_token().as_deref())
}

/// An HTTP client sending `token` as a bearer token, or no `Authorization` at all.
pub fn client_with(token: Option<&str>) -> awc::Client {
    let builder = awc::Client::builder().timeout(Duration::from_secs(10));
    match token {
        Some(t) => builder
            .add_default_header(("authorization", format!("Bearer {t}")))
            .finish(),
        None => builder.finish(),
    }
}

/// Sends `body` (raw text, so tests can send malformed JSON) and reads the JSON answer.
pub async fn send(method: &str, url: &str, body: Option<&str>) -> (StatusCode, Value) {
    send_as(method, url, body, current_token().as_deref()).await
}

/// `send` with this token, or none.
pub async fn send_as(
    method: &str,
    url: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> (StatusCode, Value) {
    let c = client_with(token);
    let req = match method {
        "GET" => c.get(url),
        "POST" => c.post(url),
        "PUT" => c.put(url),
        "DELETE" => c.delete(url),
        "PATCH" => c.patch(url),
        other => panic!("method {other}"),
    };
    let mut res = match body {
        Some(b) => req
            .insert_header(("content-type", "application/json"))
            .send_body(b.to_string())
            .await
            .expect("request"),
        None => req.send().await.expect("request"),
    };
    let status = res.status();
    let bytes = res.body().limit(10 << 20).await.expect("body");
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, value)
}

pub async fn get(url: &str) -> (StatusCode, Value) {
    send("GET", url, None).await
}

pub async fn post(url: &str, body: Value) -> (StatusCode, Value) {
    send("POST", url, Some(&body.to_string())).await
}

/// Creates a tournament on the turbo structure and returns its id.
pub async fn create(server: &TestServer, name: &str) -> String {
    let (status, body) = post(
        &server.url("/api/v1/tournaments"),
        serde_json::json!({"name": name, "structure": "turbo"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["state"]["id"].as_str().expect("id").to_string()
}

/// Adds the tables `ids` (nine seats each) to the venue's pool.
pub async fn add_venue_tables(server: &TestServer, ids: std::ops::RangeInclusive<u32>) {
    for table in ids {
        let (status, body) = post(
            &server.url("/api/v1/tables"),
            serde_json::json!({"id": table, "seats": 9}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "table {table}: {body}");
    }
}

/// Gives tournament `id` tables from the venue's pool: `{"count": n}` or
/// `{"tables": [ids]}`.
pub async fn give_tables(server: &TestServer, id: &str, which: Value) {
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{id}/tables")),
        which,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "gives tables: {body}");
}

/// Adds `player` (the body of `POST /players`) to the venue and registers them in
/// tournament `id`; the player's id.
pub async fn add_and_register(server: &TestServer, id: &str, player: Value) -> String {
    let (status, added) = post(&server.url("/api/v1/players"), player).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let pid = added["player"]["id"].as_str().expect("id").to_string();
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        serde_json::json!({"action": "register", "player": pid}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    pid
}

pub async fn clock(server: &TestServer, id: &str, action: Value) -> (StatusCode, Value) {
    post(
        &server.url(&format!("/api/v1/tournaments/{id}/clock")),
        action,
    )
    .await
}

/// A websocket client reading JSON frames.
pub struct Ws {
    conn: actix_codec::Framed<awc::BoxedSocket, ws::Codec>,
}

impl Ws {
    pub async fn connect(server: &TestServer) -> Ws {
        let (_, conn) = client()
            .ws(server.ws_url())
            .max_frame_size(1 << 20)
            .connect()
            .await
            .expect("websocket connects");
        Ws { conn }
    }

    /// Connects to `url` (a `?token=` in it, say) with no `Authorization` header; `None`
    /// when the server refuses the upgrade.
    pub async fn connect_to(url: &str) -> Option<Ws> {
        let (_, conn) = client_with(None)
            .ws(url)
            .max_frame_size(1 << 20)
            .connect()
            .await
            .ok()?;
        Some(Ws { conn })
    }

    /// Whether the server closes the socket within `wait` (frames before it are skipped).
    pub async fn closed_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.conn.next()).await {
                Err(_) => return false,
                Ok(None) | Ok(Some(Err(_))) | Ok(Some(Ok(ws::Frame::Close(_)))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    pub async fn send(&mut self, value: Value) {
        self.conn
            .send(ws::Message::Text(value.to_string().into()))
            .await
            .expect("sends");
    }

    pub async fn send_text(&mut self, text: &str) {
        self.conn
            .send(ws::Message::Text(text.to_string().into()))
            .await
            .expect("sends");
    }

    /// The next JSON frame that is not a heartbeat, within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.conn.next())
                .await
                .ok()??;
            match frame.ok()? {
                ws::Frame::Text(bytes) => {
                    let v: Value = serde_json::from_slice(&bytes).expect("server sends JSON");
                    if v["type"] != "heartbeat" {
                        return Some(v);
                    }
                }
                ws::Frame::Close(_) => return None,
                ws::Frame::Ping(p) => {
                    let _ = self.conn.send(ws::Message::Pong(p)).await;
                }
                _ => {}
            }
        }
    }

    /// Waits for the next frame of `kind` (skipping others).
    pub async fn next_of(&mut self, kind: &str, wait: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let v = self
                .next(left)
                .await
                .unwrap_or_else(|| panic!("no {kind} frame within {wait:?}"));
            if v["type"] == kind {
                return v;
            }
        }
    }
}
