//! The province's OCOP targets (a JSON file compiled in, replaceable with `--targets FILE`)
//! and how progress against each is measured. Separate from the dashboard's counting because
//! the metric names, their formulas and the on-track rule are the programme's, not the
//! portfolio's.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The targets file compiled into the binary (`--targets FILE` replaces it).
pub const TARGETS_JSON: &str = include_str!("../../domain/targets.json");

/// One target: a metric, a threshold and a deadline.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    pub id: String,
    pub metric: String,
    /// `count` or `percent`.
    pub unit: String,
    pub threshold: f64,
    pub deadline: NaiveDate,
    pub vi: String,
    pub en: String,
}

/// The targets configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Targets {
    pub version: u32,
    pub programme_start: NaiveDate,
    /// Craft villages in the province: the denominator of the craft-village target.
    pub craft_villages_total: u32,
    pub targets: Vec<Target>,
}

impl Targets {
    /// Parses a targets file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t: Targets = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for target in &t.targets {
            if !METRICS.contains(&target.metric.as_str()) {
                return Err(format!(
                    "unknown metric '{}' (known: {})",
                    target.metric,
                    METRICS.join(", ")
                ));
            }
        }
        Ok(t)
    }

    /// The compiled-in defaults.
    pub fn default_targets() -> &'static Targets {
        static T: OnceLock<Targets> = OnceLock::new();
        T.get_or_init(|| match Targets::parse(TARGETS_JSON) {
            Ok(t) => t,
            Err(e) => panic!("src/domain/targets.json is invalid: {e}"),
        })
    }
}

const METRICS: [&str; 10] = [
    "rated_products",
    "upgraded_or_consolidated_pct",
    "subjects_cooperative_pct",
    "subjects_enterprise_household_pct",
    "subjects_green_chain_pct",
    "craft_villages_with_ocop_pct",
    "subjects_modern_channel_pct",
    "brand_supported_products",
    "trademark_products",
    "community_tourism_products",
];

/// Progress of one target.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct TargetProgress {
    pub id: String,
    pub vi: String,
    pub en: String,
    pub metric: String,
    pub unit: String,
    pub value: f64,
    pub threshold: f64,
    pub deadline: NaiveDate,
    /// value / threshold × 100.
    pub percent_of_threshold: f64,
    /// `met`, `on_track`, `behind` (before the deadline) or `missed` (after it).
    pub status: String,
}

/// The counts the target metrics are computed from, as of one day (see
/// [`compute_dashboard`](super::compute_dashboard)).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Measures {
    /// Products holding a valid certificate.
    pub rated: u64,
    /// Rated products with more than one certificate decided by then.
    pub upgraded: u64,
    /// Subjects holding at least one rated product.
    pub subjects: u64,
    /// Of those, cooperatives and cooperative groups.
    pub cooperative_subjects: u64,
    /// Of those, companies, enterprises and household businesses.
    pub enterprise_household_subjects: u64,
    /// Of those, subjects with a rated product in a green chain.
    pub green_subjects: u64,
    /// Of those, subjects selling through a modern channel.
    pub modern_channel_subjects: u64,
    /// Craft villages with at least one rated product.
    pub craft_villages: u64,
    /// Rated products with brand-building support.
    pub brand_supported: u64,
    /// Rated products with a registered trademark.
    pub trademark: u64,
    /// Rated tourism products (flagged, or in the tourism group).
    pub tourism: u64,
}

impl Measures {
    /// The value of `metric` (one of `METRICS`; any other is 0).
    fn metric(&self, metric: &str, targets: &Targets) -> f64 {
        let pct = |n: f64, d: f64| {
            if d > 0.0 {
                (n * 1000.0 / d).round() / 10.0
            } else {
                0.0
            }
        };
        let subjects = self.subjects as f64;
        match metric {
            "rated_products" => self.rated as f64,
            "upgraded_or_consolidated_pct" => pct(self.upgraded as f64, self.rated as f64),
            "subjects_cooperative_pct" => pct(self.cooperative_subjects as f64, subjects),
            "subjects_enterprise_household_pct" => {
                pct(self.enterprise_household_subjects as f64, subjects)
            }
            "subjects_green_chain_pct" => pct(self.green_subjects as f64, subjects),
            "craft_villages_with_ocop_pct" => pct(
                self.craft_villages as f64,
                f64::from(targets.craft_villages_total),
            ),
            "subjects_modern_channel_pct" => pct(self.modern_channel_subjects as f64, subjects),
            "brand_supported_products" => self.brand_supported as f64,
            "trademark_products" => self.trademark as f64,
            "community_tourism_products" => self.tourism as f64,
            _ => 0.0,
        }
    }
}

