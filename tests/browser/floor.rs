//! The floor tablet (static/floor.html) in a real browser against the real server:
//! registering players (the drawn seat shown), a bust with its eliminator and its undo, a
//! double bust, an action on one tablet showing on a second, the layouts at TV and tablet
//! sizes, and the labels and focus basics.

use crate::common::{self, TestServer};
use crate::driver::Browser;
use crate::page::{click, js, press, secs, wait_js, CONTRAST, UNNAMED};
use crate::{check_layout, command};
use actix_web::http::StatusCode;
use fantoccini::Locator;
use serde_json::{json, Value};
use std::time::Instant;

const FLOOR: &str = "Fran";
const FLOOR_PIN: &str = "2468";

/// A running turbo with two 9-seat tables from the venue's pool, and a floor operator.
async fn setup(server: &TestServer, name: &str) -> String {
    let id = common::create(server, name).await;
    common::add_venue_tables(server, 1..=3).await;
    common::give_tables(server, &id, json!({"count": 2})).await;
    command(server, &id, json!({"action": "start"})).await;
    common::staff_token(server, FLOOR, "floor", FLOOR_PIN).await;
    id
}

/// Replaces the text of the field `css` finds; waits (up to 3 s) while the page is still
/// showing it or redrawing it.
pub(crate) async fn type_into(browser: &Browser, css: &str, text: &str) {
    let mut tries = 0;
    loop {
        let field = browser
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("finds {css}: {e}"));
        let typed = match field.clear().await {
            Ok(()) => field.send_keys(text).await,
            Err(e) => Err(e),
        };
        match typed {
            Ok(()) => return,
            Err(e)
                if tries < 30
                    && ["stale element", "not interactable"]
                        .iter()
                        .any(|m| e.to_string().contains(m)) =>
            {
                tries += 1;
                actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("types into {css}: {e}"),
        }
    }
}

/// Opens /floor, logs in with its PIN form when asked, and waits until the tournament
/// `id` is shown live with its entries read.
async fn open_floor(browser: &Browser, server: &TestServer, id: &str) {
    open_floor_as(browser, server, id, FLOOR, FLOOR_PIN).await;
}

/// [`open_floor`], logging in as `name` with `pin` when asked.
pub(crate) async fn open_floor_as(
    browser: &Browser,
    server: &TestServer,
    id: &str,
    name: &str,
    pin: &str,
) {
    browser
        .client
        .goto(&server.url("/floor"))
        .await
        .expect("opens the floor page");
    let guest = wait_js(
        browser,
        "the floor page to start",
        secs(5),
        // A stored login is checked with the server first: wait for that answer.
        "if (!window.FeltFloor) return null;
         if (!document.getElementById('app').hidden) return 'in';
         return window.FeltStaff.token() ? null : 'guest';",
    )
    .await;
    if guest == "guest" {
        type_into(browser, "#login input[name=name]", name).await;
        type_into(browser, "#login input[name=pin]", pin).await;
        click(browser, "#login button[type=submit]").await;
    }
    wait_js(
        browser,
        "the tournament live on the tablet",
        secs(5),
        &format!(
            "const S = window.FeltFloor.state;
             return S.id === '{id}' && S.seating && S.state && !document.getElementById('app').hidden
               && document.getElementById('connection').textContent === 'live';"
        ),
    )
    .await;
}

/// Registers a new player through the search box and returns the seat the tablet showed.
pub(crate) async fn register(browser: &Browser, name: &str) -> (u64, u64) {
    type_into(browser, "#search", name).await;
    wait_js(
        browser,
        &format!("the add button for {name}"),
        secs(3),
        &format!(
            "const b = document.getElementById('add-btn'); return !b.hidden && b.textContent.includes({name:?});"
        ),
    )
    .await;
    click(browser, "#add-btn").await;
    let shown = wait_js(
        browser,
        &format!("the seat drawn for {name}"),
        secs(3),
        &format!(
            "const d = document.getElementById('seat-dialog');
             return d.open && document.getElementById('seat-name').textContent === {name:?}
               ? [document.getElementById('seat-table').textContent, document.getElementById('seat-seat').textContent] : null;"
        ),
    )
    .await;
    click(browser, "#seat-dialog button[data-close]").await;
    let n = |v: &Value| {
        v.as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("a seat number is shown big: {shown}"))
    };
    (n(&shown[0]), n(&shown[1]))
}

/// Where the server seats `name`: (table, seat).
async fn seat_of(server: &TestServer, id: &str, name: &str) -> Option<(u64, u64)> {
    let (status, seating) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(status, StatusCode::OK, "{seating}");
    for t in seating["tables"].as_array().expect("tables") {
        for s in t["seats"].as_array().expect("seats") {
            if s["name"] == name {
                return Some((
                    t["table"]["id"].as_u64().expect("table id"),
                    s["seat"].as_u64().expect("seat"),
                ));
            }
        }
    }
    None
}

pub(crate) async fn entries(server: &TestServer, id: &str) -> Vec<Value> {
    let (status, body) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["entries"].as_array().expect("entries").clone()
}

fn status_of(entries: &[Value], entry: u64) -> Value {
    entries
        .iter()
        .find(|e| e["id"] == entry)
        .unwrap_or_else(|| panic!("entry {entry} in {entries:?}"))["status"]
        .clone()
}

