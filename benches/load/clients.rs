//! The benchmark's clients: websocket subscribers that note when each change arrives,
//! concurrent HTTP senders, and percentiles.

use awc::ws;
use futures_util::StreamExt;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Receive times per (group, sequence): how many subscribers got it, and when the last did.
pub type Seen = Arc<Mutex<HashMap<(usize, u64), (usize, Instant)>>>;

/// The open subscribers; dropping it closes them.
pub struct Subscribers {
    tasks: Vec<actix_web::rt::task::JoinHandle<()>>,
}

impl Drop for Subscribers {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Opens `count` websocket clients; `setup(i)` gives client i's url, group and first frame.
/// Returns once every client has its first frame (a snapshot or hello).
pub async fn open(
    count: usize,
    seen: Seen,
    setup: impl Fn(usize) -> (String, usize, Option<String>),
) -> Subscribers {
    let ready = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        let (url, group, first) = setup(i);
        let (_, mut conn) = awc::Client::builder()
            .max_http_version(awc::http::Version::HTTP_11)
            .finish()
            .ws(url)
            .max_frame_size(64 << 20)
            .connect()
            .await
            .expect("connects");
        if let Some(frame) = first {
            futures_util::SinkExt::send(&mut conn, ws::Message::Text(frame.into()))
                .await
                .expect("sends");
        }
        let (seen, ready) = (seen.clone(), ready.clone());
        tasks.push(actix_web::rt::spawn(async move {
            let mut counted = false;
            while let Some(Ok(frame)) = conn.next().await {
                let ws::Frame::Text(bytes) = frame else {
                    continue;
                };
                let now = Instant::now();
                let v: Value = serde_json::from_slice(&bytes).expect("json");
                if !counted && (v["type"] == "snapshot" || v["type"] == "hello") {
                    counted = true;
                    ready.fetch_add(1, Ordering::SeqCst);
                }
                if let Some(seq) = v["seq"].as_u64().filter(|_| v["type"] == "change") {
                    CHANGE_BYTES.store(bytes.len(), Ordering::Relaxed);
                    let mut s = seen.lock().expect("not poisoned");
                    let e = s.entry((group, seq)).or_insert((0, now));
                    e.0 += 1;
                    e.1 = now;
                }
            }
        }));
    }
    while ready.load(Ordering::SeqCst) < count {
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    Subscribers { tasks }
}

/// Waits until `expected` subscribers of `group` saw `seq`; the time the last one did.
pub async fn last_receipt(seen: &Seen, group: usize, seq: u64, expected: usize) -> Instant {
    loop {
        if let Some((n, at)) = seen.lock().expect("not poisoned").get(&(group, seq)) {
            if *n >= expected {
                return *at;
            }
        }
        actix_web::rt::time::sleep(Duration::from_micros(200)).await;
    }
}

/// Subscribers of group `g` when `count` are dealt round-robin over `groups`.
pub fn group_size(count: usize, groups: usize, g: usize) -> usize {
    count / groups + usize::from(g < count % groups)
}

/// p50, p99 and max in milliseconds.
pub fn percentiles(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| ms(v[((v.len() as f64 * p) as usize).min(v.len() - 1)]);
    (at(0.5), at(0.99), ms(*v.last().expect("samples")))
}

/// An HTTP client, sending `token` as a bearer token if given.
pub fn http(token: Option<&str>, timeout: Duration) -> awc::Client {
    let builder = awc::Client::builder().timeout(timeout);
    match token {
        Some(t) => builder
            .add_default_header(("authorization", format!("Bearer {t}")))
            .finish(),
        None => builder.finish(),
    }
}

/// Requests answered per second by `concurrency` clients over `seconds`; request k of
/// client c is `make(c, k)`. Every answer must be a success.
pub async fn throughput(
    token: Option<&str>,
    concurrency: usize,
    seconds: u64,
    make: impl Fn(usize, usize) -> (String, Value),
) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for c in 0..concurrency {
        let reqs: Vec<(String, Value)> = (0..64).map(|k| make(c, k)).collect();
        let done = done.clone();
        let client = http(token, Duration::from_secs(30));
        tasks.push(actix_web::rt::spawn(async move {
            let mut k = 0;
            while Instant::now() < deadline {
                let (url, body) = &reqs[k % reqs.len()];
                let res = client.post(url).send_json(body).await.expect("request");
                assert!(res.status().is_success(), "{url}: {}", res.status());
                done.fetch_add(1, Ordering::Relaxed);
                k += 1;
            }
        }));
    }
    let start = Instant::now();
    for t in tasks {
        t.await.expect("client");
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

/// Sends every request of `reqs` with `concurrency` clients and gives back the answers in
/// order; panics on a failure.
pub async fn send_all(token: &str, concurrency: usize, reqs: Vec<(String, Value)>) -> Vec<Value> {
    let n = reqs.len();
    let reqs = Arc::new(reqs);
    let answers = Arc::new(Mutex::new(vec![Value::Null; n]));
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (reqs, next, answers) = (reqs.clone(), next.clone(), answers.clone());
        let client = http(Some(token), Duration::from_secs(60));
        tasks.push(actix_web::rt::spawn(async move {
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some((url, body)) = reqs.get(k) else {
                    return;
                };
                let mut res = client.post(url).send_json(body).await.expect("request");
                let bytes = res.body().limit(64 << 20).await.expect("body");
                assert!(
                    res.status().is_success(),
                    "{url} {body}: {} {}",
                    res.status(),
                    String::from_utf8_lossy(&bytes)
                );
                let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                answers.lock().expect("not poisoned")[k] = v;
            }
        }));
    }
    for t in tasks {
        t.await.expect("client");
    }
    let answers = std::mem::take(&mut *answers.lock().expect("not poisoned"));
    answers
}

/// The size of the latest change frame a subscriber received, in bytes.
pub static CHANGE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Opens a socket, subscribes to `tournament` and times the snapshot's arrival (from
/// sending the subscription to holding the whole frame); the snapshot's size.
pub async fn time_snapshot(ws_url: &str, tournament: &str) -> (Duration, usize) {
    let (_, mut conn) = awc::Client::new()
        .ws(ws_url)
        .max_frame_size(256 << 20)
        .connect()
        .await
        .expect("connects");
    let frame = serde_json::json!({"type": "subscribe", "tournament": tournament}).to_string();
    let start = Instant::now();
    futures_util::SinkExt::send(&mut conn, ws::Message::Text(frame.into()))
        .await
        .expect("sends");
    while let Some(frame) = conn.next().await {
        let ws::Frame::Text(bytes) = frame.expect("a frame") else {
            continue;
        };
        let v: Value = serde_json::from_slice(&bytes).expect("json");
        if v["type"] == "snapshot" {
            return (start.elapsed(), bytes.len());
        }
    }
    panic!("the socket closed before the snapshot");
}
