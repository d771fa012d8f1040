//! Hand-for-hand: tables report, the next hand starts when all have, the clock loses
//! its minutes, and players busted on one hand are ranked together.

use super::*;
use crate::seating::handforhand::rank_busts;

fn bust(player: u64, table: u32, chips: u64) -> HandBust {
    HandBust {
        player: p(player),
        table: t(table),
        starting_chips: chips,
    }
}

#[test]
fn the_next_hand_starts_when_every_table_has_reported() {
    let tables = [t(1), t(2), t(3)];
    let settings = HandForHandSettings::default();
    let mut h = HandForHand::start();
    assert_eq!(h.hand_done(t(2), &tables, 27, &settings), Ok(None));
    assert_eq!(h.hand_done(t(1), &tables, 27, &settings), Ok(None));
    assert_eq!(h.waiting_for(&tables), vec![t(3)]);
    let done = h
        .hand_done(t(3), &tables, 27, &settings)
        .expect("in play")
        .expect("complete");
    assert_eq!(
        (done.hand, done.clock_reduction, done.finishes),
        (1, 120_000, vec![])
    );
    assert_eq!(h.hand(), 2);
    assert_eq!(h.waiting_for(&tables), tables.to_vec());
}

#[test]
fn a_table_cannot_report_twice_or_report_when_not_in_play() {
    let tables = [t(1), t(2)];
    let settings = HandForHandSettings::default();
    let mut h = HandForHand::start();
    h.hand_done(t(1), &tables, 10, &settings).expect("in play");
    assert_eq!(
        h.hand_done(t(1), &tables, 10, &settings),
        Err(SeatingError::HandAlreadyReported(t(1)))
    );
    assert_eq!(
        h.hand_done(t(9), &tables, 10, &settings),
        Err(SeatingError::NoSuchTable(t(9)))
    );
    assert_eq!(
        h.record_bust(bust(1, 1, 500)),
        Err(SeatingError::HandAlreadyReported(t(1)))
    );
}

#[test]
fn a_table_that_broke_mid_hand_is_not_waited_for() {
    let settings = HandForHandSettings::default();
    let mut h = HandForHand::start();
    h.hand_done(t(1), &[t(1), t(2), t(3)], 20, &settings)
        .expect("in play");
    let done = h
        .hand_done(t(2), &[t(1), t(2)], 20, &settings)
        .expect("in play");
    assert!(done.is_some());
}

#[test]
fn a_double_bust_at_the_bubble_ranks_by_starting_stack_and_equal_stacks_share() {
    let tables = [t(1), t(2)];
    let settings = HandForHandSettings::default();
    let mut h = HandForHand::start();
    h.record_bust(bust(7, 1, 3_000)).expect("first bust");
    h.record_bust(bust(8, 2, 3_000)).expect("second bust");
    h.record_bust(bust(9, 2, 5_000)).expect("third bust");
    assert_eq!(
        h.record_bust(bust(9, 1, 1)),
        Err(SeatingError::AlreadyBusted(p(9)))
    );
    h.hand_done(t(1), &tables, 10, &settings).expect("in play");
    let done = h
        .hand_done(t(2), &tables, 10, &settings)
        .expect("in play")
        .expect("complete");
    assert_eq!(
        done.finishes,
        vec![
            SharedFinish {
                players: vec![p(9)],
                best: 11,
                worst: 11
            },
            SharedFinish {
                players: vec![p(7), p(8)],
                best: 12,
                worst: 13
            },
        ]
    );
    assert!(h.busts().is_empty());
}

#[test]
fn two_players_with_equal_stacks_on_the_bubble_share_the_last_paid_place() {
    let finishes = rank_busts(&[bust(1, 1, 800), bust(2, 3, 800)], 9);
    assert_eq!(
        finishes,
        vec![SharedFinish {
            players: vec![p(1), p(2)],
            best: 10,
            worst: 11
        }]
    );
}

#[test]
fn the_clock_loses_two_minutes_per_hand_and_never_more_than_three() {
    assert_eq!(HandForHandSettings::default().clock_reduction(), 120_000);
    let four = HandForHandSettings {
        minutes_per_hand: 4,
    };
    assert!(matches!(
        four.validate(),
        Err(SeatingError::InvalidSetting(_))
    ));
    assert_eq!(four.clock_reduction(), 180_000);
}
