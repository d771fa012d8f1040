//! Fuzzing the HTTP API end to end: every route of docs/API.md (and the entries routes)
//! gets a few hundred generated bodies (valid JSON with wrong types, missing and extra fields, extreme
//! numbers, deep nesting, long strings, invalid UTF-8, random bytes, nothing) and generated
//! paths, queries and methods. Whatever comes in, the answer is never a 5xx, every 4xx is
//! `{"error":{"code","message"}}`, nothing hangs, the server stays healthy, and the target
//! tournament changes only by the commands that were answered 2xx.
//!
//! The generator is a seeded xorshift, so every run sends the same requests; a finding
//! names the request that caused it.

mod common;

use common::rng::Rng;

use actix_web::http::{Method, StatusCode};
use common::{spawn, TestServer};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Numbers as JSON text, including those no Rust integer holds.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "2",
    "3",
    "60",
    "999",
    "1000",
    "86400",
    "86401",
    "4294967295",
    "4294967296",
    "-2147483648",
    "-2147483649",
    "2147483647",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "1e999",
    "1.5",
    "-0.0",
    "1E2",
    "0.000001",
    "123456789012345678901234567890",
];

/// Strings as JSON text: empty, blank, escapes, control characters, lone surrogates,
/// scripts and emoji.
const STRINGS: &[&str] = &[
    r#""""#,
    r#""   ""#,
    r#""x""#,
    r#""turbo""#,
    r#""start""#,
    r#""Fuzz Night""#,
    r#""\u0000""#,
    r#""\ud800""#,
    r#""\udfff\ud800""#,
    r#""\n\t\r""#,
    r#""\\""#,
    r#""é日本🂡""#,
    r#""a@b""#,
    r#""%00%ff""#,
    r#""<script>alert(1)</script>""#,
    r#""'; DROP TABLE events; --""#,
    r#""6f1c2a4e-0000-4000-8000-000000000001""#,
];

fn number(rng: &mut Rng) -> String {
    if rng.chance(70) {
        rng.pick(NUMBERS).to_string()
    } else {
        let n = rng.next() as i64 >> rng.below(63);
        n.to_string()
    }
}

fn string(rng: &mut Rng) -> String {
    if rng.chance(80) {
        rng.pick(STRINGS).to_string()
    } else {
        let len = *rng.pick(&[1, 10, 201, 1000, 20_000]);
        let c = *rng.pick(&["x", "é", "🂡", " ", "\\\""]);
        format!("\"{}\"", c.repeat(len))
    }
}

/// Any JSON value, as text.
fn value(rng: &mut Rng, depth: u32) -> String {
    let kind = if depth > 3 {
        rng.below(4)
    } else {
        rng.below(6)
    };
    match kind {
        0 => rng.pick(&["null", "true", "false"]).to_string(),
        1 => number(rng),
        2 | 3 => string(rng),
        4 => {
            let n = rng.below(4);
            let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = rng.below(4);
            let fields: Vec<String> = (0..n)
                .map(|_| format!("{}:{}", string(rng), value(rng, depth + 1)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
    }
}

fn object(fields: &[(String, String)]) -> String {
    let inner: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", inner.join(","))
}

/// Nesting far deeper than any decoder should follow.
fn deep(rng: &mut Rng) -> String {
    let n = *rng.pick(&[129, 1000, 10_000]);
    match rng.below(3) {
        0 => "[".repeat(n),
        1 => format!("{}{}", "[".repeat(n), "]".repeat(n)),
        _ => format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n)),
    }
}

/// A body made from a valid one by one of many mutations, as bytes.
fn mutate(rng: &mut Rng, fields: &[(String, String)], known: &[&str]) -> (Vec<u8>, bool) {
    let mut fields = fields.to_vec();
    let mut json_type = true;
    let body = match rng.below(16) {
        0 | 1 => object(&fields),
        2 => {
            if !fields.is_empty() {
                let i = rng.below(fields.len());
                fields.remove(i);
            }
            object(&fields)
        }
        3 => {
            let key = if rng.chance(50) {
                rng.pick(&["extra", "id", "seq", "clock", "type", "__proto__"])
                    .to_string()
            } else {
                rng.pick(known).to_string()
            };
            fields.push((key, value(rng, 0)));
            object(&fields)
        }
        4 | 5 => {
            if !fields.is_empty() {
                let i = rng.below(fields.len());
                fields[i].1 = value(rng, 0);
            }
            object(&fields)
        }
        6 => {
            if !fields.is_empty() {
                let i = rng.below(fields.len());
                fields[i].1 = number(rng);
            }
            object(&fields)
        }
        7 => value(rng, 0),
        8 => {
            let nested = deep(rng);
            if !fields.is_empty() && rng.chance(50) {
                let i = rng.below(fields.len());
                fields[i].1 = nested;
                object(&fields)
            } else {
                nested
            }
        }
        9 => {
            if !fields.is_empty() {
                let i = rng.below(fields.len());
                let len = *rng.pick(&[201, 5_000, 60_000, 70_000, 300_000]);
                fields[i].1 = format!("\"{}\"", "y".repeat(len));
            }
            object(&fields)
        }
        10 => {
            // Invalid UTF-8 inside a string of an otherwise valid body.
            let mut bytes = object(&fields).into_bytes();
            if let Some(quote) = bytes.iter().rposition(|&b| b == b'"') {
                const JUNK: &[&[u8]] = &[
                    &[0xff],
                    &[0xc3, 0x28],
                    &[0xed, 0xa0, 0x80],
                    &[0xf8, 0x88, 0x80, 0x80, 0x80],
                    &[0x80],
                    &[0x00],
                ];
                let junk = *rng.pick(JUNK);
                bytes.splice(quote..quote, junk.iter().copied());
            }
            return (bytes, json_type);
        }
        11 => {
            let n = rng.below(300);
            return ((0..n).map(|_| rng.next() as u8).collect(), json_type);
        }
        12 => String::new(),
        13 => {
            let mut bytes = object(&fields).into_bytes();
            for _ in 0..=rng.below(4) {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] = rng.next() as u8,
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, *rng.pick(b"{}[]\",:-0e\\")),
                }
            }
            return (bytes, json_type);
        }
        14 => format!("{} {}", object(&fields), value(rng, 0)),
        _ => {
            json_type = false;
            object(&fields)
        }
    };
    (body.into_bytes(), json_type)
}

