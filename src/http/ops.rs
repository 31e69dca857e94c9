//! Operator routes: token listing and revocation, and online backups.

use super::extract::{AdminOnly, ApiJson, ApiPath};
use super::stream::stream_body;
use super::{ApiError, AppState, ErrorBody, blocking};
use crate::access::{Role, TokenRecord};
use crate::backup::{self, MIN_PASSPHRASE, PrivateKeys};
use crate::crypto::KeyStore;
use crate::service::ServiceError;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek};

/// A token as listed: never the secret, never its hash.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Last authenticated request, to the minute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<String>,
}

impl From<TokenRecord> for TokenView {
    fn from(t: TokenRecord) -> Self {
        Self {
            id: t.id,
            role: t.role,
            subject_id: t.subject_id,
            label: t.label,
            created_at: t.created_at,
            created_by: t.created_by,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            revoked_by: t.revoked_by,
        }
    }
}

/// List API tokens (oldest first); secrets are never shown again.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<TokenView>), (status = 403, body = ErrorBody)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    AdminOnly(_who): AdminOnly,
) -> Result<axum::Json<Vec<TokenView>>, ApiError> {
    let store = s.app.store.clone();
    let mut tokens = blocking(move || store.tokens().map_err(ServiceError::from)).await?;
    tokens.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(axum::Json(
        tokens.into_iter().map(TokenView::from).collect(),
    ))
}

/// Revoke an API token; requests with it are refused from now on.
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "Token id (tok_…)")),
    responses((status = 200, body = TokenView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<String>,
) -> Result<axum::Json<TokenView>, ApiError> {
    if id == who.token_id {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "revoke_own_token",
            "a token cannot revoke itself; use another admin token",
        ));
    }
    let app = s.app.clone();
    let t = blocking(move || {
        let ev = app.event(&who, "token_revoked", serde_json::json!({"token_id": id}));
        match app
            .store
            .revoke_token(&id, app.clock.now(), &who.token_id, &ev)?
        {
            Ok(t) => Ok(t),
            Err(c) if c.code == "not_found" => Err(ServiceError::NotFound(c.message)),
            Err(c) => Err(ServiceError::Conflict(c)),
        }
    })
    .await?;
    Ok(axum::Json(t.into()))
}

/// What to put in an online backup.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupRequest {
    /// Also seal the issuer's private keys into the backup (needs `passphrase`).
    #[serde(default)]
    pub with_private_keys: bool,
    /// At least 12 characters; Argon2id + XChaCha20-Poly1305 (docs/backup-format.md).
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// Stream a consistent, signed backup of the whole store (docs/backup-format.md).
#[utoipa::path(post, path = "/api/v1/admin/backup", tag = "admin", request_body = BackupRequest,
    security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream", description = "ocop-trace/backup/v1 file"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn backup(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(req): ApiJson<BackupRequest>,
) -> Result<Response, ApiError> {
    let invalid = |m: String| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_backup_request",
            m,
        )
    };
    let private = match (req.with_private_keys, req.passphrase) {
        (false, None) => None,
        (false, Some(_)) => {
            return Err(invalid(
                "passphrase is only used with with_private_keys".into(),
            ));
        }
        (true, None) => return Err(invalid("with_private_keys needs a passphrase".into())),
        (true, Some(p)) if p.chars().count() < MIN_PASSPHRASE => {
            return Err(invalid(format!(
                "the passphrase must be at least {MIN_PASSPHRASE} characters"
            )));
        }
        (true, Some(p)) => match &s.app.keys_dir {
            Some(dir) => Some((KeyStore::new(dir.as_path()), zeroize::Zeroizing::new(p))),
            None => {
                return Err(invalid(
                    "this server does not know its key directory".into(),
                ));
            }
        },
    };
    let app = s.app.clone();
    // Snapshot into an unlinked temporary file (writes wait only for the local copy, not for
    // the client's download), then stream it.
    let (file, manifest) = blocking(move || {
        let mut file = temp_file().map_err(|e| internal(e.to_string()))?;
        let keys = private.as_ref().map(|(ks, p)| PrivateKeys {
            keys: ks,
            passphrase: p.as_str(),
        });
        let m = backup::create(
            app.store.as_ref(),
            &app.keys,
            keys,
            app.clock.now(),
            &mut file,
        )
        .map_err(|e| internal(e.to_string()))?;
        file.rewind().map_err(|e| internal(e.to_string()))?;
        tracing::info!(token = %who.token_id, bytes = m.body_bytes, "backup taken");
        Ok((file, m))
    })
    .await?;
    let mut resp = Response::new(stream_body("backup", move |w| {
        let mut file = file;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                return Ok::<(), std::io::Error>(());
            }
            std::io::Write::write_all(w, &buf[..n])?;
        }
    }));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    let name = format!(
        "attachment; filename=\"ocop-trace-{}.ocopbak\"",
        manifest.created_at.format("%Y%m%dT%H%M%SZ")
    );
    if let Ok(v) = HeaderValue::from_str(&name) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&manifest.body_sha256) {
        h.insert("x-backup-body-sha256", v);
    }
    Ok(resp)
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Store(crate::store::StoreError::Backend(e.to_string()))
}

/// A new file in the temp directory, removed from the directory at once so nothing is left
/// behind whatever happens; the open handle keeps it readable.
fn temp_file() -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut rnd = [0u8; 12];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut rnd);
    let path = std::env::temp_dir().join(format!(
        "ocop-trace-backup-{}.tmp",
        crate::crypto::b64url(&rnd)
    ));
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(f)
}
