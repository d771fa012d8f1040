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

// ---- keyboard and screen-reader basics (labels, focus, contrast) ----------------------

/// Every visible control without a name a screen reader can say: a field needs a label,
/// an aria-label or aria-labelledby (its options or value do not name it); a button, link
/// or tab its text, aria-label or title.
pub const UNNAMED: &str = r#"
const out = [];
const byIds = (e) => (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
  .map((id) => { const l = document.getElementById(id); return l ? l.textContent : ''; }).join(' ');
for (const e of document.querySelectorAll('button, input, select, textarea, a[href], [role=tab]')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const field = e.matches('input, select, textarea');
  const name = (e.getAttribute('aria-label') || byIds(e) || (e.labels && [...e.labels].map((l) => l.textContent).join(' '))
    || (field ? '' : e.textContent) || e.getAttribute('title') || '').trim();
  if (!name) out.push(e.outerHTML.slice(0, 100));
}
return out;
"#;

/// The contrast of an element's text on the background behind it (WCAG relative
/// luminance), for the selectors in `arguments[0]`; those below 4.5:1 (or missing).
pub const CONTRAST: &str = r#"
const lum = (c) => { const m = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
const bg = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; if (!/rgba\(.*, 0\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255,255,255)'; };
const out = [];
for (const sel of arguments[0]) {
  const e = document.querySelector(sel); if (!e) { out.push(sel + ' missing'); continue; }
  const a = lum(getComputedStyle(e).color), b = lum(bg(e));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) out.push(`${sel}: ${ratio.toFixed(2)}`);
}
return out;
"#;

/// Every visible text on the page (an element with text of its own, or a field's value)
/// whose contrast with what is behind it is below 4.5:1: colours with alpha and the
/// opacity of the element and its ancestors are blended over the backgrounds below, as
/// the eye sees them. Disabled controls are left out (WCAG exempts them). Each problem
/// once: "tag#id.class "text": 3.12 (rgb(..) on rgb(..))".
pub const LOW_CONTRAST_TEXTS: &str = r#"
const parse = (c) => { const m = (c || '').match(/[\d.]+/g); if (!m || m.length < 3) return null; const v = m.map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
const lum = (c) => { const m = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
const opacity = (e) => { let o = 1; for (; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
const behind = (e) => {
  const layers = [];
  for (let x = e; x; x = x.parentElement) {
    const c = parse(getComputedStyle(x).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let out = [255, 255, 255, 1];
  for (const l of layers.reverse()) out = over(l, out);
  return out;
};
const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
const out = new Set();
for (const e of document.body.querySelectorAll('*')) {
  if (e.closest('dialog:not([open]), [hidden], option, script, style')) continue;
  const field = e.matches('input:not([type=checkbox]):not([type=radio]):not([type=range]), select, textarea');
  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own && !(field && (e.value || e.tagName === 'SELECT'))) continue;
  if (e.disabled || e.closest('[aria-disabled=true], fieldset[disabled]')) continue;
  const r = e.getBoundingClientRect();
  const cs = getComputedStyle(e);
  if (r.width <= 1 || r.height <= 1 || cs.visibility === 'hidden' || cs.display === 'none') continue;
  const bg = behind(e);
  const fg = parse(cs.color);
  if (!fg) continue;
  const seen = over([fg[0], fg[1], fg[2], fg[3] * opacity(e)], bg);
  const a = lum(seen), b = lum(bg);
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) {
    const text = (field ? (e.value || e.textContent) : e.textContent).replace(/\s+/g, ' ').trim().slice(0, 30);
    out.add(`${name(e)} "${text}": ${ratio.toFixed(2)} (${cs.color} on rgb(${bg.slice(0, 3).map(Math.round).join(',')}))`);
  }
}
return [...out];
"#;

/// Presses and releases one key (a character, or a WebDriver key such as '\u{E004}', Tab).
pub async fn press(browser: &Browser, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    browser
        .client
        .perform_actions(keys)
        .await
        .unwrap_or_else(|e| panic!("presses {key:?}: {e}"));
}

/// Where the keyboard focus is after a Tab: what it is, where on the page (not the
/// viewport: the page scrolls as the focus moves), and whether a focus ring shows.
#[derive(Debug, Clone, Deserialize)]
pub struct FocusStop {
    /// The same for every stop on one element (a date field's parts are stops of their own).
    pub key: u64,
    pub what: String,
    pub top: f64,
    pub left: f64,
    pub right: f64,
    pub middle: f64,
    /// An outline or ring at least 2 px wide, at 3:1 or more against what is behind it.
    pub ring: bool,
    pub ring_style: String,
}

const FOCUS_STOP: &str = r#"
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement || e.id === '__focus_start') return null;
const ids = window.__focusIds || (window.__focusIds = new WeakMap());
if (!ids.has(e)) ids.set(e, window.__focusN = (window.__focusN || 0) + 1);
const parse = (c) => { const m = (c || '').match(/[\d.]+/g); if (!m || m.length < 3) return null; const v = m.map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
const lum = (c) => { const m = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
const behind = (x) => { for (x = x.parentElement; x; x = x.parentElement) { const c = parse(getComputedStyle(x).backgroundColor); if (c && c[3] >= 1) return c; } return [255, 255, 255, 1]; };
const cs = getComputedStyle(e);
const r = e.getBoundingClientRect();
const width = parseFloat(cs.outlineWidth) || 0;
const color = parse(cs.outlineColor);
let ring = cs.outlineStyle !== 'none' && width >= 2 && !!color && color[3] > 0;
if (ring) { const a = lum(color), b = lum(behind(e)); ring = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) >= 3; }
const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent || e.name || '';
return { key: ids.get(e), what: (e.id ? '#' + e.id + ' ' : '') + e.tagName.toLowerCase() + ' ' + label.replace(/\s+/g, ' ').trim().slice(0, 30),
  top: r.top + scrollY, left: r.left + scrollX, right: r.right + scrollX, middle: r.top + scrollY + r.height / 2,
  ring, ring_style: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}` };
"#;

/// Tabs from the top of the page through up to `max` elements (fewer when the focus leaves
/// the page or comes round again) and returns them in order, once each (the parts of a
/// date field are one stop).
pub async fn tab_through(browser: &Browser, max: usize) -> Vec<FocusStop> {
    // Tab starts from where the focus was last: from a mark put at the top of the page.
    js(
        browser,
        "const m = document.getElementById('__focus_start') || document.createElement('span');
         m.id = '__focus_start'; m.tabIndex = -1; document.body.prepend(m); window.__focusIds = new WeakMap();
         window.scrollTo(0, 0); m.focus(); return null;",
    )
    .await;
    let mut stops: Vec<FocusStop> = Vec::new();
    let mut presses = 0;
    while stops.len() < max && presses < max * 3 {
        presses += 1;
        press(browser, '\u{E004}').await;
        let at = js(browser, FOCUS_STOP).await;
        if at.is_null() {
            // The focus has left the page.
            break;
        }
        let stop: FocusStop = serde_json::from_value(at).expect("a focus stop");
        if stops.first().is_some_and(|s| s.key == stop.key) {
            break;
        }
        if stops.last().is_some_and(|s| s.key == stop.key) {
            continue;
        }
        stops.push(stop);
    }
    js(
        browser,
        "const m = document.getElementById('__focus_start'); if (m) m.remove(); return null;",
    )
    .await;
    stops
}

/// Every control the keyboard can reach, in the order Tab takes them (document order: no
/// element may jump the queue with a positive tabindex, listed first if any), for checking
/// the whole order of a page longer than a walk with Tab. No ring is measured here.
pub async fn focus_order(browser: &Browser) -> (Vec<String>, Vec<FocusStop>) {
    let v = js(
        browser,
        "window.scrollTo(0, 0);
         const jumps = [...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).map((e) => e.outerHTML.slice(0, 80));
         const out = [];
         for (const e of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
           if (e.tabIndex < 0 || e.disabled || e.closest('[hidden], dialog:not([open]), [inert]')) continue;
           const r = e.getBoundingClientRect(); const cs = getComputedStyle(e);
           if ((r.width === 0 && r.height === 0) || cs.visibility === 'hidden') continue;
           out.push({ key: out.length + 1, what: (e.id ? '#' + e.id + ' ' : '') + e.tagName.toLowerCase() + ' ' + (e.getAttribute('aria-label') || e.textContent || e.name || '').replace(/\\s+/g, ' ').trim().slice(0, 30),
             top: r.top + scrollY, left: r.left + scrollX, right: r.right + scrollX, middle: r.top + scrollY + r.height / 2, ring: true, ring_style: '' });
         }
         return [jumps, out];",
    )
    .await;
    let jumps = serde_json::from_value(v[0].clone()).expect("a list");
    let stops = serde_json::from_value(v[1].clone()).expect("the stops");
    (jumps, stops)
}

/// What is wrong with a focus order: a stop above the one before it (by more than
/// `slack` px), or left of it on the same row; a stop without a visible focus ring.
pub fn focus_problems(stops: &[FocusStop], slack: f64) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in stops.iter().enumerate() {
        if !s.ring {
            out.push(format!(
                "{}: no visible focus ring ({})",
                s.what, s.ring_style
            ));
        }
        let Some(p) = i.checked_sub(1).map(|j| &stops[j]) else {
            continue;
        };
        if s.middle < p.middle - slack && s.top < p.top - slack {
            out.push(format!(
                "{} (y {:.0}) comes after {} (y {:.0}) but is above it",
                s.what, s.middle, p.what, p.middle
            ));
        } else if (s.middle - p.middle).abs() <= slack && s.right <= p.left {
            out.push(format!(
                "{} comes after {} on the same row but is left of it",
                s.what, p.what
            ));
        }
    }
    out
}

#[test]
fn a_focus_order_that_goes_up_or_left_or_hides_the_ring_is_reported() {
    let stop = |key: u64, middle: f64, left: f64, ring: bool| FocusStop {
        key,
        what: format!("stop {key}"),
        top: middle - 10.0,
        left,
        right: left + 50.0,
        middle,
        ring,
        ring_style: String::new(),
    };
    let good = [
        stop(1, 20.0, 0.0, true),
        stop(2, 20.0, 60.0, true),
        stop(3, 80.0, 0.0, true),
    ];
    assert_eq!(focus_problems(&good, 8.0), Vec::<String>::new());
    let up = [stop(1, 80.0, 0.0, true), stop(2, 20.0, 0.0, true)];
    assert_eq!(focus_problems(&up, 8.0).len(), 1);
    let left = [stop(1, 20.0, 100.0, true), stop(2, 22.0, 0.0, true)];
    assert_eq!(focus_problems(&left, 8.0).len(), 1);
    let hidden = [stop(1, 20.0, 0.0, false)];
    assert_eq!(focus_problems(&hidden, 8.0).len(), 1);
}
