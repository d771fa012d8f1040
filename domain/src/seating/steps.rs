//! Breaking tables (Rule 10-B and the posted break order) and forming the final table
//! (RP-9): when each is due, the redraw it makes, and applying that redraw.

use super::balance::{BalanceSettings, FinalTableSize};
use super::draw::{rng, shuffle, Pool};
use super::tables::TableSpec;
use super::{Move, MoveReason, PlayerId, SeatNo, SeatRef, Seating, SeatingError, TableId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A change the break rules call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The players fit one table fewer: this table (first in break order) breaks.
    Break(TableId),
    /// The field fits one table: every seat is redrawn at `host`.
    FinalTable { host: TableId },
}

/// A table that broke: its description (back to the venue's pool) and where its
/// players went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableBroken {
    pub table: TableSpec,
    pub moves: Vec<Move>,
}

/// The final table: every player's new seat, and the tables released to the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalTable {
    pub host: TableId,
    pub moves: Vec<Move>,
    pub released: Vec<TableSpec>,
}

impl Seating {
    /// The next change the break rules call for, if any: the final table when the field
    /// fits it, else the first table in break order when the others can seat everyone.
    pub fn next_step(&self, settings: &BalanceSettings) -> Option<Step> {
        self.next_step_with(settings, self.player_count())
    }

    /// The step [`Seating::next_step`] would give with `players` seated (to know, before
    /// changing anything, whether players leaving call for one).
    pub fn next_step_with(&self, settings: &BalanceSettings, players: usize) -> Option<Step> {
        self.next_step_without(settings, players, None)
    }

    /// The step [`Seating::next_step`] would give with `players` seated and table `gone`
    /// (if any) already broken: whether a break is followed by another step.
    pub fn next_step_without(
        &self,
        settings: &BalanceSettings,
        players: usize,
        gone: Option<TableId>,
    ) -> Option<Step> {
        let in_play = |id: &&TableId| Some(**id) != gone;
        let capacity_of = |id: TableId| self.table(id).map_or(0, |t| usize::from(t.capacity()));
        let tables = self.tables.len() - usize::from(gone.is_some_and(|g| self.pos(g).is_ok()));
        if tables < 2 {
            return None;
        }
        let max_seats = match gone {
            None => self.index.max_seats,
            Some(_) => self
                .tables
                .iter()
                .filter(|t| Some(t.id()) != gone)
                .map(|t| t.spec().seats)
                .max()
                .unwrap_or(0),
        };
        if players <= final_table_size(settings, max_seats) {
            let host = self
                .index
                .order
                .iter()
                .rev()
                .filter(in_play)
                .find(|id| capacity_of(**id) >= players);
            if let Some(host) = host {
                return Some(Step::FinalTable { host: *host });
            }
        }
        if tables < 3 {
            return None;
        }
        let first = *self.index.order.iter().find(in_play)?;
        let capacity = self.capacity() - gone.map_or(0, capacity_of);
        (players <= capacity - capacity_of(first)).then_some(Step::Break(first))
    }

    /// The final-table size the settings give for the tables in play.
    pub fn final_table_size(&self, settings: &BalanceSettings) -> usize {
        final_table_size(settings, self.index.max_seats)
    }

    /// Where the players of `table` would go if it broke now, drawn with `seed`: shuffled,
    /// then each drawn a random open seat at the tables with the fewest players. The
    /// table that breaks after it takes players only when no other table has a seat.
    pub fn plan_break(&self, table: TableId, seed: u64) -> Result<Vec<Move>, SeatingError> {
        self.plan_break_leaving(table, seed, &[])
    }

