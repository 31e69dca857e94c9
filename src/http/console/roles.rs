//! Changing a person's role: the admin (or office staff, for producers' people) picks among
//! the roles the account may have — a producer's person stays with the same producer, an
//! office account stays an office account. The change ends the person's sessions and is
//! logged as `account_role_changed` with the actor.

use super::pages::{IdPath, Nav, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::{Account, Role};
use crate::http::kit::catalogue::{Catalogue, role_name};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Notice, Shell, page};
use crate::http::{ApiError, AppState};
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

super::posted::csrf_forms!(RoleForm);

impl RoleForm {
    /// The role chosen, if it is one.
    fn role(&self) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == self.role)
    }
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
    Posted { who, form: f }: Posted<RoleForm>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let Some(role) = f.role() else {
        return role_page(&s, &who, id, Some(t.err_role_change));
    };
    match who.run(&s, move |a, p| a.change_role(p, id, role)).await {
        Ok(a) => page(StatusCode::OK, &changed(lang, &a)),
        Err(e) => match refusal(t, &e) {
            Some(msg) => role_page(&s, &who, id, Some(msg)),
            None => service_page(lang, &e),
        },
    }
}

/// The notice of a changed role.
fn changed(lang: Lang, a: &Account) -> Notice {
    let t = lang.t();
    let line = fill(t.role_changed, &[&a.display_name, role_name(t, a.role)]);
    super::accounts::notice(lang, t.role_heading, line, false)
}

/// The sentence of a refused change, shown on the role page; `None` for the refusal page.
fn refusal(t: &'static Catalogue, e: &ApiError) -> Option<&'static str> {
    match e.code.as_str() {
        "invalid_token_request" | "forbidden" => Some(t.err_role_change),
        "last_admin" => Some(t.last_admin),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_form_names_a_role_and_the_last_admin_is_kept_in_words() {
        let f = |role: &str| RoleForm {
            role: role.into(),
            csrf: String::new(),
        };
        assert_eq!(f("office_staff").role(), Some(Role::OfficeStaff));
        assert_eq!(f("chief").role(), None);
        let t = Lang::En.t();
        let last = ApiError::new(StatusCode::CONFLICT, "last_admin", "x");
        assert_eq!(refusal(t, &last), Some(t.last_admin));
        let gone = ApiError::new(StatusCode::NOT_FOUND, "not_found", "x");
        assert_eq!(refusal(t, &gone), None);
    }

    #[test]
    fn the_changed_notice_names_the_person_and_leads_back_to_the_accounts() {
        let a = Account {
            id: 3,
            login: "lan".into(),
            display_name: "Chị Lan".into(),
            role: Role::OfficeStaff,
            subject_id: None,
            password_hash: None,
            setup: None,
            created_at: chrono::Utc::now(),
            created_by: "system".into(),
            disabled_at: None,
        };
        let n = changed(Lang::En, &a);
        assert!(
            n.lines.iter().any(|l| l.contains("Chị Lan")),
            "{:?}",
            n.lines
        );
        assert_eq!(n.links[0].0, "/console/accounts?lang=en");
        assert!(!n.bad);
    }
}
