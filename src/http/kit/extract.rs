//! Extractors whose rejections use the API's error shape, and bearer-token auth.

use crate::access::{Principal, Role};
use crate::http::{ApiError, AppState};
use axum::extract::ConnectInfo;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};

/// `axum::Json` with JSON errors.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Path` with JSON errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// `axum::extract::Query` with JSON errors. A parameter given with an empty value
/// (`?gtin=`, as an HTML form sends an empty field) counts as absent, not as a value to parse.
/// On the JSON API (`/api/…`) a parameter the route does not know is refused (400
/// `unknown_parameter`, naming it) so that a client learns its filter did nothing; pages
/// ignore them (links shared from chat apps carry tracking parameters).
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let kept: Vec<&str> = parts
            .uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|pair| pair.split_once('=').is_some_and(|(_, v)| !v.is_empty()))
            .collect();
        let query = kept.join("&");
        let strict = parts.uri.path().starts_with("/api/");
        let mut unknown = Vec::new();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        let value =
            serde_ignored::deserialize(de, |path| unknown.push(path.to_string())).map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    format!("Failed to deserialize query string: {e}"),
                )
            })?;
        if strict && let Some(name) = unknown.first() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "unknown_parameter",
                format!("unknown query parameter `{name}`"),
            ));
        }
        Ok(Self(value))
    }
}

/// `axum::Form` (a URL-encoded body) with JSON errors.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Form), rejection(ApiError))]
pub struct ApiForm<T>(pub T);

/// `axum::extract::Multipart` with JSON errors.
#[derive(Debug)]
pub struct ApiMultipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Ok(Self(
            axum::extract::Multipart::from_request(req, state).await?,
        ))
    }
}

/// The authenticated caller. Handlers take this, so none can forget authentication.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

/// Refuses, before the body is read, callers whose role can never do what the route does.
/// The service verb decides the rest ([`crate::domain::access`]).
fn early(auth: Auth, allowed: bool, need: &str) -> Result<Principal, ApiError> {
    if allowed {
        Ok(auth.0)
    } else {
        Err(ApiError::forbidden(format!(
            "this action needs the {need} role"
        )))
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .ok_or_else(|| ApiError::unauthorized("missing Authorization: Bearer token"))?;
        let secret = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() < 200)
            .ok_or_else(|| ApiError::unauthorized("expected Authorization: Bearer <token>"))?;
        let auth = state.app.authenticate(secret)?;
        if let Some(hash) = auth.touch {
            let app = state.app.clone();
            tokio::task::spawn_blocking(move || {
                if let Err(e) = app.touch_token(&hash) {
                    tracing::warn!(error = %e, "cannot record token use");
                }
            });
        }
        Ok(Auth(auth.principal))
    }
}

/// An authenticated admin; any other caller is refused before the body is read.
#[derive(Debug, Clone)]
pub struct AdminOnly(pub Principal);

impl FromRequestParts<AppState> for AdminOnly {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = Auth::from_request_parts(parts, state).await?;
        let ok = auth.0.role == Role::Admin;
        early(auth, ok, "admin").map(AdminOnly)
    }
}

/// An admin or a producer (who may write batches); inspectors are refused early.
#[derive(Debug, Clone)]
pub struct Writer(pub Principal);

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = Auth::from_request_parts(parts, state).await?;
        let ok = auth.0.role.writes();
        early(auth, ok, "admin or producer").map(Writer)
    }
}

/// An authenticated admin or inspector (who read across producers).
#[derive(Debug, Clone)]
pub struct Reader(pub Principal);

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let auth = Auth::from_request_parts(parts, state).await?;
        let ok = auth.0.role.reads_all();
        early(auth, ok, "admin or inspector").map(Reader)
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when the
/// server is configured to trust its reverse proxy.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ApiError> {
        if s.app.trust_forwarded
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return Ok(Self(Some(ip)));
        }
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// `?as_of=` and `?lang=`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// Reproduce the numbers on this day (default today).
    pub as_of: Option<chrono::NaiveDate>,
    /// `en` for the page in English. Read by the page's language rule (`i18n::Lang`) from
    /// the URL; kept here so the API documentation lists it.
    #[expect(
        dead_code,
        reason = "read from the URL by the language rule, listed for the API docs"
    )]
    pub lang: Option<String>,
}
