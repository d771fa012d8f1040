//! The venue's resources through the API: the payout plan library, chip-up plans and
//! races, the room's tables and their assignment to tournaments, leagues and their
//! standings. Bad input is tested as carefully as good: unknown ids are 404, duplicates
//! 409, values the rules refuse 422 with a code naming the rule, malformed JSON 400.

mod common;

use actix_web::http::StatusCode;
use common::{create, get, post, send, spawn, TestServer};
use serde_json::{json, Value};

async fn put(url: &str, body: Value) -> (StatusCode, Value) {
    send("PUT", url, Some(&body.to_string())).await
}

async fn delete(url: &str) -> (StatusCode, Value) {
    send("DELETE", url, None).await
}

/// Asserts an error answer: its status and code.
fn refused(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["error"]["code"], code, "{}", answer.1);
    assert!(
        answer.1["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        answer.1
    );
}

fn plan(name: &str, shares: &[u32]) -> Value {
    json!({
        "name": name,
        "rows": [
            {"min_entries": 1, "max_entries": 10, "shares_bp": [6000, 4000]},
            {"min_entries": 11, "max_entries": null, "shares_bp": shares},
        ]
    })
}

#[actix_web::test]
async fn payout_plans_are_kept_checked_and_the_standard_plan_is_read_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let url = server.url("/api/v1/payout-plans");

    let (status, list) = get(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().expect("list").len(), 1);
    assert_eq!(list[0]["id"], "standard");
    assert_eq!(list[0]["read_only"], true);
    let (status, standard) = get(&server.url("/api/v1/payout-plans/standard")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(standard["rows"].as_array().expect("rows").len() > 5);

    let (status, added) = post(&url, plan("Flat top three", &[5000, 3000, 2000])).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let id = added["id"].as_str().expect("id").to_string();
    assert_eq!(added["read_only"], false);
    let one = server.url(&format!("/api/v1/payout-plans/{id}"));
    let (status, read) = get(&one).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["rows"][1]["shares_bp"], json!([5000, 3000, 2000]));

    // A row adding up to 99.10%: 422, naming the row and the sum; nothing stored.
    let bad = post(&url, plan("Short", &[5000, 3000, 1910])).await;
    refused(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_payout_plan",
    );
    let message = bad.1["error"]["message"].as_str().expect("message");
    assert!(message.contains("11+ entries"), "{message}");
    assert!(message.contains("99.10%"), "{message}");
    for body in [
        json!({"name": "Rising", "rows": [{"min_entries": 1, "max_entries": null, "shares_bp": [4000, 6000]}]}),
        json!({"name": "Gap", "rows": [
            {"min_entries": 1, "max_entries": 10, "shares_bp": [10000]},
            {"min_entries": 12, "max_entries": null, "shares_bp": [10000]}]}),
        json!({"name": "Empty", "rows": []}),
    ] {
        refused(
            &post(&url, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_payout_plan",
        );
    }
    refused(
        &post(&url, plan("  ", &[10000])).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_name",
    );
    // Names are unique in any case, the built-in one included.
    refused(
        &post(&url, plan("FLAT TOP THREE", &[10000])).await,
        StatusCode::CONFLICT,
        "duplicate_plan_name",
    );
    refused(
        &post(&url, plan("Felt standard", &[10000])).await,
        StatusCode::CONFLICT,
        "duplicate_plan_name",
    );
    // Malformed and mistyped bodies: 400.
    let (status, body) = send("POST", &url, Some("{\"name\": \"x\", \"rows\": [")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "invalid_json");
    refused(
        &post(&url, json!({"name": "x", "rows": [], "colour": "red"})).await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    );
    refused(
        &post(
            &url,
            json!({"name": "x", "rows": [{"min_entries": -1, "shares_bp": [1]}]}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    );

    // Replace, then the list shows both plans.
    let (status, replaced) = put(&one, plan("Top four", &[4000, 3000, 2000, 1000])).await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["name"], "Top four");
    refused(
        &put(&one, plan("Top four", &[9000])).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_payout_plan",
    );
    let (_, list) = get(&url).await;
    assert_eq!(list.as_array().expect("list").len(), 2);
    assert_eq!(list[1]["most_places"], 4);

    // The standard plan cannot change; unknown ids are 404, ids that are not ids 400.
    let standard_url = server.url("/api/v1/payout-plans/standard");
    refused(
        &put(&standard_url, plan("Mine", &[10000])).await,
        StatusCode::CONFLICT,
        "read_only_plan",
    );
    refused(
        &delete(&standard_url).await,
        StatusCode::CONFLICT,
        "read_only_plan",
    );
    let unknown = server.url(&format!(
        "/api/v1/payout-plans/{}",
        "00000000-0000-4000-8000-000000000000"
    ));
    refused(
        &get(&unknown).await,
        StatusCode::NOT_FOUND,
        "payout_plan_not_found",
    );
    refused(
        &put(&unknown, plan("Other", &[10000])).await,
        StatusCode::NOT_FOUND,
        "payout_plan_not_found",
    );
    refused(
        &delete(&unknown).await,
        StatusCode::NOT_FOUND,
        "payout_plan_not_found",
    );
    refused(
        &get(&server.url("/api/v1/payout-plans/nope")).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
    );

    let (status, _) = delete(&one).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    refused(
        &get(&one).await,
        StatusCode::NOT_FOUND,
        "payout_plan_not_found",
    );
    refused(
        &delete(&one).await,
        StatusCode::NOT_FOUND,
        "payout_plan_not_found",
    );
    server.stop().await;
}

#[actix_web::test]
async fn stored_plans_outlive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, added) = post(&server.url("/api/v1/payout-plans"), plan("Kept", &[10000])).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let id = added["id"].as_str().expect("id").to_string();
    let (status, table) = post(
        &server.url("/api/v1/tables"),
        json!({"id": 1, "seats": 9, "name": "One"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{table}");
    server.stop().await;

    let server = spawn(dir.path()).await;
    let (status, read) = get(&server.url(&format!("/api/v1/payout-plans/{id}"))).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["name"], "Kept");
    let (_, tables) = get(&server.url("/api/v1/tables")).await;
    assert_eq!(tables[0]["name"], "One");
    server.stop().await;
}

#[actix_web::test]
async fn a_chip_up_plan_names_what_comes_off_the_races_and_the_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let url = server.url("/api/v1/chip-up/plan");
    let play = |sb: u64, bb: u64| json!({"kind": "play", "small_blind": sb, "big_blind": bb, "ante": 0, "ante_kind": "none", "duration_secs": 1200});
    let color_up = json!({"kind": "break", "duration_secs": 600, "color_up": true});
    let chips = json!({"denominations": [
        {"value": 25, "colour": "green"},
        {"value": 100, "colour": "black"},
        {"value": 500, "colour": "purple"},
    ]});
    let (status, body) = post(
        &url,
        json!({
            "levels": [play(25, 50), play(50, 100), color_up.clone(), play(100, 200), play(200, 400)],
            "chips": chips.clone(),
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["playable"], true, "{body}");
    let up = &body["color_ups"][0];
    assert_eq!(up["level"], 3);
    assert_eq!(up["removed"][0]["colour"], "green");
    assert_eq!(up["races"][0]["small"]["value"], 25);
    assert_eq!(up["races"][0]["large"]["value"], 100);
    assert_eq!(
        up["in_play"],
        json!([{"value": 100, "colour": "black"}, {"value": 500, "colour": "purple"}])
    );

    // A blind that cannot be made once the green chips are gone: a problem with a code.
    let (status, body) = post(
        &url,
        json!({"levels": [play(25, 50), color_up.clone(), play(75, 150)], "chips": chips.clone()}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["playable"], false);
    let codes: Vec<&str> = body["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"color_up_removes_needed_chip"), "{body}");

    // A built-in structure against the standard set, and a tournament's own structure.
    let (status, body) = post(&url, json!({"structure": "regular"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["chips"][0]["value"], 100);
    let id = create(&server, "Chips").await;
    let (status, body) = post(&url, json!({"tournament": id})).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Bad input.
    refused(
        &post(
            &url,
            json!({"tournament": "00000000-0000-4000-8000-000000000000"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "tournament_not_found",
    );
    refused(
        &post(&url, json!({"structure": "regular", "levels": []})).await,
        StatusCode::BAD_REQUEST,
        "invalid_structure",
    );
    refused(
        &post(&url, json!({})).await,
        StatusCode::BAD_REQUEST,
        "invalid_structure",
    );
    refused(
        &post(&url, json!({"structure": "nope"})).await,
        StatusCode::BAD_REQUEST,
        "unknown_structure",
    );
    refused(
        &post(&url, json!({"levels": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_structure",
    );
    let bad_chips = [
        (json!([]), "empty_chip_set"),
        (
            json!([{"value": 25, "colour": "green"}, {"value": 60, "colour": "red"}]),
            "denomination_not_a_multiple",
        ),
        (
            json!([{"value": 25, "colour": "green"}, {"value": 100, "colour": "GREEN"}]),
            "duplicate_chip_colour",
        ),
        (
            json!([{"value": 25, "colour": "green"}, {"value": 25, "colour": "red"}]),
            "duplicate_denomination",
        ),
        (
            json!([{"value": 0, "colour": "green"}]),
            "zero_denomination",
        ),
        (json!([{"value": 5, "colour": " "}]), "invalid_chip_colour"),
    ];
    for (denominations, code) in bad_chips {
        refused(
            &post(
                &url,
                json!({"structure": "turbo", "chips": {"denominations": denominations}}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        );
    }
    let (status, body) = send("POST", &url, Some("{\"structure\": ")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    server.stop().await;
}

#[actix_web::test]
async fn a_chip_race_is_counted_from_each_players_chips_and_settled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let url = server.url("/api/v1/chip-up/race");
    // 25s raced for 100s: 7 chips (1 black and 3 left), 2, 1 (their last chip), 0.
    let race = json!({
        "small": 25, "large": 100,
        "players": [
            {"chips": 7, "has_other_chips": false},
            {"chips": 2, "has_other_chips": true},
            {"chips": 1, "has_other_chips": false},
            {"chips": 0, "has_other_chips": true},
        ]
    });
    let (status, body) = post(&url, race.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["exchanges"][0], json!({"large": 1, "leftover": 3}));
    assert_eq!(body["plan"]["leftover_chips"], 6);
    // 6 x 25 = 150: one 100 and a half, rounded up to two.
    assert_eq!(body["plan"]["chips_raced"], 2);
    assert_eq!(body["plan"]["racing"], json!([0, 1, 2]));
    assert_eq!(body["outcome"], Value::Null);

    let mut settled = race.clone();
    settled["winners"] = json!([0, 1]);
    let (status, body) = post(&url, settled).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcome = &body["outcome"];
    assert_eq!(outcome["results"][2]["gets_lowest_chip"], true, "{body}");
    assert_eq!(outcome["removed"], 150);
    assert_eq!(outcome["awarded"], 200);

    for (winners, code) in [
        (json!([0]), "wrong_number_of_race_winners"),
        (json!([0, 3]), "not_in_race"),
        (json!([0, 0]), "race_wins_at_most_one"),
    ] {
        let mut bad = race.clone();
        bad["winners"] = winners;
        refused(
            &post(&url, bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        );
    }
    let mut bad = race.clone();
    bad["large"] = json!(60);
    refused(
        &post(&url, bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_race_chips",
    );
    let mut bad = race.clone();
    bad["players"][0]["chips"] = json!(-1);
    refused(
        &post(&url, bad).await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    );
    server.stop().await;
}

async fn add_table(server: &TestServer, table: Value) -> (StatusCode, Value) {
    post(&server.url("/api/v1/tables"), table).await
}

fn numbers(body: &Value) -> Vec<u64> {
    body["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["id"].as_u64().expect("id"))
        .collect()
}

#[actix_web::test]
async fn tables_are_kept_checked_and_refused_when_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let url = server.url("/api/v1/tables");
    let (status, body) = add_table(
        &server,
        json!({"id": 7, "name": "Feature", "seats": 9, "zone": "Main room", "feature": true, "reserved": [4]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["held_by"], Value::Null);
    assert_eq!(body["reserved"], json!([4]));
    let (status, _) = add_table(&server, json!({"id": 2, "seats": 10})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, list) = get(&url).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<u64> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["id"].as_u64().expect("id"))
        .collect();
    assert_eq!(ids, [2, 7]);

    for (body, status, code) in [
        (
            json!({"id": 7, "seats": 9}),
            StatusCode::CONFLICT,
            "duplicate_table",
        ),
        (
            json!({"id": 8, "seats": 9, "name": "FEATURE"}),
            StatusCode::CONFLICT,
            "duplicate_table_name",
        ),
        (
            json!({"id": 8, "seats": 11}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_table",
        ),
        (
            json!({"id": 8, "seats": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_table",
        ),
        (
            json!({"id": 8, "seats": 6, "reserved": [7]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_table",
        ),
        (
            json!({"id": 8, "seats": 6, "reserved": [11]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_table",
        ),
        (
            json!({"id": 0, "seats": 6}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_table",
        ),
        (
            json!({"seats": 6}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_table",
        ),
        (
            json!({"id": 8, "seats": 6, "name": "x".repeat(201)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ),
        (
            json!({"id": 8, "seats": 300}),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            json!({"id": 8, "seats": 6, "colour": "red"}),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
    ] {
        let answer = add_table(&server, body.clone()).await;
        refused(&answer, status, code);
    }
    let (status, body) = send("POST", &url, Some("{\"id\": 8,")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Edits: by path; the body's id must agree.
    let seven = server.url("/api/v1/tables/7");
    let (status, body) = put(&seven, json!({"seats": 8, "name": "TV", "zone": "Back"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["seats"].clone(), body["name"].clone()),
        (json!(8), json!("TV"))
    );
    assert_eq!(body["feature"], false);
    refused(
        &put(&seven, json!({"id": 3, "seats": 8})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_table",
    );
    refused(
        &put(&server.url("/api/v1/tables/99"), json!({"seats": 8})).await,
        StatusCode::NOT_FOUND,
        "table_not_found",
    );
    refused(
        &put(&server.url("/api/v1/tables/x"), json!({"seats": 8})).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
    );
    refused(
        &delete(&server.url("/api/v1/tables/99")).await,
        StatusCode::NOT_FOUND,
        "table_not_found",
    );

    // Held by a tournament: no delete, no change of seats; the rest may change.
    let t = create(&server, "Holder").await;
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{t}/tables")),
        json!({"tables": [7]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    refused(&delete(&seven).await, StatusCode::CONFLICT, "table_in_use");
    refused(
        &put(&seven, json!({"seats": 9})).await,
        StatusCode::CONFLICT,
        "table_in_use",
    );
    let (status, body) = put(&seven, json!({"seats": 8, "zone": "Stage"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["held_by"]["tournament"], t.as_str());
    let (status, _) = delete(&server.url(&format!("/api/v1/tournaments/{t}/tables/7"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = delete(&seven).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    refused(
        &delete(&seven).await,
        StatusCode::NOT_FOUND,
        "table_not_found",
    );
    server.stop().await;
}

#[actix_web::test]
async fn two_tournaments_never_hold_the_same_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    for id in 1..=5 {
        let (status, body) = add_table(&server, json!({"id": id, "seats": 9})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let a = create(&server, "A").await;
    let b = create(&server, "B").await;
    let give = |t: &str| server.url(&format!("/api/v1/tournaments/{t}/tables"));

    let (status, body) = post(&give(&a), json!({"tables": [3, 1]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(numbers(&body), [1, 3]);
    // B asks for a table A holds: nothing of the request is applied.
    let clash = post(&give(&b), json!({"tables": [2, 3]})).await;
    refused(&clash, StatusCode::CONFLICT, "table_held");
    assert!(clash.1["error"]["message"]
        .as_str()
        .expect("message")
        .contains(&a));
    let (status, body) = get(&give(&b)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(numbers(&body).is_empty(), "{body}");
    // A count takes the first free tables in order: 2 and 4.
    let (status, body) = post(&give(&b), json!({"count": 2})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(numbers(&body), [2, 4]);
    refused(
        &post(&give(&a), json!({"count": 2})).await,
        StatusCode::CONFLICT,
        "not_enough_free_tables",
    );
    // Asking again for tables already held is harmless.
    let (status, body) = post(&give(&a), json!({"tables": [1]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(numbers(&body), [1, 3]);

    // Both race for the last free table at once: exactly one gets it.
    let (ra, rb) = futures_util::future::join(
        post(&give(&a), json!({"tables": [5]})),
        post(&give(&b), json!({"tables": [5]})),
    )
    .await;
    let mut statuses = [ra.0, rb.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{ra:?} {rb:?}"
    );
    let (_, list) = get(&server.url("/api/v1/tables")).await;
    let holders: Vec<Value> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|t| t["held_by"]["tournament"].clone())
        .collect();
    assert!(holders.iter().all(|h| h.is_string()), "{list}");

    // Bad requests.
    for (body, status, code) in [
        (
            json!({"tables": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_tables_asked",
        ),
        (
            json!({"count": 0}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_tables_asked",
        ),
        (
            json!({"tables": [1, 1]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "duplicate_table_in_request",
        ),
        (
            json!({"tables": [1], "count": 1}),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (json!({}), StatusCode::BAD_REQUEST, "invalid_json"),
        (
            json!({"tables": [42]}),
            StatusCode::NOT_FOUND,
            "table_not_found",
        ),
        (
            json!({"tables": ["one"]}),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
    ] {
        refused(&post(&give(&a), body).await, status, code);
    }
    let nobody = "00000000-0000-4000-8000-000000000000";
    refused(
        &post(&give(nobody), json!({"count": 1})).await,
        StatusCode::NOT_FOUND,
        "tournament_not_found",
    );
    refused(
        &get(&give(nobody)).await,
        StatusCode::NOT_FOUND,
        "tournament_not_found",
    );
    refused(
        &get(&server.url("/api/v1/tournaments/nope/tables")).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
    );

    // Giving back: only the holder, only a table that exists.
    let release =
        |t: &str, table: u32| server.url(&format!("/api/v1/tournaments/{t}/tables/{table}"));
    refused(
        &delete(&release(&b, 1)).await,
        StatusCode::CONFLICT,
        "table_not_held",
    );
    refused(
        &delete(&release(&a, 42)).await,
        StatusCode::NOT_FOUND,
        "table_not_found",
    );
    refused(
        &delete(&release(nobody, 1)).await,
        StatusCode::NOT_FOUND,
        "tournament_not_found",
    );
    let (status, body) = delete(&release(&a, 1)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!numbers(&body).contains(&1));
    refused(
        &delete(&release(&a, 1)).await,
        StatusCode::CONFLICT,
        "table_not_held",
    );
    // Back in the pool: B can take it.
    let (status, body) = post(&give(&b), json!({"tables": [1]})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(numbers(&body).contains(&1));

    // A finished tournament takes no tables.
    let (status, _) = post(
        &server.url(&format!("/api/v1/tournaments/{a}/finish")),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = delete(&release(&b, 1)).await;
    assert_eq!(status, StatusCode::OK);
    refused(
        &post(&give(&a), json!({"tables": [1]})).await,
        StatusCode::CONFLICT,
        "tournament_finished",
    );
    server.stop().await;
}

async fn player(server: &TestServer, name: &str) -> String {
    let (status, body) = post(&server.url("/api/v1/players"), json!({ "name": name })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["player"]["id"].as_str().expect("id").to_string()
}

/// Runs a tournament to its end: `players` register in order and bust from the last, so
/// the first one wins; then it is finished.
async fn play_out(server: &TestServer, name: &str, players: &[&str]) -> String {
    let id = create(server, name).await;
    let entries = server.url(&format!("/api/v1/tournaments/{id}/entries"));
    let act = |body: Value| post(&entries, body);
    for p in players {
        let (status, body) = act(json!({"action": "register", "player": p})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = common::clock(server, &id, json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for entry in (2..=players.len()).rev() {
        let (status, body) = act(json!({"action": "bust", "busted": [{"entry": entry, "stack": 1000}], "eliminators": [1]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = post(
        &server.url(&format!("/api/v1/tournaments/{id}/finish")),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

#[actix_web::test]
async fn a_league_scores_its_finished_tournaments_by_season() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let url = server.url("/api/v1/leagues");
    let far = 7_258_118_400_000_i64;
    let (status, league) = post(
        &url,
        json!({
            "name": "Tuesday league",
            "formula": {"fixed_per_place": [10, 6, 3]},
            "seasons": [
                {"name": "Long ago", "start": 0, "end": 1000},
                {"name": "Now", "start": 1000, "end": far},
            ]
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{league}");
    let id = league["id"].as_str().expect("id").to_string();
    let league_url = server.url(&format!("/api/v1/leagues/{id}"));

    let ann = player(&server, "Ann").await;
    let bob = player(&server, "Bob").await;
    let cat = player(&server, "Cat").await;
    let first = play_out(&server, "Week 1", &[&ann, &bob, &cat]).await;
    let second = play_out(&server, "Week 2", &[&bob, &ann, &cat]).await;
    let running = create(&server, "Week 3").await;
    for t in [&first, &second, &running] {
        let (status, body) = post(
            &server.url(&format!("/api/v1/leagues/{id}/tournaments")),
            json!({"tournament": t}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, read) = get(&league_url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["tournaments"].as_array().expect("list").len(), 3);

    // Ann: 10 + 6, Bob: 6 + 10, Cat: 3 + 3. Ann and Bob are level on points, wins, best
    // finish and events: they share first place, by name.
    let (status, standings) =
        get(&server.url(&format!("/api/v1/leagues/{id}/standings?season=now"))).await;
    assert_eq!(status, StatusCode::OK, "{standings}");
    assert_eq!(standings["season"], "Now");
    let rows = standings["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3, "{standings}");
    assert_eq!(
        (rows[0]["name"].clone(), rows[0]["rank"].clone()),
        (json!("Ann"), json!(1))
    );
    assert_eq!(
        (rows[1]["name"].clone(), rows[1]["rank"].clone()),
        (json!("Bob"), json!(1))
    );
    assert_eq!(rows[0]["points"], "16.00");
    assert_eq!(rows[2]["name"], "Cat");
    assert_eq!(rows[2]["points_hundredths"], 600);
    assert_eq!(rows[2]["rank"], 3);
    let lines = standings["tournaments"].as_array().expect("tournaments");
    assert_eq!(lines.iter().filter(|t| t["counted"] == true).count(), 2);
    assert!(lines
        .iter()
        .any(|t| t["id"] == running.as_str() && t["finished"] == false));
    // Without a season: the one running now.
    let (_, current) = get(&server.url(&format!("/api/v1/leagues/{id}/standings"))).await;
    assert_eq!(current["season"], "Now");
    assert_eq!(current["rows"], standings["rows"]);
    // A season in which nothing finished: no one scores.
    let (status, old) =
        get(&server.url(&format!("/api/v1/leagues/{id}/standings?season=Long%20ago"))).await;
    assert_eq!(status, StatusCode::OK, "{old}");
    assert!(old["rows"].as_array().expect("rows").is_empty());

    let (status, csv) = send(
        "GET",
        &server.url(&format!("/api/v1/leagues/{id}/standings.csv?season=Now")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let csv = csv.as_str().expect("text");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "rank,player,player_id,points,events,wins,best_place"
    );
    assert!(
        lines[1].starts_with(&format!("1,Ann,{ann},16.00,2,1,1")),
        "{csv}"
    );
    assert!(lines[3].starts_with("3,Cat,"), "{csv}");

    // Bad input.
    let nobody = "00000000-0000-4000-8000-000000000000";
    refused(
        &post(
            &server.url(&format!("/api/v1/leagues/{id}/tournaments")),
            json!({"tournament": first}),
        )
        .await,
        StatusCode::CONFLICT,
        "tournament_already_counted",
    );
    refused(
        &post(
            &server.url(&format!("/api/v1/leagues/{id}/tournaments")),
            json!({"tournament": nobody}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "tournament_not_found",
    );
    refused(
        &post(
            &server.url(&format!("/api/v1/leagues/{nobody}/tournaments")),
            json!({"tournament": first}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "league_not_found",
    );
    refused(
        &get(&server.url(&format!("/api/v1/leagues/{nobody}"))).await,
        StatusCode::NOT_FOUND,
        "league_not_found",
    );
    refused(
        &get(&server.url(&format!("/api/v1/leagues/{nobody}/standings"))).await,
        StatusCode::NOT_FOUND,
        "league_not_found",
    );
    refused(
        &get(&server.url(&format!("/api/v1/leagues/{id}/standings?season=Spring"))).await,
        StatusCode::NOT_FOUND,
        "season_not_found",
    );
    refused(
        &get(&server.url(&format!("/api/v1/leagues/{id}/standings?seasn=Now"))).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    );
    refused(
        &get(&server.url("/api/v1/leagues/nope")).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
    );

    // Seasons: a new one after the others is fine; same name or overlapping dates not.
    let seasons = server.url(&format!("/api/v1/leagues/{id}/seasons"));
    refused(
        &post(
            &seasons,
            json!({"name": "now", "start": far, "end": far + 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "duplicate_season",
    );
    refused(
        &post(
            &seasons,
            json!({"name": "Overlap", "start": 500, "end": 1500}),
        )
        .await,
        StatusCode::CONFLICT,
        "overlapping_seasons",
    );
    refused(
        &post(
            &seasons,
            json!({"name": "Backwards", "start": far + 10, "end": far}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "league_empty_season",
    );
    let (status, body) = post(
        &seasons,
        json!({"name": "Later", "start": far, "end": far + 1}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["seasons"].as_array().expect("seasons").len(), 3);

    // Leagues themselves.
    for (body, status, code) in [
        (
            json!({"name": "tuesday LEAGUE", "formula": {"participation": {"points": 1}}}),
            StatusCode::CONFLICT,
            "duplicate_league_name",
        ),
        (
            json!({"name": "", "formula": {"participation": {"points": 1}}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ),
        (
            json!({"name": "B", "formula": {"participation": {"points": 1}}, "best_results": 0}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "league_no_results_count",
        ),
        (
            json!({"name": "C", "formula": {"participation": {"points": 1}}, "seasons": [{"name": "S", "start": 5, "end": 5}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "league_empty_season",
        ),
        (
            json!({"name": "D", "formula": {"participation": {"points": 1}}, "seasons": [{"name": "S", "start": 0, "end": 10}, {"name": "T", "start": 5, "end": 20}]}),
            StatusCode::CONFLICT,
            "overlapping_seasons",
        ),
        (
            json!({"name": "E", "formula": {"golf": {}}}),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            json!({"name": "F"}),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
    ] {
        refused(&post(&url, body).await, status, code);
    }
    let (status, body) = send("POST", &url, Some("{\"name\":")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, all) = get(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        all.as_array().expect("list").len(),
        1,
        "refused leagues are not stored"
    );

    // Stop counting a tournament: its points go.
    let (status, body) =
        delete(&server.url(&format!("/api/v1/leagues/{id}/tournaments/{second}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    refused(
        &delete(&server.url(&format!("/api/v1/leagues/{id}/tournaments/{second}"))).await,
        StatusCode::NOT_FOUND,
        "tournament_not_counted",
    );
    let (_, after) = get(&server.url(&format!("/api/v1/leagues/{id}/standings?season=Now"))).await;
    assert_eq!(after["rows"][0]["name"], "Ann");
    assert_eq!(after["rows"][0]["points"], "10.00");
    server.stop().await;
}

#[actix_web::test]
async fn the_venue_routes_are_in_the_openapi_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, doc) = get(&server.url("/api/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/payout-plans",
        "/api/v1/payout-plans/{id}",
        "/api/v1/chip-up/plan",
        "/api/v1/chip-up/race",
        "/api/v1/leagues",
        "/api/v1/leagues/{id}",
        "/api/v1/leagues/{id}/seasons",
        "/api/v1/leagues/{id}/tournaments",
        "/api/v1/leagues/{id}/tournaments/{tournament}",
        "/api/v1/leagues/{id}/standings",
        "/api/v1/leagues/{id}/standings.csv",
        "/api/v1/tables",
        "/api/v1/tables/{id}",
        "/api/v1/tournaments/{id}/tables",
        "/api/v1/tournaments/{id}/tables/{table}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    server.stop().await;
}
