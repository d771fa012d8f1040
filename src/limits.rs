//! Per client address limits: how many websocket sessions and how many HTTP connections
//! one address holds at once. A `Slot` is one of them, given back when dropped (the session
//! ends, the connection closes).

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

/// Marks a connection over its address's limit: its requests are refused with 503.
pub struct OverLimit;

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
