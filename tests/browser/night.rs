//! A whole 50-player night run with the pages alone: the director sets up the room, a
//! floor operator and the tournament on the desk; the operator registers fifty players on
//! the floor tablet, starts the clock, busts them one by one (the eliminator picked at the
//! same table) and makes the balancing moves the tablet proposes; the money is paid from
//! the tablet as players go out in the money; the director finishes the tournament on a
//! tablet; the TV follows all night and ends on the winner. The server is read only to
//! check what the pages did.

use crate::common::{self, TestServer};
use crate::driver::Browser;
use crate::floor::{choose, entries, open_floor_as, register, type_into};
use crate::page::{click, js, secs, wait_js};
use actix_web::http::StatusCode;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const FIELD: usize = 50;

/// A small deterministic generator: the same night every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What the page said in the message line `id` once it says something.
async fn said(browser: &Browser, id: &str, what: &str) -> String {
    let text = wait_js(
        browser,
        what,
        secs(5),
        &format!(
            "const m = document.getElementById('{id}'); return m.classList.contains('ok') || m.classList.contains('error') ? [m.classList.contains('ok'), m.textContent] : null;"
        ),
    )
    .await;
    assert_eq!(text[0], true, "{what}: {text}");
    js(
        browser,
        &format!(
            "const m = document.getElementById('{id}'); m.className = 'form-msg'; return null;"
        ),
    )
    .await;
    text[1].as_str().unwrap_or_default().to_string()
}

/// Table -> the entries seated there, from the server.
async fn tables(server: &TestServer, id: &str) -> BTreeMap<u64, Vec<u64>> {
    let (status, seating) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(status, StatusCode::OK, "{seating}");
    seating["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| {
            let seated = t["seats"]
                .as_array()
                .expect("seats")
                .iter()
                .filter_map(|s| s["entry"].as_u64())
                .collect();
            (t["table"]["id"].as_u64().expect("table id"), seated)
        })
        .collect()
}

/// One window of the browser.
struct Window<'a>(&'a Browser, fantoccini::wd::WindowHandle);

impl Window<'_> {
    /// Makes this window the one the test drives and reads.
    async fn show(&self) {
        self.0
            .client
            .switch_to_window(self.1.clone())
            .await
            .expect("switches windows");
    }
}

/// Makes every move the tablet proposes, from its moves tab.
async fn make_the_moves(browser: &Browser) -> usize {
    let mut made = 0;
    loop {
        let pending = js(
            browser,
            "return document.querySelectorAll('#plan .plan-move').length;",
        )
        .await;
        if pending == json!(0) {
            break;
        }
        // The tabs sit under the sticky header once the list has scrolled.
        js(browser, "window.scrollTo(0, 0); return null;").await;
        click(browser, "#tab-moves-btn").await;
        // Where the button is not known the tablet asks who moves: the first offered.
        js(
            browser,
            "const p = document.querySelector('#plan .plan-move .plan-pick');
             if (p) { p.value = p.options[1].value; p.dispatchEvent(new Event('change')); } return null;",
        )
        .await;
        js(
            browser,
            "document.getElementById('toast').textContent = ''; window.__plan = document.getElementById('plan').textContent; return null;",
        )
        .await;
        click(browser, "#plan .plan-move button[data-act=confirm-move]").await;
        wait_js(
            browser,
            "the move confirmed",
            secs(5),
            "return document.getElementById('toast').textContent.startsWith('Move made');",
        )
        .await;
        made += 1;
        assert!(made < 200, "the moves never end");
        // The plan is read again after the change.
        wait_js(
            browser,
            "the plan redrawn",
            secs(5),
            "return document.getElementById('plan').textContent !== window.__plan;",
        )
        .await;
    }
    js(browser, "window.scrollTo(0, 0); return null;").await;
    click(browser, "#tab-players-btn").await;
    made
}

