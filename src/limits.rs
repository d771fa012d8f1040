//! Per client address limits: how many websocket sessions and how many HTTP connections
//! one address holds at once. A `Slot` is one of them, given back when dropped (the session
//! ends, the connection closes). And how deep a JSON body may nest.
//!
//! A connection over its address's limit is answered once (503, `Connection: close`) and
//! then closed by the server, rather than dropped at accept: actix-web's `on_connect` hook
//! cannot refuse a socket (it only tags it), refusing earlier would mean our own acceptor
//! for plain and TLS listeners alike, and a reset tells a browser nothing while the 503's
//! JSON says why. No request of such a connection reaches a handler.

use std::any::Any;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// Open sessions (or connections) per client address.
#[derive(Default)]
pub struct Clients {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One session's place in its address's count, given back when dropped.
pub struct Slot {
    clients: Arc<Clients>,
    ip: Option<IpAddr>,
}

impl Clients {
    /// A slot for one more session from `ip`, or `None` at the limit.
    pub fn take(self: &Arc<Self>, ip: Option<IpAddr>, limit: usize) -> Option<Slot> {
        if let Some(ip) = ip {
            let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
            let n = open.entry(ip).or_default();
            if *n >= limit {
                return None;
            }
            *n += 1;
        }
        Some(Slot {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(ip) = self.ip {
            let mut open = self
                .clients
                .open
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(n) = open.get_mut(&ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.remove(&ip);
                }
            }
        }
    }
}

/// Marks a connection over its address's limit: its first request is refused with 503
/// and the connection closed.
pub struct OverLimit;

/// How deeply `json` nests arrays and objects (brackets inside strings do not count). Not
/// a validator: malformed JSON is the parser's to refuse.
pub fn json_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in json {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Middleware: refuses a JSON body nested deeper than `server.max_json_depth` (400
/// `json_too_deep`) before any extractor parses it; larger than the body limit, 413.
pub async fn limit_json_depth<B: actix_web::body::MessageBody>(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<B>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::EitherBody<B>>, actix_web::Error> {
    use crate::errors::ApiError;
    use actix_web::dev::ServiceResponse;
    use actix_web::web::{Bytes, BytesMut, Data};
    use actix_web::{HttpMessage, ResponseError};
    use futures_util::StreamExt;
    let json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    let settings = req.app_data::<Data<crate::state::AppState>>().map(|s| {
        (
            s.settings.server.max_json_depth,
            s.settings.server.body_limit_bytes,
        )
    });
    let (Some((max_depth, limit)), true) = (settings, json) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let refuse = |req: actix_web::dev::ServiceRequest, e: ApiError| {
        Ok(req.into_response(e.error_response()).map_into_right_body())
    };
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                let e = ApiError::bad_request("invalid_json", format!("cannot read the body: {e}"));
                return refuse(req, e);
            }
        };
        if body.len() + chunk.len() > limit {
            return refuse(req, ApiError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    if json_depth(&body) > max_depth {
        let e = ApiError::bad_request(
            "json_too_deep",
            format!("JSON nested deeper than {max_depth} levels is refused"),
        );
        return refuse(req, e);
    }
    req.set_payload(actix_web::dev::Payload::from(Bytes::from(body)));
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// The client address of a new connection (plain or TLS).
pub fn peer_ip(conn: &dyn Any) -> Option<IpAddr> {
    use actix_web::rt::net::TcpStream;
    if let Some(tcp) = conn.downcast_ref::<TcpStream>() {
        return tcp.peer_addr().ok().map(|a| a.ip());
    }
    if let Some(tls) = conn.downcast_ref::<actix_tls::accept::rustls_0_23::TlsStream<TcpStream>>() {
        return tls.get_ref().0.peer_addr().ok().map(|a| a.ip());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::json_depth;

    #[test]
    fn depth_counts_nesting_outside_strings() {
        assert_eq!(json_depth(br#"{"a":1}"#), 1);
        assert_eq!(json_depth(br#"{"a":[{"b":[]}]}"#), 4);
        assert_eq!(json_depth(br#"{"a":"[[[[{{{{\"[["}"#), 1);
        assert_eq!(json_depth(b"42"), 0);
        assert_eq!(json_depth(&[b'['; 1000]), 1000);
    }
}
