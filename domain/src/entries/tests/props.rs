//! Property tests over random settings and random sequences of commands (many refused,
//! as at a real desk): money is conserved, places have no gaps, and a replay of the
//! events gives the same state.

use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Register(u8),
    Reenter(u8),
    Unregister(u8),
    Rebuy(u8, Option<u64>),
    AddOn(u8),
    /// Picks among the entries in play: who busts (with a stack), each with who
    /// eliminated them.
    Bust(Vec<(u8, u8, Vec<u8>)>),
    /// Hand-for-hand: the next hand begins (`true`), or hand-for-hand ends (`false`).
    HandForHand(bool),
    Revive(u8),
    Join(u8),
    Leave(u8),
    Start,
    /// The clock moves on: to the break after the level, or to the next level.
    Advance,
    Close,
    Reopen,
    /// The director changes the buy-in: later entries pay the new price.
    Reprice(u8),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let small = 0u8..40;
    let bust = proptest::collection::vec(
        (
            any::<u8>(),
            0u8..4,
            proptest::collection::vec(any::<u8>(), 0..3),
        ),
        1..4,
    );
    let op = prop_oneof![
        6 => small.clone().prop_map(Op::Register),
        2 => small.clone().prop_map(Op::Reenter),
        1 => any::<u8>().prop_map(Op::Unregister),
        2 => (any::<u8>(), proptest::option::of(0u64..60_000)).prop_map(|(e, s)| Op::Rebuy(e, s)),
        1 => any::<u8>().prop_map(Op::AddOn),
        6 => bust.prop_map(Op::Bust),
        2 => any::<bool>().prop_map(Op::HandForHand),
        1 => any::<u8>().prop_map(Op::Revive),
        1 => small.clone().prop_map(Op::Join),
        1 => small.prop_map(Op::Leave),
        1 => Just(Op::Start),
        1 => Just(Op::Advance),
        1 => Just(Op::Close),
        1 => Just(Op::Reopen),
        1 => any::<u8>().prop_map(Op::Reprice),
    ];
    proptest::collection::vec(op, 0..120)
}

fn money(max: i64) -> impl Strategy<Value = Money> {
    (0..=max).prop_map(Money)
}

fn a_price() -> impl Strategy<Value = Price> {
    (money(20_000), money(3_000), money(500), money(5_000)).prop_map(|(prize, fee, x, b)| Price {
        prize,
        fee,
        extras: vec![("dealers".into(), x)],
        bounty: b,
    })
}

fn settings() -> impl Strategy<Value = EntrySettings> {
    let bounty = prop_oneof![
        Just(BountyKind::Fixed),
        (0u32..=10_000).prop_map(|bp| BountyKind::Progressive {
            eliminator_share_bp: bp
        }),
    ];
    (
        (a_price(), a_price(), a_price()),
        bounty,
        proptest::option::of(2u32..12),
        0u32..3,
        (
            any::<bool>(),
            any::<bool>(),
            0usize..6,
            proptest::option::of(0u64..40_000),
        ),
    )
        .prop_map(
            |((buy_in, rebuy, add_on), bounty, capacity, reentries, extras)| {
                let (rebuys, add_ons, level, max_stack) = extras;
                EntrySettings {
                    buy_in,
                    capacity,
                    late_reg: LateReg::EndOfLevel(level),
                    max_reentries_per_player: reentries,
                    rebuy: rebuys.then(|| RebuySettings {
                        price: rebuy,
                        chips: Chips(10_000),
                        max_per_player: 2,
                        until_level: level,
                        max_stack: max_stack.map(Chips),
                    }),
                    add_on: add_ons.then_some(AddOnSettings {
                        price: add_on,
                        chips: Chips(15_000),
                        at_level: level,
                    }),
                    bounty,
                    ..EntrySettings::default()
                }
            },
        )
}

/// A desk driving the entries, with the clock position it would pass in.
struct Desk {
    state: Entries,
    log: Vec<EntryEvent>,
    ctx: EntryContext,
    /// Hand-for-hand hands begun.
    hands: u32,
}

impl Desk {
    fn new(settings: EntrySettings) -> Self {
        Desk {
            state: Entries::new(settings).expect("valid settings"),
            log: Vec::new(),
            ctx: before_start(),
            hands: 0,
        }
    }

    fn active(&self, pick: u8) -> Option<EntryId> {
        let ids: Vec<EntryId> = self.state.active().map(|x| x.id).collect();
        (!ids.is_empty()).then(|| ids[usize::from(pick) % ids.len()])
    }

    fn any_entry(&self, pick: u8) -> EntryId {
        let n = self.state.all().len().max(1) as u32;
        e(u32::from(pick) % n + 1)
    }

