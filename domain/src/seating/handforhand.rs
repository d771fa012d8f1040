//! Hand-for-hand near the bubble (RP-8): every table plays one hand at a time, reports
//! when it is done, and the next hand starts when all have. The clock lives elsewhere:
//! the time it loses per hand is returned as a value. Players busted on the same hand
//! are ranked together (more chips at the start of the hand finishes higher; equal
//! stacks tie and share the places they cover).

use super::{PlayerId, SeatingError, TableId};
use crate::ids::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most the clock may lose per hand-for-hand hand, in minutes (TDA.md: at most 3).
pub const MAX_MINUTES_PER_HAND: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct HandForHandSettings {
    /// Minutes taken off the clock per hand played hand-for-hand (default 2, at most 3).
    pub minutes_per_hand: u8,
}

impl Default for HandForHandSettings {
    fn default() -> Self {
        HandForHandSettings {
            minutes_per_hand: 2,
        }
    }
}

impl HandForHandSettings {
    pub fn validate(&self) -> Result<(), SeatingError> {
        if self.minutes_per_hand > MAX_MINUTES_PER_HAND {
            return Err(SeatingError::InvalidSetting(format!(
                "hand-for-hand takes at most {MAX_MINUTES_PER_HAND} minutes off per hand"
            )));
        }
        Ok(())
    }

    /// The clock time one hand-for-hand hand costs (capped at 3 minutes).
    pub fn clock_reduction(&self) -> Millis {
        Millis::from(self.minutes_per_hand.min(MAX_MINUTES_PER_HAND)) * 60_000
    }
}

/// A player busted during a hand-for-hand hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandBust {
    pub player: PlayerId,
    pub table: TableId,
    /// The player's chips when the hand started.
    pub starting_chips: u64,
}

/// Players who finish together: they share the prizes of places `best..=worst`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedFinish {
    pub players: Vec<PlayerId>,
    pub best: u32,
    pub worst: u32,
}

/// A hand every table has finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandCompleted {
    /// The hand that finished (from 1).
    pub hand: u32,
    /// Time to take off the clock for it.
    pub clock_reduction: Millis,
    /// Who busted on it, best finish first.
    pub finishes: Vec<SharedFinish>,
}

/// Hand-for-hand in progress: the hand being played, the tables done with it, and who
/// busted on it. The tournament holds `Option<HandForHand>`: `None` when it is off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandForHand {
    hand: u32,
    reported: BTreeSet<TableId>,
    busts: Vec<HandBust>,
}

impl Default for HandForHand {
    fn default() -> Self {
        HandForHand::start()
    }
}

impl HandForHand {
    /// The floor calls hand-for-hand: hand 1 starts at every table.
    pub fn start() -> Self {
        HandForHand {
            hand: 1,
            reported: BTreeSet::new(),
            busts: Vec::new(),
        }
    }

    pub fn hand(&self) -> u32 {
        self.hand
    }

    pub fn busts(&self) -> &[HandBust] {
        &self.busts
    }

    /// The tables in play still playing the current hand.
    pub fn waiting_for(&self, in_play: &[TableId]) -> Vec<TableId> {
        in_play
            .iter()
            .filter(|t| !self.reported.contains(t))
            .copied()
            .collect()
    }

    /// Records a player busted on the current hand at `table`.
    pub fn record_bust(&mut self, bust: HandBust) -> Result<(), SeatingError> {
        if self.reported.contains(&bust.table) {
            return Err(SeatingError::HandAlreadyReported(bust.table));
        }
        if self.busts.iter().any(|b| b.player == bust.player) {
            return Err(SeatingError::AlreadyBusted(bust.player));
        }
        self.busts.push(bust);
        Ok(())
    }

    /// `table` is done with the current hand. When every table in play is, the hand is
    /// complete: the result says how much time comes off the clock and ranks the busts,
    /// given `remaining`, the players still in after the hand; the next hand starts.
    pub fn hand_done(
        &mut self,
        table: TableId,
        in_play: &[TableId],
        remaining: u32,
        settings: &HandForHandSettings,
    ) -> Result<Option<HandCompleted>, SeatingError> {
        if !in_play.contains(&table) {
            return Err(SeatingError::NoSuchTable(table));
        }
        if !self.reported.insert(table) {
            return Err(SeatingError::HandAlreadyReported(table));
        }
        if in_play.iter().any(|t| !self.reported.contains(t)) {
            return Ok(None);
        }
        let done = HandCompleted {
            hand: self.hand,
            clock_reduction: settings.clock_reduction(),
            finishes: rank_busts(&self.busts, remaining),
        };
        self.hand += 1;
        self.reported.clear();
        self.busts.clear();
        Ok(Some(done))
    }
}

/// Players busted on one hand, best finish first: more starting chips finish higher,
/// equal stacks share. With `remaining` players left, they cover places
/// `remaining + 1 ..= remaining + busts`.
pub fn rank_busts(busts: &[HandBust], remaining: u32) -> Vec<SharedFinish> {
    let mut sorted: Vec<&HandBust> = busts.iter().collect();
    sorted.sort_by_key(|b| (std::cmp::Reverse(b.starting_chips), b.player));
    let mut finishes: Vec<SharedFinish> = Vec::new();
    let mut place = remaining;
    let mut last_chips = None;
    for b in sorted {
        place += 1;
        match finishes.last_mut() {
            Some(f) if last_chips == Some(b.starting_chips) => {
                f.players.push(b.player);
                f.worst = place;
            }
            _ => finishes.push(SharedFinish {
                players: vec![b.player],
                best: place,
                worst: place,
            }),
        }
        last_chips = Some(b.starting_chips);
    }
    finishes
}
