//! Test helpers shared by the actor tests: a temporary database, a plain JSON encoder,
//! a subscriber that records what it receives.

use crate::publish::{Deliver, Encoder, Publication};
use crate::store::{open, Store};
use actix::prelude::*;
use bytestring::ByteString;
use std::sync::{Arc, Mutex};

pub async fn temp_store() -> (tempfile::TempDir, Addr<Store>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = open(&dir.path().join("felt.db")).await.expect("opens");
    (dir, Store::start(conn))
}

/// Encodes a publication as a small JSON object a test can read.
pub fn encoder() -> Encoder {
    Arc::new(|p: &Publication<'_>, now| {
        let value = match p {
            Publication::Snapshot { view, seq } => {
                serde_json::json!({"type":"snapshot","seq":seq,"now":now,"level":view.clock.level,"running":view.clock.running})
            }
            Publication::Change { record, .. } => {
                serde_json::json!({"type":"change","seq":record.seq,"kind":record.event.kind()})
            }
            Publication::Venue { summaries } => {
                serde_json::json!({"type":"venue","count":summaries.len()})
            }
            Publication::VenueChange { summary } => {
                serde_json::json!({"type":"venue_change","id":summary.id})
            }
        };
        ByteString::from(value.to_string())
    })
}

/// Records every frame and close order it receives.
pub struct Collector {
    pub frames: Arc<Mutex<Vec<serde_json::Value>>>,
    pub closed: Arc<Mutex<Option<&'static str>>>,
}

impl Actor for Collector {
    type Context = Context<Self>;
}

impl Handler<Deliver> for Collector {
    type Result = ();

    fn handle(&mut self, msg: Deliver, _: &mut Self::Context) {
        match msg {
            Deliver::Frame(f) | Deliver::Split { staff: f, .. } => self
                .frames
                .lock()
                .expect("not poisoned")
                .push(serde_json::from_str(&f).expect("json")),
            Deliver::Close { reason } => *self.closed.lock().expect("not poisoned") = Some(reason),
        }
    }
}

pub type Frames = Arc<Mutex<Vec<serde_json::Value>>>;

pub fn collector() -> (Addr<Collector>, Frames, Arc<Mutex<Option<&'static str>>>) {
    let frames = Arc::new(Mutex::new(Vec::new()));
    let closed = Arc::new(Mutex::new(None));
    let addr = Collector {
        frames: frames.clone(),
        closed: closed.clone(),
    }
    .start();
    (addr, frames, closed)
}

/// Lets queued messages run.
pub async fn settle() {
    for _ in 0..5 {
        actix_rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

pub fn kinds(frames: &Frames) -> Vec<String> {
    frames
        .lock()
        .expect("not poisoned")
        .iter()
        .map(|f| {
            f.get("kind")
                .or_else(|| f.get("type"))
                .and_then(|k| k.as_str())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}
