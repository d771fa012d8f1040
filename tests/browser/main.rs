//! Real-browser end-to-end tests: the real server (in-process, temp data dir) and the
//! real pages in headless Chromium, driven through ChromeDriver.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (`.ci/run` installs them); fails
//! with instructions when they are missing. Screenshots go to target/screenshots/.

#[path = "../common/mod.rs"]
mod common;
mod desk;
mod driver;
mod floor;
mod night;
mod page;
mod tv;

use actix_web::http::StatusCode;
use driver::Browser;
use page::{blinds_text, level_label, secs, shown_secs, wait_js, Tv};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Starts the clock and returns the structure's levels.
async fn start_clock(server: &common::TestServer, id: &str) -> Vec<Value> {
    let state = command(server, id, json!({"action": "start"})).await;
    levels_of(&state)
}

/// Runs a clock command that must succeed and returns the tournament's state after it.
async fn command(server: &common::TestServer, id: &str, action: Value) -> Value {
    let (status, body) = common::clock(server, id, action.clone()).await;
    assert_eq!(status, StatusCode::OK, "{action}: {body}");
    body["state"].clone()
}

fn levels_of(state: &Value) -> Vec<Value> {
    state["structure"]["levels"]
        .as_array()
        .expect("the state has levels")
        .clone()
}

fn remaining_ms(state: &Value) -> i64 {
    state["clock"]["remaining_ms"]
        .as_i64()
        .expect("clock.remaining_ms")
}

