//! The session actor: one per websocket. It registers with the supervisor when it starts
//! and unregisters on every way it ends (close, error, heartbeat timeout, dropped as too
//! slow, server shutdown). It writes frames in order, one at a time; a write that cannot
//! complete within WRITE_TIMEOUT means the client stopped reading, and the session ends.

use super::protocol::{ClientFrame, ServerFrame};
use crate::auth::policy::{allow, frame_access};
use crate::auth::Auth;
use crate::errors::ApiError;
use actix::prelude::*;
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, ProtocolError};
use bytestring::ByteString;
use felt_actors::publish::SubscriberId;
use felt_actors::supervisor::messages::{Connect, Disconnect, FollowVenue, Subscribe, Unsubscribe};
use felt_actors::Deliver;
use felt_actors::{Clock, Supervisor};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the server pings and sends a heartbeat frame with its time.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(5);
/// A client silent for this long is gone.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);
/// A frame not taken by the client's connection within this time ends the session.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// What a session may do: the settings and token it checks each frame against.
pub struct Rights {
    pub auth: Arc<Auth>,
    /// The token given in the query string or an `auth` frame; checked again at every
    /// frame, so one that expires or is revoked stops counting at once.
    pub token: Option<String>,
    pub public: bool,
    pub frames_per_sec: u32,
    /// Deepest JSON nesting a frame may have.
    pub max_json_depth: usize,
    /// Where a paired screen's sessions are found (reassignment, revocation).
    pub screens: Arc<crate::screens::Live>,
    /// Held while the session lives: counts the client address's sessions.
    pub _slot: crate::limits::Slot,
}

/// How long a session trusts its last look at its token before choosing, for a change
/// frame, between the version naming the operator (floor and admin) and the one without.
const RECHECK_STAFF: Duration = Duration::from_secs(5);

pub struct WsSession {
    id: Option<SubscriberId>,
    rights: Rights,
    /// Frames the client may still send now (refilled at `frames_per_sec`).
    budget: f64,
    budget_at: Instant,
    told_rate: bool,
    session: actix_ws::Session,
    stream: Option<MessageStream>,
    supervisor: Addr<Supervisor>,
    clock: Arc<dyn Clock>,
    outbox: usize,
    last_heard: Instant,
    /// The paired screen this session is, if its token is a screen's.
    screen: Option<uuid::Uuid>,
    /// Whether change frames name their operator here (a floor or admin login), and when
    /// that was last checked.
    staff: bool,
    staff_checked: Instant,
}

impl WsSession {
    pub fn new(
        session: actix_ws::Session,
        stream: MessageStream,
        supervisor: Addr<Supervisor>,
        clock: Arc<dyn Clock>,
        outbox: usize,
        rights: Rights,
    ) -> Self {
        WsSession {
            id: None,
            budget: f64::from(rights.frames_per_sec.max(1)) * 2.0,
            budget_at: Instant::now(),
            told_rate: false,
            rights,
            session,
            stream: Some(stream),
            supervisor,
            clock,
            outbox,
            last_heard: Instant::now(),
            screen: None,
            staff: false,
            staff_checked: Instant::now(),
        }
    }

    /// The identity the session's token proves now, if any.
    fn identity(&self) -> Option<crate::auth::Identity> {
        let now = self.clock.now() / 1000;
        self.rights
            .token
            .as_deref()
            .and_then(|t| self.rights.auth.verify(t, now).ok())
    }

    /// Takes the session's (new) token into account: which change frames it gets, and
    /// whether it is a paired screen (joining its screen's sessions and told what to show).
    fn identify(&mut self, ctx: &mut Context<Self>) {
        let who = self.identity();
        self.staff = who
            .as_ref()
            .is_some_and(|w| w.role >= crate::auth::Role::Floor);
        self.staff_checked = Instant::now();
        let screen = who.filter(|w| w.screen).map(|w| w.id);
        let Some(me) = self.id else { return };
        if let Some(old) = self.screen.take() {
            self.rights.screens.leave(old, me);
        }
        if let Some(id) = screen {
            self.screen = Some(id);
            self.rights
                .screens
                .join(id, me, ctx.address().recipient::<Deliver>());
            if let Some(s) = self.rights.auth.screen(id) {
                let view = crate::routes::screens::ScreenView::from(&s);
                let frame = ServerFrame::Screen { screen: &view }.encode();
                self.write(ctx, frame, false);
            }
        }
    }

