//! Changing a person's role: the admin (or office staff, for producers' people) picks among
//! the roles the account may have — a producer's person stays with the same producer, an
//! office account stays an office account. The change ends the person's sessions and is
//! logged as `account_role_changed` with the actor.

use super::pages::{IdPath, Nav, href, service_page};
use super::session::SignedIn;
use crate::domain::Role;
use crate::http::kit::catalogue::role_name;
use crate::http::kit::i18n::fill;
use crate::http::kit::respond::{Notice, Shell, page};
use crate::http::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// The role page.
#[derive(Template)]
#[template(path = "console/role.html")]
struct RolePage {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    who_line: String,
    /// (code, name, current)
    roles: Vec<(&'static str, &'static str, bool)>,
    error: Option<&'static str>,
}

/// What the role form sends.
#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    csrf: String,
}

fn role_page(s: &AppState, who: &SignedIn, id: u64, error: Option<&'static str>) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let (a, roles, subject) = match s.app.role_choices(&who.person.principal, id) {
        Ok(x) => x,
        Err(e) => return service_page(lang, &e.into()),
    };
    let mut who_line = fill(t.role_now, &[&a.login, role_name(t, a.role)]);
    if let Some(sub) = subject {
        who_line = format!("{who_line} · {}", sub.name);
    }
    let heading = fill(t.role_title, &[&a.display_name]);
    let view = RolePage {
        shell: Shell::new(lang, &Uri::from_static("/console/accounts"), &*heading),
        nav: Some(Nav::of(lang, &who.person)),
        id,
        heading,
        who_line,
        roles: roles
            .iter()
            .map(|r| (r.as_str(), role_name(t, *r), *r == a.role))
            .collect(),
        error,
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, &view)
}

/// GET /console/accounts/{id}/role
pub async fn form(State(s): State<AppState>, IdPath(id): IdPath, who: SignedIn) -> Response {
    role_page(&s, &who, id, None)
}

/// POST /console/accounts/{id}/role
pub async fn change(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(f): axum::Form<RoleForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&f.csrf) {
        return r;
    }
    let (lang, t) = (who.lang, who.lang.t());
    let Some(role) = Role::ALL.into_iter().find(|r| r.as_str() == f.role) else {
        return role_page(&s, &who, id, Some(t.err_role_change));
    };
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    match blocking(move || app.change_role(&principal, id, role)).await {
        Ok(a) => {
            let line = fill(t.role_changed, &[&a.display_name, role_name(t, a.role)]);
            let list = Uri::from_static("/console/accounts");
            let mut n = Notice::new(
                Shell::new(lang, &list, t.role_heading),
                t.role_heading,
                line,
                false,
            );
            n.links = vec![(href(lang, "/console/accounts"), t.back_to_accounts)];
            page(StatusCode::OK, &n)
        }
        Err(e) if e.code == "invalid_token_request" || e.code == "forbidden" => {
            role_page(&s, &who, id, Some(t.err_role_change))
        }
        Err(e) if e.code == "last_admin" => role_page(&s, &who, id, Some(t.last_admin)),
        Err(e) => service_page(lang, &e),
    }
}