    fn play(&mut self, op: &Op) {
        use EntryCommand as C;
        let command = match op {
            Op::Register(n) => C::Register {
                player: p(u128::from(*n)),
            },
            Op::Reenter(n) => C::Reenter {
                player: p(u128::from(*n)),
            },
            Op::Unregister(n) => C::Unregister {
                entry: self.any_entry(*n),
            },
            Op::Rebuy(n, stack) => C::Rebuy {
                entry: self.any_entry(*n),
                stack: stack.map(Chips),
            },
            Op::AddOn(n) => C::AddOn {
                entry: self.any_entry(*n),
            },
            Op::Bust(busted) => C::Bust {
                busted: busted
                    .iter()
                    .filter_map(|(n, c, by)| {
                        let by = by.iter().filter_map(|n| self.active(*n)).collect();
                        let stack = Chips(u64::from(*c) * 1_000);
                        Some(BustedEntry::new(self.active(*n)?, stack, by))
                    })
                    .collect(),
            },
            Op::HandForHand(on) => {
                self.hands += u32::from(*on);
                self.ctx.hand = on.then_some(self.hands);
                return;
            }
            Op::Revive(n) => C::Revive {
                entry: self.any_entry(*n),
            },
            Op::Join(n) => C::JoinWaitingList {
                player: p(u128::from(*n)),
            },
            Op::Leave(n) => C::LeaveWaitingList {
                player: p(u128::from(*n)),
            },
            Op::Close => C::CloseRegistration,
            Op::Reopen => C::ReopenRegistration,
            Op::Reprice(n) => {
                let mut settings = self.state.settings().clone();
                settings.buy_in.prize = Money(i64::from(*n) * 100);
                C::ChangeSettings {
                    settings: Box::new(settings),
                }
            }
            Op::Start => {
                self.ctx.started = true;
                return;
            }
            Op::Advance => {
                self.ctx.now += 60_000;
                if self.ctx.on_break {
                    self.ctx = EntryContext {
                        level: self.ctx.level + 1,
                        on_break: false,
                        ..self.ctx
                    };
                } else {
                    self.ctx.on_break = self.ctx.level % 2 == 1;
                    self.ctx.level += usize::from(!self.ctx.on_break);
                }
                return;
            }
        };
        if let Ok(events) = self.state.decide(&command, &self.ctx) {
            for event in events {
                self.state.apply(&event);
                self.log.push(event);
            }
        }
    }

    /// Busts everyone but one, a few at a time, with random eliminators among the rest.
    fn play_to_the_end(&mut self, seeds: &[(u8, u8)]) {
        self.ctx.started = true;
        let mut i = 0;
        while self.state.players_left() > 1 {
            let (a, b) = seeds.get(i % seeds.len().max(1)).copied().unwrap_or((0, 0));
            i += 1;
            let left = self.state.players_left() as usize;
            let take = (usize::from(a) % 3 + 1).min(left - 1);
            let ids: Vec<EntryId> = self.state.active().map(|x| x.id).collect();
            let busted: Vec<(EntryId, Chips)> = ids[..take]
                .iter()
                .enumerate()
                .map(|(k, id)| (*id, Chips(u64::from((b >> k) & 1))))
                .collect();
            let command = EntryCommand::bust_by(&busted, &[ids[left - 1]]);
            let events = self
                .state
                .decide(&command, &self.ctx)
                .expect("a valid bust");
            for event in events {
                self.state.apply(&event);
                self.log.push(event);
            }
        }
    }
}

/// What was paid in according to the events, net of refunds.
fn paid_in(log: &[EntryEvent]) -> Money {
    log.iter()
        .map(|event| match event {
            EntryEvent::Registered { price, .. }
            | EntryEvent::RebuyBought { price, .. }
            | EntryEvent::AddOnBought { price, .. } => price.total(),
            EntryEvent::Unregistered { refund, .. } => Money(-refund.total().0),
            _ => Money::ZERO,
        })
        .sum()
}

fn check_money(state: &Entries, log: &[EntryEvent]) -> Result<(), TestCaseError> {
    let ledger = state.ledger();
    prop_assert_eq!(ledger.paid_in(), paid_in(log));
    let columns = [
        ledger.prize_pool,
        ledger.fees,
        ledger.bounties_in,
        ledger.bounties_paid,
    ];
    prop_assert!(columns
        .iter()
        .chain(ledger.extras.values())
        .all(|m| !m.is_negative()));
    prop_assert!(ledger.bounties_paid <= ledger.bounties_in);
    let on_heads: Money = state.all().iter().map(|x| x.bounty).sum();
    let won: Money = state.all().iter().map(|x| x.bounties_won).sum();
    prop_assert_eq!(on_heads, ledger.bounties_held());
    prop_assert_eq!(won, ledger.bounties_paid);
    prop_assert!(state
        .all()
        .iter()
        .all(|x| x.is_active() || x.bounty == Money::ZERO));
    // Each player's bounty went whole to their own eliminators.
    for x in state.all().iter() {
        if let EntryStatus::Busted(bust) = &x.status {
            let paid: Money = bust.payments.iter().map(|p| p.cash + p.added).sum();
            prop_assert_eq!(paid, bust.bounty);
            prop_assert!(bust
                .payments
                .iter()
                .all(|p| p.from == x.id && bust.eliminators.contains(&p.to)));
        }
    }
    Ok(())
}