#[actix_web::test]
async fn the_tv_page_shows_the_level_blinds_and_a_time_that_counts_down() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Friday Turbo").await;
    let levels = start_clock(&server, &id).await;
    let browser = Browser::start().await;

    let tv = Tv::open(&browser, &server, &id).await;
    let first = tv
        .wait_for("the running clock", secs(3), |v| v.status == "running")
        .await;
    let read_at = Instant::now();
    assert_eq!(first.name, "Friday Turbo");
    assert_eq!(first.level, "Level 1");
    assert_eq!(first.blinds, blinds_text(&levels[0]));
    assert_eq!(first.status, "running");
    assert_eq!(first.connection, "live");
    assert!(!first.banner, "no reconnecting banner while live");
    let full = levels[0]["duration_secs"].as_i64().expect("duration");
    let t1 = first.secs();
    assert!(
        (full - 10..=full).contains(&t1),
        "just started, {t1} s of {full} s left"
    );

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let second = tv.read().await;
    let t2 = second.secs();
    let passed = read_at.elapsed().as_secs_f64();
    assert!(
        t2 < t1,
        "the time counts down: {t1} s then {t2} s, {passed:.1} s later"
    );
    let dropped = (t1 - t2) as f64;
    assert!(
        (passed - 1.0..=passed + 1.0).contains(&dropped),
        "{dropped} s fewer after {passed:.1} s"
    );

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_clock_command_reaches_the_tv_within_a_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Command Turbo").await;
    let levels = start_clock(&server, &id).await;
    let browser = Browser::start().await;
    let tv = Tv::open(&browser, &server, &id).await;
    tv.wait_for("the running clock", secs(3), |v| v.status == "running")
        .await;

    let sent = Instant::now();
    let paused = command(&server, &id, json!({"action": "pause"})).await;
    let shown = tv
        .wait_for("paused", secs(1), |v| v.status == "paused")
        .await;
    let took = sent.elapsed();
    assert!(took <= secs(1), "pause reached the TV after {took:?}");
    let frozen = shown_secs(remaining_ms(&paused));
    assert_eq!(
        shown.secs(),
        frozen,
        "the TV shows the paused clock's time: {shown:?}"
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let later = tv.read().await;
    assert_eq!(later.status, "paused");
    assert_eq!(
        later.secs(),
        frozen,
        "a paused clock does not move: {shown:?} then {later:?}"
    );

    let sent = Instant::now();
    let next = command(&server, &id, json!({"action": "next_level"})).await;
    let level = next["clock"]["level"].as_u64().expect("level") as usize;
    assert_eq!(level, 1, "next_level from the first level");
    let expected = level_label(&levels, level);
    let shown = tv
        .wait_for("the next level", secs(1), |v| v.level == expected)
        .await;
    let took = sent.elapsed();
    assert!(took <= secs(1), "next_level reached the TV after {took:?}");
    assert_ne!(shown.level, later.level);
    assert_eq!(shown.blinds, blinds_text(&levels[level]));
    assert_eq!(shown.secs(), shown_secs(remaining_ms(&next)));

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_tv_recovers_after_the_server_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let addr = server.addr;
    let id = common::create(&server, "Restart Turbo").await;
    let levels = start_clock(&server, &id).await;
    // Move on to a level other than the first, so a page showing its defaults would show.
    command(&server, &id, json!({"action": "next_level"})).await;
    let browser = Browser::start().await;
    let tv = Tv::open(&browser, &server, &id).await;
    let before = tv
        .wait_for("the running clock", secs(3), |v| v.status == "running")
        .await;
    let read_at = Instant::now();
    assert_eq!(before.level, level_label(&levels, 1));
    // A mark that a reload would wipe: the page must recover in place.
    browser
        .client
        .execute("window.__feltMark = 'still here'; return null;", vec![])
        .await
        .expect("marks the page");

    let stopping = Instant::now();
    // Stopped as SIGTERM would; the TV is watched while the server drains.
    let stopped = actix_web::rt::spawn(server.stop());
    let down = tv
        .wait_for("the TV to notice the server is gone", secs(4), |v| {
            v.connection == "reconnecting"
        })
        .await;
    eprintln!(
        "TV reconnecting {:?} after the stop began",
        stopping.elapsed()
    );
    stopped.await.expect("the server stops");
    eprintln!("server stopped in {:?}", stopping.elapsed());
    assert!(down.banner, "the reconnecting banner shows: {down:?}");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let offline = tv.read().await;
    assert_eq!(offline.connection, "reconnecting");
    assert_eq!(offline.status, "running", "{offline:?}");
    assert!(
        offline.secs() < down.secs(),
        "the clock keeps counting while offline: {down:?} then {offline:?}"
    );

    let mut settings = common::settings(dir.path());
    settings.server.bind = addr;
    let server = common::spawn_with(settings, false).await;
    assert_eq!(server.addr, addr);
    // The page retries with a growing delay (1 s, 2 s, 4 s): allow for that.
    let back = tv
        .wait_for("the TV to be live again", secs(10), |v| {
            v.connection == "live" && !v.banner
        })
        .await;
    eprintln!("TV live again {:?} after the stop", stopping.elapsed());
    let passed = read_at.elapsed().as_secs_f64();
    assert_eq!(back.name, before.name);
    assert_eq!(back.level, before.level);
    assert_eq!(back.blinds, before.blinds);
    assert_eq!(back.status, "running");
    let expected = before.secs() as f64 - passed;
    let shown = back.secs() as f64;
    assert!(
        (shown - expected).abs() <= 2.0,
        "{shown} s left after {passed:.1} s; had {} s",
        before.secs()
    );
    let (status, report) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let server_left = shown_secs(report["clock"]["remaining_ms"].as_i64().expect("remaining"));
    assert!(
        (back.secs() - server_left).abs() <= 1,
        "the TV shows {} s, the restarted server says {server_left} s",
        back.secs()
    );
    let mark = browser
        .client
        .execute("return window.__feltMark || null;", vec![])
        .await
        .expect("reads the mark");
    assert_eq!(mark, json!("still here"), "the page was reloaded");

    // Subscribed again, not only connected: a command reaches it.
    let sent = Instant::now();
    command(&server, &id, json!({"action": "pause"})).await;
    tv.wait_for("paused after the restart", secs(1), |v| {
        v.status == "paused"
    })
    .await;
    assert!(sent.elapsed() <= secs(1), "took {:?}", sent.elapsed());

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_venue_page_lists_tournaments_with_links_to_their_tv_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let alpha = common::create(&server, "Alpha Turbo").await;
    let bravo = common::create(&server, "Bravo Turbo").await;
    start_clock(&server, &bravo).await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&server.url("/"))
        .await
        .expect("opens the venue page");
    wait_js(
        &browser,
        "the venue page to be live",
        secs(5),
        "return document.getElementById('connection').textContent === 'live';",
    )
    .await;

    let check_row = |id: String, name: &'static str| {
        let browser = &browser;
        async move {
            let script = format!(
                "const r = document.querySelector('.row[data-id=\"{id}\"]');
                 if (!r) return null;
                 const a = r.querySelector('a[href=\"/tv/{id}\"]');
                 return {{ name: r.querySelector('.row-name').textContent,
                          link: a ? a.href : null, linkText: a ? a.textContent : null }};"
            );
            let row = wait_js(browser, &format!("a row for {name}"), secs(3), &script).await;
            assert_eq!(row["name"], name, "{row}");
            let link = row["link"]
                .as_str()
                .unwrap_or_else(|| panic!("the row of {name} links to /tv/{id}: {row}"));
            assert!(link.ends_with(&format!("/tv/{id}")), "{link}");
            link.to_string()
        }
    };
    check_row(alpha.clone(), "Alpha Turbo").await;
    let bravo_link = check_row(bravo.clone(), "Bravo Turbo").await;
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css(".row[data-id]"))
        .await
        .expect("finds rows");
    assert_eq!(rows.len(), 2, "one row per tournament");

    // A tournament created while the page is open shows up without a reload.
    let charlie = common::create(&server, "Charlie Turbo").await;
    check_row(charlie.clone(), "Charlie Turbo").await;

    // The link opens that tournament's TV.
    browser
        .client
        .goto(&bravo_link)
        .await
        .expect("follows the link");
    let tv = Tv { browser: &browser };
    let shown = tv
        .wait_for("the linked TV", secs(5), |v| {
            !v.loading && v.connection == "live"
        })
        .await;
    assert_eq!(shown.name, "Bravo Turbo");
    assert_eq!(shown.status, "running");

    browser.close().await;
    server.stop().await;
}

