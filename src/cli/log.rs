//! `ocop-trace log`: check, without trusting the server's database, that the issuance log
//! was only ever appended to.

use super::client::{get_json, get_text};
use crate::crypto::{Jwks, KeyRing, KeyStatus};
use crate::domain::LogLeaf;
use crate::service::{ConsistencyView, EntryView, InclusionView, hex};
use crate::tlog::{self, Checkpoint, Hash, MemoryTree};
use anyhow::{Context, bail};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

/// `log` actions.
#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// Replay the whole log, recompute its root, and check it against the signed checkpoint
    /// and (with --checkpoint) against a checkpoint saved earlier.
    Verify {
        #[arg(
            long,
            env = "OCOP_TRACE_SERVER",
            default_value = "http://127.0.0.1:8080"
        )]
        server: String,
        /// A checkpoint saved earlier (e.g. with --save): the log must extend it.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// Save the latest verified checkpoint here.
        #[arg(long)]
        save: Option<PathBuf>,
        /// Issuer keys (default: the server's /.well-known/jwks.json).
        #[arg(long)]
        jwks: Option<PathBuf>,
    },
    /// Prove that entry INDEX is in the log (against --checkpoint, or the latest).
    Prove {
        index: u64,
        #[arg(
            long,
            env = "OCOP_TRACE_SERVER",
            default_value = "http://127.0.0.1:8080"
        )]
        server: String,
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        #[arg(long)]
        jwks: Option<PathBuf>,
    },
    /// Write every entry, one exact JSON line each, plus the latest checkpoint.
    Export {
        #[arg(
            long,
            env = "OCOP_TRACE_SERVER",
            default_value = "http://127.0.0.1:8080"
        )]
        server: String,
        /// Entries as JSON lines; the checkpoint goes to FILE.checkpoint.
        #[arg(long)]
        out: PathBuf,
    },
}

fn ring(server: &str, jwks: Option<&PathBuf>) -> anyhow::Result<KeyRing> {
    let text = match jwks {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?
        }
        None => get_text(server, "/.well-known/jwks.json")?,
    };
    let jwks: Jwks = serde_json::from_str(&text).context("not a JWKS document")?;
    KeyRing::from_jwks(&jwks).map_err(anyhow::Error::msg)
}

/// Opens a checkpoint note with any non-revoked key of the ring.
fn open(note: &str, keys: &KeyRing) -> anyhow::Result<Checkpoint> {
    let name = note.lines().next().unwrap_or_default();
    for key in keys
        .iter()
        .filter(|k| k.record.status != KeyStatus::Revoked)
    {
        if let Ok(cp) = tlog::open_checkpoint(note, name, &key.verifying.to_bytes()) {
            return Ok(cp);
        }
    }
    bail!("the checkpoint is not signed by any valid issuer key")
}

fn fetch_all(server: &str, size: u64) -> anyhow::Result<Vec<EntryView>> {
    let mut out = Vec::with_capacity(size as usize);
    while (out.len() as u64) < size {
        let start = out.len() as u64;
        let page: Vec<EntryView> = get_json(
            server,
            &format!("/api/v1/log/entries?start={start}&end={size}"),
        )?;
        if page.is_empty() {
            bail!("the server returned no entries from {start}");
        }
        out.extend(page);
    }
    Ok(out)
}

fn parse_hashes(v: &[String]) -> anyhow::Result<Vec<Hash>> {
    v.iter()
        .map(|h| {
            let bytes: Vec<u8> = (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(h.get(i..i + 2).unwrap_or("zz"), 16))
                .collect::<Result<_, _>>()
                .context("bad hex")?;
            <[u8; 32]>::try_from(bytes).map_err(|_| anyhow::anyhow!("hash is not 32 bytes"))
        })
        .collect()
}

