//! Clock arithmetic at level and break boundaries, and the pause/resume invariant.

use super::*;
use crate::structure::{AnteKind, BreakLevel, Chips, PlayLevel};
use proptest::prelude::*;

const MIN: i64 = 60_000;

fn play(bb: u64, minutes: u32) -> Level {
    Level::Play(PlayLevel {
        small_blind: Chips(bb / 2),
        big_blind: Chips(bb),
        ante: Chips(0),
        ante_kind: AnteKind::None,
        duration_secs: minutes * 60,
    })
}

fn pause(minutes: u32) -> Level {
    Level::Break(BreakLevel {
        duration_secs: minutes * 60,
        note: None,
        color_up: false,
    })
}

/// 10 min, 10 min, 5 min break, 10 min (last).
fn levels() -> Vec<Level> {
    vec![play(200, 10), play(400, 10), pause(5), play(600, 10)]
}

fn running_from(at: i64) -> ClockAnchor {
    ClockAnchor {
        running: true,
        ..ClockAnchor::stopped_at(&levels(), 0, at)
    }
}

#[test]
fn a_running_clock_counts_down_and_moves_on_exactly_when_time_reaches_zero() {
    let l = levels();
    let c = running_from(0);
    let v = c.view(&l, 10 * MIN - 1);
    assert_eq!((v.level, v.remaining_ms), (0, 1));
    let v = c.view(&l, 10 * MIN);
    assert_eq!((v.level, v.remaining_ms), (1, 10 * MIN));
    let v = c.view(&l, 20 * MIN + 30_000);
    assert_eq!(
        (v.level, v.remaining_ms, v.on_break),
        (2, 5 * MIN - 30_000, true)
    );
}

#[test]
fn the_last_level_never_ends_and_counts_overtime() {
    let l = levels();
    let c = running_from(0);
    let end = 35 * MIN;
    let v = c.view(&l, end + 90_000);
    assert_eq!(v.level, 3);
    assert_eq!(v.remaining_ms, 0);
    assert_eq!(v.overtime_ms, 90_000);
    assert!(v.last_levels);
    assert_eq!(c.next_change_at(&l, end + 1), None);
}

#[test]
fn a_paused_clock_does_not_move() {
    let l = levels();
    let c = running_from(0).pause(&l, 3 * MIN).expect("running");
    assert_eq!(c.view(&l, 100 * MIN).remaining_ms, 7 * MIN);
    assert_eq!(c.view(&l, 100 * MIN).upcoming[0].starts_at, None);
    assert_eq!(c.pause(&l, 4 * MIN), Err(DomainError::AlreadyPaused));
    let r = c.resume(&l, 50 * MIN).expect("paused");
    assert_eq!(r.view(&l, 51 * MIN).remaining_ms, 6 * MIN);
    assert_eq!(r.resume(&l, 52 * MIN), Err(DomainError::AlreadyRunning));
}

#[test]
fn the_next_break_and_every_coming_level_start_are_known() {
    let l = levels();
    let c = running_from(0);
    let v = c.view(&l, 4 * MIN);
    assert_eq!(v.next_break_in_ms, Some(16 * MIN));
    let starts: Vec<_> = v.upcoming.iter().map(|u| (u.level, u.starts_at)).collect();
    assert_eq!(
        starts,
        vec![
            (1, Some(10 * MIN)),
            (2, Some(20 * MIN)),
            (3, Some(25 * MIN))
        ]
    );
    assert_eq!(v.levels_left, 3);
    assert!(!v.last_levels);
    assert_eq!(c.next_change_at(&l, 4 * MIN), Some(10 * MIN));
}

