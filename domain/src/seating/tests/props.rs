//! Property tests over random fields: 2 to 10,000 players, tables of 6 to 10 seats with
//! some seats reserved, random busts and late entries. After each change the floor does
//! what the plan says (break a table, form the final table, make the moves); then every
//! invariant of issue 4 must hold.

use super::draw::reference_draw;
use super::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
enum Op {
    /// Players busted before the floor acts (more than one: a multi-way all-in).
    Bust(Vec<usize>),
    Enter,
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let busts = prop_oneof![3 => proptest::collection::vec(any::<usize>(), 1), 1 => proptest::collection::vec(any::<usize>(), 2..=4)];
    let op = prop_oneof![4 => busts.prop_map(Op::Bust), 1 => Just(Op::Enter)];
    proptest::collection::vec(op, 0..150)
}

fn field_size() -> impl Strategy<Value = usize> {
    prop_oneof![2 => 2usize..=40, 2 => 41usize..=400, 1 => 401usize..=10_000]
}

/// A venue table: every `reserve_every`-th table has one seat out of play.
fn venue_table(id: u32, seats: u8, reserve_every: u32) -> TableSpec {
    let mut spec = TableSpec::new(id, seats);
    if id.is_multiple_of(reserve_every) {
        spec.reserved.insert((id % u32::from(seats)) as u8 + 1);
    }
    spec
}

struct Floor {
    s: Seating,
    settings: BalanceSettings,
    buttons: Buttons,
    recent: Vec<PlayerId>,
    alive: BTreeSet<PlayerId>,
    seats: u8,
    reserve_every: u32,
    next_table: u32,
    next_player: u64,
    seed: u64,
}

impl Floor {
    fn new(field: usize, seats: u8, reserve_every: u32, seed: u64) -> Self {
        let pool: Vec<TableSpec> = (1..=(field as u32 / 4 + 2))
            .map(|id| venue_table(id, seats, reserve_every))
            .collect();
        let open =
            tables_to_open(&pool, field, &BreakOrder::default()).expect("pool is big enough");
        let next_table = open.iter().map(|t| t.id.0).max().unwrap_or(0) + 1;
        let mut s = Seating::new(open, BreakOrder::default()).expect("valid tables");
        let players: Vec<PlayerId> = (1..=field as u64).map(p).collect();
        s.seat_all(&players, seed)
            .expect("room for the expected field");
        // Buttons known at every other table.
        let buttons = s
            .tables()
            .iter()
            .filter(|t| t.id().0 % 2 == 0)
            .map(|t| (t.id(), (t.id().0 % u32::from(seats)) as u8 + 1))
            .collect();
        Floor {
            s,
            settings: BalanceSettings::default(),
            buttons,
            recent: Vec::new(),
            alive: players.into_iter().collect(),
            seats,
            reserve_every,
            next_table,
            next_player: field as u64 + 1,
            seed,
        }
    }

    fn next_seed(&mut self) -> u64 {
        self.seed = self
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.seed
    }

    fn apply(&mut self, op: &Op) {
        match op {
            Op::Bust(picks) => {
                for i in picks {
                    if self.alive.len() > 1 {
                        let player = *self
                            .alive
                            .iter()
                            .nth(i % self.alive.len())
                            .expect("in range");
                        self.s.remove(player).expect("alive players are seated");
                        self.alive.remove(&player);
                    }
                }
            }
            Op::Enter => {
                let player = p(self.next_player);
                self.next_player += 1;
                let seed = self.next_seed();
                if self.s.seat_new(player, seed) == Err(SeatingError::NoOpenSeat) {
                    let spec = venue_table(self.next_table, self.seats, self.reserve_every);
                    self.next_table += 1;
                    self.s.add_table(spec).expect("a new table");
                    self.s
                        .seat_new(player, seed)
                        .expect("the new table has seats");
                }
                self.alive.insert(player);
            }
        }
    }