// ---------------------------------------------------------------------------------------
// Sending and judging

struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

/// Sends raw bytes with a JSON content type (or a wrong one, or none).
async fn send(
    client: &awc::Client,
    method: Method,
    url: &str,
    body: Option<(Vec<u8>, bool)>,
    rng: &mut Rng,
) -> Result<Answer, String> {
    let mut req = client.request(method, url);
    let res = match body {
        Some((bytes, json_type)) => {
            let content_type = if json_type {
                *rng.pick(&[
                    "application/json",
                    "application/json",
                    "application/json; charset=utf-8",
                ])
            } else {
                *rng.pick(&[
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "application/jsonx",
                    "",
                ])
            };
            if !content_type.is_empty() {
                req = req.insert_header(("content-type", content_type));
            }
            req.send_body(bytes).await
        }
        None => req.send().await,
    };
    let mut res = res.map_err(|e| format!("no answer: {e}"))?;
    let status = res.status();
    let body = res
        .body()
        .limit(16 << 20)
        .await
        .map_err(|e| format!("{status} with an unreadable body: {e}"))?;
    Ok(Answer {
        status,
        body: body.to_vec(),
    })
}

/// What the fuzzing saw: counts and every problem, with the request that caused it.
#[derive(Default)]
struct Findings {
    sent: usize,
    /// Requests not sent: not a URI, or an input a dedicated test below covers.
    skipped: usize,
    by_status: std::collections::BTreeMap<u16, usize>,
    problems: Vec<String>,
    slowest: Duration,
}

impl Findings {
    fn problem(&mut self, request: &str, what: String) {
        if self.problems.len() < 40 {
            self.problems.push(format!("{request}: {what}"));
        }
    }

