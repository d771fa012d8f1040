//! The clock is arithmetic, not a timer: an anchor says which level had how much time
//! left at which instant and whether it ran. Where the clock stands at any `now`, and every
//! clock command, is computed from the anchor and the levels. No timer, no tick events.

use crate::error::DomainError;
use crate::ids::{Millis, Timestamp};
use crate::structure::{Level, MAX_LEVEL_SECS};
use serde::{Deserialize, Serialize};

/// At instant `at`, level `level` (0-based) had `remaining_ms` left and ran or not.
/// `remaining_ms` is negative only in overtime on the last level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockAnchor {
    pub level: usize,
    pub remaining_ms: Millis,
    pub at: Timestamp,
    pub running: bool,
}

/// The most time a level may be given by hand.
const MAX_REMAINING_MS: Millis = MAX_LEVEL_SECS as Millis * 1000;

impl ClockAnchor {
    /// A stopped clock at the start of `level`.
    pub fn stopped_at(levels: &[Level], level: usize, now: Timestamp) -> Self {
        ClockAnchor {
            level,
            remaining_ms: levels.get(level).map_or(0, Level::duration_ms),
            at: now,
            running: false,
        }
    }

    /// The same clock re-anchored at `now`: level changes that happened since `at` are
    /// resolved, so the result shows the same position with `at == now`. Time before `at`
    /// (a wall clock that stepped back) counts as no time.
    pub fn settled(&self, levels: &[Level], now: Timestamp) -> Self {
        let elapsed = if self.running {
            now.saturating_sub(self.at).max(0)
        } else {
            0
        };
        let last = levels.len().saturating_sub(1);
        let mut level = self.level.min(last);
        let mut remaining = self.remaining_ms.saturating_sub(elapsed);
        // A level ends when its time reaches zero; the last level never ends (overtime).
        while remaining <= 0 && level < last {
            level += 1;
            remaining = remaining.saturating_add(levels[level].duration_ms());
        }
        ClockAnchor {
            level,
            remaining_ms: remaining,
            at: now,
            running: self.running,
        }
    }

    pub fn start(&self, levels: &[Level], now: Timestamp) -> Self {
        ClockAnchor {
            running: true,
            ..self.settled(levels, now)
        }
    }

    pub fn pause(&self, levels: &[Level], now: Timestamp) -> Result<Self, DomainError> {
        if !self.running {
            return Err(DomainError::AlreadyPaused);
        }
        Ok(ClockAnchor {
            running: false,
            ..self.settled(levels, now)
        })
    }

    pub fn resume(&self, levels: &[Level], now: Timestamp) -> Result<Self, DomainError> {
        if self.running {
            return Err(DomainError::AlreadyRunning);
        }
        Ok(ClockAnchor {
            running: true,
            ..self.settled(levels, now)
        })
    }

    /// Goes to the start of `level`, keeping running or paused as it was.
    pub fn jump(
        &self,
        levels: &[Level],
        level: usize,
        now: Timestamp,
    ) -> Result<Self, DomainError> {
        let target = levels.get(level).ok_or(DomainError::NoSuchLevel(level))?;
        Ok(ClockAnchor {
            level,
            remaining_ms: target.duration_ms(),
            at: now,
            running: self.running,
        })
    }

    pub fn next_level(&self, levels: &[Level], now: Timestamp) -> Result<Self, DomainError> {
        let here = self.settled(levels, now).level;
        if here + 1 >= levels.len() {
            return Err(DomainError::AtLastLevel);
        }
        self.jump(levels, here + 1, now)
    }

    pub fn previous_level(&self, levels: &[Level], now: Timestamp) -> Result<Self, DomainError> {
        let here = self.settled(levels, now).level;
        if here == 0 {
            return Err(DomainError::AtFirstLevel);
        }
        self.jump(levels, here - 1, now)
    }

    /// Sets the time left in the current level.
    pub fn set_remaining(
        &self,
        levels: &[Level],
        remaining_ms: Millis,
        now: Timestamp,
    ) -> Result<Self, DomainError> {
        check_remaining(remaining_ms)?;
        Ok(ClockAnchor {
            remaining_ms,
            ..self.settled(levels, now)
        })
    }

