//! `store`: preparing a PostgreSQL database (`migrate`, `check`) and copying a province's
//! data between stores (`copy`).

use crate::crypto::KeyStore;
use crate::store::StoreUrl;
use crate::store::postgres::{migrate, redact, schema_state};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `store` does.
#[derive(Debug, Subcommand)]
pub enum StoreAction {
    /// Apply the schema migrations a PostgreSQL database lacks (refuses a newer schema).
    Migrate {
        /// The database: `postgres://user:password@host:port/dbname`.
        #[arg(long, env = "OCOP_TRACE_STORE")]
        store: String,
    },
    /// Say whether the database is reachable and which schema version it has.
    Check {
        /// The database: `postgres://user:password@host:port/dbname`.
        #[arg(long, env = "OCOP_TRACE_STORE")]
        store: String,
    },
    /// Copy everything a store holds into an empty one (sled to PostgreSQL or back), then
    /// check the copy against the source before keeping it. Stop the servers on the source
    /// first, so nothing changes while it is read.
    Copy {
        /// The source: `sled:DIR`, a plain path, or `postgres://…?issuer=VN-XX`.
        #[arg(long)]
        from: String,
        /// The target, which must hold nothing yet (an empty directory, or an issuer with
        /// no data in the database).
        #[arg(long)]
        to: String,
        /// Issuer key set: every batch record's signature is checked in the copy.
        #[arg(long, env = "OCOP_TRACE_KEYS_DIR", default_value = "./keys")]
        keys_dir: PathBuf,
    },
}

/// Runs a `store` action.
pub fn run(action: StoreAction) -> anyhow::Result<ExitCode> {
    match action {
        StoreAction::Migrate { store } => {
            let url = postgres_only(&store)?;
            let applied = migrate(url)?;
            if applied.is_empty() {
                println!("{}: schema up to date", redact(url));
            } else {
                let list: Vec<String> = applied.iter().map(i32::to_string).collect();
                println!("{}: applied migration(s) {}", redact(url), list.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreAction::Check { store } => {
            let url = postgres_only(&store)?;
            let st = schema_state(url)?;
            let current = st.current.map_or("none".to_owned(), |v| v.to_string());
            println!("engine:   postgresql ({})", redact(url));
            println!("schema:   {current} (this binary: {})", st.latest);
            Ok(if st.current == Some(st.latest) {
                ExitCode::SUCCESS
            } else {
                println!("run `ocop-trace store migrate --store URL` first");
                ExitCode::from(4)
            })
        }
        StoreAction::Copy { from, to, keys_dir } => copy(&from, &to, &keys_dir),
    }
}

fn postgres_only(url: &str) -> anyhow::Result<&str> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        anyhow::bail!("--store must be a postgres:// URL (sled needs no preparation)");
    }
    Ok(url)
}

fn copy(from: &str, to: &str, keys_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let target = StoreUrl::parse(to).map_err(anyhow::Error::msg)?;
    let source_url = StoreUrl::parse(from).map_err(anyhow::Error::msg)?;
    if source_url == target {
        anyhow::bail!("--from and --to name the same store");
    }
    let source = crate::store::open_for_operator(Some(from), std::path::Path::new("."))?;
    let keystore = KeyStore::new(keys_dir);
    let ring = if keystore.exists() {
        Some(keystore.public_ring()?)
    } else {
        eprintln!(
            "note: no key set in {}: batch record signatures are not checked",
            keys_dir.display()
        );
        None
    };
    let done = crate::ops::copy::copy(&*source, &target, ring.as_ref())?;
    let records: u64 = done.relations.iter().map(|(_, n)| n).sum();
    println!("copied:   {records} records from {source_url} into {target}");
    for (name, n) in &done.relations {
        println!("          {name}: {n}");
    }
    println!(
        "checked:  record counts per relation, {} batch record signatures, {} media files by SHA-256",
        done.batches_checked, done.media_checked
    );
    println!(
        "log:      {} entries, root {} (the same in both stores)",
        done.log_size, done.log_root
    );
    println!("sessions: not copied; people sign in again on the new store");
    Ok(ExitCode::SUCCESS)
}
