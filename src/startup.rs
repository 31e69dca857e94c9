//! Building and running the server: keys, store, bootstrap token, demo data, listener.

use crate::clock::Clock;
use crate::crypto::KeyStore;
use crate::http::build_router;
use crate::service::App;
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::net::TcpListener;

/// Everything `serve` needs.
#[derive(Clone)]
pub struct ServeConfig {
    pub listen: String,
    pub data_dir: PathBuf,
    /// A store address (`--store`, `OCOP_TRACE_STORE`, TOML `store`); when absent the
    /// sled store in `data_dir` is used, as before.
    pub store: Option<crate::store::StoreUrl>,
    pub keys_dir: PathBuf,
    /// Public base URL of labels; defaults to `http://{bound address}`.
    pub base_url: Option<String>,
    pub demo: bool,
    /// Bootstrap admin token to install on first start (instead of a random one).
    pub admin_token: Option<String>,
    /// Take client addresses from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded: bool,
    /// Clone detection and PIN thresholds.
    pub scan_policy: crate::service::ScanPolicy,
    /// How long in-flight requests may run after SIGTERM/SIGINT before the process exits.
    pub shutdown_grace: std::time::Duration,
    /// The province office named on public pages.
    pub office: crate::ops::Office,
    /// Office and inspector accounts must turn on two-step verification before using the
    /// console (`console_require_totp`).
    pub console_require_totp: bool,
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            // StoreUrl's Debug redacts the password.
            .field("store", &self.store)
            .field("keys_dir", &self.keys_dir)
            .field("base_url", &self.base_url)
            .field("demo", &self.demo)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "<redacted>"),
            )
            .field("trust_forwarded", &self.trust_forwarded)
            .field("scan_policy", &self.scan_policy)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("office", &self.office)
            .field("console_require_totp", &self.console_require_totp)
            .finish()
    }
}

/// A server ready to accept connections.
pub struct Prepared {
    pub app: App,
    pub listener: TcpListener,
    pub addr: SocketAddr,
    /// A newly created admin token (first start only). Shown once, never stored in clear.
    pub bootstrap_token: Option<String>,
    /// Whether keys were created on this start.
    pub created_key: Option<String>,
    /// A few label URLs to try (with `--demo`).
    pub demo_urls: Vec<String>,
    /// Demo batches not issued, with reasons.
    pub demo_skipped: Vec<String>,
}

/// Opens keys and store, binds the listener, bootstraps tokens and demo data.
pub async fn prepare(cfg: &ServeConfig) -> anyhow::Result<Prepared> {
    let clock = Clock::default();
    let keystore = KeyStore::new(&cfg.keys_dir);
    let created_key = if keystore.exists() {
        None
    } else {
        let rec = keystore
            .init(clock.now())
            .with_context(|| format!("creating an issuer key set in {}", cfg.keys_dir.display()))?;
        Some(rec.kid)
    };
    let keys = keystore.load()?;
    let store = match &cfg.store {
        Some(url) => crate::store::open_url(&url.to_string_unredacted())?,
        None => crate::store::open(&cfg.data_dir)?,
    };
    let listener = TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.listen))?;
    let addr = listener.local_addr()?;
    let base = cfg
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let mut app = App::new(store, keys, &base, clock);
    app.trust_forwarded = cfg.trust_forwarded;
    app.scan_policy = cfg.scan_policy;
    app.keys_dir = Some(cfg.keys_dir.clone());
    app.office = std::sync::Arc::new(cfg.office.clone());
    app.require_totp = cfg.console_require_totp;
    if !cfg.demo && cfg.office == crate::ops::Office::default() {
        // Shoppers with a suspect product are told to call this number: it must be real.
        tracing::warn!(
            "office_name, office_hotline and office_address are the demo values; set them \
             (docs/operations.md) before the service faces the public"
        );
    }

    app.log_key_changes()?;
    let bootstrap_token = app
        .bootstrap_admin(cfg.admin_token.as_deref())
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    let (mut demo_urls, mut demo_skipped) = (Vec::new(), Vec::new());
    if cfg.demo {
        if app.store.subjects(None, 1)?.is_empty() {
            let report = crate::demo::load(&app)?;
            demo_skipped = report.skipped;
            for id in report.batches.iter().take(5) {
                if let Some(b) = app.store.batch(*id)? {
                    demo_urls.push(app.label_url(&b, 1)?);
                }
            }
        } else {
            for b in app.store.batches(None, None, 5)? {
                demo_urls.push(app.label_url(&b, 1)?);
            }
        }
    }
    Ok(Prepared {
        app,
        listener,
        addr,
        bootstrap_token,
        created_key,
        demo_urls,
        demo_skipped,
    })
}

/// Serves until `shutdown` completes: stops accepting, lets in-flight requests finish for up
/// to `grace`, then flushes the store.
pub async fn run(
    prepared: Prepared,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: std::time::Duration,
) -> anyhow::Result<()> {
    let store = prepared.app.store.clone();
    let app = prepared.app.clone();
    // Counted scans are held in memory and written back here, off the request path.
    let writer = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(crate::service::WRITE_BACK_EVERY);
            // While the store is away this fails on every tick: say so once, and once more
            // when the counts are written again, not five times a second.
            let mut failing = 0u64;
            loop {
                every.tick().await;
                let app = app.clone();
                match tokio::task::spawn_blocking(move || app.write_back_scans()).await {
                    Ok(Err(e)) => {
                        if failing == 0 {
                            tracing::warn!(error = %e, "scan counts not written back; kept, will retry");
                        }
                        failing += 1;
                    }
                    Ok(Ok(())) if failing > 0 => {
                        tracing::info!(failed_tries = failing, "scan counts written back again");
                        failing = 0;
                    }
                    _ => {}
                }
            }
        })
    };
    let router = build_router(prepared.app);
    let (signalled_tx, mut signalled) = tokio::sync::watch::channel(false);
    let server = axum::serve(
        prepared.listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        let _ = signalled_tx.send(true);
    });
    let deadline = async move {
        if signalled.wait_for(|s| *s).await.is_err() {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        served = server => served.context("server error")?,
        () = deadline => tracing::warn!(
            grace_seconds = grace.as_secs(),
            "in-flight requests did not finish in time; exiting anyway"
        ),
    }
    writer.abort();
    app.write_back_scans()?;
    store.flush()?;
    tracing::info!("store flushed; bye");
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