    fn assert_none(&self, test: &str) {
        eprintln!(
            "{test}: {} requests ({} skipped), statuses {:?}, slowest {:?}",
            self.sent, self.skipped, self.by_status, self.slowest
        );
        assert!(
            self.problems.is_empty(),
            "{} problems:\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}

fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(160).collect();
    if text.chars().count() > 160 {
        out.push_str(&format!("…({} bytes)", bytes.len()));
    }
    out
}

/// A request longer than this to answer counts as a hang.
const SLOW: Duration = Duration::from_secs(3);

/// Sends one request and checks the answer; returns the status and the JSON body (null if
/// there is none) when there was an answer.
async fn probe(
    client: &awc::Client,
    findings: &mut Findings,
    rng: &mut Rng,
    method: Method,
    url: &str,
    body: Option<(Vec<u8>, bool)>,
) -> Option<(StatusCode, Value)> {
    let request = format!(
        "{method} {} {}",
        preview(url.as_bytes()),
        body.as_ref().map(|b| preview(&b.0)).unwrap_or_default()
    );
    let head = method == Method::HEAD;
    if url.parse::<actix_web::http::Uri>().is_err() {
        // Not a URI a client can send at all.
        findings.skipped += 1;
        return None;
    }
    let started = Instant::now();
    let answer = send(client, method, url, body, rng).await;
    let took = started.elapsed();
    findings.sent += 1;
    findings.slowest = findings.slowest.max(took);
    if took > SLOW {
        findings.problem(&request, format!("took {took:?}"));
    }
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => {
            findings.problem(&request, e);
            return None;
        }
    };
    *findings
        .by_status
        .entry(answer.status.as_u16())
        .or_default() += 1;
    if answer.status.is_server_error() {
        findings.problem(
            &request,
            format!("{} {}", answer.status, preview(&answer.body)),
        );
    } else if answer.status.is_client_error() && !head {
        let error = serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .filter(|v| {
                v["error"]["code"].as_str().is_some_and(|c| {
                    !c.is_empty() && c.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                }) && v["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
                    && v.as_object().is_some_and(|o| o.len() == 1)
            });
        if error.is_none() {
            findings.problem(
                &request,
                format!(
                    "{} without a JSON error body: {}",
                    answer.status,
                    preview(&answer.body)
                ),
            );
        }
    }
    let json = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
    Some((answer.status, json))
}

async fn json_get(server: &TestServer, path: &str) -> Value {
    let (status, body) = common::get(&server.url(path)).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    body
}

async fn assert_healthy(server: &TestServer, after: &str) {
    let (status, body) = common::get(&server.url("/api/health")).await;
    assert_eq!(status, StatusCode::OK, "health after {after}: {body}");
    assert_eq!(body["status"], "ok", "health after {after}: {body}");
}

// ---------------------------------------------------------------------------------------
// Valid bodies the mutations start from

fn level_fields(rng: &mut Rng) -> Vec<(String, String)> {
    let f = |k: &str, v: String| (k.to_string(), v);
    if rng.chance(75) {
        let bb = 100 * (1 + rng.below(50) as u64);
        let mut fields = vec![
            f("kind", r#""play""#.into()),
            f("small_blind", (bb / 2).to_string()),
            f("big_blind", bb.to_string()),
            f("duration_secs", (60 * (1 + rng.below(30))).to_string()),
        ];
        if rng.chance(50) {
            fields.push(f("ante", bb.to_string()));
            fields.push(f("ante_kind", r#""big_blind""#.into()));
        }
        fields
    } else {
        vec![
            f("kind", r#""break""#.into()),
            f("duration_secs", "600".into()),
            f("note", r#""Color up""#.into()),
            f("color_up", "true".into()),
        ]
    }
}

const LEVEL_KEYS: &[&str] = &[
    "kind",
    "small_blind",
    "big_blind",
    "ante",
    "ante_kind",
    "duration_secs",
    "note",
    "color_up",
];

/// A list of levels: a valid one, one with a mutated level, or something else entirely.
fn levels(rng: &mut Rng, current: &[Value]) -> String {
    match rng.below(8) {
        0..=2 => {
            // The current structure, perhaps with levels added after it (accepted while
            // the clock has not gone past them).
            let mut items: Vec<String> = current.iter().map(Value::to_string).collect();
            for _ in 0..rng.below(3) {
                items.push(object(&level_fields(rng)));
            }
            format!("[{}]", items.join(","))
        }
        3 | 4 => {
            let mut items: Vec<String> = current.iter().map(Value::to_string).collect();
            if !items.is_empty() {
                let i = rng.below(items.len());
                let level = level_fields(rng);
                let (bytes, _) = mutate(rng, &level, LEVEL_KEYS);
                items[i] = String::from_utf8_lossy(&bytes).into_owned();
            }
            format!("[{}]", items.join(","))
        }
        5 => {
            let n = *rng.pick(&[0, 1, 3, 500, 501, 2000]);
            let level = object(&level_fields(rng));
            format!("[{}]", vec![level; n].join(","))
        }
        6 => {
            let n = rng.below(5);
            let items: Vec<String> = (0..n).map(|_| value(rng, 1)).collect();
            format!("[{}]", items.join(","))
        }
        _ => value(rng, 0),
    }
}

fn create_body(rng: &mut Rng, current: &[Value]) -> (Vec<u8>, bool) {
    let f = |k: &str, v: String| (k.to_string(), v);
    let mut fields = vec![f("name", string(rng))];
    if rng.chance(60) {
        fields[0].1 = format!("\"Fuzz {}\"", rng.below(1000));
    }
    if rng.chance(60) {
        let id = *rng.pick(&["turbo", "regular", "deep_stack", "hyper", ""]);
        fields.push(f("structure", format!("\"{id}\"")));
    } else {
        fields.push(f("levels", levels(rng, current)));
        fields.push(f("starting_stack", number(rng)));
    }
    if rng.chance(40) {
        fields.push(f("scheduled_start", number(rng)));
        fields.push(f("auto_start", rng.pick(&["true", "false"]).to_string()));
    }
    if rng.chance(30) {
        fields.push(f("entry_settings", entry_settings(rng)));
    }
    mutate(
        rng,
        &fields,
        &[
            "name",
            "structure",
            "levels",
            "starting_stack",
            "scheduled_start",
            "auto_start",
            "entry_settings",
        ],
    )
}

fn clock_body(rng: &mut Rng) -> (Vec<u8>, bool) {
    let f = |k: &str, v: String| (k.to_string(), v);
    let action = *rng.pick(&[
        "start",
        "pause",
        "resume",
        "next_level",
        "previous_level",
        "jump",
        "set_time",
        "adjust_time",
        "explode",
        "",
        "START",
    ]);
    let mut fields = vec![f("action", format!("\"{action}\""))];
    match action {
        "jump" => fields.push(f("level", number(rng))),
        "set_time" => fields.push(f("remaining_secs", number(rng))),
        "adjust_time" => fields.push(f("delta_secs", number(rng))),
        _ => {}
    }
    mutate(
        rng,
        &fields,
        &["action", "level", "remaining_secs", "delta_secs"],
    )
}

fn structure_body(rng: &mut Rng, current: &[Value]) -> (Vec<u8>, bool) {
    let fields = vec![("levels".to_string(), levels(rng, current))];
    mutate(rng, &fields, &["levels"])
}

fn player_body(rng: &mut Rng) -> (Vec<u8>, bool) {
    let f = |k: &str, v: String| (k.to_string(), v);
    let mut fields = vec![f("name", string(rng))];
    if rng.chance(50) {
        fields[0].1 = format!("\"Player {}\"", rng.below(100));
    }
    for key in ["nickname", "member_id", "phone", "email"] {
        if rng.chance(40) {
            fields.push(f(key, string(rng)));
        }
    }
    mutate(
        rng,
        &fields,
        &["name", "nickname", "member_id", "phone", "email"],
    )
}

fn price(rng: &mut Rng) -> String {
    let amount = |rng: &mut Rng| {
        if rng.chance(80) {
            (rng.below(20_000)).to_string()
        } else {
            number(rng)
        }
    };
    let mut fields = vec![
        ("prize".to_string(), amount(rng)),
        ("fee".to_string(), amount(rng)),
    ];
    if rng.chance(30) {
        fields.push(("extras".into(), format!(r#"[["dealers",{}]]"#, amount(rng))));
    }
    if rng.chance(20) {
        fields.push(("bounty".into(), amount(rng)));
    }
    object(&fields)
}

/// Entry settings: sensible ones, with a number or two from anywhere.
fn entry_settings(rng: &mut Rng) -> String {
    let small = |rng: &mut Rng, n: usize| {
        if rng.chance(85) {
            rng.below(n).to_string()
        } else {
            number(rng)
        }
    };
    let mut fields = vec![("buy_in".to_string(), price(rng))];
    if rng.chance(50) {
        fields.push(("starting_chips".into(), small(rng, 50_000)));
    }
    if rng.chance(30) {
        fields.push(("capacity".into(), small(rng, 10)));
    }
    if rng.chance(40) {
        let rule = *rng.pick(&["end_of_level", "after_break_following", "by_hand", "never"]);
        let level = small(rng, 10);
        fields.push((
            "late_reg".into(),
            format!(r#"{{"rule":"{rule}","level":{level}}}"#),
        ));
    }
    if rng.chance(40) {
        fields.push(("max_reentries_per_player".into(), small(rng, 4)));
    }
    if rng.chance(30) {
        let rebuy = format!(
            r#"{{"price":{},"chips":{},"max_per_player":{},"until_level":{}}}"#,
            price(rng),
            small(rng, 20_000),
            small(rng, 4),
            small(rng, 8)
        );
        fields.push(("rebuy".into(), rebuy));
    }
    if rng.chance(30) {
        let add_on = format!(
            r#"{{"price":{},"chips":{},"at_level":{}}}"#,
            price(rng),
            small(rng, 20_000),
            small(rng, 8)
        );
        fields.push(("add_on".into(), add_on));
    }
    if rng.chance(30) {
        let kind = *rng.pick(&["none", "fixed", "progressive", "mystery"]);
        let share = small(rng, 10_001);
        fields.push((
            "bounty".into(),
            format!(r#"{{"kind":"{kind}","eliminator_share_bp":{share}}}"#),
        ));
    }
    if rng.chance(20) {
        fields.push(("guarantee".into(), small(rng, 1_000_000)));
    }
    let keys = [
        "buy_in",
        "starting_chips",
        "on_time_bonus",
        "capacity",
        "late_reg",
        "max_reentries_per_player",
        "rebuy",
        "add_on",
        "bounty",
        "guarantee",
    ];
    let (bytes, _) = if rng.chance(70) {
        (object(&fields).into_bytes(), true)
    } else {
        mutate(rng, &fields, &keys)
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

fn entry_body(rng: &mut Rng, players: &[String]) -> (Vec<u8>, bool) {
    let f = |k: &str, v: String| (k.to_string(), v);
    let action = *rng.pick(&[
        "register",
        "register",
        "register",
        "reenter",
        "unregister",
        "rebuy",
        "add_on",
        "bust",
        "bust",
        "revive",
        "join_waiting_list",
        "leave_waiting_list",
        "close_registration",
        "reopen_registration",
        "change_settings",
        "explode",
    ]);
    let player = |rng: &mut Rng| {
        if rng.chance(80) {
            format!("\"{}\"", rng.pick(players))
        } else {
            tournament_id(rng)
        }
    };
    let entry = |rng: &mut Rng| {
        if rng.chance(80) {
            (1 + rng.below(8)).to_string()
        } else {
            number(rng)
        }
    };
    let mut fields = vec![f("action", format!("\"{action}\""))];
    match action {
        "register" | "reenter" | "join_waiting_list" | "leave_waiting_list" => {
            fields.push(f("player", player(rng)))
        }
        "unregister" | "add_on" | "revive" => fields.push(f("entry", entry(rng))),
        "rebuy" => {
            fields.push(f("entry", entry(rng)));
            if rng.chance(50) {
                fields.push(f("stack", number(rng)));
            }
        }
        "bust" => {
            let busted: Vec<String> = (0..rng.below(3))
                .map(|_| format!(r#"{{"entry":{},"stack":{}}}"#, entry(rng), number(rng)))
                .collect();
            let eliminators: Vec<String> = (0..rng.below(3)).map(|_| entry(rng)).collect();
            fields.push(f("busted", format!("[{}]", busted.join(","))));
            fields.push(f("eliminators", format!("[{}]", eliminators.join(","))));
        }
        "change_settings" => fields.push(f("settings", entry_settings(rng))),
        _ => {}
    }
    mutate(
        rng,
        &fields,
        &[
            "action",
            "player",
            "entry",
            "stack",
            "busted",
            "eliminators",
            "settings",
        ],
    )
}

/// A tournament id as JSON text: a fresh one, the nil one, or not an id.
fn tournament_id(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 | 1 => format!(
            "\"{:032x}\"",
            u128::from(rng.next()) << 64 | u128::from(rng.next())
        ),
        2 => "\"00000000-0000-0000-0000-000000000000\"".into(),
        _ => value(rng, 1),
    }
}

/// Numbers an edited import may carry in place of the exported ones.
const EDITED: &[i64] = &[
    i64::MIN,
    -1_000_000_000_000,
    -1,
    0,
    1,
    60,
    999,
    86_400,
    4_294_967_295,
    1_000_000_000_000,
    i64::MAX,
];

fn set_nth_number(value: &mut Value, n: &mut usize, to: &Value) {
    match value {
        Value::Number(_) => {
            if *n == 0 {
                *value = to.clone();
            }
            *n = n.wrapping_sub(1);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| set_nth_number(v, n, to)),
        Value::Object(fields) => fields.values_mut().for_each(|v| set_nth_number(v, n, to)),
        _ => {}
    }
}

/// An import document made from a real export: as it is (the tournament exists), under a
/// new id (a copy), with a gap, out of order, with an edited value, or broken.
fn import_body(rng: &mut Rng, export: &Value) -> (Vec<u8>, bool) {
    let mut doc = export.clone();
    let new_id = uuid_from(rng);
    let rename = |doc: &mut Value, id: &str| {
        doc["tournament"] = json!(id);
        doc["events"][0]["event"]["id"] = json!(id);
    };
    let len = doc["events"].as_array().map_or(0, Vec::len);
    match rng.below(10) {
        0 => {}
        1 | 2 => rename(&mut doc, &new_id),
        3 => {
            rename(&mut doc, &new_id);
            if len > 1 {
                let i = 1 + rng.below(len - 1);
                if let Some(events) = doc["events"].as_array_mut() {
                    events.remove(i);
                }
            }
        }
        4 => {
            rename(&mut doc, &new_id);
            if let Some(events) = doc["events"].as_array_mut() {
                let (a, b) = (rng.below(len), rng.below(len));
                events.swap(a, b);
            }
        }
        5 => {
            doc["format"] = json!(rng.pick(&["felt-tournament-log", "felt", ""]));
            doc["version"] = json!(rng.pick(&[0, 1, 2, -1]));
            rename(&mut doc, &new_id);
        }
        6 => {
            rename(&mut doc, &new_id);
            let to = if rng.chance(80) {
                json!(rng.pick(EDITED))
            } else {
                json!(rng.pick(&["x", "", "1"]))
            };
            let mut n = rng.below(400);
            set_nth_number(&mut doc["events"], &mut n, &to);
        }
        7 => {
            rename(&mut doc, &new_id);
            doc["events"] = serde_json::from_str(&value(rng, 1)).unwrap_or(Value::Null);
        }
        8 => {
            rename(&mut doc, &new_id);
            let mut bytes = doc.to_string().into_bytes();
            for _ in 0..=rng.below(3) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] = *rng.pick(b"{}[]\",:-0123456789ex"),
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, *rng.pick(b"{}[]\",:-0e")),
                }
            }
            return (bytes, true);
        }
        _ => {
            let fields: Vec<(String, String)> = doc
                .as_object()
                .map(|o| o.iter().map(|(k, v)| (k.clone(), v.to_string())).collect())
                .unwrap_or_default();
            return mutate(rng, &fields, &["format", "version", "tournament", "events"]);
        }
    }
    (doc.to_string().into_bytes(), true)
}

fn uuid_from(rng: &mut Rng) -> String {
    let n = u128::from(rng.next()) << 64 | u128::from(rng.next());
    let hex = format!("{n:032x}");
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..]
    )
}

// ---------------------------------------------------------------------------------------
// The tests

/// Counts a command answered 2xx and keeps the state it answered with.
fn note_accepted(
    answer: Option<(StatusCode, Value)>,
    accepted: &mut u64,
    last_state: &mut Option<Value>,
) {
    if let Some((status, body)) = answer {
        if status.is_success() {
            *accepted += 1;
            *last_state = Some(body["state"].clone());
        }
    }
}

/// Bodies on every route that reads one; then the target tournament must stand exactly
/// where its accepted commands took it.
#[actix_web::test]
async fn generated_bodies_on_every_route_get_json_errors_and_change_only_what_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Target").await;
    let (status, _) = common::clock(&server, &id, json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK);
    let before = json_get(&server, &format!("/api/v1/tournaments/{id}")).await;
    let seq_before = before["seq"].as_u64().expect("seq");
    let current: Vec<Value> = before["state"]["structure"]["levels"]
        .as_array()
        .expect("levels")
        .clone();
    let listed_before = json_get(&server, "/api/v1/tournaments")
        .await
        .as_array()
        .expect("list")
        .len();
    let mut players = Vec::new();
    for name in ["Ada", "Bo", "Cy", "Di"] {
        let (status, body) =
            common::post(&server.url("/api/v1/players"), json!({ "name": name })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        players.push(body["player"]["id"].as_str().expect("id").to_string());
    }
    let export = json_get(&server, &format!("/api/v1/tournaments/{id}/export")).await;

    let client = common::client();
    let mut findings = Findings::default();
    let mut accepted = 0u64;
    let mut created = 0usize;
    let mut last_state: Option<Value> = None;
    let clock_url = server.url(&format!("/api/v1/tournaments/{id}/clock"));
    let structure_url = server.url(&format!("/api/v1/tournaments/{id}/structure"));

    for i in 0..300u64 {
        let mut rng = Rng::new(0xC0FFEE ^ i);
        let body = create_body(&mut rng, &current);
        let url = server.url("/api/v1/tournaments");
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &url,
            Some(body),
        )
        .await;
        created += usize::from(answer.is_some_and(|(s, _)| s == StatusCode::CREATED));
    }
    assert_healthy(&server, "creating").await;

    for i in 0..400u64 {
        let mut rng = Rng::new(0xC10C ^ i);
        let body = clock_body(&mut rng);
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &clock_url,
            Some(body),
        )
        .await;
        note_accepted(answer, &mut accepted, &mut last_state);
    }
    assert_healthy(&server, "clock commands").await;

    for i in 0..300u64 {
        let mut rng = Rng::new(0x57AC ^ i);
        let body = structure_body(&mut rng, &current);
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::PUT,
            &structure_url,
            Some(body),
        )
        .await;
        note_accepted(answer, &mut accepted, &mut last_state);
    }
    assert_healthy(&server, "structure edits").await;

    let entries_url = server.url(&format!("/api/v1/tournaments/{id}/entries"));
    for i in 0..400u64 {
        let mut rng = Rng::new(0xE117 ^ i);
        let body = entry_body(&mut rng, &players);
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &entries_url,
            Some(body),
        )
        .await;
        note_accepted(answer, &mut accepted, &mut last_state);
    }
    assert_healthy(&server, "entries").await;

    let import_url = server.url("/api/v1/tournaments/import");
    for i in 0..200u64 {
        let mut rng = Rng::new(0x1390 ^ i);
        let body = import_body(&mut rng, &export);
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &import_url,
            Some(body),
        )
        .await;
        created += usize::from(answer.is_some_and(|(s, _)| s == StatusCode::CREATED));
    }
    assert_healthy(&server, "imports").await;

    for i in 0..300u64 {
        let mut rng = Rng::new(0x9A7E ^ i);
        let body = player_body(&mut rng);
        let url = server.url("/api/v1/players");
        probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &url,
            Some(body),
        )
        .await;
    }
    assert_healthy(&server, "players").await;

    // Routes that read no body get one anyway.
    let bodiless = [
        (Method::GET, "/api/health".to_string()),
        (Method::GET, "/api/v1/structures".to_string()),
        (Method::GET, "/api/v1/tournaments".to_string()),
        (Method::GET, format!("/api/v1/tournaments/{id}")),
        (Method::GET, format!("/api/v1/tournaments/{id}/events")),
        (Method::GET, format!("/api/v1/tournaments/{id}/export")),
        (Method::GET, format!("/api/v1/tournaments/{id}/entries")),
        (Method::GET, format!("/api/v1/tournaments/{id}/results")),
        (Method::GET, "/api/v1/players".to_string()),
        (Method::GET, "/ws".to_string()),
    ];
    for i in 0..70u64 {
        let mut rng = Rng::new(0xB0D1 ^ i);
        let (method, path) = rng.pick(&bodiless).clone();
        let body = clock_body(&mut rng);
        probe(
            &client,
            &mut findings,
            &mut rng,
            method,
            &server.url(&path),
            Some(body),
        )
        .await;
    }

    // The tournament stands where the accepted commands took it, and nowhere else.
    let middle = json_get(&server, &format!("/api/v1/tournaments/{id}")).await;
    assert_eq!(
        middle["seq"].as_u64(),
        Some(seq_before + accepted),
        "{accepted} commands accepted since seq {seq_before}"
    );
    if let Some(state) = &last_state {
        assert_eq!(state, &middle["state"], "the last accepted command's state");
    }

    // Finish last: afterwards every command is refused.
    let finish_url = server.url(&format!("/api/v1/tournaments/{id}/finish"));
    for i in 0..40u64 {
        let mut rng = Rng::new(0xF1A1 ^ i);
        let body = clock_body(&mut rng);
        let body = if rng.chance(20) { None } else { Some(body) };
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &finish_url,
            body,
        )
        .await;
        note_accepted(answer, &mut accepted, &mut last_state);
    }
    for i in 0..40u64 {
        let mut rng = Rng::new(0xC10C ^ i);
        let body = clock_body(&mut rng);
        let answer = probe(
            &client,
            &mut findings,
            &mut rng,
            Method::POST,
            &clock_url,
            Some(body),
        )
        .await;
        assert!(
            !answer.is_some_and(|(s, _)| s.is_success()),
            "a command was accepted after the finish"
        );
    }
    assert_healthy(&server, "finishing").await;

    let after = json_get(&server, &format!("/api/v1/tournaments/{id}")).await;
    let seq_after = after["seq"].as_u64().expect("seq");
    assert_eq!(
        seq_after,
        seq_before + accepted,
        "{accepted} commands accepted since seq {seq_before}"
    );
    assert_eq!(after["state"]["status"], "finished");
    let events = json_get(&server, &format!("/api/v1/tournaments/{id}/events")).await;
    let seqs: Vec<u64> = events
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .collect();
    assert_eq!(
        seqs,
        (1..=seq_after).collect::<Vec<_>>(),
        "the log is whole"
    );
    if let Some(state) = &last_state {
        assert_eq!(state, &after["state"], "the last accepted command's state");
    }
    let listed_after = json_get(&server, "/api/v1/tournaments")
        .await
        .as_array()
        .expect("list")
        .len();
    assert_eq!(listed_after, listed_before + created, "tournaments listed");
    findings.assert_none("bodies");
    server.stop().await;
}

/// Path segments that are not ids, percent-encoded junk, very long ones, odd queries and
/// every method on every route.
#[actix_web::test]
async fn generated_paths_queries_and_methods_get_json_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Target").await;
    let seq_before = json_get(&server, &format!("/api/v1/tournaments/{id}")).await["seq"]
        .as_u64()
        .expect("seq");
    let client = common::client();
    let mut findings = Findings::default();

    let templates = [
        (Method::GET, "/api/v1/tournaments/{}"),
        (Method::POST, "/api/v1/tournaments/{}/clock"),
        (Method::PUT, "/api/v1/tournaments/{}/structure"),
        (Method::POST, "/api/v1/tournaments/{}/finish"),
        (Method::GET, "/api/v1/tournaments/{}/events"),
        (Method::GET, "/api/v1/tournaments/{}/export"),
        (Method::POST, "/api/v1/tournaments/{}/entries"),
        (Method::GET, "/api/v1/tournaments/{}/entries"),
        (Method::GET, "/api/v1/tournaments/{}/results"),
        (Method::GET, "/api/v1/players/{}"),
        (Method::GET, "/api/v1/{}"),
        (Method::GET, "/api/{}"),
        (Method::GET, "/{}"),
        (Method::GET, "/tv/{}"),
        (Method::GET, "/static/{}"),
    ];
    let segments: &[&str] = &[
        "not-a-uuid",
        "",
        " ",
        "%20",
        "%00",
        "%FF%FE",
        "%C0%AF",
        "%ZZ",
        "%",
        "%2",
        "%2F",
        "..",
        "%2E%2E%2F%2E%2E%2FCargo.toml",
        "..%2F..%2Fetc%2Fpasswd",
        ".",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "6F1C2A4E-0000-4000-8000-000000000001",
        "6f1c2a4e000040008000000000000001",
        "%7B6f1c2a4e-0000-4000-8000-000000000001%7D",
        "urn:uuid:6f1c2a4e-0000-4000-8000-000000000001",
        "6f1c2a4e-0000-4000-8000-00000000000",
        "6f1c2a4e-0000-4000-8000-0000000000011",
        "6f1c2a4e-0000-4000-8000-00000000000g",
        "%C3%A9%E6%97%A5",
        "-1",
        "9223372036854775808",
        "null",
        "a;b=c",
        "a,b",
        "@:!$&'()*+",
    ];
    let mut cases: Vec<(Method, String)> = Vec::new();
    for (method, template) in &templates {
        for segment in segments {
            cases.push((method.clone(), template.replace("{}", segment)));
        }
        // The real id with something appended or prepended, and very long segments.
        cases.push((method.clone(), template.replace("{}", &format!("{id}x"))));
        cases.push((method.clone(), template.replace("{}", &format!("{id}/x"))));
        cases.push((method.clone(), template.replace("{}", &format!("%20{id}"))));
        for len in [300, 4_000, 12_000] {
            cases.push((method.clone(), template.replace("{}", &"a".repeat(len))));
            cases.push((
                method.clone(),
                template.replace("{}", &"%FF".repeat(len / 3)),
            ));
        }
    }
    // Random segments.
    for i in 0..150u64 {
        let mut rng = Rng::new(0x9A74 ^ i);
        let (method, template) = rng.pick(&templates).clone();
        let n = 1 + rng.below(40);
        let segment: String = (0..n)
            .map(|_| match rng.below(3) {
                0 => format!("%{:02X}", rng.next() as u8),
                1 => char::from(b'a' + rng.below(26) as u8).to_string(),
                _ => rng
                    .pick(&[
                        "-", ".", "_", "~", "%", "!", "$", "'", "(", "*", "+", ",", ";", "=", ":",
                        "@",
                    ])
                    .to_string(),
            })
            .collect();
        cases.push((method, template.replace("{}", &segment)));
    }
    // Queries.
    let query_values: &[&str] = &[
        "",
        "0",
        "1",
        "-1",
        "1000",
        "1001",
        "4294967295",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "1e3",
        "1.5",
        "abc",
        "%00",
        "%FF",
        "null",
        "true",
        "[]",
        "%C3%A9",
        "lee",
        "%25",
        "%",
    ];
    let query_keys: &[&str] = &["after", "limit", "q", "x", "", "after[]", "LIMIT", "format"];
    for i in 0..200u64 {
        let mut rng = Rng::new(0x0E77 ^ i);
        let n = rng.below(4);
        let query: Vec<String> = (0..n)
            .map(|_| {
                let key = *rng.pick(query_keys);
                let value = if rng.chance(90) {
                    rng.pick(query_values).to_string()
                } else {
                    "q".repeat(*rng.pick(&[200, 201, 5_000]))
                };
                format!("{key}={value}")
            })
            .collect();
        let query = query.join(if rng.chance(90) { "&" } else { ";" });
        let path = match rng.below(3) {
            0 => format!("/api/v1/tournaments/{id}/events?{query}"),
            1 => format!("/api/v1/tournaments/{id}/results?{query}"),
            _ => format!("/api/v1/players?{query}"),
        };
        cases.push((Method::GET, path));
    }
    // Every method on every route.
    let routes = [
        "/api/health".to_string(),
        "/api/openapi.json".to_string(),
        "/api/v1/structures".to_string(),
        "/api/v1/tournaments".to_string(),
        format!("/api/v1/tournaments/{id}"),
        format!("/api/v1/tournaments/{id}/clock"),
        format!("/api/v1/tournaments/{id}/structure"),
        format!("/api/v1/tournaments/{id}/events"),
        format!("/api/v1/tournaments/{id}/export"),
        format!("/api/v1/tournaments/{id}/entries"),
        format!("/api/v1/tournaments/{id}/results"),
        "/api/v1/tournaments/import".to_string(),
        "/api/v1/players".to_string(),
        "/api/v1/players/6f1c2a4e-0000-4000-8000-000000000001".to_string(),
        "/ws".to_string(),
    ];
    for route in &routes {
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::HEAD,
            Method::OPTIONS,
            Method::from_bytes(b"FUZZ").expect("a token"),
        ] {
            cases.push((method, route.clone()));
        }
    }

