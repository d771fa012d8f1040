//! The director's desk (static/desk.html) in a real browser against the real server: a
//! structure generated, edited and used for a new tournament, and put on a running one
//! after a confirmation; a screen paired from the code a TV got, renamed and revoked; the
//! clock driven and the last action undone from the keyboard; leagues counting and no
//! longer counting tournaments by season; a table taken back from a tournament; the
//! server's refusals shown as it words them; on every tab a name on every control, a
//! focus order that reads down the page with a visible ring, and text contrast in both
//! themes.

use crate::check_layout;
use crate::common::{self, TestServer};
use crate::driver::Browser;
use crate::page::{
    click, focus_order, focus_problems, js, level_label, press, secs, tab_through, wait_js,
    LOW_CONTRAST_TEXTS, UNNAMED,
};
use actix_web::http::StatusCode;
use fantoccini::Locator;
use serde_json::{json, Value};

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

/// GET /api/v1/tournaments/{id}: the state and the clock as the server holds them now.
async fn tournament(server: &TestServer, id: &str) -> Value {
    let (status, body) = common::get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn audit(server: &TestServer, id: &str) -> Vec<Value> {
    let (status, body) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/audit"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().expect("a list").clone()
}

/// Polls the server until `ok` holds for the tournament; what it held then.
async fn server_holds(
    server: &TestServer,
    id: &str,
    what: &str,
    ok: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = std::time::Instant::now() + secs(5);
    loop {
        let t = tournament(server, id).await;
        if ok(&t) {
            return t;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waited for the server to hold {what}; it holds {}",
            t["clock"]
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Presses Ctrl+Z.
async fn ctrl_z(browser: &Browser) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '\u{E009}' })
        .then(KeyAction::Down { value: 'z' })
        .then(KeyAction::Up { value: 'z' })
        .then(KeyAction::Up { value: '\u{E009}' });
    browser
        .client
        .perform_actions(keys)
        .await
        .expect("presses Ctrl+Z");
}

/// Takes the focus off any field, so the next key is a shortcut.
async fn blur(browser: &Browser) {
    js(
        browser,
        "if (document.activeElement) document.activeElement.blur(); return null;",
    )
    .await;
}

/// Sets a select's value and tells the page, as a choice by hand would.
async fn choose(browser: &Browser, css: &str, value: &str) {
    let done = js(
        browser,
        &format!(
            "const s = document.querySelector({css:?}); if (![...s.options].some((o) => o.value === {value:?})) return [...s.options].map((o) => o.value);
             s.value = {value:?}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
        ),
    )
    .await;
    assert_eq!(done, json!(true), "{css} has no option {value}");
}

#[actix_web::test]
async fn every_desk_tab_has_labels_a_focus_order_a_visible_focus_and_contrast_in_both_themes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    // Something on every tab: a running tournament with players on tables, a league
    // counting it, a paired screen.
    let id = common::create(&server, "Thursday Deepstack").await;
    common::add_venue_tables(&server, 1..=3).await;
    common::give_tables(&server, &id, json!({"count": 2})).await;
    for name in ["Ana Silva", "Ben Okafor", "Chloe Martin"] {
        common::add_and_register(&server, &id, json!({ "name": name })).await;
    }
    let (status, body) = common::clock(&server, &id, json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, league) = common::post(
        &server.url("/api/v1/leagues"),
        json!({"name": "Winter", "formula": {"fixed_per_place": [10, 6, 3]}}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{league}");
    let lid = league["id"].as_str().expect("id").to_string();
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/leagues/{lid}/tournaments")),
        json!({ "tournament": id }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let browser = Browser::start().await;
    browser.set_viewport(1280, 900).await;
    browser
        .client
        .goto(&server.url("/desk"))
        .await
        .expect("opens the desk");
    wait_js(
        &browser,
        "the desk's login",
        secs(5),
        "return !document.getElementById('login-view').hidden;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed controls on the login"
    );
    log_in_to_desk(&browser, &server).await;
    // The contrast check sees a low contrast when there is one.
    let planted = js(
        &browser,
        "const p = document.createElement('p'); p.id = 'planted'; p.textContent = 'grey on grey';
         p.style.cssText = 'color: #8a8a8a; background: #a0a0a0'; document.getElementById('app').append(p);
         return null;",
    )
    .await;
    assert_eq!(planted, Value::Null);
    wait_js(
        &browser,
        "the desk after the login",
        secs(5),
        "return !document.getElementById('app').hidden;",
    )
    .await;
    let low = js(&browser, LOW_CONTRAST_TEXTS).await;
    assert!(
        low.as_array()
            .is_some_and(|l| l.len() == 1 && l[0].as_str().unwrap_or("").starts_with("p#planted")),
        "{low}"
    );
    js(
        &browser,
        "document.getElementById('planted').remove(); return null;",
    )
    .await;

    let tabs = [
        ("new", "#new-form select[name=structure] option"),
        ("structures", "#st-levels tbody tr"),
        ("money", "#payouts li"),
        ("plans", "#pp-rows tbody tr"),
        ("results", "#res-audit li"),
        ("leagues", "#lg-tournaments li[data-tournament]"),
        ("staff", "#staff li"),
        ("tables", "#venue-tables li"),
        ("screens", "#pair-form select[name=tournament] option"),
    ];
    let mut problems = Vec::new();
    for (tab, loaded) in tabs {
        click(&browser, &format!("#tab-{tab}-btn")).await;
        wait_js(
            &browser,
            &format!("the {tab} tab's content"),
            secs(5),
            &format!(
                "return !document.getElementById('tab-{tab}').hidden && document.querySelector({loaded:?}) !== null
                   && document.getElementById('dc-time').textContent !== '';"
            ),
        )
        .await;
        // Let the tab's other reads land.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        for unnamed in js(&browser, UNNAMED).await.as_array().expect("a list") {
            problems.push(format!("{tab}: unnamed {unnamed}"));
        }
        let stops = tab_through(&browser, 60).await;
        assert!(
            stops.len() >= 8,
            "{tab}: the keyboard reaches the page's controls: {stops:?}"
        );
        assert!(
            stops[0].what.starts_with("#home"),
            "{tab}: the first stop is the home link: {stops:?}"
        );
        let tab_stop = format!("#tab-{tab}-btn");
        let at = stops
            .iter()
            .position(|s| s.what.starts_with(&tab_stop))
            .unwrap_or_else(|| panic!("{tab}: the selected tab is a stop: {stops:?}"));
        assert!(
            stops.len() > at + 1,
            "{tab}: the panel's controls come after its tab: {stops:?}"
        );
        for p in focus_problems(&stops, 8.0) {
            problems.push(format!("{tab}: {p}"));
        }
        // The rest of a long tab, past the walk: in document order, reading down the page.
        let (jumps, all) = focus_order(&browser).await;
        for j in jumps {
            problems.push(format!("{tab}: a positive tabindex reorders the page: {j}"));
        }
        for p in focus_problems(&all, 8.0) {
            problems.push(format!("{tab} (whole page): {p}"));
        }
        blur(&browser).await;
        for theme in ["dark", "light"] {
            js(
                &browser,
                &format!(
                    "window.FeltI18n.setTheme('{theme}'); window.scrollTo(0, 0); return null;"
                ),
            )
            .await;
            assert_eq!(
                js(&browser, "return document.documentElement.dataset.theme;").await,
                json!(theme)
            );
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            for low in js(&browser, LOW_CONTRAST_TEXTS)
                .await
                .as_array()
                .expect("a list")
            {
                problems.push(format!("{tab} ({theme}): low contrast {low}"));
            }
            browser
                .screenshot(&format!("desk-a11y-{tab}-{theme}"))
                .await;
        }
    }
    // The dialogs: the shortcut list and a confirmation, in both themes.
    for theme in ["dark", "light"] {
        js(
            &browser,
            &format!("window.FeltI18n.setTheme('{theme}'); return null;"),
        )
        .await;
        for (open, dialog) in [
            ("document.getElementById('help-btn').click();", "help"),
            (
                "window.FeltStaff.confirmDialog('Undo #2 entry registered?', ['One', 'Two']);",
                "confirm",
            ),
        ] {
            js(&browser, &format!("{open} return null;")).await;
            wait_js(
                &browser,
                &format!("the {dialog} dialog"),
                secs(2),
                &format!("return document.getElementById('{dialog}-dialog').open;"),
            )
            .await;
            for unnamed in js(&browser, UNNAMED).await.as_array().expect("a list") {
                problems.push(format!("{dialog} dialog: unnamed {unnamed}"));
            }
            for low in js(&browser, LOW_CONTRAST_TEXTS)
                .await
                .as_array()
                .expect("a list")
            {
                problems.push(format!("{dialog} dialog ({theme}): low contrast {low}"));
            }
            browser
                .screenshot(&format!("desk-a11y-{dialog}-dialog-{theme}"))
                .await;
            click(&browser, &format!("#{dialog}-dialog button[data-close]")).await;
        }
    }
    js(&browser, "window.FeltI18n.setTheme('auto'); return null;").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn the_desk_drives_the_clock_from_the_keyboard_and_undoes_the_last_action_after_saying_what_it_was(
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Keys Night").await;
    let browser = Browser::start().await;
    browser.on_new_document(crate::CSP_LISTENER).await;
    open_desk(&browser, &server).await;
    wait_js(
        &browser,
        "the clock bar on Keys Night",
        secs(5),
        &format!(
            "return document.getElementById('dc-tournament').value === '{id}' && document.getElementById('dc-status').textContent === 'scheduled';"
        ),
    )
    .await;

    // `?` lists the shortcuts, named and legible.
    blur(&browser).await;
    press(&browser, '?').await;
    wait_js(
        &browser,
        "the shortcut list",
        secs(2),
        "return document.getElementById('help-dialog').open;",
    )
    .await;
    let listed = js(
        &browser,
        "return [...document.querySelectorAll('#help-dialog dd')].map((d) => d.textContent);",
    )
    .await;
    for what in [
        "Start, pause or resume the clock",
        "Next level",
        "Previous level",
        "Add a minute",
        "Take a minute off",
        "Undo the last action",
    ] {
        assert!(
            listed.as_array().expect("a list").iter().any(|d| d == what),
            "{what} in {listed}"
        );
    }
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed in the list"
    );
    assert_eq!(
        js(&browser, LOW_CONTRAST_TEXTS).await,
        json!([]),
        "contrast of the list"
    );
    browser.screenshot("desk-shortcuts").await;
    click(&browser, "#help-dialog button[data-close]").await;

    // Space starts the clock; N and P move a level; + and − a minute.
    blur(&browser).await;
    press(&browser, ' ').await;
    server_holds(&server, &id, "a started, running clock", |t| {
        t["state"]["started"] == true && t["clock"]["running"] == true
    })
    .await;
    press(&browser, 'n').await;
    server_holds(&server, &id, "level 2", |t| t["clock"]["level"] == 1).await;
    press(&browser, 'p').await;
    let before = server_holds(&server, &id, "level 1 again", |t| t["clock"]["level"] == 0).await;
    let left = |t: &Value| t["clock"]["remaining_ms"].as_i64().expect("remaining_ms");
    let start = left(&before);
    press(&browser, '+').await;
    server_holds(&server, &id, "a minute more", |t| left(t) > start + 50_000).await;
    press(&browser, '-').await;
    server_holds(&server, &id, "the minute taken off again", |t| {
        left(t) < start + 5_000
    })
    .await;
    wait_js(
        &browser,
        "the bar showing level 1, running",
        secs(3),
        "return document.getElementById('dc-status').textContent === 'running' && document.getElementById('dc-level').textContent.startsWith('Level 1');",
    )
    .await;

    // Typing in a field is typing: no shortcut fires.
    let seq_before = audit(&server, &id).await.len();
    type_into(&browser, "#new-form input[name=name]", "np +- u").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        js(
            &browser,
            "return document.querySelector('#new-form input[name=name]').value;"
        )
        .await,
        json!("np +- u")
    );
    let t = tournament(&server, &id).await;
    assert_eq!(
        (t["clock"]["level"].clone(), t["clock"]["running"].clone()),
        (json!(0), json!(true))
    );
    assert_eq!(
        audit(&server, &id).await.len(),
        seq_before,
        "nothing was sent"
    );

    // Space pauses; U asks, naming the pause, and undoes it once confirmed.
    blur(&browser).await;
    press(&browser, ' ').await;
    server_holds(&server, &id, "a paused clock", |t| {
        t["clock"]["running"] == false
    })
    .await;
    let lines = audit(&server, &id).await;
    let pause = lines.last().expect("the pause").clone();
    assert_eq!(pause["undone_by"], Value::Null);
    press(&browser, 'u').await;
    let asked = wait_js(
        &browser,
        "the undo confirmation",
        secs(3),
        "const d = document.getElementById('confirm-dialog'); return d.open ? document.getElementById('confirm-text').textContent : null;",
    )
    .await;
    let asked = asked.as_str().unwrap_or_default().to_string();
    assert!(
        asked.contains(&format!("#{}", pause["seq"])),
        "{asked} names {pause}"
    );
    assert!(asked.contains("paused"), "{asked}");
    assert_eq!(
        audit(&server, &id).await.len(),
        lines.len(),
        "asking undoes nothing"
    );
    browser.screenshot("desk-undo-confirm").await;
    click(&browser, "#confirm-yes").await;
    wait_js(
        &browser,
        "the undo confirmed",
        secs(3),
        "return document.getElementById('toast').textContent.startsWith('Undone');",
    )
    .await;
    let after = audit(&server, &id).await;
    let undone = after
        .iter()
        .find(|l| l["seq"] == pause["seq"])
        .expect("the pause line");
    assert!(
        undone["undone_by"].is_u64(),
        "the pause is undone: {undone}"
    );
    server_holds(&server, &id, "the clock running again", |t| {
        t["clock"]["running"] == true
    })
    .await;

    // Ctrl+Z asks too; Cancel leaves everything as it was.
    blur(&browser).await;
    ctrl_z(&browser).await;
    wait_js(
        &browser,
        "the second confirmation",
        secs(3),
        "return document.getElementById('confirm-dialog').open;",
    )
    .await;
    click(&browser, "#confirm-dialog button[data-close]").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        audit(&server, &id).await.len(),
        after.len(),
        "cancelled: nothing undone"
    );

    // Space on a button the keyboard moved to presses that button; the clock is left alone.
    let stops = tab_through(&browser, 5).await;
    assert!(
        stops
            .last()
            .is_some_and(|s| s.what.starts_with("#help-btn")),
        "{stops:?}"
    );
    let seq_before = audit(&server, &id).await.len();
    press(&browser, ' ').await;
    wait_js(
        &browser,
        "the list opened by its button",
        secs(2),
        "return document.getElementById('help-dialog').open;",
    )
    .await;
    click(&browser, "#help-dialog button[data-close]").await;
    assert_eq!(
        audit(&server, &id).await.len(),
        seq_before,
        "Space went to the button, not the clock"
    );

    // The number keys go through the tabs.
    blur(&browser).await;
    press(&browser, '6').await;
    wait_js(
        &browser,
        "the leagues tab",
        secs(2),
        "return !document.getElementById('tab-leagues').hidden;",
    )
    .await;

    crate::assert_clean(&browser, "the desk").await;
    browser.close().await;
    server.stop().await;
}

