//! The TV's layouts in a real browser: each one at 1920x1080 and at 3840x2160 with its
//! screenshot and no overflow or scrollbar, live figures within a second of an API action,
//! the top payouts under the clock, the `auto` layout following the moment (break, moves,
//! hand-for-hand, final table, winner), the level-change announcement made once and never
//! again after a reload or an undo, and the TV, phone and venue pages in French.

use crate::common::{self, TestServer};
use crate::driver::Browser;
use crate::page::{blinds_text, js, secs, wait_js, Tv};
use crate::{check_layout, command, levels_of, start_clock};
use actix_web::http::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const NAMES: &[&str] = &[
    "Ana Silva",
    "Ben Okafor",
    "Chloe Martin",
    "Dmitri Volkov",
    "Elena Rossi",
    "Farid Haddad",
    "Grace Kim",
    "Hugo Lefebvre",
    "Ines Duarte",
    "Jonas Berg",
    "Kavya Rao",
    "Liam Murphy",
    "Mei Chen",
    "Nikolai Petrov",
    "Olivia Brown",
    "Pablo Ortega",
    "Quinn Taylor",
    "Rosa Diaz",
    "Sven Larsen",
    "Tariq Aziz",
    "Uma Patel",
    "Victor Hugo",
    "Wen Li",
    "Ximena Cruz",
    "Yusuf Demir",
    "Zoe Adams",
    "Aaron Blake",
    "Bianca Neri",
    "Carlos Mendes",
    "Maximilian Alexander Wolfeschlegelstein",
];

/// A running turbo with the room's 9-seat tables `tables` (created here).
async fn with_tables(
    server: &TestServer,
    name: &str,
    tables: std::ops::RangeInclusive<u32>,
) -> String {
    let id = common::create(server, name).await;
    let count = tables.clone().count();
    common::add_venue_tables(server, tables).await;
    common::give_tables(server, &id, json!({ "count": count })).await;
    start_clock(server, &id).await;
    id
}

