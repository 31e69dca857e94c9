//! Signing in and out (the setup link is in `setup.rs`, the code step in `sign_in_code.rs`).

use super::pages::{Nav, failed, href, redirect, refused_csrf};
use super::posted::Posted;
use super::session::{
    FORM_COOKIE, SESSION_COOKIE, cookie_value, same_token, set_cookie, with_cookie,
};
use crate::crypto::password::random_secret;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::extract::ClientIp;
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use crate::service::SignInStep;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// How long a form shown before sign-in stays usable.
const FORM_TOKEN_SECS: i64 = 3600;

/// The sign-in page.
#[derive(Template)]
#[template(path = "console/sign_in.html")]
struct SignInPage {
    shell: Shell,
    nav: Option<Nav>,
    form_token: String,
    login: String,
    error: Option<String>,
    done: Option<&'static str>,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// A token-only form (sign-out, disable, reset).
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
}

super::posted::csrf_forms!(TokenForm);

/// Renders a pre-session form with a fresh double-submit token in its cookie.
pub(super) fn with_form_token(
    s: &AppState,
    status: StatusCode,
    render: impl FnOnce(String) -> Response,
) -> Response {
    let token = random_secret();
    let cookie = set_cookie(&s.app, FORM_COOKIE, &token, Some(FORM_TOKEN_SECS));
    let mut r = render(token);
    *r.status_mut() = status;
    with_cookie(r, cookie)
}

/// True if a pre-session form carries the token of its cookie.
pub(super) fn form_token_ok(headers: &HeaderMap, given: &str) -> bool {
    cookie_value(headers, FORM_COOKIE).is_some_and(|c| same_token(given, &c))
}

pub(super) fn sign_in_page(
    s: &AppState,
    lang: Lang,
    uri: &Uri,
    status: StatusCode,
    login: String,
    error: Option<String>,
) -> Response {
    let t = lang.t();
    let done = match query_value(uri, "done") {
        Some("out") => Some(t.signed_out),
        Some("set") => Some(t.password_set),
        _ => None,
    };
    with_form_token(s, status, |form_token| {
        page(
            status,
            &SignInPage {
                shell: Shell::new(lang, uri, t.sign_in_title),
                nav: None,
                form_token,
                login,
                error,
                done,
            },
        )
    })
}

/// GET /console/sign-in
pub async fn form(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    lang: Lang,
) -> Response {
    sign_in_page(&s, lang, &uri, StatusCode::OK, String::new(), None)
}

/// POST /console/sign-in
pub async fn submit(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    axum::Form(f): axum::Form<SignInForm>,
) -> Response {
    if !form_token_ok(&headers, &f.csrf) {
        return refused_csrf(lang);
    }
    let (app, login, password) = (s.app.clone(), f.login.clone(), f.password);
    match blocking(move || app.sign_in_start(&login, &password, ip)).await {
        Ok(SignInStep::Done(signed)) => signed_in(&s, lang, &signed.secret),
        Ok(SignInStep::Code(step)) => super::sign_in_code::code_page(&s, lang, Some(&step), None),
        Err(e) => match refusal(lang.t(), &e) {
            Some((status, msg)) => sign_in_page(&s, lang, &uri, status, f.login, Some(msg)),
            None => failed(lang, &e),
        },
    }
}

/// The status and sentence of a refused sign-in shown on the sign-in page (too many tries,
/// or the name and password do not match); `None` for the error page.
fn refusal(t: &'static Catalogue, e: &ApiError) -> Option<(StatusCode, String)> {
    match e.status {
        StatusCode::TOO_MANY_REQUESTS => Some((e.status, throttled(t, &e.message))),
        StatusCode::UNAUTHORIZED => Some((e.status, t.sign_in_failed.into())),
        _ => None,
    }
}

/// "Too many tries, wait N minutes" from a throttle refusal's message.
pub(super) fn throttled(t: &'static Catalogue, message: &str) -> String {
    fill(
        t.sign_in_throttled,
        &[&throttle_minutes(message).to_string()],
    )
}

/// The session cookie set, the form cookie cleared, and on to the console.
pub(super) fn signed_in(s: &AppState, lang: Lang, secret: &str) -> Response {
    let cookie = set_cookie(&s.app, SESSION_COOKIE, secret, None);
    let clear = set_cookie(&s.app, FORM_COOKIE, "", Some(0));
    let clear_step = set_cookie(&s.app, super::sign_in_code::CODE_COOKIE, "", Some(0));
    with_cookie(
        with_cookie(
            with_cookie(redirect(&href(lang, "/console")), cookie),
            clear,
        ),
        clear_step,
    )
}

/// Whole minutes (at least one) in a throttle refusal's "try again in N s".
pub(super) fn throttle_minutes(message: &str) -> u64 {
    let secs = message
        .split_whitespace()
        .find_map(|w| w.parse::<u64>().ok())
        .unwrap_or(60);
    secs.div_ceil(60).max(1)
}

/// POST /console/sign-out — ends the session at once.
pub async fn sign_out(
    State(s): State<AppState>,
    Posted { who, .. }: Posted<TokenForm>,
) -> Response {
    let app = s.app.clone();
    let secret = who.secret.clone();
    if let Err(e) = blocking(move || app.sign_out(&secret)).await {
        return failed(who.lang, &e);
    }
    let clear = set_cookie(&s.app, SESSION_COOKIE, "", Some(0));
    with_cookie(
        redirect(&href(who.lang, "/console/sign-in?done=out")),
        clear,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throttled_sign_in_says_how_many_minutes_to_wait() {
        let t = Lang::En.t();
        let slow = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            "try again in 61 s",
        );
        let (status, msg) = refusal(t, &slow).unwrap_or_else(|| panic!("not shown"));
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(msg.contains('2'), "{msg}");
        let wrong = ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "x");
        assert_eq!(
            refusal(t, &wrong).map(|r| r.1),
            Some(t.sign_in_failed.into())
        );
        let down = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "x");
        assert_eq!(refusal(t, &down), None);
    }
}