    let mut accepted = 0u64;
    for (i, (method, path)) in cases.into_iter().enumerate() {
        let mut rng = Rng::new(0x7A75 ^ i as u64);
        let body = if matches!(method, Method::POST | Method::PUT) {
            Some((br#"{"action":"pause"}"#.to_vec(), true))
        } else {
            None
        };
        let url = server.url(&path);
        let commands = path.starts_with(&format!("/api/v1/tournaments/{id}/"))
            && matches!(method, Method::POST | Method::PUT);
        let answer = probe(&client, &mut findings, &mut rng, method, &url, body).await;
        if commands && answer.is_some_and(|(s, _)| s.is_success()) {
            accepted += 1;
        }
    }
    assert_healthy(&server, "paths").await;
    let after = json_get(&server, &format!("/api/v1/tournaments/{id}")).await;
    assert_eq!(after["seq"].as_u64(), Some(seq_before + accepted));
    findings.assert_none("paths");
    server.stop().await;
}

// ---------------------------------------------------------------------------------------
// What the fuzzing found

/// An `after` beyond any sequence number is the client's mistake, not the database's.
/// Found by fuzzing: `after` is a `u64` in the query but the store turned it into an
/// `i64` and reported a value beyond `i64::MAX` as corrupt stored data (`seq_to_sql` in
/// actors/src/store/db.rs): 503 `storage_unavailable`, "stored data cannot be read".
#[actix_web::test]
async fn events_after_a_sequence_beyond_i64_is_a_bad_query_not_a_storage_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Target").await;
    for after in ["9223372036854775808", "18446744073709551615"] {
        let (status, body) =
            common::get(&server.url(&format!("/api/v1/tournaments/{id}/events?after={after}")))
                .await;
        assert!(
            status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
            "after={after}: {status} {body}"
        );
    }
    server.stop().await;
}

/// `scheduled_start` is any `i64`. Found by fuzzing: with `auto_start`, a start at the far
/// past made `now - at` overflow in `ClockAnchor::settled` (reached from
/// `Tournament::summary` through `effective_clock`) once the creation was durable: in a
/// debug build the supervisor panicked in `Supervisor::spawn` (the creation answered 503
/// although it was on disk) and every later request answered 503; in release the elapsed
/// time wrapped silently. The next start would rebuild it and fail the same way.
#[actix_web::test]
async fn a_tournament_scheduled_at_the_ends_of_time_does_not_take_the_server_down() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, body) = common::post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Dawn of time", "structure": "turbo",
               "scheduled_start": i64::MIN, "auto_start": true}),
    )
    .await;
    assert!(
        status == StatusCode::CREATED || status.is_client_error(),
        "{status} {body}"
    );
    assert_healthy(&server, "a start at i64::MIN").await;
    let (status, body) = common::get(&server.url("/api/v1/tournaments")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    server.stop().await;
}

