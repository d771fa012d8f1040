//! The Felt server: HTTP and websocket in front of the actors.
//!
//! - [`config`]: typed settings from config/default.toml, a file, `FELT_*` variables.
//! - [`startup`]: `Application::build` (used by `main` and the tests) and shutdown.
//! - [`routes`]: the JSON API, one resource a file, documented as OpenAPI.
//! - [`ws`]: the websocket protocol and session actor.
//! - [`assets`]: the embedded web pages.
//! - [`auth`]: staff, tokens, throttling, and the policy table every request goes through.
//! - [`errors`]: `ApiError` and the JSON error body.
//! - [`limits`]: sessions and connections per client address, JSON depth.
//! - [`screens`]: pairing codes and the live sessions of paired TV screens.
//! - [`demo`]: the sample tournament of `--demo`.
//! - [`backup`]: `felt backup` and `felt restore`.

pub mod assets;
pub mod auth;
pub mod backup;
pub mod config;
pub mod demo;
pub mod errors;
pub mod limits;
pub mod routes;
pub mod screens;
pub mod startup;
pub mod state;
pub mod ws;
