//! The rules: [`Entries::decide`] checks a command against the state and the context and
//! returns the events to record, or the rule it breaks. It changes nothing.

use super::places::tiers_of_hand;
use super::EntryEvent;
use super::{bounty, BustedEntry, Entries, Entry, EntryCommand, EntryContext, EntryError};
use super::{EntryId, EntryKind, EntryStatus, PlayerId};
use crate::structure::Chips;
use std::collections::BTreeSet;

type Decided = Result<Vec<EntryEvent>, EntryError>;

impl Entries {
    /// Checks `command` in `ctx`; the events to record, or why not.
    pub fn decide(&self, command: &EntryCommand, ctx: &EntryContext) -> Decided {
        use EntryCommand as C;
        match command {
            C::Register { player } => self.enter(*player, EntryKind::Buyin, ctx),
            C::Reenter { player } => self.enter(*player, EntryKind::Reentry, ctx),
            C::Unregister { entry } => self.unregister(*entry, ctx),
            C::Rebuy { entry, stack } => self.rebuy(*entry, *stack, ctx),
            C::AddOn { entry } => self.add_on(*entry, ctx),
            C::Bust { busted } => self.bust(busted, ctx),
            C::Revive { entry } => self.revive(*entry),
            C::JoinWaitingList { player } => self.join_waiting_list(*player, ctx),
            C::LeaveWaitingList { player } => {
                if !self.waiting.contains(player) {
                    return Err(EntryError::NotWaiting(*player));
                }
                Ok(vec![EntryEvent::LeftWaitingList { player: *player }])
            }
            C::CloseRegistration if self.closed_by_hand => Err(EntryError::AlreadyClosed),
            C::CloseRegistration => Ok(vec![EntryEvent::RegistrationClosed]),
            C::ReopenRegistration if !self.closed_by_hand => Err(EntryError::NotClosedByHand),
            C::ReopenRegistration => Ok(vec![EntryEvent::RegistrationReopened]),
            C::ChangeSettings { settings } => {
                settings.validate()?;
                Ok(vec![EntryEvent::SettingsChanged {
                    settings: settings.clone(),
                }])
            }
        }
    }

    fn entry(&self, id: EntryId) -> Result<&Entry, EntryError> {
        self.get(id).ok_or(EntryError::UnknownEntry(id))
    }

    fn active_entry(&self, id: EntryId) -> Result<&Entry, EntryError> {
        let entry = self.entry(id)?;
        match entry.status {
            EntryStatus::Active => Ok(entry),
            EntryStatus::Busted(_) => Err(EntryError::AlreadyBusted(id)),
            EntryStatus::Unregistered => Err(EntryError::NotActive(id)),
        }
    }

    /// What kind of entry `player` may make now: a buy-in, a re-entry, or neither.
    fn may_enter(&self, player: PlayerId) -> Result<EntryKind, EntryError> {
        let mut counted = 0u32;
        for entry in self.of_player(player) {
            if entry.is_active() {
                return Err(EntryError::AlreadyRegistered(player));
            }
            counted += u32::from(entry.counts());
        }
        if counted == 0 {
            return Ok(EntryKind::Buyin);
        }
        let max = self.settings.max_reentries_per_player;
        if counted > max {
            return Err(EntryError::ReentryLimit { player, max });
        }
        Ok(EntryKind::Reentry)
    }

    /// A seat for `player`: refused when full, or when the free seats are held for
    /// alternates ahead of them on the waiting list.
    fn check_seat(&self, player: PlayerId) -> Result<(), EntryError> {
        let (Some(capacity), Some(free)) = (self.settings.capacity, self.free_seats()) else {
            return Ok(());
        };
        if free == 0 {
            return Err(EntryError::CapacityFull { capacity });
        }
        let ahead = self.waiting.iter().position(|p| *p == player);
        let ahead = ahead.unwrap_or(self.waiting.len());
        if ahead >= free as usize {
            return Err(EntryError::SeatHeldForAlternate);
        }
        Ok(())
    }

