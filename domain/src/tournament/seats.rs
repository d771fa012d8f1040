//! The tournament's seating: the seating engine (`crate::seating`) wired to the entries.
//! A new entry draws a seat; a bust frees one, then the break rules run (a table breaks as
//! soon as the others hold everyone, the final table forms when the field fits it), and
//! balancing moves are proposed for the floor to confirm, or made at once when the house
//! says so. Every draw uses the command's seed, recorded in its event, so a replay makes
//! the same draw without the seed being guessed beforehand.

use super::Tournament;
use crate::entries::{EntryEvent, EntryId};
use crate::error::DomainError;
use crate::seating::{
    BalanceSettings, BreakOrder, Buttons, HandForHand, HandForHandSettings, Move, MoveReason, Plan,
    PlayerId, SeatNo, SeatRef, Seating, SeatingError, Step, TableId, TableSpec,
};
use serde::{Deserialize, Serialize};

/// How many recent moves are kept for the floor and the TV to announce.
const ANNOUNCED: usize = 60;
/// A player moved among the last this many moves is not moved again when another can go.
const RECENT: usize = 20;

/// The house's seating settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SeatSettings {
    pub balance: BalanceSettings,
    /// Make balancing moves at once instead of waiting for the floor to confirm them.
    pub automatic: bool,
    pub break_order: BreakOrder,
    pub hand_for_hand: HandForHandSettings,
}

/// Who sits where, and what the floor needs to balance the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seats {
    pub seating: Seating,
    pub settings: SeatSettings,
    pub buttons: Buttons,
    /// The players moved lately, last last.
    pub recent: Vec<PlayerId>,
    /// The moves, breaks and redraws to announce, last last.
    pub announced: Vec<Move>,
    /// Hand-for-hand play near the bubble, when the floor has called it.
    #[serde(default)]
    pub hand_for_hand: Option<HandForHand>,
    /// Hand-for-hand hands begun in this tournament, over every call of hand-for-hand:
    /// the current one's number tells its busts from any other hand's.
    #[serde(default)]
    pub hands_begun: u32,
}

/// What the floor asks of the seating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SeatCommand {
    /// Tables given to this tournament from the venue's pool.
    OpenTables {
        tables: Vec<TableSpec>,
    },
    /// An empty table goes back to the venue's pool.
    CloseTable {
        table: TableId,
    },
    /// Seat every entry in play without a seat (the starting draw).
    DrawSeats,
    /// A player to a given open seat.
    MovePlayer {
        entry: EntryId,
        to: SeatRef,
    },
    SwapPlayers {
        a: EntryId,
        b: EntryId,
    },
    /// Make the first balancing move proposed from `from`; `entry` names who goes when
    /// the engine cannot (the table's button is unknown) or overrides its choice.
    ConfirmMove {
        from: TableId,
        entry: Option<EntryId>,
    },
    /// The button at a table, for the engine to name who moves and to which seat.
    SetButton {
        table: TableId,
        seat: SeatNo,
    },
    ChangeSettings {
        settings: SeatSettings,
    },
    /// Hand-for-hand from the next hand (RP-8).
    StartHandForHand,
    StopHandForHand,
    /// A table finished the current hand-for-hand hand; when every table has, the next
    /// hand starts and the clock loses the house's minutes per hand.
    HandDone {
        table: TableId,
    },
}

