//! The director's desk (static/desk.html) in a real browser against the real server: a
//! structure generated, edited and used for a new tournament; a screen paired from the
//! code a TV got, renamed and revoked; the server's refusals shown as it words them; a
//! name on every control.

use crate::check_layout;
use crate::common::{self, TestServer};
use crate::driver::Browser;
use crate::page::{click, js, secs, wait_js};
use actix_web::http::StatusCode;
use fantoccini::Locator;
use serde_json::{json, Value};

/// Every visible control without a name a screen reader can say.
const UNNAMED: &str = r#"
const out = [];
for (const e of document.querySelectorAll('button, input, select, a[href], [role=tab]')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const name = (e.getAttribute('aria-label') || (e.labels && [...e.labels].map((l) => l.textContent).join(' ')) || e.textContent || '').trim();
  if (!name) out.push(e.outerHTML.slice(0, 100));
}
return out;
"#;

/// Clears a field, types `text` and leaves it with Tab (so its change event fires).
async fn type_into(browser: &Browser, css: &str, text: &str) {
    let field = browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("finds {css}: {e}"));
    field.clear().await.expect("clears the field");
    field
        .send_keys(&format!("{text}\u{E004}"))
        .await
        .expect("types");
}

/// The text of the form message `id` once it says something (ok or error): (ok, text).
async fn said(browser: &Browser, id: &str, what: &str) -> (bool, String) {
    let v = wait_js(
        browser,
        what,
        secs(5),
        &format!("const m = document.getElementById('{id}'); return (m.classList.contains('ok') || m.classList.contains('error')) && m.textContent ? [m.classList.contains('ok'), m.textContent] : null;"),
    )
    .await;
    (
        v[0].as_bool().unwrap_or(false),
        v[1].as_str().unwrap_or_default().to_string(),
    )
}

async fn clear_message(browser: &Browser, id: &str) {
    js(
        browser,
        &format!("const m = document.getElementById('{id}'); m.textContent = ''; m.className = 'form-msg'; return null;"),
    )
    .await;
}

async fn open_desk(browser: &Browser, server: &TestServer) {
    browser.set_viewport(1280, 900).await;
    log_in_to_desk(browser, server).await;
    wait_js(
        browser,
        "the structures read",
        secs(5),
        "return document.querySelectorAll('#st-template option').length > 0 && document.querySelectorAll('#st-levels tbody tr').length > 0;",
    )
    .await;
}

/// Opens the desk and logs in as the admin (at the window's current size).
pub(crate) async fn log_in_to_desk(browser: &Browser, server: &TestServer) {
    browser
        .client
        .goto(&server.url("/desk"))
        .await
        .expect("opens the desk");
    wait_js(
        browser,
        "the desk's login",
        secs(5),
        "return !document.getElementById('login-view').hidden;",
    )
    .await;
    type_into(browser, "#login input[name=name]", common::ADMIN).await;
    type_into(browser, "#login input[name=pin]", common::ADMIN_PIN).await;
    click(browser, "#login button[type=submit]").await;
}

