//! `ocop-trace labels`: fetches label output from a server and writes files, with progress.

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{Read, Write};
use std::path::PathBuf;

/// `labels` options.
#[derive(Debug, clap::Args)]
pub struct LabelsArgs {
    /// Server base URL.
    #[arg(
        long,
        env = "OCOP_TRACE_SERVER",
        default_value = "http://127.0.0.1:8080"
    )]
    pub server: String,
    /// API token (producer, or admin).
    #[arg(long, env = "OCOP_TRACE_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Batch id.
    #[arg(long)]
    pub batch: u64,
    /// First serial (default 1).
    #[arg(long)]
    pub from: Option<u32>,
    /// Last serial (default: the whole batch; for png/svg, `from`).
    #[arg(long)]
    pub to: Option<u32>,
    /// pdf (A4 sheet), csv (serial,url for inkjet lines), png or svg (one file per label).
    #[arg(long, value_parser = ["pdf", "csv", "png", "svg"])]
    pub format: String,
    /// Output file (pdf, csv) or directory (png, svg).
    #[arg(long)]
    pub out: PathBuf,
    /// Extra query options passed through, e.g. `columns=2`, `rows=6`, `ecc=Q`,
    /// `width_mm=40`, `height_mm=25`, `dpi=600` (repeatable).
    #[arg(long = "opt", value_name = "KEY=VALUE")]
    pub opts: Vec<String>,
}

fn query(args: &LabelsArgs, extra: &[(&str, String)]) -> anyhow::Result<String> {
    let mut parts: Vec<String> = vec![format!("format={}", args.format)];
    for (k, v) in extra {
        parts.push(format!("{k}={v}"));
    }
    for opt in &args.opts {
        let Some((k, v)) = opt.split_once('=') else {
            bail!("--opt expects KEY=VALUE, got '{opt}'");
        };
        if !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            bail!("--opt key '{k}' is not a plain name");
        }
        parts.push(format!(
            "{k}={}",
            percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
        ));
    }
    Ok(parts.join("&"))
}

fn get(args: &LabelsArgs, path: &str) -> anyhow::Result<ureq::http::Response<ureq::Body>> {
    super::client::get(&args.server, path, Some(&args.token))
}

/// Runs the command.
pub fn run(args: &LabelsArgs) -> anyhow::Result<()> {
    match args.format.as_str() {
        "pdf" | "csv" => stream_one(args),
        _ => one_per_label(args),
    }
}

fn stream_one(args: &LabelsArgs) -> anyhow::Result<()> {
    let mut extra = Vec::new();
    if let Some(f) = args.from {
        extra.push(("from", f.to_string()));
    }
    if let Some(t) = args.to {
        extra.push(("to", t.to_string()));
    }
    let path = format!(
        "/api/v1/batches/{}/labels?{}",
        args.batch,
        query(args, &extra)?
    );
    let resp = get(args, &path)?;
    if let Some(n) = resp
        .headers()
        .get("x-ocop-notice")
        .and_then(|v| v.to_str().ok())
    {
        eprintln!("note: {n}");
    }
    let tmp = args.out.with_extension("partial");
    let mut file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bytes} written ({bytes_per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let mut reader = resp.into_body().into_with_config().limit(u64::MAX).reader();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = reader
            .read(&mut buf)
            .context("the transfer was interrupted")?;
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n])?;
        bar.inc(n as u64);
    }
    file.sync_all()?;
    bar.finish_and_clear();
    // Only a complete transfer replaces the output file.
    std::fs::rename(&tmp, &args.out)?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), bar.position());
    Ok(())
}

fn one_per_label(args: &LabelsArgs) -> anyhow::Result<()> {
    let from = args.from.unwrap_or(1);
    let to = args.to.unwrap_or(from);
    if from == 0 || to < from {
        bail!("--from and --to must satisfy 1 <= from <= to");
    }
    if to - from >= 100_000 {
        bail!("at most 100000 single-label files per run; use --format pdf or csv for more");
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let bar = ProgressBar::new(u64::from(to - from + 1));
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} labels {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for serial in from..=to {
        let path = format!(
            "/api/v1/batches/{}/labels/{serial}?{}",
            args.batch,
            query(args, &[])?
        );
        let resp = get(args, &path)?;
        let mut body = Vec::new();
        resp.into_body()
            .into_with_config()
            .limit(64 * 1024 * 1024)
            .reader()
            .read_to_end(&mut body)?;
        let file = args
            .out
            .join(format!("{}-{serial}.{}", args.batch, args.format));
        std::fs::write(&file, body).with_context(|| format!("cannot write {}", file.display()))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    eprintln!("wrote {} files to {}", to - from + 1, args.out.display());
    Ok(())
}
