//! Balancing: tolerance, which table gives, which player moves, which seat they take,
//! the table that breaks next, short-table warnings, applying a move.

use super::*;
use crate::seating::positions::{big_blind_order, worst_open_seat, Cell};

fn settings() -> BalanceSettings {
    BalanceSettings::default()
}

/// Ten-seat tables 1, 2, 4, 5 with nine players (seats 1-9) and table 3 with six players
/// at seats 1, 2, 4, 6, 8, 9: table 3 is three short.
fn one_short() -> Seating {
    let mut s = filled(&[9, 9, 0, 9, 9], 10);
    for seat in [1, 2, 4, 6, 8, 9] {
        s.place(p(300 + u64::from(seat)), at(3, seat))
            .expect("open seat");
    }
    s
}

fn cells(players: &[SeatNo], seats: SeatNo) -> Vec<Cell> {
    (1..=seats)
        .map(|s| {
            if players.contains(&s) {
                Cell::Taken(Some(p(u64::from(s))))
            } else {
                Cell::Open
            }
        })
        .collect()
}

#[test]
fn the_tolerance_is_two_above_four_tables_and_one_from_four_down() {
    assert_eq!(settings().tolerance_for(5), 2);
    assert_eq!(settings().tolerance_for(4), 1);
    assert_eq!(settings().tolerance_for(2), 1);
}

#[test]
fn a_tolerance_of_zero_is_refused() {
    let zero = BalanceSettings {
        tolerance: 0,
        ..settings()
    };
    assert!(matches!(
        zero.validate(),
        Err(SeatingError::InvalidSetting(_))
    ));
    assert!(settings().validate().is_ok());
}

#[test]
fn tables_within_tolerance_get_no_moves() {
    let s = filled(&[9, 9, 7, 8, 9], 10);
    assert!(s.is_balanced(&settings()));
    assert_eq!(s.propose(&settings(), &Buttons::new(), &[]), vec![]);
}

#[test]
fn the_fullest_table_gives_and_ties_go_to_the_lowest_number() {
    let s = one_short();
    assert!(!s.is_balanced(&settings()));
    let moves = s.propose(&settings(), &Buttons::new(), &[]);
    assert_eq!(moves.len(), 1);
    assert_eq!((moves[0].from, moves[0].to.table), (t(1), t(3)));
    assert_eq!(moves[0].reason, MoveReason::Balance);
}

#[test]
fn a_posted_giver_order_breaks_ties() {
    let posted = BalanceSettings {
        giver: GiverRule::MostPlayersPosted(vec![t(4), t(2)]),
        ..settings()
    };
    let moves = one_short().propose(&posted, &Buttons::new(), &[]);
    assert_eq!(moves[0].from, t(4));
}

#[test]
fn without_buttons_the_floor_names_the_player_and_the_seat_is_the_lowest_open() {
    let mut s = one_short();
    let mv = s.propose(&settings(), &Buttons::new(), &[])[0];
    assert_eq!((mv.player, mv.from_seat, mv.to), (None, None, at(3, 3)));
    assert_eq!(s.apply_move(&mv, None), Err(SeatingError::PlayerNotNamed));
    let stale = SeatingError::NotAtTable {
        player: p(201),
        table: t(1),
    };
    assert_eq!(s.apply_move(&mv, Some(p(201))), Err(stale));
    assert_eq!(s.apply_move(&mv, Some(p(105))), Ok(at(1, 5)));
    assert!(s.is_balanced(&settings()));
    assert_eq!(
        s.apply_move(&mv, Some(p(106))),
        Err(SeatingError::SeatOccupied(at(3, 3)))
    );
    assert_consistent(&s);
}

#[test]
fn with_buttons_known_the_next_big_blind_moves_to_the_worst_seat() {
    let s = one_short();
    // Table 1: button 4, small blind 5, big blind 6: seat 7 is the next big blind.
    // Table 3: button 1, small blind 2, big blind 4: seat 5 posts the big blind next.
    let buttons = Buttons::from([(t(1), 4), (t(3), 1)]);
    let mv = s.propose(&settings(), &buttons, &[])[0];
    assert_eq!(
        (mv.player, mv.from_seat, mv.to),
        (Some(p(107)), Some(7), at(3, 5))
    );
}

