//! `tokens`: list and revoke API tokens through a running server's admin API.

use anyhow::Context;
use std::process::ExitCode;

/// `tokens` actions (through a running server's admin API).
#[derive(Debug, clap::Subcommand)]
pub enum TokensAction {
    /// List tokens: id, role, subject, label, created, last used, revoked.
    List,
    /// Revoke a token by id (tok_…).
    Revoke {
        /// Token id.
        #[arg(allow_hyphen_values = true)]
        id: String,
    },
}

/// `tokens` options.
#[derive(Debug, clap::Args)]
pub struct TokensArgs {
    /// Server base URL.
    #[arg(
        long,
        env = "OCOP_TRACE_SERVER",
        default_value = "http://127.0.0.1:8080"
    )]
    pub server: String,
    /// Admin API token.
    #[arg(long, env = "OCOP_TRACE_TOKEN", hide_env_values = true)]
    pub token: String,
    #[command(subcommand)]
    pub action: TokensAction,
}

/// Runs `tokens`.
pub fn tokens(args: &TokensArgs) -> anyhow::Result<ExitCode> {
    match &args.action {
        TokensAction::List => {
            let resp = super::client::get(&args.server, "/api/v1/tokens", Some(&args.token))?;
            let text = resp.into_body().read_to_string()?;
            let list: Vec<serde_json::Value> =
                serde_json::from_str(&text).context("unexpected answer from /api/v1/tokens")?;
            println!("id\trole\tsubject\tlabel\tcreated\tlast used\trevoked");
            for t in list {
                let s = |k: &str| match &t[k] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "-".into(),
                    other => other.to_string(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    s("id"),
                    s("role"),
                    s("subject_id"),
                    s("label"),
                    s("created_at"),
                    s("last_used_at"),
                    s("revoked_at")
                );
            }
        }
        TokensAction::Revoke { id } => {
            let path = format!(
                "/api/v1/tokens/{}/revoke",
                percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
            );
            super::client::post(&args.server, &path, Some(&args.token), None)?;
            println!("revoked {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
