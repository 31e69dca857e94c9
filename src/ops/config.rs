//! `serve` configuration from a TOML file, the environment and flags, in rising precedence
//! (flag > environment > file > built-in default). Documented in docs/operations.md.

use crate::service::ScanPolicy;
use crate::startup::ServeConfig;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Settings a TOML file may give; every one optional. The admin token is never read from a
/// file (it would sit in clear on disk): use `OCOP_TRACE_ADMIN_TOKEN`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    /// A store address: `sled:DIR`, a plain path, or `postgres://…`.
    pub store: Option<String>,
    pub keys_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub trust_forwarded: Option<bool>,
    pub clone_max_sources: Option<usize>,
    pub clone_window_days: Option<u32>,
    /// No longer used (scan counts alone never make a clone suspicion); accepted so that
    /// older configurations still start, with a warning.
    pub clone_max_scans: Option<u64>,
    pub label_scans_per_minute: Option<u32>,
    pub shutdown_grace_seconds: Option<u64>,
    /// The province office named on public pages (see [`super::office`]).
    pub office_name: Option<String>,
    pub office_name_en: Option<String>,
    pub office_hotline: Option<String>,
    pub office_address: Option<String>,
    /// Office and inspector accounts must enrol in two-step verification (TOTP).
    pub console_require_totp: Option<bool>,
    /// Path of the office's logo (PNG or SVG).
    pub office_logo: Option<String>,
}

/// Values given on the command line or in the environment (clap merges the two).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    /// A store address: `sled:DIR`, a plain path, or `postgres://…`.
    pub store: Option<String>,
    pub keys_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub trust_forwarded: Option<bool>,
    pub clone_max_sources: Option<usize>,
    pub clone_window_days: Option<u32>,
    /// No longer used (scan counts alone never make a clone suspicion); accepted so that
    /// older configurations still start, with a warning.
    pub clone_max_scans: Option<u64>,
    pub label_scans_per_minute: Option<u32>,
    pub shutdown_grace_seconds: Option<u64>,
    /// The province office named on public pages.
    pub office: super::office::OfficeSettings,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A flag or its environment variable.
    Command,
    /// The TOML file.
    File,
    /// The built-in default.
    Default,
}

impl Source {
    /// Short name for `--check-config`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Command => "flag/env",
            Self::File => "file",
            Self::Default => "default",
        }
    }
}