/// Loads the built-in turbo structure into the editor and sets row `row`'s minutes.
async fn turbo_with_minutes(browser: &Browser, row: usize, minutes: u64) {
    click(browser, "#tab-structures-btn").await;
    choose(browser, "#st-template", "turbo").await;
    click(browser, "#st-load").await;
    type_into(
        browser,
        &format!(
            "#st-levels tbody tr:nth-child({}) input[type=number]",
            row + 1
        ),
        &minutes.to_string(),
    )
    .await;
}

#[actix_web::test]
async fn replacing_a_started_tournaments_structure_asks_first_saying_what_changes_and_a_scheduled_one_does_not(
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let waiting = common::create(&server, "Not Yet").await;
    let running = common::create(&server, "Running Now").await;
    // Two levels played, the third paused (so its time left stands still).
    for action in ["start", "next_level", "next_level", "pause"] {
        let (status, body) = common::clock(&server, &running, json!({ "action": action })).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }
    let before = tournament(&server, &running).await;
    let old_levels = before["state"]["structure"]["levels"]
        .as_array()
        .expect("levels")
        .clone();
    assert_eq!(before["clock"]["level"], 2);
    let old_secs = old_levels[2]["duration_secs"].as_u64().expect("secs");
    let left_before = before["clock"]["remaining_ms"].as_i64().expect("ms");
    let minutes = old_secs / 60 + 5;

    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    turbo_with_minutes(&browser, 2, minutes).await;

    // Not started: replaced at once, no question.
    choose(&browser, "#st-tournament", &waiting).await;
    click(&browser, "#st-apply").await;
    let (ok, text) = said(&browser, "st-apply-msg", "the scheduled one replaced").await;
    assert!(ok && text.contains("Not Yet"), "{text}");
    assert_eq!(
        js(
            &browser,
            "return document.getElementById('confirm-dialog').open;"
        )
        .await,
        json!(false),
        "no confirmation before the clock starts"
    );
    let t = tournament(&server, &waiting).await;
    assert_eq!(
        t["state"]["structure"]["levels"][2]["duration_secs"],
        minutes * 60
    );

    // Started: it asks, and says what changes.
    clear_message(&browser, "st-apply-msg").await;
    choose(&browser, "#st-tournament", &running).await;
    click(&browser, "#st-apply").await;
    let lines = wait_js(
        &browser,
        "the confirmation",
        secs(3),
        "const d = document.getElementById('confirm-dialog'); return d.open ? [document.getElementById('confirm-text').textContent, ...[...document.querySelectorAll('#confirm-list li')].map((l) => l.textContent)] : null;",
    )
    .await;
    let lines: Vec<String> = lines
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l.as_str().unwrap_or_default().to_string())
        .collect();
    let level = level_label(&old_levels, 2);
    let clock = |ms: i64| {
        let s = (ms + 999) / 1000;
        format!("{:02}:{:02}", s / 60, s % 60)
    };
    let left_after = left_before + (minutes * 60 - old_secs) as i64 * 1000;
    assert_eq!(
        lines,
        vec![
            "The clock of Running Now has started. Replace its structure?".to_string(),
            "The 2 levels and breaks already played stay as they were.".to_string(),
            format!(
                "{level}, being played, lasts {minutes} min instead of {} min; the time it has run counts.",
                old_secs / 60
            ),
            format!(
                "Time left in it: {} now, {} after the change.",
                clock(left_before),
                clock(left_after)
            ),
            format!(
                "After it: {} levels and breaks, from the new structure.",
                old_levels.len() - 3
            ),
        ]
    );
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed in the confirmation"
    );
    browser.screenshot("desk-structure-confirm").await;

    // Cancel: nothing changes on the server.
    click(&browser, "#confirm-dialog button[data-close]").await;
    wait_js(
        &browser,
        "the cancellation",
        secs(3),
        "return document.getElementById('st-apply-msg').textContent === 'The structure of Running Now is unchanged.';",
    )
    .await;
    let t = tournament(&server, &running).await;
    assert_eq!(t["state"]["structure"]["levels"], json!(old_levels));

    // Confirm: replaced; the levels played are as they were, the current one has its new
    // length with the time it had run.
    clear_message(&browser, "st-apply-msg").await;
    click(&browser, "#st-apply").await;
    wait_js(
        &browser,
        "the confirmation again",
        secs(3),
        "return document.getElementById('confirm-dialog').open;",
    )
    .await;
    click(&browser, "#confirm-yes").await;
    let (ok, text) = said(&browser, "st-apply-msg", "the replacement").await;
    assert!(ok && text.contains("Running Now"), "{text}");
    let t = tournament(&server, &running).await;
    let levels = t["state"]["structure"]["levels"]
        .as_array()
        .expect("levels");
    assert_eq!(levels[..2], old_levels[..2], "the levels played stay");
    assert_eq!(levels[2]["duration_secs"], minutes * 60);
    assert_eq!(t["clock"]["level"], 2);
    assert_eq!(t["clock"]["remaining_ms"].as_i64(), Some(left_after));

    browser.close().await;
    server.stop().await;
}

