//! The persistence actor: the only owner of the LibSQL connection. It runs on its own
//! thread (the local backend blocks while it syncs) and makes appends durable with group
//! commit: everything that arrived while the previous commit was syncing goes into the
//! next single transaction, so one fsync serves many commands.

mod db;
pub mod messages;
pub mod screens;
pub mod staff;
pub mod venue;

pub use db::{check_file, open, MIGRATIONS};
use messages::*;

use crate::error::StoreError;
use actix::prelude::*;
use felt_domain::players::Player;
use libsql::Connection;
use std::future::Future;
use tokio::sync::oneshot;

/// Automatic backups: a copy every `every` into `dir`, keeping the newest `keep`.
#[derive(Debug, Clone)]
pub struct BackupPlan {
    pub every: std::time::Duration,
    pub dir: std::path::PathBuf,
    pub keep: usize,
}

pub struct Store {
    conn: Option<Connection>,
    backups: Option<BackupPlan>,
    /// Appends waiting for the next commit, each with the caller to answer.
    pending: Vec<(Batch, oneshot::Sender<Result<(), StoreError>>)>,
    flush_scheduled: bool,
    stats: CommitStats,
}

impl Store {
    /// Starts the actor on a thread of its own around an open connection.
    pub fn start(conn: Connection) -> Addr<Store> {
        Store::start_with_backups(conn, None)
    }

    /// Starts the actor, taking automatic backups by `plan` if one is given.
    pub fn start_with_backups(conn: Connection, plan: Option<BackupPlan>) -> Addr<Store> {
        let arbiter = Arbiter::new();
        Store::start_in_arbiter(&arbiter.handle(), move |_| Store {
            conn: Some(conn),
            backups: plan,
            pending: Vec::new(),
            flush_scheduled: false,
            stats: CommitStats::default(),
        })
    }

    /// Runs `work` on the connection, blocking the mailbox until it is done: the store
    /// does one database operation at a time, in arrival order.
    fn with_conn<T, F, Fut>(&mut self, work: F) -> AtomicResponse<Self, Result<T, StoreError>>
    where
        T: 'static,
        F: FnOnce(Connection) -> Fut,
        Fut: Future<Output = Result<T, StoreError>> + 'static,
    {
        let fut: std::pin::Pin<Box<dyn Future<Output = Result<T, StoreError>>>> = match &self.conn {
            Some(conn) => Box::pin(work(conn.clone())),
            None => Box::pin(async { Err(StoreError::Closed) }),
        };
        AtomicResponse::new(Box::pin(fut.into_actor(self)))
    }
}

impl Actor for Store {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        // Tournament actors wait on their own appends; never refuse one for room.
        ctx.set_mailbox_capacity(crate::BIG_MAILBOX);
        if let Some(plan) = self.backups.clone() {
            ctx.run_interval(plan.every, |_, ctx| ctx.notify(BackupNow));
        }
    }
}

/// Sent by the store to itself after taking an append: commit everything pending. It is
/// handled after the messages already in the mailbox, which is what groups them.
#[derive(Message)]
#[rtype(result = "()")]
struct Flush;

impl Handler<Append> for Store {
    type Result = ResponseFuture<Result<(), StoreError>>;

    fn handle(&mut self, msg: Append, ctx: &mut Self::Context) -> Self::Result {
        let (tx, rx) = oneshot::channel();
        self.pending.push((msg.0, tx));
        if !self.flush_scheduled {
            self.flush_scheduled = true;
            ctx.notify(Flush);
        }
        Box::pin(async move { rx.await.unwrap_or(Err(StoreError::Closed)) })
    }
}

impl Handler<Flush> for Store {
    type Result = ();

    fn handle(&mut self, _: Flush, ctx: &mut Self::Context) {
        self.flush(ctx);
    }
}

