//! The HTTP API end to end: a real server on a real port over a real LibSQL file.

mod common;

use actix_web::http::StatusCode;
use common::{clock, create, get, post, send, spawn};
use serde_json::json;

#[actix_web::test]
async fn health_reports_the_database_the_version_and_the_tournaments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, body) = get(&server.url("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["tournaments_loaded"], 0);
    create(&server, "Monday").await;
    let (_, body) = get(&server.url("/api/health")).await;
    assert_eq!(body["tournaments_loaded"], 1);
    assert!(
        dir.path().join("felt.db").exists(),
        "the database file is in the data dir"
    );
    server.stop().await;
}

#[actix_web::test]
async fn a_tournament_is_created_listed_read_and_its_clock_driven() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, structures) = get(&server.url("/api/v1/structures")).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = structures
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, vec!["turbo", "regular", "deep_stack"]);

    let id = create(&server, "Friday Turbo").await;
    let (_, list) = get(&server.url("/api/v1/tournaments")).await;
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["status"], "scheduled");

    let (status, started) = clock(&server, &id, json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["seq"], 2);
    assert_eq!(started["state"]["status"], "running");
    let (_, next) = clock(&server, &id, json!({"action": "next_level"})).await;
    assert_eq!(next["state"]["clock"]["level"], 1);
    let (_, set) = clock(
        &server,
        &id,
        json!({"action": "set_time", "remaining_secs": 90}),
    )
    .await;
    assert_eq!(set["state"]["clock"]["remaining_ms"], 90_000);
    let (_, added) = clock(
        &server,
        &id,
        json!({"action": "adjust_time", "delta_secs": -30}),
    )
    .await;
    assert!(
        added["state"]["clock"]["remaining_ms"]
            .as_i64()
            .expect("ms")
            <= 60_000
    );
    let (_, paused) = clock(&server, &id, json!({"action": "pause"})).await;
    assert_eq!(paused["state"]["clock"]["running"], false);
    let (_, jumped) = clock(&server, &id, json!({"action": "jump", "level": 0})).await;
    assert_eq!(jumped["state"]["clock"]["level"], 0);
    let (_, resumed) = clock(&server, &id, json!({"action": "resume"})).await;
    assert_eq!(resumed["seq"], 8);

    let (status, report) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["seq"], 8);
    assert_eq!(report["clock"]["level"], 0);
    assert_eq!(report["clock"]["running"], true);
    assert!(report["clock"]["next_break_in_ms"].as_i64().is_some());

    let (_, log) = get(&server.url(&format!("/api/v1/tournaments/{id}/events"))).await;
    let kinds: Vec<&str> = log
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["event"]["type"].as_str().expect("type"))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "tournament_created",
            "clock_started",
            "level_changed",
            "time_set",
            "time_adjusted",
            "clock_paused",
            "level_changed",
            "clock_resumed"
        ]
    );
    assert_eq!(log[1]["by"], "admin", "the operator who logged in");
    let (_, page) =
        get(&server.url(&format!("/api/v1/tournaments/{id}/events?after=6&limit=1"))).await;
    assert_eq!(page.as_array().expect("list").len(), 1);
    assert_eq!(page[0]["seq"], 7);

    let (status, finished) = post(
        &server.url(&format!("/api/v1/tournaments/{id}/finish")),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{finished}");
    assert_eq!(finished["state"]["status"], "finished");
    server.stop().await;
}

#[actix_web::test]
async fn a_structure_can_be_edited_while_the_clock_runs_and_warnings_come_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, "Edit me").await;
    clock(&server, &id, json!({"action": "start"})).await;
    let url = server.url(&format!("/api/v1/tournaments/{id}/structure"));
    let levels = json!({"levels": [
        {"kind":"play","small_blind":100,"big_blind":200,"ante":0,"ante_kind":"none","duration_secs":600},
        {"kind":"play","small_blind":200,"big_blind":400,"ante":500,"ante_kind":"per_player","duration_secs":600},
        {"kind":"break","duration_secs":300,"note":"Color up","color_up":true},
        {"kind":"play","small_blind":100,"big_blind":200,"duration_secs":600}
    ]});
    let (status, body) = send("PUT", &url, Some(&levels.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["state"]["structure"]["levels"]
            .as_array()
            .expect("levels")
            .len(),
        4
    );
    let warnings: Vec<&str> = body["warnings"]
        .as_array()
        .expect("list")
        .iter()
        .map(|w| w.as_str().expect("text"))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    server.stop().await;
}

