//! Who a request speaks for, read the same way by every room: the session cookie's name and
//! value, and [`Viewer`] for pages and files that show more to some people than to others.

use crate::http::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use cookie::Cookie;

/// The session cookie.
pub const SESSION_COOKIE: &str = "ocop_session";

/// The value of one cookie of a request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Whoever a request speaks for, if anyone: a bearer token's holder or a signed-in person.
/// Never refuses; pages that show more to some people than to others use it.
pub struct Viewer(pub Option<crate::access::Principal>);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            let auth = crate::http::kit::extract::Auth::from_request_parts(parts, s).await;
            return Ok(Self(auth.ok().map(|a| a.0)));
        }
        let Some(secret) =
            cookie_value(&parts.headers, SESSION_COOKIE).filter(|v| !v.is_empty() && v.len() < 100)
        else {
            return Ok(Self(None));
        };
        let app = s.app.clone();
        let person = tokio::task::spawn_blocking(move || app.person(&secret))
            .await
            .ok()
            .and_then(Result::ok);
        Ok(Self(person.map(|p| p.principal)))
    }
}
