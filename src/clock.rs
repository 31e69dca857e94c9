//! The service's notion of "now" and "today". Dates that matter to OCOP (certificate
//! validity, expiry) are calendar days in Vietnam (UTC+7).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A clock with an adjustable offset, so tests can move time forward through the public
/// library API. The offset is never reachable over HTTP.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
}

impl Clock {
    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Today's date in Vietnam.
    pub fn today(&self) -> NaiveDate {
        let tz = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
        self.now().with_timezone(&tz).date_naive()
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_secs.store(0, Ordering::Relaxed);
    }

    /// Moves the clock so that `today()` returns `day` (tests and demos).
    pub fn set_today(&self, day: NaiveDate) {
        let delta = day - self.today();
        self.offset_secs
            .fetch_add(delta.num_seconds(), Ordering::Relaxed);
    }
}

use chrono::Offset;
