use super::*;
use proptest::prelude::*;
use uuid::Uuid;

const DAY: Timestamp = 86_400_000;

fn player(n: u128) -> PlayerId {
    PlayerId(Uuid::from_u128(n))
}

fn tid(n: u128) -> TournamentId {
    TournamentId(Uuid::from_u128(n))
}

fn places(best: u32, worst: u32) -> Places {
    Places { best, worst }
}

fn league(formula: PointsFormula) -> League {
    League {
        name: "Thursday league".into(),
        season: Season {
            start: 0,
            end: 100 * DAY,
        },
        formula,
        best_results: None,
        min_entries: 0,
    }
}

/// A tournament `id` at day `day` whose players finished in the order given, untied.
fn ordered(id: u128, day: i64, entries: u32, players: &[u128]) -> TournamentResult {
    TournamentResult {
        tournament: tid(id),
        ended_at: day * DAY,
        entries,
        buy_in: Money(5_000),
        finishes: (1u32..)
            .zip(players)
            .map(|(place, &p)| Finish {
                player: player(p),
                places: places(place, place),
            })
            .collect(),
    }
}

fn points_of(league: &League, result: &TournamentResult) -> Vec<(PlayerId, u64)> {
    let awards = league.awards(result).expect("a valid result");
    awards.iter().map(|a| (a.player, a.points.0)).collect()
}

fn no_names() -> BTreeMap<PlayerId, String> {
    BTreeMap::new()
}

#[test]
fn fixed_points_go_by_place_and_places_beyond_the_list_get_nothing() {
    let l = league(PointsFormula::FixedPerPlace(vec![100, 60, 40]));
    let t = ordered(1, 1, 4, &[1, 2, 3, 4]);
    assert_eq!(
        points_of(&l, &t),
        vec![
            (player(1), 10_000),
            (player(2), 6_000),
            (player(3), 4_000),
            (player(4), 0)
        ]
    );
}

#[test]
fn participation_gives_everyone_who_played_the_same_points() {
    let l = league(PointsFormula::Participation { points: 5 });
    let t = ordered(1, 1, 3, &[1, 2, 3]);
    assert!(points_of(&l, &t).iter().all(|&(_, p)| p == 500));
}

#[test]
fn the_square_root_formula_rounds_each_place_to_a_hundredth() {
    let f = PointsFormula::SqrtEntriesOverPlace { factor: 10 };
    assert_eq!(f.place_points(1, 100), Points(10_000));
    assert_eq!(f.place_points(4, 100), Points(5_000));
    // 10 * sqrt(10) / sqrt(3) = 18.2574...
    assert_eq!(f.place_points(3, 10), Points(1_826));
    // 10 * sqrt(7) / sqrt(2) = 18.7082...
    assert_eq!(f.place_points(2, 7), Points(1_871));
    assert_eq!(f.place_points(2, 7).to_string(), "18.71");
}

#[test]
fn players_outlasted_gives_a_step_for_every_entry_behind_plus_one() {
    let f = PointsFormula::PlayersOutlasted { per_player: 2 };
    assert_eq!(f.place_points(1, 10), Points::whole(20));
    assert_eq!(f.place_points(10, 10), Points::whole(2));
}

#[test]
fn a_sum_adds_participation_to_the_points_by_place() {
    let f = PointsFormula::Sum(vec![
        PointsFormula::Participation { points: 10 },
        PointsFormula::FixedPerPlace(vec![50, 25]),
    ]);
    assert_eq!(f.place_points(1, 5), Points::whole(60));
    assert_eq!(f.place_points(2, 5), Points::whole(35));
    assert_eq!(f.place_points(5, 5), Points::whole(10));
}

#[test]
fn tied_players_share_the_points_of_the_places_they_cover() {
    let l = league(PointsFormula::FixedPerPlace(vec![100, 60, 40]));
    let mut t = ordered(1, 1, 3, &[1]);
    t.finishes.extend([3, 2].map(|p| Finish {
        player: player(p),
        places: places(2, 3),
    }));
    assert_eq!(
        points_of(&l, &t),
        vec![(player(1), 10_000), (player(2), 5_000), (player(3), 5_000)]
    );
}

