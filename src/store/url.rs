//! Which engine a store address names. Operators write one string (`--store`,
//! `OCOP_TRACE_STORE`, the TOML `store` key); this is the one place that reads it, so the
//! rule "a plain path is sled" cannot drift between commands.

use std::fmt;
use std::path::PathBuf;

/// A parsed store address.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// An embedded sled data directory (`sled:DIR` or a plain path).
    Sled(PathBuf),
    /// A PostgreSQL server (`postgres://…` or `postgresql://…`), kept verbatim for the driver.
    Postgres(String),
}

impl StoreUrl {
    /// Reads a store address. A string without a known scheme is a sled directory, so every
    /// existing `--data-dir` value keeps meaning what it meant.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("the store address is empty".into());
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(Self::Postgres(s.to_string()));
        }
        if let Some(dir) = s.strip_prefix("sled:") {
            if dir.is_empty() {
                return Err("`sled:` needs a directory, e.g. sled:./data".into());
            }
            return Ok(Self::Sled(PathBuf::from(dir)));
        }
        Ok(Self::Sled(PathBuf::from(s)))
    }

    /// The address as given, password included: for the driver only, never for a log.
    pub fn to_string_unredacted(&self) -> String {
        match self {
            Self::Sled(dir) => format!("sled:{}", dir.display()),
            Self::Postgres(url) => url.clone(),
        }
    }

    /// The engine's name, for `serve --check-config` and start-up logs.
    pub fn engine(&self) -> &'static str {
        match self {
            Self::Sled(_) => "sled",
            Self::Postgres(_) => "postgresql",
        }
    }
}

/// Shows the address with any password replaced by `***`: this is what logs and error
/// messages print, so a connection string's secret never reaches them.
impl fmt::Display for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sled(dir) => write!(f, "sled:{}", dir.display()),
            Self::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// Debug is Display: a derived Debug would print the password.
impl fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreUrl({self})")
    }
}

/// `scheme://user:secret@host/db?password=x` → `scheme://user:***@host/db?password=***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".into();
    };
    // The authority ends at the first '/', '?' or '#'; a password can only sit inside it.
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    // libpq also accepts `?password=…` among the query parameters.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let q: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_path_or_sled_prefix_is_a_sled_directory() {
        assert_eq!(
            StoreUrl::parse("./data").ok(),
            Some(StoreUrl::Sled("./data".into()))
        );
        assert_eq!(
            StoreUrl::parse("sled:/var/lib/ocop").ok(),
            Some(StoreUrl::Sled("/var/lib/ocop".into()))
        );
        assert!(StoreUrl::parse("sled:").is_err());
        assert!(StoreUrl::parse("  ").is_err());
    }

    #[test]
    fn both_postgres_schemes_name_postgresql() {
        for u in ["postgres://h/db", "postgresql://h/db"] {
            let parsed = StoreUrl::parse(u).ok();
            assert_eq!(parsed.as_ref().map(StoreUrl::engine), Some("postgresql"));
        }
    }

    #[test]
    fn the_password_is_never_displayed() {
        let u = StoreUrl::Postgres(
            "postgres://postgres:s3cret@127.0.0.1:5432/db?sslmode=disable&password=s3cret".into(),
        );
        let shown = format!("{u} {u:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert_eq!(
            u.to_string(),
            "postgres://postgres:***@127.0.0.1:5432/db?sslmode=disable&password=***"
        );
        let no_pw = StoreUrl::Postgres("postgres://app@db.internal/trace".into());
        assert_eq!(no_pw.to_string(), "postgres://app@db.internal/trace");
    }
}
