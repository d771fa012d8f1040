//! Tables, seats and the moves the floor makes by hand, and what each refuses.

use super::*;

#[test]
fn a_table_has_two_to_ten_seats() {
    for seats in [0, 1, 11] {
        let err = Seating::new(vec![TableSpec::new(1, seats)], BreakOrder::default());
        assert!(
            matches!(err, Err(SeatingError::InvalidTable(_))),
            "{seats} seats"
        );
    }
    assert!(Seating::new(
        vec![TableSpec::new(1, 2), TableSpec::new(2, 10)],
        BreakOrder::default()
    )
    .is_ok());
}

#[test]
fn a_table_cannot_reserve_a_seat_it_does_not_have() {
    let mut spec = TableSpec::new(1, 6);
    spec.reserved.insert(8);
    assert!(matches!(
        spec.validate(),
        Err(SeatingError::InvalidTable(_))
    ));
}

#[test]
fn the_same_table_cannot_be_in_play_twice() {
    let mut s = room(2, 9);
    assert_eq!(
        s.add_table(TableSpec::new(2, 9)),
        Err(SeatingError::TableExists(t(2)))
    );
    let twice = Seating::new(
        vec![TableSpec::new(3, 9), TableSpec::new(3, 9)],
        BreakOrder::default(),
    );
    assert_eq!(twice, Err(SeatingError::TableExists(t(3))));
}

#[test]
fn seating_a_player_twice_is_refused() {
    let mut s = room(2, 9);
    s.place(p(1), at(1, 1)).expect("open seat");
    assert_eq!(
        s.place(p(1), at(2, 1)),
        Err(SeatingError::AlreadySeated(p(1)))
    );
    assert_eq!(s.seat_new(p(1), 7), Err(SeatingError::AlreadySeated(p(1))));
    assert_eq!(s.seat_of(p(1)), Some(at(1, 1)));
    assert_consistent(&s);
}

#[test]
fn moving_to_an_occupied_seat_is_refused_and_changes_nothing() {
    let mut s = filled(&[2, 2], 9);
    let before = s.clone();
    assert_eq!(
        s.move_player(p(101), at(2, 1)),
        Err(SeatingError::SeatOccupied(at(2, 1)))
    );
    assert_eq!(
        s.move_player(p(101), at(1, 1)),
        Err(SeatingError::SeatOccupied(at(1, 1)))
    );
    assert_eq!(s, before);
}

#[test]
fn moving_to_a_reserved_seat_is_refused() {
    let mut s = filled(&[2, 2], 9);
    s.set_reserved(at(2, 5), true).expect("empty seat");
    assert_eq!(
        s.move_player(p(101), at(2, 5)),
        Err(SeatingError::SeatReserved(at(2, 5)))
    );
    assert_eq!(
        s.place(p(9), at(2, 5)),
        Err(SeatingError::SeatReserved(at(2, 5)))
    );
    s.set_reserved(at(2, 5), false).expect("seat exists");
    assert_eq!(s.move_player(p(101), at(2, 5)), Ok(at(1, 1)));
    assert_consistent(&s);
}

#[test]
fn moving_to_a_seat_that_does_not_exist_is_refused() {
    let mut s = filled(&[2, 2], 9);
    let no_seat = SeatingError::NoSuchSeat {
        table: t(1),
        seat: 10,
    };
    assert_eq!(s.move_player(p(101), at(1, 10)), Err(no_seat));
    assert_eq!(
        s.move_player(p(101), at(1, 0)),
        Err(SeatingError::NoSuchSeat {
            table: t(1),
            seat: 0
        })
    );
    assert_eq!(
        s.move_player(p(101), at(7, 1)),
        Err(SeatingError::NoSuchTable(t(7)))
    );
    assert_eq!(
        s.move_player(p(5), at(1, 5)),
        Err(SeatingError::NotSeated(p(5)))
    );
}

#[test]
fn an_occupied_seat_cannot_be_reserved() {
    let mut s = filled(&[2], 9);
    assert_eq!(
        s.set_reserved(at(1, 1), true),
        Err(SeatingError::SeatOccupied(at(1, 1)))
    );
    s.set_reserved(at(1, 9), true).expect("empty seat");
    assert_eq!(s.capacity(), 8);
    assert_consistent(&s);
}

#[test]
fn a_move_by_hand_takes_the_player_to_the_given_seat() {
    let mut s = filled(&[3, 1], 9);
    assert_eq!(s.move_player(p(102), at(2, 7)), Ok(at(1, 2)));
    assert_eq!(s.seat_of(p(102)), Some(at(2, 7)));
    assert_eq!(counts(&s), vec![2, 2]);
    assert_consistent(&s);
}

