//! The websocket wire format (see docs/PROTOCOL.md): what clients send, what the server
//! sends, and the encoder the actors use to serialize each publication once.

use bytestring::ByteString;
use felt_actors::{Encoder, Publication};
use felt_domain::entries::LiveFigures;
use felt_domain::tournament::Summary;
use felt_domain::{Event, Operator, Seq, Timestamp, TournamentId, TournamentView};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A frame from a client.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    /// Log in on this socket (browsers cannot set headers): the token of POST
    /// /api/v1/auth/login. Can be sent again to switch user.
    Auth {
        token: String,
    },
    /// A clock command, authorized exactly as POST /api/v1/tournaments/{id}/clock.
    Clock {
        tournament: TournamentId,
        command: crate::routes::clock::ClockAction,
    },
    Subscribe {
        tournament: TournamentId,
    },
    Unsubscribe {
        tournament: TournamentId,
    },
    // Empty struct variants, not unit ones, so an unknown field is refused.
    SubscribeVenue {},
    UnsubscribeVenue {},
}

/// A frame to a client.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    Snapshot {
        tournament: TournamentId,
        seq: Seq,
        server_time: Timestamp,
        state: &'a TournamentView,
    },
    Change {
        tournament: TournamentId,
        seq: Seq,
        server_time: Timestamp,
        at: Timestamp,
        /// Who did it: in the frames for floor and admin logins only.
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<&'a Operator>,
        event: &'a Event,
        /// Entries, players left, prize pool and payouts, when the event changed them.
        #[serde(skip_serializing_if = "Option::is_none")]
        figures: Option<&'a LiveFigures>,
    },
    Venue {
        server_time: Timestamp,
        tournaments: &'a [Summary],
    },
    VenueChange {
        server_time: Timestamp,
        tournament: &'a Summary,
    },
    Heartbeat {
        server_time: Timestamp,
    },
    /// The answer to `auth`: who the session now acts as.
    Authenticated {
        name: &'a str,
        role: &'a str,
        expires_at: i64,
    },
    /// To a paired screen: what it shows now (on connecting, and at each reassignment).
    Screen {
        screen: &'a crate::routes::screens::ScreenView,
    },
    /// The answer to a command: where the tournament's log stands after it.
    Done {
        tournament: TournamentId,
        seq: Seq,
    },
    Error {
        error: crate::errors::ErrorDetail,
    },
}

impl ServerFrame<'_> {
    pub fn encode(&self) -> ByteString {
        match serde_json::to_string(self) {
            Ok(text) => ByteString::from(text),
            // Our own types always serialize; say so on the wire rather than panic.
            Err(e) => ByteString::from(format!(
                r#"{{"type":"error","error":{{"code":"internal","message":"{}"}}}}"#,
                e.to_string().replace('"', "'")
            )),
        }
    }

    pub fn error(code: &str, message: impl Into<String>) -> ByteString {
        ServerFrame::Error {
            error: crate::errors::ErrorDetail {
                code: code.to_string(),
                message: message.into(),
            },
        }
        .encode()
    }
}

/// The encoder given to the actors: one serialization per publication.
pub fn encoder() -> Encoder {
    Arc::new(|publication: &Publication<'_>, server_time| {
        let frame = match *publication {
            Publication::Snapshot { view, seq } => ServerFrame::Snapshot {
                tournament: view.id,
                seq,
                server_time,
                state: view,
            },
            Publication::Change {
                tournament,
                record,
                figures,
                operator,
            } => ServerFrame::Change {
                tournament,
                seq: record.seq,
                server_time,
                at: record.at,
                by: operator.then_some(&record.by),
                event: &record.event,
                figures,
            },
            Publication::Venue { summaries } => ServerFrame::Venue {
                server_time,
                tournaments: summaries,
            },
            Publication::VenueChange { summary } => ServerFrame::VenueChange {
                server_time,
                tournament: summary,
            },
        };
        frame.encode()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_read_the_documented_json_and_refuse_the_rest() {
        let id = "6f1c2a4e-0000-4000-8000-000000000001";
        let sub: ClientFrame =
            serde_json::from_str(&format!(r#"{{"type":"subscribe","tournament":"{id}"}}"#))
                .expect("valid");
        assert!(matches!(sub, ClientFrame::Subscribe { .. }));
        let venue: ClientFrame =
            serde_json::from_str(r#"{"type":"subscribe_venue"}"#).expect("valid");
        assert_eq!(venue, ClientFrame::SubscribeVenue {});
        for bad in [
            r#"{"type":"subscribe","tournament":"not-a-uuid"}"#,
            r#"{"type":"subscribe"}"#,
            r#"{"type":"explode"}"#,
            r#"{"type":"subscribe_venue","extra":1}"#,
            r#"[]"#,
            "",
        ] {
            assert!(serde_json::from_str::<ClientFrame>(bad).is_err(), "{bad}");
        }
    }
}