impl Store {
    /// Commits everything pending in one transaction, blocking the mailbox meanwhile;
    /// what arrives during the commit waits for the next one.
    fn flush(&mut self, ctx: &mut Context<Self>) {
        let commit = self.take_commit();
        ctx.wait(commit.into_actor(self).map(|(), act, ctx| {
            act.flush_scheduled = false;
            if !act.pending.is_empty() {
                act.flush_scheduled = true;
                ctx.notify(Flush);
            }
        }));
    }

    /// Takes the pending appends and returns the commit that answers them.
    fn take_commit(&mut self) -> impl Future<Output = ()> + 'static {
        let group = std::mem::take(&mut self.pending);
        let conn = self.conn.clone();
        if !group.is_empty() && conn.is_some() {
            self.stats.commits += 1;
            self.stats.appends += group.len() as u64;
        }
        async move {
            let Some(conn) = conn else {
                for (_, tx) in group {
                    let _ = tx.send(Err(StoreError::Closed));
                }
                return;
            };
            if group.is_empty() {
                return;
            }
            let batches: Vec<Batch> = group.iter().map(|(b, _)| b.clone()).collect();
            match db::append(&conn, &batches).await {
                Ok(()) => {
                    for (_, tx) in group {
                        let _ = tx.send(Ok(()));
                    }
                }
                // One bad batch must not fail the others: retry each on its own.
                Err(e) if group.len() > 1 => {
                    tracing::warn!(error = %e, size = group.len(), "group commit failed, committing one by one");
                    for (batch, tx) in group {
                        let result = db::append(&conn, std::slice::from_ref(&batch)).await;
                        let _ = tx.send(result);
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "append failed");
                    for (_, tx) in group {
                        let _ = tx.send(Err(e.clone()));
                    }
                }
            }
        }
    }
}

impl Handler<SaveSnapshot> for Store {
    type Result = AtomicResponse<Self, Result<(), StoreError>>;

    fn handle(&mut self, msg: SaveSnapshot, _: &mut Self::Context) -> Self::Result {
        self.with_conn(
            move |conn| async move { db::save_snapshot(&conn, &msg.state, msg.at).await },
        )
    }
}

impl Handler<Load> for Store {
    type Result = AtomicResponse<Self, Result<Option<felt_domain::Tournament>, StoreError>>;

    fn handle(&mut self, msg: Load, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { db::load(&conn, msg.0).await })
    }
}

impl Handler<GetEvents> for Store {
    type Result = AtomicResponse<Self, Result<Vec<felt_domain::Recorded>, StoreError>>;

    fn handle(&mut self, msg: GetEvents, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move {
            db::events(&conn, msg.tournament, msg.after, msg.limit).await
        })
    }
}

impl Handler<AddPlayer> for Store {
    type Result = AtomicResponse<Self, Result<Vec<Player>, StoreError>>;

    fn handle(&mut self, msg: AddPlayer, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move {
            let similar = db::look_alikes(&conn, &msg.player).await?;
            db::add_player(&conn, &msg.player, msg.at, &msg.by).await?;
            Ok(similar)
        })
    }
}

impl Handler<SearchPlayers> for Store {
    type Result = AtomicResponse<Self, Result<Vec<Player>, StoreError>>;

    fn handle(&mut self, msg: SearchPlayers, _: &mut Self::Context) -> Self::Result {
        self.with_conn(
            move |conn| async move { db::search_players(&conn, &msg.part, msg.limit).await },
        )
    }
}

impl Handler<GetPlayerNames> for Store {
    type Result = AtomicResponse<
        Self,
        Result<std::collections::HashMap<felt_domain::players::PlayerId, String>, StoreError>,
    >;

    fn handle(&mut self, msg: GetPlayerNames, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { db::player_names(&conn, &msg.0).await })
    }
}

impl Handler<GetPlayer> for Store {
    type Result = AtomicResponse<Self, Result<Option<Player>, StoreError>>;

