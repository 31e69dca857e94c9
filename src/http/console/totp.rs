//! Two-step verification pages: enrolment (the secret as a QR code drawn here as SVG, as a
//! key and as an `otpauth://` link, confirmed by a code) and turning it off. The code step
//! of a sign-in is in `sign_in_code.rs`.

use super::pages::{Nav, href, redirect, refused, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use super::sign_in::throttled;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState};
use crate::render::qr::{Ecc, encode};
use crate::service::TotpState;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use std::fmt::Write;

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
    pub(super) code: String,
    #[serde(default)]
    pub(super) csrf: String,
}

super::posted::csrf_forms!(CodeForm);

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
        (StatusCode::TOO_MANY_REQUESTS, _) => Some(throttled(t, &e.message)),
        (_, "totp_code_wrong") => Some(t.totp_wrong.into()),
        (_, "totp_required") => Some(t.totp_kept.into()),
        _ => None,
    }
}

async fn change(s: AppState, who: SignedIn, f: CodeForm, turn_on: bool) -> Response {
    let (lang, account, code) = (who.lang, who.person.account.clone(), f.code);
    let done = who.run(&s, move |a, p| a.switch_totp(p, &account, &code, turn_on));
    let (done, error) = match changed(lang, done.await, turn_on) {
        Ok(words) => words,
        Err(e) => return elsewhere(lang, &e),
    };
    let uri = Uri::from_static("/console/totp");
    tokio::task::spawn_blocking(move || totp_page(&s, &who, &uri, done, error))
        .await
        .unwrap_or_else(|_| refused(lang))
}

/// What the two-step page says after a change: that it is on (or off), or why the code was
/// refused; any other refusal is the `Err` (see [`elsewhere`]).
fn changed(
    lang: Lang,
    done: Result<(), ApiError>,
    turn_on: bool,
) -> Result<(Option<&'static str>, Option<String>), ApiError> {
    let t = lang.t();
    match done {
        Ok(()) if turn_on => Ok((Some(t.totp_on_done), None)),
        Ok(()) => Ok((Some(t.totp_removed), None)),
        Err(e) => code_error(lang, &e).map(|msg| (None, Some(msg))).ok_or(e),
    }
}

/// A refused change that is not the code's: one that no longer applies (already on, or
/// off) goes back to the page, anything else to the refusal page.
fn elsewhere(lang: Lang, e: &ApiError) -> Response {
    if e.status == StatusCode::CONFLICT {
        redirect(&href(lang, "/console/totp"))
    } else {
        service_page(lang, e)
    }
}

/// POST /console/totp — confirms enrolment with a code.
pub async fn confirm(
    State(s): State<AppState>,
    Posted { who, form }: Posted<CodeForm>,
) -> Response {
    change(s, who, form, true).await
}

/// POST /console/totp/remove — turns it off with a current code.
pub async fn remove(State(s): State<AppState>, Posted { who, form }: Posted<CodeForm>) -> Response {
    change(s, who, form, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_says_what_it_did_or_why_the_code_was_refused() {
        let t = Lang::En.t();
        let on = changed(Lang::En, Ok(()), true).ok();
        assert_eq!(on, Some((Some(t.totp_on_done), None)));
        let off = changed(Lang::En, Ok(()), false).ok();
        assert_eq!(off, Some((Some(t.totp_removed), None)));
        let wrong = ApiError::new(StatusCode::UNAUTHORIZED, "totp_code_wrong", "x");
        let shown = changed(Lang::En, Err(wrong), true).ok();
        assert_eq!(shown, Some((None, Some(t.totp_wrong.into()))));
        let stale = ApiError::new(StatusCode::CONFLICT, "totp_not_pending", "x");
        let e = changed(Lang::En, Err(stale), true).err();
        let r = e.map(|e| elsewhere(Lang::En, &e).status());
        assert_eq!(r, Some(StatusCode::SEE_OTHER));
    }
}