    fn enter(&self, player: PlayerId, asked: EntryKind, ctx: &EntryContext) -> Decided {
        let kind = self.may_enter(player)?;
        match (asked, kind) {
            (EntryKind::Buyin, EntryKind::Reentry) => {
                return Err(EntryError::ReentryRequired(player))
            }
            (EntryKind::Reentry, EntryKind::Buyin) => return Err(EntryError::NotEntered(player)),
            _ => {}
        }
        if !self.registration_open(ctx.level, ctx.on_break) {
            return Err(EntryError::RegistrationClosed);
        }
        self.check_seat(player)?;
        let s = &self.settings;
        let bonus = s
            .on_time_bonus
            .filter(|b| ctx.now <= b.deadline)
            .map_or(0, |b| b.chips.0);
        let next = u32::try_from(self.entries.len() + 1).unwrap_or(u32::MAX);
        Ok(vec![EntryEvent::Registered {
            entry: EntryId(next),
            player,
            kind,
            price: s.buy_in.clone(),
            chips: Chips(s.starting_chips.0 + bonus),
            at: ctx.now,
        }])
    }

    fn unregister(&self, id: EntryId, ctx: &EntryContext) -> Decided {
        let entry = self.active_entry(id)?;
        if ctx.started {
            return Err(EntryError::RefundAfterStart);
        }
        Ok(vec![EntryEvent::Unregistered {
            entry: id,
            refund: entry.paid.clone(),
        }])
    }

    fn rebuy(&self, id: EntryId, stack: Option<Chips>, ctx: &EntryContext) -> Decided {
        let rebuy = self.settings.rebuy.as_ref().ok_or(EntryError::NoRebuys)?;
        let entry = self.active_entry(id)?;
        if !ctx.started {
            return Err(EntryError::NotStarted);
        }
        if !self.settings.rebuy_open(ctx.level, ctx.on_break) {
            return Err(EntryError::RebuyClosed);
        }
        let max = rebuy.max_per_player;
        let player_rebuys: u32 = self.of_player(entry.player).map(|e| e.rebuys).sum();
        if player_rebuys >= max {
            return Err(EntryError::RebuyLimit { entry: id, max });
        }
        if let Some(max) = rebuy.max_stack {
            let stack = stack.ok_or(EntryError::RebuyStackNeeded { max })?;
            if stack > max {
                return Err(EntryError::RebuyAboveThreshold { stack, max });
            }
        }
        Ok(vec![EntryEvent::RebuyBought {
            entry: id,
            price: rebuy.price.clone(),
            chips: rebuy.chips,
        }])
    }

    fn add_on(&self, id: EntryId, ctx: &EntryContext) -> Decided {
        let add_on = self.settings.add_on.as_ref().ok_or(EntryError::NoAddOn)?;
        let entry = self.active_entry(id)?;
        if !ctx.started {
            return Err(EntryError::NotStarted);
        }
        if entry.add_on {
            return Err(EntryError::AddOnTaken(id));
        }
        if !self.settings.add_on_open(ctx.level) {
            return Err(EntryError::AddOnClosed);
        }
        Ok(vec![EntryEvent::AddOnBought {
            entry: id,
            price: add_on.price.clone(),
            chips: add_on.chips,
        }])
    }