    /// Adds (or with a negative `delta_ms` removes) time from the current level. Adding
    /// time in overtime starts from zero. The result must leave at least a second.
    pub fn adjust(
        &self,
        levels: &[Level],
        delta_ms: Millis,
        now: Timestamp,
    ) -> Result<Self, DomainError> {
        if delta_ms == 0 {
            return Err(DomainError::InvalidValue("the time change is zero".into()));
        }
        let here = self.settled(levels, now);
        let remaining = here.remaining_ms.max(0).saturating_add(delta_ms);
        check_remaining(remaining)?;
        Ok(ClockAnchor {
            remaining_ms: remaining,
            ..here
        })
    }

    /// Re-anchors for a structure edited at `now`: the current level keeps the time it has
    /// already run, so its time left moves by the change of its duration.
    pub fn rebased(&self, old: &[Level], new: &[Level], now: Timestamp) -> Self {
        let here = self.settled(old, now);
        let old_len = old.get(here.level).map_or(0, Level::duration_ms);
        let new_len = new.get(here.level).map_or(0, Level::duration_ms);
        ClockAnchor {
            remaining_ms: here.remaining_ms.saturating_add(new_len - old_len),
            ..here
        }
    }

    /// Where the clock stands at `now`, with what a screen shows.
    pub fn view(&self, levels: &[Level], now: Timestamp) -> ClockView {
        let here = self.settled(levels, now);
        let after = levels.get(here.level + 1..).unwrap_or(&[]);
        let left = here.remaining_ms.max(0);
        let mut offset = left;
        let mut next_break_in_ms = None;
        let mut upcoming = Vec::with_capacity(after.len());
        for (i, level) in after.iter().enumerate() {
            if level.is_break() && next_break_in_ms.is_none() {
                next_break_in_ms = Some(offset);
            }
            upcoming.push(Upcoming {
                level: here.level + 1 + i,
                starts_in_ms: offset,
                starts_at: here.running.then_some(now.saturating_add(offset)),
            });
            offset = offset.saturating_add(level.duration_ms());
        }
        ClockView {
            level: here.level,
            remaining_ms: left,
            overtime_ms: here.remaining_ms.saturating_neg().max(0),
            running: here.running,
            on_break: levels.get(here.level).is_some_and(Level::is_break),
            levels_left: after.len(),
            last_levels: after.len() < 2,
            next_break_in_ms,
            upcoming,
        }
    }

    /// The instant of the next level change, if the clock runs and one is coming.
    pub fn next_change_at(&self, levels: &[Level], now: Timestamp) -> Option<Timestamp> {
        let here = self.settled(levels, now);
        (here.running && here.level + 1 < levels.len())
            .then(|| now.saturating_add(here.remaining_ms.max(0)))
    }
}

fn check_remaining(remaining_ms: Millis) -> Result<(), DomainError> {
    if (1000..=MAX_REMAINING_MS).contains(&remaining_ms) {
        Ok(())
    } else {
        Err(DomainError::InvalidValue(
            "the time left in a level must be between 1 second and 24 hours".into(),
        ))
    }
}

/// A coming level and when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upcoming {
    pub level: usize,
    /// Clock time until it starts (counts only while the clock runs).
    pub starts_in_ms: Millis,
    /// Wall-clock start, known only while the clock runs.
    pub starts_at: Option<Timestamp>,
}

/// The clock as a screen shows it at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockView {
    pub level: usize,
    pub remaining_ms: Millis,
    /// Time run past the end of the last level (it never stops at zero).
    pub overtime_ms: Millis,
    pub running: bool,
    pub on_break: bool,
    /// Levels after the current one.
    pub levels_left: usize,
    /// Warning: two levels or fewer are left, counting the current one.
    pub last_levels: bool,
    pub next_break_in_ms: Option<Millis>,
    pub upcoming: Vec<Upcoming>,
}

#[cfg(test)]
mod tests;
