//! Load benchmark: the real server in-process on loopback, with baselines measured in the
//! same run so the results are ratios that hold on a noisy machine.
//!
//! `cargo bench --bench load -- [--tournaments T] [--subscribers W] [--commands N]
//!  [--concurrency C] [--seconds S]`
//!
//! 1. Latency: one clock command at a time, from sending the HTTP request to the last of the
//!    tournament's subscribers receiving the change, against a bare actix-web handler that
//!    broadcasts a frame of the same size to the same number of bare actix-ws sockets.
//! 2. Throughput: durable commands per second with C concurrent HTTP clients (measured
//!    first, before any subscriber), against a bare actix-web POST handler at the same
//!    concurrency.
//! 3. The persistence actor alone: durable appends per second and appends per commit.

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use awc::ws;
use felt::startup::Application;
use felt_actors::store::messages::{Append, Batch, GetCommitStats};
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
struct Args {
    tournaments: usize,
    subscribers: usize,
    commands: usize,
    concurrency: usize,
    seconds: u64,
}

fn args() -> Args {
    let mut a = Args {
        tournaments: 20,
        subscribers: 1000,
        commands: 400,
        concurrency: 32,
        seconds: 5,
    };
    let argv: Vec<String> = std::env::args().collect();
    for pair in argv.windows(2) {
        let n = || pair[1].parse().expect("a number");
        match pair[0].as_str() {
            "--tournaments" => a.tournaments = n(),
            "--subscribers" => a.subscribers = n(),
            "--commands" => a.commands = n(),
            "--concurrency" => a.concurrency = n(),
            "--seconds" => a.seconds = n() as u64,
            _ => {}
        }
    }
    a
}

/// Receive times per (group, sequence): how many subscribers got it, and when the last did.
type Seen = Arc<Mutex<HashMap<(usize, u64), (usize, Instant)>>>;

