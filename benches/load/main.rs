//! Load benchmark: the real `felt` binary in its own process on loopback with a fresh data
//! directory, against bare actix-web baselines measured in the same run (also in their own
//! process), so the results are ratios that hold on a noisy machine.
//!
//! `cargo bench --bench load -- [--tournaments T] [--entrants E] [--events N]
//!  [--subscribers W] [--commands K] [--concurrency C] [--seconds S] [--big B]
//!  [--workers X]`
//!
//! 1. Dataset: T tournaments of E seated entrants and N events each (one made through the
//!    API, the others imported from its export); the server's memory before and after.
//! 2. Recovery: the server killed with SIGKILL and restarted, then stopped with SIGTERM and
//!    restarted: time from spawning the process to its port accepting connections.
//! 3. Throughput: durable clock commands per second from C concurrent HTTP clients,
//!    against a bare POST handler at the same concurrency.
//! 4. Latency: W websocket subscribers spread over the T tournaments; K clock commands one
//!    at a time, from sending the HTTP request to the last of the tournament's subscribers
//!    receiving the change, against a bare handler broadcasting a frame of the same size
//!    to the same number of bare actix-ws sockets. Memory per idle socket.
//! 5. A B-entrant tournament: how long a new subscriber waits for its snapshot.
//! 6. The persistence actor alone (in this process): durable appends per second.

mod bare;
mod clients;
mod dataset;
mod server;
mod store;

use clients::{group_size, http, last_receipt, percentiles, Seen};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
struct Args {
    tournaments: usize,
    entrants: usize,
    events: u64,
    subscribers: usize,
    commands: usize,
    concurrency: usize,
    seconds: u64,
    big: usize,
    workers: usize,
}