    fn bust(&self, busted: &[BustedEntry], ctx: &EntryContext) -> Decided {
        if busted.is_empty() {
            return Err(EntryError::EmptyBust);
        }
        let mut out = BTreeSet::new();
        for b in busted {
            self.active_entry(b.entry)?;
            if !out.insert(b.entry) {
                return Err(EntryError::NamedTwice(b.entry));
            }
        }
        if !ctx.started {
            return Err(EntryError::NotStarted);
        }
        // Someone in play must be left (found at once, not by counting the field).
        if !self.active().any(|e| !out.contains(&e.id)) {
            return Err(EntryError::LastPlayerStanding);
        }
        let mut payments = Vec::new();
        for b in busted {
            let mut named = BTreeSet::new();
            for &id in &b.eliminators {
                let entry = self.get(id).ok_or(EntryError::UnknownEliminator(id))?;
                if out.contains(&id) {
                    return Err(EntryError::EliminatorBusted(id));
                }
                if !entry.is_active() {
                    return Err(EntryError::EliminatorNotActive(id));
                }
                if !named.insert(id) {
                    return Err(EntryError::NamedTwice(id));
                }
            }
            let value = self.entry(b.entry)?.bounty;
            payments.extend(bounty::collect(
                self.settings.bounty,
                b.entry,
                value,
                &b.eliminators,
            )?);
        }
        // Hand-for-hand: the busts reported earlier on this hand (at other tables) are
        // ranked again with these, by the stacks they started the hand with.
        let (replaces, earlier) = ctx.hand.map_or((0, Vec::new()), |h| self.busts_on_hand(h));
        let stacks: Vec<(EntryId, Chips)> = earlier
            .into_iter()
            .chain(busted.iter().map(|b| (b.entry, b.stack)))
            .collect();
        Ok(vec![EntryEvent::Busted {
            at: ctx.now,
            busted: busted.to_vec(),
            eliminators: Vec::new(),
            finishes: tiers_of_hand(&stacks),
            payments,
            hand: ctx.hand,
            replaces,
        }])
    }

    /// The busts already recorded on hand-for-hand hand `hand`, with their starting
    /// stacks, and how many tiers at the end of the order they fill. They are the last
    /// busts (every bust during hand-for-hand is on its current hand); tiers a revive
    /// emptied may sit among them.
    fn busts_on_hand(&self, hand: u32) -> (usize, Vec<(EntryId, Chips)>) {
        let mut earlier = Vec::new();
        let mut replaces = 0;
        for i in (0..self.tiers.len()).rev() {
            let Some(tier) = self.tiers.get(i) else {
                break;
            };
            let on_hand: Vec<(EntryId, Chips)> = tier
                .iter()
                .filter_map(|id| match &self.get(*id)?.status {
                    EntryStatus::Busted(b) if b.hand == Some(hand) => Some((*id, b.stack)),
                    _ => None,
                })
                .collect();
            if on_hand.len() != tier.len() {
                break;
            }
            if !on_hand.is_empty() {
                replaces = self.tiers.len() - i;
            }
            earlier.extend(on_hand);
        }
        (replaces, earlier)
    }

    /// Revive: the entry is back in play with the bounty it had, and its bust's bounty
    /// payments are reversed. Refused when the player has another entry in play, or when
    /// a progressive part added to an eliminator's head has since moved on with that
    /// eliminator's own bust (revive that one first). Capacity and registration are not
    /// checked: a revive corrects the record, it is not a new entry.
    fn revive(&self, id: EntryId) -> Decided {
        let entry = self.entry(id)?;
        let EntryStatus::Busted(bust) = &entry.status else {
            return Err(EntryError::NotBusted(id));
        };
        if self.of_player(entry.player).any(Entry::is_active) {
            return Err(EntryError::PlayerStillIn(entry.player));
        }
        for payment in &bust.payments {
            let holder = self.entry(payment.to)?;
            if payment.added.0 > 0 && !holder.is_active() {
                return Err(EntryError::BountyMovedOn {
                    entry: id,
                    eliminator: payment.to,
                });
            }
        }
        Ok(vec![EntryEvent::Revived {
            entry: id,
            bounty: bust.bounty,
            reversed: bust.payments.clone(),
        }])
    }

    fn join_waiting_list(&self, player: PlayerId, ctx: &EntryContext) -> Decided {
        if self.waiting.contains(&player) {
            return Err(EntryError::AlreadyWaiting(player));
        }
        self.may_enter(player)?;
        if !self.registration_open(ctx.level, ctx.on_break) {
            return Err(EntryError::RegistrationClosed);
        }
        let free = self.free_seats().ok_or(EntryError::SeatAvailable)?;
        if free as usize > self.waiting.len() {
            return Err(EntryError::SeatAvailable);
        }
        Ok(vec![EntryEvent::JoinedWaitingList { player }])
    }
}