/// Lists what does not fit the viewport: page scrolling, elements outside it, and text
/// cut by an ellipsis. `vertical` false for pages that may scroll down (the venue list).
fn overflow_script(vertical: bool) -> String {
    format!(
        r#"
const vertical = {vertical};
const W = innerWidth, H = innerHeight, de = document.documentElement, out = [];
const text = (e) => e.textContent.replace(/\s+/g, ' ').trim().slice(0, 40);
const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
if (de.scrollWidth > W) out.push(`page is ${{de.scrollWidth}} px wide in a ${{W}} px viewport`);
if (vertical && de.scrollHeight > H) out.push(`page is ${{de.scrollHeight}} px high in a ${{H}} px viewport`);
for (const e of document.body.querySelectorAll('*')) {{
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const cs = getComputedStyle(e);
  if (cs.visibility === 'hidden') continue;
  if (r.left < -1 || r.right > W + 1 || (vertical && (r.top < -1 || r.bottom > H + 1)))
    out.push(`${{name(e)}} "${{text(e)}}" spans x ${{Math.round(r.left)}}..${{Math.round(r.right)}}, y ${{Math.round(r.top)}}..${{Math.round(r.bottom)}}`);
  if (cs.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
    out.push(`${{name(e)}} "${{text(e)}}" is cut: ${{e.scrollWidth}} px of text in ${{e.clientWidth}} px`);
}}
return out;
"#
    )
}

#[actix_web::test]
async fn pages_render_without_overflow_at_1920x1080_and_at_a_tablet_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;

    // The TV in the states that change its layout the most.
    let running = common::create(&server, "Sunday Million Turbo Satellite").await;
    let levels = start_clock(&server, &running).await;

    let late = common::create(&server, "Late Level").await;
    start_clock(&server, &late).await;
    let last_play = levels
        .iter()
        .rposition(|l| l["kind"] == "play")
        .expect("a play level");
    command(
        &server,
        &late,
        json!({"action": "jump", "level": last_play}),
    )
    .await;

    let on_break = common::create(&server, "On Break").await;
    start_clock(&server, &on_break).await;
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
    command(&server, &on_break, json!({"action": "pause"})).await;

    // Not started, due in three hours: a caption and h:mm:ss digits.
    let in_three_hours = chrono_ms() + 3 * 3600 * 1000 + 30_000;
    let (status, body) = common::post(
        &server.url("/api/v1/tournaments"),
        json!({"name": "Scheduled", "structure": "turbo", "scheduled_start": in_three_hours}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let scheduled = body["state"]["id"].as_str().expect("id").to_string();

    let pages = [
        ("running", &running),
        ("last-level", &late),
        ("break-paused", &on_break),
        ("scheduled", &scheduled),
    ];
    let browser = Browser::start().await;
    let mut problems = Vec::new();
    for (w, h) in [(1920, 1080), (1280, 800)] {
        browser.set_viewport(w, h).await;
        for (what, id) in pages {
            let tv = Tv::open(&browser, &server, id).await;
            let v = tv.read().await;
            match what {
                "last-level" => assert_eq!(v.blinds, blinds_text(&levels[last_play])),
                "break-paused" => assert_eq!(v.status, "paused"),
                // Three hours away, less however long this test waited for its browser.
                "scheduled" => assert!(
                    v.time.starts_with("Starts in 3:0") || v.time.starts_with("Starts in 2:"),
                    "{v:?}"
                ),
                _ => {}
            }
            check_layout(&browser, &format!("tv-{what}-{w}x{h}"), true, &mut problems).await;
        }
        browser
            .client
            .goto(&server.url("/"))
            .await
            .expect("opens the venue page");
        wait_js(
            &browser,
            "the venue rows",
            secs(5),
            "return document.querySelectorAll('.row[data-id]').length === 4 && document.getElementById('connection').textContent === 'live';",
        )
        .await;
        check_layout(&browser, &format!("venue-{w}x{h}"), false, &mut problems).await;
    }
    assert!(
        problems.is_empty(),
        "layout problems:\n{}",
        problems.join("\n")
    );

    browser.close().await;
    server.stop().await;
}

/// Checks the page in view for overflow and saves a screenshot of it.
async fn check_layout(browser: &Browser, shot: &str, vertical: bool, problems: &mut Vec<String>) {
    // Let web fonts and the first render settle (the 250 ms render tick).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let found = browser
        .client
        .execute(&overflow_script(vertical), vec![])
        .await
        .expect("runs the overflow check");
    let path = browser.screenshot(shot).await;
    for p in found.as_array().expect("a list") {
        problems.push(format!(
            "{shot} ({}): {}",
            path.display(),
            p.as_str().unwrap_or_default()
        ));
    }
}

/// Milliseconds since the Unix epoch.
fn chrono_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// Installed before any page script: records every CSP violation of the document.
const CSP_LISTENER: &str = r#"
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample });
}, true);
"#;

