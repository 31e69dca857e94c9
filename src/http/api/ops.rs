//! Operator routes: token listing and revocation, and online backups.

use crate::access::{Role, TokenRecord};
use crate::http::kit::error::{Conflict, Forbidden, NotFound};
use crate::http::kit::extract::{AdminOnly, ApiJson, ApiPath};
use crate::http::kit::stream::stream_body;
use crate::http::{ApiError, AppState, blocking};
use crate::service::BackupOptions;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    responses((status = 200, description = "Success", body = Vec<TokenView>), (status = 403, response = Forbidden)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
) -> Result<axum::Json<Vec<TokenView>>, ApiError> {
    let app = s.app.clone();
    let tokens = blocking(move || app.tokens(&who)).await?;
    Ok(axum::Json(
        tokens.into_iter().map(TokenView::from).collect(),
    ))
}

/// Revoke an API token; requests with it are refused from now on.
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "Token id (tok_…)")),
    responses((status = 200, description = "Success", body = TokenView), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<String>,
) -> Result<axum::Json<TokenView>, ApiError> {
    let app = s.app.clone();
    let t = blocking(move || app.revoke_token(&who, &id)).await?;
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

impl From<BackupRequest> for BackupOptions {
    fn from(r: BackupRequest) -> Self {
        Self {
            with_private_keys: r.with_private_keys,
            passphrase: r.passphrase.map(zeroize::Zeroizing::new),
        }
    }
}

/// Stream a consistent, signed backup of the whole store (docs/backup-format.md).
#[utoipa::path(post, path = "/api/v1/admin/backup", tag = "admin", request_body = BackupRequest,
    security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>,
            description = "An `ocop-trace/backup/v2` file (docs/backup-format.md), streamed",
            headers(("X-Backup-Body-Sha256" = String, description = "SHA-256 of the body, hex"))),
        (status = 403, response = Forbidden)))]
pub async fn backup(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(req): ApiJson<BackupRequest>,
) -> Result<Response, ApiError> {
    let app = s.app.clone();
    let (file, manifest) = blocking(move || app.backup_to_file(&who, req.into())).await?;
    Ok(backup_download(file, &manifest))
}

/// The backup file streamed as a download named by its time, its body's hash in a header.
fn backup_download(file: std::fs::File, manifest: &crate::backup::Manifest) -> Response {
    let mut resp = Response::new(stream_body("backup", move |w| {
        std::io::copy(&mut std::io::BufReader::with_capacity(256 * 1024, file), w).map(|_| ())
    }));
    let name = format!(
        "attachment; filename=\"ocop-trace-{}.ocopbak\"",
        manifest.created_at.format("%Y%m%dT%H%M%SZ")
    );
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    for (k, v) in [
        ("content-disposition", name),
        ("x-backup-body-sha256", manifest.body_sha256.clone()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    }
    resp
}