fn args() -> Args {
    let mut a = Args {
        tournaments: 200,
        entrants: 100,
        events: 1000,
        subscribers: 2000,
        commands: 1000,
        concurrency: 32,
        seconds: 5,
        big: 10_000,
        workers: 2,
    };
    let argv: Vec<String> = std::env::args().collect();
    for pair in argv.windows(2) {
        let n = || pair[1].parse::<usize>().expect("a number");
        match pair[0].as_str() {
            "--tournaments" => a.tournaments = n().max(1),
            "--entrants" => a.entrants = n(),
            "--events" => a.events = n() as u64,
            "--subscribers" => a.subscribers = n(),
            "--commands" => a.commands = n().max(1),
            "--concurrency" => a.concurrency = n().max(1),
            "--seconds" => a.seconds = n() as u64,
            "--big" => a.big = n(),
            "--workers" => a.workers = n().max(1),
            _ => {}
        }
    }
    a
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One line of the summary: what, Felt, baseline, ratio or target.
fn row(what: &str, felt: String, base: String, note: String) {
    println!("| {what} | {felt} | {base} | {note} |");
}

async fn felt_latency(
    a: &Args,
    felt: &server::Server,
    token: &str,
    ids: &[String],
) -> Vec<Duration> {
    let client = http(Some(token), Duration::from_secs(10));
    let base = felt.base();
    let mut running = vec![true; ids.len()];
    let seen: Seen = Default::default();
    let t = ids.len();
    let subs = clients::open(a.subscribers, seen.clone(), |i| {
        (
            format!("{}/ws", felt.ws()),
            i % t,
            Some(json!({"type": "subscribe", "tournament": ids[i % t]}).to_string()),
        )
    })
    .await;
    let (rss, _) = felt.rss_kib();
    println!(
        "  {} subscribers open: server RSS {:.1} MiB",
        a.subscribers,
        mib(rss)
    );
    SOCKETS_RSS.store(rss, std::sync::atomic::Ordering::Relaxed);
    let mut samples = Vec::with_capacity(a.commands);
    for k in 0..a.commands {
        let g = k % t;
        let action = if running[g] { "pause" } else { "resume" };
        running[g] = !running[g];
        let start = Instant::now();
        let mut res = client
            .post(format!("{base}/api/v1/tournaments/{}/clock", ids[g]))
            .send_json(&json!({ "action": action }))
            .await
            .expect("request");
        let body: Value = res.json().limit(64 << 20).await.expect("json");
        let seq = body["seq"].as_u64().expect("seq");
        let last = last_receipt(&seen, g, seq, group_size(a.subscribers, t, g)).await;
        samples.push(last - start);
    }
    drop(subs);
    samples
}

static SOCKETS_RSS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

async fn bare_latency(a: &Args, bare: &server::Server, frame_bytes: usize) -> Vec<Duration> {
    let t = a.tournaments;
    let seen: Seen = Default::default();
    let subs = clients::open(a.subscribers, seen.clone(), |i| {
        (format!("{}/ws/{}", bare.ws(), i % t), i % t, None)
    })
    .await;
    let client = http(None, Duration::from_secs(10));
    // The bare frame is `{"type":"change","seq":N,"pad":"..."}`: pad it to Felt's size.
    let pad = frame_bytes.saturating_sub(40);
    let mut samples = Vec::with_capacity(a.commands);
    for k in 0..a.commands {
        let g = k % t;
        let seq = k as u64 + 1;
        let start = Instant::now();
        client
            .post(format!("{}/b/{g}/{seq}/{pad}", bare.base()))
            .send()
            .await
            .expect("request");
        let last = last_receipt(&seen, g, seq, group_size(a.subscribers, t, g)).await;
        samples.push(last - start);
    }
    drop(subs);
    samples
}

async fn run() {
    let a = args();
    println!("felt load benchmark: {a:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    server::add_admin(dir.path());
    let felt = server::start_felt(dir.path(), a.workers);
    let first_start = felt.ready_in;
    let (rss_empty, _) = felt.rss_kib();
    let token = server::login(&felt.base()).await;
    let base = felt.base();

    // 1. Dataset.
    let started = Instant::now();
    let tables = (a.entrants as u32).div_ceil(10) + 1;
    dataset::add_tables(&base, &token, 1, tables).await;
    let first = dataset::tournament(&base, &token, "Bench", a.entrants, a.events).await;
    let mut ids = vec![first.clone()];
    ids.extend(dataset::copies(&base, &token, &first, a.tournaments - 1).await);
    let (rss_loaded, _) = felt.rss_kib();
    println!(
        "dataset: {} tournaments x {} entrants, {} events each, in {:.1} s; server RSS {:.1} MiB empty, {:.1} MiB with them",
        a.tournaments,
        a.entrants,
        a.events,
        started.elapsed().as_secs_f64(),
        mib(rss_empty),
        mib(rss_loaded)
    );

    // 2. Recovery.
    felt.kill();
    let felt = server::start_felt(dir.path(), a.workers);
    let after_kill = felt.ready_in;
    felt.stop();
    let felt = server::start_felt(dir.path(), a.workers);
    let after_term = felt.ready_in;
    let (rss_idle, _) = felt.rss_kib();
    let base = felt.base();
    let health: Value = http(None, Duration::from_secs(10))
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    println!(
        "recovery: ready in {:.0} ms after SIGKILL, {:.0} ms after SIGTERM (first start on an empty directory {:.0} ms); health {health}",
        ms(after_kill),
        ms(after_term),
        ms(first_start)
    );

    // 3. Throughput, with no subscriber: the clients share the cores with the servers.
    let felt_rps = clients::throughput(Some(&token), a.concurrency, a.seconds, |c, k| {
        (
            format!(
                "{base}/api/v1/tournaments/{}/clock",
                ids[(c + k) % ids.len()]
            ),
            json!({"action": "set_time", "remaining_secs": 600 + k}),
        )
    })
    .await;
    let bare = server::start_bare(a.workers);
    let bare_url = format!("{}/c", bare.base());
    let bare_rps = clients::throughput(None, a.concurrency, a.seconds, |_, _| {
        (
            bare_url.clone(),
            json!({"action": "set_time", "remaining_secs": 600}),
        )
    })
    .await;
    println!(
        "throughput at concurrency {}: felt {felt_rps:.0}/s, bare {bare_rps:.0}/s",
        a.concurrency
    );

    // 4. Latency to the last subscriber.
    let felt_samples = felt_latency(&a, &felt, &token, &ids).await;
    let (rss_load, peak_load) = felt.rss_kib();
    let frame = clients::CHANGE_BYTES.load(std::sync::atomic::Ordering::Relaxed);
    let bare_samples = bare_latency(&a, &bare, frame).await;
    drop(bare);
    let (f50, f99, fmax) = percentiles(felt_samples);
    let (b50, b99, bmax) = percentiles(bare_samples);
    let per_socket = (SOCKETS_RSS.load(std::sync::atomic::Ordering::Relaxed) as f64
        - rss_idle as f64)
        / a.subscribers.max(1) as f64;

    // 5. A big tournament's snapshot.
    let mut big = None;
    if a.big > 0 {
        let started = Instant::now();
        dataset::add_tables(&base, &token, 100_001, (a.big as u32).div_ceil(10)).await;
        let id = dataset::tournament(&base, &token, "Big", a.big, 0).await;
        println!(
            "big tournament: {} entrants made in {:.1} s",
            a.big,
            started.elapsed().as_secs_f64()
        );
        let mut big_times = Vec::new();
        let mut small_times = Vec::new();
        let mut bytes = (0, 0);
        for _ in 0..20 {
            let (d, n) = clients::time_snapshot(&format!("{}/ws", felt.ws()), &id).await;
            big_times.push(d);
            let (d2, n2) = clients::time_snapshot(&format!("{}/ws", felt.ws()), &ids[0]).await;
            small_times.push(d2);
            bytes = (n, n2);
        }
        big = Some((percentiles(big_times), percentiles(small_times), bytes));
    }
    felt.stop();

    // The disk's part: one small append and its fsync, as a commit does.
    let (s50, s99, smax) = fsync_times(dir.path(), 1000);

    // 6. The persistence actor alone.
    let (appends, per_commit) = store::appends(20_000, 256).await;

    println!("\n| measure | Felt | baseline (same run) | ratio / target |");
    println!("|---|---|---|---|");
    row(
        &format!(
            "command to last of {} subscribers, p50 ({} tournaments, {} sockets)",
            group_size(a.subscribers, a.tournaments, 0),
            a.tournaments,
            a.subscribers
        ),
        format!("{f50:.2} ms"),
        format!("{b50:.2} ms bare broadcast"),
        format!("{:.2}", f50 / b50),
    );
    row(
        "command to last subscriber, p99",
        format!("{f99:.2} ms"),
        format!("{b99:.2} ms"),
        format!("{:.2} (target 1.3)", f99 / b99),
    );
    row(
        "command to last subscriber, max",
        format!("{fmax:.1} ms"),
        format!("{bmax:.1} ms"),
        String::new(),
    );
    row(
        &format!("durable commands per second, {} clients", a.concurrency),
        format!("{felt_rps:.0}"),
        format!("{bare_rps:.0} bare POST"),
        format!("{:.2} (target 0.5)", felt_rps / bare_rps),
    );
    row(
        "server RSS under that load (now / peak)",
        format!("{:.1} / {:.1} MiB", mib(rss_load), mib(peak_load)),
        String::new(),
        "target 150 MB".into(),
    );
    row(
        "an idle tournament (RSS after recovering them - RSS empty, per tournament)",
        format!(
            "{:.0} KiB",
            (rss_idle as f64 - rss_empty as f64) / a.tournaments as f64
        ),
        format!("{:.1} MiB empty server", mib(rss_empty)),
        String::new(),
    );
    row(
        "an idle websocket (RSS with sockets - without, per socket)",
        format!("{per_socket:.1} KiB"),
        String::new(),
        String::new(),
    );
    row(
        &format!(
            "restart with {} tournaments of {} events, after SIGKILL",
            a.tournaments, a.events
        ),
        format!("{:.0} ms", ms(after_kill)),
        format!("{:.0} ms first start, empty", ms(first_start)),
        "target 2000 ms".into(),
    );
    row(
        "the same, after SIGTERM (snapshots at shutdown)",
        format!("{:.0} ms", ms(after_term)),
        String::new(),
        String::new(),
    );
    if let Some(((b50, b99, bmax), (s50, _, _), (bb, sb))) = big {
        row(
            &format!(
                "snapshot to a new subscriber, {}-entrant tournament ({} KiB), p50 / p99 / max",
                a.big,
                bb / 1024
            ),
            format!("{b50:.1} / {b99:.1} / {bmax:.1} ms"),
            format!(
                "{s50:.2} ms for {} entrants ({} KiB)",
                a.entrants,
                sb / 1024
            ),
            "target 50 ms".into(),
        );
    }
    row(
        "the disk alone: append 200 bytes + fsync, p50 / p99 / max",
        format!("{s50:.2} / {s99:.2} / {smax:.1} ms"),
        String::new(),
        "on every command's path".into(),
    );
    row(
        "persistence actor alone: durable appends per second, 256 callers",
        format!("{appends:.0}"),
        String::new(),
        format!("{per_commit:.1} appends per commit"),
    );
}

/// `n` appends of 200 bytes to a file in `dir`, each followed by an fsync: p50, p99, max.
fn fsync_times(dir: &std::path::Path, n: usize) -> (f64, f64, f64) {
    use std::io::Write;
    let path = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&path).expect("probe file");
    let samples = (0..n)
        .map(|_| {
            let start = Instant::now();
            f.write_all(&[b'x'; 200]).expect("writes");
            f.sync_all().expect("syncs");
            start.elapsed()
        })
        .collect();
    let _ = std::fs::remove_file(path);
    percentiles(samples)
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if let Some(i) = argv.iter().position(|a| a == "--bare-server") {
        let workers = argv.get(i + 1).and_then(|w| w.parse().ok()).unwrap_or(2);
        bare::serve(workers);
        return;
    }
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    actix_web::rt::System::new().block_on(run());
}
