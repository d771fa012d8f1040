//! Building and running the application, used the same way by `main` and by the tests.
//! Start order: data dir, database (persistence actor), supervisor (recovery), HTTP.
//! Shutdown runs the reverse: tell sockets we are going, stop accepting and finish
//! in-flight requests, snapshot every tournament, close the database.

use crate::config::Settings;
use crate::errors::{json_error, not_found, path_error, query_error};
use crate::state::AppState;
use actix::Actor;
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpRequest, HttpServer};
use anyhow::Context as _;
use felt_actors::store::messages::Close;
use felt_actors::supervisor::messages::{CloseSessions, Recover, Shutdown};
use felt_actors::{ActorSettings, Clock, Store, Supervisor, SystemClock};
use felt_domain::TournamentId;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use utoipa_actix_web::AppExt;

/// The content security policy the pages are written to satisfy.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub struct Application {
    addr: SocketAddr,
    server: actix_web::dev::Server,
    supervisor: actix::Addr<Supervisor>,
    store: actix::Addr<Store>,
    stop: Arc<Notify>,
    /// Held while the server runs: a second server on the same data dir is refused.
    _lock: std::fs::File,
    /// The tournament `--demo` created or found.
    pub demo: Option<TournamentId>,
    /// Serving HTTPS (`server.tls_cert` and `server.tls_key` set).
    pub https: bool,
    /// The admin created on first start (empty staff table) with its one-time PIN: `main`
    /// shows it once on the console; it is logged nowhere.
    pub first_admin: Option<crate::auth::NewCredentials>,
}

impl Application {
    /// Opens the database, recovers the tournaments and binds the HTTP server.
    pub async fn build(settings: Settings, demo: bool) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, demo, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(
        settings: Settings,
        demo: bool,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Application> {
        // A bad TLS setting stops the start before anything is opened.
        let tls = tls_config(&settings)?;
        std::fs::create_dir_all(&settings.data.dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                settings.data.dir.display()
            )
        })?;
        raise_open_files_limit();
        let lock = lock_data_dir(&settings)?;
        let path = settings.database_path();
        let conn = felt_actors::store::open(&path)
            .await
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        let store = Store::start_with_backups(conn, settings.backup_plan());
        let actor_settings = ActorSettings {
            snapshot_every: settings.tournaments.snapshot_every,
            max_sessions: settings.ws.max_sessions,
        };
        let supervisor = Supervisor::new(
            store.clone(),
            clock.clone(),
            crate::ws::protocol::encoder(),
            actor_settings,
        )
        .start();
        let recovered = supervisor
            .send(Recover)
            .await?
            .context("cannot rebuild the tournaments")?;
        tracing::info!(recovered, database = %path.display(), "tournaments rebuilt from the log");
        let (auth, first_admin) = start_auth(&settings, &store, clock.now()).await?;
        let demo = if demo {
            crate::demo::ensure(&supervisor, &store, clock.now())
                .await
                .context("cannot create the demo")?
        } else {
            None
        };