    /// [`Seating::plan_break`] as it would be once the players in seats `leaving` (distinct
    /// occupied seats) have left: the same draw, without changing or copying the seating.
    pub fn plan_break_leaving(
        &self,
        table: TableId,
        seed: u64,
        leaving: &[SeatRef],
    ) -> Result<Vec<Move>, SeatingError> {
        let pos = self.pos(table)?;
        if self.tables.len() < 2 {
            return Err(SeatingError::LastTable);
        }
        let breaking = &self.tables[pos];
        let gone = |seat: SeatNo| leaving.contains(&SeatRef::new(table, seat));
        let mut players: Vec<(SeatNo, PlayerId)> =
            breaking.players().filter(|(s, _)| !gone(*s)).collect();
        let left_here = usize::from(breaking.player_count()) - players.len();
        let seated = self.player_count() - leaving.len();
        let open = self.capacity() - seated - (usize::from(breaking.open_count()) + left_here);
        if players.len() > open {
            return Err(SeatingError::NotEnoughSeats {
                players: players.len(),
                open,
            });
        }
        let mut rng = rng(seed);
        shuffle(&mut rng, &mut players);
        let mut pool = Pool::new(self, leaving);
        pool.exclude(pos);
        if self.tables.len() > 3 {
            let after = self.index.order.iter().find(|id| **id != table);
            if let Some(after) = after.and_then(|id| self.pos(*id).ok()) {
                pool.hold(after);
            }
        }
        players
            .into_iter()
            .map(|(seat, player)| {
                let to = pool.draw(&mut rng).ok_or(SeatingError::NoOpenSeat)?;
                Ok(Move {
                    player: Some(player),
                    from: table,
                    from_seat: Some(seat),
                    to,
                    reason: MoveReason::TableBreak,
                })
            })
            .collect()
    }

    /// Breaks `table` with a draw from `seed` and releases it.
    pub fn break_table(&mut self, table: TableId, seed: u64) -> Result<TableBroken, SeatingError> {
        let moves = self.plan_break(table, seed)?;
        self.apply_break(table, moves)
    }

    /// Breaks `table` with moves already drawn (replaying an event). Every player at the
    /// table must go to a distinct open seat at another table, or nothing changes.
    pub fn apply_break(
        &mut self,
        table: TableId,
        moves: Vec<Move>,
    ) -> Result<TableBroken, SeatingError> {
        let pos = self.pos(table)?;
        if self.tables.len() < 2 {
            return Err(SeatingError::LastTable);
        }
        let players = usize::from(self.tables[pos].player_count());
        self.check_movers(&moves, players, Some(table))?;
        let mut targets = BTreeSet::new();
        for mv in &moves {
            if mv.to.table == table {
                return Err(SeatingError::SeatReserved(mv.to));
            }
            self.open_pos(mv.to)?;
            if !targets.insert(mv.to) {
                return Err(SeatingError::SeatOccupied(mv.to));
            }
        }
        self.perform(&moves)?;
        let spec = self.remove_table(table)?;
        Ok(TableBroken { table: spec, moves })
    }

    /// The final-table redraw with `seed`: the host's seats in play, shuffled, dealt to
    /// the players in table then seat order.
    pub fn plan_final_table(&self, host: TableId, seed: u64) -> Result<Vec<Move>, SeatingError> {
        self.plan_final_table_leaving(host, seed, &[])
    }

    /// [`Seating::plan_final_table`] as it would be once the players in seats `leaving`
    /// (distinct occupied seats) have left, without changing or copying the seating.
    pub fn plan_final_table_leaving(
        &self,
        host: TableId,
        seed: u64,
        leaving: &[SeatRef],
    ) -> Result<Vec<Move>, SeatingError> {
        let t = self.table(host).ok_or(SeatingError::NoSuchTable(host))?;
        let mut seats: Vec<SeatNo> = (1..=t.spec().seats)
            .filter(|s| !t.is_reserved(*s))
            .collect();
        let players = self.player_count() - leaving.len();
        if seats.len() < players {
            return Err(SeatingError::NotEnoughSeats {
                players,
                open: seats.len(),
            });
        }
        shuffle(&mut rng(seed), &mut seats);
        let everyone = self.tables.iter().flat_map(|t| {
            t.players()
                .filter(|(s, _)| !leaving.contains(&SeatRef::new(t.id(), *s)))
                .map(move |(s, p)| (t.id(), s, p))
        });
        Ok(everyone
            .zip(seats)
            .map(|((from, from_seat, player), seat)| Move {
                player: Some(player),
                from,
                from_seat: Some(from_seat),
                to: SeatRef::new(host, seat),
                reason: MoveReason::FinalTable,
            })
            .collect())
    }

