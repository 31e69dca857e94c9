//! A form posted by a signed-in person: the session found, the body read as the form and
//! its CSRF token checked before the handler runs, each refusal a page in the person's
//! language. A console POST handler then only calls its service verb and renders.

use super::pages::{refused_csrf, unreadable_form};
use super::session::{SignedIn, same_token};
use crate::http::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::Response;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// A form that carries the session's CSRF token.
pub trait CsrfToken {
    /// The token the form was sent with.
    fn csrf(&self) -> &str;
}

/// Implements [`CsrfToken`] for forms whose token is the field `csrf`.
macro_rules! csrf_forms {
    ($($form:ty),* $(,)?) => {$(
        impl $crate::http::console::posted::CsrfToken for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        }
    )*};
}
pub(crate) use csrf_forms;

/// A form read by field name (the passport's text fields, whichever the product group has).
impl CsrfToken for HashMap<String, String> {
    fn csrf(&self) -> &str {
        self.get("csrf").map_or("", String::as_str)
    }
}

/// A signed-in person and the form they posted, its token already checked.
pub struct Posted<T> {
    /// Who posted it.
    pub who: SignedIn,
    /// What they posted.
    pub form: T,
}

impl<T: DeserializeOwned + CsrfToken + Send> FromRequest<AppState> for Posted<T> {
    type Rejection = Response;

    async fn from_request(req: Request, s: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let who = SignedIn::from_request_parts(&mut parts, s).await?;
        let req = Request::from_parts(parts, body);
        let axum::Form(form) = axum::Form::<T>::from_request(req, s)
            .await
            .map_err(|_| unreadable_form(who.lang))?;
        if !same_token(form.csrf(), &who.person.session.csrf) {
            return Err(refused_csrf(who.lang));
        }
        Ok(Self { who, form })
    }
}