    fn remember(&mut self, player: PlayerId) {
        self.recent.push(player);
        if self.recent.len() > 20 {
            self.recent.remove(0);
        }
    }

    /// Does what the plan says until nothing is left to do.
    fn settle(&mut self) -> Result<(), TestCaseError> {
        for _ in 0..100 {
            let next = self.s.next_to_break();
            let plan = self.s.plan(&self.settings, &self.buttons, &self.recent);
            let seed = self.next_seed();
            match plan.step {
                Some(Step::Break(table)) => {
                    prop_assert_eq!(Some(table), next, "the first table in break order breaks");
                    let after = (self.s.tables().len() > 3)
                        .then(|| self.s.tables_in_break_order().get(1).copied())
                        .flatten();
                    let broken = self.s.break_table(table, seed).expect("a due break fits");
                    if broken.moves.iter().any(|m| Some(m.to.table) == after) {
                        let others_full = self
                            .s
                            .tables()
                            .iter()
                            .filter(|t| Some(t.id()) != after)
                            .all(|t| t.open_count() == 0);
                        prop_assert!(
                            others_full,
                            "a broken table's player went to the next table to break"
                        );
                    }
                    broken
                        .moves
                        .iter()
                        .filter_map(|m| m.player)
                        .for_each(|p| self.remember(p));
                }
                Some(Step::FinalTable { host }) => {
                    let formed = self
                        .s
                        .form_final_table(host, seed)
                        .expect("the host holds the field");
                    prop_assert_eq!(formed.moves.len(), self.alive.len());
                }
                None if plan.moves.is_empty() => return Ok(()),
                None => {
                    for mv in plan.moves {
                        prop_assert!(
                            Some(mv.to.table) != next,
                            "moved to the table that breaks next"
                        );
                        let named = mv.player.or_else(|| {
                            let table = self.s.table(mv.from)?;
                            let mut players = table.players().map(|(_, p)| p);
                            players
                                .find(|p| !self.recent.contains(p))
                                .or_else(|| table.players().next().map(|(_, p)| p))
                        });
                        self.s
                            .apply_move(&mv, named)
                            .expect("a proposed move applies");
                        if let Some(p) = named {
                            self.remember(p);
                        }
                    }
                }
            }
        }
        Err(TestCaseError::fail("the plan did not settle"))
    }

    /// The invariants that cost O(tables): balance and the break rule.
    fn check_tables(&self) -> Result<(), TestCaseError> {
        let s = &self.s;
        prop_assert!(
            s.index.is_built_from(&s.tables, &s.break_order),
            "the index drifted"
        );
        let balanced = reference_balanced(s, &self.settings);
        prop_assert!(balanced, "out of tolerance: {:?}", counts(s));
        prop_assert_eq!(s.is_balanced(&self.settings), balanced);
        prop_assert_eq!(s.player_count(), self.alive.len());
        let players = s.player_count();
        let capacity: usize = s.tables().iter().map(|t| usize::from(t.capacity())).sum();
        let n = s.tables().len();
        if n >= 2 {
            let final_fits = players <= s.final_table_size(&self.settings)
                && s.tables()
                    .iter()
                    .any(|t| usize::from(t.capacity()) >= players);
            prop_assert!(!final_fits, "{} players fit the final table", players);
        }
        if n >= 3 {
            let first = s.tables_in_break_order()[0];
            let first_capacity = usize::from(s.table(first).map_or(0, Table::capacity));
            prop_assert!(
                players > capacity - first_capacity,
                "{} players fit {} tables",
                players,
                n - 1
            );
        }
        Ok(())
    }

