//! Breaking tables and forming the final table: when each is due, the redraw, replay
//! from the seed, and refusals that change nothing.

use super::*;

fn settings() -> BalanceSettings {
    BalanceSettings::default()
}

#[test]
fn forty_one_players_on_ten_seat_tables_lose_one_and_a_table_breaks() {
    let mut s = filled(&[9, 8, 8, 8, 8], 10);
    assert_eq!(s.next_step(&settings()), None);
    s.remove(p(101)).expect("seated");
    assert_eq!(s.next_step(&settings()), Some(Step::Break(t(5))));
    let planned = s.plan_break(t(5), 99).expect("fits");
    let broken = s.break_table(t(5), 99).expect("fits");
    assert_eq!(broken.moves, planned, "the break replays from its seed");
    assert_eq!(broken.table.id, t(5));
    assert_eq!(broken.moves.len(), 8);
    assert!(broken
        .moves
        .iter()
        .all(|m| m.from == t(5) && m.reason == MoveReason::TableBreak));
    assert_eq!(counts(&s), vec![10, 10, 10, 10]);
    assert!(s.table(t(5)).is_none());
    assert_eq!(s.next_step(&settings()), None);
    assert_consistent(&s);
}

#[test]
fn the_players_of_a_broken_table_skip_the_table_that_breaks_next() {
    let mut s = filled(&[7, 7, 7, 7, 4], 10);
    assert_eq!(s.next_step(&settings()), Some(Step::Break(t(5))));
    let broken = s.break_table(t(5), 5).expect("fits");
    assert!(
        broken.moves.iter().all(|m| m.to.table != t(4)),
        "{:?}",
        broken.moves
    );
    assert_eq!(s.table(t(4)).map(Table::player_count), Some(7));
    assert!(s.is_balanced(&settings()));
}

#[test]
fn the_table_that_breaks_next_takes_players_only_when_nothing_else_is_open() {
    let mut s = filled(&[8, 10, 10, 6, 6], 10);
    assert_eq!(s.next_step(&settings()), Some(Step::Break(t(5))));
    s.break_table(t(5), 1).expect("fits");
    assert_eq!(counts(&s), vec![10, 10, 10, 10]);
}

#[test]
fn breaking_the_last_table_is_refused() {
    let mut s = filled(&[3], 9);
    assert_eq!(s.break_table(t(1), 1), Err(SeatingError::LastTable));
    assert_eq!(s.break_table(t(2), 1), Err(SeatingError::NoSuchTable(t(2))));
}

#[test]
fn a_table_whose_players_do_not_fit_elsewhere_cannot_break() {
    let mut s = filled(&[9, 9], 9);
    let err = s.break_table(t(2), 1);
    assert_eq!(
        err,
        Err(SeatingError::NotEnoughSeats {
            players: 9,
            open: 0
        })
    );
    assert_eq!(s.player_count(), 18);
}

#[test]
fn a_break_whose_draw_is_stale_is_refused_and_changes_nothing() {
    let mut s = filled(&[6, 6, 2], 9);
    let moves = s.plan_break(t(3), 3).expect("fits");
    s.move_player(p(301), at(3, 9)).expect("open seat");
    let before = s.clone();
    let stale = s.apply_break(t(3), moves.clone());
    assert!(
        matches!(stale, Err(SeatingError::NotAtTable { .. })),
        "{stale:?}"
    );
    assert_eq!(s, before);
    let mut missing = s.plan_break(t(3), 3).expect("fits");
    missing.pop();
    assert!(matches!(
        s.apply_break(t(3), missing),
        Err(SeatingError::MovesMismatch(_))
    ));
    assert_eq!(s, before);
}

#[test]
fn a_final_table_of_nine_forms_from_two_tables_of_five_in_a_nine_handed_event() {
    let mut s = filled(&[5, 5], 9);
    assert_eq!(
        s.next_step(&settings()),
        None,
        "ten players stay at two tables"
    );
    s.remove(p(203)).expect("seated");
    assert_eq!(
        s.next_step(&settings()),
        Some(Step::FinalTable { host: t(1) })
    );
    let planned = s.plan_final_table(t(1), 77).expect("fits");
    let formed = s.form_final_table(t(1), 77).expect("fits");
    assert_eq!(formed.moves, planned, "the redraw replays from its seed");
    assert_eq!(formed.moves.len(), 9, "every seat is redrawn");
    assert!(formed
        .moves
        .iter()
        .all(|m| m.reason == MoveReason::FinalTable && m.to.table == t(1)));
    assert_eq!(
        formed.released.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![t(2)]
    );
    assert_eq!(counts(&s), vec![9]);
    assert_eq!(s.next_step(&settings()), None);
    assert_consistent(&s);
}

#[test]
fn rp9_sets_the_final_table_size_from_the_table_size() {
    for (seats, size) in [(10, 10), (9, 9), (8, 9), (7, 7), (6, 7)] {
        assert_eq!(
            room(2, seats).final_table_size(&settings()),
            size,
            "{seats}-handed"
        );
    }
    let fixed = BalanceSettings {
        final_table: FinalTableSize::Players(8),
        ..settings()
    };
    assert_eq!(room(2, 10).final_table_size(&fixed), 8);
}

#[test]
fn an_eight_handed_final_table_of_nine_needs_a_table_with_nine_seats() {
    let mut s = filled(&[5, 4], 8);
    assert_eq!(
        s.next_step(&settings()),
        None,
        "no eight-seat table holds nine"
    );
    s.add_table(TableSpec::new(3, 10)).expect("new table");
    assert_eq!(
        s.next_step(&settings()),
        Some(Step::FinalTable { host: t(3) })
    );
    s.form_final_table(t(3), 1).expect("fits");
    assert_eq!(counts(&s), vec![9]);
}

#[test]
fn a_final_table_redraw_into_a_reserved_or_doubled_seat_is_refused_and_changes_nothing() {
    let mut s = filled(&[3, 3], 9);
    s.set_reserved(at(1, 9), true).expect("empty seat");
    let planned = s.plan_final_table(t(1), 4).expect("fits");
    assert!(
        planned.iter().all(|m| m.to != at(1, 9)),
        "the draw skips the reserved seat"
    );
    let before = s.clone();
    let mut moves = planned.clone();
    moves[0].to = at(1, 9);
    assert_eq!(
        s.apply_final_table(t(1), moves),
        Err(SeatingError::SeatReserved(at(1, 9)))
    );
    let mut moves = planned.clone();
    moves[1].to = moves[0].to;
    assert_eq!(
        s.apply_final_table(t(1), moves),
        Err(SeatingError::SeatOccupied(planned[0].to))
    );
    let mut moves = planned;
    moves[2].to = at(2, 9);
    assert!(matches!(
        s.apply_final_table(t(1), moves),
        Err(SeatingError::NoSuchSeat { .. })
    ));
    assert_eq!(s, before);
}

#[test]
fn a_final_table_too_small_for_the_field_is_refused() {
    let err = filled(&[6, 6, 0], 10).plan_final_table(t(3), 1);
    assert_eq!(
        err,
        Err(SeatingError::NotEnoughSeats {
            players: 12,
            open: 10
        })
    );
}
