//! Faults from outside the server: subscribers that stop reading or vanish mid-frame, and
//! a disk that fills up under a running server.

mod common;

use common::*;
use serde_json::json;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A websocket frame as a client must send it (masked).
fn client_frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x12u8, 0x34, 0x56, 0x78];
    let mut f = vec![0x80 | opcode];
    match payload.len() {
        n if n < 126 => f.push(0x80 | n as u8),
        n if n < 65536 => {
            f.push(0x80 | 126);
            f.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            f.push(0x80 | 127);
            f.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    f.extend_from_slice(&mask);
    f.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    f
}

/// A websocket client by hand, over a socket with a small receive buffer so a client
/// that never reads backs up quickly: upgraded and subscribed to `tournament`.
fn raw_subscriber(addr: SocketAddr, tournament: &str) -> TcpStream {
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket.set_recv_buffer_size(4096).expect("small buffer");
    socket.connect(&addr.into()).expect("connects");
    let mut s: TcpStream = socket.into();
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        s,
        "GET /ws HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .expect("handshake");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).expect("the answer to the upgrade");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    let subscribe = json!({"type": "subscribe", "tournament": tournament}).to_string();
    s.write_all(&client_frame(0x1, subscribe.as_bytes()))
        .expect("subscribes");
    s
}

/// Resident memory of this process (the server runs in it), in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("proc")
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("VmRSS")
}

async fn sessions(server: &TestServer) -> u64 {
    let (_, health) = get(&server.url("/api/health")).await;
    health["sessions"].as_u64().expect("sessions")
}