    /// Every alive player has exactly one seat, every seat at most one player, reserved
    /// seats are empty: O(players).
    fn check_seats(&self) -> Result<(), TestCaseError> {
        assert_consistent(&self.s);
        let seated: BTreeSet<PlayerId> = self.s.players().map(|(p, _)| p).collect();
        prop_assert_eq!(&seated, &self.alive);
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_fields_stay_seated_balanced_and_on_the_fewest_tables(
        field in field_size(),
        seats in 6u8..=10,
        reserve_every in 2u32..=9,
        seed in any::<u64>(),
        ops in ops(),
    ) {
        let mut floor = Floor::new(field, seats, reserve_every, seed);
        floor.settle()?;
        floor.check_tables()?;
        for (i, op) in ops.iter().enumerate() {
            floor.apply(op);
            let s = &floor.s;
            prop_assert_eq!(s.is_balanced(&floor.settings), reference_balanced(s, &floor.settings));
            let most = s.tables().iter().map(|t| t.player_count()).max().unwrap_or(0);
            let short = s.tables().iter().filter(|t| t.player_count() + 3 <= most).count();
            prop_assert_eq!(s.short_tables(&floor.settings).len(), short);
            floor.settle()?;
            floor.check_tables()?;
            if field <= 400 || i % 20 == 0 {
                floor.check_seats()?;
            }
        }
        floor.check_seats()?;
    }

    #[test]
    fn the_fast_draw_is_the_documented_draw(
        layout in proptest::collection::vec((0u8..=10, 0u16..1024), 1..40),
        seed in any::<u64>(),
    ) {
        let mut s = room(layout.len() as u32, 10);
        let mut next = 1;
        for (i, (players, reserved)) in layout.iter().enumerate() {
            let table = i as u32 + 1;
            for seat in 1..=10u8 {
                if reserved & (1 << (seat - 1)) != 0 {
                    s.set_reserved(at(table, seat), true).expect("empty seat");
                } else if seat <= *players {
                    s.place(p(next), at(table, seat)).expect("open seat");
                    next += 1;
                }
            }
        }
        for k in 0..8 {
            let fast = s.draw_seat(p(0), seed.wrapping_add(k)).ok();
            prop_assert_eq!(fast, reference_draw(&s, seed.wrapping_add(k)));
        }
    }

    #[test]
    fn a_break_planned_with_players_leaving_is_the_break_planned_after_they_left(
        field in 2usize..=400,
        seats in 6u8..=10,
        reserve_every in 2u32..=9,
        seed in any::<u64>(),
        ops in ops(),
    ) {
        let mut floor = Floor::new(field, seats, reserve_every, seed);
        floor.settle()?;
        for op in &ops {
            if let Op::Bust(picks) = op {
                let mut leaving = Vec::new();
                for i in picks {
                    let left = floor.alive.len() - leaving.len();
                    if left > 1 {
                        let player = *floor.alive.iter().filter(|p| !leaving.contains(*p)).nth(i % left).expect("in range");
                        leaving.push(player);
                    }
                }
                let gone: Vec<SeatRef> = leaving.iter().map(|p| floor.s.seat_of(*p).expect("seated")).collect();
                let mut after = floor.s.clone();
                leaving.iter().for_each(|p| { after.remove(*p).expect("seated"); });
                let count = after.player_count();
                let step = floor.s.next_step_with(&floor.settings, count);
                prop_assert_eq!(step, after.next_step(&floor.settings));
                let seed = floor.next_seed();
                match step {
                    Some(Step::Break(table)) => {
                        let live = floor.s.plan_break_leaving(table, seed, &gone);
                        prop_assert_eq!(&live, &after.plan_break(table, seed));
                        let following = floor.s.next_step_without(&floor.settings, count, Some(table));
                        let mut broken = after.clone();
                        if broken.break_table(table, seed).is_ok() {
                            prop_assert_eq!(following, broken.next_step(&floor.settings));
                        }
                    }
                    Some(Step::FinalTable { host }) => {
                        let live = floor.s.plan_final_table_leaving(host, seed, &gone);
                        prop_assert_eq!(live, after.plan_final_table(host, seed));
                    }
                    None => {}
                }
            }
            floor.apply(op);
            floor.settle()?;
        }
    }
}