/// Registers a new player and returns the entry number.
async fn register(server: &TestServer, id: &str, name: &str) -> u64 {
    let (status, body) =
        common::post(&server.url("/api/v1/players"), json!({ "name": name })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let player = body["player"]["id"]
        .as_str()
        .expect("player id")
        .to_string();
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        json!({"action": "register", "player": player}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "register {name}: {body}");
    let entries = body["state"]["figures"]["entries"].as_u64();
    entries.expect("the figures count the entry")
}

async fn bust(server: &TestServer, id: &str, entry: u64) {
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/entries")),
        json!({"action": "bust", "busted": [{"entry": entry, "stack": 0}], "eliminators": []}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "bust {entry}: {body}");
}

/// A seating action over the API (hand-for-hand, hand done).
async fn seat_action(server: &TestServer, id: &str, action: Value) -> Value {
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/seating")),
        action.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{action}: {body}");
    body
}

async fn seating(server: &TestServer, id: &str) -> Value {
    let (status, body) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The layout the page shows now, and the board's texts.
const READ_BOARD: &str = r#"
const t = (id) => { const e = document.getElementById(id); return e ? e.textContent.replace(/\s+/g, ' ').trim() : ''; };
const board = document.getElementById('board');
const top = document.getElementById('top-payouts');
return { layout: document.body.dataset.layout || '', title: t('board-title'), lead: t('board-lead'),
         page: t('board-page'), board: !board.hidden,
         rows: [...document.querySelectorAll('#board-body .board-row')].map((r) => r.textContent.replace(/\s+/g, ' ').trim()),
         players: t('players'), time: t('time-left'), level: t('level'), blinds: t('blinds'),
         top: !!top && !top.hidden && top.getBoundingClientRect().height > 0 ? t('top-payouts-title') : '',
         payouts: [...document.querySelectorAll('#top-payouts .tv-payout')].map((r) => r.textContent.replace(/\s+/g, ' ').trim()),
         lang: document.documentElement.lang };
"#;

/// Waits until the page's layout and board (as `v`) satisfy the JavaScript test `ok`;
/// fails after `within` with what the page showed last.
async fn wait_board(browser: &Browser, what: &str, within: Duration, ok: &str) -> Value {
    let script = format!("const v = (() => {{ {READ_BOARD} }})();\nreturn [!!({ok}), v];");
    let deadline = Instant::now() + within;
    loop {
        let got = js(browser, &script).await;
        if got[0] == json!(true) {
            return got[1].clone();
        }
        if Instant::now() >= deadline {
            let log = browser.take_log().await;
            panic!(
                "waited {within:?} for {what}; the TV shows {:#}\nbrowser log: {log:#?}",
                got[1]
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Checks that every row, panel and title lies inside its box (the board, the panel, the
/// viewport): nothing cut or spilling, on top of the page-wide overflow check.
const BOXES: &str = r#"
const out = [];
const inside = (e, box, what) => {
  const r = e.getBoundingClientRect(), b = box.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return;
  if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1)
    out.push(`${what} "${e.textContent.trim().slice(0, 40)}" leaves its box: ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)} in ${Math.round(b.left)}..${Math.round(b.right)} x ${Math.round(b.top)}..${Math.round(b.bottom)}`);
};
for (const r of document.querySelectorAll('#board-body > *')) inside(r, document.getElementById('board-body'), 'board row');
for (const v of document.querySelectorAll('.tv-panel-value')) inside(v, v.parentElement, 'panel value');
for (const v of document.querySelectorAll('.tv-payouts-list')) inside(v, v.parentElement, 'payouts line');
for (const v of document.querySelectorAll('.tv-payout')) inside(v, v.parentElement, 'payout');
for (const e of document.querySelectorAll('.board-row .main, .board-row .side')) {
  if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).textOverflow !== 'ellipsis') out.push(`"${e.textContent}" overflows its row`);
}
const de = document.documentElement;
if (de.scrollHeight > innerHeight || de.scrollWidth > innerWidth) out.push('the page scrolls');
if (innerWidth - de.clientWidth > 0 || innerHeight - de.clientHeight > 0) out.push('a scrollbar is showing');
return out;
"#;

#[actix_web::test]
async fn every_tv_layout_fits_1080p_and_4k_with_no_scrollbar_and_nothing_out_of_its_box() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;

    // A field of 30 on four tables, then three busts: a table breaks and its players move.
    let id = with_tables(&server, "Sunday Million Turbo Satellite", 1..=4).await;
    for name in NAMES {
        register(&server, &id, name).await;
    }
    for entry in [3, 7, 11] {
        bust(&server, &id, entry).await;
    }
    let report = seating(&server, &id).await;
    let moves = report["announced"].as_array().expect("announced").len();
    assert!(moves > 0, "a table broke: {report}");

    // On a break, paused, for the break screen.
    let on_break = common::create(&server, "Break Turbo").await;
    let levels = start_clock(&server, &on_break).await;
    let first_break = levels
        .iter()
        .position(|l| l["kind"] == "break")
        .expect("turbo has breaks");
    command(
        &server,
        &on_break,
        json!({"action": "jump", "level": first_break}),
    )
    .await;

    // Finished, with its winner, for the winner screen.
    let done = with_tables(&server, "Thursday Deepstack", 5..=5).await;
    for name in &NAMES[..4] {
        register(&server, &done, name).await;
    }
    for entry in [4, 3, 2] {
        bust(&server, &done, entry).await;
    }
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{done}/finish")),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "finish: {body}");

    // Down to its final table (12 players on two tables, three out), for the final-table screen.
    let final_table = with_tables(&server, "Monday Final Table Freezeout", 6..=7).await;
    for name in &NAMES[17..29] {
        register(&server, &final_table, name).await;
    }
    for entry in [12, 11, 10] {
        bust(&server, &final_table, entry).await;
    }
    // Hand-for-hand on the big field, for the hand-for-hand screen.
    seat_action(&server, &id, json!({"action": "start_hand_for_hand"})).await;

    let shots: [(&str, &str, &str); 9] = [
        (
            "clock",
            id.as_str(),
            "v.layout === 'clock' && v.players.startsWith('27 / 30') && v.payouts.length >= 3 && / paid$/.test(v.top)",
        ),
        (
            "payouts",
            id.as_str(),
            "v.layout === 'payouts' && v.rows.length > 0",
        ),
        (
            "seating",
            id.as_str(),
            "v.layout === 'seating' && v.rows.length > 0",
        ),
        (
            "moves",
            id.as_str(),
            "v.layout === 'moves' && v.rows.length > 0",
        ),
        (
            "break",
            on_break.as_str(),
            "v.layout === 'break' && v.time.startsWith('Play resumes in')",
        ),
        (
            "final",
            final_table.as_str(),
            "v.layout === 'final' && v.rows.length === 9 && v.payouts.length > 0 && v.top === 'Payouts left'",
        ),
        (
            "hfh",
            id.as_str(),
            "v.layout === 'hfh' && v.rows.length === 3 && v.title.startsWith('Hand for hand')",
        ),
        (
            "winner",
            done.as_str(),
            "v.layout === 'winner' && v.title === 'Winner' && v.lead.startsWith('Ana Silva')",
        ),
        (
            "overview",
            "",
            "v.layout === 'overview' && v.rows.length >= 2",
        ),
    ];
    let browser = Browser::start().await;
    let mut problems = Vec::new();
    for (w, h) in [(1920, 1080), (3840, 2160)] {
        browser.set_viewport(w, h).await;
        for (layout, tid, ready) in shots {
            let url = if tid.is_empty() {
                server.url("/tv?layout=overview")
            } else {
                server.url(&format!("/tv/{tid}?layout={layout}"))
            };
            browser.client.goto(&url).await.expect("opens the TV");
            let v = wait_board(&browser, &format!("the {layout} layout"), secs(5), ready).await;
            match layout {
                "seating" => {
                    // 27 players: paged, never scrolled, every name on some page.
                    let shown = v["rows"].as_array().expect("rows").len();
                    let page = v["page"].as_str().unwrap_or_default();
                    if shown < 27 {
                        assert!(page.starts_with("1 / "), "paged: {v}");
                    }
                    assert!(
                        v["rows"][0].as_str().unwrap_or_default().contains(" · S"),
                        "a name with its table and seat: {v}"
                    );
                }
                "winner" => assert!(v["rows"].as_array().expect("rows").len() >= 3, "{v}"),
                "clock" => {
                    // The first places with their amounts, first place first.
                    let first = v["payouts"][0].as_str().unwrap_or_default();
                    assert!(first.starts_with("1st "), "{v}");
                }
                "final" => {
                    let rows = v["rows"].to_string();
                    assert!(rows.contains("Seat 1") && rows.contains("Seat 9"), "{v}");
                    let payouts = v["payouts"].as_array().expect("payouts");
                    let last = payouts.last().and_then(Value::as_str).unwrap_or_default();
                    assert!(last.starts_with("1st "), "first place last: {v}");
                }
                "overview" => {
                    let rows = v["rows"].to_string();
                    assert!(
                        rows.contains("Sunday Million") && rows.contains("Break Turbo"),
                        "{v}"
                    );
                    assert!(
                        !rows.contains("Thursday Deepstack"),
                        "a finished one is left out: {v}"
                    );
                }
                _ => {}
            }
            let found = js(&browser, BOXES).await;
            for p in found.as_array().expect("a list") {
                problems.push(format!(
                    "tv-{layout}-{w}x{h}: {}",
                    p.as_str().unwrap_or_default()
                ));
            }
            check_layout(
                &browser,
                &format!("tv-{layout}-{w}x{h}"),
                true,
                &mut problems,
            )
            .await;
        }
    }
    assert!(
        problems.is_empty(),
        "layout problems:\n{}",
        problems.join("\n")
    );
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_tv_shows_players_left_and_a_level_change_within_a_second_of_the_api() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = with_tables(&server, "Friday Turbo", 1..=1).await;
    register(&server, &id, "Ana Silva").await;
    let levels = levels_of(&command(&server, &id, json!({"action": "pause"})).await);
    command(&server, &id, json!({"action": "resume"})).await;
    let browser = Browser::start().await;
    let tv = Tv::open(&browser, &server, &id).await;
    wait_board(
        &browser,
        "one player",
        secs(2),
        "v.players.startsWith('1 / 1')",
    )
    .await;

    let sent = Instant::now();
    register(&server, &id, "Ben Okafor").await;
    wait_board(
        &browser,
        "two players",
        secs(1),
        "v.players.startsWith('2 / 2')",
    )
    .await;
    let took = sent.elapsed();
    assert!(took <= secs(1), "players left shown after {took:?}");

    let sent = Instant::now();
    bust(&server, &id, 1).await;
    wait_board(
        &browser,
        "one left of two",
        secs(1),
        "v.players.startsWith('1 / 2')",
    )
    .await;
    assert!(
        sent.elapsed() <= secs(1),
        "bust shown after {:?}",
        sent.elapsed()
    );

    let sent = Instant::now();
    command(&server, &id, json!({"action": "next_level"})).await;
    let v = tv
        .wait_for("level 2", secs(1), |v| v.level == "Level 2")
        .await;
    assert!(
        sent.elapsed() <= secs(1),
        "level shown after {:?}",
        sent.elapsed()
    );
    assert_eq!(v.blinds, blinds_text(&levels[1]));
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_auto_layout_follows_the_break_the_moves_and_the_winner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = with_tables(&server, "Auto Turbo", 1..=2).await;
    for name in &NAMES[..10] {
        register(&server, &id, name).await;
    }
    let levels = levels_of(&seating_state(&server, &id).await);
    let browser = Browser::start().await;
    browser.set_viewport(1920, 1080).await;
    Tv::open(&browser, &server, &id).await;
    let v = wait_board(&browser, "the clock", secs(2), "v.layout === 'clock'").await;
    assert_eq!(v["board"], json!(false), "no list over the clock");

    // A break: the break screen, with the time to resume.
    let first_break = levels
        .iter()
        .position(|l| l["kind"] == "break")
        .expect("turbo has breaks");
    let sent = Instant::now();
    command(
        &server,
        &id,
        json!({"action": "jump", "level": first_break}),
    )
    .await;
    let v = wait_board(
        &browser,
        "the break screen",
        secs(1),
        "v.layout === 'break'",
    )
    .await;
    assert!(sent.elapsed() <= secs(1), "took {:?}", sent.elapsed());
    let time = v["time"].as_str().expect("time");
    assert!(time.starts_with("Play resumes in"), "{v}");
    let note = levels[first_break]["note"].as_str().unwrap_or_default();
    if !note.is_empty() {
        assert_eq!(v["blinds"], json!(note), "the colour-up notice");
    }

    // Back to play, then a bust breaks a table: its moves are shown.
    command(
        &server,
        &id,
        json!({"action": "jump", "level": first_break + 1}),
    )
    .await;
    wait_board(&browser, "the clock again", secs(1), "v.layout === 'clock'").await;
    bust(&server, &id, 10).await;
    let report = seating(&server, &id).await;
    let slips: Vec<String> = report["announced"]
        .as_array()
        .expect("announced")
        .iter()
        .map(|m| m["slip"].as_str().expect("slip").to_string())
        .collect();
    assert!(!slips.is_empty(), "the bust broke a table: {report}");
    let v = wait_board(
        &browser,
        "the moves",
        secs(2),
        "v.layout === 'moves' && v.rows.length > 0",
    )
    .await;
    let rows = v["rows"].to_string();
    assert!(rows.contains(slips.last().expect("a slip")), "{v}");

    // Finished: the winner.
    for entry in [9, 8, 7, 6, 5, 4, 3, 2] {
        bust(&server, &id, entry).await;
    }
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/finish")),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "finish: {body}");
    let v = wait_board(
        &browser,
        "the winner",
        secs(2),
        "v.layout === 'winner' && v.title === 'Winner'",
    )
    .await;
    assert!(
        v["lead"].as_str().expect("lead").starts_with("Ana Silva"),
        "{v}"
    );
    browser.screenshot("tv-auto-winner").await;
    browser.close().await;
    server.stop().await;
}

async fn seating_state(server: &TestServer, id: &str) -> Value {
    let (status, body) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["state"].clone()
}

/// What the page announced: `window.__feltAnnounced` (kind, text, played).
async fn announced(browser: &Browser) -> Vec<Value> {
    js(browser, "return window.__feltAnnounced || [];")
        .await
        .as_array()
        .expect("a list")
        .clone()
}

#[actix_web::test]
async fn a_level_change_is_announced_once_never_again_after_a_reload_or_an_undo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Sound Turbo").await;
    let levels = start_clock(&server, &id).await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&server.url(&format!("/tv/{id}?sound=1&speech=1")))
        .await
        .expect("opens the TV");
    Tv { browser: &browser }
        .wait_for("live", secs(5), |v| !v.loading && v.connection == "live")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(announced(&browser).await.is_empty(), "nothing at load");

    let (status, skipped) = common::clock(&server, &id, json!({"action": "next_level"})).await;
    assert_eq!(status, StatusCode::OK, "{skipped}");
    let seq = skipped["seq"].as_u64().expect("the event's seq");
    let said = wait_js(
        &browser,
        "the level announced",
        secs(2),
        "const a = window.__feltAnnounced || []; return a.length ? a : null;",
    )
    .await;
    let [blinds_sb, blinds_bb] = [&levels[1]["small_blind"], &levels[1]["big_blind"]];
    let expect = format!("Level 2, blinds {blinds_sb} {blinds_bb}");
    assert_eq!(said[0]["kind"], "level");
    assert!(
        said[0]["text"].as_str().expect("text").starts_with(&expect),
        "{said}"
    );
    assert_eq!(said[0]["played"], true, "this screen plays sound");
    let flash = js(
        &browser,
        "return document.getElementById('flash').className;",
    )
    .await;
    assert!(
        flash.as_str().unwrap_or_default().contains("show"),
        "{flash}"
    );

    // A reload: level 2 is not announced again.
    browser.client.refresh().await.expect("reloads");
    Tv { browser: &browser }
        .wait_for("live again", secs(5), |v| {
            v.connection == "live" && v.level == "Level 2"
        })
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        announced(&browser).await.is_empty(),
        "a reload replays nothing"
    );

    // Undo the skip (back to level 1), skip again: level 2 was announced already.
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/undo")),
        json!({ "seq": seq }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "undo: {body}");
    Tv { browser: &browser }
        .wait_for("level 1 after the undo", secs(2), |v| v.level == "Level 1")
        .await;
    command(&server, &id, json!({"action": "next_level"})).await;
    Tv { browser: &browser }
        .wait_for("level 2 again", secs(2), |v| v.level == "Level 2")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        announced(&browser).await.is_empty(),
        "an undo and redo replay nothing"
    );

    // A new level is announced.
    command(&server, &id, json!({"action": "next_level"})).await;
    let said = wait_js(
        &browser,
        "level 3 announced",
        secs(2),
        "const a = window.__feltAnnounced || []; return a.length ? a : null;",
    )
    .await;
    assert_eq!(said.as_array().map(Vec::len), Some(1), "{said}");
    assert!(
        said[0]["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Level 3"),
        "{said}"
    );

    // A silent screen shows the change but plays nothing.
    browser
        .client
        .goto(&server.url(&format!("/tv/{id}?sound=0")))
        .await
        .expect("opens the TV");
    Tv { browser: &browser }
        .wait_for("live", secs(5), |v| !v.loading && v.connection == "live")
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    command(&server, &id, json!({"action": "next_level"})).await;
    let said = wait_js(
        &browser,
        "level 4 shown",
        secs(2),
        "const a = window.__feltAnnounced || []; return a.length ? a : null;",
    )
    .await;
    assert_eq!(said[0]["played"], false, "muted: {said}");
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_auto_layout_follows_hand_for_hand_and_the_final_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = with_tables(&server, "Auto Final Turbo", 1..=2).await;
    for name in &NAMES[..12] {
        register(&server, &id, name).await;
    }
    let browser = Browser::start().await;
    browser.set_viewport(1920, 1080).await;
    Tv::open(&browser, &server, &id).await;
    let v = wait_board(
        &browser,
        "the clock with its top payouts",
        secs(2),
        "v.layout === 'clock' && v.payouts.length > 0",
    )
    .await;
    assert!(
        v["top"].as_str().unwrap_or_default().ends_with(" paid"),
        "{v}"
    );
    assert!(
        v["payouts"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("1st "),
        "{v}"
    );
    browser.screenshot("tv-auto-clock-payouts").await;

    // Hand-for-hand: which tables still have to finish the hand.
    seat_action(&server, &id, json!({"action": "start_hand_for_hand"})).await;
    let v = wait_board(
        &browser,
        "the hand-for-hand screen",
        secs(2),
        "v.layout === 'hfh' && v.rows.length === 2",
    )
    .await;
    assert!(
        v["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Hand for hand"),
        "{v}"
    );
    let rows = v["rows"].to_string();
    assert!(
        rows.contains("Table 1playing") && rows.contains("Table 2playing"),
        "{v}"
    );
    seat_action(&server, &id, json!({"action": "hand_done", "table": 1})).await;
    let v = wait_board(
        &browser,
        "table 1 done with the hand",
        secs(2),
        "v.layout === 'hfh' && v.rows.join('|') === 'Table 2playing|Table 1done'",
    )
    .await;
    assert!(
        v["lead"].as_str().unwrap_or_default().contains(": 1"),
        "{v}"
    );
    browser.screenshot("tv-auto-hfh").await;
    seat_action(&server, &id, json!({"action": "stop_hand_for_hand"})).await;
    wait_board(&browser, "the clock again", secs(2), "v.layout === 'clock'").await;

    // Three out: the nine left are redrawn at the final table. Auto shows the moves for a
    // while, then (here after a reload, when they are no longer new) the final table.
    for entry in [12, 11, 10] {
        bust(&server, &id, entry).await;
    }
    let report = seating(&server, &id).await;
    let in_play: Vec<&Value> = report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| t["players"].as_u64() > Some(0))
        .collect();
    assert_eq!(in_play.len(), 1, "one table left: {report}");
    wait_board(
        &browser,
        "the redraw's moves",
        secs(2),
        "v.layout === 'moves'",
    )
    .await;
    browser.client.refresh().await.expect("reloads");
    let v = wait_board(
        &browser,
        "the final table",
        secs(5),
        "v.layout === 'final' && v.rows.length === 9 && v.payouts.length > 0",
    )
    .await;
    let rows = v["rows"].as_array().expect("rows");
    for (i, row) in rows.iter().enumerate() {
        let row = row.as_str().unwrap_or_default();
        assert!(row.ends_with(&format!("Seat {}", i + 1)), "by seat: {v}");
    }
    assert_eq!(v["top"], "Payouts left", "{v}");
    let last = v["payouts"].as_array().expect("payouts").last().cloned();
    assert!(
        last.and_then(|p| p.as_str().map(|p| p.starts_with("1st ")))
            .unwrap_or(false),
        "{v}"
    );
    let found = js(&browser, BOXES).await;
    assert_eq!(found, json!([]), "the final table fits");
    browser.screenshot("tv-auto-final").await;

    // Asked for explicitly, the final and hand-for-hand layouts show the same.
    browser
        .client
        .goto(&server.url(&format!("/tv/{id}?layout=final")))
        .await
        .expect("opens the TV");
    wait_board(
        &browser,
        "the final layout",
        secs(5),
        "v.layout === 'final' && v.rows.length === 9",
    )
    .await;
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_tv_phone_and_venue_pages_speak_french_and_a_paired_screen_switches_language_live() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = with_tables(&server, "Tournoi du vendredi", 1..=1).await;
    for name in &NAMES[..3] {
        register(&server, &id, name).await;
    }
    let browser = Browser::start().await;
    browser.set_viewport(1920, 1080).await;

    // The TV with ?lang=fr, dark even when this browser's theme setting is light.
    browser
        .client
        .goto(&server.url("/"))
        .await
        .expect("opens the venue page");
    js(
        &browser,
        "localStorage.setItem('felt.theme', 'light'); return true;",
    )
    .await;
    browser
        .client
        .goto(&server.url(&format!("/tv/{id}?lang=fr")))
        .await
        .expect("opens the TV");
    let v = wait_board(
        &browser,
        "the TV in French",
        secs(5),
        "v.lang === 'fr' && v.level === 'Niveau 1' && v.payouts.length > 0",
    )
    .await;
    assert!(
        v["top"].as_str().unwrap_or_default().ends_with(" payés"),
        "{v}"
    );
    assert!(
        v["payouts"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("1er "),
        "{v}"
    );
    let texts = js(
        &browser,
        "return { heads: [...document.querySelectorAll('.tv-panel h2')].map((e) => e.textContent), \
         status: document.getElementById('status').textContent, conn: document.getElementById('connection').textContent, \
         theme: document.documentElement.dataset.theme, bg: getComputedStyle(document.body).backgroundColor };",
    )
    .await;
    assert_eq!(texts["heads"][0], "Niveau suivant", "{texts}");
    assert_eq!(texts["heads"][2], "Joueurs", "{texts}");
    assert_eq!(texts["status"], "en cours", "{texts}");
    assert_eq!(texts["conn"], "en ligne", "{texts}");
    assert_eq!(texts["theme"], "dark", "the TV stays dark: {texts}");
    browser.screenshot("tv-clock-fr").await;
    let found = js(&browser, BOXES).await;
    assert_eq!(found, json!([]), "the French clock fits");

    // A level change is announced, and spoken, in French.
    browser
        .client
        .goto(&server.url(&format!("/tv/{id}?lang=fr&sound=1&speech=1")))
        .await
        .expect("opens the TV");
    wait_board(
        &browser,
        "the French TV, live",
        secs(5),
        "v.lang === 'fr' && v.level === 'Niveau 1'",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    command(&server, &id, json!({"action": "next_level"})).await;
    let said = wait_js(
        &browser,
        "the level announced in French",
        secs(3),
        "const a = window.__feltAnnounced || []; return a.length ? a : null;",
    )
    .await;
    let text = said[0]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("Niveau 2, blindes "), "{said}");
    let spoken = wait_js(
        &browser,
        "the announcement spoken",
        secs(3),
        "if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return 'no speech here'; \
         const s = window.__feltSpoken || []; return s.length ? s : null;",
    )
    .await;
    if spoken != json!("no speech here") {
        assert_eq!(spoken[0]["lang"], "fr", "{spoken}");
        assert_eq!(spoken[0]["text"].as_str(), Some(text), "{spoken}");
    }
    browser
        .client
        .goto(&server.url(&format!("/tv/{id}?sound=0&speech=0")))
        .await
        .expect("opens the TV");

    // The phone page and the venue page.
    browser
        .client
        .goto(&server.url(&format!("/phone/{id}?lang=fr")))
        .await
        .expect("opens the phone page");
    let phone = wait_js(
        &browser,
        "the phone page in French",
        secs(5),
        "const h = [...document.querySelectorAll('h2')].map((e) => e.textContent); \
         return document.getElementById('level').textContent === 'Niveau 2' ? { h, search: document.getElementById('search').placeholder } : null;",
    )
    .await;
    assert!(
        phone["h"].to_string().contains("Trouvez votre place"),
        "{phone}"
    );
    assert_eq!(phone["search"], "Votre nom", "{phone}");
    browser.screenshot("phone-fr").await;
    browser
        .client
        .goto(&server.url("/?lang=fr"))
        .await
        .expect("opens the venue page");
    let venue = wait_js(
        &browser,
        "the venue page in French",
        secs(5),
        "const l = document.querySelector('.row .tv-link'); \
         return l ? { list: document.getElementById('list-title').textContent, link: l.textContent, level: document.querySelector('.row-level .lv').textContent } : null;",
    )
    .await;
    assert_eq!(venue["list"], "Tournois", "{venue}");
    assert_eq!(venue["link"], "Horloge TV ↗", "{venue}");
    assert_eq!(venue["level"], "Niveau 2", "{venue}");
    browser.screenshot("venue-fr").await;
    js(
        &browser,
        "localStorage.removeItem('felt.theme'); return true;",
    )
    .await;

    // A paired screen in the browser's language (English here), switched live by a PATCH.
    browser
        .client
        .goto(&server.url("/tv"))
        .await
        .expect("opens the TV page");
    let shown = wait_js(
        &browser,
        "a pairing code",
        secs(5),
        "const c = document.getElementById('pairing-code').textContent; return /^[A-Z0-9]{6}$/.test(c) ? c : null;",
    )
    .await;
    let (status, screen) = common::post(
        &server.url("/api/v1/screens"),
        json!({"code": shown, "name": "Bar TV", "tournament": id}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{screen}");
    assert_eq!(screen["lang"], "", "{screen}");
    wait_board(
        &browser,
        "the paired clock in English",
        secs(8),
        "v.lang === 'en' && v.level === 'Level 2'",
    )
    .await;
    let path = format!("/api/v1/screens/{}", screen["id"].as_str().expect("id"));
    let (status, body) = common::send(
        "PATCH",
        &server.url(&path),
        Some(&json!({"lang": "fr"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let before = js(&browser, "window.__sameDocument = true; return true;").await;
    assert_eq!(before, json!(true));
    let v = wait_board(
        &browser,
        "the paired clock in French",
        secs(3),
        "v.lang === 'fr' && v.level === 'Niveau 2'",
    )
    .await;
    assert!(
        v["top"].as_str().unwrap_or_default().ends_with(" payés"),
        "{v}"
    );
    let same = js(&browser, "return window.__sameDocument === true;").await;
    assert_eq!(same, json!(true), "switched live, without a reload");
    browser.screenshot("tv-paired-fr").await;
    // Kept across a reload, and back to English live.
    browser.client.refresh().await.expect("reloads");
    wait_board(
        &browser,
        "still French after a reload",
        secs(5),
        "v.lang === 'fr' && v.level === 'Niveau 2'",
    )
    .await;
    let (status, _) = common::send(
        "PATCH",
        &server.url(&path),
        Some(&json!({"lang": "en"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    wait_board(
        &browser,
        "the paired clock in English again",
        secs(3),
        "v.lang === 'en' && v.level === 'Level 2'",
    )
    .await;
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_desks_screens_tab_pairs_a_screen_in_a_language_and_changes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Bar Turbo").await;
    let (status, pairing) =
        common::send_as("POST", &server.url("/api/v1/screens/pairing"), None, None).await;
    assert_eq!(status, StatusCode::CREATED, "{pairing}");
    let code = pairing["code"].as_str().expect("a code").to_string();

    let browser = Browser::start().await;
    browser.set_viewport(1280, 900).await;
    crate::desk::log_in_to_desk(&browser, &server).await;
    crate::page::click(&browser, "#tab-screens-btn").await;
    let langs = wait_js(
        &browser,
        "the pairing form's language choice",
        secs(5),
        "const f = document.getElementById('pair-form').elements; \
         return f.lang && f.tournament.options.length > 1 ? [...f.lang.options].map((o) => o.value + '=' + o.textContent) : null;",
    )
    .await;
    assert_eq!(
        langs,
        json!(["=the TV browser’s language", "en=English", "fr=Français"]),
        "{langs}"
    );
    js(
        &browser,
        &format!(
            "const f = document.getElementById('pair-form').elements; f.code.value = '{code}'; f.name.value = 'Bar TV'; \
             f.tournament.value = '{id}'; f.layout.value = 'final'; f.lang.value = 'fr'; return null;"
        ),
    )
    .await;
    crate::page::click(&browser, "#pair-form button[type=submit]").await;
    wait_js(
        &browser,
        "the screen's row",
        secs(5),
        "return document.querySelector('#screens li select[data-act=lang]') !== null;",
    )
    .await;
    let (_, screens) = common::get(&server.url("/api/v1/screens")).await;
    assert_eq!(screens[0]["lang"], "fr", "{screens}");
    assert_eq!(screens[0]["layout"], "final", "{screens}");
    browser.screenshot("desk-screens-lang").await;

    // Back to the browser's language from the screen's row.
    let row = js(
        &browser,
        "const s = document.querySelector('#screens li select[data-act=lang]'); \
         const was = s.value; s.value = ''; return { was, label: s.getAttribute('aria-label') };",
    )
    .await;
    assert_eq!(row["was"], "fr", "{row}");
    assert_eq!(row["label"], "Language of screen Bar TV", "{row}");
    crate::page::click(&browser, "#screens li button:not([data-act])").await;
    let saved = wait_js(
        &browser,
        "the language saved",
        secs(5),
        "const m = document.getElementById('screens-msg'); return m && /saved/.test(m.textContent) ? m.textContent : null;",
    )
    .await;
    assert!(
        saved.as_str().unwrap_or_default().contains("Bar TV"),
        "{saved}"
    );
    let (_, screens) = common::get(&server.url("/api/v1/screens")).await;
    assert_eq!(screens[0]["lang"], "", "{screens}");
    assert_eq!(screens[0]["layout"], "final", "{screens}");
    browser.close().await;
    server.stop().await;
}