#[actix_web::test]
async fn a_director_runs_a_fifty_player_night_with_the_pages_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;

    // The director: six tables in the room, a floor operator, the tournament.
    let tablet = Browser::start().await;
    tablet.on_new_document(crate::CSP_LISTENER).await;
    tablet.set_viewport(1280, 800).await;
    crate::desk::log_in_to_desk(&tablet, &server).await;
    wait_js(
        &tablet,
        "the desk",
        secs(5),
        "return document.querySelectorAll('#new-form select[name=structure] option').length > 0;",
    )
    .await;
    click(&tablet, "#tab-tables-btn").await;
    for table in 1..=6 {
        type_into(&tablet, "#table-form input[name=id]", &table.to_string()).await;
        click(&tablet, "#table-form button[type=submit]").await;
        said(&tablet, "tables-msg", "the table added").await;
    }
    let (_, room) = common::get(&server.url("/api/v1/tables")).await;
    assert_eq!(room.as_array().map(Vec::len), Some(6), "{room}");
    click(&tablet, "#tab-staff-btn").await;
    type_into(&tablet, "#staff-form input[name=name]", "Gus").await;
    click(&tablet, "#staff-form button[type=submit]").await;
    let pin = said(&tablet, "staff-msg", "the operator's PIN").await;
    let pin = pin
        .split(": ")
        .nth(1)
        .and_then(|p| p.split(' ').next())
        .expect("a PIN in the message")
        .to_string();
    click(&tablet, "#tab-new-btn").await;
    type_into(&tablet, "#new-form input[name=name]", "Saturday 50").await;
    type_into(&tablet, "#new-form input[name=prize]", "100").await;
    type_into(&tablet, "#new-form input[name=fee]", "10").await;
    type_into(
        &tablet,
        "#new-form input[name=expected]",
        &FIELD.to_string(),
    )
    .await;
    click(&tablet, "#new-form button[type=submit]").await;
    said(&tablet, "new-msg", "the tournament created").await;
    let (_, list) = common::get(&server.url("/api/v1/tournaments")).await;
    let id = list
        .as_array()
        .and_then(|l| l.iter().find(|s| s["name"] == "Saturday 50"))
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("the tournament exists: {list}"))
        .to_string();
    let given = tables(&server, &id).await;
    assert_eq!(given.len(), 6, "50 players on 9-seat tables: {given:?}");

    // The TV on the wall, left on its automatic layout all night (a second window: the
    // tests run one browser at a time).
    let desk_window = tablet.client.window().await.expect("the desk's window");
    let tv_window = tablet
        .client
        .new_window(false)
        .await
        .expect("opens the TV's window")
        .handle;
    let tv = Window(&tablet, tv_window);
    tv.show().await;
    tablet
        .client
        .goto(&server.url(&format!("/tv/{id}")))
        .await
        .expect("opens the TV");
    wait_js(
        &tablet,
        "the TV live",
        secs(5),
        "return document.getElementById('connection').textContent === 'live';",
    )
    .await;

    // Gus registers the field on the tablet (the desk's window, the director logged out):
    // every seat shown is the one drawn.
    let floor = Window(&tablet, desk_window);
    floor.show().await;
    open_floor_as(&tablet, &server, &id, common::ADMIN, common::ADMIN_PIN).await;
    click(&tablet, "#settings-btn").await;
    click(&tablet, "#logout").await;
    open_floor_as(&tablet, &server, &id, "Gus", &pin).await;
    for i in 0..FIELD {
        register(&tablet, &format!("Player {i:02}")).await;
    }
    let all = entries(&server, &id).await;
    assert_eq!(all.len(), FIELD);
    let seated = tables(&server, &id).await;
    let sizes: Vec<usize> = seated.values().map(Vec::len).collect();
    assert_eq!(sizes.iter().sum::<usize>(), FIELD, "{seated:?}");
    assert!(
        sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= 1,
        "the draw fills the tables evenly: {sizes:?}"
    );
    tv.show().await;
    wait_js(
        &tablet,
        "50 players on the TV",
        secs(2),
        "return document.getElementById('players').textContent.includes('50');",
    )
    .await;
    floor.show().await;
    click(&tablet, "[data-clock=start]").await;
    wait_js(
        &tablet,
        "the clock running",
        secs(3),
        "return document.getElementById('clock-status').textContent === 'running';",
    )
    .await;

    // Busts until one player is left; the tablet's moves are made as they come.
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut paid_out = BTreeSet::new();
    let mut moves = 0;
    for left in (2..=FIELD).rev() {
        let seated = tables(&server, &id).await;
        let in_play: Vec<(u64, u64)> = seated
            .iter()
            .flat_map(|(t, es)| es.iter().map(move |e| (*t, *e)))
            .collect();
        assert_eq!(
            in_play.len(),
            left,
            "everyone still in is seated: {seated:?}"
        );
        let (table, victim) = in_play[dice.below(in_play.len())];
        let mates: Vec<u64> = seated[&table]
            .iter()
            .copied()
            .filter(|e| *e != victim)
            .collect();
        let hitman = if mates.is_empty() {
            in_play
                .iter()
                .map(|(_, e)| *e)
                .find(|e| *e != victim)
                .expect("someone else")
        } else {
            mates[dice.below(mates.len())]
        };
        click(
            &tablet,
            &format!("li.entry[data-entry='{victim}'] button[data-act=bust]"),
        )
        .await;
        choose(
            &tablet,
            "#bust-form select[name=eliminator]",
            &hitman.to_string(),
        )
        .await;
        js(
            &tablet,
            "document.getElementById('toast').textContent = ''; return null;",
        )
        .await;
        click(&tablet, "#bust-form button[value=bust]").await;
        // The tablet says so once it has read the tournament again (and then offers the
        // payouts, if any).
        wait_js(
            &tablet,
            &format!("entry {victim} out on the tablet"),
            secs(5),
            &format!("return !!document.querySelector(\"li.entry.out[data-entry='{victim}']\") && document.getElementById('toast').textContent.includes(' out');"),
        )
        .await;
        // Out in the money: the tablet shows what to pay; the receipt is printed.
        let paying = js(
            &tablet,
            "const d = document.getElementById('pay-dialog'); return d.open ? [...document.querySelectorAll('#pay-list li')].map((li) => Number(li.dataset.entry)) : [];",
        )
        .await;
        for entry in paying.as_array().expect("a list") {
            paid_out.insert(entry.as_u64().expect("an entry"));
        }
        if paying != json!([]) {
            click(&tablet, "#pay-dialog button[data-close]").await;
        }
        moves += make_the_moves(&tablet).await;
        let after = tables(&server, &id).await;
        let sizes: Vec<usize> = after.values().map(Vec::len).filter(|n| *n > 0).collect();
        // The house default: two players apart while more than four tables run, then one.
        let tolerance = if sizes.len() > 4 { 2 } else { 1 };
        assert!(
            sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= tolerance,
            "{left} left: the tables balanced once the moves are made: {after:?}"
        );
    }
    assert!(moves > 0, "a night of busts needs balancing moves");
    tv.show().await;
    wait_js(
        &tablet,
        "one player left on the TV",
        secs(2),
        "return /\\b1\\b/.test(document.getElementById('players').textContent);",
    )
    .await;
    floor.show().await;

    // The money: every place once, the prizes add up to the pool, and the tablet offered
    // each player in the money their payout as they went out (the winner with the last).
    let (status, results) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let rows = results.as_array().expect("results");
    assert_eq!(rows.len(), FIELD);
    let mut places: Vec<u64> = rows
        .iter()
        .map(|r| r["places"]["best"].as_u64().expect("a place"))
        .collect();
    places.sort_unstable();
    assert_eq!(places, (1..=FIELD as u64).collect::<Vec<_>>());
    let prizes: i64 = rows.iter().map(|r| r["prize"].as_i64().unwrap_or(0)).sum();
    assert_eq!(prizes, FIELD as i64 * 10_000, "the pool is paid exactly");
    let in_the_money: BTreeSet<u64> = rows
        .iter()
        .filter(|r| r["prize"].as_i64().unwrap_or(0) > 0)
        .map(|r| r["entry"].as_u64().expect("entry"))
        .collect();
    assert!(in_the_money.len() >= 5, "{results}");
    assert_eq!(paid_out, in_the_money, "the tablet offered every payout");
    let winner: &Value = rows
        .iter()
        .find(|r| r["places"]["best"] == 1)
        .expect("a winner");
    let name = winner["name"]
        .as_str()
        .expect("the winner's name")
        .to_string();

    // The director finishes it from the tablet (Gus logs out); the TV shows the winner.
    click(&tablet, "#settings-btn").await;
    click(&tablet, "#logout").await;
    open_floor_as(&tablet, &server, &id, common::ADMIN, common::ADMIN_PIN).await;
    let bar = wait_js(
        &tablet,
        "the last player named",
        secs(3),
        "const b = document.getElementById('winner-bar'); return b.hidden ? null : document.getElementById('winner-text').textContent;",
    )
    .await;
    assert!(bar.as_str().is_some_and(|b| b.contains(&name)), "{bar}");
    click(&tablet, "#finish-btn").await;
    wait_js(
        &tablet,
        "the confirmation",
        secs(2),
        "return document.getElementById('confirm-dialog').open;",
    )
    .await;
    click(&tablet, "#confirm-yes").await;
    wait_js(
        &tablet,
        "the tournament finished",
        secs(3),
        "return document.getElementById('toast').textContent.startsWith('Finished');",
    )
    .await;
    let (_, state) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(state["state"]["status"], "finished", "{state}");
    tv.show().await;
    let shown = wait_js(
        &tablet,
        "the winner on the TV",
        secs(3),
        &format!(
            "const b = document.getElementById('board'); return !b.hidden && b.textContent.includes({name:?}) ? b.textContent : null;"
        ),
    )
    .await;
    assert!(shown.as_str().is_some_and(|s| s.contains(&name)));
    tablet.screenshot("night-tv-winner").await;
    floor.show().await;
    crate::assert_clean(&tablet, "the floor page").await;

    tablet.close().await;
    server.stop().await;
}