/// What happened to the seating. Events carry their outcome (seats drawn, moves made), so
/// applying one never draws again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SeatEvent {
    TablesOpened {
        tables: Vec<TableSpec>,
    },
    TableClosed {
        table: TableId,
    },
    /// Entries drawn seats with `seed` (one for a new entry, many for the starting draw).
    Seated {
        seats: Vec<(EntryId, SeatRef)>,
        seed: u64,
    },
    /// An entry left its seat (busted, unregistered).
    Unseated {
        entry: EntryId,
        seat: SeatRef,
    },
    /// Moves made by hand or confirmed by the floor.
    Moved {
        moves: Vec<Move>,
    },
    Swapped {
        a: EntryId,
        b: EntryId,
    },
    /// A table broke (Rule 10-B): its players drawn into open seats with `seed`.
    TableBroken {
        table: TableId,
        moves: Vec<Move>,
        seed: u64,
    },
    /// The final table: every seat redrawn at `host` with `seed`; the others released.
    FinalTableDrawn {
        host: TableId,
        moves: Vec<Move>,
        seed: u64,
    },
    ButtonSet {
        table: TableId,
        seat: SeatNo,
    },
    SettingsChanged {
        settings: SeatSettings,
    },
    HandForHandStarted {},
    HandForHandStopped {},
    /// `table` finished hand `hand`.
    HandReported {
        table: TableId,
        hand: u32,
    },
    /// Every table finished hand `hand`; the next starts. The clock event that takes the
    /// time off follows it.
    HandCompleted {
        hand: u32,
    },
}

impl SeatEvent {
    /// The seed a draw recorded, to make the same draw again on replay.
    pub fn seed(&self) -> Option<u64> {
        match self {
            SeatEvent::Seated { seed, .. }
            | SeatEvent::TableBroken { seed, .. }
            | SeatEvent::FinalTableDrawn { seed, .. } => Some(*seed),
            _ => None,
        }
    }
}

fn player(entry: EntryId) -> PlayerId {
    PlayerId(u64::from(entry.0))
}

/// The entry a seating player stands for (the seating knows entries by number).
pub fn entry_of(player: PlayerId) -> EntryId {
    EntryId(u32::try_from(player.0).unwrap_or(u32::MAX))
}

/// The entries an entry event seats (new, revived) and unseats (busted, unregistered).
fn joins_and_leaves(change: &EntryEvent) -> (Vec<EntryId>, Vec<EntryId>) {
    match change {
        EntryEvent::Registered { entry, .. } | EntryEvent::Revived { entry, .. } => {
            (vec![*entry], vec![])
        }
        EntryEvent::Unregistered { entry, .. } => (vec![], vec![*entry]),
        EntryEvent::Busted { busted, .. } => (vec![], busted.iter().map(|b| b.entry).collect()),
        _ => (vec![], vec![]),
    }
}

fn refused(e: SeatingError) -> DomainError {
    DomainError::Seating(e)
}

impl Seats {
    fn new(settings: SeatSettings) -> Result<Seats, DomainError> {
        settings.balance.validate().map_err(refused)?;
        Ok(Seats {
            seating: Seating::new(Vec::new(), settings.break_order.clone()).map_err(refused)?,
            settings,
            buttons: Buttons::new(),
            recent: Vec::new(),
            announced: Vec::new(),
            hand_for_hand: None,
            hands_begun: 0,
        })
    }

    /// The hand-for-hand hand being played (see `hands_begun`), when hand-for-hand is on.
    pub fn current_hand(&self) -> Option<u32> {
        self.hand_for_hand.as_ref().map(|_| self.hands_begun)
    }

    /// The tables still playing the current hand-for-hand hand (empty when it is off).
    pub fn hand_for_hand_waiting(&self) -> Vec<TableId> {
        match &self.hand_for_hand {
            Some(h) => h.waiting_for(&self.table_ids()),
            None => Vec::new(),
        }
    }

    fn table_ids(&self) -> Vec<TableId> {
        self.seating.tables().iter().map(|t| t.id()).collect()
    }

    /// The break step due, or the balancing moves, and the short-table warnings.
    pub fn plan(&self) -> Plan {
        self.seating
            .plan(&self.settings.balance, &self.buttons, &self.recent)
    }

    /// The seat of an entry, if it has one.
    pub fn seat_of(&self, e: EntryId) -> Option<SeatRef> {
        self.seating.seat_of(player(e))
    }