/// Opens `count` websocket clients; `setup(i)` gives client i's group and first frame.
async fn open_clients(
    url: &str,
    count: usize,
    seen: Seen,
    setup: impl Fn(usize) -> (usize, Option<String>),
) {
    let ready = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for i in 0..count {
        let (group, first) = setup(i);
        let (_, mut conn) = awc::Client::new()
            .ws(url)
            .connect()
            .await
            .expect("connects");
        if let Some(frame) = first {
            futures_util::SinkExt::send(&mut conn, ws::Message::Text(frame.into()))
                .await
                .expect("sends");
        }
        let (seen, ready) = (seen.clone(), ready.clone());
        actix_web::rt::spawn(async move {
            let mut counted = false;
            while let Some(Ok(frame)) = conn.next().await {
                let ws::Frame::Text(bytes) = frame else {
                    continue;
                };
                let now = Instant::now();
                let v: Value = serde_json::from_slice(&bytes).expect("json");
                if !counted && (v["type"] == "snapshot" || v["type"] == "hello") {
                    counted = true;
                    ready.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                if let Some(seq) = v["seq"].as_u64().filter(|_| v["type"] == "change") {
                    let mut s = seen.lock().expect("not poisoned");
                    let e = s.entry((group, seq)).or_insert((0, now));
                    e.0 += 1;
                    e.1 = now;
                }
            }
        });
    }
    while ready.load(std::sync::atomic::Ordering::SeqCst) < count {
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until `expected` subscribers of `group` saw `seq`; the time the last one did.
async fn last_receipt(seen: &Seen, group: usize, seq: u64, expected: usize) -> Instant {
    loop {
        if let Some((n, at)) = seen.lock().expect("not poisoned").get(&(group, seq)) {
            if *n >= expected {
                return *at;
            }
        }
        actix_web::rt::time::sleep(Duration::from_micros(200)).await;
    }
}

fn percentiles(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| ms(v[((v.len() as f64 * p) as usize).min(v.len() - 1)]);
    (at(0.5), at(0.99), ms(*v.last().expect("samples")))
}

/// The admin token the benchmark's commands carry (set once the server is up).
static TOKEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// An HTTP client sending the admin token, if there is one yet.
fn authed(timeout: Duration) -> awc::Client {
    let builder = awc::Client::builder().timeout(timeout);
    match TOKEN.get() {
        Some(t) => builder
            .add_default_header(("authorization", format!("Bearer {t}")))
            .finish(),
        None => builder.finish(),
    }
}

async fn felt_latency(a: &Args, base: &str, ids: &[String]) -> (Vec<Duration>, usize) {
    let seen: Seen = Arc::default();
    let ws_url = base.replace("http://", "ws://") + "/ws";
    open_clients(&ws_url, a.subscribers, seen.clone(), |i| {
        let t = i % a.tournaments;
        (
            t,
            Some(json!({"type":"subscribe","tournament":ids[t]}).to_string()),
        )
    })
    .await;
    let client = authed(Duration::from_secs(5));
    let mut running = vec![true; ids.len()];
    let mut samples = Vec::with_capacity(a.commands);
    let mut frame_len = 0;
    for k in 0..a.commands {
        let t = k % a.tournaments;
        let action = if running[t] { "pause" } else { "resume" };
        running[t] = !running[t];
        let start = Instant::now();
        let mut res = client
            .post(format!("{base}/api/v1/tournaments/{}/clock", ids[t]))
            .send_json(&json!({ "action": action }))
            .await
            .expect("request");
        let body: Value = res.json().await.expect("json");
        let seq = body["seq"].as_u64().expect("seq");
        let expected =
            a.subscribers / a.tournaments + usize::from(t < a.subscribers % a.tournaments);
        let last = last_receipt(&seen, t, seq, expected).await;
        samples.push(last - start);
        frame_len = 200; // a clock change frame is about this size
    }
    (samples, frame_len)
}

/// Bare actix-web + actix-ws: POST /b/{group} sends one frame to that group's sockets.
async fn baseline_latency(a: &Args, frame_len: usize) -> Vec<Duration> {
    type Groups = Arc<Mutex<HashMap<usize, Vec<actix_ws::Session>>>>;
    let groups: Groups = Arc::default();
    let g = groups.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(g.clone()))
            .route(
                "/ws/{group}",
                web::get().to(
                    |req: HttpRequest,
                     body: web::Payload,
                     path: web::Path<usize>,
                     g: web::Data<Groups>| async move {
                        let (res, mut session, _stream) = actix_ws::handle(&req, body)?;
                        let _ = session.text(r#"{"type":"hello"}"#).await;
                        g.lock()
                            .expect("not poisoned")
                            .entry(*path)
                            .or_default()
                            .push(session);
                        Ok::<_, actix_web::Error>(res)
                    },
                ),
            )
            .route(
                "/b/{group}/{seq}",
                web::post().to(
                    |path: web::Path<(usize, u64)>, g: web::Data<Groups>| async move {
                        let (group, seq) = path.into_inner();
                        let text = format!(
                            r#"{{"type":"change","seq":{seq},"pad":"{}"}}"#,
                            "x".repeat(200)
                        );
                        let frame = bytestring::ByteString::from(text);
                        let sessions = g
                            .lock()
                            .expect("not poisoned")
                            .get(&group)
                            .cloned()
                            .unwrap_or_default();
                        for mut s in sessions {
                            let _ = s.text(frame.clone()).await;
                        }
                        HttpResponse::Ok().json(json!({"ok": true}))
                    },
                ),
            )
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .expect("binds");
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let seen: Seen = Arc::default();
    let t = a.tournaments;
    for i in 0..a.subscribers {
        let url = format!("ws://{addr}/ws/{}", i % t);
        open_clients(&url, 1, seen.clone(), |_| (i % t, None)).await;
    }
    let _ = frame_len;
    let client = awc::Client::new();
    let mut samples = Vec::with_capacity(a.commands);
    for k in 0..a.commands {
        let group = k % t;
        let seq = k as u64 + 1;
        let start = Instant::now();
        client
            .post(format!("http://{addr}/b/{group}/{seq}"))
            .send()
            .await
            .expect("request");
        let expected = a.subscribers / t + usize::from(group < a.subscribers % t);
        let last = last_receipt(&seen, group, seq, expected).await;
        samples.push(last - start);
    }
    handle.stop(false).await;
    samples
}

/// Requests answered per second by C concurrent clients over `seconds`.
async fn throughput(a: &Args, make: impl Fn(usize, usize) -> (String, Value)) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for c in 0..a.concurrency {
        let (url0, _) = make(c, 0);
        let reqs: Vec<(String, Value)> = (0..64).map(|k| make(c, k)).collect();
        let done = done.clone();
        let _ = url0;
        tasks.push(actix_web::rt::spawn(async move {
            let client = authed(Duration::from_secs(30));
            let mut k = 0;
            while Instant::now() < deadline {
                let (url, body) = &reqs[k % reqs.len()];
                let res = client.post(url).send_json(body).await.expect("request");
                assert!(res.status().is_success(), "{}", res.status());
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                k += 1;
            }
        }));
    }
    let start = Instant::now();
    for t in tasks {
        t.await.expect("client");
    }
    done.load(std::sync::atomic::Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

async fn bare_post_rps(a: &Args) -> f64 {
    let server = HttpServer::new(|| {
        App::new().route(
            "/c",
            web::post().to(|body: web::Json<Value>| async move {
                HttpResponse::Ok().json(json!({"seq": 1, "echo": body.into_inner()}))
            }),
        )
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .expect("binds");
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let rps = throughput(a, |_, _| {
        (
            format!("http://{addr}/c"),
            json!({"action":"set_time","remaining_secs":600}),
        )
    })
    .await;
    handle.stop(false).await;
    rps
}

/// The persistence actor alone: `n` appends from `concurrency` callers.
async fn store_appends(n: usize, concurrency: usize) -> (f64, f64) {
    use felt_domain::{
        structure::template, tournament::create, NewTournament, Operator, Recorded, TournamentId,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = felt_actors::store::open(&dir.path().join("felt.db"))
        .await
        .expect("opens");
    let store = felt_actors::Store::start(conn);
    let t = template("regular").expect("built in");
    let start = Instant::now();
    let mut next = 0;
    while next < n {
        let wave: Vec<_> = (next..(next + concurrency).min(n))
            .map(|i| {
                let id = TournamentId(uuid::Uuid::from_u128(i as u128 + 1));
                let event = create(
                    NewTournament {
                        id,
                        name: format!("T{i}"),
                        structure: t.structure.clone(),
                        starting_stack: t.starting_stack,
                        scheduled_start: None,
                        auto_start: false,
                        entry_settings: Default::default(),
                        payouts: Default::default(),
                    },
                    0,
                )
                .expect("valid");
                store.send(Append(Batch {
                    tournament: id,
                    records: vec![Recorded {
                        seq: 1,
                        at: 0,
                        by: Operator::system(),
                        event,
                    }],
                }))
            })
            .collect();
        for w in wave {
            w.await.expect("mailbox").expect("durable");
        }
        next += concurrency;
    }
    let secs = start.elapsed().as_secs_f64();
    let stats = store.send(GetCommitStats).await.expect("mailbox");
    (n as f64 / secs, stats.appends as f64 / stats.commits as f64)
}

async fn run() {
    let a = args();
    println!("felt load benchmark: {a:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = felt::config::Settings::load(None).expect("defaults");
    settings.server.bind = "127.0.0.1:0".parse().expect("addr");
    settings.data.dir = dir.path().to_path_buf();
    settings.server.workers = 2;
    // Every benchmark socket comes from 127.0.0.1.
    settings.ws.max_sessions_per_ip = usize::MAX;
    settings.server.max_connections_per_ip = usize::MAX;
    settings.ws.max_frames_per_sec = u32::MAX;
    let app = Application::build(settings, false).await.expect("builds");
    let base = format!("http://{}", app.addr());
    let stop = app.stopper();
    let pin = app.first_admin.clone().expect("a fresh data dir").pin;
    let server = actix_web::rt::spawn(app.run_until_stopped());
    let mut res = awc::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .send_json(&json!({"name": "admin", "pin": pin}))
        .await
        .expect("logs in");
    let login: Value = res.json().await.expect("json");
    let _ = TOKEN.set(login["token"].as_str().expect("a token").to_string());
    let client = authed(Duration::from_secs(30));
    let mut ids = Vec::new();
    for i in 0..a.tournaments {
        let mut res = client
            .post(format!("{base}/api/v1/tournaments"))
            .send_json(&json!({"name": format!("Bench {i}"), "structure": "regular"}))
            .await
            .expect("creates");
        let body: Value = res.json().await.expect("json");
        let id = body["state"]["id"].as_str().expect("id").to_string();
        client
            .post(format!("{base}/api/v1/tournaments/{id}/clock"))
            .send_json(&json!({"action": "start"}))
            .await
            .expect("starts");
        ids.push(id);
    }

    // Throughput first, with no subscriber: the clients share these two cores.
    let ids2 = ids.clone();
    let base2 = base.clone();
    let felt_rps = throughput(&a, move |c, k| {
        (
            format!(
                "{base2}/api/v1/tournaments/{}/clock",
                ids2[(c + k) % ids2.len()]
            ),
            json!({"action":"set_time","remaining_secs": 600 + k}),
        )
    })
    .await;
    let health: Value = client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    let bare_rps = bare_post_rps(&a).await;
    println!("\nrequests per second at concurrency {}:", a.concurrency);
    println!("  felt durable clock commands            {felt_rps:9.0}");
    println!("  bare actix-web POST handler            {bare_rps:9.0}");
    println!(
        "  ratio felt/bare                        {:9.2}",
        felt_rps / bare_rps
    );
    println!(
        "  event log: {} appends in {} commits",
        health["appends"], health["commits"]
    );

    let (felt, frame_len) = felt_latency(&a, &base, &ids).await;
    let bare = baseline_latency(&a, frame_len).await;
    let (f50, f99, fmax) = percentiles(felt);
    let (b50, b99, bmax) = percentiles(bare);
    println!(
        "\ncommand -> last of {} subscribers (ms), {} commands:",
        a.subscribers / a.tournaments,
        a.commands
    );
    println!(
        "  felt (HTTP, actor, fsync, broadcast)   p50 {f50:7.2}  p99 {f99:7.2}  max {fmax:7.2}"
    );
    println!(
        "  bare actix-web + actix-ws broadcast    p50 {b50:7.2}  p99 {b99:7.2}  max {bmax:7.2}"
    );
    println!(
        "  ratio felt/bare                        p50 {:7.2}  p99 {:7.2}",
        f50 / b50,
        f99 / b99
    );

    let (appends, per_commit) = store_appends(20_000, 256).await;
    println!("\npersistence actor alone, 256 concurrent callers:");
    println!("  durable appends per second             {appends:9.0}");
    println!("  appends per commit (group commit)      {per_commit:9.1}");

    stop.notify_one();
    server.await.expect("joins").expect("stops");
}

fn main() {
    actix_web::rt::System::new().block_on(run());
}
