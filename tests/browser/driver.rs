//! Headless Chromium driven through ChromeDriver with fantoccini.
//!
//! Each [`Browser`] starts its own `chromedriver --port=<free port>` and a Chromium with a
//! fresh profile; dropping it ends the session, stops ChromeDriver and makes sure no
//! Chromium process of that profile is left behind (also when a test panics).

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

const INSTALL_HINT: &str =
    "The browser tests need Chromium and its ChromeDriver: run `bash .ci/run` \
     (it installs them) or `apt-get install -y chromium chromium-driver`, or point \
     CHROMIUM_PATH / CHROMEDRIVER_PATH at the binaries.";

/// How many browsers may run at once. The machines have 2 cores: one browser at a time
/// keeps the timing assertions (a command on the TV within a second) honest.
const MAX_BROWSERS: usize = 1;

/// A binary from `env`, else the first of `candidates` that exists (absolute, or on PATH).
fn binary(env: &str, candidates: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "{env}={} does not exist. {INSTALL_HINT}",
            p.display()
        );
        return p;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for c in candidates {
        let c = Path::new(c);
        if c.is_absolute() {
            if c.is_file() {
                return c.to_path_buf();
            }
            continue;
        }
        if let Some(found) = std::env::split_paths(&path)
            .map(|dir| dir.join(c))
            .find(|p| p.is_file())
        {
            return found;
        }
    }
    panic!("cannot find {}. {INSTALL_HINT}", candidates.join(" or "));
}

fn chromium() -> PathBuf {
    binary(
        "CHROMIUM_PATH",
        &["/usr/bin/chromium", "chromium", "chromium-browser"],
    )
}

fn chromedriver() -> PathBuf {
    binary(
        "CHROMEDRIVER_PATH",
        &["/usr/bin/chromedriver", "chromedriver"],
    )
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free local port")
        .port()
}

/// A tiny blocking HTTP GET on 127.0.0.1 (used where async is not possible: in Drop).
fn http_get(port: u16, path: &str, timeout: Duration) -> std::io::Result<String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut s = TcpStream::connect_timeout(&addr, timeout)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    // ChromeDriver keeps the connection open: read up to the end of the body it announces.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = s.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                break;
            }
        }
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Limits how many browsers run at once (see [`MAX_BROWSERS`]). Not a `MutexGuard`, so it
/// may be held across `.await`; a panicking test still gives its slot back.
struct Slot;

static SLOTS: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

impl Slot {
    fn take() -> Slot {
        let mut used = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        while *used >= MAX_BROWSERS {
            used = FREED.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut used = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        *used -= 1;
        FREED.notify_one();
    }
}

/// The ChromeDriver process, stopped on drop with every Chromium it started.
struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let exe = chromedriver();
        let profile = tempfile::Builder::new()
            .prefix("felt-chromium-")
            .tempdir()
            .expect("a temp dir for the browser profile");
        let port = free_port();
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}. {INSTALL_HINT}", exe.display()));
        let mut driver = Driver {
            child,
            port,
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "{} --port={port} exited at once ({status}). {INSTALL_HINT}",
                    exe.display()
                );
            }
            let ready = http_get(port, "/status", Duration::from_millis(500))
                .is_ok_and(|r| r.contains("\"ready\":true"));
            if ready {
                return driver;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not answer on port {port} within 10 s",
                exe.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // ChromeDriver's own shutdown quits the browsers of its sessions, then exits.
        let _ = http_get(self.port, "/shutdown", Duration::from_secs(2));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        kill_profile_processes(self.profile.path());
    }
}

