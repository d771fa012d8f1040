//! Servers in their own processes: the real `felt` binary on a data directory, and the
//! bare baseline (this benchmark started with `--bare-server`). Their memory is read from
//! `/proc`.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The admin the benchmark logs in as.
pub const ADMIN: &str = "bench";
pub const PIN: &str = "bench-pin-2468";

/// A server process; killed when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    /// From spawning the process to its port accepting connections.
    pub ready_in: Duration,
}

impl Server {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn ws(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Resident memory now and at its peak, in KiB.
    pub fn rss_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server runs");
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .expect("a memory figure")
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// SIGKILL: no shutdown work at all, as when the plug is pulled.
    pub fn kill(mut self) {
        self.child.kill().expect("kills");
        self.child.wait().expect("reaped");
    }

    /// SIGTERM and wait: sockets closed, snapshots written, database closed.
    pub fn stop(mut self) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        self.child.wait().expect("exits");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn felt(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_felt"));
    cmd.args(["--data-dir", dir.to_str().expect("utf-8 path")]);
    cmd
}

/// Adds the benchmark's admin to a new data directory (the server stopped).
pub fn add_admin(dir: &Path) {
    let mut child = felt(dir)
        .args(["staff", "add", ADMIN, "--role", "admin", "--pin-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("felt staff add");
    use std::io::Write;
    writeln!(child.stdin.take().expect("stdin"), "{PIN}").expect("writes the pin");
    assert!(child.wait().expect("exits").success(), "staff add failed");
}

/// The real binary over `dir` with the limits a benchmark from one address needs.
pub fn start_felt(dir: &Path, workers: usize) -> Server {
    let started = Instant::now();
    let mut child = felt(dir)
        .args(["--bind", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .env("FELT_SERVER__WORKERS", workers.to_string())
        .env("FELT_SERVER__MAX_CONNECTIONS_PER_IP", "100000")
        .env("FELT_SERVER__BODY_LIMIT_BYTES", "67108864")
        .env("FELT_WS__MAX_SESSIONS", "100000")
        .env("FELT_WS__MAX_SESSIONS_PER_IP", "100000")
        .env("FELT_WS__MAX_FRAMES_PER_SEC", "1000000")
        .env("FELT_BACKUP__EVERY_SECS", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the felt binary starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server logs before exiting")
            .expect("utf-8 log");
        if let Some(rest) = line.split("listening addr=").nth(1) {
            break rest.trim().parse().expect("an address");
        }
    };
    let ready_in = started.elapsed();
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        addr,
        ready_in,
    }
}

/// The bare baseline server.
pub fn start_bare(workers: usize) -> Server {
    let started = Instant::now();
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .args(["--bare-server", &workers.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the bare server starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the bare server prints its address")
            .expect("utf-8");
        if let Some(rest) = line.strip_prefix("listening ") {
            break rest.trim().parse().expect("an address");
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        addr,
        ready_in: started.elapsed(),
    }
}

/// Logs in as the benchmark's admin; the token.
pub async fn login(base: &str) -> String {
    let mut res = awc::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&serde_json::json!({"name": ADMIN, "pin": PIN}))
        .await
        .expect("logs in");
    let body: serde_json::Value = res.json().await.expect("json");
    body["token"].as_str().expect("a token").to_string()
}
