//! Seating at WSOP size: 10,000 entrants on 1,000 ten-seat tables, release build. Times a
//! registration with its seat draw, a bust with its balancing and break decision, a
//! break, the undo of a bust, and reports the snapshot's size. Plain `Instant` timing
//! after a warm-up: `cargo bench -p felt-domain --bench seating`.

use felt_domain::seating::draw::{below, rng};
use felt_domain::seating::{
    BalanceSettings, BreakOrder, Buttons, PlayerId, Seating, Step, TableSpec,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

const TABLES: u32 = 1_000;
const SEATS: u8 = 10;
const FIELD: u64 = 10_000;
const WARM_UP: usize = 200;
const RUNS: usize = 2_000;

/// 1,000 full ten-seat tables, then `busts` players out (picked with `seed`).
fn room(busts: usize, seed: u64) -> Seating {
    let specs = (1..=TABLES).map(|i| TableSpec::new(i, SEATS)).collect();
    let mut s = Seating::new(specs, BreakOrder::default()).expect("valid tables");
    let players: Vec<PlayerId> = (1..=FIELD).map(PlayerId).collect();
    s.seat_all(&players, seed).expect("room for the field");
    let mut r = rng(seed);
    for _ in 0..busts {
        let seated: Vec<PlayerId> = s.players().map(|(p, _)| p).collect();
        let out = seated[below(&mut r, seated.len() as u32) as usize];
        s.remove(out).expect("seated");
    }
    s
}

/// Every table's button, as if the floor had recorded them all.
fn buttons(s: &Seating) -> Buttons {
    s.tables()
        .iter()
        .map(|t| (t.id(), (t.id().0 % 10) as u8 + 1))
        .collect()
}

struct Timing {
    samples: Vec<Duration>,
}

impl Timing {
    fn new() -> Self {
        Timing {
            samples: Vec::with_capacity(RUNS),
        }
    }

    fn report(mut self, what: &str, target: &str) {
        self.samples.sort_unstable();
        let n = self.samples.len();
        let mean = self.samples.iter().sum::<Duration>() / n as u32;
        let at = |q: f64| self.samples[((n as f64 * q) as usize).min(n - 1)];
        println!(
            "{what:<52} mean {:>9.2?}  median {:>9.2?}  p99 {:>9.2?}  max {:>9.2?}  (target {target}, n={n})",
            mean,
            at(0.5),
            at(0.99),
            self.samples[n - 1]
        );
    }
}

/// Runs `setup` untimed and `timed` timed, `WARM_UP` times unrecorded then `RUNS` times.
fn bench<S, T>(
    what: &str,
    target: &str,
    mut setup: impl FnMut(usize) -> S,
    mut timed: impl FnMut(S) -> T,
    mut after: impl FnMut(T),
) {
    let mut timing = Timing::new();
    for i in 0..WARM_UP + RUNS {
        let input = setup(i);
        let start = Instant::now();
        let out = black_box(timed(black_box(input)));
        let took = start.elapsed();
        after(out);
        if i >= WARM_UP {
            timing.samples.push(took);
        }
    }
    timing.report(what, target);
}

fn main() {
    let settings = BalanceSettings::default();
    let started = Instant::now();
    let base = room(5, 1);
    println!(
        "setup: 10,000 seated and 5 busted in {:.1?}",
        started.elapsed()
    );

    // A registration: draw a seat and take it (then the player leaves, untimed).
    let mut s = base.clone();
    let cell = std::cell::RefCell::new(&mut s);
    bench(
        "registration: seat draw + seat",
        "<= 20 us",
        |i| (PlayerId(1_000_000 + i as u64), i as u64),
        |(p, seed)| {
            cell.borrow_mut().seat_new(p, seed).expect("open seat");
            p
        },
        |p| {
            cell.borrow_mut().remove(p).expect("seated");
        },
    );
    bench(
        "registration + balance plan",
        "<= 20 us",
        |i| (PlayerId(2_000_000 + i as u64), i as u64),
        |(p, seed)| {
            let mut s = cell.borrow_mut();
            s.seat_new(p, seed).expect("open seat");
            (p, s.plan(&settings, &Buttons::new(), &[]).moves.len())
        },
        |(p, _)| {
            cell.borrow_mut().remove(p).expect("seated");
        },
    );

    // A bust with its balancing and break decision, in the three shapes it takes.
    let mut r = rng(2);
    for (label, busts) in [("bust -> nothing to do", 5), ("bust -> a table breaks", 9)] {
        let mut s = room(busts, 3);
        let players: Vec<PlayerId> = s.players().map(|(p, _)| p).collect();
        let buttons = buttons(&s);
        let cell = std::cell::RefCell::new(&mut s);
        let mut steps = 0;
        bench(
            &format!("{label}: remove + plan"),
            "<= 150 us",
            |_| players[below(&mut r, players.len() as u32) as usize],
            |p| {
                let mut s = cell.borrow_mut();
                let seat = s.remove(p).expect("seated");
                (p, seat, s.plan(&settings, &buttons, &[]))
            },
            |(p, seat, plan)| {
                steps += usize::from(plan.step.is_some());
                cell.borrow_mut()
                    .place(p, seat)
                    .expect("seat is free again");
            },
        );
        println!(
            "  (a step was due after {steps} of {} busts)",
            WARM_UP + RUNS
        );
    }

    // A bust that calls for a balancing move, with every button known, the move applied.
    let mut s = room(0, 4);
    let specs_short: Vec<PlayerId> = s.tables()[0].players().map(|(_, p)| p).take(2).collect();
    for p in &specs_short {
        s.remove(*p).expect("seated");
    }
    let buttons = buttons(&s);
    let at_short: Vec<PlayerId> = s.tables()[0].players().map(|(_, p)| p).collect();
    let mut moves_made = 0;
    bench(
        "bust -> a balancing move: remove + plan + apply",
        "<= 150 us",
        |i| (s.clone(), at_short[i % at_short.len()]),
        |(mut s, p)| {
            s.remove(p).expect("seated");
            let plan = s.plan(&settings, &buttons, &[]);
            for mv in &plan.moves {
                s.apply_move(mv, None).expect("named by the button");
            }
            (s, plan.moves.len())
        },
        |(_, n)| moves_made += n,
    );
    println!("  ({moves_made} moves over {} busts)", WARM_UP + RUNS);

    // Executing a break: 10 players drawn into the other tables, the table released.
    let s = room(10, 5);
    let Some(Step::Break(table)) = s.next_step(&settings) else {
        panic!("a break is due with 9,990 players on 1,000 tables");
    };
    bench(
        "break a table: draw its players + release it",
        "-",
        |_| s.clone(),
        |mut s| {
            s.break_table(table, 7).expect("fits");
            s
        },
        drop,
    );

    // Undo of a bust: the player goes back to the seat they left.
    let mut u = base.clone();
    let players: Vec<PlayerId> = u.players().map(|(p, _)| p).collect();
    let cell = std::cell::RefCell::new(&mut u);
    bench(
        "undo a bust: put the player back",
        "<= 1 ms",
        |i| {
            let p = players[i % players.len()];
            let seat = cell.borrow_mut().remove(p).expect("seated");
            (p, seat)
        },
        |(p, seat)| cell.borrow_mut().place(p, seat),
        |r| r.expect("seat is free"),
    );

    let json = serde_json::to_vec(&base).expect("serializes");
    let started = Instant::now();
    let back: Seating = serde_json::from_slice(&json).expect("reads back");
    let read = started.elapsed();
    assert_eq!(back, base);
    println!(
        "snapshot: {} bytes ({:.2} MiB) for {} players on {} tables, read back in {read:.1?} (target < 10 MiB)",
        json.len(),
        json.len() as f64 / (1024.0 * 1024.0),
        base.player_count(),
        base.tables().len()
    );
}