#[test]
fn the_hundredths_a_tie_cannot_share_go_one_each_to_the_lowest_player_ids() {
    // 10 + 5 + 2 points are 1700 hundredths over 3 players: 566 each and 2 left over,
    // which go to players 1 and 2 whatever order the finishes came in.
    let l = league(PointsFormula::FixedPerPlace(vec![10, 5, 2]));
    let t = TournamentResult {
        finishes: [3, 1, 2]
            .map(|p| Finish {
                player: player(p),
                places: places(1, 3),
            })
            .to_vec(),
        ..ordered(1, 1, 3, &[])
    };
    assert_eq!(
        points_of(&l, &t),
        vec![(player(1), 567), (player(2), 567), (player(3), 566)]
    );
}

#[test]
fn a_sole_first_place_is_a_win_but_sharing_the_top_is_not() {
    let l = league(PointsFormula::Participation { points: 1 });
    let shared = TournamentResult {
        finishes: [1, 2]
            .map(|p| Finish {
                player: player(p),
                places: places(1, 2),
            })
            .to_vec(),
        ..ordered(1, 1, 2, &[])
    };
    let won = ordered(2, 2, 2, &[1, 2]);
    let rows = l.standings(&[shared, won], &no_names()).expect("valid");
    assert_eq!((rows[0].player, rows[0].wins), (player(1), 1));
    assert_eq!((rows[1].wins, rows[1].best), (0, places(1, 2)));
}

#[test]
fn only_the_best_n_results_count_but_every_event_is_played() {
    let mut l = league(PointsFormula::FixedPerPlace(vec![10, 5, 1]));
    l.best_results = Some(2);
    let results = [
        ordered(1, 1, 3, &[1, 2, 3]),
        ordered(2, 2, 3, &[3, 1, 2]),
        ordered(3, 3, 3, &[2, 3, 1]),
    ];
    let rows = l.standings(&results, &no_names()).expect("valid");
    // Everyone has 10, 5 and 1: the best two make 15.
    assert!(rows.iter().all(|r| r.points == Points::whole(15)));
    assert!(rows.iter().all(|r| r.events == 3 && r.rank == 1));
}

#[test]
fn a_tournament_ending_as_the_season_starts_counts_and_one_ending_as_it_ends_does_not() {
    let l = league(PointsFormula::Participation { points: 1 });
    let at = |id, ended_at| TournamentResult {
        ended_at,
        ..ordered(id, 0, 1, &[id])
    };
    let results = [at(1, -1), at(2, 0), at(3, 100 * DAY - 1), at(4, 100 * DAY)];
    let rows = l.standings(&results, &no_names()).expect("valid");
    let players: Vec<PlayerId> = rows.iter().map(|r| r.player).collect();
    assert_eq!(players, vec![player(2), player(3)]);
}

#[test]
fn tournaments_with_a_field_below_the_minimum_are_left_out() {
    let mut l = league(PointsFormula::Participation { points: 1 });
    l.min_entries = 3;
    let rows = l
        .standings(
            &[ordered(1, 1, 2, &[1, 2]), ordered(2, 2, 3, &[1, 2, 3])],
            &no_names(),
        )
        .expect("valid");
    assert!(rows.iter().all(|r| r.events == 1));
}

#[test]
fn a_player_who_reentered_is_scored_by_their_best_entry() {
    let l = league(PointsFormula::FixedPerPlace(vec![10, 5, 1]));
    let t = ordered(1, 1, 3, &[2, 1, 2]);
    assert_eq!(
        points_of(&l, &t),
        vec![(player(2), 1_000), (player(1), 500)]
    );
}

#[test]
fn final_results_become_finishes_one_per_entry() {
    let result = FinalResult {
        places: places(2, 3),
        entry: crate::entries::EntryId(7),
        player: player(9),
        prize: Money(1_000),
        bounties_won: Money::ZERO,
        bounty_kept: Money::ZERO,
    };
    let t = TournamentResult::from_final_results(tid(1), 5, 3, Money(100), &[result]);
    assert_eq!(
        t.finishes,
        vec![Finish {
            player: player(9),
            places: places(2, 3)
        }]
    );
}