/// The places cover exactly the busted entries; busts on one hand-for-hand hand are
/// ranked together by starting stack (equal stacks share), whatever command reported
/// them.
fn check_places(state: &Entries) -> Result<(), TestCaseError> {
    let busted: Vec<&Entry> = state
        .all()
        .iter()
        .filter(|x| matches!(x.status, EntryStatus::Busted(_)))
        .collect();
    let mut placed: Vec<EntryId> = state
        .finishes()
        .iter()
        .flat_map(|(_, ids)| ids.iter().copied())
        .collect();
    placed.sort();
    let ids: Vec<EntryId> = busted.iter().map(|x| x.id).collect();
    prop_assert_eq!(placed, ids);
    for x in &busted {
        for y in &busted {
            let (EntryStatus::Busted(a), EntryStatus::Busted(b)) = (&x.status, &y.status) else {
                continue;
            };
            if a.hand.is_none() || a.hand != b.hand {
                continue;
            }
            let (px, py) = (state.place(x.id), state.place(y.id));
            match a.stack.cmp(&b.stack) {
                std::cmp::Ordering::Equal => prop_assert_eq!(px, py),
                std::cmp::Ordering::Greater => {
                    prop_assert!(px.map(|p| p.worst) < py.map(|p| p.best))
                }
                std::cmp::Ordering::Less => prop_assert!(px.map(|p| p.best) > py.map(|p| p.worst)),
            }
        }
    }
    Ok(())
}

proptest! {
    /// Every minor unit paid in sits in exactly one column, and bounties paid out never
    /// exceed bounties paid in, after every step.
    #[test]
    fn money_is_conserved(settings in settings(), ops in ops()) {
        let mut desk = Desk::new(settings);
        for op in &ops {
            desk.play(op);
            check_money(&desk.state, &desk.log)?;
            check_places(&desk.state)?;
        }
        let prizes = super::prizes(&desk.state, Money(100));
        if let Ok(results) = desk.state.results(&prizes, None) {
            let pool = desk.state.prize_pool().pool;
            let prizes: Money = results.iter().map(|r| r.prize).sum();
            prop_assert_eq!(prizes, if desk.state.entry_count() > 0 { pool } else { Money::ZERO });
        }
    }

    /// Once all but one are out, the places are exactly 1..=N: every range is shared by
    /// as many entries as it covers, with no gap and no overlap.
    #[test]
    fn places_form_one_to_n_without_gaps_when_all_but_one_are_out(
        settings in settings(),
        ops in ops(),
        seeds in proptest::collection::vec((any::<u8>(), any::<u8>()), 1..20),
    ) {
        let mut desk = Desk::new(settings);
        for op in &ops {
            desk.play(op);
        }
        if desk.state.players_left() >= 1 {
            desk.play_to_the_end(&seeds);
        }
        let standings = desk.state.standings();
        prop_assert_eq!(standings.len() as u32, desk.state.entry_count());
        let mut next = 1;
        let mut i = 0;
        while i < standings.len() {
            let places = standings[i].0;
            prop_assert_eq!(places.best, next);
            let shared = standings[i..].iter().take_while(|(pl, _)| *pl == places).count();
            prop_assert_eq!(shared as u32, places.len());
            next = places.worst + 1;
            i += shared;
        }
        prop_assert_eq!(next, desk.state.entry_count() + 1);
        check_money(&desk.state, &desk.log)?;
    }

    /// Applying the decided events and replaying them from the log (through JSON, as
    /// stored) give the same state; so does a snapshot.
    #[test]
    fn replaying_the_events_gives_the_same_state(settings in settings(), ops in ops()) {
        let mut desk = Desk::new(settings.clone());
        for op in &ops {
            desk.play(op);
        }
        let mut replayed = Entries::new(settings).expect("valid settings");
        for event in &desk.log {
            let json = serde_json::to_string(event).expect("serializes");
            let back: EntryEvent = serde_json::from_str(&json).expect("parses");
            replayed.apply(&back);
        }
        prop_assert_eq!(&replayed, &desk.state);
        let snapshot = serde_json::to_string(&desk.state).expect("serializes");
        let restored: Entries = serde_json::from_str(&snapshot).expect("parses");
        prop_assert_eq!(&restored, &desk.state);
    }
}