#[actix_web::test]
async fn a_director_generates_a_structure_edits_it_and_creates_a_tournament_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-structures-btn").await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the structures tab"
    );

    // A refusal is the server's own words.
    type_into(&browser, "#gen-form input[name=stack]", "30000").await;
    type_into(&browser, "#gen-form input[name=target]", "30").await;
    type_into(&browser, "#gen-form input[name=level]", "20").await;
    click(&browser, "#gen-form button[type=submit]").await;
    let (ok, text) = said(&browser, "st-msg", "the generator's refusal").await;
    let (status, refusal) = common::post(
        &server.url("/api/v1/structures/generate"),
        json!({"starting_stack": 30000, "target_minutes": 30, "level_minutes": 20, "break_minutes": 10, "field": 50}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refusal}");
    assert!(!ok);
    assert_eq!(text, refusal["error"]["message"].as_str().unwrap_or("?"));

    clear_message(&browser, "st-msg").await;
    type_into(&browser, "#gen-form input[name=target]", "240").await;
    click(&browser, "#gen-form button[type=submit]").await;
    let (ok, text) = said(&browser, "st-msg", "the structure generated").await;
    assert!(ok, "{text}");
    let (status, generated) = common::post(
        &server.url("/api/v1/structures/generate"),
        json!({"starting_stack": 30000, "target_minutes": 240, "level_minutes": 20, "break_minutes": 10, "field": 50}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{generated}");
    let levels = generated["structure"]["levels"]
        .as_array()
        .expect("levels")
        .clone();
    let shown = js(
        &browser,
        "return [...document.querySelectorAll('#st-levels tbody tr')].map((tr) => [...tr.querySelectorAll('input[type=number]')].map((i) => Number(i.value)));",
    )
    .await;
    let shown = shown.as_array().expect("rows").clone();
    assert_eq!(shown.len(), levels.len(), "one row per level and break");
    assert_eq!(
        shown[0],
        json!([
            20,
            levels[0]["small_blind"],
            levels[0]["big_blind"],
            levels[0]["ante"]
        ])
    );
    let color_up = levels
        .iter()
        .position(|l| l["color_up"] == true)
        .expect("a color-up break");
    let note = js(
        &browser,
        &format!("const tr = document.querySelectorAll('#st-levels tbody tr')[{color_up}]; return [tr.querySelector('input[type=checkbox]').checked, tr.querySelector('.st-note input:not([type])').value];"),
    )
    .await;
    assert_eq!(note, json!([true, levels[color_up]["note"]]));
    assert!(
        text.contains(&format!("level {}", generated["target_level"])),
        "{text}"
    );

    // The chip plan agrees: playable, and the first color-up row takes the 100s off.
    clear_message(&browser, "st-msg").await;
    click(&browser, "#st-check").await;
    let (ok, text) = said(&browser, "st-msg", "the chip check").await;
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("row {}: 100 black come off", color_up + 1)),
        "{text}"
    );

    // Nothing overflows its box, on a laptop and on a tablet in portrait.
    let mut problems = Vec::new();
    check_layout(&browser, "desk-structures-1280x900", false, &mut problems).await;
    browser.set_viewport(800, 1280).await;
    check_layout(&browser, "desk-structures-800x1280", false, &mut problems).await;
    browser.set_viewport(1280, 900).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Edit: the first level lasts 25 minutes, the last row goes, a break is added at the end
    // and moved up one.
    type_into(
        &browser,
        "#st-levels tbody tr:first-child input[type=number]",
        "25",
    )
    .await;
    click(&browser, "#st-levels tbody tr:last-child .danger-outline").await;
    click(&browser, "#st-add-break").await;
    let rows = levels.len();
    click(
        &browser,
        &format!("#st-levels tbody tr:nth-child({rows}) button[aria-label^='Move break']"),
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls after editing"
    );

    click(&browser, "#st-use").await;
    wait_js(
        &browser,
        "the new tournament tab",
        secs(3),
        "return !document.getElementById('tab-new').hidden;",
    )
    .await;
    type_into(&browser, "#new-form input[name=name]", "Generated Friday").await;
    clear_message(&browser, "new-msg").await;
    click(&browser, "#new-form button[type=submit]").await;
    let (ok, text) = said(&browser, "new-msg", "the creation confirmed").await;
    assert!(ok && text.contains("Generated Friday"), "{text}");

    let (_, list) = common::get(&server.url("/api/v1/tournaments")).await;
    let id = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["name"] == "Generated Friday")
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("created: {list}"))
        .to_string();
    let (_, t) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    let made = t["state"]["structure"]["levels"]
        .as_array()
        .expect("levels")
        .clone();
    assert_eq!(made.len(), levels.len(), "one removed, one break added");
    assert_eq!(made[0]["duration_secs"], 1500);
    assert_eq!(made[0]["big_blind"], levels[0]["big_blind"]);
    assert_eq!(made[rows - 2]["kind"], "break", "the added break moved up");
    assert_eq!(
        made[rows - 1],
        levels[rows - 2],
        "the row before the removed one is last"
    );
    let (_, log) =
        common::get(&server.url(&format!("/api/v1/tournaments/{id}/events?after=0&limit=1"))).await;
    assert_eq!(log[0]["event"]["starting_stack"], 30000, "{}", log[0]);

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_director_pairs_a_screen_by_its_code_renames_it_and_revokes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Bar Turbo").await;
    // The TV's side: a code to show, a secret to poll with.
    let (status, pairing) =
        common::send_as("POST", &server.url("/api/v1/screens/pairing"), None, None).await;
    assert_eq!(status, StatusCode::CREATED, "{pairing}");
    let code = pairing["code"].as_str().expect("a code").to_string();
    let secret = pairing["secret"].as_str().expect("a secret").to_string();

    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-screens-btn").await;
    wait_js(
        &browser,
        "the screens list",
        secs(5),
        "return document.querySelector('#screens li') !== null && document.querySelectorAll('#pair-form select[name=tournament] option').length > 1;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the screens tab"
    );

    // A wrong code: the server's words.
    type_into(&browser, "#pair-form input[name=code]", "ZZZZZZ").await;
    type_into(&browser, "#pair-form input[name=name]", "Bar TV").await;
    click(&browser, "#pair-form button[type=submit]").await;
    let (ok, text) = said(&browser, "screens-msg", "the refusal").await;
    let (status, refusal) = common::post(
        &server.url("/api/v1/screens"),
        json!({"code": "ZZZZZZ", "name": "Bar TV"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{refusal}");
    assert!(!ok);
    assert_eq!(text, refusal["error"]["message"].as_str().unwrap_or("?"));

    clear_message(&browser, "screens-msg").await;
    // Typed in lower case with a dash, as a director might.
    let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
    type_into(&browser, "#pair-form input[name=code]", &typed).await;
    js(
        &browser,
        &format!("const f = document.getElementById('pair-form').elements; f.tournament.value = '{id}'; f.layout.value = 'clock'; return null;"),
    )
    .await;
    click(&browser, "#pair-form button[type=submit]").await;
    let (ok, text) = said(&browser, "screens-msg", "the pairing").await;
    assert!(ok && text.contains("Bar TV"), "{text}");
    let (_, screens) = common::get(&server.url("/api/v1/screens")).await;
    let screen = screens[0].clone();
    assert_eq!(screen["name"], "Bar TV", "{screens}");
    assert_eq!(screen["tournament"], id.as_str());
    assert_eq!(screen["layout"], "clock");
    let (status, polled) = common::send_as(
        "GET",
        &server.url(&format!("/api/v1/screens/pairing/{secret}")),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(polled["status"], "paired", "{polled}");
    let token = polled["token"]
        .as_str()
        .expect("the TV's token")
        .to_string();

    // Rename and show the venue overview instead.
    wait_js(
        &browser,
        "the screen's row",
        secs(5),
        "return document.querySelector('#screens li .sc-name') !== null;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls in the screen's row"
    );
    type_into(&browser, "#screens li .sc-name", "Bar TV left").await;
    js(
        &browser,
        "const s = document.querySelectorAll('#screens li select'); s[0].value = ''; s[1].value = 'overview'; return null;",
    )
    .await;
    clear_message(&browser, "screens-msg").await;
    click(&browser, "#screens li button[aria-label^='Save']").await;
    let (ok, text) = said(&browser, "screens-msg", "the rename").await;
    assert!(ok, "{text}");
    let (_, screens) = common::get(&server.url("/api/v1/screens")).await;
    assert_eq!(screens[0]["name"], "Bar TV left", "{screens}");
    assert_eq!(screens[0]["layout"], "overview");
    assert_eq!(screens[0]["tournament"], Value::Null);

    // Revoke: one tap asks, the second revokes; the TV's token is refused from then on.
    wait_js(
        &browser,
        "the renamed row",
        secs(5),
        "const i = document.querySelector('#screens li .sc-name'); return i && i.value === 'Bar TV left';",
    )
    .await;
    clear_message(&browser, "screens-msg").await;
    click(&browser, "#screens li [data-act=revoke]").await;
    let (_, screens) = common::get(&server.url("/api/v1/screens")).await;
    assert_eq!(screens[0]["revoked"], false, "one tap only asks");
    click(&browser, "#screens li [data-act=revoke]").await;
    let (ok, text) = said(&browser, "screens-msg", "the revocation").await;
    assert!(ok && text.contains("Bar TV left"), "{text}");
    let (_, screens) = common::get(&server.url("/api/v1/screens")).await;
    assert_eq!(screens[0]["revoked"], true, "{screens}");
    let (status, _) =
        common::send_as("GET", &server.url("/api/v1/screens/me"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    wait_js(
        &browser,
        "the row marked revoked",
        secs(5),
        "const li = document.querySelector('#screens li'); return li && li.classList.contains('undone') && !li.querySelector('button');",
    )
    .await;

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_payout_plan_with_a_row_short_of_100_percent_shows_the_servers_words_then_saves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-plans-btn").await;
    wait_js(
        &browser,
        "the built-in plan shown",
        secs(5),
        "return document.querySelectorAll('#pp-pick option').length > 0 && document.querySelectorAll('#pp-rows tbody tr').length > 0;",
    )
    .await;
    assert_eq!(
        js(
            &browser,
            "return document.getElementById('pp-delete').disabled;"
        )
        .await,
        json!(true),
        "the built-in plan cannot be deleted"
    );

    click(&browser, "#pp-new").await;
    type_into(&browser, "#pp-name", "Thursday top three").await;
    click(&browser, "#pp-add-row").await;
    // Row 1: 2 to 10 entries, two places; row 2: 11 and up, three places adding to 99%.
    type_into(
        &browser,
        "#pp-rows tbody tr:nth-child(1) input[type=number]",
        "2",
    )
    .await;
    type_into(
        &browser,
        "#pp-rows tbody tr:nth-child(1) input[aria-label*='to entries']",
        "10",
    )
    .await;
    type_into(
        &browser,
        "#pp-rows tbody tr:nth-child(1) .pp-shares",
        "65, 35",
    )
    .await;
    type_into(
        &browser,
        "#pp-rows tbody tr:nth-child(2) input[type=number]",
        "11",
    )
    .await;
    type_into(
        &browser,
        "#pp-rows tbody tr:nth-child(2) .pp-shares",
        "50, 30, 19",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the payout plans tab"
    );
    click(&browser, "#pp-save").await;
    let (ok, text) = said(&browser, "pp-msg", "the plan refused").await;
    let rows = json!([
        {"min_entries": 2, "max_entries": 10, "shares_bp": [6500, 3500]},
        {"min_entries": 11, "max_entries": null, "shares_bp": [5000, 3000, 1900]},
    ]);
    let (status, refusal) = common::post(
        &server.url("/api/v1/payout-plans"),
        json!({"name": "Thursday top three", "rows": rows}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refusal}");
    assert!(!ok);
    assert_eq!(text, refusal["error"]["message"].as_str().unwrap_or("?"));
    assert!(text.contains("99"), "the message names the sum: {text}");

    clear_message(&browser, "pp-msg").await;
    type_into(
        &browser,
        "#pp-rows tbody tr:nth-child(2) .pp-shares",
        "50, 30, 20",
    )
    .await;
    click(&browser, "#pp-save").await;
    let (ok, text) = said(&browser, "pp-msg", "the plan saved").await;
    assert!(ok, "{text}");
    let (_, plans) = common::get(&server.url("/api/v1/payout-plans")).await;
    let plan = plans
        .as_array()
        .expect("a list")
        .iter()
        .find(|p| p["name"] == "Thursday top three")
        .and_then(|p| p["id"].as_str())
        .unwrap_or_else(|| panic!("saved: {plans}"))
        .to_string();
    let (_, plan) = common::get(&server.url(&format!("/api/v1/payout-plans/{plan}"))).await;
    assert_eq!(plan["rows"][0]["max_entries"], 10, "{plan}");
    assert_eq!(plan["rows"][1]["max_entries"], Value::Null, "{plan}");
    assert_eq!(plan["rows"][1]["shares_bp"], json!([5000, 3000, 2000]));
    assert_eq!(
        js(&browser, "return [document.getElementById('pp-pick').selectedOptions[0].textContent, document.getElementById('pp-delete').disabled];").await,
        json!(["Thursday top three", false])
    );

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_log_undoes_a_registration_in_two_taps_and_the_results_link_to_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Log Night").await;
    common::add_and_register(&server, &id, json!({"name": "Ann Early"})).await;
    common::add_and_register(&server, &id, json!({"name": "Bob Late"})).await;
    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-results-btn").await;
    wait_js(
        &browser,
        "the log",
        secs(5),
        "return document.querySelectorAll('#res-audit li [data-act=undo]').length >= 2;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the results tab"
    );
    let href = js(
        &browser,
        "return document.getElementById('res-csv').getAttribute('href');",
    )
    .await;
    assert_eq!(
        href,
        json!(format!("/api/v1/tournaments/{id}/results?format=csv"))
    );
    let (_, audit) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/audit"))).await;
    let last = audit
        .as_array()
        .expect("a list")
        .last()
        .expect("a line")
        .clone();
    assert_eq!(
        js(
            &browser,
            "return Number(document.querySelector('#res-audit li').dataset.seq);"
        )
        .await,
        last["seq"],
        "newest first"
    );

    click(&browser, "#res-audit li:first-child [data-act=undo]").await;
    let (_, entries) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/entries"))).await;
    assert_eq!(
        entries["entries"].as_array().map(Vec::len),
        Some(2),
        "one tap only asks"
    );
    click(&browser, "#res-audit li:first-child [data-act=undo]").await;
    let (ok, text) = said(&browser, "res-msg", "the undo").await;
    assert!(ok, "{text}");
    let (_, audit) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/audit"))).await;
    let undone = audit
        .as_array()
        .expect("a list")
        .iter()
        .find(|l| l["seq"] == last["seq"])
        .expect("the line")
        .clone();
    assert!(undone["undone_by"].is_u64(), "{undone}");
    wait_js(
        &browser,
        "the line marked undone",
        secs(5),
        &format!(
            "const li = document.querySelector('#res-audit li[data-seq=\"{}\"]'); return li && li.classList.contains('undone');",
            last["seq"]
        ),
    )
    .await;

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_director_creates_a_league_with_a_season_and_counts_a_tournament_in_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    common::create(&server, "League Night").await;
    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-leagues-btn").await;
    type_into(&browser, "#lg-form input[name=name]", "Winter League").await;
    type_into(&browser, "#lg-form input[name=numbers]", "10, 6, 3").await;
    type_into(&browser, "#lg-form input[name=best]", "8").await;
    click(&browser, "#lg-form button[type=submit]").await;
    let (ok, text) = said(&browser, "lg-msg", "the league created").await;
    assert!(ok && text.contains("Winter League"), "{text}");
    let (_, leagues) = common::get(&server.url("/api/v1/leagues")).await;
    let league = leagues[0].clone();
    assert_eq!(league["name"], "Winter League", "{leagues}");
    assert_eq!(league["formula"], json!({"fixed_per_place": [10, 6, 3]}));
    assert_eq!(league["best_results"], 8);
    let lid = league["id"].as_str().expect("id").to_string();
    wait_js(
        &browser,
        "the league picked",
        secs(5),
        "return document.getElementById('lg-pick').value !== '' && document.getElementById('lg-csv').getAttribute('href') !== null;",
    )
    .await;
    assert_eq!(
        js(
            &browser,
            "return document.getElementById('lg-csv').getAttribute('href');"
        )
        .await,
        json!(format!("/api/v1/leagues/{lid}/standings.csv"))
    );
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the leagues tab"
    );

    // A season typed as dates (Chromium takes the date in the field's own order).
    js(
        &browser,
        "const f = document.getElementById('lg-season').elements; f.start.value = '2026-01-01'; f.end.value = '2026-04-01'; return null;",
    )
    .await;
    type_into(&browser, "#lg-season input[name=name]", "Q1").await;
    clear_message(&browser, "lg-msg").await;
    click(&browser, "#lg-season button[type=submit]").await;
    let (ok, text) = said(&browser, "lg-msg", "the season added").await;
    assert!(ok, "{text}");
    clear_message(&browser, "lg-msg").await;
    click(&browser, "#lg-count").await;
    let (ok, text) = said(&browser, "lg-msg", "the tournament counted").await;
    assert!(ok && text.contains("League Night"), "{text}");
    let (_, league) = common::get(&server.url(&format!("/api/v1/leagues/{lid}"))).await;
    assert_eq!(league["seasons"][0]["name"], "Q1", "{league}");
    assert_eq!(league["tournaments"].as_array().map(Vec::len), Some(1));

    // Counting it twice: the server's refusal.
    clear_message(&browser, "lg-msg").await;
    click(&browser, "#lg-count").await;
    let (ok, text) = said(&browser, "lg-msg", "the refusal").await;
    assert!(!ok && !text.is_empty(), "{text}");

    browser.close().await;
    server.stop().await;
}