        let listener = TcpListener::bind(settings.server.bind)
            .with_context(|| format!("cannot listen on {}", settings.server.bind))?;
        let addr = listener.local_addr()?;
        let state = web::Data::new(AppState {
            supervisor: supervisor.clone(),
            store: store.clone(),
            clock,
            settings: settings.clone(),
            started: Instant::now(),
            auth,
            ws_clients: Arc::default(),
            pairings: crate::screens::Pairings::default(),
            live_screens: Arc::default(),
        });
        let limit = settings.server.body_limit_bytes;
        let origins = settings.cors.allowed_origins.clone();
        let connections = Arc::new(crate::limits::Clients::default());
        let per_ip = settings.server.max_connections_per_ip;
        let mut http = HttpServer::new(move || {
            let (app, api) = App::new()
                .into_utoipa_app()
                .openapi(<crate::routes::ApiDoc as utoipa::OpenApi>::openapi())
                .app_data(state.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(limit)
                        .error_handler(move |e, _| json_error(e, limit).into()),
                )
                .app_data(web::PathConfig::default().error_handler(|e, _| path_error(e).into()))
                .app_data(web::QueryConfig::default().error_handler(|e, _| query_error(e).into()))
                .configure(crate::routes::configure)
                .split_for_parts();
            let mut api = api;
            crate::routes::describe_access(&mut api);
            let api = web::Data::new(api);
            app.app_data(api)
                .route("/api/openapi.json", web::get().to(openapi))
                .configure(crate::assets::configure)
                .default_service(web::to(|req: HttpRequest| async move { not_found(&req) }))
                // Innermost: a body nested too deep is refused before anything parses it.
                .wrap(actix_web::middleware::from_fn(
                    crate::limits::limit_json_depth,
                ))
                // Every request that reaches a route has passed the policy.
                .wrap(actix_web::middleware::from_fn(
                    crate::auth::policy::authorize,
                ))
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "no-referrer"))
                        .add(("Content-Security-Policy", CSP)),
                )
                .wrap(actix_web::middleware::Condition::new(
                    !origins.is_empty(),
                    cors(&origins),
                ))
        })
        .on_connect(
            move |conn, ext| match connections.take(crate::limits::peer_ip(conn), per_ip) {
                Some(slot) => {
                    ext.insert(slot);
                }
                None => {
                    ext.insert(crate::limits::OverLimit);
                }
            },
        )
        // Options first: each listener takes the options set before it.
        .max_connections(settings.server.max_connections)
        .client_request_timeout(Duration::from_secs(settings.server.request_timeout_secs))
        .shutdown_timeout(settings.server.shutdown_timeout_secs)
        .disable_signals();
        if settings.server.workers > 0 {
            http = http.workers(settings.server.workers);
        }
        let https = tls.is_some();
        let http = match tls {
            Some(config) => http.listen_rustls_0_23(listener, config)?,
            None => http.listen(listener)?,
        };
        let server = http.run();
        if https {
            tracing::info!("serving HTTPS and wss:// (TLS)");
        }
        // Tests and scripts read the address from this line: keep its shape.
        tracing::info!(%addr, "listening");
        Ok(Application {
            addr,
            server,
            supervisor,
            store,
            stop: Arc::new(Notify::new()),
            _lock: lock,
            demo,
            first_admin,
            https,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Something that stops the application as a signal would (used by tests).
    pub fn stopper(&self) -> Arc<Notify> {
        self.stop.clone()
    }

    /// The addresses people can open, one per local interface when bound to all of them.
    pub fn urls(&self) -> Vec<String> {
        let port = self.addr.port();
        let ips: Vec<IpAddr> = if self.addr.ip().is_unspecified() {
            let mut all: Vec<IpAddr> = local_ip_address::list_afinet_netifas()
                .map(|list| {
                    list.into_iter()
                        .map(|(_, ip)| ip)
                        .filter(IpAddr::is_ipv4)
                        .collect()
                })
                .unwrap_or_default();
            if all.is_empty() {
                all.push(IpAddr::from([127, 0, 0, 1]));
            }
            all
        } else {
            vec![self.addr.ip()]
        };
        ips.into_iter()
            .map(|ip| {
                let scheme = if self.https { "https" } else { "http" };
                format!("{scheme}://{}", SocketAddr::new(ip, port))
            })
            .collect()
    }

    /// Serves until SIGTERM, Ctrl-C or the stopper, then shuts down in reverse order.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let handle = self.server.handle();
        // The server future drives its own stop: it must keep running while we stop it.
        let mut server = actix_web::rt::spawn(self.server);
        let ended_by_itself = tokio::select! {
            result = &mut server => { result??; true }
            () = signal() => false,
            () = self.stop.notified() => false,
        };
        tracing::info!("shutting down");
        if !ended_by_itself {
            let _ = self.supervisor.send(CloseSessions).await;
            handle.stop(true).await;
            server.await??;
        }
        let _ = self.supervisor.send(Shutdown).await;
        let _ = self.store.send(Close).await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Loads staff, the signing key and the revoked tokens; on an empty staff table creates
/// the first admin with a one-time PIN (returned, to be shown once).
async fn start_auth(
    settings: &Settings,
    store: &actix::Addr<Store>,
    now: felt_domain::Timestamp,
) -> anyhow::Result<(Arc<crate::auth::Auth>, Option<crate::auth::NewCredentials>)> {
    use felt_actors::store::staff::{AddStaff, GetRevoked, ListStaff};
    let mut staff = store
        .send(ListStaff)
        .await?
        .context("cannot read the staff")?;
    let mut first = None;
    if staff.is_empty() {
        let (member, credentials) = crate::auth::first_admin()?;
        store
            .send(AddStaff {
                member: member.clone(),
                at: now,
            })
            .await?
            .context("cannot create the first admin")?;
        tracing::info!(operator = %member.name, "no staff yet: created the first admin");
        staff.push(member);
        first = Some(credentials);
    }
    let key = crate::auth::keys::load_or_create(&settings.data.dir)?;
    let revoked = store
        .send(GetRevoked { now: now / 1000 })
        .await?
        .context("cannot read the revoked tokens")?;
    let auth = crate::auth::Auth::new(
        settings.auth.clone(),
        &settings.data.dir,
        key,
        staff,
        revoked,
    )?;
    let screens = store
        .send(felt_actors::store::screens::ListScreens)
        .await?
        .context("cannot read the screens")?;
    for screen in screens {
        auth.remember_screen(screen);
    }
    Ok((Arc::new(auth), first))
}

/// The TLS configuration from `server.tls_cert` and `server.tls_key`, if both are set.
fn tls_config(settings: &Settings) -> anyhow::Result<Option<rustls::ServerConfig>> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let (cert, key) = (&settings.server.tls_cert, &settings.server.tls_key);
    match (cert.as_os_str().is_empty(), key.as_os_str().is_empty()) {
        (true, true) => return Ok(None),
        (false, false) => {}
        _ => anyhow::bail!("TLS needs both server.tls_cert and server.tls_key"),
    }
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("cannot read the certificate {}", cert.display()))?;
    if chain.is_empty() {
        anyhow::bail!("no certificate in {}", cert.display());
    }
    let private = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("cannot read the private key {}", key.display()))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .context("TLS protocol versions")?
    .with_no_client_auth()
    .with_single_cert(chain, private)
    .context("the certificate and the key do not make a TLS configuration")?;
    Ok(Some(config))
}