#[test]
fn next_and_previous_level_go_to_the_start_of_the_neighbouring_level() {
    let l = levels();
    let c = running_from(0);
    // Just before the boundary, "next" goes to level 1 in full.
    let n = c.next_level(&l, 10 * MIN - 1).expect("level 1 exists");
    assert_eq!((n.level, n.remaining_ms, n.running), (1, 10 * MIN, true));
    // On the boundary the clock is already at level 1: "next" goes to the break.
    let n = c.next_level(&l, 10 * MIN).expect("the break exists");
    assert_eq!((n.level, n.remaining_ms), (2, 5 * MIN));
    let p = n.previous_level(&l, 10 * MIN).expect("level 1 exists");
    assert_eq!((p.level, p.remaining_ms), (1, 10 * MIN));
    assert_eq!(c.previous_level(&l, 0), Err(DomainError::AtFirstLevel));
    let last = c.jump(&l, 3, 0).expect("level 3 exists");
    assert_eq!(last.next_level(&l, MIN), Err(DomainError::AtLastLevel));
    assert_eq!(c.jump(&l, 4, 0), Err(DomainError::NoSuchLevel(4)));
}

#[test]
fn a_jump_keeps_a_paused_clock_paused() {
    let l = levels();
    let c = ClockAnchor::stopped_at(&l, 0, 0);
    let j = c.jump(&l, 2, 5).expect("exists");
    assert!(!j.running);
    assert_eq!(j.view(&l, 1000 * MIN).remaining_ms, 5 * MIN);
}

#[test]
fn time_can_be_set_added_and_removed_within_the_level() {
    let l = levels();
    let c = running_from(0);
    let s = c.set_remaining(&l, 3 * MIN, 2 * MIN).expect("valid");
    assert_eq!(s.view(&l, 2 * MIN).remaining_ms, 3 * MIN);
    assert_eq!(s.view(&l, 5 * MIN).level, 1);
    let a = c.adjust(&l, MIN, 2 * MIN).expect("valid");
    assert_eq!(a.view(&l, 2 * MIN).remaining_ms, 9 * MIN);
    let r = c.adjust(&l, -MIN, 2 * MIN).expect("valid");
    assert_eq!(r.view(&l, 2 * MIN).remaining_ms, 7 * MIN);
    assert!(
        c.adjust(&l, -8 * MIN, 2 * MIN).is_err(),
        "would end the level"
    );
    assert!(c.adjust(&l, 0, 2 * MIN).is_err());
    assert!(c.set_remaining(&l, 0, 0).is_err());
    assert!(c.set_remaining(&l, 25 * 60 * MIN, 0).is_err());
}

#[test]
fn adding_time_in_overtime_starts_from_zero() {
    let l = levels();
    let c = running_from(0);
    let a = c.adjust(&l, MIN, 40 * MIN).expect("valid");
    let v = a.view(&l, 40 * MIN);
    assert_eq!((v.level, v.remaining_ms, v.overtime_ms), (3, MIN, 0));
}

#[test]
fn a_wall_clock_that_steps_back_counts_as_no_time() {
    let l = levels();
    let c = running_from(10 * MIN + 5);
    assert_eq!(c.view(&l, 0).remaining_ms, 10 * MIN);
}

#[test]
fn an_edited_current_level_keeps_the_time_it_has_run() {
    let l = levels();
    let c = running_from(0);
    let mut longer = l.clone();
    longer[0] = play(200, 15);
    let r = c.rebased(&l, &longer, 4 * MIN);
    assert_eq!(r.view(&longer, 4 * MIN).remaining_ms, 11 * MIN);
}