#[test]
fn a_swap_trades_two_seats() {
    let mut s = filled(&[2, 2], 9);
    s.swap(p(101), p(202)).expect("both seated");
    assert_eq!(s.seat_of(p(101)), Some(at(2, 2)));
    assert_eq!(s.seat_of(p(202)), Some(at(1, 1)));
    assert_eq!(s.swap(p(101), p(101)), Err(SeatingError::SamePlayer));
    assert_eq!(s.swap(p(101), p(9)), Err(SeatingError::NotSeated(p(9))));
    assert_consistent(&s);
}

#[test]
fn removing_a_player_frees_the_seat_and_removing_twice_is_refused() {
    let mut s = filled(&[2], 9);
    assert_eq!(s.remove(p(102)), Ok(at(1, 2)));
    assert_eq!(s.remove(p(102)), Err(SeatingError::NotSeated(p(102))));
    assert!(s.table(t(1)).expect("in play").is_open(2));
    assert_consistent(&s);
}

#[test]
fn a_table_with_players_cannot_be_released() {
    let mut s = filled(&[1, 0], 9);
    assert_eq!(s.remove_table(t(1)), Err(SeatingError::TableNotEmpty(t(1))));
    assert_eq!(s.remove_table(t(2)).map(|spec| spec.id), Ok(t(2)));
    assert_eq!(s.remove_table(t(2)), Err(SeatingError::NoSuchTable(t(2))));
    assert_consistent(&s);
}

#[test]
fn the_default_break_order_is_highest_number_first_and_feature_tables_last() {
    let mut specs: Vec<TableSpec> = (1..=4).map(|i| TableSpec::new(i, 9)).collect();
    specs[3].feature = true;
    let s = Seating::new(specs, BreakOrder::default()).expect("valid");
    assert_eq!(s.tables_in_break_order(), &[t(3), t(2), t(1), t(4)]);
    assert_eq!(s.next_to_break(), Some(t(3)));
}

#[test]
fn a_posted_break_order_comes_first_and_the_rest_follow_the_default() {
    let mut s = room(5, 9);
    s.set_break_order(BreakOrder::Posted(vec![t(2), t(4)]));
    assert_eq!(s.tables_in_break_order(), &[t(2), t(4), t(5), t(3), t(1)]);
}

#[test]
fn with_two_tables_none_breaks_next_the_final_table_comes_next() {
    assert_eq!(room(2, 9).next_to_break(), None);
    assert_eq!(room(3, 9).next_to_break(), Some(t(3)));
}

#[test]
fn a_snapshot_reads_back_to_the_same_seating_with_its_index() {
    let mut s = filled(&[3, 2, 0], 9);
    s.set_reserved(at(3, 4), true).expect("empty seat");
    s.set_break_order(BreakOrder::Posted(vec![t(1)]));
    let json = serde_json::to_string(&s).expect("serializes");
    let back: Seating = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, s);
    assert_eq!(back.seat_of(p(202)), Some(at(2, 2)));
    assert_eq!(back.draw_seat(p(9), 42), s.draw_seat(p(9), 42));
    assert_eq!(back.tables_in_break_order(), s.tables_in_break_order());
    assert_consistent(&back);
}

#[test]
fn a_snapshot_with_a_player_in_two_seats_or_a_reserved_seat_is_refused() {
    let s = filled(&[1, 1], 9);
    let json = serde_json::to_string(&s).expect("serializes");
    let twice = json.replace("[201,", "[101,");
    assert!(serde_json::from_str::<Seating>(&twice).is_err(), "{twice}");
    let reserved = json.replacen("\"seats\":9}", "\"seats\":9,\"reserved\":[1]}", 1);
    assert!(
        serde_json::from_str::<Seating>(&reserved).is_err(),
        "{reserved}"
    );
}

#[test]
fn every_refusal_has_a_stable_code() {
    assert_eq!(SeatingError::SeatOccupied(at(1, 1)).code(), "seat_occupied");
    assert_eq!(SeatingError::SeatReserved(at(1, 1)).code(), "seat_reserved");
    assert_eq!(SeatingError::AlreadySeated(p(1)).code(), "already_seated");
    assert_eq!(SeatingError::LastTable.code(), "last_table");
    assert_eq!(
        SeatingError::NotAtTable {
            player: p(1),
            table: t(1)
        }
        .code(),
        "move_stale"
    );
}