    /// Writes one text frame (and optionally a ping before it), blocking the session's
    /// mailbox until the connection takes it: frames stay in order and a client that
    /// stops reading backs up into the mailbox, where the tournament sees it full.
    fn write(&mut self, ctx: &mut Context<Self>, text: ByteString, ping: bool) {
        let mut session = self.session.clone();
        let send = async move {
            if ping {
                session.ping(b"felt").await?;
            }
            session.text(text).await
        };
        ctx.wait(
            async move { tokio::time::timeout(WRITE_TIMEOUT, send).await }
                .into_actor(self)
                .map(|written, _, ctx| {
                    if !matches!(written, Ok(Ok(()))) {
                        ctx.stop();
                    }
                }),
        );
    }

    fn close(&mut self, ctx: &mut Context<Self>, code: CloseCode, reason: &str) {
        let session = self.session.clone();
        let reason = CloseReason {
            code,
            description: Some(reason.to_string()),
        };
        ctx.wait(
            async move { tokio::time::timeout(WRITE_TIMEOUT, session.close(Some(reason))).await }
                .into_actor(self)
                .map(|_, _, ctx| ctx.stop()),
        );
    }

    /// Spends one frame of the budget; `false` when the client sends too fast.
    fn within_rate(&mut self) -> bool {
        let rate = f64::from(self.rights.frames_per_sec.max(1));
        let now = Instant::now();
        let refill = now.duration_since(self.budget_at).as_secs_f64() * rate;
        self.budget = (self.budget + refill).min(rate * 2.0);
        self.budget_at = now;
        if self.budget < 1.0 {
            return false;
        }
        self.budget -= 1.0;
        true
    }

    fn refuse(&mut self, ctx: &mut Context<Self>, e: &ApiError) {
        let body = e.body().error;
        self.write(ctx, ServerFrame::error(&body.code, body.message), false);
    }

    fn on_text(&mut self, ctx: &mut Context<Self>, text: &str) {
        let Some(me) = self.id else {
            return;
        };
        if !self.within_rate() {
            // Dropped, with one word per burst. (Closing would reset the connection under
            // the client's unread frames, and the reason would be lost.)
            if !self.told_rate {
                self.told_rate = true;
                let e = ServerFrame::error(
                    "rate_limited",
                    "too many frames: these are ignored; slow down",
                );
                self.write(ctx, e, false);
            }
            return;
        }
        self.told_rate = false;
        if crate::limits::json_depth(text.as_bytes()) > self.rights.max_json_depth {
            let reply = ServerFrame::error(
                "json_too_deep",
                format!(
                    "JSON nested deeper than {} levels is refused",
                    self.rights.max_json_depth
                ),
            );
            self.write(ctx, reply, false);
            return;
        }
        let frame = match serde_json::from_str::<ClientFrame>(text) {
            Ok(frame) => frame,
            Err(e) => {
                let reply =
                    ServerFrame::error("invalid_frame", format!("cannot read this frame: {e}"));
                self.write(ctx, reply, false);
                return;
            }
        };
        // The same rule as the same request over HTTP, with the token as it stands now.
        let now = self.clock.now() / 1000;
        let checked = self
            .rights
            .token
            .as_deref()
            .map(|t| self.rights.auth.verify(t, now));
        let who = checked.as_ref().and_then(|c| c.as_ref().ok()).cloned();
        if let ClientFrame::Auth { token } = &frame {
            match self.rights.auth.verify(token, now) {
                Ok(who) => {
                    self.rights.token = Some(token.clone());
                    let reply = ServerFrame::Authenticated {
                        name: &who.name,
                        role: who.role.as_str(),
                        expires_at: who.exp,
                    }
                    .encode();
                    self.write(ctx, reply, false);
                }
                Err(e) => {
                    self.rights.token = None;
                    self.refuse(ctx, &e.into());
                }
            }
            self.identify(ctx);
            return;
        }
        if let Err(mut e) = allow(frame_access(&frame), who.as_ref(), self.rights.public) {
            if let Some(Err(token_error)) = checked {
                e = token_error.into();
            }
            self.refuse(ctx, &e);
            return;
        }
        match frame {
            ClientFrame::Auth { .. } => {}
            ClientFrame::Clock {
                tournament,
                command,
            } => {
                let Some(who) = who else { return };
                let supervisor = self.supervisor.clone();
                let run = async move {
                    crate::routes::tournaments::run(&supervisor, &who, tournament, command.into())
                        .await
                };
                ctx.spawn(
                    run.into_actor(self)
                        .map(move |answer, act, ctx| match answer {
                            Ok(done) => {
                                let reply = ServerFrame::Done {
                                    tournament,
                                    seq: done.seq,
                                }
                                .encode();
                                act.write(ctx, reply, false);
                            }
                            Err(e) => act.refuse(ctx, &e),
                        }),
                );
            }
            ClientFrame::Subscribe { tournament } => {
                let ask = self.supervisor.send(Subscribe {
                    subscriber: me,
                    tournament,
                });
                ctx.spawn(ask.into_actor(self).map(|answer, act, ctx| {
                    let refused = match answer {
                        Ok(Ok(())) => return,
                        Ok(Err(e)) => crate::errors::ApiError::from(e),
                        Err(e) => crate::errors::ApiError::from(felt_actors::ActorError::from(e)),
                    };
                    let body = refused.body().error;
                    act.write(ctx, ServerFrame::error(&body.code, body.message), false);
                }));
            }
            ClientFrame::Unsubscribe { tournament } => self.supervisor.do_send(Unsubscribe {
                subscriber: me,
                tournament,
            }),
            ClientFrame::SubscribeVenue {} | ClientFrame::UnsubscribeVenue {} => {
                self.supervisor.do_send(FollowVenue {
                    subscriber: me,
                    follow: frame == ClientFrame::SubscribeVenue {},
                })
            }
        }
    }
}

