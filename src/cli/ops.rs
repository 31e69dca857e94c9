//! Operator commands: `backup`, `restore`, `doctor` (`tokens` is in [`super::tokens`]).

use crate::backup::{self, PrivateKeys, Unseal};
use crate::clock::Clock;
use crate::crypto::KeyStore;
use crate::ops::doctor;
use crate::store::StoreUrl;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zeroize::Zeroizing;

/// Exit code of `doctor` when it found problems.
pub const EXIT_PROBLEMS: u8 = 4;
/// Exit code of `doctor` when the store cannot be opened at all.
pub const EXIT_UNOPENABLE: u8 = 5;

/// Where the passphrase for private keys comes from (never the command line, which other
/// users can read in the process list).
#[derive(Debug, clap::Args)]
pub struct PassphraseArgs {
    /// File holding the passphrase (first line). Or set OCOP_TRACE_BACKUP_PASSPHRASE.
    #[arg(long)]
    pub passphrase_file: Option<PathBuf>,
}

impl PassphraseArgs {
    fn read(&self) -> anyhow::Result<Zeroizing<String>> {
        if let Some(path) = &self.passphrase_file {
            let text = Zeroizing::new(
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            );
            let line = text.lines().next().unwrap_or("").trim_end();
            return Ok(Zeroizing::new(line.to_owned()));
        }
        match std::env::var("OCOP_TRACE_BACKUP_PASSPHRASE") {
            Ok(p) if !p.is_empty() => Ok(Zeroizing::new(p)),
            _ => bail!(
                "private keys need a passphrase: --passphrase-file FILE or OCOP_TRACE_BACKUP_PASSPHRASE"
            ),
        }
    }

