//! Signing in and out, and setting a password through a one-time setup link.

use super::pages::{Nav, failed, href, redirect, refused_csrf};
use super::session::{
    FORM_COOKIE, SESSION_COOKIE, SignedIn, cookie_value, same_token, set_cookie, with_cookie,
};
use crate::crypto::password::random_secret;
use crate::domain::{Account, PASSWORD_MIN};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::extract::ClientIp;
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use crate::service::SignInStep;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
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

/// The setup-link page.
#[derive(Template)]
#[template(path = "console/setup.html")]
struct SetupPage {
    shell: Shell,
    nav: Option<Nav>,
    form_token: String,
    intro: String,
    action: String,
    error: Option<&'static str>,
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

/// The setup form.
#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
    #[serde(default)]
    csrf: String,
}

/// A token-only form (sign-out, disable, reset).
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
}

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
    let app = s.app.clone();
    let (login, password) = (f.login.clone(), f.password);
    let t = lang.t();
    match blocking(move || app.sign_in_start(&login, &password, ip)).await {
        Ok(SignInStep::Done(signed)) => signed_in(&s, lang, &signed.secret),
        Ok(SignInStep::Code(step)) => super::totp::code_page(&s, lang, Some(&step), None),
        Err(e) if e.status == StatusCode::TOO_MANY_REQUESTS => {
            let minutes = throttle_minutes(&e.message);
            let msg = fill(t.sign_in_throttled, &[&minutes.to_string()]);
            sign_in_page(
                &s,
                lang,
                &uri,
                StatusCode::TOO_MANY_REQUESTS,
                f.login,
                Some(msg),
            )
        }
        Err(e) if e.status == StatusCode::UNAUTHORIZED => sign_in_page(
            &s,
            lang,
            &uri,
            StatusCode::UNAUTHORIZED,
            f.login,
            Some(t.sign_in_failed.into()),
        ),
        Err(e) => failed(lang, &e),
    }
}

/// The session cookie set, the form cookie cleared, and on to the console.
pub(super) fn signed_in(s: &AppState, lang: Lang, secret: &str) -> Response {
    let cookie = set_cookie(&s.app, SESSION_COOKIE, secret, None);
    let clear = set_cookie(&s.app, FORM_COOKIE, "", Some(0));
    let clear_step = set_cookie(&s.app, super::totp::CODE_COOKIE, "", Some(0));
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
    who: SignedIn,
    axum::Form(f): axum::Form<TokenForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&f.csrf) {
        return r;
    }
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

fn setup_page(
    s: &AppState,
    lang: Lang,
    uri: &Uri,
    account: &Account,
    status: StatusCode,
    error: Option<&'static str>,
) -> Response {
    let t = lang.t();
    let intro = fill(t.setup_intro, &[&account.display_name, &account.login]);
    let action = href(lang, uri.path());
    with_form_token(s, status, |form_token| {
        page(
            status,
            &SetupPage {
                shell: Shell::new(lang, uri, t.setup_title),
                nav: None,
                form_token,
                intro,
                action,
                error,
            },
        )
    })
}

fn closed(lang: Lang, uri: &Uri) -> Response {
    let t = lang.t();
    let shell = Shell::new(lang, uri, t.setup_title);
    let mut n = crate::http::kit::respond::Notice::new(shell, t.setup_title, t.setup_closed, true);
    n.links = vec![(href(lang, "/console/sign-in"), t.sign_in_title)];
    page(StatusCode::NOT_FOUND, &n)
}

/// GET /console/setup/{secret}
pub async fn setup_form(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Path(secret): Path<String>,
    lang: Lang,
) -> Response {
    let app = s.app.clone();
    match blocking(move || app.setup_account_of(&secret)).await {
        Ok(a) => setup_page(&s, lang, &uri, &a, StatusCode::OK, None),
        Err(e) if e.status == StatusCode::NOT_FOUND => closed(lang, &uri),
        Err(e) => failed(lang, &e),
    }
}

/// The sentence for a refused password.
fn password_error(t: &'static Catalogue, password: &str) -> &'static str {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        t.err_password_short
    } else if n > crate::domain::PASSWORD_MAX {
        t.err_password_long
    } else {
        t.err_password_common
    }
}

/// POST /console/setup/{secret}
pub async fn setup_submit(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Path(secret): Path<String>,
    headers: HeaderMap,
    lang: Lang,
    axum::Form(f): axum::Form<SetupForm>,
) -> Response {
    if !form_token_ok(&headers, &f.csrf) {
        return refused_csrf(lang);
    }
    let t = lang.t();
    let app = s.app.clone();
    let look = secret.clone();
    let account = match blocking(move || app.setup_account_of(&look)).await {
        Ok(a) => a,
        Err(e) if e.status == StatusCode::NOT_FOUND => return closed(lang, &uri),
        Err(e) => return failed(lang, &e),
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if f.password != f.password_again {
        return setup_page(
            &s,
            lang,
            &uri,
            &account,
            status,
            Some(t.err_password_mismatch),
        );
    }
    let app = s.app.clone();
    let password = f.password.clone();
    match blocking(move || app.setup_account(&secret, &password)).await {
        Ok(_) => redirect(&href(lang, "/console/sign-in?done=set")),
        Err(e) if e.code == "weak_password" => {
            let msg = password_error(t, &f.password);
            setup_page(&s, lang, &uri, &account, status, Some(msg))
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => closed(lang, &uri),
        Err(e) => failed(lang, &e),
    }
}