/// Fails on any CSP violation recorded in the current document and on any console error.
async fn assert_clean(browser: &Browser, page: &str) {
    let violations = browser
        .client
        .execute("return window.__cspViolations || 'no listener';", vec![])
        .await
        .expect("reads the violations");
    assert_eq!(
        violations,
        json!([]),
        "content security policy violations on {page}"
    );
    let errors: Vec<Value> = browser
        .take_log()
        .await
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors on {page}: {errors:#?}");
}

#[actix_web::test]
async fn the_pages_satisfy_the_content_security_policy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Policy Turbo").await;
    start_clock(&server, &id).await;
    let browser = Browser::start().await;
    browser.on_new_document(CSP_LISTENER).await;

    // The TV through a few changes.
    let tv = Tv::open(&browser, &server, &id).await;
    for action in ["pause", "resume", "next_level"] {
        command(&server, &id, json!({ "action": action })).await;
    }
    tv.wait_for("level 2", secs(2), |v| v.level == "Level 2")
        .await;
    assert_clean(&browser, "the TV page").await;

    // The venue page: create a tournament with its form and start it with its button.
    browser
        .client
        .goto(&server.url("/"))
        .await
        .expect("opens the venue page");
    // Read-only until someone logs in: no clock buttons, no form.
    wait_js(
        &browser,
        "the read-only venue page",
        secs(5),
        "return document.body.classList.contains('is-guest');",
    )
    .await;
    page::log_in(&browser, common::ADMIN, common::ADMIN_PIN).await;
    wait_js(
        &browser,
        "the structures in the form",
        secs(5),
        "return document.querySelectorAll('#new-tournament select[name=structure] option').length > 0 && document.getElementById('connection').textContent === 'live';",
    )
    .await;
    let name = browser
        .client
        .find(fantoccini::Locator::Css("#new-tournament input[name=name]"))
        .await
        .expect("the name field");
    name.send_keys("Made In The Browser")
        .await
        .expect("types a name");
    browser
        .client
        .find(fantoccini::Locator::Css(
            "#new-tournament button[type=submit]",
        ))
        .await
        .expect("the create button")
        .click()
        .await
        .expect("clicks create");
    let created = wait_js(
        &browser,
        "the new row",
        secs(3),
        "const r = [...document.querySelectorAll('.row')].find((r) => r.querySelector('.row-name').textContent === 'Made In The Browser');
         return r ? r.dataset.id : null;",
    )
    .await;
    let created = created.as_str().expect("an id").to_string();
    browser
        .client
        .find(fantoccini::Locator::Css(&format!(
            ".row[data-id=\"{created}\"] button[data-action=start]"
        )))
        .await
        .expect("the start button")
        .click()
        .await
        .expect("clicks start");
    wait_js(
        &browser,
        "the new tournament running",
        secs(3),
        &format!(
            "return document.querySelector('.row[data-id=\"{created}\"] .row-status').textContent === 'running';"
        ),
    )
    .await;
    let (status, report) =
        common::get(&server.url(&format!("/api/v1/tournaments/{created}"))).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["state"]["status"], "running", "{report}");
    assert_clean(&browser, "the venue page").await;

    // The check can fail: an inline script and an inline style attribute are refused
    // and recorded (so the policy is in force and the listener hears it).
    let refused = browser
        .client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true;';
             document.head.append(s);
             document.body.setAttribute('style', 'outline: 1px solid red');
             return null;",
            vec![],
        )
        .await;
    refused.expect("runs the control");
    let seen = wait_js(
        &browser,
        "the control's violations",
        secs(2),
        "return window.__cspViolations.length >= 2 ? window.__cspViolations.map((v) => v.directive) : null;",
    )
    .await;
    assert_eq!(seen, json!(["script-src-elem", "style-src-attr"]));
    let ran = browser
        .client
        .execute("return window.__inlineRan === true;", vec![])
        .await
        .expect("reads the control");
    assert_eq!(ran, json!(false), "the inline script was blocked");
    let logged = browser.take_log().await;
    assert!(
        logged.iter().any(|e| e["level"] == "SEVERE"),
        "the console log reports the control's violations: {logged:?}"
    );

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_tv_page_of_an_unknown_tournament_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let browser = Browser::start().await;
    for id in ["0b6e1c4e-9a57-4d55-9e39-7cf0c3e3a111", "not-a-tournament"] {
        browser
            .client
            .goto(&server.url(&format!("/tv/{id}")))
            .await
            .expect("opens the TV page");
        let tv = Tv { browser: &browser };
        tv.wait_for(
            &format!("the page for {id} to say it is unknown"),
            secs(3),
            |v| v.missing,
        )
        .await;
        let shown = wait_js(
            &browser,
            "the explanation",
            secs(1),
            "const m = document.getElementById('missing'); return m.hidden ? null : m.innerText;",
        )
        .await;
        let shown = shown.as_str().expect("text");
        assert!(shown.contains("Unknown tournament"), "{shown}");
        assert!(
            shown.contains(id),
            "the page names the id it looked for: {shown}"
        );
    }
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_tv_shows_a_pairing_code_then_follows_what_the_director_assigns_until_revoked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let main = common::create(&server, "Main event").await;
    let side = common::create(&server, "Side event").await;
    let browser = Browser::start().await;
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
    let code = shown.as_str().expect("a code").to_string();
    let (status, screen) = common::post(
        &server.url("/api/v1/screens"),
        json!({"code": code, "name": "Bar TV", "tournament": main}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{screen}");
    wait_js(
        &browser,
        "the TV to go to its tournament's clock",
        secs(8),
        &format!("return location.pathname === '/tv/{main}';"),
    )
    .await;
    let tv = Tv { browser: &browser };
    tv.wait_for("the assigned clock", secs(5), |v| v.name == "Main event")
        .await;

    // Reassigned: the TV follows by itself.
    let id = screen["id"].as_str().expect("id");
    let (status, _) = common::send(
        "PATCH",
        &server.url(&format!("/api/v1/screens/{id}")),
        Some(&json!({"tournament": side}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    tv.wait_for("the new assignment", secs(8), |v| v.name == "Side event")
        .await;

    // The venue overview: back at /tv, listing every tournament.
    let (status, _) = common::send(
        "PATCH",
        &server.url(&format!("/api/v1/screens/{id}")),
        Some(&json!({"layout": "overview"}).to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    wait_js(
        &browser,
        "the overview of both tournaments",
        secs(8),
        "return location.pathname === '/tv' && document.body.dataset.layout === 'overview' && document.querySelectorAll('#board-body .board-row').length === 2;",
    )
    .await;

    // Revoked: back to a new pairing code.
    let (status, _) = common::send(
        "POST",
        &server.url(&format!("/api/v1/screens/{id}/revoke")),
        Some("{}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let place = wait_js(
        &browser,
        "a new pairing code after the revocation",
        secs(20),
        "const c = document.getElementById('pairing-code').textContent; \
         return location.pathname === '/tv' && /^[A-Z0-9]{6}$/.test(c) ? c : null;",
    )
    .await;
    assert_ne!(place.as_str(), Some(code.as_str()), "a new code");
    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_phone_page_shows_the_clock_finds_a_seat_by_name_and_no_personal_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Phone Turbo").await;
    let (status, body) =
        common::post(&server.url("/api/v1/tables"), json!({"id": 1, "seats": 6})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{id}/tables")),
        json!({"tables": [1]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    common::add_and_register(&server, &id, json!({"name": "Ann Lee", "member_id": "M-77123", "phone": "+44 7700 900777", "email": "ann@example.com"})).await;
    start_clock(&server, &id).await;

    let browser = Browser::start().await;
    browser.on_new_document(CSP_LISTENER).await;
    browser
        .client
        .goto(&server.url(&format!("/phone/{id}")))
        .await
        .expect("opens the phone page");
    wait_js(
        &browser,
        "the clock and the payouts",
        secs(5),
        "return document.getElementById('name').textContent === 'Phone Turbo' \
           && /^\\d\\d:\\d\\d/.test(document.getElementById('time-left').textContent) \
           && document.querySelectorAll('#payouts li').length > 0;",
    )
    .await;
    let search = browser
        .client
        .find(fantoccini::Locator::Id("search"))
        .await
        .expect("the search field");
    search.send_keys("ann").await.expect("types");
    let found = wait_js(
        &browser,
        "the seat of Ann Lee",
        secs(5),
        "const li = document.querySelector('#seats li'); return li ? li.textContent : null;",
    )
    .await;
    assert!(
        found
            .as_str()
            .is_some_and(|t| t.contains("Ann Lee") && t.contains("table 1")),
        "{found}"
    );
    let text = browser
        .client
        .execute("return document.body.innerText;", vec![])
        .await
        .expect("reads");
    for secret in ["M-77123", "900777", "ann@example.com"] {
        assert!(
            !text.to_string().contains(secret),
            "the page shows {secret}"
        );
    }
    assert_clean(&browser, "the phone page").await;
    browser.close().await;
    server.stop().await;
}
