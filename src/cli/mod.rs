//! The command line: `serve`, `keys`, `verify`, `labels`, `log`, `backup`, `restore`,
//! `doctor`, `tokens`, `accounts`.

mod accounts;
mod client;
mod labels;
mod log;
mod ops;
mod store;
mod tokens;

use crate::clock::Clock;
use crate::crypto::{Jwks, KeyRing, KeyStore};
use crate::startup::{ServeConfig, prepare, run, shutdown_signal};
use crate::verify::{STATUS_TYP, StatusSnapshot, apply_status, verify_offline};
use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Signed OCOP traceability records and verifiable QR labels.
#[derive(Debug, Parser)]
#[command(name = "ocop-trace", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service (creates keys, data and a bootstrap admin token on first run).
    Serve(ServeArgs),
    /// Manage the issuer key set.
    Keys {
        /// Key set directory.
        #[arg(
            long,
            env = "OCOP_TRACE_KEYS_DIR",
            default_value = "./keys",
            global = true
        )]
        keys_dir: PathBuf,
        #[command(subcommand)]
        action: KeysAction,
    },
    /// Download printable labels of a batch (PDF sheet, CSV, PNG/SVG files) from a server.
    Labels(labels::LabelsArgs),
    /// Verify, prove and export the tamper-evident issuance log.
    Log {
        #[command(subcommand)]
        action: log::LogAction,
    },
    /// Write a consistent, signed backup of the store (online through the API, or offline).
    Backup(ops::BackupArgs),
    /// Verify a backup and restore it into an empty data directory.
    Restore(ops::RestoreArgs),
    /// Examine a stopped server's store read-only (exit 0 healthy, 4 problems, 5 unopenable).
    Doctor(ops::DoctorArgs),
    /// List or revoke API tokens of a running server.
    Tokens(tokens::TokensArgs),
    /// Person accounts for the console (`create-admin`: the first office admin).
    Accounts {
        #[command(subcommand)]
        action: accounts::AccountsAction,
    },
    /// Prepare or check a PostgreSQL database for ocop-trace (the schema's migrations).
    Store {
        #[command(subcommand)]
        action: store::StoreAction,
    },
    /// Check a label URL offline against a JWKS file.
    Verify {
        /// The label URL (the QR content).
        url: String,
        /// The issuer's JWKS (from /.well-known/jwks.json or `keys export-jwks`).
        #[arg(long)]
        jwks: PathBuf,
        /// The issuer's signed status snapshot (from /.well-known/ocop-status): recalls,
        /// revocations and key statuses as of its time. An ended one is said, not trusted.
        #[arg(long)]
        status: Option<PathBuf>,
        /// Judge certificate validity on this day instead of today (YYYY-MM-DD).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `serve` options. Precedence: flag > environment variable > `--config` file > default
/// (docs/operations.md).
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// TOML configuration file.
    #[arg(long, env = "OCOP_TRACE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Validate the configuration, print the effective settings and exit (0 valid, 1 not).
    #[arg(long)]
    pub check_config: bool,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "OCOP_TRACE_LISTEN")]
    pub listen: Option<String>,
    /// Data directory; the sled store lives in DIR/v1 [default: ./data].
    #[arg(long, env = "OCOP_TRACE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Store address: `sled:DIR`, a plain path, or `postgres://…` [default: sled in --data-dir].
    #[arg(long, env = "OCOP_TRACE_STORE")]
    pub store: Option<String>,
    /// Issuer key set directory [default: ./keys].
    #[arg(long, env = "OCOP_TRACE_KEYS_DIR")]
    pub keys_dir: Option<PathBuf>,
    /// Public base URL used in label URLs, e.g. https://truyxuat.example.gov.vn
    #[arg(long, env = "OCOP_TRACE_BASE_URL")]
    pub base_url: Option<String>,
    /// Load the sample portfolio from fixtures/ into an empty store and print label URLs.
    #[arg(long)]
    pub demo: bool,
    /// Take client addresses from X-Forwarded-For (only behind your own reverse proxy).
    #[arg(
        long,
        env = "OCOP_TRACE_TRUST_FORWARDED",
        num_args = 0..=1,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub trust_forwarded: Option<bool>,
    /// A unit scanned from more distinct places (network regions) than this within the
    /// window, over at least a day, is `clone_suspected` [default: 5].
    #[arg(long, env = "OCOP_TRACE_CLONE_MAX_SOURCES")]
    pub clone_max_sources: Option<usize>,
    /// Places not seen for this many days no longer count towards a suspicion [default: 30].
    #[arg(long, env = "OCOP_TRACE_CLONE_WINDOW_DAYS")]
    pub clone_window_days: Option<u32>,
    /// No longer used (scan counts alone never make a clone suspicion); accepted with a
    /// warning so that older service files still start.
    #[arg(long, env = "OCOP_TRACE_CLONE_MAX_SCANS", hide = true)]
    pub clone_max_scans: Option<u64>,
    /// Requests a minute one network (/24, /48) may make to label URLs [default: 600].
    #[arg(long, env = "OCOP_TRACE_LABEL_SCANS_PER_MINUTE")]
    pub label_scans_per_minute: Option<u32>,
    /// Seconds in-flight requests get after SIGTERM/SIGINT [default: 10].
    #[arg(long, env = "OCOP_TRACE_SHUTDOWN_GRACE_SECONDS")]
    pub shutdown_grace_seconds: Option<u64>,
    /// The province OCOP office's name, shown on every public page and in the advice.
    #[arg(long, env = "OCOP_TRACE_OFFICE_NAME")]
    pub office_name: Option<String>,
    /// The office's name on English pages [default: the Vietnamese name].
    #[arg(long, env = "OCOP_TRACE_OFFICE_NAME_EN")]
    pub office_name_en: Option<String>,
    /// The office's hotline, shown as a tap-to-call link.
    #[arg(long, env = "OCOP_TRACE_OFFICE_HOTLINE")]
    pub office_hotline: Option<String>,
    /// The office's postal address.
    #[arg(long, env = "OCOP_TRACE_OFFICE_ADDRESS")]
    pub office_address: Option<String>,
    /// A PNG or SVG file with the office's logo, shown beside its name on public pages.
    #[arg(long, env = "OCOP_TRACE_OFFICE_LOGO")]
    pub office_logo: Option<String>,
}