#[test]
fn standings_break_level_points_by_wins_then_best_finish_then_events_played() {
    let l = league(PointsFormula::FixedPerPlace(vec![10, 6, 4, 2]));
    let (a, b, c, d, e, f) = (1, 2, 3, 4, 5, 6);
    let results = [
        ordered(1, 1, 5, &[a, c, e, 10, 11]),
        ordered(2, 2, 5, &[20, b, d, 21, e]),
        ordered(3, 3, 5, &[30, 31, b, d, 32]),
        ordered(4, 4, 3, &[40, 41, f]),
    ];
    let rows = l.standings(&results, &no_names()).expect("valid");
    let row = |p| {
        rows.iter()
            .find(|r| r.player == player(p))
            .copied()
            .expect("in the standings")
    };
    let before = |x, y| row(x).rank < row(y).rank && row(x).points == row(y).points;
    // a won 10 once; b made 10 in 2nd and 3rd.
    assert!(before(a, b));
    // c was 2nd (6); d made 6 in 3rd and 4th.
    assert!(before(c, d));
    // e and f were both 3rd at best, for 4: e also played (and scored 0) once more.
    assert!(before(e, f));
    assert_eq!((row(e).events, row(f).events), (2, 1));
}

#[test]
fn players_level_on_everything_are_ordered_by_name_and_share_a_rank() {
    let l = league(PointsFormula::FixedPerPlace(vec![10]));
    let results = [ordered(1, 1, 2, &[1, 2]), ordered(2, 2, 2, &[2, 1])];
    let names = BTreeMap::from([(player(1), "Zoe".into()), (player(2), "Adam".into())]);
    let rows = l.standings(&results, &names).expect("valid");
    assert_eq!((rows[0].player, rows[0].rank), (player(2), 1));
    assert_eq!((rows[1].player, rows[1].rank), (player(1), 1));
}

#[test]
fn the_same_tournament_given_twice_is_refused() {
    let l = league(PointsFormula::Participation { points: 1 });
    let t = ordered(1, 1, 1, &[1]);
    assert_eq!(
        l.standings(&[t.clone(), t], &no_names()),
        Err(LeagueError::SameTournamentTwice(tid(1)))
    );
}

#[test]
fn places_outside_the_field_overlapping_or_incomplete_ties_are_refused() {
    let l = league(PointsFormula::Participation { points: 1 });
    let with = |finishes: &[(u128, u32, u32)]| TournamentResult {
        finishes: finishes
            .iter()
            .map(|&(p, best, worst)| Finish {
                player: player(p),
                places: places(best, worst),
            })
            .collect(),
        ..ordered(1, 1, 4, &[])
    };
    let code = |t: TournamentResult| l.awards(&t).map_err(|e| e.code());
    assert_eq!(code(with(&[(1, 5, 5)])), Err("league_places_out_of_range"));
    assert_eq!(code(with(&[(1, 0, 0)])), Err("league_places_out_of_range"));
    assert_eq!(
        code(with(&[(1, 2, 3), (2, 2, 3), (3, 3, 3)])),
        Err("league_overlapping_places")
    );
    assert_eq!(code(with(&[(1, 2, 3)])), Err("league_incomplete_tie"));
    assert!(code(with(&[(1, 2, 3), (2, 2, 3), (3, 4, 4)])).is_ok());
}

#[test]
fn a_season_that_ends_before_it_starts_or_counting_no_results_is_refused() {
    let mut l = league(PointsFormula::Participation { points: 1 });
    l.season.end = l.season.start;
    assert_eq!(l.check().map_err(|e| e.code()), Err("league_empty_season"));
    let mut l = league(PointsFormula::Participation { points: 1 });
    l.best_results = Some(0);
    assert_eq!(l.check(), Err(LeagueError::NoResultsCount));
}

#[test]
fn the_csv_has_a_header_and_quotes_names_with_commas_quotes_and_formulas() {
    let l = league(PointsFormula::SqrtEntriesOverPlace { factor: 10 });
    let mut t = ordered(1, 1, 7, &[1, 2, 3]);
    t.finishes.extend([4, 5].map(|p| Finish {
        player: player(p),
        places: places(4, 5),
    }));
    let names = BTreeMap::from([
        (player(1), "Smith, Jo".to_string()),
        (player(2), "Jo \"The Rock\" Bloggs".to_string()),
        (player(3), "=1+1".to_string()),
        (player(4), "Ann".to_string()),
    ]);
    let rows = l.standings(&[t], &names).expect("valid");
    let csv = to_csv(&rows, &names);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "rank,player,player_id,points,events,wins,best_place"
    );
    let id = |n| Uuid::from_u128(n).to_string();
    assert_eq!(lines[1], format!("1,\"Smith, Jo\",{},26.46,1,1,1", id(1)));
    assert_eq!(
        lines[2],
        format!("2,\"Jo \"\"The Rock\"\" Bloggs\",{},18.71,1,0,2", id(2))
    );
    assert_eq!(lines[3], format!("3,'=1+1,{},15.28,1,0,3", id(3)));
    // 4th and 5th share 13.23 + 11.83 = 25.06: 12.53 each.
    // Level on everything: by name, players without one last.
    assert_eq!(lines[4], format!("4,Ann,{},12.53,1,0,4-5", id(4)));
    assert_eq!(lines[5], format!("4,,{},12.53,1,0,4-5", id(5)));
    assert_eq!(lines[6], "");
}

