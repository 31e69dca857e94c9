//! Per-source rate limits: a token bucket per (purpose, network), held in memory. Separate so
//! every scan feature (PINs, reports, label requests) shares one limiter.

use crate::service::App;
use std::time::{Duration, Instant};

/// Tokens left and when they were last topped up.
pub(super) type Bucket = (f64, Instant);

impl App {
    /// A token bucket per (purpose, source): `per_hour` events, bursting to that many.
    pub fn allow(&self, purpose: &'static str, source: u64, per_hour: f64) -> bool {
        let Ok(mut limits) = self.scan_state.limits.lock() else {
            return false;
        };
        if limits.len() > 100_000 {
            limits.retain(|_, (_, t)| t.elapsed() < Duration::from_secs(3600));
        }
        let now = Instant::now();
        let (tokens, last) = limits.entry((purpose, source)).or_insert((per_hour, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * per_hour / 3600.0).min(per_hour);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