/// An edited export is refused or imports as a tournament that works. Found by fuzzing:
/// `Tournament::replay` checked the order of the log, not its values. A clock with
/// `i64::MAX` ms left made `next_change_at` overflow (`now + remaining`) in the new
/// tournament actor, which panicked at every restart (reading it: 503); one anchored at
/// `i64::MIN` made `ClockAnchor::settled` overflow in the supervisor itself, after which
/// every request answered 503. The log was on disk by then: the next start met it again.
#[actix_web::test]
async fn an_imported_log_with_impossible_values_is_refused_and_the_server_stays_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Original").await;
    let (status, _) = common::clock(&server, &id, json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK);
    let export = json_get(&server, &format!("/api/v1/tournaments/{id}/export")).await;
    let mut problems = Vec::new();
    let cases = [
        (
            "remaining_ms",
            json!(i64::MAX),
            "6f1c2a4e-0000-4000-8000-00000000000a",
        ),
        (
            "at",
            json!(i64::MIN),
            "6f1c2a4e-0000-4000-8000-00000000000b",
        ),
    ];
    for (field, value, copy) in cases {
        let mut doc = export.clone();
        doc["tournament"] = json!(copy);
        doc["events"][0]["event"]["id"] = json!(copy);
        doc["events"][1]["event"]["clock"][field] = value.clone();
        let (status, body) = common::post(&server.url("/api/v1/tournaments/import"), doc).await;
        let case = format!("clock.{field} = {value}");
        if status.is_server_error() {
            problems.push(format!("{case}: import answered {status} {body}"));
        }
        if status == StatusCode::CREATED {
            let (status, body) =
                common::get(&server.url(&format!("/api/v1/tournaments/{copy}"))).await;
            if status != StatusCode::OK {
                problems.push(format!(
                    "{case}: imported, then reading it answers {status} {body}"
                ));
            }
        }
        let (status, body) = common::get(&server.url("/api/health")).await;
        if status != StatusCode::OK {
            problems.push(format!("{case}: health answers {status} {body}"));
        }
        let (status, body) = common::get(&server.url("/api/v1/tournaments")).await;
        if status != StatusCode::OK {
            problems.push(format!("{case}: the venue list answers {status} {body}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    server.stop().await;
}
