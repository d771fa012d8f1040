//! How long an exact ICM takes: 10 and 20 players with everyone paid (the target is
//! 20 players in at most 25 ms in a release build), and 20 players with 3 paid. Plain
//! timing after a warm-up, no harness: `cargo bench -p felt-domain --bench icm`.

use felt_domain::icm;
use felt_domain::money::Money;
use felt_domain::Chips;
use std::hint::black_box;
use std::time::Instant;

/// Uneven stacks, like a real final table, and prizes for the top `paid` places.
fn table(players: u64, paid: i64) -> (Vec<Chips>, Vec<Money>) {
    let stacks = (1..=players)
        .map(|i| Chips(100_000 + 37_123 * i * i))
        .collect();
    let prizes = (1..=paid).map(|p| Money(1_000_000 / p)).collect();
    (stacks, prizes)
}

fn measure(players: u64, paid: i64, warm_up: u32, runs: u32) {
    let (stacks, prizes) = table(players, paid);
    let run = || icm::equities(black_box(&stacks), black_box(&prizes)).expect("valid table");
    for _ in 0..warm_up {
        black_box(run());
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(run());
            start.elapsed().as_secs_f64() * 1_000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / f64::from(runs);
    println!(
        "icm {players:>2} players, {paid:>2} paid: median {:.3} ms, mean {mean:.3} ms, \
         min {:.3} ms, max {:.3} ms ({runs} runs)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
    );
}

fn main() {
    measure(10, 10, 200, 2_000);
    measure(20, 20, 5, 50);
    measure(20, 3, 5, 200);
}