/// Now, in ms since the Unix epoch.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

#[actix_web::test]
async fn a_director_picks_a_season_counts_tournaments_in_it_and_stops_counting_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let spring = common::create(&server, "Spring Cup").await;
    let summer = common::create(&server, "Summer Cup").await;
    // Summer Cup finishes now, inside the season running now.
    let (status, body) = common::post(
        &server.url(&format!("/api/v1/tournaments/{summer}/finish")),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let day = 24 * 3600 * 1000;
    let (status, league) = common::post(
        &server.url("/api/v1/leagues"),
        json!({"name": "Year League", "formula": {"fixed_per_place": [10, 6, 3]}, "seasons": [
            {"name": "Long ago", "start": now_ms() - 400 * day, "end": now_ms() - 300 * day},
            {"name": "This month", "start": now_ms() - 15 * day, "end": now_ms() + 15 * day},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{league}");
    let lid = league["id"].as_str().expect("id").to_string();

    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-leagues-btn").await;
    wait_js(
        &browser,
        "the league's seasons",
        secs(5),
        "return document.querySelectorAll('#lg-season-pick option').length === 3;",
    )
    .await;
    assert_eq!(
        js(
            &browser,
            "return [...document.querySelectorAll('#lg-season-pick option')].map((o) => o.value);"
        )
        .await,
        json!(["", "Long ago", "This month"])
    );

    // The season chosen: the standings and the CSV are that season's.
    choose(&browser, "#lg-season-pick", "Long ago").await;
    wait_js(
        &browser,
        "the standings of Long ago",
        secs(5),
        "const c = document.querySelector('#lg-table caption'); return c && c.textContent === 'Year League: Long ago';",
    )
    .await;
    assert_eq!(
        js(
            &browser,
            "return document.getElementById('lg-csv').getAttribute('href');"
        )
        .await,
        json!(format!(
            "/api/v1/leagues/{lid}/standings.csv?season=Long%20ago"
        ))
    );

    // Counting: each says where it stands in the season chosen.
    choose(&browser, "#lg-tournament", &spring).await;
    click(&browser, "#lg-count").await;
    let (ok, text) = said(&browser, "lg-msg", "Spring Cup counted").await;
    assert!(
        ok && text.contains("Spring Cup") && text.contains("not finished: it scores in Long ago"),
        "{text}"
    );
    clear_message(&browser, "lg-msg").await;
    choose(&browser, "#lg-season-pick", "This month").await;
    wait_js(
        &browser,
        "the standings of This month",
        secs(5),
        "const c = document.querySelector('#lg-table caption'); return c && c.textContent === 'Year League: This month';",
    )
    .await;
    choose(&browser, "#lg-tournament", &summer).await;
    click(&browser, "#lg-count").await;
    let (ok, text) = said(&browser, "lg-msg", "Summer Cup counted").await;
    assert!(
        ok && text.contains("its points are in This month"),
        "{text}"
    );
    let (_, stored) = common::get(&server.url(&format!("/api/v1/leagues/{lid}"))).await;
    assert_eq!(stored["tournaments"], json!([spring, summer]), "{stored}");
    wait_js(
        &browser,
        "both listed",
        secs(5),
        "return document.querySelectorAll('#lg-tournaments li[data-tournament]').length === 2;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed on the leagues tab"
    );
    browser.screenshot("desk-leagues-seasons").await;

    // Stop counting Spring Cup: the server no longer counts it.
    clear_message(&browser, "lg-msg").await;
    click(
        &browser,
        &format!("#lg-tournaments li[data-tournament='{spring}'] [data-act=remove]"),
    )
    .await;
    let (ok, text) = said(&browser, "lg-msg", "Spring Cup removed").await;
    assert!(ok && text.contains("Spring Cup"), "{text}");
    let (_, stored) = common::get(&server.url(&format!("/api/v1/leagues/{lid}"))).await;
    assert_eq!(stored["tournaments"], json!([summer]), "{stored}");
    wait_js(
        &browser,
        "one left in the list",
        secs(5),
        &format!("const l = document.querySelectorAll('#lg-tournaments li[data-tournament]'); return l.length === 1 && l[0].dataset.tournament === '{summer}';"),
    )
    .await;

    browser.close().await;
    server.stop().await;
}

#[actix_web::test]
async fn a_director_takes_an_empty_table_back_from_a_tournament_and_sees_the_servers_refusal_for_one_with_players(
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn(dir.path()).await;
    let id = common::create(&server, "Table Night").await;
    common::add_venue_tables(&server, 1..=3).await;
    common::give_tables(&server, &id, json!({"tables": [1, 2]})).await;
    common::add_and_register(&server, &id, json!({"name": "Ana Silva"})).await;
    let (_, seating) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    let taken = seating["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| {
            t["seats"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["name"] == "Ana Silva"))
        })
        .and_then(|t| t["table"]["id"].as_u64())
        .unwrap_or_else(|| panic!("Ana is seated: {seating}"));
    let empty = if taken == 1 { 2 } else { 1 };

    let browser = Browser::start().await;
    open_desk(&browser, &server).await;
    click(&browser, "#tab-tables-btn").await;
    wait_js(
        &browser,
        "the held tables",
        secs(5),
        "return document.querySelectorAll('#venue-tables li [data-act=release]').length === 2;",
    )
    .await;
    assert_eq!(
        js(&browser, UNNAMED).await,
        json!([]),
        "unnamed on the tables tab"
    );
    assert_eq!(
        js(&browser, &format!("return document.querySelector('#venue-tables li[data-table=\"{taken}\"] [data-act=release]').getAttribute('aria-label');")).await,
        json!(format!("Take table {taken} back from Table Night"))
    );

    // A table with a player: the server refuses, in its words, and keeps it.
    click(
        &browser,
        &format!("#venue-tables li[data-table='{taken}'] [data-act=release]"),
    )
    .await;
    let (ok, text) = said(&browser, "tables-msg", "the refusal").await;
    let (status, refusal) = common::send(
        "DELETE",
        &server.url(&format!("/api/v1/tournaments/{id}/tables/{taken}")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refusal}");
    assert_eq!(refusal["error"]["code"], "table_not_empty");
    assert!(!ok);
    assert_eq!(text, refusal["error"]["message"].as_str().unwrap_or("?"));
    browser.screenshot("desk-table-refused").await;

    // The empty one goes back to the pool.
    clear_message(&browser, "tables-msg").await;
    click(
        &browser,
        &format!("#venue-tables li[data-table='{empty}'] [data-act=release]"),
    )
    .await;
    let (ok, text) = said(&browser, "tables-msg", "the table taken back").await;
    assert!(ok && text.contains(&format!("Table {empty}")), "{text}");
    let (_, held) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/tables"))).await;
    let held: Vec<u64> = held["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["id"].as_u64())
        .collect();
    assert_eq!(
        held,
        vec![taken],
        "the tournament keeps only the table with a player"
    );
    let (_, room) = common::get(&server.url("/api/v1/tables")).await;
    let back = room
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["id"] == empty)
        .expect("the table")
        .clone();
    assert_eq!(back["held_by"], Value::Null, "{back}");
    let (_, seating) = common::get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert!(
        !seating["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .any(|t| t["table"]["id"] == empty),
        "closed in the seating: {seating}"
    );
    wait_js(
        &browser,
        "the table shown free",
        secs(5),
        &format!("const li = document.querySelector('#venue-tables li[data-table=\"{empty}\"]'); return li && !li.querySelector('[data-act=release]');"),
    )
    .await;

    browser.close().await;
    server.stop().await;
}