#[actix_web::test]
async fn clients_that_stop_reading_or_vanish_mid_frame_are_dropped_and_the_rest_miss_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.ws.max_sessions_per_ip = 1000;
    settings.server.max_connections_per_ip = 1000;
    settings.ws.outbox_frames = 64;
    let server = spawn_with(settings, false).await;
    let id = create(&server, "Faults").await;
    assert_eq!(clock(&server, &id, json!({"action": "start"})).await.0, 200);

    // Three readers that keep up, each noting the changes it gets until the last one.
    let target = std::rc::Rc::new(std::cell::Cell::new(u64::MAX));
    let mut good = Vec::new();
    for _ in 0..3 {
        let mut ws = Ws::connect(&server).await;
        ws.send(json!({"type": "subscribe", "tournament": id}))
            .await;
        ws.next_of("snapshot", Duration::from_secs(5)).await;
        let target = target.clone();
        good.push(actix_web::rt::spawn(async move {
            let mut seqs: Vec<u64> = Vec::new();
            let deadline = std::time::Instant::now() + Duration::from_secs(120);
            while std::time::Instant::now() < deadline
                && seqs.last().is_none_or(|s| *s < target.get())
            {
                if let Some(v) = ws.next(Duration::from_millis(200)).await {
                    if v["type"] == "change" {
                        seqs.push(v["seq"].as_u64().expect("seq"));
                    }
                }
            }
            seqs
        }));
    }
    // Forty that subscribe and never read again, and twenty that vanish: half a frame then
    // gone, or gone without a close. Plain blocking sockets, on a thread of their own.
    let (addr, tid) = (server.addr, id.clone());
    let stuck = tokio::task::spawn_blocking(move || {
        for k in 0..20 {
            let mut s = raw_subscriber(addr, &tid);
            if k % 2 == 0 {
                let frame = client_frame(0x1, br#"{"type":"subscribe","tournament":"x"}"#);
                s.write_all(&frame[..frame.len() / 2])
                    .expect("half a frame");
            }
        }
        (0..40)
            .map(|_| raw_subscriber(addr, &tid))
            .collect::<Vec<TcpStream>>()
    })
    .await
    .expect("clients");
    let start_rss = rss_kib();

    // Commands go on while the stuck clients back up. Structure edits make big frames (the
    // levels travel in the change), so their buffers fill within a few hundred commands.
    let (_, now) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    let mut levels = now["state"]["structure"]["levels"]
        .as_array()
        .expect("levels")
        .clone();
    let last_level = levels.last().expect("a level").clone();
    levels.extend(std::iter::repeat_n(last_level, 150));
    let url = server.url(&format!("/api/v1/tournaments/{id}/structure"));
    let mut last = 0;
    let mut sent = 0;
    while sent < 3000 {
        let edit = &levels[..levels.len() - sent % 2];
        let (status, body) = send("PUT", &url, Some(&json!({ "levels": edit }).to_string())).await;
        assert_eq!(status, 200, "{body}");
        last = body["seq"].as_u64().expect("seq");
        sent += 1;
        if sent % 100 == 0 && sessions(&server).await <= 3 {
            break;
        }
    }
    // Every stuck or vanished client is gone; the three readers are still there.
    let mut left = sessions(&server).await;
    for _ in 0..50 {
        if left <= 3 {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        left = sessions(&server).await;
    }
    assert_eq!(left, 3, "after {sent} commands");
    let grown = rss_kib().saturating_sub(start_rss);
    assert!(grown < 64 * 1024, "memory grew by {grown} KiB");

    // The readers saw every change, in order, none twice.
    target.set(last);
    for reader in good {
        let seqs = reader.await.expect("reader");
        assert_eq!(seqs.last(), Some(&last), "the reader got the last change");
        assert!(
            seqs.windows(2).all(|w| w[1] == w[0] + 1),
            "changes in order with no gap"
        );
        assert_eq!(seqs.len() as u64, last - seqs[0] + 1);
    }
    // A stuck client finds its connection closed once it reads again.
    let mut s = stuck.into_iter().next().expect("one");
    let closed = tokio::task::spawn_blocking(move || {
        let mut buf = vec![0u8; 1 << 16];
        (0..10_000).any(|_| matches!(s.read(&mut buf), Ok(0) | Err(_)))
    })
    .await
    .expect("reader");
    assert!(closed, "the server ended the stuck connection");
    server.stop().await;
}

/// A small filesystem of its own for a data directory (tmpfs; CI runs as root, or with
/// password-less sudo), unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

fn run(args: &[&str]) -> bool {
    let as_root = std::process::Command::new(args[0])
        .args(&args[1..])
        .status();
    if as_root.is_ok_and(|s| s.success()) {
        return true;
    }
    std::process::Command::new("sudo")
        .arg("-n")
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

impl SmallDisk {
    fn new(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().to_str().expect("utf-8").to_string();
        assert!(
            run(&[
                "mount",
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                &path
            ]),
            "this test mounts a small tmpfs: run it as root or with sudo"
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Remounts it with `options` (`ro`, `rw`); only possible with no file open for writing.
    fn remount(&self, options: &str) {
        let path = self.path().to_str().expect("utf-8");
        assert!(run(&["mount", "-o", &format!("remount,{options}"), path]));
    }

    /// Fills what is left with a file; its path.
    fn fill(&self) -> std::path::PathBuf {
        let filler = self.path().join("filler");
        let mut f = std::fs::File::create(&filler).expect("filler");
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let one = [0u8; 1];
        while f.write_all(&one).is_ok() {}
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let path = self.path().to_str().expect("utf-8").to_string();
        run(&["umount", "-l", &path]);
    }
}

/// The clock's time left as the server reports it for `id`.
async fn state_of(server: &TestServer, id: &str) -> serde_json::Value {
    let (status, body) = get(&server.url(&format!("/api/v1/tournaments/{id}"))).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[actix_web::test]
async fn a_full_disk_refuses_commands_clearly_keeps_serving_and_recovers_when_space_returns() {
    let disk = SmallDisk::new("16m");
    let data = disk.path().join("data");
    let server = spawn(&data).await;
    let id = create(&server, "Small disk").await;
    assert_eq!(clock(&server, &id, json!({"action": "start"})).await.0, 200);
    let (_, before) = clock(&server, &id, json!({"action": "pause"})).await;
    let seq_before = before["seq"].as_u64().expect("seq");

    let filler = disk.fill();
    // Commands are refused with a clear error, whatever they are, and change nothing.
    let mut refused = 0;
    for k in 0..30 {
        let (status, body) = clock(
            &server,
            &id,
            json!({"action": "set_time", "remaining_secs": 100 + k}),
        )
        .await;
        if status == 200 {
            continue; // the first ones may still fit in pages already allocated
        }
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["error"]["code"], "storage_unavailable", "{body}");
        refused += 1;
    }
    assert!(refused >= 20, "only {refused} of 30 refused");
    let (status, body) = post(&server.url("/api/v1/players"), json!({"name": "Nobody"})).await;
    assert_eq!(status.as_u16(), 503, "{body}");
    // Reads go on: the server is up and shows the last state that was written.
    let (status, health) = get(&server.url("/api/health")).await;
    assert_eq!(status, 200, "{health}");
    let stuck = state_of(&server, &id).await;

    // Space returns: the next command goes on from exactly where the log stopped.
    std::fs::remove_file(filler).expect("frees the space");
    let (status, answer) = clock(
        &server,
        &id,
        json!({"action": "set_time", "remaining_secs": 777}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["seq"].as_u64(),
        Some(stuck["seq"].as_u64().expect("seq") + 1)
    );
    assert!(state_of(&server, &id).await["seq"].as_u64() > Some(seq_before));

    // After a restart the log holds every acknowledged command and nothing half written.
    let last = state_of(&server, &id).await;
    server.stop().await;
    let server = spawn(&data).await;
    let again = state_of(&server, &id).await;
    assert_eq!(again["seq"], last["seq"]);
    assert_eq!(again["state"], last["state"]);
    server.stop().await;
    drop(disk);
}

/// A database on a filesystem that went read-only while the server was stopped (a
/// filesystem cannot be made read-only under a file open for writing: the kernel refuses
/// the remount): the start is refused with a clear message and a non-zero exit, nothing is
/// changed, and once the filesystem is writable again the server starts with everything.
#[actix_web::test]
async fn a_read_only_database_stops_the_start_clearly_and_starts_once_writable() {
    let disk = SmallDisk::new("16m");
    let data = disk.path().join("data");
    let server = spawn(&data).await;
    let id = create(&server, "Read-only").await;
    let before = state_of(&server, &id).await;
    server.stop().await;

    disk.remount("ro");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_felt"))
        .args([
            "--data-dir",
            data.to_str().expect("utf-8"),
            "--bind",
            "127.0.0.1:0",
        ])
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("runs");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{log}");
    assert!(log.contains("Read-only file system"), "{log}");

    disk.remount("rw");
    let server = spawn(&data).await;
    let after = state_of(&server, &id).await;
    assert_eq!(after["seq"], before["seq"]);
    assert_eq!(after["state"]["name"], "Read-only");
    server.stop().await;
    drop(disk);
}