    fn handle(&mut self, msg: GetPlayer, _: &mut Self::Context) -> Self::Result {
        self.with_conn(move |conn| async move { db::get_player(&conn, msg.0).await })
    }
}

impl Handler<GetUnfinished> for Store {
    type Result = AtomicResponse<Self, Result<Vec<felt_domain::TournamentId>, StoreError>>;

    fn handle(&mut self, _: GetUnfinished, _: &mut Self::Context) -> Self::Result {
        self.with_conn(|conn| async move { db::unfinished(&conn).await })
    }
}

impl Handler<Ping> for Store {
    type Result = AtomicResponse<Self, Result<(), StoreError>>;

    fn handle(&mut self, _: Ping, _: &mut Self::Context) -> Self::Result {
        self.with_conn(|conn| async move { db::ping(&conn).await })
    }
}

impl Handler<Close> for Store {
    /// Answered once the database is closed, so shutdown can wait for it.
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: Close, _: &mut Self::Context) -> Self::Result {
        // Commit what is pending, checkpoint, then close, as one step: nothing can slip
        // between.
        let commit = self.take_commit();
        let conn = self.conn.clone();
        let finish = async move {
            commit.await;
            if let Some(conn) = conn {
                if let Err(e) = db::checkpoint(&conn).await {
                    tracing::warn!(error = %e, "checkpoint at close failed; the WAL file holds the rest");
                }
            }
        };
        AtomicResponse::new(Box::pin(finish.into_actor(self).map(|(), act, ctx| {
            tracing::info!(
                commits = act.stats.commits,
                appends = act.stats.appends,
                "closing the database"
            );
            act.conn = None;
            ctx.stop();
            Arbiter::current().stop();
        })))
    }
}

/// Sent by the store's own timer: take an automatic backup and prune old ones.
#[derive(Message)]
#[rtype(result = "()")]
struct BackupNow;

impl Handler<BackupNow> for Store {
    type Result = ();

    fn handle(&mut self, _: BackupNow, ctx: &mut Self::Context) {
        let (Some(plan), Some(conn)) = (self.backups.clone(), self.conn.clone()) else {
            return;
        };
        let work = async move {
            if let Err(e) = std::fs::create_dir_all(&plan.dir) {
                tracing::error!(dir = %plan.dir.display(), error = %e, "cannot create the backup folder");
                return;
            }
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_millis();
            let target = plan.dir.join(format!("felt-{stamp:015}.db"));
            match db::backup_into(&conn, &target).await {
                Ok(()) => tracing::info!(file = %target.display(), "automatic backup"),
                Err(e) => {
                    tracing::error!(file = %target.display(), error = %e, "automatic backup failed")
                }
            }
            prune_backups(&plan.dir, plan.keep);
        };
        ctx.wait(work.into_actor(self));
    }
}

/// Deletes the oldest automatic backups beyond the newest `keep`.
fn prune_backups(dir: &std::path::Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("felt-") && n.ends_with(".db"))
        })
        .collect();
    files.sort();
    let excess = files.len().saturating_sub(keep);
    for old in &files[..excess] {
        if let Err(e) = std::fs::remove_file(old) {
            tracing::warn!(file = %old.display(), error = %e, "cannot delete an old backup");
        }
    }
}

impl Handler<GetCommitStats> for Store {
    type Result = MessageResult<GetCommitStats>;

    fn handle(&mut self, _: GetCommitStats, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.stats)
    }
}

/// A consistent copy of the database at `target` (for `felt backup`, while a server may
/// be running on the same file).
pub async fn backup_file(
    live: &std::path::Path,
    target: &std::path::Path,
) -> Result<(), StoreError> {
    if !live.is_file() {
        return Err(StoreError::Db(format!("no database at {}", live.display())));
    }
    let db = libsql::Builder::new_local(live).build().await?;
    let conn = db.connect()?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    db::backup_into(&conn, target).await
}

#[cfg(test)]
mod tests;
