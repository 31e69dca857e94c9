//! Setting a password through a one-time setup link: the form, and the post that sets it
//! once typed twice alike.

use super::pages::{Nav, failed, href, redirect, refused_csrf};
use super::sign_in::{form_token_ok, with_form_token};
use crate::domain::{Account, PASSWORD_MIN};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use crate::service::PasswordSet;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

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
    let (app, password) = (s.app.clone(), f.password.clone());
    let step = blocking(move || app.setup_step(&secret, &password, &f.password_again)).await;
    match step {
        Ok((account, set)) => password_set(&s, lang, &uri, &account, set, &f.password),
        Err(e) if e.status == StatusCode::NOT_FOUND => closed(lang, &uri),
        Err(e) => failed(lang, &e),
    }
}

/// Where a setup post leads: on to sign in once the password is set, else the form again
/// with why (or the closed-link page, or the error page).
fn password_set(
    s: &AppState,
    lang: Lang,
    uri: &Uri,
    account: &Account,
    set: PasswordSet,
    typed: &str,
) -> Response {
    let (t, status) = (lang.t(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = match set {
        PasswordSet::Set => return redirect(&href(lang, "/console/sign-in?done=set")),
        PasswordSet::Mismatch => {
            return setup_page(s, lang, uri, account, status, Some(t.err_password_mismatch));
        }
        PasswordSet::Refused(e) => ApiError::from(e),
    };
    match e.code.as_str() {
        "weak_password" => setup_page(
            s,
            lang,
            uri,
            account,
            status,
            Some(password_error(t, typed)),
        ),
        _ if e.status == StatusCode::NOT_FOUND => closed(lang, uri),
        _ => failed(lang, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_password_is_explained_by_its_length_first() {
        let t = Lang::En.t();
        assert_eq!(password_error(t, "ngắn"), t.err_password_short);
        assert_eq!(password_error(t, &"a".repeat(200)), t.err_password_long);
        assert_eq!(password_error(t, "password123"), t.err_password_common);
    }
}