    /// Folds one event; events were checked when decided, so a failure here means the
    /// log and the engine disagree and the event is skipped rather than half applied.
    pub fn apply(&mut self, event: &SeatEvent) {
        let s = &mut self.seating;
        let done = match event {
            SeatEvent::TablesOpened { tables } => tables
                .iter()
                .try_for_each(|t| s.add_table(t.clone()))
                .map(|_| Vec::new()),
            SeatEvent::TableClosed { table } => {
                self.buttons.remove(table);
                s.remove_table(*table).map(|_| Vec::new())
            }
            SeatEvent::Seated { seats, .. } => seats
                .iter()
                .try_for_each(|(e, seat)| s.place(player(*e), *seat))
                .map(|_| Vec::new()),
            SeatEvent::Unseated { entry, .. } => s.remove(player(*entry)).map(|_| Vec::new()),
            SeatEvent::Moved { moves } => moves
                .iter()
                .try_for_each(|m| s.apply_move(m, None).map(|_| ()))
                .map(|_| moves.clone()),
            SeatEvent::Swapped { a, b } => s.swap(player(*a), player(*b)).map(|_| Vec::new()),
            SeatEvent::TableBroken { table, moves, .. } => {
                self.buttons.remove(table);
                s.apply_break(*table, moves.clone()).map(|b| b.moves)
            }
            SeatEvent::FinalTableDrawn { host, moves, .. } => {
                s.apply_final_table(*host, moves.clone()).map(|f| f.moves)
            }
            SeatEvent::ButtonSet { table, seat } => {
                self.buttons.insert(*table, *seat);
                Ok(Vec::new())
            }
            SeatEvent::SettingsChanged { settings } => {
                s.set_break_order(settings.break_order.clone());
                self.settings = settings.clone();
                Ok(Vec::new())
            }
            SeatEvent::HandForHandStarted {} => {
                self.hand_for_hand = Some(HandForHand::start());
                self.hands_begun += 1;
                Ok(Vec::new())
            }
            SeatEvent::HandForHandStopped {} => {
                self.hand_for_hand = None;
                Ok(Vec::new())
            }
            SeatEvent::HandReported { table, .. } => {
                let tables: Vec<TableId> = s.tables().iter().map(|t| t.id()).collect();
                if let Some(h) = &mut self.hand_for_hand {
                    // The last report completes the hand (`HandCompleted` follows it) and
                    // the next begins.
                    let done = h.hand_done(*table, &tables, 0, &self.settings.hand_for_hand);
                    if matches!(done, Ok(Some(_))) {
                        self.hands_begun += 1;
                    }
                }
                Ok(Vec::new())
            }
            SeatEvent::HandCompleted { .. } => Ok(Vec::new()),
        };
        for mv in done.unwrap_or_default() {
            if let Some(p) = mv.player {
                self.recent.push(p);
            }
            self.announced.push(mv);
        }
        trim(&mut self.recent, RECENT);
        trim(&mut self.announced, ANNOUNCED);
    }
}

fn trim<T>(list: &mut Vec<T>, keep: usize) {
    if list.len() > keep {
        list.drain(..list.len() - keep);
    }
}