/// CORS for the configured origins (and the server's own); only mounted when some are.
fn cors(origins: &[String]) -> actix_cors::Cors {
    let allowed = origins.to_vec();
    actix_cors::Cors::default()
        .allowed_origin_fn(move |origin, head| {
            let origin = origin.to_str().unwrap_or_default();
            let same = head
                .headers()
                .get(actix_web::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .is_some_and(|host| {
                    origin
                        .strip_prefix("http://")
                        .or_else(|| origin.strip_prefix("https://"))
                        == Some(host)
                });
            same || allowed.iter().any(|o| o == origin)
        })
        .allowed_methods(["GET", "POST", "PUT", "PATCH"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
        ])
        .max_age(3600)
}

async fn openapi(api: web::Data<utoipa::openapi::OpenApi>) -> web::Json<utoipa::openapi::OpenApi> {
    web::Json(api.get_ref().clone())
}

/// Waits for Ctrl-C or SIGTERM.
async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Takes the data directory's lock file, or says who holds it.
pub fn lock_data_dir(settings: &Settings) -> anyhow::Result<std::fs::File> {
    let path = settings.lock_path();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another Felt server is using the data directory {}",
            settings.data.dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Venue boxes often start with a soft limit of 1,024 open files: every socket is one.
fn raise_open_files_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open files limit"),
        Err(e) => tracing::warn!(error = %e, "cannot raise the open files limit"),
    }
}