/// Sets a select's value as a tap on an option would (with its change event).
pub(crate) async fn choose(browser: &Browser, css: &str, value: &str) {
    let done = js(
        browser,
        &format!(
            "const s = document.querySelector({css:?}); if (!s) return false;
             s.value = {value:?}; s.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return s.value === {value:?};"
        ),
    )
    .await;
    assert_eq!(done, json!(true), "{css} has the option {value}");
}

async fn toast(browser: &Browser) -> String {
    js(
        browser,
        "return document.getElementById('toast').textContent;",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[actix_web::test]
async fn a_floor_tablet_registers_players_busts_one_and_undoes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = setup(&server, "Floor Night").await;
    let browser = Browser::start().await;
    browser.on_new_document(crate::CSP_LISTENER).await;
    browser.set_viewport(1280, 800).await;
    open_floor(&browser, &server, &id).await;

    // Each registration shows the seat the server drew.
    let names = ["Ann Lee", "Ben Okafor", "Chloe Martin", "Dmitri Volkov"];
    for name in names {
        let shown = register(&browser, name).await;
        let drawn = seat_of(&server, &id, name).await;
        assert_eq!(
            Some(shown),
            drawn,
            "{name}: the tablet shows the seat drawn"
        );
    }
    let all = entries(&server, &id).await;
    assert_eq!(all.len(), 4, "{all:?}");
    wait_js(
        &browser,
        "four entries in play on the tablet",
        secs(3),
        "return document.querySelectorAll('#entries li.entry:not(.out)').length === 4;",
    )
    .await;

    // A freezeout offers no rebuy or add-on button.
    let offered = js(
        &browser,
        "return [...document.querySelectorAll(\"li.entry[data-entry='2'] button\")].map((b) => b.dataset.act);",
    )
    .await;
    assert_eq!(offered, json!(["bust", "move", "ticket"]));
    // A refused action shows the server's own message: there is no level before the first.
    click(&browser, "[data-clock=previous_level]").await;
    let refused = wait_js(
        &browser,
        "the refusal",
        secs(3),
        "const t = document.getElementById('toast'); return t.classList.contains('error') ? t.textContent : null;",
    )
    .await;
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/clock")),
        json!({"action": "previous_level"}),
    )
    .await;
    assert!(status.is_client_error(), "{body}");
    assert_eq!(
        refused, body["error"]["message"],
        "the tablet shows the API's message"
    );
    // The browser logs the refused request itself; nothing else went wrong.
    let logged: Vec<Value> = browser
        .take_log()
        .await
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .collect();
    assert!(
        logged.len() == 1
            && logged[0]["message"]
                .as_str()
                .unwrap_or_default()
                .contains("409"),
        "{logged:?}"
    );

    // Ann (entry 1) is busted by Ben (entry 2).
    click(&browser, "li.entry[data-entry='1'] button[data-act=bust]").await;
    wait_js(
        &browser,
        "the bust dialog",
        secs(2),
        "return document.getElementById('bust-dialog').open;",
    )
    .await;
    choose(&browser, "#bust-form select[name=eliminator]", "2").await;
    click(&browser, "#bust-form button[value=bust]").await;
    wait_js(
        &browser,
        "Ann in the out list",
        secs(3),
        "return !!document.querySelector('#entries li.entry.out[data-entry=\"1\"]');",
    )
    .await;
    let said = toast(&browser).await;
    assert!(
        said.contains("Ann Lee"),
        "the tablet says who went out: {said}"
    );
    assert!(said.contains("4th"), "and in which place: {said}");
    let after = entries(&server, &id).await;
    let ann = status_of(&after, 1);
    assert_eq!(ann["status"], "busted", "{ann}");
    assert_eq!(ann["eliminators"], json!([2]), "{ann}");
    assert_eq!(
        seat_of(&server, &id, "Ann Lee").await,
        None,
        "her seat is free"
    );

    // Undo shows what it undoes, asks, and puts her back.
    let last = js(
        &browser,
        "return document.getElementById('last-action').textContent;",
    )
    .await;
    assert!(
        last.as_str()
            .unwrap_or_default()
            .contains("bust of Ann Lee"),
        "the last action is named: {last}"
    );
    click(&browser, "#undo-btn").await;
    let asked = wait_js(
        &browser,
        "the undo confirmation",
        secs(2),
        "const d = document.getElementById('confirm-dialog'); return d.open ? document.getElementById('confirm-text').textContent : null;",
    )
    .await;
    assert!(
        asked.as_str().unwrap_or_default().contains("Ann Lee"),
        "{asked}"
    );
    click(&browser, "#confirm-yes").await;
    wait_js(
        &browser,
        "Ann back in play",
        secs(3),
        "return !!document.querySelector('#entries li.entry:not(.out)[data-entry=\"1\"]');",
    )
    .await;
    let back = entries(&server, &id).await;
    assert_eq!(status_of(&back, 1)["status"], "active");
    assert!(toast(&browser).await.contains("Undone"));

    // A double bust: Ann (5,000 at the start of the hand) and Chloe (3,000) by Ben.
    click(&browser, "li.entry[data-entry='1'] button[data-act=bust]").await;
    choose(&browser, "#bust-form select[name=eliminator]", "2").await;
    choose(&browser, "#bust-form select[name=also]", "3").await;
    type_into(&browser, "#bust-form input[name=stack_a]", "5000").await;
    type_into(&browser, "#bust-form input[name=stack_b]", "3000").await;
    click(&browser, "#bust-form button[value=bust]").await;
    wait_js(
        &browser,
        "Ann and Chloe out",
        secs(3),
        "return document.querySelectorAll('#entries li.entry.out').length === 2;",
    )
    .await;
    let (status, results) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let place = |entry: u64| {
        results
            .as_array()
            .or_else(|| results["results"].as_array())
            .expect("results")
            .iter()
            .find(|r| r["entry"] == entry)
            .map(|r| r["places"].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        (place(1), place(3)),
        (
            json!({"best": 3, "worst": 3}),
            json!({"best": 4, "worst": 4})
        ),
        "the bigger stack finishes higher: {results}"
    );
    let shown = js(
        &browser,
        "return ['1', '3'].map((n) => document.querySelector(`li.entry.out[data-entry=\"${n}\"] .entry-seat`).textContent);",
    )
    .await;
    assert_eq!(
        shown,
        json!(["3rd", "4th"]),
        "the tablet shows their places"
    );
    // Those out in the money are shown what to pay (the receipts are tested below).
    let paying: Vec<u64> = [1, 3]
        .into_iter()
        .filter(|&entry| {
            results
                .as_array()
                .expect("results")
                .iter()
                .any(|r| r["entry"] == entry && r["prize"].as_i64().unwrap_or(0) > 0)
        })
        .collect();
    let listed = js(
        &browser,
        "const d = document.getElementById('pay-dialog'); return d.open ? [...document.querySelectorAll('#pay-list li')].map((li) => Number(li.dataset.entry)) : [];",
    )
    .await;
    assert_eq!(listed, json!(paying), "{results}");
    if !paying.is_empty() {
        click(&browser, "#pay-dialog button[data-close]").await;
    }

    // Move Ben to the first free seat offered, then swap him with Dmitri.
    click(&browser, "li.entry[data-entry='2'] button[data-act=move]").await;
    let to = wait_js(
        &browser,
        "the move dialog",
        secs(2),
        "const d = document.getElementById('move-dialog'); return d.open ? document.querySelector('#move-form select[name=to]').value : null;",
    )
    .await;
    let to = to.as_str().expect("a free seat").to_string();
    click(&browser, "#move-form button[value=move]").await;
    wait_js(
        &browser,
        "the move confirmed",
        secs(3),
        "return document.getElementById('toast').textContent.startsWith('Ben Okafor:');",
    )
    .await;
    let (table, seat) = to.split_once(':').expect("table:seat");
    let ben = seat_of(&server, &id, "Ben Okafor").await;
    assert_eq!(
        ben,
        Some((table.parse().expect("table"), seat.parse().expect("seat"))),
        "Ben sits where the tablet moved him"
    );
    let dmitri = seat_of(&server, &id, "Dmitri Volkov").await;
    click(&browser, "li.entry[data-entry='2'] button[data-act=move]").await;
    choose(&browser, "#move-form select[name=swap]", "4").await;
    click(&browser, "#move-form button[value=swap]").await;
    wait_js(
        &browser,
        "the swap confirmed",
        secs(3),
        "return document.getElementById('toast').textContent.includes('swapped');",
    )
    .await;
    assert_eq!(seat_of(&server, &id, "Ben Okafor").await, dmitri);
    assert_eq!(seat_of(&server, &id, "Dmitri Volkov").await, ben);
    crate::assert_clean(&browser, "the floor page").await;

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn an_action_on_one_tablet_appears_on_a_second_tablet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = setup(&server, "Two Tablets").await;
    let browser = Browser::start().await;
    browser.set_viewport(1280, 800).await;
    let first = browser.client.window().await.expect("the first window");
    open_floor(&browser, &server, &id).await;
    let second = browser
        .client
        .new_window(false)
        .await
        .expect("opens a second window")
        .handle;
    browser
        .client
        .switch_to_window(second.clone())
        .await
        .expect("switches");
    open_floor(&browser, &server, &id).await;
    let shown_on_second =
        "return [...document.querySelectorAll('#entries .entry-name')].map((e) => e.textContent);";
    assert_eq!(js(&browser, shown_on_second).await, json!([]));

    // The first tablet registers a player and pauses the clock.
    browser
        .client
        .switch_to_window(first.clone())
        .await
        .expect("switches back");
    register(&browser, "Grace Kim").await;
    let sent = Instant::now();
    click(&browser, "[data-clock=pause]").await;
    wait_js(
        &browser,
        "the pause on the first tablet",
        secs(2),
        "return document.getElementById('clock-status').textContent === 'paused';",
    )
    .await;

    browser
        .client
        .switch_to_window(second)
        .await
        .expect("switches to the second");
    wait_js(
        &browser,
        "Grace Kim and the pause on the second tablet",
        secs(2),
        "return document.querySelector('#entries .entry-name')?.textContent === 'Grace Kim'
           && document.getElementById('clock-status').textContent === 'paused';",
    )
    .await;
    eprintln!(
        "second tablet caught up {:?} after the pause",
        sent.elapsed()
    );
    let seat = js(
        &browser,
        "return document.querySelector('#entries li.entry .entry-seat').textContent;",
    )
    .await;
    let (table, no) = seat_of(&server, &id, "Grace Kim")
        .await
        .expect("Grace is seated");
    assert_eq!(seat, json!(format!("Table {table} · Seat {no}")));

    // A lost connection is shown on the tablet.
    server.stop().await;
    wait_js(
        &browser,
        "the lost connection banner",
        secs(6),
        "return !document.getElementById('offline').hidden && document.body.classList.contains('is-offline');",
    )
    .await;
    browser.close().await;
}

#[actix_web::test]
async fn the_floor_page_fits_a_tv_and_a_tablet_in_both_orientations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = setup(&server, "Sunday Million Turbo Satellite").await;
    // A field on the tables, for real-looking pages.
    for (i, name) in [
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
        "Maximilian Alexander Wolfeschlegelstein",
    ]
    .iter()
    .enumerate()
    {
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
        assert_eq!(status, StatusCode::OK, "entry {i}: {body}");
    }
    let browser = Browser::start().await;
    let mut problems = Vec::new();
    for (w, h) in [(1920, 1080), (1280, 800), (800, 1280)] {
        browser.set_viewport(w, h).await;
        open_floor(&browser, &server, &id).await;
        wait_js(
            &browser,
            "the field on the tablet",
            secs(3),
            "return document.querySelectorAll('#entries li.entry').length === 12;",
        )
        .await;
        for tab in ["players", "tables", "moves", "log"] {
            click(&browser, &format!("#tab-{tab}-btn")).await;
            crate::check_layout(
                &browser,
                &format!("floor-{tab}-{w}x{h}"),
                false,
                &mut problems,
            )
            .await;
        }
        click(&browser, "#tab-players-btn").await;
        click(&browser, "li.entry button[data-act=bust]").await;
        check_layout(
            &browser,
            &format!("floor-bust-{w}x{h}"),
            false,
            &mut problems,
        )
        .await;
        click(&browser, "#bust-dialog button[data-close]").await;
        // Every touch target is at least 44 px high (WCAG 2.5.5).
        let small = js(
            &browser,
            "return [...document.querySelectorAll('button, select, input')].filter((e) => {
               const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 44; })
               .map((e) => e.outerHTML.slice(0, 80));",
        )
        .await;
        assert_eq!(small, json!([]), "small touch targets at {w}x{h}");
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
async fn the_floor_page_has_labels_focus_order_contrast_and_shortcuts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = setup(&server, "Labels").await;
    let browser = Browser::start().await;
    browser.set_viewport(1280, 800).await;
    // The login form first: its fields are labelled.
    browser
        .client
        .goto(&server.url("/floor"))
        .await
        .expect("opens the floor page");
    wait_js(
        &browser,
        "the login form",
        secs(5),
        "return window.FeltFloor && !document.getElementById('login-view').hidden;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the login"
    );
    open_floor(&browser, &server, &id).await;
    register(&browser, "Ann Lee").await;
    assert_eq!(js(&browser, UNNAMED).await, json!([]), "unnamed controls");

    // A seat ticket prints alone, sized for the receipt printer.
    js(
        &browser,
        "window.print = () => { window.__printed = document.getElementById('print-area').innerText; }; return null;",
    )
    .await;
    click(&browser, "li.entry[data-entry='1'] button[data-act=ticket]").await;
    let printed = wait_js(
        &browser,
        "the ticket printed",
        secs(2),
        "return window.__printed || null;",
    )
    .await;
    let (table, seat) = seat_of(&server, &id, "Ann Lee")
        .await
        .expect("Ann is seated");
    let printed = printed.as_str().unwrap_or_default().to_string();
    assert!(
        printed.contains("Ann Lee") && printed.contains(&format!("Table {table} · Seat {seat}")),
        "{printed}"
    );
    browser.emulate_media("print").await;
    let shown = js(
        &browser,
        "const d = (id) => getComputedStyle(document.getElementById(id)).display;
         return [d('app'), d('print-area'), document.getElementById('print-area').className];",
    )
    .await;
    assert_eq!(shown, json!(["none", "block", "print-area receipt"]));
    browser.screenshot("floor-ticket-print").await;
    browser.emulate_media("").await;

    // Tab moves through the controls in reading order, starting at the top.
    let mut order = Vec::new();
    js(
        &browser,
        "document.activeElement.blur(); document.body.focus(); return null;",
    )
    .await;
    for _ in 0..6 {
        press(&browser, '\u{E004}').await;
        let at = js(
            &browser,
            "const e = document.activeElement; if (e === document.body) return null; const r = e.getBoundingClientRect(); return [e.id || e.textContent.trim().slice(0, 20), Math.round(r.top + r.height / 2)];",
        )
        .await;
        // The first press may only bring the focus into the document.
        if !at.is_null() {
            order.push(at);
        }
    }
    let tops: Vec<i64> = order.iter().map(|v| v[1].as_i64().unwrap_or(-1)).collect();
    assert!(
        tops.windows(2).all(|w| w[0] <= w[1] + 8),
        "focus goes down the page (row by row): {order:?}"
    );
    assert_eq!(
        order[0][0], "home",
        "the first stop is the home link: {order:?}"
    );

    // Contrast of the main texts, dark and light.
    let texts = json!([
        "#clock-time",
        "#clock-level",
        ".fig-k",
        ".fig-v",
        ".entry-name",
        ".entry-seat",
        ".fl-last-label",
        "#tab-players-btn",
        ".entry-actions button.danger",
        ".toast"
    ]);
    for theme in ["dark", "light"] {
        js(
            &browser,
            &format!("window.FeltI18n.setTheme('{theme}'); return null;"),
        )
        .await;
        let low = browser
            .client
            .execute(CONTRAST, vec![texts.clone()])
            .await
            .expect("computes contrast");
        assert_eq!(low, json!([]), "low contrast in the {theme} theme");
        crate::driver::Browser::screenshot(&browser, &format!("floor-theme-{theme}")).await;
    }
    js(&browser, "window.FeltI18n.setTheme('auto'); return null;").await;

    // `?` lists the shortcuts; Space pauses the clock; the strings change with the language.
    js(&browser, "document.activeElement.blur(); return null;").await;
    press(&browser, '?').await;
    wait_js(
        &browser,
        "the shortcut list",
        secs(2),
        "return document.getElementById('help-dialog').open;",
    )
    .await;
    click(&browser, "#help-dialog button[data-close]").await;
    // Shortcuts wait while any dialog is open: Space only once the list has closed.
    wait_js(
        &browser,
        "the shortcut list closed",
        secs(2),
        "if (document.querySelector('dialog[open]')) return false; document.activeElement.blur(); return true;",
    )
    .await;
    press(&browser, ' ').await;
    wait_js(
        &browser,
        "the clock paused by Space",
        secs(3),
        "return document.getElementById('clock-status').textContent === 'paused';",
    )
    .await;
    let (status, report) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        report["state"]["clock"]["running"], false,
        "Space paused it on the server"
    );
    // C calls the clock on a player: 25 s to act, then a 5 s countdown (TDA Rule 29).
    press(&browser, 'c').await;
    let call = wait_js(
        &browser,
        "the called clock",
        secs(2),
        "const d = document.getElementById('call-dialog'); return d.open ? [d.dataset.phase, Number(document.getElementById('call-secs').textContent)] : null;",
    )
    .await;
    assert_eq!(call[0], "act", "{call}");
    let left = call[1].as_i64().unwrap_or_default();
    assert!((23..=25).contains(&left), "25 s to act: {call}");
    click(&browser, "#call-dialog button[data-close]").await;
    js(&browser, "window.FeltI18n.setLang('fr'); return null;").await;
    click(&browser, "#settings-btn").await;
    click(&browser, "#settings-form button[type=submit]").await;
    let fr = js(&browser, "return [document.documentElement.lang, document.getElementById('tab-log-btn').textContent, document.getElementById('clock-status').textContent];").await;
    assert_eq!(fr, json!(["fr", "Journal", "en pause"]));
    // Every language file names the same keys, and none is left empty.
    let gaps = js(&browser, "const s = window.FeltI18n.STRINGS, en = Object.keys(s.en); return Object.keys(s).flatMap(l => { const k = Object.keys(s[l]); return [...en.filter(x => !k.includes(x)).map(x => l + ' lacks ' + x), ...k.filter(x => !en.includes(x)).map(x => l + ' only ' + x), ...k.filter(x => !String(s[l][x]).trim()).map(x => l + ' empty ' + x)]; });").await;
    assert_eq!(gaps, json!([]), "{gaps}");
    assert!(
        js(
            &browser,
            "return Object.keys(window.FeltI18n.STRINGS).length;"
        )
        .await
        .as_u64()
            >= Some(2)
    );

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_director_creates_a_tournament_on_the_desk_with_its_buy_in_and_tables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    common::add_venue_tables(&server, 1..=4).await;
    let browser = Browser::start().await;
    browser.set_viewport(1280, 800).await;
    crate::desk::log_in_to_desk(&browser, &server).await;
    wait_js(
        &browser,
        "the form with its structures",
        secs(5),
        "return document.querySelectorAll('#new-form select[name=structure] option').length > 0;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the desk"
    );
    let structures = js(
        &browser,
        "return [...document.querySelectorAll('#new-form select[name=structure] option')].map((o) => o.textContent);",
    )
    .await;
    assert_eq!(structures, json!(["Turbo", "Regular", "Deep stack"]));
    type_into(&browser, "#new-form input[name=name]", "Thursday Rebuy").await;
    type_into(&browser, "#new-form input[name=prize]", "50").await;
    type_into(&browser, "#new-form input[name=fee]", "5").await;
    type_into(&browser, "#new-form input[name=rebuy_price]", "50").await;
    type_into(&browser, "#new-form input[name=expected]", "20").await;
    check_layout(&browser, "desk-new-1280x800", false, &mut Vec::new()).await;
    click(&browser, "#new-form button[type=submit]").await;
    let said = wait_js(
        &browser,
        "the creation confirmed",
        secs(5),
        "const m = document.getElementById('new-msg'); return m.classList.contains('ok') || m.classList.contains('error') ? m.textContent : null;",
    )
    .await;
    assert!(
        said.as_str()
            .unwrap_or_default()
            .contains("Created “Thursday Rebuy”"),
        "{said}"
    );
    let (status, list) = common::get(&server.url("/api/v1/tournaments")).await;
    assert_eq!(status, StatusCode::OK);
    let made = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["name"] == "Thursday Rebuy")
        .unwrap_or_else(|| panic!("the tournament exists: {list}"));
    let id = made["id"].as_str().expect("id");
    let (_, log) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/events?after=0&limit=1"))).await;
    let settings = &log[0]["event"]["entry_settings"];
    assert_eq!(settings["buy_in"]["prize"], 5000, "{settings}");
    assert_eq!(settings["buy_in"]["fee"], 500, "{settings}");
    assert_eq!(settings["rebuy"]["price"]["prize"], 5000, "{settings}");
    let (_, tables) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/tables"))).await;
    assert_eq!(
        tables["tables"].as_array().map(Vec::len),
        Some(3),
        "20 players on 9-seat tables: {tables}"
    );

    // The staff tab adds a floor operator and shows the PIN once.
    click(&browser, "#tab-staff-btn").await;
    type_into(&browser, "#staff-form input[name=name]", "Gus").await;
    click(&browser, "#staff-form button[type=submit]").await;
    let pin = wait_js(
        &browser,
        "the generated PIN",
        secs(3),
        "const m = document.getElementById('staff-msg'); return m.classList.contains('ok') ? m.textContent : null;",
    )
    .await;
    let pin = pin
        .as_str()
        .and_then(|m| m.split(": ").nth(1))
        .and_then(|p| p.split(' ').next())
        .expect("a PIN in the message")
        .to_string();
    common::login(&server.base, "Gus", &pin).await;
    check_layout(&browser, "desk-staff-1280x800", false, &mut Vec::new()).await;

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_tablet_confirms_a_balancing_move_and_reports_hands_for_hand_for_hand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = setup(&server, "Balancing").await;
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/tables")),
        json!({"tables": [3]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a third table: {body}");
    for i in 0..24 {
        let (status, body) = common::post(
            &server.url("/api/v1/players"),
            json!({ "name": format!("Player {i:02}") }),
        )
        .await;
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
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // Three players of table 1 go out: 5, 8 and 8 players, too far apart.
    let (_, seating) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    let table1: Vec<u64> = seating["tables"][0]["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .filter_map(|s| s["entry"].as_u64())
        .take(3)
        .collect();
    assert_eq!(table1.len(), 3, "{seating}");
    for entry in table1 {
        let (status, body) = common::post(
            &server.url(&format!("/api/v1/tournaments/{id}/entries")),
            json!({"action": "bust", "busted": [{"entry": entry, "stack": 0}], "eliminators": []}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    let browser = Browser::start().await;
    browser.set_viewport(1280, 800).await;
    open_floor(&browser, &server, &id).await;
    click(&browser, "#tab-moves-btn").await;
    let badge = wait_js(
        &browser,
        "the proposed moves",
        secs(3),
        "return document.querySelectorAll('#plan .plan-move').length ? document.getElementById('moves-badge').textContent : null;",
    )
    .await;
    assert_ne!(badge, json!("0"));
    // When the button is unknown the tablet asks who moves: the first player offered.
    js(
        &browser,
        "const p = document.querySelector('#plan .plan-move .plan-pick');
         if (p) { p.value = p.options[1].value; p.dispatchEvent(new Event('change')); } return null;",
    )
    .await;
    let before = browser
        .client
        .find_all(Locator::Css("#announced li"))
        .await
        .expect("announcements")
        .len();
    click(&browser, "#plan .plan-move button[data-act=confirm-move]").await;
    let said = wait_js(
        &browser,
        "the move confirmed",
        secs(3),
        "const t = document.getElementById('toast').textContent; return t.startsWith('Move made') ? t : null;",
    )
    .await;
    let (_, after) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    let announced = after["announced"].as_array().expect("announced");
    let last = announced.last().expect("a move was made");
    assert_eq!(last["reason"], "balance", "{last}");
    assert_eq!(last["to"]["table"], 1, "to the short table: {last}");
    assert_eq!(
        said,
        json!(format!(
            "Move made: {}",
            last["slip"].as_str().expect("slip")
        )),
        "the tablet says the slip"
    );
    let shown = wait_js(
        &browser,
        "the slip in the latest moves",
        secs(2),
        &format!(
            "const li = document.querySelectorAll('#announced li'); return li.length > {before} ? li[0].textContent : null;"
        ),
    )
    .await;
    assert!(
        shown
            .as_str()
            .unwrap_or_default()
            .contains(last["slip"].as_str().expect("slip")),
        "{shown}"
    );

    // Hand for hand: every table reports its hand from the tablet, then the next hand starts.
    click(&browser, "#hfh-toggle").await;
    let tables = wait_js(
        &browser,
        "a hand-done button per table",
        secs(3),
        "const b = document.querySelectorAll('#hfh-tables button'); return b.length ? b.length : null;",
    )
    .await;
    let (_, during) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(during["hand_for_hand"]["hand"], 1, "{during}");
    assert_eq!(
        during["hand_for_hand"]["waiting_for"]
            .as_array()
            .map(Vec::len),
        tables.as_u64().map(|n| n as usize),
        "one button per table still playing: {during}"
    );
    for _ in 0..tables.as_u64().expect("a count") {
        click(&browser, "#hfh-tables button").await;
        wait_js(
            &browser,
            "the hand reported",
            secs(3),
            "return document.getElementById('toast').textContent.includes('hand done');",
        )
        .await;
        js(
            &browser,
            "document.getElementById('toast').textContent = ''; return null;",
        )
        .await;
    }
    let (_, next) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(next["hand_for_hand"]["hand"], 2, "the next hand: {next}");
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_desk_compares_deals_side_by_side_and_each_adds_up_to_the_prizes_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Deal Night").await;
    for name in ["Ann Lee", "Ben Okafor", "Chloe Martin"] {
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
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let browser = Browser::start().await;
    browser.set_viewport(1280, 800).await;
    crate::desk::log_in_to_desk(&browser, &server).await;
    wait_js(
        &browser,
        "the tournaments in the money tab",
        secs(5),
        "return document.querySelectorAll('#money-tournament option').length > 0;",
    )
    .await;
    click(&browser, "#tab-money-btn").await;
    wait_js(
        &browser,
        "three stacks to type",
        secs(3),
        "return document.querySelectorAll('#deal-stacks input').length === 3;",
    )
    .await;
    for (i, chips) in ["30000", "20000", "10000"].iter().enumerate() {
        type_into(
            &browser,
            &format!("#deal-stacks label:nth-child({}) input", i + 1),
            chips,
        )
        .await;
    }
    click(&browser, "#deal-run").await;
    let table = wait_js(
        &browser,
        "the deals side by side",
        secs(3),
        "const rows = [...document.querySelectorAll('#deal-table tbody tr')];
         return rows.length ? rows.map((r) => [...r.children].map((c) => c.textContent)) : null;",
    )
    .await;
    check_layout(&browser, "desk-deals-1280x800", false, &mut Vec::new()).await;
    let (_, payouts) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/payouts"))).await;
    let pool: i64 = payouts["amounts"]
        .as_array()
        .expect("amounts")
        .iter()
        .map(|a| a.as_i64().expect("an amount"))
        .sum();
    let rows = table.as_array().expect("rows");
    assert_eq!(rows.len(), 3, "{table}");
    let cents = |v: &Value| -> i64 {
        let text = v.as_str().expect("text").replace([',', '.'], "");
        text.parse().unwrap_or_else(|_| panic!("an amount: {v}"))
    };
    for column in 2..5 {
        let sum: i64 = rows.iter().map(|r| cents(&r[column])).sum();
        assert_eq!(sum, pool, "column {column} adds up to the prizes: {table}");
    }
    // The chip chop follows the chips: the biggest stack gets the most.
    assert!(cents(&rows[0][3]) > cents(&rows[2][3]), "{table}");
    // Even: the same for all (to the rounding unit).
    assert!(
        (cents(&rows[0][4]) - cents(&rows[2][4])).abs() <= 100,
        "{table}"
    );
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_member_card_finds_its_player_and_a_player_out_in_the_money_gets_a_payout_receipt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    // Two places paid, a bounty on every head, in euros.
    let (status, body) = common::post(
        &server.url("/api/v1/tournaments"),
        json!({
            "name": "Bounty Night",
            "structure": "turbo",
            "entry_settings": {"buy_in": {"prize": 10000, "fee": 1000, "bounty": 2000}, "bounty": {"kind": "fixed"}},
            "payouts": {
                "currency": {"code": "EUR", "decimals": 2},
                "plan": {"name": "Two paid", "rows": [{"min_entries": 1, "max_entries": null, "shares_bp": [7000, 3000]}]}
            }
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["state"]["id"].as_str().expect("id").to_string();
    common::add_venue_tables(&server, 1..=1).await;
    common::give_tables(&server, &id, json!({"count": 1})).await;
    command(&server, &id, json!({"action": "start"})).await;
    common::staff_token(&server, FLOOR, "floor", FLOOR_PIN).await;
    let (status, ann) = common::post(
        &server.url("/api/v1/players"),
        json!({"name": "Ann Lee", "member_id": "M-17"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{ann}");
    common::add_and_register(&server, &id, json!({"name": "Ben Okafor"})).await;
    common::add_and_register(&server, &id, json!({"name": "Chloe Martin"})).await;

    let browser = Browser::start().await;
    browser.on_new_document(crate::CSP_LISTENER).await;
    browser.set_viewport(1280, 800).await;
    open_floor(&browser, &server, &id).await;

    // The member id read off Ann's card finds her, and Enter registers her: nobody called
    // "M-17" is added.
    type_into(&browser, "#search", "m-17").await;
    let found = wait_js(
        &browser,
        "Ann found by her member id",
        secs(3),
        "const f = document.querySelector('#found li'); return f ? f.textContent : null;",
    )
    .await;
    assert!(
        found
            .as_str()
            .is_some_and(|f| f.contains("Ann Lee") && f.contains("M-17")),
        "{found}"
    );
    browser
        .client
        .find(Locator::Css("#search"))
        .await
        .expect("the search box")
        .send_keys("\u{e007}")
        .await
        .expect("presses Enter");
    let seated = wait_js(
        &browser,
        "Ann's seat drawn",
        secs(3),
        "const d = document.getElementById('seat-dialog'); return d.open ? document.getElementById('seat-name').textContent : null;",
    )
    .await;
    assert_eq!(seated, "Ann Lee");
    click(&browser, "#seat-dialog button[data-close]").await;
    let (_, named) = common::get(&server.url("/api/v1/players?q=M-17")).await;
    let names: Vec<&str> = named
        .as_array()
        .expect("players")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["Ann Lee"], "no player was added for the card");
    let all = entries(&server, &id).await;
    let ann_entry = all
        .iter()
        .find(|e| e["player"] == ann["player"]["id"])
        .and_then(|e| e["id"].as_u64())
        .expect("Ann has an entry");
    assert_eq!(all.len(), 3);
    wait_js(
        &browser,
        "three entries in play",
        secs(3),
        "return document.querySelectorAll('#entries li.entry:not(.out)').length === 3;",
    )
    .await;

    // Ann busts Chloe: 3rd pays nothing here, so no payout is offered.
    let chloe = all
        .iter()
        .find(|e| e["id"] != ann_entry && e["id"] != 1)
        .and_then(|e| e["id"].as_u64())
        .expect("Chloe's entry");
    click(
        &browser,
        &format!("li.entry[data-entry='{chloe}'] button[data-act=bust]"),
    )
    .await;
    choose(
        &browser,
        "#bust-form select[name=eliminator]",
        &ann_entry.to_string(),
    )
    .await;
    click(&browser, "#bust-form button[value=bust]").await;
    wait_js(
        &browser,
        "Chloe out",
        secs(3),
        "return document.querySelectorAll('#entries li.entry.out').length === 1;",
    )
    .await;
    let chloe_buttons = js(
        &browser,
        &format!("return [...document.querySelectorAll(\"li.entry[data-entry='{chloe}'] button\")].map((b) => b.dataset.act);"),
    )
    .await;
    assert_eq!(chloe_buttons, json!(["revive"]), "nothing to pay Chloe");
    assert_eq!(
        js(
            &browser,
            "return document.getElementById('pay-dialog').open;"
        )
        .await,
        json!(false)
    );

    // Ben busts Ann in 2nd: what she is paid (30% and Chloe's bounty) shows at once, and the
    // winner's with it, each as the server counts it.
    click(
        &browser,
        &format!("li.entry[data-entry='{ann_entry}'] button[data-act=bust]"),
    )
    .await;
    choose(&browser, "#bust-form select[name=eliminator]", "1").await;
    click(&browser, "#bust-form button[value=bust]").await;
    let shown = wait_js(
        &browser,
        "the payouts to make",
        secs(3),
        "const d = document.getElementById('pay-dialog');
         return d.open ? [...document.querySelectorAll('#pay-list li')].map((li) => [Number(li.dataset.entry), li.querySelector('b').textContent]) : null;",
    )
    .await;
    let (status, results) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let paid = |entry: u64| -> i64 {
        let r = results
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["entry"] == entry)
            .unwrap_or_else(|| panic!("entry {entry} in {results}"));
        r["prize"].as_i64().unwrap_or(0) + r["bounties_won"].as_i64().unwrap_or(0)
    };
    // The winner also keeps the bounty on their own head.
    let kept = |entry: u64| -> i64 {
        results
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["entry"] == entry)
            .map_or(0, |r| r["bounty_kept"].as_i64().unwrap_or(0))
    };
    let euros = |minor: i64| format!("{}.{:02} EUR", minor / 100, minor % 100);
    assert_eq!(paid(ann_entry), 9000 + 2000, "{results}");
    assert_eq!(paid(1) + kept(1), 21000 + 2000 + 2000, "{results}");
    assert_eq!(
        shown,
        json!([
            [ann_entry, euros(paid(ann_entry))],
            [1, euros(paid(1) + kept(1))]
        ]),
        "{results}"
    );
    browser.screenshot("floor-payout").await;

    // Ann's receipt prints alone: the tournament, her place, the amount, who paid it.
    js(
        &browser,
        "window.print = () => { window.__printed = document.getElementById('print-area').innerText; }; return null;",
    )
    .await;
    click(
        &browser,
        &format!("#pay-list li[data-entry='{ann_entry}'] button[data-act=receipt]"),
    )
    .await;
    let printed = wait_js(
        &browser,
        "the receipt printed",
        secs(2),
        "return window.__printed || null;",
    )
    .await;
    let printed = printed.as_str().unwrap_or_default();
    for part in [
        "Bounty Night",
        "Payout receipt",
        "Ann Lee",
        "2nd",
        &euros(paid(ann_entry)),
        "Prize 90.00 EUR",
        "Bounties 20.00 EUR",
        "Paid by Fran",
        "Received by",
    ] {
        assert!(printed.contains(part), "{part:?} in {printed}");
    }
    click(&browser, "#pay-dialog button[data-close]").await;
    // The receipt can be printed again later from her line.
    js(&browser, "window.__printed = null; return null;").await;
    click(
        &browser,
        &format!("li.entry[data-entry='{ann_entry}'] button[data-act=receipt]"),
    )
    .await;
    let again = wait_js(
        &browser,
        "the receipt again",
        secs(2),
        "return window.__printed || null;",
    )
    .await;
    // The same receipt; only the time it was printed (after the signature line) may differ.
    let body = |text: &str| text.rsplit_once('_').map(|(b, _)| b.to_string());
    assert!(
        body(printed).is_some_and(|b| b.contains("Ann Lee")),
        "{printed}"
    );
    assert_eq!(again.as_str().and_then(body), body(printed));
    crate::assert_clean(&browser, "the floor page").await;

    browser.close().await;
    server.stop().await;
}
