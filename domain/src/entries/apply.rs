//! [`Entries::apply`]: folds one event into the state. It never fails and never checks:
//! events come from `decide` (or from the log, where they were decided), and they carry
//! every outcome, so replaying a log always gives the same state.

use super::{Bust, Entries, Entry, EntryEvent, EntryId, EntryStatus, PlayerId};
use crate::money::Money;
use crate::structure::Chips;

impl Entries {
    /// Folds one event into the state.
    pub fn apply(&mut self, event: &EntryEvent) {
        use EntryEvent as E;
        match event {
            E::Registered {
                entry,
                player,
                kind,
                price,
                chips,
                at,
            } => {
                self.ledger.add(price);
                self.entries.push(Entry {
                    id: *entry,
                    player: *player,
                    kind: *kind,
                    entered_at: *at,
                    paid: price.clone(),
                    chips: *chips,
                    status: EntryStatus::Active,
                    rebuys: 0,
                    add_on: false,
                    bounty: price.bounty,
                    bounties_won: Money::ZERO,
                });
                self.by_player
                    .get_or_insert_with(*player, Vec::new)
                    .push(*entry);
                self.leave_waiting_list(*player);
            }
            E::Unregistered { entry, refund } => {
                self.ledger.refund(refund);
                if let Some(e) = self.get_mut(*entry) {
                    e.status = EntryStatus::Unregistered;
                    e.bounty = Money::ZERO;
                }
            }
            E::RebuyBought {
                entry,
                price,
                chips,
            } => {
                self.ledger.add(price);
                if let Some(e) = self.get_mut(*entry) {
                    e.rebuys += 1;
                    e.chips = Chips(e.chips.0 + chips.0);
                    e.bounty += price.bounty;
                }
            }
            E::AddOnBought {
                entry,
                price,
                chips,
            } => {
                self.ledger.add(price);
                if let Some(e) = self.get_mut(*entry) {
                    e.add_on = true;
                    e.chips = Chips(e.chips.0 + chips.0);
                    e.bounty += price.bounty;
                }
            }
            E::Busted {
                at,
                busted,
                eliminators: shared,
                finishes,
                payments,
                hand,
                replaces,
            } => {
                // The busts earlier on the same hand-for-hand hand are ranked again.
                self.tiers
                    .truncate(self.tiers.len().saturating_sub(*replaces));
                for tier in finishes {
                    let number = self.tiers.len();
                    for id in tier {
                        let Some(e) = self.get_mut(*id) else {
                            continue;
                        };
                        if let EntryStatus::Busted(earlier) = &mut e.status {
                            earlier.tier = number;
                            continue;
                        }
                        let Some(b) = busted.iter().find(|b| b.entry == *id) else {
                            continue;
                        };
                        // Logs from before per-player eliminators name them once for all.
                        let eliminators = if b.eliminators.is_empty() {
                            shared.clone()
                        } else {
                            b.eliminators.clone()
                        };
                        e.status = EntryStatus::Busted(Bust {
                            tier: number,
                            at: *at,
                            stack: b.stack,
                            eliminators,
                            bounty: e.bounty,
                            payments: payments.iter().filter(|p| p.from == *id).copied().collect(),
                            hand: *hand,
                        });
                        e.bounty = Money::ZERO;
                    }
                    self.tiers.push(tier.clone());
                }
                for p in payments {
                    self.ledger.bounties_paid += p.cash;
                    if let Some(e) = self.get_mut(p.to) {
                        e.bounties_won += p.cash;
                        e.bounty += p.added;
                    }
                }
            }
            E::Revived {
                entry,
                bounty,
                reversed,
            } => {
                for p in reversed {
                    self.ledger.bounties_paid -= p.cash;
                    if let Some(e) = self.get_mut(p.to) {
                        e.bounties_won -= p.cash;
                        e.bounty -= p.added;
                    }
                }
                let tier = match self.get(*entry).map(|e| &e.status) {
                    Some(EntryStatus::Busted(bust)) => Some(bust.tier),
                    _ => None,
                };
                if let Some(t) = tier.and_then(|tier| self.tiers.get_mut(tier)) {
                    t.retain(|id| id != entry);
                }
                if let Some(e) = self.get_mut(*entry) {
                    e.status = EntryStatus::Active;
                    e.bounty = *bounty;
                    let player = e.player;
                    self.leave_waiting_list(player);
                }
            }
            E::JoinedWaitingList { player } => self.waiting.push(*player),
            E::LeftWaitingList { player } => self.leave_waiting_list(*player),
            E::RegistrationClosed => self.closed_by_hand = true,
            E::RegistrationReopened => self.closed_by_hand = false,
            E::SettingsChanged { settings } => self.settings = (**settings).clone(),
        }
    }

    fn get_mut(&mut self, id: EntryId) -> Option<&mut Entry> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        self.entries.get_mut(index)
    }

    fn leave_waiting_list(&mut self, player: PlayerId) {
        self.waiting.retain(|p| *p != player);
    }
}