/// Each bad request gets a 4xx with a JSON error code, and the tournament is unchanged.
#[actix_web::test]
async fn bad_input_gets_a_clear_json_error_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = create(&server, "Target").await;
    clock(&server, &id, json!({"action": "start"})).await;
    let clock_url = server.url(&format!("/api/v1/tournaments/{id}/clock"));
    let create_url = server.url("/api/v1/tournaments");
    let huge = format!(
        r#"{{"name":"{}","structure":"turbo"}}"#,
        "x".repeat(100_000)
    );
    let cases: Vec<(&str, String, Option<String>, StatusCode, &str)> = vec![
        (
            "POST",
            clock_url.clone(),
            Some("{not json".into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"jump","level":"three"}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"explode"}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"pause","force":true}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"set_time","remaining_secs":-5}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"set_time","remaining_secs":0}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"jump","level":999}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_such_level",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"resume"}"#.into()),
            StatusCode::CONFLICT,
            "clock_already_running",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"start"}"#.into()),
            StatusCode::CONFLICT,
            "clock_already_started",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"{"action":"previous_level"}"#.into()),
            StatusCode::CONFLICT,
            "at_first_level",
        ),
        (
            "POST",
            clock_url.clone(),
            Some(r#"[]"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            create_url.clone(),
            Some(huge),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "POST",
            create_url.clone(),
            Some(r#"{"name":"x","structure":"turbo","color":"red"}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            "POST",
            create_url.clone(),
            Some(r#"{"name":"","structure":"turbo"}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            "POST",
            create_url.clone(),
            Some(r#"{"name":"x"}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_structure",
        ),
        (
            "POST",
            create_url.clone(),
            Some(r#"{"name":"x","levels":[],"starting_stack":100}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_structure",
        ),
        (
            "POST",
            create_url.clone(),
            Some(r#"{"name":"x","structure":"turbo","starting_stack":0}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            "POST",
            create_url.clone(),
            Some(r#"{"name":"x","structure":"turbo","auto_start":true}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            "POST",
            server.url("/api/v1/tournaments/not-a-uuid/clock"),
            Some(r#"{"action":"pause"}"#.into()),
            StatusCode::BAD_REQUEST,
            "invalid_path",
        ),
        (
            "POST",
            server.url("/api/v1/tournaments/00000000-0000-4000-8000-000000000000/clock"),
            Some(r#"{"action":"pause"}"#.into()),
            StatusCode::NOT_FOUND,
            "tournament_not_found",
        ),
        (
            "GET",
            server.url("/api/v1/tournaments/00000000-0000-4000-8000-000000000000"),
            None,
            StatusCode::NOT_FOUND,
            "tournament_not_found",
        ),
        (
            "GET",
            server.url(&format!("/api/v1/tournaments/{id}/events?after=x")),
            None,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            "GET",
            server.url("/api/v1/nothing-here"),
            None,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "DELETE",
            server.url(&format!("/api/v1/tournaments/{id}")),
            None,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    let (_, before) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    for (method, url, body, expected, code) in cases {
        let (status, answer) = send(method, &url, body.as_deref()).await;
        assert_eq!(status, expected, "{method} {url} {body:?}: {answer}");
        assert_eq!(
            answer["error"]["code"], code,
            "{method} {url} {body:?}: {answer}"
        );
        assert!(answer["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    // A body that is not declared as JSON.
    let mut res = common::client()
        .post(&clock_url)
        .insert_header(("content-type", "text/plain"))
        .send_body(r#"{"action":"pause"}"#)
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    let (_, after) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(after["seq"], before["seq"], "nothing was written");
    assert_eq!(after["state"], before["state"]);
    let (_, list) = get(&server.url("/api/v1/tournaments")).await;
    assert_eq!(
        list.as_array().expect("list").len(),
        1,
        "no tournament was created"
    );
    server.stop().await;
}

#[actix_web::test]
async fn the_openapi_document_describes_every_route() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let (status, doc) = get(&server.url("/api/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/health",
        "/ws",
        "/api/v1/structures",
        "/api/v1/tournaments",
        "/api/v1/tournaments/{id}",
        "/api/v1/tournaments/{id}/clock",
        "/api/v1/tournaments/{id}/structure",
        "/api/v1/tournaments/{id}/finish",
        "/api/v1/tournaments/{id}/events",
        "/api/v1/tournaments/{id}/export",
        "/api/v1/tournaments/import",
        "/api/v1/players",
        "/api/v1/players/{id}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    server.stop().await;
}

#[actix_web::test]
async fn pages_are_served_with_their_type_security_headers_and_revalidation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let c = common::client();
    for (path, mime) in [
        ("/", "text/html"),
        ("/tv/6f1c2a4e-0000-4000-8000-000000000001", "text/html"),
        ("/static/tv.js", "text/javascript"),
        ("/static/felt.css", "text/css"),
    ] {
        let res = c.get(server.url(path)).send().await.expect("request");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let ct = res
            .headers()
            .get("content-type")
            .expect("type")
            .to_str()
            .expect("ascii");
        assert!(ct.starts_with(mime), "{path}: {ct}");
        let csp = res
            .headers()
            .get("content-security-policy")
            .expect("csp")
            .to_str()
            .expect("ascii");
        assert!(csp.contains("script-src 'self'"));
        assert_eq!(
            res.headers().get("x-frame-options").expect("header"),
            "DENY"
        );
        let etag = res.headers().get("etag").expect("etag").clone();
        let again = c
            .get(server.url(path))
            .insert_header(("if-none-match", etag))
            .send()
            .await
            .expect("request");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
    let (status, body) = get(&server.url("/static/nope.js")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    server.stop().await;
}

#[actix_web::test]
async fn players_are_added_found_by_any_part_of_their_name_or_member_id_and_look_alikes_are_reported(
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let url = server.url("/api/v1/players");
    let (status, ann) = post(
        &url,
        json!({"name": "  Ann   Lee ", "member_id": "M-17", "phone": "555"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{ann}");
    assert_eq!(ann["player"]["name"], "Ann Lee");
    assert_eq!(ann["look_alikes"], json!([]));
    let (_, bob) = post(&url, json!({"name": "Bob 100%_Sure", "nickname": "Robbie"})).await;
    assert_eq!(bob["look_alikes"], json!([]));
    // Same name in another case, and same member id: both reported, both still added.
    let (status, twin) = post(&url, json!({"name": "ann lee"})).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(twin["look_alikes"][0]["id"], ann["player"]["id"]);
    let (_, member) = post(&url, json!({"name": "A. Lee", "member_id": "M-17"})).await;
    assert_eq!(member["look_alikes"][0]["id"], ann["player"]["id"]);

    let names = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("list")
            .iter()
            .map(|p| p["name"].as_str().expect("name").to_string())
            .collect()
    };
    let (_, found) = get(&format!("{url}?q=LEE")).await;
    assert_eq!(names(&found), vec!["A. Lee", "Ann Lee", "ann lee"]);
    let (_, found) = get(&format!("{url}?q=robb")).await;
    assert_eq!(
        names(&found),
        vec!["Bob 100%_Sure"],
        "nicknames are searched too"
    );
    let (_, found) = get(&format!("{url}?q=m-1")).await;
    assert_eq!(
        names(&found),
        vec!["A. Lee", "Ann Lee"],
        "member ids are searched too (a card read at the desk)"
    );
    let (_, found) = get(&format!("{url}?q=%25_")).await;
    assert_eq!(
        names(&found),
        vec!["Bob 100%_Sure"],
        "% and _ are plain characters"
    );
    let (_, all) = get(&format!("{url}?limit=2")).await;
    assert_eq!(all.as_array().expect("list").len(), 2);

    let id = ann["player"]["id"].as_str().expect("id");
    let (status, one) = get(&format!("{url}/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["phone"], "555");
    for (body, code) in [
        (json!({"name": "   "}), "invalid_value"),
        (json!({"name": "x".repeat(101)}), "invalid_value"),
        (
            json!({"name": "Z", "email": "not-an-address"}),
            "invalid_value",
        ),
        (json!({"name": "Z", "age": 40}), "invalid_json"),
    ] {
        let (status, answer) = post(&url, body.clone()).await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert_eq!(answer["error"]["code"], code, "{body}");
    }
    let (status, missing) = get(&format!("{url}/00000000-0000-4000-8000-000000000000")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["error"]["code"], "not_found");
    let (status, _) = get(&format!("{url}/nope")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[actix_web::test]
async fn an_exported_log_imports_on_another_box_and_replays_to_the_same_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = spawn(dir.path()).await;
    let id = create(&here, "Travels").await;
    clock(&here, &id, json!({"action": "start"})).await;
    clock(&here, &id, json!({"action": "next_level"})).await;
    clock(&here, &id, json!({"action": "pause"})).await;
    let (status, export) = get(&here.url(&format!("/api/v1/tournaments/{id}/export"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(export["format"], "felt-tournament-log");
    assert_eq!(export["events"].as_array().expect("events").len(), 4);
    let (_, original) = get(&here.url(&format!("/api/v1/tournaments/{id}"))).await;

    let other_dir = tempfile::tempdir().expect("temp dir");
    let there = spawn(other_dir.path()).await;
    let import_url = there.url("/api/v1/tournaments/import");
    let (status, imported) = post(&import_url, export.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{imported}");
    let (_, copy) = get(&there.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(copy["state"], original["state"]);
    assert_eq!(copy["seq"], 4);
    let (status, again) = post(&import_url, export.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["error"]["code"], "tournament_exists");

    let mut gap = export.clone();
    gap["events"].as_array_mut().expect("events").remove(2);
    gap["tournament"] = json!("6f1c2a4e-0000-4000-8000-00000000beef");
    let (status, refused) = post(&import_url, gap).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let mut gap = export.clone();
    gap["events"].as_array_mut().expect("events").remove(2);
    let other_id = "6f1c2a4e-0000-4000-8000-00000000beef";
    gap["tournament"] = json!(other_id);
    gap["events"][0]["event"]["id"] = json!(other_id);
    let (status, refused) = post(&import_url, gap).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["code"], "invalid_value");
    let mut wrong = export.clone();
    wrong["format"] = json!("something-else");
    let (status, refused) = post(&import_url, wrong).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(refused["error"]["code"], "unsupported_format");
    let (_, list) = get(&there.url("/api/v1/tournaments")).await;
    assert_eq!(
        list.as_array().expect("list").len(),
        1,
        "nothing half imported"
    );
    there.stop().await;
    here.stop().await;
}

#[actix_web::test]
async fn the_demo_is_a_tournament_in_progress_created_only_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = common::spawn_with(common::settings(dir.path()), true).await;
    let id = server.demo.expect("a demo tournament").to_string();
    let (_, report) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(report["state"]["status"], "running");
    assert_eq!(report["clock"]["level"], 3, "a few levels in");
    let figures = &report["state"]["figures"];
    assert_eq!(figures["entries"], 38, "36 players and 2 re-entries");
    assert_eq!(figures["players_left"], 33, "five busts");
    assert_eq!(figures["prize_pool"]["pool"], 38 * 20_000);
    let (_, seating) = get(&server.url(&format!("/api/v1/tournaments/{id}/seating"))).await;
    assert_eq!(
        seating["unseated"],
        json!([]),
        "every player in play is seated"
    );
    let seated: u64 = seating["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["players"].as_u64().expect("count"))
        .sum();
    assert_eq!(seated, 33);
    assert_eq!(
        seating["tables"].as_array().map(Vec::len),
        Some(4),
        "one of the five tables broke as players went out"
    );
    server.stop().await;
    let again = common::spawn_with(common::settings(dir.path()), true).await;
    assert_eq!(again.demo.map(|d| d.to_string()), Some(id));
    let (_, list) = get(&again.url("/api/v1/tournaments")).await;
    assert_eq!(list.as_array().expect("list").len(), 1, "not created twice");
    again.stop().await;
}
