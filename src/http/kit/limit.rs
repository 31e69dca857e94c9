//! A generous per-network limit on label URLs. Shoppers in one market often share a carrier's
//! NAT, so the bucket is per coarse network (/24 IPv4, /48 IPv6) and holds a full minute of
//! requests: a crowd scanning is fine, a script hammering one network is slowed down.

use crate::http::AppState;
use crate::http::kit::extract::ClientIp;
use crate::http::kit::i18n::Lang;
use axum::extract::{OriginalUri, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets above this many are pruned of the idle ones, so a scan of the address space
/// cannot grow memory without bound.
const MAX_BUCKETS: usize = 100_000;

/// Token buckets keyed by coarse network, in memory only (never stored).
#[derive(Debug)]
pub struct Limiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<[u8; 6], (f64, Instant)>>,
}

impl Limiter {
    /// `per_minute` requests a minute, bursting to as many.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        Self {
            per_second: per_minute / 60.0,
            burst: per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip`'s network, or says in how many seconds one will be free.
    pub fn take(&self, ip: Option<IpAddr>) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            // A poisoned lock means a panic elsewhere; shoppers must still get verdicts.
            return Ok(());
        };
        let now = Instant::now();
        if buckets.len() > MAX_BUCKETS {
            let full_after = self.burst / self.per_second;
            buckets.retain(|_, (_, t)| now.duration_since(*t).as_secs_f64() < full_after);
        }
        let (tokens, last) = buckets.entry(network(ip)).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

/// The /24 or /48 an address belongs to.
fn network(ip: Option<IpAddr>) -> [u8; 6] {
    let mut key = [0u8; 6];
    match ip {
        Some(IpAddr::V4(v4)) => key[..3].copy_from_slice(&v4.octets()[..3]),
        Some(IpAddr::V6(v6)) => key.copy_from_slice(&v6.octets()[..6]),
        None => {}
    }
    key
}

/// Middleware of the label routes: 429 (page or JSON, with `Retry-After`) past the limit.
pub async fn labels(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    lang: Lang,
    req: Request,
    next: Next,
) -> Response {
    match s.label_limit.take(ip) {
        Ok(()) => next.run(req).await,
        Err(retry) => crate::http::kit::respond::too_many(lang, &uri, &headers, retry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_network_shares_a_bucket_and_others_are_untouched() {
        let l = Limiter::new(3);
        let a = "203.0.113.1".parse().ok();
        let b = "203.0.113.200".parse().ok();
        assert!(l.take(a).is_ok() && l.take(b).is_ok() && l.take(a).is_ok());
        assert_eq!(l.take(b), Err(20));
        assert!(l.take("198.51.100.1".parse().ok()).is_ok());
    }
}
