//! The PostgreSQL schema (`migrations/postgres/`) on a real server: it applies to an empty
//! database, every table has the issuer first in its primary key (so Citus can distribute it),
//! and the three analyst queries of docs/sql.md answer what the sample province holds. Runs
//! when `OCOP_TRACE_TEST_PG` names a server (scripts/test sets it and starts one); each run
//! uses a database of its own, dropped after.

use crate::helpers::psql;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A fresh database on the server of `base`, dropped when this is.
struct TempDb {
    base: String,
    name: String,
    url: String,
}

impl TempDb {
    fn new(base: &str) -> Self {
        let name = format!("ocop_schema_{}_{}", std::process::id(), rand_suffix());
        psql(base, &["-c", &format!("CREATE DATABASE {name}")]).expect("create database");
        let root = base.rsplit_once('/').map_or(base, |(r, _)| r);
        Self {
            base: base.to_owned(),
            url: format!("{root}/{name}"),
            name,
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = psql(
            &self.base,
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ],
        );
    }
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos().into())
}

/// The query of docs/sql.md that follows `-- query: NAME`.
fn docs_query(name: &str) -> String {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/sql.md")).expect("docs/sql.md");
    let start = doc
        .find(&format!("-- query: {name}\n"))
        .expect("query in docs/sql.md");
    let rest = &doc[start..];
    rest[..rest.find("```").unwrap_or(rest.len())].to_owned()
}

#[test]
fn the_schema_applies_keys_by_issuer_and_answers_the_analyst_queries() {
    let Some(base) = std::env::var("OCOP_TRACE_TEST_PG").ok() else {
        eprintln!("skipped: OCOP_TRACE_TEST_PG is not set (scripts/test sets it)");
        return;
    };
    let db = TempDb::new(&base);
    // The migration files, in order, exactly as `store migrate` applies them.
    let mut files: Vec<_> = std::fs::read_dir(format!("{ROOT}/migrations/postgres"))
        .expect("migrations/postgres")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    for file in &files {
        let path = file.to_string_lossy();
        psql(&db.url, &["-f", &path]).unwrap_or_else(|e| panic!("{path} applies: {e}"));
    }
    assert_eq!(
        psql(&db.url, &["-c", "SELECT max(version) FROM schema_version"]),
        Ok(files.len().to_string())
    );

    // Every table's primary key starts with the issuer.
    let first_keys = psql(
        &db.url,
        &[
            "-c",
            "SELECT t.table_name || '=' || coalesce(k.column_name, '-')
            FROM information_schema.tables t
            LEFT JOIN information_schema.table_constraints c
              ON c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY'
            LEFT JOIN information_schema.key_column_usage k
              ON k.constraint_name = c.constraint_name AND k.ordinal_position = 1
            WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            ORDER BY 1",
        ],
    )
    .expect("catalogue query");
    let tables: Vec<&str> = first_keys.lines().collect();
    assert_eq!(tables.len(), 29, "{first_keys}");
    for t in &tables {
        let ok = t.ends_with("=issuer") || t.starts_with("schema_version=");
        assert!(ok, "{t}: the primary key must start with issuer");
    }

    psql(&db.url, &["-f", &format!("{ROOT}/tests/sql/sample.sql")]).expect("sample data loads");
    // A second product with the same GTIN in the same province is refused by the schema.
    let dup = psql(
        &db.url,
        &[
            "-c",
            "INSERT INTO products VALUES ('VN-VL', 99, 1, 'X', 'food', NULL, '08930000000019', now(), '\\x00')",
        ],
    );
    assert!(dup.is_err_and(|e| e.contains("products_issuer_gtin_key")));

    let by_commune = psql(&db.url, &["-c", &docs_query("products-by-commune")]).expect("query 1");
    // Bánh tét's certificate is revoked, so Phước Hậu counts only the candy.
    assert_eq!(
        by_commune, "phường Phước Hậu|3|1\nxã Hòa Tân|4|1",
        "{by_commune}"
    );
    let ending = psql(&db.url, &["-c", &docs_query("ending-soon")]).expect("query 2");
    assert!(
        ending.starts_with("Kẹo dừa|Hộ kinh doanh Bà Tư|3|1307/QĐ-UBND|")
            && ending.ends_with("|20"),
        "{ending}"
    );
    let scans = psql(&db.url, &["-c", &docs_query("scans-and-open-reports")]).expect("query 3");
    assert_eq!(scans, "2026-11|123|97.6|0\n2026-12|80|100.0|1", "{scans}");
}

#[test]
fn store_migrate_prepares_a_database_once_and_refuses_a_newer_schema() {
    let Some(base) = std::env::var("OCOP_TRACE_TEST_PG").ok() else {
        eprintln!("skipped: OCOP_TRACE_TEST_PG is not set (scripts/test sets it)");
        return;
    };
    let db = TempDb::new(&base);
    let run = |args: &[&str]| {
        let out = crate::cli::bin()
            .args(args)
            .args(["--store", &db.url])
            .output()
            .expect("binary runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let password = db
        .url
        .split_once("://")
        .and_then(|(_, r)| r.split_once('@'))
        .and_then(|(u, _)| u.split_once(':'))
        .map(|(_, p)| p.to_owned());
    let (code, text) = run(&["store", "check"]);
    assert_eq!(code, Some(4), "{text}");
    assert!(text.contains("schema:   none (this binary: 5)"), "{text}");
    let (code, text) = run(&["store", "migrate"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("applied migration(s) 1, 2, 3, 4, 5"),
        "{text}"
    );
    let (code, text) = run(&["store", "migrate"]);
    assert_eq!(
        (code, text.contains("schema up to date")),
        (Some(0), true),
        "{text}"
    );
    let (code, text) = run(&["store", "check"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("engine:   postgresql"), "{text}");
    if let Some(p) = password.filter(|p| p.len() >= 4) {
        assert!(
            !text.contains(&format!(":{p}@")),
            "the password is printed: {text}"
        );
    }
    // A database migrated by a newer binary is refused, with both versions named.
    psql(
        &db.url,
        &["-c", "INSERT INTO schema_version (version) VALUES (7)"],
    )
    .expect("insert");
    let (code, text) = run(&["store", "migrate"]);
    assert_ne!(code, Some(0), "{text}");
    assert!(
        text.contains("schema version 7, newer than this binary's 5"),
        "{text}"
    );
    // Not a PostgreSQL URL: a clear message.
    let out = crate::cli::bin()
        .args(["store", "check", "--store", "./data"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres:// URL"));
}