#[test]
fn a_player_moved_recently_is_skipped_when_another_can_go() {
    let buttons = Buttons::from([(t(1), 4)]);
    let mv = one_short().propose(&settings(), &buttons, &[p(107)])[0];
    assert_eq!(mv.player, Some(p(108)));
    let everyone: Vec<PlayerId> = (101..=109).map(p).collect();
    let mv = one_short().propose(&settings(), &buttons, &everyone)[0];
    assert_eq!(
        mv.player,
        Some(p(107)),
        "when all moved recently, the rule's choice"
    );
}

#[test]
fn the_worst_seat_posts_the_big_blind_soonest_and_never_the_small_blind() {
    let table = cells(&[1, 2, 4, 6, 8, 9], 10);
    assert_eq!(worst_open_seat(&table, 1), Some(5));
    assert_eq!(worst_open_seat(&table, 9), Some(3));
    // Button 2: small blind 4, big blind 6. Seat 5 would post the small blind next.
    assert_eq!(worst_open_seat(&table, 2), Some(7));
    // Only the small-blind gap is open: the last resort.
    assert_eq!(worst_open_seat(&cells(&[1, 2, 4, 5], 5), 1), Some(3));
    // Only the seat before the next button is open: it waits longest, but it is a seat.
    assert_eq!(worst_open_seat(&cells(&[2, 3, 4], 4), 4), Some(1));
}

#[test]
fn the_big_blind_order_starts_after_the_hand_s_big_blind() {
    let order: Vec<SeatNo> = big_blind_order(&cells(&[1, 3, 5, 7], 8), 3)
        .iter()
        .map(|(s, _)| *s)
        .collect();
    assert_eq!(order, vec![1, 3, 5, 7]);
    let order: Vec<SeatNo> = big_blind_order(&cells(&[1, 3, 5, 7], 8), 8)
        .iter()
        .map(|(s, _)| *s)
        .collect();
    assert_eq!(order, vec![5, 7, 1, 3]);
}

#[test]
fn a_new_empty_table_takes_the_next_big_blinds_in_turn() {
    let s = filled(&[10, 0], 10);
    let moves = s.propose(&settings(), &Buttons::from([(t(1), 10)]), &[]);
    let movers: Vec<Option<SeatNo>> = moves.iter().map(|m| m.from_seat).collect();
    assert_eq!(movers, vec![Some(3), Some(4), Some(5), Some(6), Some(7)]);
    let mut s = s;
    for mv in &moves {
        s.apply_move(mv, None).expect("proposed");
    }
    assert_eq!(counts(&s), vec![5, 5]);
}

#[test]
fn no_player_is_moved_to_the_table_that_breaks_next() {
    let s = filled(&[9, 9, 9, 9, 5], 10);
    assert_eq!(s.next_to_break(), Some(t(5)));
    assert_eq!(s.propose(&settings(), &Buttons::new(), &[]), vec![]);
    assert!(s.is_balanced(&settings()));
    // With two tables the short one is fed: the final table comes next, not a break.
    let two = filled(&[7, 4], 9);
    let moves = two.propose(&settings(), &Buttons::new(), &[]);
    assert_eq!(
        moves.iter().map(|m| m.to.table).collect::<Vec<_>>(),
        vec![t(2)]
    );
}

#[test]
fn a_table_full_of_reserved_seats_is_not_fed() {
    let mut s = filled(&[6, 9, 9], 10);
    for seat in 7..=10 {
        s.set_reserved(at(1, seat), true).expect("empty seat");
    }
    assert_eq!(s.propose(&settings(), &Buttons::new(), &[]), vec![]);
    assert!(s.is_balanced(&settings()));
}

#[test]
fn a_table_three_short_of_the_fullest_is_flagged() {
    let s = filled(&[9, 9, 6, 7], 10);
    let short = s.short_tables(&settings());
    assert_eq!(
        short,
        vec![ShortTable {
            table: t(3),
            players: 6,
            short_by: 3
        }]
    );
}

#[test]
fn a_plan_names_the_break_first_and_moves_only_when_none_is_due() {
    let plan = one_short().plan(&settings(), &Buttons::new(), &[]);
    assert_eq!((plan.step, plan.moves.len()), (None, 1));
    assert_eq!(plan.short_tables.len(), 1);
    let s = filled(&[8, 8, 8, 8, 4], 10);
    let plan = s.plan(&settings(), &Buttons::new(), &[]);
    assert_eq!((plan.step, plan.moves), (Some(Step::Break(t(5))), vec![]));
}
