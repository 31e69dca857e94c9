//! Opening the PostgreSQL engine: the address (with this service's own `issuer=`), the
//! migrations, the driver's runtime and the connection pool.

use super::{conn, maintenance, migrate, redact};
use crate::store::StoreError;

/// The issuer an address names when it has no `issuer=` parameter.
pub const DEFAULT_ISSUER: &str = "local";

/// Connections per instance: enough for both cores' requests and the background writers,
/// few enough that a dozen instances stay under PostgreSQL's default 100.
const POOL_SIZE: usize = 8;

/// PostgreSQL-backed [`Store`].
pub struct PgStore {
    pub(super) pg: conn::Pg,
}

/// Splits this service's own `issuer=` parameter off a connection string (the driver
/// refuses parameters it does not know): the rest goes to the driver.
pub fn split_issuer(url: &str) -> (String, String) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), DEFAULT_ISSUER.to_owned());
    };
    let mut issuer = DEFAULT_ISSUER.to_owned();
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.strip_prefix("issuer=") {
            Some(v) => {
                issuer = percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned();
                false
            }
            None => !kv.is_empty(),
        })
        .collect();
    if kept.is_empty() {
        (base.to_owned(), issuer)
    } else {
        (format!("{base}?{}", kept.join("&")), issuer)
    }
}

/// The same address naming another database (what comes after the authority's `/`).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl PgStore {
    /// Connects, applies the migrations the database lacks (refusing one newer than this
    /// binary), and starts following other instances' writes.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let (conn_url, issuer) = split_issuer(url);
        let shown = redact(url);
        let open_err = |reason: String| StoreError::Open {
            path: shown.clone(),
            reason,
        };
        if issuer.is_empty() || issuer.len() > 64 {
            return Err(open_err(
                "issuer= must name the province (1–64 characters)".into(),
            ));
        }
        migrate(&conn_url)?;
        let cfg: tokio_postgres::Config = conn_url
            .parse()
            .map_err(|e| open_err(format!("not a PostgreSQL connection string: {e}")))?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ocop-pg")
            .enable_all()
            .build()
            .map_err(|e| open_err(format!("cannot start the driver's runtime: {e}")))?;
        let manager = deadpool_postgres::Manager::from_config(
            cfg.clone(),
            tokio_postgres::NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            },
        );
        let timeout = Some(std::time::Duration::from_secs(5));
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(timeout)
            .create_timeout(timeout)
            .recycle_timeout(timeout)
            .build()
            .map_err(|e| open_err(format!("cannot build the connection pool: {e}")))?;
        let pg = conn::Pg::new(pool, rt, issuer, shown)?;
        pg.with(|db| {
            db.exec(
                "INSERT INTO ids (issuer, last_id) VALUES ($1, 0) ON CONFLICT DO NOTHING",
                &[db.issuer()],
            )
        })?;
        maintenance::follow(&pg, cfg);
        Ok(Self { pg })
    }

    /// The province whose rows this store reads and writes.
    pub fn issuer(&self) -> &str {
        &self.pg.issuer
    }
}