/// The seed of a command's next draw: the command's own seed for its first draw (so the
/// first seeded event of a command records it, and a replay finds it there), then seeds
/// derived from it.
fn next_seed(seed: u64, drawn: &mut u64) -> u64 {
    let n = *drawn;
    *drawn += 1;
    if n == 0 {
        return seed;
    }
    // splitmix64: neighbouring inputs give unrelated seeds.
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Tournament {
    /// Folds a seating event (the first `tables_opened` creates the seating).
    pub(super) fn apply_seats(&mut self, change: &SeatEvent) {
        if self.seats.is_none() {
            self.seats = Seats::new(SeatSettings::default()).ok();
        }
        if let Some(seats) = &mut self.seats {
            seats.apply(change);
        }
    }

    /// Decides a seating command with `seed` for any draw it makes.
    pub(super) fn decide_seats(
        &self,
        command: &SeatCommand,
        seed: u64,
    ) -> Result<Vec<SeatEvent>, DomainError> {
        let fresh;
        let seats = match (&self.seats, command) {
            (Some(seats), _) => seats,
            (None, SeatCommand::OpenTables { .. } | SeatCommand::ChangeSettings { .. }) => {
                fresh = Seats::new(SeatSettings::default())?;
                &fresh
            }
            (None, _) => {
                return Err(refused(SeatingError::InvalidSetting(
                    "no tables are open for this tournament yet".into(),
                )))
            }
        };
        let mut sim = seats.clone();
        let mut events = Vec::new();
        let mut drawn = 0;
        let mut push = |sim: &mut Seats, event: SeatEvent| {
            sim.apply(&event);
            events.push(event);
        };
        match command {
            SeatCommand::OpenTables { tables } => {
                let mut check = sim.seating.clone();
                for t in tables {
                    check.add_table(t.clone()).map_err(refused)?;
                }
                if tables.is_empty() {
                    return Err(DomainError::InvalidValue("no tables given".into()));
                }
                push(
                    &mut sim,
                    SeatEvent::TablesOpened {
                        tables: tables.clone(),
                    },
                );
            }
            SeatCommand::CloseTable { table } => {
                sim.seating.clone().remove_table(*table).map_err(refused)?;
                push(&mut sim, SeatEvent::TableClosed { table: *table });
            }
            SeatCommand::DrawSeats => {
                let unseated: Vec<PlayerId> = self
                    .entries
                    .active()
                    .map(|e| player(e.id))
                    .filter(|p| sim.seating.seat_of(*p).is_none())
                    .collect();
                if unseated.is_empty() {
                    return Err(DomainError::InvalidValue(
                        "every entry in play already has a seat".into(),
                    ));
                }
                let seed = next_seed(seed, &mut drawn);
                let seats = sim.seating.draw_seats(&unseated, seed).map_err(refused)?;
                push(
                    &mut sim,
                    SeatEvent::Seated {
                        seats: seats.into_iter().map(|(p, s)| (entry_of(p), s)).collect(),
                        seed,
                    },
                );
            }
            SeatCommand::MovePlayer { entry: e, to } => {
                let from = sim
                    .seat_of(*e)
                    .ok_or(refused(SeatingError::NotSeated(player(*e))))?;
                sim.seating
                    .clone()
                    .move_player(player(*e), *to)
                    .map_err(refused)?;
                push(
                    &mut sim,
                    SeatEvent::Moved {
                        moves: vec![Move {
                            player: Some(player(*e)),
                            from: from.table,
                            from_seat: Some(from.seat),
                            to: *to,
                            reason: MoveReason::Balance,
                        }],
                    },
                );
            }
            SeatCommand::SwapPlayers { a, b } => {
                sim.seating
                    .clone()
                    .swap(player(*a), player(*b))
                    .map_err(refused)?;
                push(&mut sim, SeatEvent::Swapped { a: *a, b: *b });
            }
            SeatCommand::ConfirmMove { from, entry: named } => {
                let plan = sim.plan();
                let proposed = plan.moves.iter().find(|m| m.from == *from).ok_or_else(|| {
                    refused(SeatingError::MovesMismatch(format!(
                        "no move is proposed from {from} now"
                    )))
                })?;
                let who = named
                    .map(player)
                    .or(proposed.player)
                    .ok_or(refused(SeatingError::PlayerNotNamed))?;
                let at = sim
                    .seating
                    .seat_of(who)
                    .ok_or(refused(SeatingError::NotSeated(who)))?;
                let mv = Move {
                    player: Some(who),
                    from_seat: Some(at.seat),
                    ..*proposed
                };
                sim.seating.clone().apply_move(&mv, None).map_err(refused)?;
                push(&mut sim, SeatEvent::Moved { moves: vec![mv] });
            }
            SeatCommand::SetButton { table, seat } => {
                let t = sim
                    .seating
                    .table(*table)
                    .ok_or(refused(SeatingError::NoSuchTable(*table)))?;
                if !(1..=t.capacity()).contains(seat) {
                    return Err(refused(SeatingError::NoSuchSeat {
                        table: *table,
                        seat: *seat,
                    }));
                }
                push(
                    &mut sim,
                    SeatEvent::ButtonSet {
                        table: *table,
                        seat: *seat,
                    },
                );
            }
            SeatCommand::StartHandForHand => {
                if sim.hand_for_hand.is_some() {
                    return Err(DomainError::InvalidValue(
                        "hand-for-hand is already on".into(),
                    ));
                }
                push(&mut sim, SeatEvent::HandForHandStarted {});
            }
            SeatCommand::StopHandForHand => {
                if sim.hand_for_hand.is_none() {
                    return Err(refused(SeatingError::NotHandForHand));
                }
                push(&mut sim, SeatEvent::HandForHandStopped {});
            }
            SeatCommand::HandDone { table } => {
                let tables = sim.table_ids();
                let mut h = sim
                    .hand_for_hand
                    .clone()
                    .ok_or(refused(SeatingError::NotHandForHand))?;
                let hand = h.hand();
                let done = h
                    .hand_done(*table, &tables, 0, &sim.settings.hand_for_hand)
                    .map_err(refused)?;
                push(
                    &mut sim,
                    SeatEvent::HandReported {
                        table: *table,
                        hand,
                    },
                );
                if done.is_some() {
                    push(&mut sim, SeatEvent::HandCompleted { hand });
                }
            }
            SeatCommand::ChangeSettings { settings } => {
                settings.balance.validate().map_err(refused)?;
                settings.hand_for_hand.validate().map_err(refused)?;
                push(
                    &mut sim,
                    SeatEvent::SettingsChanged {
                        settings: settings.clone(),
                    },
                );
            }
        }
        Ok(events)
    }

    /// The seating events entry events bring: a seat for each new or revived entry, a
    /// freed seat for each that leaves, then the break rules and balancing.
    /// An entry that cannot be seated is refused (open another table first).
    pub(super) fn seat_entries(
        &self,
        changes: &[EntryEvent],
        seed: u64,
    ) -> Result<Vec<SeatEvent>, DomainError> {
        let Some(seats) = &self.seats else {
            return Ok(Vec::new());
        };
        if let Some(events) = self.seat_one_change(seats, changes, seed)? {
            return Ok(events);
        }
        let mut sim = seats.clone();
        let mut events = Vec::new();
        let mut drawn = 0;
        let mut left = false;
        for change in changes {
            let (joining, leaving) = joins_and_leaves(change);
            left |= !leaving.is_empty();
            for e in leaving {
                if let Some(seat) = sim.seat_of(e) {
                    let event = SeatEvent::Unseated { entry: e, seat };
                    sim.apply(&event);
                    events.push(event);
                }
            }
            for e in joining {
                let seed = next_seed(seed, &mut drawn);
                let seat = sim.seating.draw_seat(player(e), seed).map_err(refused)?;
                let event = SeatEvent::Seated {
                    seats: vec![(e, seat)],
                    seed,
                };
                sim.apply(&event);
                events.push(event);
            }
        }
        // Tables break and balance as players leave once play has begun; entries joining
        // just fill the tables evenly.
        if left && self.started {
            events.extend(follow_up(&mut sim, seed, &mut drawn));
        }
        Ok(events)
    }
}

impl Tournament {
    /// The common cases without copying the seating: one entry joining, or players
    /// leaving and what that calls for (nothing, one break, or the final table), planned
    /// on the live seating with the leavers' seats treated as empty. `None`: take the
    /// general path (several steps in a row, or automatic balancing moves).
    fn seat_one_change(
        &self,
        seats: &Seats,
        changes: &[EntryEvent],
        seed: u64,
    ) -> Result<Option<Vec<SeatEvent>>, DomainError> {
        let [change] = changes else {
            return Ok(None);
        };
        match joins_and_leaves(change) {
            (joining, _) if !joining.is_empty() => {
                let seats = joining
                    .iter()
                    .map(|e| {
                        let seat = seats.seating.draw_seat(player(*e), seed).map_err(refused)?;
                        Ok((*e, seat))
                    })
                    .collect::<Result<Vec<_>, DomainError>>()?;
                // One entry joins at a time; the first draw uses the command's seed.
                Ok((seats.len() == 1).then_some(vec![SeatEvent::Seated { seats, seed }]))
            }
            (_, leaving) if !leaving.is_empty() => {
                let mut events: Vec<SeatEvent> = leaving
                    .iter()
                    .filter_map(|e| {
                        let seat = seats.seat_of(*e)?;
                        Some(SeatEvent::Unseated { entry: *e, seat })
                    })
                    .collect();
                if !self.started || events.is_empty() {
                    return Ok(Some(events));
                }
                if seats.settings.automatic {
                    return Ok(None);
                }
                let gone: Vec<SeatRef> = events
                    .iter()
                    .filter_map(|e| match e {
                        SeatEvent::Unseated { seat, .. } => Some(*seat),
                        _ => None,
                    })
                    .collect();
                let s = &seats.seating;
                let balance = &seats.settings.balance;
                let after = s.player_count() - gone.len();
                // The first step uses the command's own seed, as in `follow_up`.
                let step = match s.next_step_with(balance, after) {
                    None => return Ok(Some(events)),
                    Some(Step::Break(table)) => {
                        if s.next_step_without(balance, after, Some(table)).is_some() {
                            return Ok(None);
                        }
                        match s.plan_break_leaving(table, seed, &gone) {
                            Ok(moves) => SeatEvent::TableBroken { table, moves, seed },
                            Err(_) => return Ok(None),
                        }
                    }
                    Some(Step::FinalTable { host }) => {
                        match s.plan_final_table_leaving(host, seed, &gone) {
                            Ok(moves) => SeatEvent::FinalTableDrawn { host, moves, seed },
                            Err(_) => return Ok(None),
                        }
                    }
                };
                events.push(step);
                Ok(Some(events))
            }
            _ => Ok(Some(Vec::new())),
        }
    }
}

/// After a change in the number of players: break tables and form the final table as the
/// rules call for, then make the balancing moves if the house makes them automatically.
fn follow_up(sim: &mut Seats, seed: u64, drawn: &mut u64) -> Vec<SeatEvent> {
    let mut events = Vec::new();
    // Each step removes a table, so this ends.
    while let Some(step) = sim.seating.next_step(&sim.settings.balance) {
        let seed = next_seed(seed, drawn);
        let event = match step {
            Step::Break(table) => match sim.seating.plan_break(table, seed) {
                Ok(moves) => SeatEvent::TableBroken { table, moves, seed },
                Err(_) => break,
            },
            Step::FinalTable { host } => match sim.seating.plan_final_table(host, seed) {
                Ok(moves) => SeatEvent::FinalTableDrawn { host, moves, seed },
                Err(_) => break,
            },
        };
        let tables = sim.seating.tables().len();
        sim.apply(&event);
        events.push(event);
        if sim.seating.tables().len() == tables {
            break;
        }
    }
    if sim.settings.automatic {
        let moves: Vec<Move> = sim
            .plan()
            .moves
            .into_iter()
            .filter(|m| m.player.is_some())
            .collect();
        if !moves.is_empty() {
            let event = SeatEvent::Moved { moves };
            let mut check = sim.seating.clone();
            let fits = match &event {
                SeatEvent::Moved { moves } => {
                    moves.iter().all(|m| check.apply_move(m, None).is_ok())
                }
                _ => false,
            };
            if fits {
                sim.apply(&event);
                events.push(event);
            }
        }
    }
    events
}