    /// The passphrase if one was given (a named file must be readable); restore asks only
    /// for what the backup turns out to hold.
    fn read_optional(&self) -> anyhow::Result<Option<Zeroizing<String>>> {
        let given = self.passphrase_file.is_some()
            || std::env::var_os("OCOP_TRACE_BACKUP_PASSPHRASE").is_some_and(|p| !p.is_empty());
        if given {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// `backup` options.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The backup file to create (never overwritten).
    #[arg(long)]
    pub out: PathBuf,
    /// Back up a running server through its admin API (needs an admin --token).
    #[arg(long, env = "OCOP_TRACE_SERVER")]
    pub server: Option<String>,
    /// Admin API token (with --server).
    #[arg(long, env = "OCOP_TRACE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Data directory of a stopped server (without --server).
    #[arg(long, env = "OCOP_TRACE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// A store address instead of the data directory (postgres://…; servers may keep
    /// running on it).
    #[arg(long, env = "OCOP_TRACE_STORE", hide_env_values = true)]
    pub store: Option<String>,
    /// Issuer key set (signs the manifest; without --server).
    #[arg(long, env = "OCOP_TRACE_KEYS_DIR", default_value = "./keys")]
    pub keys_dir: PathBuf,
    /// Also seal the private keys into the backup, encrypted with a passphrase.
    #[arg(long)]
    pub with_private_keys: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// `restore` options.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
    /// An empty (or new) data directory to restore into.
    #[arg(long, required_unless_present = "store")]
    pub data_dir: Option<PathBuf>,
    /// A store address to restore into instead (postgres://…?issuer=VN-XX: the issuer
    /// must hold no data yet).
    #[arg(long, env = "OCOP_TRACE_STORE", hide_env_values = true)]
    pub store: Option<String>,
    /// Trust only these keys for the manifest signature (a JWKS you kept separately).
    #[arg(long)]
    pub jwks: Option<PathBuf>,
    /// Also restore the sealed private keys into this (empty or new) key directory.
    #[arg(long)]
    pub keys_dir: Option<PathBuf>,
    /// Only verify the file; write nothing.
    #[arg(long)]
    pub verify_only: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// `doctor` options.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Data directory (the server must be stopped: the store is locked while it runs).
    #[arg(long, env = "OCOP_TRACE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// A store address instead of the data directory (postgres://…).
    #[arg(long, env = "OCOP_TRACE_STORE", hide_env_values = true)]
    pub store: Option<String>,
    /// Issuer key set: batch record signatures and key file permissions are checked.
    #[arg(long, env = "OCOP_TRACE_KEYS_DIR", default_value = "./keys")]
    pub keys_dir: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `backup`.
pub fn backup(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    if args.out.exists() {
        bail!("{} exists; choose a new file name", args.out.display());
    }
    let passphrase = if args.with_private_keys {
        Some(args.passphrase.read()?)
    } else {
        None
    };
    if let Some(server) = &args.server {
        let token = args
            .token
            .as_deref()
            .context("--server needs an admin --token (or OCOP_TRACE_TOKEN)")?;
        let body = match &passphrase {
            Some(p) => serde_json::json!({"with_private_keys": true, "passphrase": p.as_str()}),
            None => serde_json::json!({}),
        };
        let resp = super::client::post(server, "/api/v1/admin/backup", Some(token), Some(&body))?;
        let tmp = partial_path(&args.out);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        let copied = std::io::copy(&mut resp.into_body().into_reader(), &mut f)
            .map_err(anyhow::Error::from)
            .and_then(|n| f.sync_all().map(|()| n).map_err(anyhow::Error::from));
        let n = match copied {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e.context("the download was interrupted; nothing was kept"));
            }
        };
        // Check what arrived before giving it the final name.
        let verified = match backup::verify_file(&tmp, None) {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(anyhow::Error::from(e).context("the downloaded backup does not verify"));
            }
        };
        std::fs::rename(&tmp, &args.out)
            .with_context(|| format!("cannot rename to {}", args.out.display()))?;
        print_manifest(&args.out, &verified.manifest, n);
        return Ok(ExitCode::SUCCESS);
    }
    let keystore = KeyStore::new(&args.keys_dir);
    let ring = keystore.load()?;
    let store =
        crate::store::open_for_operator(args.store.as_deref(), &args.data_dir).map_err(|e| {
            anyhow::anyhow!("{e}\n(if the server is running, use --server URL --token ADMIN_TOKEN)")
        })?;
    let private = passphrase.as_ref().map(|p| PrivateKeys {
        keys: &keystore,
        passphrase: p.as_str(),
    });
    let m = backup::create_file(&*store, &ring, private, Clock::default().now(), &args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    print_manifest(&args.out, &m, size);
    Ok(ExitCode::SUCCESS)
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

fn print_manifest(path: &Path, m: &backup::Manifest, size: u64) {
    let records: u64 = m.trees.iter().map(|t| t.records).sum();
    println!("backup:       {}", path.display());
    println!("format:       {}", m.format);
    println!("created:      {}", m.created_at.to_rfc3339());
    println!("bytes:        {size}");
    println!("body sha256:  {}", m.body_sha256);
    println!("relations:    {} ({records} records)", m.trees.len());
    println!("log:          {} entries, root {}", m.log_size, m.log_root);
    println!(
        "private keys: {}",
        if m.private_keys.is_some() {
            "included (sealed with the passphrase)"
        } else {
            "not included"
        }
    );
    if let Some(summary) = m.secrets_summary() {
        println!("pin secrets:  {summary}");
    }
}

/// Runs `restore`.
pub fn restore(args: &RestoreArgs) -> anyhow::Result<ExitCode> {
    let trusted = args.jwks.as_deref().map(super::read_jwks).transpose()?;
    if args.verify_only {
        let v = backup::verify_file(&args.file, trusted.as_ref())?;
        print_manifest(&args.file, &v.manifest, v.manifest.body_bytes);
        println!("signed by:    {}{}", v.kid, pin_note(v.pinned));
        println!("verdict:      the file is intact");
        return Ok(ExitCode::SUCCESS);
    }
    // Whether a passphrase is needed depends on what the backup holds: restore decides.
    let passphrase = args.passphrase.read_optional()?;
    let keystore = args.keys_dir.as_ref().map(KeyStore::new);
    let unseal = Unseal {
        keys: keystore.as_ref(),
        passphrase: passphrase.as_ref().map(|p| p.as_str()),
    };
    let target = match (&args.store, &args.data_dir) {
        (Some(s), _) => StoreUrl::parse(s).map_err(anyhow::Error::msg)?,
        (None, Some(dir)) => StoreUrl::Sled(dir.clone()),
        (None, None) => bail!("name where to restore: --data-dir DIR or --store URL"),
    };
    let r = backup::restore_with(&args.file, &target, trusted.as_ref(), unseal)?;
    println!("restored:     {} records into {target}", r.records);
    println!(
        "signed by:    {}{}",
        r.verified.kid,
        pin_note(r.verified.pinned)
    );
    println!(
        "checked:      {} batch record signatures, log of {} entries (root matches the manifest)",
        r.batches_checked, r.verified.manifest.log_size
    );
    if !r.key_files.is_empty() {
        println!("keys:         {}", r.key_files.join(", "));
    }
    if r.secrets_restored > 0 {
        println!("pin secrets:  {} restored (sealed)", r.secrets_restored);
    }
    for note in r.notes() {
        println!("note:         {note}");
    }
    Ok(ExitCode::SUCCESS)
}

fn pin_note(pinned: bool) -> &'static str {
    if pinned {
        " (a key from --jwks)"
    } else {
        " (a key listed inside the backup; pass --jwks to pin the issuer's keys)"
    }
}

/// Runs `doctor`: exit 0 healthy, 4 problems found, 5 the store cannot be opened.
pub fn doctor(args: &DoctorArgs) -> anyhow::Result<ExitCode> {
    let store = match crate::store::open_for_operator(args.store.as_deref(), &args.data_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!(
                "next: if another ocop-trace process holds the store, stop it first; if the \
                 store is damaged, restore the latest backup into a new directory with \
                 `ocop-trace restore FILE --data-dir NEW_DIR`"
            );
            return Ok(ExitCode::from(EXIT_UNOPENABLE));
        }
    };
    let keystore = KeyStore::new(&args.keys_dir);
    let (ring, mut key_notes) = if keystore.exists() {
        match keystore.public_ring() {
            Ok(r) => (Some(r), Vec::new()),
            Err(e) => (None, vec![format!("key set unreadable: {e}")]),
        }
    } else {
        (
            None,
            vec![format!(
                "no key set in {}: batch record signatures not checked",
                args.keys_dir.display()
            )],
        )
    };
    let mut report = doctor::examine(&*store, ring.as_ref())?;
    if keystore.exists() {
        for (path, mode) in keystore.insecure_files().unwrap_or_default() {
            report.problems.push(doctor::Problem {
                code: "key_permissions",
                detail: format!("{} has mode {mode:o}; run chmod 600 on it", path.display()),
            });
        }
    }
    if args.json {
        let mut v = serde_json::to_value(&report)?;
        v["healthy"] = serde_json::Value::Bool(report.healthy());
        v["notes"] = serde_json::json!(key_notes);
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        let mut out = std::io::stdout().lock();
        match args.store.as_deref().map(crate::store::StoreUrl::parse) {
            Some(Ok(url)) => writeln!(out, "store: {url}")?,
            _ => writeln!(out, "store: {}", args.data_dir.display())?,
        }
        for (name, n) in &report.trees {
            writeln!(out, "  {name:<28} {n:>10}")?;
        }
        writeln!(
            out,
            "checked: {} batch record signatures, {} log entries",
            report.batches_checked, report.log_entries
        )?;
        for note in key_notes.drain(..) {
            writeln!(out, "note: {note}")?;
        }
        for p in &report.problems {
            writeln!(out, "PROBLEM {}: {}", p.code, p.detail)?;
        }
        if report.healthy() {
            writeln!(out, "healthy")?;
        } else {
            writeln!(out, "{} problem(s) found", report.problems.len())?;
        }
    }
    Ok(if report.healthy() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}
