//! Fuzzing the websocket end to end: generated frames (mutated subscribe frames, random
//! JSON, extreme numbers, deep nesting, long strings, binary, empty, fragmented, control
//! frames) and raw frames that break the protocol (bad UTF-8, reserved bits, unknown
//! opcodes, unmasked, oversized). The server answers what it cannot read with an `error`
//! frame and keeps the socket, closes it only on a protocol violation, never crashes,
//! unregisters every socket it closes, and a fresh socket still gets its snapshot.
//!
//! The generator is a seeded xorshift, so every run sends the same frames.

mod common;

use actix_codec::Framed;
use actix_web::web::Bytes;
use awc::ws;
use awc::BoxedSocket;
use common::rng::Rng;
use common::TestServer;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::pin::Pin;
use std::time::{Duration, Instant};

/// Largest frame the server reads (config/default.toml `ws.max_frame_bytes`).
const MAX_FRAME: usize = 16_384;
/// How long an answer may take before it counts as a hang.
const WAIT: Duration = Duration::from_secs(3);

const TYPES: &[&str] = &[
    "subscribe",
    "unsubscribe",
    "subscribe_venue",
    "unsubscribe_venue",
    "Subscribe",
    "snapshot",
    "error",
    "",
];

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1e999",
    "-1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "1.5",
    "123456789012345678901234567890",
];

fn scalar(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => rng.pick(&["null", "true", "false"]).to_string(),
        1 => rng.pick(NUMBERS).to_string(),
        2 => format!("\"{}\"", rng.pick(TYPES)),
        3 => rng
            .pick(&[
                r#""""#,
                r#""\u0000""#,
                r#""\ud800""#,
                r#""é日本🂡""#,
                r#""00000000-0000-0000-0000-000000000000""#,
            ])
            .to_string(),
        _ => format!("\"{}\"", "z".repeat(rng.below(3000))),
    }
}

