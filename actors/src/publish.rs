//! What tournaments and the venue overview send to their subscribers. The actors decide
//! what to send; the server's websocket layer decides how it looks on the wire, through
//! an `Encoder` given to the actors at start. Each publication is encoded once and the
//! same bytes go to every subscriber.

use actix::prelude::*;
use bytestring::ByteString;
use felt_domain::entries::LiveFigures;
use felt_domain::{tournament::Summary, Recorded, Seq, Timestamp, TournamentId, TournamentView};
use std::sync::Arc;

/// Identifies one websocket session across its subscriptions.
pub type SubscriberId = u64;

/// Something to publish, borrowed from the state that produced it.
#[derive(Debug)]
pub enum Publication<'a> {
    /// The whole public state of a tournament, for a new subscriber.
    Snapshot { view: &'a TournamentView, seq: Seq },
    /// One event, in order; with the live figures when the event changed them. Encoded
    /// twice: with the operator who caused it (`operator`, for staff) and without (for
    /// screens and the public).
    Change {
        tournament: TournamentId,
        record: &'a Recorded,
        figures: Option<&'a LiveFigures>,
        operator: bool,
    },
    /// Every loaded tournament, for a new venue subscriber.
    Venue { summaries: &'a [Summary] },
    /// One tournament's line of the overview changed.
    VenueChange { summary: &'a Summary },
}

/// Serializes a publication at a given server time, once for all its subscribers.
pub type Encoder = Arc<dyn Fn(&Publication<'_>, Timestamp) -> ByteString + Send + Sync>;

/// Sent by tournaments and the supervisor to a session: a frame to write, or an order to
/// close because the session fell behind or the server is going away.
#[derive(Message, Debug, Clone)]
#[rtype(result = "()")]
pub enum Deliver {
    Frame(ByteString),
    /// The same frame for staff (naming the operator) and for everyone else (not): the
    /// session writes the one its login allows.
    Split {
        staff: ByteString,
        public: ByteString,
    },
    Close {
        reason: &'static str,
    },
}

/// A set of subscribers that each get the same bytes; one that cannot take a frame (its
/// mailbox is full, it is gone) is dropped and told to close, so it never slows the rest.
#[derive(Default)]
pub struct Subscribers(std::collections::HashMap<SubscriberId, Recipient<Deliver>>);

impl Subscribers {
    pub fn insert(&mut self, id: SubscriberId, to: Recipient<Deliver>) {
        self.0.insert(id, to);
    }

    pub fn remove(&mut self, id: SubscriberId) -> Option<Recipient<Deliver>> {
        self.0.remove(&id)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sends `frame` to one subscriber; false if it was dropped for not keeping up.
    pub fn send_to(to: &Recipient<Deliver>, frame: ByteString) -> bool {
        Subscribers::deliver(to, Deliver::Frame(frame))
    }

    fn deliver(to: &Recipient<Deliver>, message: Deliver) -> bool {
        match to.try_send(message) {
            Ok(()) => true,
            Err(SendError::Full(_)) => {
                // Past the mailbox limit on purpose: one last message telling it to go.
                to.do_send(Deliver::Close { reason: "too slow" });
                false
            }
            Err(SendError::Closed(_)) => false,
        }
    }

    /// Sends `frame` to everyone, dropping those that cannot keep up.
    pub fn broadcast(&mut self, frame: &ByteString) {
        self.0
            .retain(|_, to| Subscribers::send_to(to, frame.clone()));
    }

    /// Sends a frame in its staff and public versions to everyone (each session writes the
    /// one it may see), dropping those that cannot keep up.
    pub fn broadcast_split(&mut self, staff: &ByteString, public: &ByteString) {
        self.0.retain(|_, to| {
            Subscribers::deliver(
                to,
                Deliver::Split {
                    staff: staff.clone(),
                    public: public.clone(),
                },
            )
        });
    }

    /// Takes every subscriber out (to hand them to a restarted actor).
    pub fn take(&mut self) -> Vec<(SubscriberId, Recipient<Deliver>)> {
        self.0.drain().collect()
    }
}
