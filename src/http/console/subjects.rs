//! The office registers subjects (producers) with a form: name, legal form, registration
//! number and the address by commune (districts were abolished in 2025).

use super::pages::{Nav, href, redirect, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::{Address, NewSubject, SubjectKind};
use crate::http::kit::catalogue::{Catalogue, subject_kind};
use crate::http::kit::i18n::{Lang, fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{ApiError, AppState};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// Every legal form, in the order the form offers them (the commonest first).
const KINDS: [SubjectKind; 5] = [
    SubjectKind::HouseholdBusiness,
    SubjectKind::Cooperative,
    SubjectKind::CooperativeGroup,
    SubjectKind::Enterprise,
    SubjectKind::Company,
];

/// What was typed into the subject form.
#[derive(Debug, Default, Deserialize)]
pub struct SubjectForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    registration_no: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    street: String,
    #[serde(default)]
    csrf: String,
}

super::posted::csrf_forms!(SubjectForm);

/// The subjects page.
#[derive(Template)]
#[template(path = "console/subjects.html")]
struct SubjectsPage {
    shell: Shell,
    nav: Option<Nav>,
    saved: Option<String>,
    rows: Vec<(String, &'static str, String)>,
    kinds: Vec<(String, &'static str)>,
    form: SubjectForm,
    errors: Vec<(&'static str, &'static str)>,
}

impl SubjectsPage {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
    }
}

fn code(k: SubjectKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn subjects_page(
    s: &AppState,
    who: &SignedIn,
    uri: &Uri,
    form: SubjectForm,
    errors: Vec<(&'static str, &'static str)>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let list = match s.app.subjects(&who.person.principal, None, usize::MAX) {
        Ok(l) => l,
        Err(e) => return service_page(lang, &e.into()),
    };
    let saved = query_value(uri, "saved")
        .and_then(|id| id.parse::<u64>().ok())
        .and_then(|id| list.iter().find(|s| s.id == id))
        .map(|s| fill(t.subject_saved, &[&s.name]));
    let rows = list
        .iter()
        .rev()
        .map(|s| {
            let place = [
                s.address.commune.as_deref(),
                Some(s.address.province.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            (s.name.clone(), subject_kind(t, s.kind), place)
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = SubjectsPage {
        shell: Shell::new(
            lang,
            &Uri::from_static("/console/subjects"),
            t.subjects_title,
        )
        .wide(),
        nav: Some(Nav::of(lang, &who.person)),
        saved,
        rows,
        kinds: KINDS
            .iter()
            .map(|k| (code(*k), subject_kind(t, *k)))
            .collect(),
        form,
        errors,
    };
    page(status, &view)
}

/// GET /console/subjects
pub async fn list(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    subjects_page(&s, &who, &uri, SubjectForm::default(), Vec::new())
}

/// The field and sentence of a refused subject, by code and the field `nfc_text` names first.
fn field_error(t: &'static Catalogue, e: &ApiError) -> Option<(&'static str, &'static str)> {
    let m = e.message.as_str();
    Some(match e.code.as_str() {
        "invalid_text" if m.starts_with("registration_no") => {
            ("registration_no", t.err_registration)
        }
        "invalid_text" if m.starts_with("address.province") => ("province", t.err_required),
        "invalid_text" if m.starts_with("address.commune") => ("commune", t.err_required),
        "invalid_text" if m.starts_with("address.street") => ("street", t.err_required),
        "invalid_text" => ("name", t.err_subject_name),
        _ => return None,
    })
}

/// POST /console/subjects
pub async fn create(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Posted { who, form }: Posted<SubjectForm>,
) -> Response {
    let req = match form.request(who.lang.t()) {
        Ok(req) => req,
        Err(err) => return subjects_page(&s, &who, &uri, form, vec![err]),
    };
    match who.run(&s, move |app, p| app.create_subject(p, req)).await {
        Ok(subject) => redirect(&saved(who.lang, subject.id)),
        Err(e) => match field_error(who.lang.t(), &e) {
            Some(err) => subjects_page(&s, &who, &uri, form, vec![err]),
            None => service_page(who.lang, &e),
        },
    }
}

/// The list with a subject just registered named above it.
fn saved(lang: Lang, id: u64) -> String {
    href(lang, &format!("/console/subjects?saved={id}"))
}

impl SubjectForm {
    /// The subject to register; a legal form that is not one is the kind field's error.
    fn request(&self, t: &'static Catalogue) -> Result<NewSubject, (&'static str, &'static str)> {
        let Some(kind) = KINDS.into_iter().find(|k| code(*k) == self.kind) else {
            return Err(("kind", t.err_kind));
        };
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.to_owned());
        Ok(NewSubject {
            name: self.name.clone(),
            kind,
            registration_no: self.registration_no.clone(),
            address: Address {
                province: self.province.clone(),
                district: None,
                commune: opt(&self.commune),
                street: opt(&self.street),
            },
            contact: Default::default(),
            gln: None,
            channels: Vec::new(),
            craft_village: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_form_needs_a_legal_form_and_drops_blank_address_lines() {
        let t = Lang::En.t();
        let mut f = SubjectForm {
            name: "HTX Chè Tân Cương".into(),
            kind: "cooperative".into(),
            province: "Thái Nguyên".into(),
            commune: "  ".into(),
            street: "Xóm 3".into(),
            ..SubjectForm::default()
        };
        let req = f.request(t).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(req.kind, SubjectKind::Cooperative);
        assert_eq!(req.address.commune, None);
        assert_eq!(req.address.street.as_deref(), Some("Xóm 3"));
        f.kind = "guild".into();
        assert_eq!(f.request(t).err(), Some(("kind", t.err_kind)));
    }
}