/// `keys` actions.
#[derive(Debug, Subcommand)]
pub enum KeysAction {
    /// Create a key set with one active key.
    Init,
    /// Add a new active key; the old active key is retired (it still verifies).
    Rotate,
    /// Retire a key (it stops signing, keeps verifying).
    Retire {
        /// Key id (may start with '-': kids are base64url).
        #[arg(allow_hyphen_values = true)]
        kid: String,
    },
    /// Revoke a key: labels and records it signed fail with key_revoked.
    Revoke {
        /// Key id (may start with '-': kids are base64url).
        #[arg(allow_hyphen_values = true)]
        kid: String,
    },
    /// List keys and their status.
    List,
    /// Print the public JWKS (or write it to --out).
    ExportJwks {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Parses arguments, runs, and maps failures to a message and exit code 1 (2 for usage).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run_command(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_command(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Serve(args) => serve(args),
        Command::Keys { keys_dir, action } => keys(&KeyStore::new(keys_dir), action),
        Command::Log { action } => log::run(action),
        Command::Labels(args) => labels::run(&args).map(|()| ExitCode::SUCCESS),
        Command::Backup(args) => ops::backup(&args),
        Command::Restore(args) => ops::restore(&args),
        Command::Doctor(args) => ops::doctor(&args),
        Command::Tokens(args) => tokens::tokens(&args),
        Command::Accounts { action } => accounts::run(action),
        Command::Store { action } => store::run(action),
        Command::Verify {
            url,
            jwks,
            status,
            today,
            json,
        } => verify(&url, &jwks, status.as_deref(), today, json),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    use crate::ops::config;
    let file = match &args.config {
        Some(path) => config::read_file(path)?,
        None => config::FileConfig::default(),
    };
    let overrides = config::Overrides {
        listen: args.listen,
        data_dir: args.data_dir,
        store: args.store,
        keys_dir: args.keys_dir,
        base_url: args.base_url,
        trust_forwarded: args.trust_forwarded,
        clone_max_sources: args.clone_max_sources,
        clone_window_days: args.clone_window_days,
        clone_max_scans: args.clone_max_scans,
        label_scans_per_minute: args.label_scans_per_minute,
        shutdown_grace_seconds: args.shutdown_grace_seconds,
        office: crate::ops::office::OfficeSettings {
            office_name: args.office_name,
            office_name_en: args.office_name_en,
            office_hotline: args.office_hotline,
            office_address: args.office_address,
            office_logo: args.office_logo,
        },
    };
    let admin_token = std::env::var("OCOP_TRACE_ADMIN_TOKEN").ok();
    let (cfg, settings) = config::resolve(&overrides, &file, args.demo, admin_token)?;
    if args.check_config {
        return check_config(&cfg, &settings);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        let prepared = prepare(&cfg).await?;
        if let Some(kid) = &prepared.created_key {
            eprintln!(
                "created issuer key {kid} in {} (keep it secret; back it up)",
                cfg.keys_dir.display()
            );
        }
        if let Some(token) = &prepared.bootstrap_token {
            eprintln!("bootstrap admin token (shown once, store it now):");
            println!("{token}");
        }
        for skipped in &prepared.demo_skipped {
            eprintln!("demo batch skipped: {skipped}");
        }
        if !prepared.demo_urls.is_empty() {
            eprintln!("demo label URLs to try:");
            for url in &prepared.demo_urls {
                println!("{url}");
            }
        }
        eprintln!("ocop-trace listening on http://{}", prepared.addr);
        run(prepared, shutdown_signal(), cfg.shutdown_grace).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the effective settings and checks what can be checked without starting.
fn check_config(
    cfg: &ServeConfig,
    settings: &[crate::ops::config::Setting],
) -> anyhow::Result<ExitCode> {
    for s in settings {
        println!("{:<24} {:<40} ({})", s.name, s.value, s.source.as_str());
    }
    match &cfg.store {
        // Display redacts the password.
        Some(url) => println!("store: {} ({})", url.engine(), url),
        None => println!("store: sled in {}", cfg.data_dir.display()),
    }
    let keys = KeyStore::new(&cfg.keys_dir);
    if keys.exists() {
        match keys.load() {
            Ok(ring) => println!(
                "keys: {} key(s), active {}",
                ring.iter().count(),
                ring.active().map_or("none", |k| k.record.kid.as_str())
            ),
            Err(e) => {
                println!("keys: {e}");
                println!("configuration is NOT usable");
                return Ok(ExitCode::FAILURE);
            }
        }
    } else {
        println!(
            "keys: none yet in {} (created on first start)",
            cfg.keys_dir.display()
        );
    }
    let parent = cfg
        .data_dir
        .ancestors()
        .find(|p| p.exists())
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let writable = std::fs::metadata(&parent).is_ok_and(|m| !m.permissions().readonly());
    if !writable {
        println!("data_dir: {} is not writable", parent.display());
        println!("configuration is NOT usable");
        return Ok(ExitCode::FAILURE);
    }
    println!("configuration is valid");
    Ok(ExitCode::SUCCESS)
}

fn keys(store: &KeyStore, action: KeysAction) -> anyhow::Result<ExitCode> {
    let now = Clock::default().now();
    match action {
        KeysAction::Init => {
            let k = store.init(now)?;
            println!("created active key {}", k.kid);
        }
        KeysAction::Rotate => {
            let k = store.rotate(now)?;
            println!("new active key {}; restart the server to use it", k.kid);
        }
        KeysAction::Retire { kid } => {
            store.retire(&kid, now)?;
            println!("retired {kid}; restart the server to apply");
        }
        KeysAction::Revoke { kid } => {
            store.revoke(&kid, now)?;
            println!("revoked {kid}; restart the server to apply");
        }
        KeysAction::List => {
            for k in store.records()? {
                println!(
                    "{}\t{:?}\tcreated {}",
                    k.kid,
                    k.status,
                    k.created_at.format("%Y-%m-%d")
                );
            }
        }
        KeysAction::ExportJwks { out } => {
            let jwks = store.load()?.jwks();
            let text = serde_json::to_string_pretty(&jwks)?;
            match out {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => println!("{text}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A verify-only key ring from a JWKS file (`keys export-jwks`, /.well-known/jwks.json).
fn read_jwks(path: &std::path::Path) -> anyhow::Result<KeyRing> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read JWKS {}", path.display()))?;
    let jwks: Jwks = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a JWKS document", path.display()))?;
    KeyRing::from_jwks(&jwks).map_err(anyhow::Error::msg)
}

/// A status snapshot file, checked against the key set: a forged or foreign one is refused.
fn read_status(path: &std::path::Path, ring: &KeyRing) -> anyhow::Result<StatusSnapshot> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read status snapshot {}", path.display()))?;
    let (_, payload) =
        crate::crypto::verify_jws_typ(ring, text.trim(), STATUS_TYP).map_err(|e| {
            anyhow::anyhow!(
                "{} is not a status snapshot signed by these keys: {e}",
                path.display()
            )
        })?;
    serde_json::from_slice(&payload)
        .with_context(|| format!("{} does not hold a status snapshot", path.display()))
}

fn verify(
    url: &str,
    jwks_path: &std::path::Path,
    status_path: Option<&std::path::Path>,
    today: Option<NaiveDate>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let ring = read_jwks(jwks_path)?;
    let status = status_path.map(|p| read_status(p, &ring)).transpose()?;
    let clock = Clock::default();
    let today = today.unwrap_or_else(|| clock.today());
    let mut v = verify_offline(&ring, url, today);
    if let (Some(st), Ok(label)) = (&status, crate::label::SignedLabel::parse_url(url)) {
        let identity = label.label.identity.message_form();
        v = apply_status(v, &identity, &label.label.kid, st, clock.now());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        if let Some(l) = &v.label {
            println!("batch:        {}", l.identity);
            println!("serial:       {}", l.serial);
            println!("stars:        {}", "★".repeat(usize::from(l.star)));
            println!("valid until:  {}", l.certificate_valid_until);
            println!("key:          {}", l.kid);
        }
        println!("verdict:      {}", v.code.as_str());
        if let Some(at) = v.status_as_of {
            println!("status as of: {}", at.format("%Y-%m-%d %H:%M UTC"));
        }
        println!("reason:       {}", v.reason);
        println!("vi:           {}", v.code.message_vi());
        println!("en:           {}", v.code.message_en());
    }
    Ok(if v.code.signature_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}
