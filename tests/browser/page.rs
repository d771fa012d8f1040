//! Reading the pages: what the TV shows, polling with a deadline, and the texts the pages
//! are expected to show for a level (the same formatting as static/clock.js).

use crate::common::TestServer;
use crate::driver::Browser;
use fantoccini::Locator;
use serde::Deserialize;
use serde_json::Value;
use std::time::{Duration, Instant};

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

/// Everything the TV page shows that the tests look at, read in one script call.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct TvView {
    pub name: String,
    pub level: String,
    pub blinds: String,
    pub status: String,
    pub connection: String,
    /// `#time-left`'s text: a caption (if any) and the digits.
    pub time: String,
    /// The page has not shown a state yet (`body.is-loading`).
    pub loading: bool,
    /// The "Reconnecting…" banner is shown.
    pub banner: bool,
    pub missing: bool,
}

impl TvView {
    /// The time left in whole seconds (overtime counts as negative).
    pub fn secs(&self) -> i64 {
        parse_clock(&self.time).unwrap_or_else(|| panic!("#time-left is not a time: {self:?}"))
    }
}

const READ_TV: &str = r#"
const t = (id) => { const e = document.getElementById(id); return e ? e.textContent.replace(/\s+/g, ' ').trim() : ''; };
const banner = document.getElementById('reconnecting');
return { name: t('name'), level: t('level'), blinds: t('blinds'), status: t('status'),
         connection: t('connection'), time: t('time-left'),
         loading: document.body.classList.contains('is-loading'),
         banner: !!banner && !banner.hidden,
         missing: document.body.classList.contains('is-missing') };
"#;

/// The TV page of one tournament, open in a browser.
pub struct Tv<'a> {
    pub browser: &'a Browser,
}

impl<'a> Tv<'a> {
    /// Opens `/tv/{id}` and waits until it shows the tournament over a live socket.
    pub async fn open(browser: &'a Browser, server: &TestServer, id: &str) -> Tv<'a> {
        browser
            .client
            .goto(&server.url(&format!("/tv/{id}")))
            .await
            .expect("opens the TV page");
        let tv = Tv { browser };
        tv.wait_for("the TV to show the tournament, live", secs(5), |v| {
            !v.loading && v.connection == "live" && !v.time.is_empty()
        })
        .await;
        tv
    }

    pub async fn read(&self) -> TvView {
        let v = self
            .browser
            .client
            .execute(READ_TV, vec![])
            .await
            .expect("reads the TV page");
        serde_json::from_value(v).expect("the TV page has every element")
    }

    /// Polls until `ok` holds, and returns what the page showed then; fails after `within`
    /// with what it showed last.
    pub async fn wait_for(
        &self,
        what: &str,
        within: Duration,
        ok: impl Fn(&TvView) -> bool,
    ) -> TvView {
        let deadline = Instant::now() + within;
        loop {
            let v = self.read().await;
            if ok(&v) {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "waited {within:?} for {what}; the TV shows {v:#?}"
            );
            tokio::time::sleep(POLL).await;
        }
    }
}

/// Runs `script` until it returns something truthy (not null/false/""/0/[]) and returns
/// that; fails after `within` with the last value.
pub async fn wait_js(browser: &Browser, what: &str, within: Duration, script: &str) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let v = browser
            .client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script for {what}: {e}"));
        let truthy = match &v {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "waited {within:?} for {what}; last got {v}"
        );
        tokio::time::sleep(POLL).await;
    }
}

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// "09:58" -> 598, "1:02:03" -> 3723, "+00:05" -> -5 (overtime); None if not a clock.
pub fn parse_clock(text: &str) -> Option<i64> {
    let text = text.trim();
    let (sign, digits) = match text.strip_prefix('+') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let parts: Vec<i64> = digits
        .split(':')
        .map(|p| p.parse::<i64>().ok())
        .collect::<Option<_>>()?;
    let total = match parts[..] {
        [m, s] if s < 60 => m * 60 + s,
        [h, m, s] if m < 60 && s < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    Some(sign * total)
}

/// Whole seconds shown for `remaining_ms` (the countdown rounds up).
pub fn shown_secs(remaining_ms: i64) -> i64 {
    (remaining_ms.max(0) + 999) / 1000
}

/// Chips as en-US digits with thousands separators: 12500 -> "12,500".
pub fn chips(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text `#blinds` shows for a play level from the API: "400 / 800, ante 800 (BB)".
pub fn blinds_text(level: &Value) -> String {
    assert_eq!(level["kind"], "play", "not a play level: {level}");
    let n = |k: &str| {
        level[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {level}"))
    };
    let mut text = format!("{} / {}", chips(n("small_blind")), chips(n("big_blind")));
    let ante = level["ante"].as_u64().unwrap_or(0);
    let kind = level["ante_kind"].as_str().unwrap_or("none");
    if ante > 0 && kind != "none" {
        text += &format!(", ante {}", chips(ante));
        if kind == "big_blind" {
            text += " (BB)";
        }
    }
    text
}

/// The label the pages give level `index`: "Level N" counting play levels only, or "Break".
pub fn level_label(levels: &[Value], index: usize) -> String {
    if levels[index]["kind"] == "break" {
        return "Break".into();
    }
    let n = levels[..=index]
        .iter()
        .filter(|l| l["kind"] != "break")
        .count();
    format!("Level {n}")
}

#[test]
fn clock_texts_parse() {
    assert_eq!(parse_clock("09:58"), Some(598));
    assert_eq!(parse_clock("1:02:03"), Some(3723));
    assert_eq!(parse_clock("+00:05"), Some(-5));
    assert_eq!(parse_clock("Starts in 10:00"), None);
    assert_eq!(chips(100), "100");
    assert_eq!(chips(12_500), "12,500");
    assert_eq!(chips(1_000_000), "1,000,000");
    assert_eq!(shown_secs(1), 1);
    assert_eq!(shown_secs(1000), 1);
    assert_eq!(shown_secs(1001), 2);
}

/// Logs in with the venue page's own form and waits until it shows who is logged in.
pub async fn log_in(browser: &Browser, name: &str, pin: &str) {
    let c = &browser.client;
    let field = |css: &'static str| c.find(fantoccini::Locator::Css(css));
    field("#login input[name=name]")
        .await
        .expect("the login name field")
        .send_keys(name)
        .await
        .expect("types the name");
    field("#login input[name=pin]")
        .await
        .expect("the PIN field")
        .send_keys(pin)
        .await
        .expect("types the PIN");
    field("#login button[type=submit]")
        .await
        .expect("the login button")
        .click()
        .await
        .expect("clicks log in");
    wait_js(
        browser,
        "the page to show the login",
        secs(5),
        "return document.body.classList.contains('is-staff') && document.getElementById('whoami').textContent !== '';",
    )
    .await;
}

/// Runs `script` in the page; what it returns.
pub async fn js(browser: &Browser, script: &str) -> Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script {script}: {e}"))
}

/// Clicks the element `css` finds; found again if the page redrew it in between.
pub async fn click(browser: &Browser, css: &str) {
    let mut tries = 0;
    loop {
        let found = browser
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("finds {css}: {e}"));
        match found.click().await {
            Ok(()) => return,
            // Redrawn, still being laid out or covered for a moment: try again shortly.
            Err(e)
                if tries < 30
                    && ["stale element", "not interactable", "click intercepted"]
                        .iter()
                        .any(|m| e.to_string().contains(m)) =>
            {
                tries += 1;
                actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("clicks {css}: {e}"),
        }
    }
}