/// Runs a `log` action.
pub fn run(action: LogAction) -> anyhow::Result<ExitCode> {
    match action {
        LogAction::Verify {
            server,
            checkpoint,
            save,
            jwks,
        } => verify(&server, checkpoint, save, jwks.as_ref()),
        LogAction::Prove {
            index,
            server,
            checkpoint,
            jwks,
        } => {
            let keys = ring(&server, jwks.as_ref())?;
            let note = match &checkpoint {
                Some(p) => std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read {}", p.display()))?,
                None => get_text(&server, "/api/v1/log/checkpoint")?,
            };
            let cp = open(&note, &keys)?;
            let proof: InclusionView = get_json(
                &server,
                &format!("/api/v1/log/proof/inclusion?index={index}&size={}", cp.size),
            )?;
            let entry: Vec<EntryView> = get_json(
                &server,
                &format!("/api/v1/log/entries?start={index}&end={}", index + 1),
            )?;
            let entry = entry.first().context("no such entry")?;
            let leaf = tlog::leaf_hash(entry.entry.as_bytes());
            let path = parse_hashes(&proof.proof)?;
            if tlog::verify_inclusion(&leaf, index, cp.size, &path, &cp.root) {
                println!(
                    "entry #{index} is included in the signed log of size {} (root {})",
                    cp.size,
                    hex(&cp.root)
                );
                println!("{}", entry.entry);
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "entry #{index} does NOT verify against the checkpoint of size {}",
                    cp.size
                );
                Ok(ExitCode::from(1))
            }
        }
        LogAction::Export { server, out } => {
            let note = get_text(&server, "/api/v1/log/checkpoint")?;
            let size: u64 = note
                .lines()
                .nth(1)
                .and_then(|l| l.parse().ok())
                .context("bad checkpoint")?;
            let entries = fetch_all(&server, size)?;
            let mut text = String::new();
            for e in &entries {
                text.push_str(&e.entry);
                text.push('\n');
            }
            std::fs::write(&out, text)
                .with_context(|| format!("cannot write {}", out.display()))?;
            let cp_path = PathBuf::from(format!("{}.checkpoint", out.display()));
            std::fs::write(&cp_path, note)?;
            eprintln!(
                "wrote {} entries to {} and the checkpoint to {}",
                entries.len(),
                out.display(),
                cp_path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn verify(
    server: &str,
    saved: Option<PathBuf>,
    save: Option<PathBuf>,
    jwks: Option<&PathBuf>,
) -> anyhow::Result<ExitCode> {
    let keys = ring(server, jwks)?;
    let note = get_text(server, "/api/v1/log/checkpoint")?;
    let latest = open(&note, &keys)?;
    let entries = fetch_all(server, latest.size)?;
    let mut problems = Vec::new();
    let mut tree = MemoryTree::new();
    for (i, e) in entries.iter().enumerate() {
        let (index, leaf) = tree.append(e.entry.as_bytes());
        if hex(&leaf) != e.leaf_hash {
            problems.push(format!("entry #{index}: its content no longer matches the hash recorded when it was appended (rewritten)"));
        }
        match serde_json::from_str::<LogLeaf>(&e.entry) {
            Ok(l) if l.index == i as u64 => {}
            Ok(l) => problems.push(format!("entry #{i}: claims index {}", l.index)),
            Err(err) => problems.push(format!("entry #{i}: not a log entry ({err})")),
        }
    }
    let root = tlog::root(&tree, latest.size).map_err(|e| anyhow::anyhow!("{e}"))?;
    if latest.size > 0 && root != latest.root {
        problems.push(format!(
            "the root recomputed from {} entries differs from the signed checkpoint",
            latest.size
        ));
    }
    if let Some(path) = &saved {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let old = open(&text, &keys)?;
        if old.size > latest.size {
            problems.push(format!(
                "the log shrank: saved checkpoint has {} entries, the server {}",
                old.size, latest.size
            ));
        } else if old.size > 0 {
            let old_root = tlog::root(&tree, old.size).map_err(|e| anyhow::anyhow!("{e}"))?;
            if old_root != old.root {
                problems.push(format!("the first {} entries no longer hash to the saved checkpoint's root: history was rewritten", old.size));
            }
            let c: ConsistencyView = get_json(
                server,
                &format!(
                    "/api/v1/log/proof/consistency?from={}&to={}",
                    old.size, latest.size
                ),
            )?;
            let proof = parse_hashes(&c.proof)?;
            if !tlog::verify_consistency(old.size, latest.size, &old.root, &latest.root, &proof) {
                problems.push(format!(
                    "no valid consistency proof from size {} to {}",
                    old.size, latest.size
                ));
            }
        }
    }
    if problems.is_empty() {
        println!(
            "log OK: {} entries replayed, root {} matches the signed checkpoint",
            latest.size,
            hex(&latest.root)
        );
        if let Some(path) = saved {
            println!("it extends the saved checkpoint {}", path.display());
        }
        if let Some(path) = save {
            std::fs::write(&path, &note)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!("saved the checkpoint to {}", path.display());
        }
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            println!("PROBLEM {p}");
        }
        Ok(ExitCode::from(1))
    }
}