/// Progress of every target on `day`: met, or on track when the value has reached the share
/// of the threshold that the time elapsed since the programme started calls for.
pub(super) fn progress(targets: &Targets, day: NaiveDate, m: &Measures) -> Vec<TargetProgress> {
    targets
        .targets
        .iter()
        .map(|t| {
            let value = m.metric(&t.metric, targets);
            let span = (t.deadline - targets.programme_start).num_days().max(1) as f64;
            let elapsed =
                ((day - targets.programme_start).num_days() as f64 / span).clamp(0.0, 1.0);
            let status = if value >= t.threshold {
                "met"
            } else if day > t.deadline {
                "missed"
            } else if value >= t.threshold * elapsed {
                "on_track"
            } else {
                "behind"
            };
            TargetProgress {
                id: t.id.clone(),
                vi: t.vi.clone(),
                en: t.en.clone(),
                metric: t.metric.clone(),
                unit: t.unit.clone(),
                value,
                threshold: t.threshold,
                deadline: t.deadline,
                percent_of_threshold: if t.threshold > 0.0 {
                    (value * 1000.0 / t.threshold).round() / 10.0
                } else {
                    100.0
                },
                status: status.into(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn one_target(metric: &str, threshold: f64) -> Targets {
        Targets {
            version: 1,
            programme_start: day(2026, 1, 1),
            craft_villages_total: 40,
            targets: vec![Target {
                id: "t".into(),
                metric: metric.into(),
                unit: "count".into(),
                threshold,
                deadline: day(2026, 12, 31),
                vi: "t".into(),
                en: "t".into(),
            }],
        }
    }

    #[test]
    fn the_compiled_in_targets_parse_and_unknown_metrics_are_refused() {
        assert!(!Targets::default_targets().targets.is_empty());
        let err = Targets::parse(
            r#"{"version":1,"programme_start":"2026-01-01","craft_villages_total":1,
               "targets":[{"id":"x","metric":"nope","unit":"count","threshold":1,
               "deadline":"2026-12-31","vi":"x","en":"x"}]}"#,
        );
        assert!(err.is_err_and(|e| e.contains("unknown metric 'nope'")));
    }

    #[test]
    fn progress_is_met_on_track_behind_or_missed() {
        let t = one_target("rated_products", 100.0);
        let status = |on: NaiveDate, rated: u64| {
            let m = Measures {
                rated,
                ..Measures::default()
            };
            progress(&t, on, &m)
                .first()
                .map(|p| (p.status.clone(), p.percent_of_threshold))
        };
        assert_eq!(status(day(2026, 7, 1), 100), Some(("met".into(), 100.0)));
        // Half way through the year, half the threshold is on track; a quarter is behind.
        assert_eq!(status(day(2026, 7, 2), 50), Some(("on_track".into(), 50.0)));
        assert_eq!(status(day(2026, 7, 2), 25), Some(("behind".into(), 25.0)));
        assert_eq!(status(day(2027, 1, 1), 99), Some(("missed".into(), 99.0)));
    }

    #[test]
    fn percentages_are_of_their_own_denominator_to_one_decimal() {
        let t = one_target("craft_villages_with_ocop_pct", 50.0);
        let m = Measures {
            craft_villages: 3,
            subjects: 7,
            cooperative_subjects: 2,
            ..Measures::default()
        };
        assert_eq!(m.metric("craft_villages_with_ocop_pct", &t), 7.5);
        assert_eq!(m.metric("subjects_cooperative_pct", &t), 28.6);
        assert_eq!(m.metric("upgraded_or_consolidated_pct", &t), 0.0);
    }
}