    /// Forms the final table at `host` with a redraw from `seed`.
    pub fn form_final_table(
        &mut self,
        host: TableId,
        seed: u64,
    ) -> Result<FinalTable, SeatingError> {
        let moves = self.plan_final_table(host, seed)?;
        self.apply_final_table(host, moves)
    }

    /// Forms the final table with a redraw already made (replaying an event): every
    /// player to a distinct seat in play at `host`; the other tables are released.
    pub fn apply_final_table(
        &mut self,
        host: TableId,
        moves: Vec<Move>,
    ) -> Result<FinalTable, SeatingError> {
        let pos = self.pos(host)?;
        let t = &self.tables[pos];
        for mv in &moves {
            let seat = mv.to.seat;
            if !(1..=t.spec().seats).contains(&seat) || mv.to.table != host {
                return Err(SeatingError::NoSuchSeat {
                    table: mv.to.table,
                    seat,
                });
            }
            if t.is_reserved(seat) {
                return Err(SeatingError::SeatReserved(mv.to));
            }
        }
        // Seats at the host are being vacated too, so only distinctness matters here.
        let mut targets = BTreeSet::new();
        if let Some(mv) = moves.iter().find(|m| !targets.insert(m.to)) {
            return Err(SeatingError::SeatOccupied(mv.to));
        }
        self.check_movers(&moves, self.player_count(), None)?;
        self.perform(&moves)?;
        let others: Vec<TableId> = self
            .tables
            .iter()
            .map(|t| t.id())
            .filter(|id| *id != host)
            .collect();
        let released = others
            .into_iter()
            .map(|id| self.remove_table(id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FinalTable {
            host,
            moves,
            released,
        })
    }

    /// Checks that `moves` move exactly `count` distinct named players, each still where
    /// the move says (and at `from` when given).
    fn check_movers(
        &self,
        moves: &[Move],
        count: usize,
        from: Option<TableId>,
    ) -> Result<(), SeatingError> {
        let mut seen = BTreeSet::new();
        for mv in moves {
            let player = mv.player.ok_or(SeatingError::PlayerNotNamed)?;
            let at = self
                .seat_of(player)
                .ok_or(SeatingError::NotSeated(player))?;
            let stale = SeatingError::NotAtTable {
                player,
                table: mv.from,
            };
            if at.table != mv.from || from.is_some_and(|f| f != mv.from) {
                return Err(stale);
            }
            if mv.from_seat.is_some_and(|s| s != at.seat) {
                return Err(stale);
            }
            if !seen.insert(player) {
                return Err(SeatingError::AlreadySeated(player));
            }
        }
        if seen.len() != count {
            return Err(SeatingError::MovesMismatch(format!(
                "the moves seat {} players, {count} must move",
                seen.len()
            )));
        }
        Ok(())
    }

    /// Empties every leaving seat, then fills every arriving one: moves may trade seats
    /// among themselves. The moves have been checked.
    fn perform(&mut self, moves: &[Move]) -> Result<(), SeatingError> {
        let mut planned = Vec::with_capacity(moves.len());
        for mv in moves {
            let player = mv.player.ok_or(SeatingError::PlayerNotNamed)?;
            let at = self
                .seat_of(player)
                .ok_or(SeatingError::NotSeated(player))?;
            planned.push((
                self.pos(at.table)?,
                at,
                self.pos(mv.to.table)?,
                mv.to,
                player,
            ));
        }
        for (from, at, ..) in &planned {
            self.take(*from, *at);
        }
        for (_, _, to, seat, player) in planned {
            self.put(to, seat, player);
        }
        Ok(())
    }
}

/// The final-table size `settings` give when the largest table in play has `max_seats`.
fn final_table_size(settings: &BalanceSettings, max_seats: SeatNo) -> usize {
    match settings.final_table {
        FinalTableSize::Players(n) => usize::from(n),
        FinalTableSize::Rp9 => usize::from(match max_seats {
            8 => 9,
            6 => 7,
            s => s,
        }),
    }
}
