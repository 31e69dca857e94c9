//! `ocop-trace accounts`: person accounts from the command line. Only the first office
//! admin is made here; everyone else is created in the console by the office.

use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::service::App;
use anyhow::Context;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

/// `accounts` actions.
#[derive(Debug, clap::Subcommand)]
pub enum AccountsAction {
    /// Create an office admin account with a password (the server must be stopped). The
    /// password is read from OCOP_TRACE_ADMIN_PASSWORD or, if unset, from the first line of
    /// standard input, never from the command line.
    CreateAdmin {
        /// Data directory.
        #[arg(long, env = "OCOP_TRACE_DATA_DIR", default_value = "./data")]
        data_dir: PathBuf,
        /// A store address instead of the data directory (e.g. postgres://…).
        #[arg(long, env = "OCOP_TRACE_STORE", hide_env_values = true)]
        store: Option<String>,
        /// Username or phone number to sign in with.
        #[arg(long)]
        login: String,
        /// The name the console shows.
        #[arg(long, default_value = "Quản trị")]
        name: String,
    },
}

/// Runs an `accounts` action.
pub fn run(action: AccountsAction) -> anyhow::Result<ExitCode> {
    match action {
        AccountsAction::CreateAdmin {
            data_dir,
            store,
            login,
            name,
        } => {
            let password = match std::env::var("OCOP_TRACE_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("cannot read the password from standard input")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let opened = match &store {
                Some(url) => crate::store::open_url(url),
                None => crate::store::open(&data_dir),
            };
            let store = opened.map_err(|e| {
                anyhow::anyhow!("{e}\n(stop the server first: the store is locked while it runs)")
            })?;
            // Accounts need no signing key: an empty ring.
            let app = App::new(
                store,
                KeyRing::new(Vec::new()),
                "http://localhost",
                Clock::default(),
            );
            let account = app
                .create_admin_account(&login, &name, &password)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "created office admin account {} (sign in as {})",
                account.id, account.login
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
