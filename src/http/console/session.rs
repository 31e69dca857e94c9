//! Sessions and CSRF on the wire: the session cookie (`HttpOnly`, `SameSite=Strict`,
//! `Secure` under an https base URL), the extractor that turns it into a [`Person`], and the
//! CSRF checks. Signed-in forms carry the session's own token; the two forms a person fills
//! in before there is a session (sign-in, setup link) carry a double-submit token from a
//! short-lived cookie.

use super::pages::{refused_csrf, sign_in_redirect};
use crate::http::ApiError;
use crate::http::AppState;
use crate::http::kit::i18n::Lang;
use crate::service::{App, Person, ServiceError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use cookie::{Cookie, SameSite};
use subtle::ConstantTimeEq;

pub use crate::http::kit::session::{SESSION_COOKIE, cookie_value};

/// The double-submit CSRF cookie of the forms shown before sign-in.
pub const FORM_COOKIE: &str = "ocop_form";

/// A `Set-Cookie` value with the attributes every console cookie has. `max_age` `None` is a
/// browser-session cookie (the server's idle expiry decides how long it works); zero clears.
pub fn set_cookie(app: &App, name: &str, value: &str, max_age: Option<i64>) -> Option<HeaderValue> {
    let mut c = Cookie::build((name.to_owned(), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(app.base_url.starts_with("https://"));
    if let Some(secs) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(secs));
    }
    HeaderValue::from_str(&c.build().to_string()).ok()
}

/// Adds a `Set-Cookie` header to a response.
pub fn with_cookie(mut r: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// Constant-time equality of two tokens (an empty token never matches).
pub fn same_token(given: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// A signed-in person, their session cookie secret and the page language. Anyone else is
/// sent to the sign-in page.
pub struct SignedIn {
    pub person: Person,
    pub secret: String,
    pub lang: Lang,
}

impl SignedIn {
    /// The refusal page unless the form's token is this session's.
    pub fn csrf_refusal(&self, given: &str) -> Option<Response> {
        (!same_token(given, &self.person.session.csrf)).then(|| refused_csrf(self.lang))
    }

    /// Runs one service verb as this person, off the async runtime (the store blocks).
    pub async fn run<T: Send + 'static>(
        &self,
        s: &AppState,
        verb: impl FnOnce(&App, &crate::domain::Principal) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (app, principal) = (s.app.clone(), self.person.principal.clone());
        crate::http::blocking(move || verb(&app, &principal)).await
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Response> {
        let lang = Lang::negotiate(&parts.uri, &parts.headers);
        let secret = cookie_value(&parts.headers, SESSION_COOKIE)
            .filter(|v| !v.is_empty() && v.len() < 100)
            .ok_or_else(|| sign_in_redirect(lang))?;
        let app = s.app.clone();
        let looked_up = secret.clone();
        // A session read may end an expired session (a flushed write).
        let person = tokio::task::spawn_blocking(move || app.person(&looked_up))
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| sign_in_redirect(lang))?;
        // Under `console_require_totp`, enrolment (and signing out) comes first.
        let path = parts.uri.path();
        if person.must_enrol && !path.starts_with("/console/totp") && path != "/console/sign-out" {
            return Err(super::pages::redirect(&super::pages::href(
                lang,
                "/console/totp",
            )));
        }
        if let Some(hash) = person.touch {
            let app = s.app.clone();
            tokio::task::spawn_blocking(move || {
                if let Err(e) = app.touch_session(&hash) {
                    tracing::warn!(error = %e, "cannot record session use");
                }
            });
        }
        Ok(Self {
            person,
            secret,
            lang,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::crypto::KeyRing;

    fn cookie_for(base: &str) -> String {
        let temp = crate::store::testing::temp().ok();
        let Some(store) = temp.as_ref().map(|t| t.store()) else {
            return String::new();
        };
        let app = App::new(store, KeyRing::new(Vec::new()), base, Clock::default());
        set_cookie(&app, SESSION_COOKIE, "abc", None)
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .unwrap_or_default()
    }

    #[test]
    fn the_session_cookie_is_secure_exactly_under_an_https_base_url() {
        let https = cookie_for("https://truyxuat.example.gov.vn");
        assert!(
            https.contains("HttpOnly") && https.contains("SameSite=Strict"),
            "{https}"
        );
        assert!(
            https.contains("Secure") && https.contains("Path=/"),
            "{https}"
        );
        assert!(!cookie_for("http://127.0.0.1:8080").contains("Secure"));
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; ocop_session=xyz"),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert!(same_token("t", "t") && !same_token("", "") && !same_token("t", "u"));
    }
}