/// Kills, by pid, any process still running with this (unique, temporary) profile: a
/// Chromium orphaned by a ChromeDriver that did not get to quit it.
fn kill_profile_processes(profile: &Path) {
    let needle = format!("--user-data-dir={}", profile.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let ours = cmdline
            .split(|b| *b == 0)
            .any(|arg| arg == needle.as_bytes());
        if ours {
            let _ = Command::new("kill")
                .args(["-9", &pid.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// One headless Chromium session. Fields drop in order: the session, then ChromeDriver,
/// then the slot.
pub struct Browser {
    pub client: Client,
    session: String,
    driver: Driver,
    _slot: Slot,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium whose viewport is 1920x1080.
    pub async fn start() -> Browser {
        let chromium = chromium();
        let slot = Slot::take();
        let driver = Driver::start();
        let profile = driver.profile.path().display().to_string();
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={profile}"),
                    "--window-size=1920,1080",
                ],
            },
        });
        let Value::Object(caps) = caps else {
            unreachable!("capabilities are an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("ChromeDriver could not start {}: {e}", chromium.display()));
        let session = client
            .session_id()
            .await
            .expect("session id")
            .expect("a W3C session has an id");
        let browser = Browser {
            client,
            session,
            driver,
            _slot: slot,
        };
        browser.set_viewport(1920, 1080).await;
        browser
    }

    /// Ends the session cleanly (Drop would as well, more abruptly).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Resizes the window so the page's viewport (innerWidth x innerHeight) is exactly
    /// `width` x `height`: headless Chromium keeps room for browser chrome in the window.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let mut w = width;
        let mut h = height;
        for _ in 0..3 {
            self.client
                .set_window_size(w, h)
                .await
                .expect("sets the window size");
            let inner = self
                .client
                .execute("return [innerWidth, innerHeight]", vec![])
                .await
                .expect("reads the viewport");
            let iw = inner[0].as_u64().expect("innerWidth") as i64;
            let ih = inner[1].as_u64().expect("innerHeight") as i64;
            if iw == i64::from(width) && ih == i64::from(height) {
                return;
            }
            w = (i64::from(w) + i64::from(width) - iw) as u32;
            h = (i64::from(h) + i64::from(height) - ih) as u32;
        }
        // Larger than the (virtual) screen, e.g. 4K: the viewport is emulated instead.
        self.extension(
            "goog/cdp/execute",
            json!({"cmd": "Emulation.setDeviceMetricsOverride",
                   "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}}),
        )
        .await;
        let inner = self
            .client
            .execute("return [innerWidth, innerHeight]", vec![])
            .await
            .expect("reads the viewport");
        assert_eq!(
            inner,
            json!([width, height]),
            "cannot get a {width}x{height} viewport"
        );
    }

    /// A ChromeDriver command outside W3C WebDriver (`goog/cdp/execute`, `se/log`).
    async fn extension(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.driver.url(), self.session);
        let mut res = awc::Client::builder()
            .timeout(Duration::from_secs(10))
            .finish()
            .post(&url)
            .send_json(&body)
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        let v: Value = res
            .json()
            .limit(16 << 20)
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        assert!(res.status().is_success(), "POST {url}: {v}");
        v["value"].clone()
    }

    /// Runs `source` in every document this session opens from now on, before the page's
    /// own scripts (and outside the page's content security policy).
    pub async fn on_new_document(&self, source: &str) {
        self.extension(
            "goog/cdp/execute",
            json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": source}}),
        )
        .await;
    }

    /// Renders the page as for `media` ("print", or "" for the screen again).
    pub async fn emulate_media(&self, media: &str) {
        self.extension(
            "goog/cdp/execute",
            json!({"cmd": "Emulation.setEmulatedMedia", "params": {"media": media}}),
        )
        .await;
    }

    /// The browser's console and security log since the last call: `{level, message, source}`.
    pub async fn take_log(&self) -> Vec<Value> {
        match self.extension("se/log", json!({"type": "browser"})).await {
            Value::Array(entries) => entries,
            other => panic!("browser log is not a list: {other}"),
        }
    }

    /// Saves a PNG of the viewport to `target/screenshots/{name}.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("takes a screenshot");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
        let dir = target.join("screenshots");
        std::fs::create_dir_all(&dir).expect("creates target/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("writes the screenshot");
        path
    }
}