fn value(rng: &mut Rng, depth: u32) -> String {
    match if depth > 3 { 0 } else { rng.below(3) } {
        0 => scalar(rng),
        1 => {
            let items: Vec<String> = (0..rng.below(4)).map(|_| value(rng, depth + 1)).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let fields: Vec<String> = (0..rng.below(4))
                .map(|_| {
                    let key = *rng.pick(&["type", "tournament", "extra", "seq", ""]);
                    format!("\"{key}\":{}", value(rng, depth + 1))
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
    }
}

/// The ways a client may spell a tournament id, right or wrong.
fn tournament(rng: &mut Rng, id: &str) -> String {
    let simple = id.replace('-', "");
    match rng.below(10) {
        0..=2 => format!("\"{id}\""),
        3 => format!("\"{}\"", id.to_uppercase()),
        4 => format!("\"{{{id}}}\""),
        5 => format!("\"urn:uuid:{id}\""),
        6 => format!("\"{simple}\""),
        7 => "\"6f1c2a4e-0000-4000-8000-000000000001\"".to_string(),
        8 => format!("\"{}\"", &id[..id.len() - 1]),
        _ => value(rng, 1),
    }
}

/// A text frame: a valid one, a mutated valid one, or anything at all.
fn text_frame(rng: &mut Rng, id: &str) -> String {
    let kind = *rng.pick(TYPES);
    let mut fields = vec![format!("\"type\":\"{kind}\"")];
    if kind.ends_with("subscribe") || rng.chance(20) {
        fields.push(format!("\"tournament\":{}", tournament(rng, id)));
    }
    match rng.below(12) {
        0..=2 => format!("{{{}}}", fields.join(",")),
        3 => {
            fields.push(format!("\"extra\":{}", value(rng, 1)));
            format!("{{{}}}", fields.join(","))
        }
        4 => {
            fields.reverse();
            fields.push(format!("\"type\":{}", scalar(rng)));
            format!("{{{}}}", fields.join(","))
        }
        5 => value(rng, 0),
        6 => {
            let n = *rng.pick(&[129, 1_000, 5_000, 8_000]);
            match rng.below(3) {
                0 => "[".repeat(n),
                1 => format!(r#"{{"type":"subscribe","tournament":{}}}"#, "[".repeat(n)),
                _ => format!("{}1{}", r#"{"type":"#.repeat(n / 8), "}".repeat(n / 8)),
            }
        }
        7 => String::new(),
        8 => format!(
            "{} {}",
            format_args!("{{{}}}", fields.join(",")),
            value(rng, 1)
        ),
        9 => format!(
            r#"{{"type":"subscribe","tournament":"{}"}}"#,
            "a".repeat(*rng.pick(&[100, 10_000, MAX_FRAME - 100]))
        ),
        _ => {
            // Byte edits of a valid frame, kept as text.
            let mut chars: Vec<char> = format!("{{{}}}", fields.join(",")).chars().collect();
            for _ in 0..=rng.below(4) {
                if chars.is_empty() {
                    break;
                }
                let at = rng.below(chars.len());
                match rng.below(3) {
                    0 => {
                        chars.remove(at);
                    }
                    1 => chars.insert(at, *rng.pick(&['{', '}', '"', ':', ',', '\\', '0', 'é'])),
                    _ => chars[at] = char::from(b' ' + rng.below(95) as u8),
                }
            }
            chars.into_iter().collect()
        }
    }
}

// ---------------------------------------------------------------------------------------
// A client that can also write raw bytes

struct Client {
    conn: Framed<BoxedSocket, ws::Codec>,
}

/// What the server sent next.
#[derive(Debug)]
enum Heard {
    Json(Value),
    Pong,
    Closed(Option<ws::CloseReason>),
    /// A frame that is not JSON text, or a broken stream.
    Bad(String),
    Nothing,
}

impl Client {
    async fn connect(server: &TestServer) -> Client {
        let (_, conn) = common::client()
            .ws(server.ws_url())
            .max_frame_size(1 << 20)
            .connect()
            .await
            .expect("websocket connects");
        Client { conn }
    }

    async fn send(&mut self, message: ws::Message) -> Result<(), String> {
        self.conn.send(message).await.map_err(|e| e.to_string())
    }

    /// Writes bytes as they are, under the codec (for frames it would refuse to build).
    async fn send_raw(&mut self, bytes: &[u8]) -> Result<(), String> {
        use actix_codec::AsyncWrite;
        let io = self.conn.io_mut();
        let mut written = 0;
        while written < bytes.len() {
            let n = std::future::poll_fn(|cx| Pin::new(&mut *io).poll_write(cx, &bytes[written..]))
                .await
                .map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the socket takes no more".into());
            }
            written += n;
        }
        std::future::poll_fn(|cx| Pin::new(&mut *io).poll_flush(cx))
            .await
            .map_err(|e| e.to_string())
    }

    /// The next frame that is not a heartbeat (answering the server's pings).
    async fn next(&mut self, wait: Duration) -> Heard {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.conn.next()).await {
                Err(_) => return Heard::Nothing,
                Ok(None) => return Heard::Closed(None),
                Ok(Some(Err(e))) => return Heard::Bad(format!("stream error: {e}")),
                Ok(Some(Ok(frame))) => frame,
            };
            match frame {
                ws::Frame::Text(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                    Ok(v) if v["type"] == "heartbeat" => {}
                    Ok(v) => return Heard::Json(v),
                    Err(_) => return Heard::Bad(format!("not JSON: {bytes:?}")),
                },
                ws::Frame::Ping(p) => {
                    let _ = self.conn.send(ws::Message::Pong(p)).await;
                }
                ws::Frame::Pong(_) => return Heard::Pong,
                ws::Frame::Close(reason) => return Heard::Closed(reason),
                other => return Heard::Bad(format!("unexpected frame {other:?}")),
            }
        }
    }
}

/// A client frame as it goes on the wire: masked (unless `masked` is false), with the
/// given first byte (FIN, RSV bits, opcode) and length encoding.
fn raw_frame(first: u8, payload: &[u8], masked: bool, claimed_len: Option<u64>) -> Vec<u8> {
    let mut out = vec![first];
    let mask_bit = if masked { 0x80 } else { 0 };
    let len = claimed_len.unwrap_or(payload.len() as u64);
    if len < 126 {
        out.push(mask_bit | len as u8);
    } else if len <= u64::from(u16::MAX) {
        out.push(mask_bit | 126);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(mask_bit | 127);
        out.extend_from_slice(&len.to_be_bytes());
    }
    let key = [0x37, 0xfa, 0x21, 0x3d];
    if masked {
        out.extend_from_slice(&key);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
    } else {
        out.extend_from_slice(payload);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Judging what comes back

#[derive(Default)]
struct Findings {
    sent: usize,
    errors: usize,
    closes: usize,
    problems: Vec<String>,
}

impl Findings {
    fn problem(&mut self, frame: &str, what: String) {
        if self.problems.len() < 40 {
            self.problems.push(format!("{frame}: {what}"));
        }
    }
}

fn preview(text: &str) -> String {
    let mut out: String = text.chars().take(120).collect();
    if text.len() > 120 {
        out.push_str(&format!("…({} bytes)", text.len()));
    }
    out
}

const SERVER_TYPES: &[&str] = &[
    "snapshot",
    "change",
    "venue",
    "venue_change",
    "heartbeat",
    "error",
];

/// A frame the server sends must be one of the documented ones; errors carry a code and
/// a message.
fn check_server_frame(v: &Value) -> Result<(), String> {
    let kind = v["type"].as_str().unwrap_or_default();
    if !SERVER_TYPES.contains(&kind) {
        return Err(format!("undocumented frame {v}"));
    }
    if kind == "error" {
        let code_ok = v["error"]["code"].as_str().is_some_and(|c| {
            !c.is_empty() && c.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
        let message_ok = v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty());
        if !code_ok || !message_ok {
            return Err(format!("malformed error frame {v}"));
        }
    }
    Ok(())
}

/// What one fuzzed frame should get back before the probe sent after it is answered.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// An `error` frame (unreadable text, binary, continuation).
    Error,
    /// Whatever the protocol says: a valid frame (its answer may come later), or a
    /// subscription to a tournament that does not exist.
    Anything,
    /// A pong with the same payload.
    Pong,
    /// The server closes the socket (a protocol violation or a close frame).
    Close,
}

/// Sends a probe that the server cannot read and waits for its `error` answer; every
/// frame before it belongs to the frame under test. Returns what came before, or why the
/// probe was not answered.
async fn answer_to(client: &mut Client, n: u64) -> Result<Vec<Heard>, Vec<Heard>> {
    let tag = format!("probe-{n}");
    let mut before = Vec::new();
    if client
        .send(ws::Message::Text(format!(r#"{{"type":"{tag}"}}"#).into()))
        .await
        .is_err()
    {
        return Err(before);
    }
    let deadline = Instant::now() + WAIT;
    loop {
        let heard = client
            .next(deadline.saturating_duration_since(Instant::now()))
            .await;
        match &heard {
            Heard::Json(v) if v["type"] == "error" && v.to_string().contains(&tag) => {
                return Ok(before)
            }
            Heard::Json(_) | Heard::Pong => before.push(heard),
            _ => {
                before.push(heard);
                return Err(before);
            }
        }
    }
}

/// One frame under test: a message the codec builds, or raw bytes, and what it should get.
struct Case {
    label: String,
    messages: Vec<ws::Message>,
    raw: Option<Vec<u8>>,
    expect: Expect,
}

/// Sends a case and checks the answer; reconnects when the server closed the socket.
async fn fuzz_one(
    server: &TestServer,
    client: &mut Client,
    findings: &mut Findings,
    n: u64,
    case: Case,
) {
    let Case {
        label,
        messages,
        raw,
        expect,
    } = case;
    let label = label.as_str();
    findings.sent += 1;
    let mut sent = Ok(());
    for message in messages {
        sent = sent.and(client.send(message).await);
    }
    if let Some(bytes) = raw {
        sent = sent.and(client.send_raw(&bytes).await);
    }
    if let Err(e) = sent {
        if expect != Expect::Close {
            findings.problem(label, format!("could not send: {e}"));
        }
    }
    let answer = answer_to(client, n).await;
    let heard = match &answer {
        Ok(heard) | Err(heard) => heard,
    };
    for h in heard {
        match h {
            Heard::Json(v) => {
                if let Err(e) = check_server_frame(v) {
                    findings.problem(label, e);
                }
                if v["type"] == "error" {
                    findings.errors += 1;
                }
            }
            Heard::Bad(e) if expect != Expect::Close => findings.problem(label, e.clone()),
            _ => {}
        }
    }
    let errors = heard
        .iter()
        .filter(|h| matches!(h, Heard::Json(v) if v["type"] == "error"))
        .count();
    match (expect, &answer) {
        (Expect::Close, Ok(_)) => {
            findings.problem(label, "a protocol violation left the socket open".into())
        }
        (Expect::Close, Err(heard)) => {
            findings.closes += 1;
            // A close frame, if one comes, says why: a protocol error (1002), bad data
            // (1007) or a frame too big (1009).
            if let Some(Heard::Closed(Some(reason))) = heard.last() {
                let code = u16::from(reason.code);
                if ![1000, 1002, 1007, 1009].contains(&code) {
                    findings.problem(label, format!("closed with {code}"));
                }
            }
            *client = Client::connect(server).await;
        }
        (_, Err(heard)) => {
            findings.problem(label, format!("the socket stopped answering: {heard:?}"));
            *client = Client::connect(server).await;
        }
        (Expect::Error, Ok(_)) if errors == 0 => {
            findings.problem(label, "no error frame".into());
        }
        (Expect::Pong, Ok(heard)) if !heard.iter().any(|h| matches!(h, Heard::Pong)) => {
            findings.problem(label, "no pong".into());
        }
        _ => {}
    }
}

fn is_valid(text: &str) -> bool {
    serde_json::from_str::<felt::ws::protocol::ClientFrame>(text).is_ok()
}

async fn sessions(server: &TestServer) -> u64 {
    let (status, body) = common::get(&server.url("/api/health")).await;
    assert_eq!(status, 200, "health: {body}");
    assert_eq!(body["status"], "ok", "health: {body}");
    body["sessions"].as_u64().expect("sessions")
}

// ---------------------------------------------------------------------------------------
// The test

#[actix_web::test]
async fn generated_frames_get_error_frames_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Frames go as fast as the loop runs: no per-session rate limit here (it has its own
    // test in tests/auth.rs).
    let mut settings = common::settings(dir.path());
    settings.ws.max_frames_per_sec = 1_000_000;
    let server = common::spawn_with(settings, false).await;
    let id = common::create(&server, "Target").await;
    common::clock(&server, &id, json!({"action": "start"})).await;
    let (_, before) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    let mut findings = Findings::default();
    let mut client = Client::connect(&server).await;
    let mut n = 0u64;

    // Text frames: valid, mutated, random, deep, long, empty.
    for i in 0..500u64 {
        let mut rng = Rng::new(0x7E47 ^ i);
        let text = text_frame(&mut rng, &id);
        n += 1;
        let expect = if text.len() > MAX_FRAME {
            Expect::Close
        } else if is_valid(&text) || text.contains("\"subscribe\"") {
            Expect::Anything
        } else {
            Expect::Error
        };
        let label = format!("text #{i} {}", preview(&text));
        let message = ws::Message::Text(text.into());
        let case = Case {
            label,
            messages: vec![message],
            raw: None,
            expect,
        };
        fuzz_one(&server, &mut client, &mut findings, n, case).await;
    }

    // Binary, control and fragmented frames the codec can build.
    for i in 0..120u64 {
        let mut rng = Rng::new(0xB1 ^ i);
        let payload = if rng.chance(50) {
            Bytes::from(text_frame(&mut rng, &id))
        } else {
            let len = rng.below(200);
            Bytes::from(rng.bytes(len))
        };
        let short = payload.slice(..payload.len().min(125));
        let (label, messages, expect) = match rng.below(6) {
            0 | 1 => ("binary", vec![ws::Message::Binary(payload)], Expect::Error),
            2 => (
                "empty binary",
                vec![ws::Message::Binary(Bytes::new())],
                Expect::Error,
            ),
            3 => ("ping", vec![ws::Message::Ping(short)], Expect::Pong),
            4 => ("pong", vec![ws::Message::Pong(short)], Expect::Anything),
            _ => {
                // A text message in two fragments, which RFC 6455 allows.
                let cut = rng.below(payload.len() + 1);
                let parts = vec![
                    ws::Message::Continuation(actix_ws::Item::FirstText(payload.slice(..cut))),
                    ws::Message::Continuation(actix_ws::Item::Last(payload.slice(cut..))),
                ];
                ("fragmented text", parts, Expect::Anything)
            }
        };
        n += 1;
        let case = Case {
            label: format!("{label} #{i}"),
            messages,
            raw: None,
            expect,
        };
        fuzz_one(&server, &mut client, &mut findings, n, case).await;
    }

    // Raw frames that break the protocol; the server may close, must not crash.
    let valid = format!(r#"{{"type":"subscribe","tournament":"{id}"}}"#);
    let raw_cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "text with bad UTF-8",
            raw_frame(0x81, &[0x7b, 0xff, 0xfe, 0x7d], true, None),
            Expect::Close,
        ),
        (
            "text with a lone surrogate",
            raw_frame(0x81, &[0xed, 0xa0, 0x80], true, None),
            Expect::Close,
        ),
        (
            "unmasked text",
            raw_frame(0x81, valid.as_bytes(), false, None),
            Expect::Close,
        ),
        (
            "reserved bit 1",
            raw_frame(0xC1, valid.as_bytes(), true, None),
            Expect::Close,
        ),
        (
            "reserved bits 2 and 3",
            raw_frame(0xB1, valid.as_bytes(), true, None),
            Expect::Close,
        ),
        (
            "opcode 3",
            raw_frame(0x83, b"{}", true, None),
            Expect::Close,
        ),
        (
            "opcode 11",
            raw_frame(0x8B, b"{}", true, None),
            Expect::Close,
        ),
        (
            "ping of 126 bytes",
            raw_frame(0x89, &[b'p'; 126], true, None),
            Expect::Close,
        ),
        (
            "fragmented ping",
            raw_frame(0x09, b"p", true, None),
            Expect::Close,
        ),
        (
            "oversized text",
            raw_frame(0x81, &vec![b' '; MAX_FRAME + 1], true, None),
            Expect::Close,
        ),
        (
            "oversized binary",
            raw_frame(0x82, &vec![0; 200_000], true, None),
            Expect::Close,
        ),
        (
            "claims 2^63 bytes",
            raw_frame(0x81, b"{}", true, Some(1 << 63)),
            Expect::Close,
        ),
        (
            "claims u64::MAX bytes",
            raw_frame(0x81, b"{}", true, Some(u64::MAX)),
            Expect::Close,
        ),
        (
            "close with a reason",
            raw_frame(0x88, &[0x03, 0xe8, b'b', b'y', b'e'], true, None),
            Expect::Close,
        ),
        (
            "close with one byte",
            raw_frame(0x88, &[0x03], true, None),
            Expect::Close,
        ),
        (
            "close with code 0",
            raw_frame(0x88, &[0, 0], true, None),
            Expect::Close,
        ),
        (
            "valid text, raw",
            raw_frame(0x81, valid.as_bytes(), true, None),
            Expect::Anything,
        ),
        (
            "empty text, raw",
            raw_frame(0x81, b"", true, None),
            Expect::Error,
        ),
        (
            "stray last fragment",
            raw_frame(0x80, valid.as_bytes(), true, None),
            Expect::Close,
        ),
        (
            "text fragment then a new text",
            [
                raw_frame(0x01, &valid.as_bytes()[..5], true, None),
                raw_frame(0x81, valid.as_bytes(), true, None),
            ]
            .concat(),
            Expect::Close,
        ),
        (
            "text in two fragments",
            [
                raw_frame(0x01, &valid.as_bytes()[..5], true, None),
                raw_frame(0x80, &valid.as_bytes()[5..], true, None),
            ]
            .concat(),
            Expect::Anything,
        ),
    ];
    for (label, bytes, expect) in raw_cases {
        n += 1;
        let case = Case {
            label: format!("raw {label}"),
            messages: Vec::new(),
            raw: Some(bytes),
            expect,
        };
        fuzz_one(&server, &mut client, &mut findings, n, case).await;
        client = Client::connect(&server).await;
    }
    // Random bytes straight onto the socket.
    for i in 0..30u64 {
        let mut rng = Rng::new(0xB17E ^ i);
        let len = 1 + rng.below(64);
        let bytes = rng.bytes(len);
        n += 1;
        findings.sent += 1;
        let _ = client.send_raw(&bytes).await;
        // Anything may happen to this socket except a crash; read until it settles.
        let deadline = Instant::now() + Duration::from_millis(300);
        while Instant::now() < deadline {
            match client.next(Duration::from_millis(100)).await {
                Heard::Json(v) => {
                    if let Err(e) = check_server_frame(&v) {
                        findings.problem(&format!("random bytes #{i}"), e);
                    }
                }
                Heard::Nothing | Heard::Pong => {}
                Heard::Closed(_) | Heard::Bad(_) => break,
            }
        }
        client = Client::connect(&server).await;
    }
    drop(client);

    // The server still serves: a fresh socket gets the snapshot of a tournament the frames
    // could not change, and every socket closed above is unregistered.
    let (_, after) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(after["seq"], before["seq"], "frames changed the tournament");
    assert_eq!(
        after["state"], before["state"],
        "frames changed the tournament"
    );
    let mut fresh = Client::connect(&server).await;
    fresh
        .send(ws::Message::Text(valid.clone().into()))
        .await
        .expect("sends");
    match fresh.next(WAIT).await {
        Heard::Json(v) if v["type"] == "snapshot" => {
            assert_eq!(v["seq"], before["seq"]);
            assert_eq!(v["tournament"], id.as_str());
        }
        other => panic!("a fresh socket got {other:?} instead of a snapshot"),
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut open = sessions(&server).await;
    while open != 1 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        open = sessions(&server).await;
    }
    eprintln!(
        "websocket: {} frames, {} error frames, {} closes by the server, {n} probes",
        findings.sent, findings.errors, findings.closes
    );
    assert_eq!(
        open, 1,
        "sessions still registered after their sockets closed"
    );
    assert!(
        findings.problems.is_empty(),
        "{} problems:\n{}",
        findings.problems.len(),
        findings.problems.join("\n")
    );
    server.stop().await;
}