/// One resolved setting, for display.
#[derive(Debug, Clone)]
pub struct Setting {
    pub name: &'static str,
    pub value: String,
    pub source: Source,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file {path} is not valid: {reason}")]
    Parse { path: PathBuf, reason: String },
    #[error("{name} = {value:?} is not valid: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

/// Reads a TOML config file.
pub fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

fn pick<T: Clone + std::fmt::Debug>(
    name: &'static str,
    cmd: &Option<T>,
    file: &Option<T>,
    default: T,
    shown: &mut Vec<Setting>,
    show: impl Fn(&T) -> String,
) -> T {
    let (v, source) = match (cmd, file) {
        (Some(v), _) => (v.clone(), Source::Command),
        (None, Some(v)) => (v.clone(), Source::File),
        (None, None) => (default, Source::Default),
    };
    shown.push(Setting {
        name,
        value: show(&v),
        source,
    });
    v
}

fn invalid(name: &'static str, value: &str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        name,
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Merges the sources and validates every value.
pub fn resolve(
    cmd: &Overrides,
    file: &FileConfig,
    demo: bool,
    admin_token: Option<String>,
) -> Result<(ServeConfig, Vec<Setting>), ConfigError> {
    let mut shown = Vec::new();
    let listen = pick(
        "listen",
        &cmd.listen,
        &file.listen,
        "127.0.0.1:8080".to_owned(),
        &mut shown,
        Clone::clone,
    );
    let port_ok = listen
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
    if !port_ok {
        return Err(invalid(
            "listen",
            &listen,
            "expected HOST:PORT, e.g. 127.0.0.1:8080",
        ));
    }
    let path_show = |p: &PathBuf| p.display().to_string();
    let data_dir = pick(
        "data_dir",
        &cmd.data_dir,
        &file.data_dir,
        PathBuf::from("./data"),
        &mut shown,
        path_show,
    );
    let store = match cmd.store.as_ref().or(file.store.as_ref()) {
        Some(s) => Some(
            crate::store::StoreUrl::parse(s)
                .map_err(|reason| invalid("store", "(address)", &reason))?,
        ),
        None => None,
    };
    let keys_dir = pick(
        "keys_dir",
        &cmd.keys_dir,
        &file.keys_dir,
        PathBuf::from("./keys"),
        &mut shown,
        path_show,
    );
    let base_url = pick(
        "base_url",
        &cmd.base_url.clone().map(Some),
        &file.base_url.clone().map(Some),
        None,
        &mut shown,
        |v| {
            v.clone()
                .unwrap_or_else(|| "(http://{listen address})".into())
        },
    );
    if let Some(url) = &base_url {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            !r.is_empty()
                && !r.contains(['?', '#', ' '])
                && r.split('/').next().is_some_and(|h| !h.is_empty())
        });
        if !ok {
            return Err(invalid(
                "base_url",
                url,
                "expected http(s)://host[/path] without query or fragment",
            ));
        }
    }
    let trust_forwarded = pick(
        "trust_forwarded",
        &cmd.trust_forwarded,
        &file.trust_forwarded,
        false,
        &mut shown,
        bool::to_string,
    );
    let defaults = ScanPolicy::default();
    let max_sources = pick(
        "clone_max_sources",
        &cmd.clone_max_sources,
        &file.clone_max_sources,
        5,
        &mut shown,
        usize::to_string,
    );
    let window_days = pick(
        "clone_window_days",
        &cmd.clone_window_days,
        &file.clone_window_days,
        30,
        &mut shown,
        u32::to_string,
    );
    let label_scans_per_minute = pick(
        "label_scans_per_minute",
        &cmd.label_scans_per_minute,
        &file.label_scans_per_minute,
        defaults.label_scans_per_minute,
        &mut shown,
        u32::to_string,
    );
    if label_scans_per_minute == 0 {
        return Err(invalid("label_scans_per_minute", "0", "must be at least 1"));
    }
    if max_sources == 0 {
        return Err(invalid("clone_max_sources", "0", "must be at least 1"));
    }
    if !(1..=3650).contains(&window_days) {
        return Err(invalid(
            "clone_window_days",
            &window_days.to_string(),
            "must be between 1 and 3650",
        ));
    }
    if cmd.clone_max_scans.is_some() || file.clone_max_scans.is_some() {
        tracing::warn!(
            "clone_max_scans is no longer used: scan counts alone never make a clone \
             suspicion (docs/privacy.md); remove it from the configuration"
        );
    }
    let grace = pick(
        "shutdown_grace_seconds",
        &cmd.shutdown_grace_seconds,
        &file.shutdown_grace_seconds,
        10,
        &mut shown,
        u64::to_string,
    );
    if !(1..=300).contains(&grace) {
        return Err(invalid(
            "shutdown_grace_seconds",
            &grace.to_string(),
            "must be between 1 and 300",
        ));
    }
    if let Some(t) = &admin_token
        && t.len() < 16
    {
        return Err(invalid(
            "OCOP_TRACE_ADMIN_TOKEN",
            "<redacted>",
            "must be at least 16 characters",
        ));
    }
    let office_file = super::office::OfficeSettings {
        office_name: file.office_name.clone(),
        office_name_en: file.office_name_en.clone(),
        office_hotline: file.office_hotline.clone(),
        office_address: file.office_address.clone(),
        office_logo: file.office_logo.clone(),
    };
    let office = super::office::resolve(&cmd.office, &office_file, &mut shown)?;
    let console_require_totp = pick(
        "console_require_totp",
        &None,
        &file.console_require_totp,
        false,
        &mut shown,
        bool::to_string,
    );
    shown.push(Setting {
        name: "admin_token",
        value: if admin_token.is_some() {
            "<set, redacted>".into()
        } else {
            "(not set: a random one is printed on first start)".into()
        },
        source: if admin_token.is_some() {
            Source::Command
        } else {
            Source::Default
        },
    });
    let cfg = ServeConfig {
        listen,
        data_dir,
        store,
        keys_dir,
        base_url,
        demo,
        admin_token,
        trust_forwarded,
        scan_policy: ScanPolicy {
            max_sources,
            window: chrono::TimeDelta::days(i64::from(window_days)),
            label_scans_per_minute,
            ..defaults
        },
        shutdown_grace: Duration::from_secs(grace),
        office,
        console_require_totp,
    };
    Ok((cfg, shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_file_beats_default() {
        let file: FileConfig =
            toml::from_str("listen = \"0.0.0.0:9000\"\nclone_window_days = 70\n").unwrap();
        let cmd = Overrides {
            listen: Some("127.0.0.1:9100".into()),
            ..Overrides::default()
        };
        let (cfg, shown) = resolve(&cmd, &file, false, None).unwrap();
        assert_eq!(cfg.listen, "127.0.0.1:9100");
        assert_eq!(cfg.scan_policy.window, chrono::TimeDelta::days(70));
        assert_eq!(cfg.scan_policy.max_sources, 5);
        let src = |n: &str| shown.iter().find(|s| s.name == n).map(|s| s.source);
        assert_eq!(src("listen"), Some(Source::Command));
        assert_eq!(src("clone_window_days"), Some(Source::File));
        assert_eq!(src("clone_max_sources"), Some(Source::Default));
    }

    #[test]
    fn bad_values_are_named() {
        let bad = |f: &str| {
            let file: FileConfig = toml::from_str(f).unwrap();
            resolve(&Overrides::default(), &file, false, None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(bad("listen = \"nope\"").starts_with("listen"));
        assert!(bad("base_url = \"ftp://x\"").starts_with("base_url"));
        assert!(bad("clone_window_days = 0").starts_with("clone_window_days"));
        assert!(bad("shutdown_grace_seconds = 0").starts_with("shutdown_grace_seconds"));
        assert!(toml::from_str::<FileConfig>("listn = \"x\"").is_err());
    }
}
