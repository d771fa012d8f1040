//! Balancing (Rule 11 and house practice): after a change in the number of players, the
//! moves that bring the tables back within tolerance, which player (the next big blind
//! at the giving table) and which seat (the worst one at the short table). Proposals
//! only: [`Seating::apply_move`] performs a move the floor confirms.

use super::positions::{big_blind_order, first_open_seat, worst_open_seat, Cell};
use super::steps::Step;
use super::{Move, MoveReason, PlayerId, SeatNo, SeatRef, Seating, SeatingError, TableId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The buttons the floor has recorded: table -> seat of the button on the hand in play.
pub type Buttons = BTreeMap<TableId, SeatNo>;

/// Which table gives up a player (TDA: a predetermined house procedure).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GiverRule {
    /// The table with the most players; ties go to the lowest table number.
    #[default]
    MostPlayers,
    /// The table with the most players; ties go by this posted order, then lowest number.
    MostPlayersPosted(Vec<TableId>),
}

/// How many players make the final table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FinalTableSize {
    /// RP-9, from the largest table in play: 9- and 8-handed play forms a 9-handed final
    /// table, 7- and 6-handed a 7-handed one, otherwise a full table.
    #[default]
    Rp9,
    Players(u8),
}

/// The house's balancing settings. Defaults are TDA.md's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BalanceSettings {
    /// Most players a table may have over another while more than `few_tables` run.
    pub tolerance: u8,
    /// The same from `few_tables` tables down.
    pub tolerance_few_tables: u8,
    pub few_tables: usize,
    pub giver: GiverRule,
    pub final_table: FinalTableSize,
    /// Warn about a table this many players short of the fullest (Rule 11-D).
    pub short_warning: u8,
}

impl Default for BalanceSettings {
    fn default() -> Self {
        BalanceSettings {
            tolerance: 2,
            tolerance_few_tables: 1,
            few_tables: 4,
            giver: GiverRule::MostPlayers,
            final_table: FinalTableSize::Rp9,
            short_warning: 3,
        }
    }
}

impl BalanceSettings {
    pub fn validate(&self) -> Result<(), SeatingError> {
        let bad = |m: &str| Err(SeatingError::InvalidSetting(m.into()));
        if self.tolerance == 0 || self.tolerance_few_tables == 0 {
            return bad("a tolerance is at least 1 player");
        }
        if self.short_warning == 0 {
            return bad("the short-table warning is at least 1 player");
        }
        if let FinalTableSize::Players(n) = self.final_table {
            if !(2..=super::tables::MAX_SEATS).contains(&n) {
                return bad("a final table has 2 to 10 players");
            }
        }
        Ok(())
    }

    /// The tolerance with `tables` tables in play (never below 1, so balancing ends).
    pub fn tolerance_for(&self, tables: usize) -> u8 {
        let t = if tables > self.few_tables {
            self.tolerance
        } else {
            self.tolerance_few_tables
        };
        t.max(1)
    }
}

/// A table short enough that play halts there once its blinds are affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShortTable {
    pub table: TableId,
    pub players: u8,
    /// How many players fewer than the fullest table.
    pub short_by: u8,
}

/// What to do after a change in the number of players.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// A table to break or the final table to form: do it first, then plan again.
    pub step: Option<Step>,
    /// Balancing moves (empty when `step` is set).
    pub moves: Vec<Move>,
    pub short_tables: Vec<ShortTable>,
}

/// Seat changes the balancer is simulating, over the real seating.
struct Sim<'a> {
    s: &'a Seating,
    /// (players, open seats) per table position.
    w: Vec<(u8, u8)>,
    changed: HashMap<SeatRef, Cell>,
}

impl Sim<'_> {
    fn cells(&self, pos: usize) -> Vec<Cell> {
        let t = &self.s.tables[pos];
        (1..=t.spec().seats)
            .map(|seat| {
                let at = SeatRef::new(t.id(), seat);
                if let Some(cell) = self.changed.get(&at) {
                    *cell
                } else if let Some(p) = t.player_at(seat) {
                    Cell::Taken(Some(p))
                } else if t.is_reserved(seat) {
                    Cell::Reserved
                } else {
                    Cell::Open
                }
            })
            .collect()
    }
}

impl Seating {
    /// Tables 3 or more (the setting) players short of the fullest.
    pub fn short_tables(&self, settings: &BalanceSettings) -> Vec<ShortTable> {
        let open = &self.index.open;
        let (Some(most), Some(fewest)) = (open.most_players(), open.fewest_players()) else {
            return Vec::new();
        };
        if fewest + settings.short_warning.max(1) > most {
            return Vec::new();
        }
        self.tables
            .iter()
            .filter(|t| t.player_count() + settings.short_warning.max(1) <= most)
            .map(|t| ShortTable {
                table: t.id(),
                players: t.player_count(),
                short_by: most - t.player_count(),
            })
            .collect()
    }

    /// Whether the tables are within tolerance. The table that breaks next may play short
    /// (players are not moved to it) and a table with no open seat cannot take one.
    pub fn is_balanced(&self, settings: &BalanceSettings) -> bool {
        let tol = settings.tolerance_for(self.tables.len());
        let nb = self.next_to_break().and_then(|id| self.pos(id).ok());
        let open = &self.index.open;
        match (open.most_players(), open.fewest_with_open_seat(nb)) {
            (Some(most), Some(fewest)) => most <= fewest + tol,
            _ => true,
        }
    }