proptest! {
    /// However often a clock is paused and resumed, it shows exactly the time that ran
    /// while it was running.
    #[test]
    fn pause_and_resume_show_exactly_the_running_time(
        steps in proptest::collection::vec(1i64..400_000, 1..40),
        start in 0i64..1_000_000_000,
    ) {
        let l = levels();
        let mut clock = ClockAnchor::stopped_at(&l, 0, start).start(&l, start);
        let mut now = start;
        let mut ran = 0;
        for (i, step) in steps.iter().enumerate() {
            if clock.running { ran += step; }
            now += step;
            clock = if i % 2 == 0 { clock.pause(&l, now) } else { clock.resume(&l, now) }
                .expect("alternates");
        }
        let later = now + 123_456;
        if clock.running { ran += 123_456; }
        let shown = running_from(0).view(&l, ran);
        let view = clock.view(&l, later);
        prop_assert_eq!((view.level, view.remaining_ms, view.overtime_ms),
                        (shown.level, shown.remaining_ms, shown.overtime_ms));
    }

    /// Settling is idempotent: re-anchoring now and computing later gives what computing
    /// later from the original anchor gives.
    #[test]
    fn settling_never_changes_what_the_clock_shows(a in 0i64..3_000_000, b in 0i64..3_000_000) {
        let l = levels();
        let c = running_from(0);
        let settled = c.settled(&l, a);
        prop_assert_eq!(settled.view(&l, a + b), c.view(&l, a + b));
    }
}

/// Every command exactly on a boundary (level -> level, level -> break, break -> level,
/// into the last level) acts on the level that has just begun.
#[test]
fn every_command_on_a_boundary_acts_on_the_level_that_just_began() {
    let l = levels();
    let c = running_from(0);
    // Boundaries: 10 min (level 0 -> 1), 20 min (level 1 -> break), 25 min (break -> last).
    for (at, begun) in [(10 * MIN, 1), (20 * MIN, 2), (25 * MIN, 3)] {
        let full = l[begun].duration_ms();
        let paused = c.pause(&l, at).expect("running");
        assert_eq!(
            (paused.level, paused.remaining_ms),
            (begun, full),
            "pause at {at}"
        );
        let resumed = paused.resume(&l, at + 5 * MIN).expect("paused");
        assert_eq!(resumed.view(&l, at + 5 * MIN).remaining_ms, full);
        let set = c.set_remaining(&l, 30_000, at).expect("valid");
        assert_eq!(
            (set.level, set.remaining_ms),
            (begun, 30_000),
            "set at {at}"
        );
        let added = c.adjust(&l, MIN, at).expect("valid");
        assert_eq!(
            (added.level, added.remaining_ms),
            (begun, full + MIN),
            "add at {at}"
        );
        let removed = c.adjust(&l, -(full - 1000), at).expect("leaves a second");
        assert_eq!(removed.remaining_ms, 1000);
        assert!(
            c.adjust(&l, -full, at).is_err(),
            "would end the level at {at}"
        );
        let previous = c.previous_level(&l, at).expect("not the first");
        assert_eq!(previous.level, begun - 1, "previous at {at}");
        match c.next_level(&l, at) {
            Ok(next) => assert_eq!(next.level, begun + 1),
            Err(e) => assert_eq!((e, begun), (DomainError::AtLastLevel, 3)),
        }
    }
}

#[test]
fn time_on_a_break_counts_down_and_hands_over_to_the_next_level() {
    let l = levels();
    let on_break = running_from(0).jump(&l, 2, 0).expect("the break exists");
    let v = on_break.view(&l, 4 * MIN);
    assert!(v.on_break);
    assert_eq!(v.remaining_ms, MIN);
    assert_eq!(v.next_break_in_ms, None, "no break after this one");
    let v = on_break.view(&l, 5 * MIN);
    assert_eq!((v.level, v.on_break, v.remaining_ms), (3, false, 10 * MIN));
}

#[test]
fn the_last_levels_warning_starts_two_levels_from_the_end() {
    let l = levels();
    let c = running_from(0);
    assert!(!c.view(&l, 0).last_levels);
    assert!(
        !c.view(&l, 10 * MIN).last_levels,
        "level 1 of 4: three to go"
    );
    assert!(
        c.view(&l, 20 * MIN).last_levels,
        "the break: itself and one more"
    );
    assert!(c.view(&l, 25 * MIN).last_levels);
}
