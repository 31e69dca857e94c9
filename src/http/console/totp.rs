//! Two-step verification pages: enrolment (the secret as a QR code drawn here as SVG, as a
//! key and as an `otpauth://` link, confirmed by a code), turning it off, and the code step
//! of a sign-in, which keeps its state in a short-lived cookie.

use super::pages::{Nav, failed, href, redirect, refused, refused_csrf, service_page};
use super::session::{SignedIn, cookie_value, set_cookie, with_cookie};
use super::sign_in::{form_token_ok, sign_in_page, signed_in, throttle_minutes, with_form_token};
use crate::http::kit::extract::ClientIp;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use crate::render::qr::{Ecc, encode};
use crate::service::TotpState;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use std::fmt::Write;

/// The cookie of a sign-in between its password and its code.
pub const CODE_COOKIE: &str = "ocop_code";

/// The code step of a sign-in.
#[derive(Template)]
#[template(path = "console/sign_in_code.html")]
struct CodePage {
    shell: Shell,
    nav: Option<Nav>,
    form_token: String,
    error: Option<String>,
}

/// The enrolment page (or, once on, its state).
#[derive(Template)]
#[template(path = "console/totp.html")]
struct TotpPage {
    shell: Shell,
    nav: Option<Nav>,
    required: bool,
    /// "On since …", and whether it may be turned off.
    on: Option<(String, bool)>,
    /// Base32 key in groups of four, the `otpauth://` URI and its QR code as SVG.
    key: String,
    uri: String,
    qr: String,
    done: Option<&'static str>,
    error: Option<String>,
}

/// A form with one code.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf: String,
}

/// The QR code of `data` as an inline SVG (no script, no request: the CSP allows it).
fn qr_svg(data: &str, label: &str) -> String {
    let Ok(m) = encode(data.as_bytes(), Ecc::M) else {
        return String::new();
    };
    let n = m.width + 8;
    let mut d = String::new();
    for (y, x, len) in m.dark_runs() {
        let _ = write!(d, "M{} {}h{len}v1h-{len}z", x + 4, y + 4);
    }
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/><path d=\"{d}\" fill=\"#000\"/></svg>"
    )
}

/// The code step, with the step's cookie set when it has just been opened.
pub fn code_page(s: &AppState, lang: Lang, step: Option<&str>, error: Option<String>) -> Response {
    let t = lang.t();
    let uri = Uri::from_static("/console/sign-in");
    let status = if error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    let r = with_form_token(s, status, |form_token| {
        page(
            status,
            &CodePage {
                shell: Shell::new(lang, &uri, t.code_title),
                nav: None,
                form_token,
                error,
            },
        )
    });
    let life = crate::service::TOTP_STEP as i64 * 10;
    match step {
        Some(secret) => with_cookie(r, set_cookie(&s.app, CODE_COOKIE, secret, Some(life))),
        None => r,
    }
}

