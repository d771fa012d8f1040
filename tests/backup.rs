//! Backups and restores with the real binary and a real server: an online copy while
//! tournaments run, a checked restore with the server stopped, automatic backups, and one
//! data directory for one server only.

mod common;

use common::{clock, create, get, spawn};
use serde_json::json;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

fn felt(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_felt"))
        .args(args)
        .args(["--data-dir", dir.to_str().expect("utf-8 path")])
        .output()
        .expect("runs")
}

fn log_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[actix_web::test]
async fn a_backup_taken_while_running_restores_into_a_fresh_directory() {
    let live = tempfile::tempdir().expect("temp dir");
    let server = spawn(live.path()).await;
    let id = create(&server, "Backed up").await;
    clock(&server, &id, json!({"action": "start"})).await;
    clock(&server, &id, json!({"action": "pause"})).await;
    let (_, before) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;

    let out_dir = tempfile::tempdir().expect("temp dir");
    let file = out_dir.path().join("copy.db");
    let file_arg = file.to_str().expect("utf-8");
    let out = felt(&["backup", file_arg], live.path());
    assert!(out.status.success(), "{}", log_of(&out));
    let again = felt(&["backup", file_arg], live.path());
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
    // The server went on unaware.
    clock(&server, &id, json!({"action": "resume"})).await;
    server.stop().await;

    let fresh = tempfile::tempdir().expect("temp dir");
    let out = felt(&["restore", file_arg], fresh.path());
    assert!(out.status.success(), "{}", log_of(&out));
    let restored = spawn(fresh.path()).await;
    let (_, after) = get(&restored.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(
        after["seq"], before["seq"],
        "the copy holds what was there when it was taken"
    );
    assert_eq!(after["state"]["clock"], before["state"]["clock"]);
    restored.stop().await;
}

#[actix_web::test]
async fn a_restore_is_refused_while_the_server_runs_or_from_a_bad_file_and_changes_nothing() {
    let live = tempfile::tempdir().expect("temp dir");
    let server = spawn(live.path()).await;
    create(&server, "Keep me").await;
    let spare = tempfile::tempdir().expect("temp dir");
    let file = spare.path().join("copy.db");
    let out = felt(&["backup", file.to_str().expect("utf-8")], live.path());
    assert!(out.status.success(), "{}", log_of(&out));

    let out = felt(&["restore", file.to_str().expect("utf-8")], live.path());
    assert!(!out.status.success());
    assert!(log_of(&out).contains("stop the server"), "{}", log_of(&out));

    let junk = spare.path().join("junk.db");
    std::fs::write(&junk, b"not a database".repeat(500)).expect("writes");
    server.stop().await;
    let before = std::fs::read(live.path().join("felt.db")).expect("reads");
    let out = felt(&["restore", junk.to_str().expect("utf-8")], live.path());
    assert!(!out.status.success());
    assert!(
        log_of(&out).contains("not a usable backup"),
        "{}",
        log_of(&out)
    );
    let missing = felt(&["restore", "/nonexistent/file.db"], live.path());
    assert!(!missing.status.success());
    assert_eq!(
        std::fs::read(live.path().join("felt.db")).expect("reads"),
        before
    );

    // With the server stopped and a good file it goes through, keeping the old database.
    let out = felt(&["restore", file.to_str().expect("utf-8")], live.path());
    assert!(out.status.success(), "{}", log_of(&out));
    let kept: Vec<_> = std::fs::read_dir(live.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("felt.db.replaced-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept");
}

#[actix_web::test]
async fn a_second_server_on_the_same_data_directory_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let second = felt::startup::Application::build(common::settings(dir.path()), false).await;
    let error = second.err().expect("refused").to_string();
    assert!(error.contains("another Felt server"), "{error}");
    server.stop().await;
    // Once the first has stopped, the directory is free again.
    let again = spawn(dir.path()).await;
    again.stop().await;
}

#[actix_web::test]
async fn automatic_backups_are_taken_on_schedule_and_only_the_newest_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.backup.every_secs = 1;
    settings.backup.keep = 2;
    let server = common::spawn_with(settings, false).await;
    create(&server, "Scheduled").await;
    let backups = dir.path().join("backups");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let mut seen = 0;
    while std::time::Instant::now() < deadline {
        actix_web::rt::time::sleep(Duration::from_millis(250)).await;
        seen = std::fs::read_dir(&backups).map(|d| d.count()).unwrap_or(0);
        if seen >= 2 {
            // One more round: pruning keeps it at two.
            actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
            break;
        }
    }
    assert!(seen >= 2, "backups were taken");
    let files: Vec<_> = std::fs::read_dir(&backups)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        felt_actors::store::check_file(f)
            .await
            .expect("each backup is a sound database");
    }
    server.stop().await;
}