#[test]
fn a_league_reads_back_from_json_as_it_was_written() {
    let mut l = league(PointsFormula::Sum(vec![
        PointsFormula::Participation { points: 10 },
        PointsFormula::FixedPerPlace(vec![50, 25]),
        PointsFormula::SqrtEntriesOverPlace { factor: 10 },
        PointsFormula::PlayersOutlasted { per_player: 1 },
    ]));
    l.best_results = Some(8);
    let json = serde_json::to_string(&l).expect("serializes");
    assert!(json.contains(r#"{"fixed_per_place":[50,25]}"#), "{json}");
    assert_eq!(serde_json::from_str::<League>(&json).expect("parses"), l);
}

fn leaf_formula() -> impl Strategy<Value = PointsFormula> {
    prop_oneof![
        prop::collection::vec(0u32..200, 0..12).prop_map(PointsFormula::FixedPerPlace),
        (0u32..50).prop_map(|points| PointsFormula::Participation { points }),
        (1u32..30).prop_map(|factor| PointsFormula::SqrtEntriesOverPlace { factor }),
        (0u32..5).prop_map(|per_player| PointsFormula::PlayersOutlasted { per_player }),
    ]
}

fn formula() -> impl Strategy<Value = PointsFormula> {
    prop_oneof![
        leaf_formula(),
        prop::collection::vec(leaf_formula(), 0..4).prop_map(PointsFormula::Sum),
    ]
}

/// A tournament of distinct players from a pool of 40, finishing in tiers of 1 to 4
/// (ties), some tiers left out of the result; `day` may fall outside the season.
fn tournament(id: u128) -> impl Strategy<Value = TournamentResult> {
    (
        prop::collection::vec((1u32..=4, any::<bool>()), 1..10),
        Just((0u128..40).collect::<Vec<_>>()).prop_shuffle(),
        -5i64..105,
        0u32..5,
    )
        .prop_map(move |(tiers, pool, day, extra)| {
            let mut finishes = Vec::new();
            let mut next = 1;
            let mut players = pool.into_iter();
            for (size, kept) in tiers {
                let p = places(next, next + size - 1);
                next += size;
                for player_n in players.by_ref().take(size as usize) {
                    if kept {
                        finishes.push(Finish {
                            player: player(player_n),
                            places: p,
                        });
                    }
                }
            }
            TournamentResult {
                tournament: tid(id),
                ended_at: day * DAY,
                entries: next - 1 + extra,
                buy_in: Money(1_000),
                finishes,
            }
        })
}

proptest! {
    #[test]
    fn ties_share_exactly_the_points_of_the_places_given(
        f in formula(),
        t in tournament(1).prop_filter("in season", |t| (0..100 * DAY).contains(&t.ended_at)),
    ) {
        let l = league(f.clone());
        let awarded: Points = l.awards(&t).expect("valid").iter().map(|a| a.points).sum();
        let expected: Points = t
            .finishes
            .iter()
            .map(|fin| fin.places)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .flat_map(|p| p.best..=p.worst)
            .map(|place| f.place_points(place, t.entries))
            .sum();
        prop_assert_eq!(awarded, expected);
    }

    #[test]
    fn standings_do_not_depend_on_the_order_tournaments_are_fed_in(
        f in formula(),
        best in prop::option::of(1u32..4),
        min_entries in 0u32..6,
        results in (tournament(1), tournament(2), tournament(3), tournament(4), tournament(5))
            .prop_map(|(a, b, c, d, e)| vec![a, b, c, d, e]),
        order in Just((0usize..5).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let mut l = league(f);
        l.best_results = best;
        l.min_entries = min_entries;
        let names = BTreeMap::from([(player(3), "Bea".to_string()), (player(5), "Al".to_string())]);
        let shuffled: Vec<TournamentResult> = order.iter().map(|&i| results[i].clone()).collect();
        let a = l.standings(&results, &names).expect("valid");
        let b = l.standings(&shuffled, &names).expect("valid");
        prop_assert_eq!(a, b);
    }
}
