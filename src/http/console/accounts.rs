//! The accounts pages: the office (or a producer's manager) lists the accounts it manages,
//! creates one (and hands over its one-time setup link), disables or resets one.

use super::accounts_form::{AccountForm, FieldError, disabled_line, field_error};
use super::pages::{IdPath, Nav, failed, href, redirect, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use super::sign_in::TokenForm;
use crate::domain::Account;
use crate::http::AppState;
use crate::http::kit::catalogue::{Catalogue, role_name};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Notice, Shell, page};
use crate::service::{AccountDirectory, SetupIssued};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;

/// One account as the list shows it.
struct Row {
    id: u64,
    name: String,
    login: String,
    role: &'static str,
    /// The producer a producer's account belongs to.
    subject: Option<String>,
    state: &'static str,
    tone: &'static str,
    /// Open to disable or reset (not the person's own account).
    actions: bool,
}

/// The accounts page.
#[derive(Template)]
#[template(path = "console/accounts.html")]
struct AccountsPage {
    shell: Shell,
    nav: Option<Nav>,
    intro: &'static str,
    /// The office also registers subjects.
    office: bool,
    rows: Vec<Row>,
    roles: Vec<(&'static str, &'static str)>,
    subjects: Vec<(String, String)>,
    form: AccountForm,
    errors: Vec<FieldError>,
}

impl AccountsPage {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
    }
}

/// The page with the setup link, shown once.
#[derive(Template)]
#[template(path = "console/account_link.html")]
struct LinkPage {
    shell: Shell,
    nav: Option<Nav>,
    intro: String,
    url: String,
}

fn state(t: &'static Catalogue, a: &Account) -> (&'static str, &'static str) {
    if !a.enabled() {
        (t.account_disabled, "bad")
    } else if a.password_hash.is_none() {
        (t.account_waiting, "warn")
    } else {
        (t.account_active, "ok")
    }
}

fn accounts_page(
    who: &SignedIn,
    uri: &Uri,
    dir: AccountDirectory,
    form: AccountForm,
    errors: Vec<FieldError>,
) -> Response {
    let lang = who.lang;
    let t = lang.t();
    let rows = dir
        .accounts
        .iter()
        .map(|a| {
            let (state, tone) = state(t, a);
            Row {
                id: a.id,
                name: a.display_name.clone(),
                login: a.login.clone(),
                role: role_name(t, a.role),
                subject: a.subject_id.map(|id| {
                    dir.subjects
                        .iter()
                        .find(|s| s.id == id)
                        .map_or_else(|| format!("#{id}"), |s| s.name.clone())
                }),
                state,
                tone,
                actions: a.enabled() && a.credential_id() != who.person.principal.token_id,
            }
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = AccountsPage {
        shell: Shell::new(lang, uri, t.accounts_title).wide(),
        nav: Some(Nav::of(lang, &who.person)),
        intro: if who.person.principal.role.is_office() {
            t.office_home_intro
        } else {
            ""
        },
        office: who.person.principal.role.is_office(),
        rows,
        roles: dir
            .roles
            .iter()
            .map(|r| (r.as_str(), role_name(t, *r)))
            .collect(),
        subjects: dir
            .subjects
            .iter()
            .map(|s| (s.id.to_string(), s.name.clone()))
            .collect(),
        form,
        errors,
    };
    page(status, &view)
}

/// GET /console/accounts
pub async fn list(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    match s.app.account_directory(&who.person.principal) {
        Ok(dir) => accounts_page(&who, &uri, dir, AccountForm::default(), Vec::new()),
        Err(e) => service_page(who.lang, &e.into()),
    }
}

fn link_page(who: &SignedIn, issued: &SetupIssued) -> Response {
    let lang = who.lang;
    // Shown after a post: the language switch leads to the list, a page one can GET.
    let uri = &Uri::from_static("/console/accounts");
    let t = lang.t();
    let until = lang.moment(issued.expires_at);
    let view = LinkPage {
        shell: Shell::new(lang, uri, t.link_title),
        nav: Some(Nav::of(lang, &who.person)),
        intro: fill(t.link_intro, &[&issued.account.display_name, &until]),
        url: issued.url.clone(),
    };
    page(StatusCode::OK, &view)
}

/// POST /console/accounts
pub async fn create(
    State(s): State<AppState>,
    Posted { who, form }: Posted<AccountForm>,
) -> Response {
    let req = match form.request(who.lang.t()) {
        Ok(req) => req,
        Err(err) => return again(&s, &who, form, vec![err]),
    };
    match who.run(&s, move |app, p| app.create_account(p, req)).await {
        Ok(issued) => link_page(&who, &issued),
        Err(e) => match field_error(who.lang.t(), &e) {
            Some(err) => again(&s, &who, form, vec![err]),
            None => service_page(who.lang, &e),
        },
    }
}

/// The accounts page again with the typed values and the errors.
fn again(s: &AppState, who: &SignedIn, form: AccountForm, errors: Vec<FieldError>) -> Response {
    match s.app.account_directory(&who.person.principal) {
        Ok(dir) => accounts_page(
            who,
            &Uri::from_static("/console/accounts"),
            dir,
            form,
            errors,
        ),
        Err(e) => service_page(who.lang, &e.into()),
    }
}

/// POST /console/accounts/{id}/disable — its sessions end at once.
pub async fn disable(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    Posted { who, .. }: Posted<TokenForm>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let done = who.run(&s, move |app, p| app.disable_account(p, id)).await;
    match disabled_line(t, done) {
        Ok((line, bad)) => page(StatusCode::OK, &notice(lang, t.account_disabled, line, bad)),
        Err(e) => service_page(lang, &e),
    }
}

/// A notice of a change to an account, with the way back to the list.
pub(super) fn notice(lang: Lang, heading: &'static str, line: String, bad: bool) -> Notice {
    let list = Uri::from_static("/console/accounts");
    let mut n = Notice::new(Shell::new(lang, &list, heading), heading, line, bad);
    n.links = vec![(href(lang, "/console/accounts"), lang.t().back_to_accounts)];
    n
}

/// POST /console/accounts/{id}/reset — a new one-time setup link.
pub async fn reset(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    Posted { who, .. }: Posted<TokenForm>,
) -> Response {
    match who.run(&s, move |app, p| app.reset_account(p, id)).await {
        Ok(issued) => link_page(&who, &issued),
        Err(e) if e.status == StatusCode::CONFLICT => {
            redirect(&href(who.lang, "/console/accounts"))
        }
        Err(e) => match e.status {
            StatusCode::INTERNAL_SERVER_ERROR => failed(who.lang, &e),
            _ => service_page(who.lang, &e),
        },
    }
}
