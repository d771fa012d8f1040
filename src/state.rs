//! What every handler can reach: the shared actors, the clock and the settings. Built once
//! in startup and cloned into each HTTP worker.

use crate::config::Settings;
use felt_actors::{Clock, Store, Supervisor};
use std::sync::Arc;
use std::time::Instant;

pub struct AppState {
    pub supervisor: actix::Addr<Supervisor>,
    pub store: actix::Addr<Store>,
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    pub started: Instant,
    pub auth: Arc<crate::auth::Auth>,
    /// Websocket sessions per client address.
    pub ws_clients: Arc<crate::limits::Clients>,
    /// Pairing codes shown on unpaired TVs.
    pub pairings: crate::screens::Pairings,
    /// The websocket sessions of paired screens.
    pub live_screens: Arc<crate::screens::Live>,
}