    /// The step due, or else the balancing moves, and the short-table warnings.
    pub fn plan(&self, settings: &BalanceSettings, buttons: &Buttons, recent: &[PlayerId]) -> Plan {
        let step = self.next_step(settings);
        let moves = match step {
            Some(_) => Vec::new(),
            None => self.propose(settings, buttons, recent),
        };
        Plan {
            step,
            moves,
            short_tables: self.short_tables(settings),
        }
    }

    /// The moves that bring the tables within tolerance, in order. Each goes from the
    /// table the house rule names (most players) to the shortest table that can take a
    /// player, never the table that breaks next. With the giving table's button known,
    /// the player is the next big blind there (skipping players in `recent` when another
    /// choice exists); with the short table's button known, the seat is the worst one.
    pub fn propose(
        &self,
        settings: &BalanceSettings,
        buttons: &Buttons,
        recent: &[PlayerId],
    ) -> Vec<Move> {
        // The usual case, found in O(1): nothing to move.
        if self.tables.len() < 2 || self.is_balanced(settings) {
            return Vec::new();
        }
        let tol = settings.tolerance_for(self.tables.len());
        let nb = self.next_to_break().and_then(|id| self.pos(id).ok());
        let posted = self.giver_ranks(&settings.giver);
        let mut sim = Sim {
            s: self,
            w: self.index.open.weights().to_vec(),
            changed: HashMap::new(),
        };
        let mut moves = Vec::new();
        let mut arrived = Vec::new();
        while moves.len() <= self.player_count() {
            let Some(g) = giver(&sim.w, &posted) else {
                break;
            };
            let Some(r) = receiver(&sim.w, &self.index.rank, g, nb) else {
                break;
            };
            if sim.w[g].0 <= sim.w[r].0 + tol {
                break;
            }
            let (from, to) = (self.tables[g].id(), self.tables[r].id());
            let mover = buttons.get(&from).and_then(|b| {
                let order = big_blind_order(&sim.cells(g), *b);
                let fresh = |p: &PlayerId| !recent.contains(p) && !arrived.contains(p);
                order
                    .iter()
                    .find(|(_, p)| fresh(p))
                    .or(order.first())
                    .copied()
            });
            let to_cells = sim.cells(r);
            let seat = buttons
                .get(&to)
                .and_then(|b| worst_open_seat(&to_cells, *b))
                .or_else(|| first_open_seat(&to_cells));
            let Some(seat) = seat else { break };
            if let Some((s, p)) = mover {
                sim.changed.insert(SeatRef::new(from, s), Cell::Open);
                arrived.push(p);
            }
            let incoming = Cell::Taken(mover.map(|(_, p)| p));
            sim.changed.insert(SeatRef::new(to, seat), incoming);
            sim.w[g] = (sim.w[g].0 - 1, sim.w[g].1 + 1);
            sim.w[r] = (sim.w[r].0 + 1, sim.w[r].1 - 1);
            moves.push(Move {
                player: mover.map(|(_, p)| p),
                from,
                from_seat: mover.map(|(s, _)| s),
                to: SeatRef::new(to, seat),
                reason: MoveReason::Balance,
            });
        }
        moves
    }

    /// Per table position, its place in the posted giver order (empty: by number only).
    fn giver_ranks(&self, rule: &GiverRule) -> Vec<usize> {
        match rule {
            GiverRule::MostPlayers => Vec::new(),
            GiverRule::MostPlayersPosted(ids) => {
                let posted: HashMap<TableId, usize> =
                    ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
                self.tables
                    .iter()
                    .map(|t| posted.get(&t.id()).copied().unwrap_or(usize::MAX))
                    .collect()
            }
        }
    }

    /// Performs a proposed (or hand-made) move. `player` names who moves when the move
    /// does not, or overrides its choice. Refused if the player is no longer at the
    /// giving table or the seat is no longer open: plan again.
    pub fn apply_move(
        &mut self,
        mv: &Move,
        player: Option<PlayerId>,
    ) -> Result<SeatRef, SeatingError> {
        let player = player.or(mv.player).ok_or(SeatingError::PlayerNotNamed)?;
        let at = self
            .seat_of(player)
            .ok_or(SeatingError::NotSeated(player))?;
        if at.table != mv.from {
            return Err(SeatingError::NotAtTable {
                player,
                table: mv.from,
            });
        }
        self.move_player(player, mv.to)
    }
}

/// The table that gives a player: the most players; ties by the posted order when there
/// is one, then the lowest number (positions are in number order).
fn giver(w: &[(u8, u8)], posted: &[usize]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &(count, _)) in w.iter().enumerate() {
        let better = best
            .is_none_or(|b| count > w[b].0 || (count == w[b].0 && posted.get(i) < posted.get(b)));
        if better {
            best = Some(i);
        }
    }
    best
}

/// The table that takes a player: not the giver, not the next to break, with an open
/// seat; the fewest players, ties to the table that breaks last.
fn receiver(w: &[(u8, u8)], rank: &[u32], giver: usize, next: Option<usize>) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &(count, open)) in w.iter().enumerate() {
        if open == 0 || i == giver || Some(i) == next {
            continue;
        }
        let better = best.is_none_or(|b| count < w[b].0 || (count == w[b].0 && rank[i] > rank[b]));
        if better {
            best = Some(i);
        }
    }
    best
}
