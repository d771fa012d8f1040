//! `--demo`: a tournament in progress, created only when the server has no tournament at
//! all, so a first start shows something live: three dozen players seated at five of the
//! room's tables, re-entries, busts with places (a table broken), a prize pool, and a
//! clock running a few levels in.

use felt_actors::store::messages::AddPlayer;
use felt_actors::store::venue::tables::{AddTable, AssignTables, TablePick};
use felt_actors::supervisor::messages::{Create, List, Lookup};
use felt_actors::tournament::messages::Execute;
use felt_actors::{ActorError, Store, Supervisor, TournamentActor};
use felt_domain::entries::{EntryCommand, EntryId, EntrySettings, LateReg, Price};
use felt_domain::money::Money;
use felt_domain::players::{Player, PlayerId};
use felt_domain::seating::TableSpec;
use felt_domain::structure::{template, Chips};
use felt_domain::tournament::SeatCommand;
use felt_domain::{Command, NewTournament, Operator, Timestamp, TournamentId};

const NAMES: &[&str] = &[
    "Ana Silva",
    "Ben Okafor",
    "Chloe Martin",
    "Dmitri Volkov",
    "Elena Rossi",
    "Farid Haddad",
    "Grace Kim",
    "Hugo Lefebvre",
    "Ines Duarte",
    "Jonas Berg",
    "Kavya Rao",
    "Liam O'Brien",
    "Maya Cohen",
    "Nico Costa",
    "Olga Petrova",
    "Pablo Ruiz",
    "Quinn Taylor",
    "Rosa Mendes",
    "Sam Carter",
    "Tara Singh",
    "Umar Aziz",
    "Vera Novak",
    "Will Turner",
    "Xu Ming",
    "Yara Nasser",
    "Zoe Laurent",
    "Arjun Mehta",
    "Bea Schmidt",
    "Carl Jensen",
    "Dana White",
    "Emil Horvat",
    "Fay Morgan",
    "Gus Lindqvist",
    "Hana Sato",
    "Ivan Petrov",
    "Jade Moreau",
];

/// Creates the demo tournament if there is no tournament; returns the id of the
/// tournament to show (the demo, or the first one there is).
pub async fn ensure(
    supervisor: &actix::Addr<Supervisor>,
    store: &actix::Addr<Store>,
    now: Timestamp,
) -> Result<Option<TournamentId>, ActorError> {
    let existing = supervisor.send(List).await?;
    if let Some(first) = existing.first() {
        return Ok(Some(first.id));
    }
    let t = template("regular")
        .ok_or_else(|| ActorError::Unavailable("no built-in structure".into()))?;
    let id = TournamentId(uuid::Uuid::new_v4());
    let by = Operator("demo".into());
    let settings = EntrySettings {
        buy_in: Price {
            prize: Money(20_000),
            fee: Money(2_500),
            extras: vec![("dealer appreciation".into(), Money(500))],
            bounty: Money::ZERO,
        },
        max_reentries_per_player: 1,
        late_reg: LateReg::EndOfLevel(6),
        ..EntrySettings::default()
    };
    supervisor
        .send(Create {
            new: NewTournament {
                id,
                name: "Demo Deep Stack".into(),
                structure: t.structure,
                starting_stack: Chips(30_000),
                scheduled_start: None,
                auto_start: false,
                entry_settings: settings,
                payouts: Default::default(),
            },
            by: by.clone(),
        })
        .await??;
    let actor = supervisor.send(Lookup(id)).await??;
    let run = |command: Command| {
        let actor: actix::Addr<TournamentActor> = actor.clone();
        let by = by.clone();
        async move { actor.send(Execute { command, by }).await? }
    };
    // The room: eight 9-handed tables (table 1 the feature table); the demo holds five.
    for number in 1..=8u32 {
        let spec = TableSpec {
            feature: number == 1,
            zone: Some(if number <= 4 { "Main room" } else { "Terrace" }.into()),
            ..TableSpec::new(number, 9)
        };
        // Already there from an earlier demo: keep it.
        let _ = store.send(AddTable { spec, at: now }).await?;
    }
    let held = store
        .send(AssignTables {
            tournament: id,
            pick: TablePick::Count(5),
            at: now,
            by: by.clone(),
        })
        .await?
        .map_err(|e| ActorError::Unavailable(e.to_string()))?;
    run(Command::Seat(SeatCommand::OpenTables {
        tables: held.into_iter().map(|t| t.spec).collect(),
    }))
    .await?;
    let mut players = Vec::new();
    for name in NAMES {
        let player = Player {
            id: PlayerId(uuid::Uuid::new_v4()),
            name: (*name).to_string(),
            nickname: None,
            member_id: None,
            phone: None,
            email: None,
        };
        store
            .send(AddPlayer {
                player: player.clone(),
                at: now,
                by: by.clone(),
            })
            .await??;
        run(Command::Entry(EntryCommand::Register { player: player.id })).await?;
        players.push(player.id);
    }
    run(Command::StartClock).await?;
    run(Command::JumpToLevel { level: 3 }).await?;
    // A few busts, one of them a double, and two re-entries.
    let bust = |busted: Vec<(u32, u64)>, by: u32| {
        let busted: Vec<(EntryId, Chips)> = busted
            .into_iter()
            .map(|(e, s)| (EntryId(e), Chips(s)))
            .collect();
        Command::Entry(EntryCommand::bust_by(&busted, &[EntryId(by)]))
    };
    run(bust(vec![(7, 4_000)], 3)).await?;
    run(bust(vec![(12, 2_500), (19, 6_000)], 21)).await?;
    run(Command::Entry(EntryCommand::Reenter { player: players[6] })).await?;
    run(bust(vec![(30, 1_000)], 8)).await?;
    run(Command::Entry(EntryCommand::Reenter {
        player: players[11],
    }))
    .await?;
    run(bust(vec![(25, 3_500)], 2)).await?;
    tracing::info!(tournament = %id, "created the demo tournament");
    Ok(Some(id))
}
