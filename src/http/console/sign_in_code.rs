//! The code step of a sign-in (two-step verification): its page, and the post that checks
//! the code, which keeps the step's state in a short-lived cookie.

use super::pages::{Nav, failed, refused_csrf};
use super::session::{cookie_value, set_cookie, with_cookie};
use super::sign_in::{form_token_ok, sign_in_page, signed_in, throttled, with_form_token};
use super::totp::CodeForm;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::extract::ClientIp;
use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

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
    let step = cookie_value(&headers, CODE_COOKIE).unwrap_or_default();
    let (app, code) = (s.app.clone(), f.code);
    match blocking(move || app.sign_in_code(&step, &code, ip)).await {
        Ok(signed) => signed_in(&s, lang, &signed.secret),
        Err(e) => match code_refusal(lang.t(), &e) {
            Some(CodeRefusal::Again(msg)) => code_page(&s, lang, None, Some(msg)),
            Some(CodeRefusal::Restart(status, msg)) => {
                sign_in_page(&s, lang, &uri, status, String::new(), Some(msg))
            }
            None => failed(lang, &e),
        },
    }
}

/// Where a refused sign-in code leads, and the sentence shown there.
#[derive(Debug, PartialEq)]
enum CodeRefusal {
    /// The code step again: the code was wrong.
    Again(String),
    /// The sign-in page, to start over: too many tries, or the step has expired.
    Restart(StatusCode, String),
}

/// Where a refused code leads; `None` for the error page.
fn code_refusal(t: &'static Catalogue, e: &ApiError) -> Option<CodeRefusal> {
    Some(match e.status {
        StatusCode::UNAUTHORIZED => CodeRefusal::Again(t.code_failed.into()),
        StatusCode::TOO_MANY_REQUESTS => CodeRefusal::Restart(e.status, throttled(t, &e.message)),
        StatusCode::NOT_FOUND => {
            CodeRefusal::Restart(StatusCode::UNAUTHORIZED, t.code_expired.into())
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_code_asks_again_and_an_expired_step_starts_over() {
        let t = Lang::En.t();
        let e = |status| ApiError::new(status, "x", "try again in 30 s");
        let wrong = code_refusal(t, &e(StatusCode::UNAUTHORIZED));
        assert_eq!(wrong, Some(CodeRefusal::Again(t.code_failed.into())));
        let gone = code_refusal(t, &e(StatusCode::NOT_FOUND));
        let expired = CodeRefusal::Restart(StatusCode::UNAUTHORIZED, t.code_expired.into());
        assert_eq!(gone, Some(expired));
        assert_eq!(code_refusal(t, &e(StatusCode::INTERNAL_SERVER_ERROR)), None);
    }
}
