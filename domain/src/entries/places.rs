//! Finishing places (TDA.md, Hand-for-hand): of players out on one hand, more chips at the
//! start of the hand finishes higher; equal stacks tie and share the places they cover.
//! Places are derived from the order of busts, never stored: a busted tier's best place
//! is one below everyone still in play and everyone out after it. So a late entry, a
//! revive or a tie can never leave a gap or an overlap.

use super::{Entries, EntryId, EntryStatus};
use crate::structure::Chips;
use serde::{Deserialize, Serialize};

/// Places `best..=worst` (1 is the winner), shared by the entries of one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Places {
    pub best: u32,
    pub worst: u32,
}

impl Places {
    /// How many places the range covers (the number of entries sharing it).
    pub fn len(&self) -> u32 {
        self.worst + 1 - self.best
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The busts of one hand as finishing tiers, first out first: smaller starting stacks
/// go out first, equal stacks share a tier (entries in id order inside it).
pub(super) fn tiers_of_hand(busted: &[(EntryId, Chips)]) -> Vec<Vec<EntryId>> {
    let mut sorted = busted.to_vec();
    sorted.sort_by_key(|&(id, stack)| (stack, id));
    let mut tiers: Vec<Vec<EntryId>> = Vec::new();
    let mut last: Option<Chips> = None;
    for (id, stack) in sorted {
        match tiers.last_mut() {
            Some(tier) if last == Some(stack) => tier.push(id),
            _ => tiers.push(vec![id]),
        }
        last = Some(stack);
    }
    tiers
}

impl Entries {
    /// The places of every busted tier, last out (best) first, with its entries. Empty
    /// tiers (emptied by revives) are left out.
    pub fn finishes(&self) -> Vec<(Places, &[EntryId])> {
        let mut next = self.players_left() + 1;
        let mut out = Vec::new();
        for tier in self.tiers.iter().rev().filter(|t| !t.is_empty()) {
            let size = u32::try_from(tier.len()).unwrap_or(u32::MAX);
            let places = Places {
                best: next,
                worst: next + size - 1,
            };
            next = places.worst + 1;
            out.push((places, tier.as_slice()));
        }
        out
    }

    /// The place an entry finished in; `None` while it is in play (or unregistered).
    pub fn place(&self, id: EntryId) -> Option<Places> {
        let EntryStatus::Busted(bust) = &self.get(id)?.status else {
            return None;
        };
        let after: usize = self.tiers.iter().skip(bust.tier + 1).map(Vec::len).sum();
        let size = self.tiers.get(bust.tier)?.len();
        let best = self.players_left() + u32::try_from(after).ok()? + 1;
        Some(Places {
            best,
            worst: best + u32::try_from(size).ok()? - 1,
        })
    }

    /// Every counted entry with its place: those in play share `1..=players left` (one
    /// winner once the rest are out), then the busted tiers. Best first.
    pub fn standings(&self) -> Vec<(Places, EntryId)> {
        let left = self.players_left();
        let mut out: Vec<(Places, EntryId)> = Vec::new();
        if left > 0 {
            let top = Places {
                best: 1,
                worst: left,
            };
            out.extend(self.active().map(|e| (top, e.id)));
        }
        for (places, tier) in self.finishes() {
            out.extend(tier.iter().map(|id| (places, *id)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smaller_stack_goes_out_first_and_equal_stacks_share_a_tier() {
        let e = EntryId;
        let busted = [(e(3), Chips(500)), (e(1), Chips(200)), (e(2), Chips(500))];
        assert_eq!(tiers_of_hand(&busted), vec![vec![e(1)], vec![e(2), e(3)]]);
    }

    #[test]
    fn a_place_range_counts_its_places() {
        let p = Places { best: 4, worst: 6 };
        assert_eq!(p.len(), 3);
        assert!(!p.is_empty());
    }
}
