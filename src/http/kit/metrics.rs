//! Prometheus metrics: requests by route and status, latency, verdicts by code, and store
//! gauges (log entries, bytes on disk, resident memory) read at scrape time.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Duration;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerdictLabels {
    code: &'static str,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The service's metrics registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: HistogramFamily,
    verdicts: Family<VerdictLabels, Counter>,
    log_entries: Gauge,
    store_bytes: Gauge,
    resident_bytes: Gauge,
}

fn latency_histogram() -> Histogram {
    // 0.1 ms … ~1.6 s
    Histogram::new(exponential_buckets(0.0001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ocop_trace");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: HistogramFamily = Family::new_with_constructor(latency_histogram);
        let verdicts = Family::<VerdictLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by matched route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by matched route",
            latency.clone(),
        );
        registry.register(
            "verdicts",
            "Label verification verdicts by code",
            verdicts.clone(),
        );
        let (log_entries, store_bytes, resident_bytes) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register(
            "log_entries",
            "Entries in the issuance log (must only grow)",
            log_entries.clone(),
        );
        registry.register(
            "store_bytes",
            "Bytes the sled store occupies on disk",
            store_bytes.clone(),
        );
        registry.register(
            "process_resident_bytes",
            "Resident memory of the server process",
            resident_bytes.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            verdicts,
            log_entries,
            store_bytes,
            resident_bytes,
        }
    }
}

impl Metrics {
    /// Records one finished request.
    pub fn observe_request(&self, route: &str, method: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// Counts one verdict.
    pub fn observe_verdict(&self, code: &'static str) {
        self.verdicts.get_or_create(&VerdictLabels { code }).inc();
    }

    /// Sets the gauges read at scrape time.
    pub fn set_store(&self, log_entries: u64, store_bytes: u64) {
        self.log_entries
            .set(i64::try_from(log_entries).unwrap_or(i64::MAX));
        self.store_bytes
            .set(i64::try_from(store_bytes).unwrap_or(i64::MAX));
        if let Some(rss) = resident_bytes() {
            self.resident_bytes.set(rss);
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// Resident set size from /proc (Linux); None elsewhere.
fn resident_bytes() -> Option<i64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: i64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}
