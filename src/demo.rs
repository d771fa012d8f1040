//! `--demo`: a sample tournament with a running clock, created only when the server has
//! no tournament at all, so a first start shows something live.

use felt_actors::supervisor::messages::{Create, List, Lookup};
use felt_actors::tournament::messages::Execute;
use felt_actors::{ActorError, Supervisor};
use felt_domain::structure::template;
use felt_domain::{Command, NewTournament, Operator, TournamentId};

/// Creates and starts the demo tournament if there is no tournament; returns the id of
/// the tournament to show (the demo, or the first one there is).
pub async fn ensure(
    supervisor: &actix::Addr<Supervisor>,
) -> Result<Option<TournamentId>, ActorError> {
    let existing = supervisor.send(List).await?;
    if let Some(first) = existing.first() {
        return Ok(Some(first.id));
    }
    let t = template("regular")
        .ok_or_else(|| ActorError::Unavailable("no built-in structure".into()))?;
    let id = TournamentId(uuid::Uuid::new_v4());
    let by = Operator("demo".into());
    supervisor
        .send(Create {
            new: NewTournament {
                id,
                name: "Demo Deep Stack".into(),
                structure: t.structure,
                starting_stack: t.starting_stack,
                scheduled_start: None,
                auto_start: false,
                entry_settings: Default::default(),
            },
            by: by.clone(),
        })
        .await??;
    let actor = supervisor.send(Lookup(id)).await??;
    actor
        .send(Execute {
            command: Command::StartClock,
            by,
        })
        .await??;
    tracing::info!(tournament = %id, "created the demo tournament");
    Ok(Some(id))
}
