//! A label's page from the service's answers: the verdict page with the facts every unit of
//! the batch shows alike, and the JSON answers to a PIN.

use crate::http::ApiError;
use crate::http::kit::i18n::Lang;
use crate::http::public::passport_view::PassportView;
use crate::http::public::verdict_page::{PinAnswer, VerdictPage};
use crate::service::{LabelPageFacts, PinPost};
use crate::verify::Verdict;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};

impl VerdictPage {
    /// The page of a label at `uri`: its verdict, the answer to a PIN if one was just
    /// entered, and the batch's shared facts (the passport only if they carry one).
    pub fn of_label(
        v: &Verdict,
        lang: Lang,
        uri: &Uri,
        pin: Option<PinAnswer<'_>>,
        f: &LabelPageFacts,
    ) -> Self {
        let mut page = Self::new(v, lang, uri, pin, f.named.as_deref(), &f.journey);
        if let (Some(p), Some(product)) = (&f.passport, &v.product) {
            page.passport = PassportView::of(p, &product.name, lang);
        }
        page
    }
}

impl<'a> PinAnswer<'a> {
    /// What the page says of a posted PIN; nothing when the label took none.
    pub fn of(posted: &'a PinPost) -> Option<Self> {
        match posted {
            PinPost::NotTaken(_) => None,
            PinPost::Answered {
                outcome: Some(o), ..
            } => Some(Self::Checked(o)),
            PinPost::Answered { outcome: None, .. } => Some(Self::Malformed),
        }
    }
}

/// A posted PIN's answer for an API client.
pub fn pin_json(posted: &PinPost) -> Response {
    match posted {
        PinPost::NotTaken(v) => no_pin_json(v),
        PinPost::Answered {
            outcome: Some(o), ..
        } => axum::Json(o).into_response(),
        PinPost::Answered { outcome: None, .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_pin",
            "a PIN has 8 digits; this try was not counted",
        )
        .into_response(),
    }
}

/// The JSON answer to a PIN posted to a label that takes none: nothing was checked or counted.
fn no_pin_json(v: &Verdict) -> Response {
    let (status, code, message) = if v.code.signature_valid() {
        (
            StatusCode::CONFLICT,
            "pin_not_enabled",
            "this batch's labels have no scratch-off PIN; nothing was checked",
        )
    } else {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "label_not_genuine",
            "this label does not verify, so it has no PIN to check",
        )
    };
    ApiError::new(status, code, message).into_response()
}