impl Actor for WsSession {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        ctx.set_mailbox_capacity(self.outbox);
        let connect = self.supervisor.send(Connect {
            to: ctx.address().recipient::<Deliver>(),
        });
        // Register before reading anything the client sends.
        ctx.wait(
            connect
                .into_actor(self)
                .map(|answer, act, ctx| match answer {
                    Ok(Ok(id)) => {
                        act.id = Some(id);
                        act.identify(ctx);
                        if let Some(stream) = act.stream.take() {
                            ctx.add_stream(stream);
                        }
                    }
                    _ => act.close(ctx, CloseCode::Again, "too many connections"),
                }),
        );
        ctx.run_interval(HEARTBEAT_INTERVAL, |act, ctx| {
            if act.last_heard.elapsed() > CLIENT_TIMEOUT {
                tracing::debug!(session = ?act.id, "websocket client timed out");
                ctx.stop();
                return;
            }
            let beat = ServerFrame::Heartbeat {
                server_time: act.clock.now(),
            }
            .encode();
            act.write(ctx, beat, true);
        });
    }

    fn stopped(&mut self, _: &mut Self::Context) {
        if let (Some(screen), Some(me)) = (self.screen.take(), self.id) {
            self.rights.screens.leave(screen, me);
        }
        if let Some(id) = self.id.take() {
            self.supervisor.do_send(Disconnect { subscriber: id });
        }
    }
}

impl Handler<Deliver> for WsSession {
    type Result = ();

    fn handle(&mut self, msg: Deliver, ctx: &mut Self::Context) {
        match msg {
            Deliver::Frame(text) => self.write(ctx, text, false),
            Deliver::Split { staff, public } => {
                if self.staff && self.staff_checked.elapsed() > RECHECK_STAFF {
                    // A floor login that was revoked or expired stops seeing names.
                    self.staff = self
                        .identity()
                        .is_some_and(|w| w.role >= crate::auth::Role::Floor);
                    self.staff_checked = Instant::now();
                }
                self.write(ctx, if self.staff { staff } else { public }, false);
            }
            Deliver::Close { reason } => self.close(ctx, CloseCode::Away, reason),
        }
    }
}

impl StreamHandler<Result<Message, ProtocolError>> for WsSession {
    fn handle(&mut self, msg: Result<Message, ProtocolError>, ctx: &mut Self::Context) {
        self.last_heard = Instant::now();
        match msg {
            Ok(Message::Text(text)) => self.on_text(ctx, &text),
            Ok(Message::Ping(bytes)) => {
                let mut session = self.session.clone();
                ctx.spawn(
                    async move {
                        let _ = session.pong(&bytes).await;
                    }
                    .into_actor(self),
                );
            }
            Ok(Message::Pong(_)) | Ok(Message::Nop) => {}
            Ok(Message::Binary(_)) | Ok(Message::Continuation(_)) => {
                let reply = ServerFrame::error("invalid_frame", "frames are JSON text");
                self.write(ctx, reply, false);
            }
            // Answer a close with a close, as the protocol asks.
            Ok(Message::Close(reason)) => {
                let session = self.session.clone();
                ctx.wait(
                    async move { tokio::time::timeout(WRITE_TIMEOUT, session.close(reason)).await }
                        .into_actor(self)
                        .map(|_, _, ctx| ctx.stop()),
                );
            }
            Err(e) => {
                tracing::debug!(session = ?self.id, error = %e, "websocket protocol error");
                self.close(ctx, CloseCode::Protocol, "protocol error");
            }
        }
    }

    fn finished(&mut self, ctx: &mut Self::Context) {
        ctx.stop();
    }
}
