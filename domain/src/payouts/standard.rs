//! The payout plan Felt ships, following published live-poker practice: small fields pay
//! the top three to nine from a fixed table; from 76 entries about the top 10-15% are paid,
//! the final table place by place and the rest in bands of equal prizes (3, then 9, 18, 27
//! places), first place 20-30% and the smallest prize at least 1.5 buy-ins. Integer
//! arithmetic only, so the plan is the same on every machine.

use super::{PayoutPlan, PayoutRow, FULL_BP};

/// Small fields: entries from, to, shares in basis points.
const SMALL: &[(u32, u32, &[u32])] = &[
    (1, 10, &[5000, 3000, 2000]),
    (11, 20, &[4000, 2700, 1900, 1400]),
    (21, 30, &[3700, 2500, 1700, 1200, 900]),
    (31, 45, &[3400, 2300, 1600, 1200, 850, 650]),
    (46, 60, &[3000, 2000, 1400, 1100, 900, 700, 500, 400]),
    (61, 75, &[2900, 1900, 1350, 1050, 850, 650, 500, 420, 380]),
];

/// Larger fields: entries from, to, places paid (always the end of a band).
const LARGE: &[(u32, u32, u32)] = &[
    (76, 100, 12),
    (101, 125, 15),
    (126, 160, 18),
    (161, 200, 24),
    (201, 250, 27),
    (251, 300, 36),
    (301, 400, 45),
    (401, 500, 54),
    (501, 600, 72),
    (601, 700, 81),
    (701, 800, 99),
    (801, 1000, 117),
    (1001, 1250, 135),
    (1251, 1500, 171),
    (1501, 2000, 225),
    (2001, 2500, 297),
    (2501, 3000, 351),
    (3001, 4000, 432),
    (4001, 5000, 540),
    (5001, 6500, 702),
    (6501, 8000, 864),
    (8001, 10_000, 1080),
];

pub(super) fn plan() -> PayoutPlan {
    let small = SMALL.iter().map(|&(min, max, shares)| PayoutRow {
        min_entries: min,
        max_entries: Some(max),
        shares_bp: shares.to_vec(),
    });
    // The last row is open-ended: a field larger than any listed still gets paid.
    let large = LARGE
        .iter()
        .enumerate()
        .map(|(i, &(min, max, places))| PayoutRow {
            min_entries: min,
            max_entries: (i + 1 < LARGE.len()).then_some(max),
            shares_bp: curve(min, places),
        });
    PayoutPlan {
        name: "Felt standard".into(),
        rows: small.chain(large).collect(),
    }
}

/// The last place of the band that starts at `place`: the final table one by one, then
/// bands of 3 to 27th, of 9 to 99th, of 18 to 297th and of 27 after that.
pub(super) fn band_end(place: u32) -> u32 {
    match place {
        0..=9 => place,
        10..=27 => place + 2,
        28..=99 => place + 8,
        100..=297 => place + 17,
        _ => place + 26,
    }
}

/// Shares for `places` places when the smallest field of the row is `min_entries`.
///
/// Each place gets a floor of 1.5 buy-ins (assuming the pool is about entries x buy-in),
/// and the rest of the pool by the curve 1 / (place + 1/2)^1.5, averaged over each band.
/// Rounding is the largest-remainder method over whole bands (a band gains a basis point
/// for each of its places or none), so prizes in a band stay equal and the shares never
/// rise by place; the few basis points no band can take go to first place.
fn curve(min_entries: u32, places: u32) -> Vec<u32> {
    let floor_bp = 15_000u32.div_ceil(min_entries);
    let rest = u128::from(FULL_BP - floor_bp * places);

    // (size, weight per place) of each band, best first.
    let mut bands: Vec<(u32, u128)> = Vec::new();
    let mut start = 1;
    while start <= places {
        let end = band_end(start).min(places);
        let weights: u128 = (start..=end).map(weight).sum();
        let size = end - start + 1;
        bands.push((size, weights / u128::from(size)));
        start = end + 1;
    }
    let total: u128 = bands.iter().map(|&(size, w)| u128::from(size) * w).sum();

    // Exact share per place of band b is rest * w_b / total: its floor, then the fraction.
    let mut per_place: Vec<u128> = bands.iter().map(|&(_, w)| rest * w / total).collect();
    let mut by_fraction: Vec<(u128, usize)> = bands
        .iter()
        .enumerate()
        .map(|(b, &(_, w))| (rest * w % total, b))
        .collect();
    by_fraction.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let given: u128 = bands
        .iter()
        .zip(&per_place)
        .map(|(&(size, _), &bp)| u128::from(size) * bp)
        .sum();
    let mut left = rest - given;
    for &(_, b) in &by_fraction {
        let size = u128::from(bands[b].0);
        if size <= left {
            per_place[b] += 1;
            left -= size;
        }
    }
    per_place[0] += left;

    bands
        .iter()
        .zip(per_place)
        .flat_map(|(&(size, _), bp)| {
            // A share of 10000 basis points fits a u32.
            let bp = floor_bp + u32::try_from(bp).unwrap_or(FULL_BP);
            std::iter::repeat_n(bp, size as usize)
        })
        .collect()
}

/// 1 / (place + 1/2)^1.5 in fixed point: 2^100 / (2 place + 1)^1.5, up to a constant factor.
fn weight(place: u32) -> u128 {
    let x = u128::from(2 * place + 1);
    (1u128 << 100) / ((x * x * x) << 40).isqrt()
}