/// POST /console/sign-in/code
pub async fn code_submit(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    axum::Form(f): axum::Form<CodeForm>,
) -> Response {
    if !form_token_ok(&headers, &f.csrf) {
        return refused_csrf(lang);
    }
    let t = lang.t();
    let step = cookie_value(&headers, CODE_COOKIE).unwrap_or_default();
    let app = s.app.clone();
    let code = f.code;
    match blocking(move || app.sign_in_code(&step, &code, ip)).await {
        Ok(signed) => signed_in(&s, lang, &signed.secret),
        Err(e) if e.status == StatusCode::UNAUTHORIZED => {
            code_page(&s, lang, None, Some(t.code_failed.into()))
        }
        Err(e) if e.status == StatusCode::TOO_MANY_REQUESTS => {
            let minutes = throttle_minutes(&e.message);
            let msg = fill(t.sign_in_throttled, &[&minutes.to_string()]);
            sign_in_page(
                &s,
                lang,
                &uri,
                StatusCode::TOO_MANY_REQUESTS,
                String::new(),
                Some(msg),
            )
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => sign_in_page(
            &s,
            lang,
            &uri,
            StatusCode::UNAUTHORIZED,
            String::new(),
            Some(t.code_expired.into()),
        ),
        Err(e) => failed(lang, &e),
    }
}

fn totp_page(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    done: Option<&'static str>,
    error: Option<String>,
) -> Response {
    let lang = who.lang;
    let t = lang.t();
    let state = s.app.totp_state(&who.person.principal, &who.person.account);
    let state = match state {
        Ok(st) => st,
        Err(e) => return service_page(lang, &e.into()),
    };
    let mut view = TotpPage {
        shell: Shell::new(lang, uri, t.totp_title),
        nav: Some(Nav::of(lang, &who.person)),
        required: who.person.must_enrol,
        on: None,
        key: String::new(),
        uri: String::new(),
        qr: String::new(),
        done,
        error,
    };
    match state {
        TotpState::On { since, required } => {
            view.on = Some((
                fill(t.totp_on, &[&lang.date(since.date_naive())]),
                !required,
            ));
        }
        TotpState::Pending { key, uri } => {
            view.qr = qr_svg(&uri, t.totp_qr_label);
            view.key = key
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            view.uri = uri;
        }
    }
    let status = if view.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, &view)
}

/// GET /console/totp
pub async fn enrolment(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let app = s.clone();
    tokio::task::spawn_blocking(move || totp_page(&app, &who, &uri, None, None))
        .await
        .unwrap_or_else(|_| refused(Lang::Vi))
}

/// The sentence for a refused code.
fn code_error(lang: Lang, e: &ApiError) -> Option<String> {
    let t = lang.t();
    match (e.status, e.code.as_str()) {
        (StatusCode::TOO_MANY_REQUESTS, _) => Some(fill(
            t.sign_in_throttled,
            &[&throttle_minutes(&e.message).to_string()],
        )),
        (_, "totp_code_wrong") => Some(t.totp_wrong.into()),
        (_, "totp_required") => Some(t.totp_kept.into()),
        _ => None,
    }
}

async fn change(s: AppState, who: SignedIn, f: CodeForm, turn_on: bool) -> Response {
    if let Some(r) = who.csrf_refusal(&f.csrf) {
        return r;
    }
    let lang = who.lang;
    let t = lang.t();
    let (app, principal, account) = (
        s.app.clone(),
        who.person.principal.clone(),
        who.person.account.clone(),
    );
    let code = f.code;
    let result = blocking(move || {
        if turn_on {
            app.confirm_totp(&principal, &account, &code).map(|_| ())
        } else {
            app.remove_totp(&principal, &account, &code)
        }
    })
    .await;
    let uri = Uri::from_static("/console/totp");
    let page_of = move |done, error| {
        tokio::task::spawn_blocking(move || totp_page(&s, &who, &uri, done, error))
    };
    let r = match result {
        Ok(()) if turn_on => page_of(Some(t.totp_on_done), None).await,
        Ok(()) => page_of(Some(t.totp_removed), None).await,
        Err(e) => match code_error(lang, &e) {
            Some(msg) => page_of(None, Some(msg)).await,
            None if e.status == StatusCode::CONFLICT => {
                return redirect(&href(lang, "/console/totp"));
            }
            None => return service_page(lang, &e),
        },
    };
    r.unwrap_or_else(|_| refused(lang))
}

/// POST /console/totp — confirms enrolment with a code.
pub async fn confirm(
    State(s): State<AppState>,
    who: SignedIn,
    axum::Form(f): axum::Form<CodeForm>,
) -> Response {
    change(s, who, f, true).await
}

/// POST /console/totp/remove — turns it off with a current code.
pub async fn remove(
    State(s): State<AppState>,
    who: SignedIn,
    axum::Form(f): axum::Form<CodeForm>,
) -> Response {
    change(s, who, f, false).await
}
