//! The OpenAPI 3.1 document served at `/api/v1/openapi.json`: the description, the bearer
//! scheme, the shared error responses, and the statuses the extractors answer on their own.
//!
//! Handlers document what they decide (403, 404, 409, a domain 422, 503) in their
//! `#[utoipa::path]`. What the extractors refuse before a handler runs — a path, query or
//! body that does not parse (400), a missing token (401), a body that is not JSON (415) or is
//! too large (413) — is the same for every operation that uses them, so it is derived here
//! from the document itself and cannot be forgotten on a new route.

use crate::http::ErrorBody;
use crate::http::api::labels::{RangeFormat, SingleFormat};
use crate::http::kit::error::{
    BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, TooManyRequests, Unauthorized,
    Unavailable, Unprocessable, UnsupportedMediaType,
};
use crate::render::Ecc;
use serde_json::Value;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};

/// The document's fixed parts; every path is added by the router (`routes!`), then
/// [`complete`] derives what the extractors answer.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ocop-trace",
        description = "Signed traceability records and verifiable QR labels for OCOP products. \
            Errors are JSON `{code, message}` (`ErrorBody`) with a stable code; pages for people \
            answer HTML, and JSON when asked with `Accept: application/json`."
    ),
    modifiers(&BearerAuth),
    components(
        schemas(ErrorBody, Ecc, RangeFormat, SingleFormat),
        responses(
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            PayloadTooLarge,
            UnsupportedMediaType,
            Unprocessable,
            TooManyRequests,
            Unavailable
        )
    ),
    tags(
        (name = "public", description = "Label verification, keys, health, the issuance log, the portfolio"),
        (name = "admin", description = "Province OCOP office and inspectors"),
        (name = "producer", description = "Batches and labels (producers, admins; inspectors read)"),
        (name = "labels", description = "What a QR code opens: label URLs, the GS1 Digital Link resolver, photo checks, reports of fakes"),
        (name = "pages", description = "Pages for people and the files they load")
    )
)]
pub(in crate::http) struct ApiDoc;

/// The `bearer` scheme: API tokens are opaque secrets, not JWTs.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from `POST /api/v1/tokens` (or the bootstrap admin token)",
                    ))
                    .build(),
            ),
        );
    }
}

/// Every operation of the document, mutably.
fn operations(openapi: &mut utoipa::openapi::OpenApi) -> impl Iterator<Item = &mut Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            item.get.as_mut(),
            item.put.as_mut(),
            item.post.as_mut(),
            item.delete.as_mut(),
            item.options.as_mut(),
            item.head.as_mut(),
            item.patch.as_mut(),
            item.trace.as_mut(),
        ]
        .into_iter()
        .flatten()
    })
}

/// Finishes the document once the router has added every path — the statuses the
/// extractors answer, empty values for optional query parameters, the range of unsigned
/// integers — and serialises it.
pub(in crate::http) fn complete(mut openapi: utoipa::openapi::OpenApi) -> String {
    extractor_answers(&mut openapi);
    empty_query_values(&mut openapi);
    let mut json = serde_json::to_value(&openapi).unwrap_or_default();
    widen_unsigned(&mut json);
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into())
}

/// utoipa names an unsigned integer's width in `format` (`uint8` … `uint64`) but gives no
/// bound, and none at all for `usize`; serde refuses the first value past the type's maximum,
/// so the document states that maximum and clients know which numbers parse.
fn widen_unsigned(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let integer = m.get("type").is_some_and(|t| {
                t == "integer"
                    || t.as_array()
                        .is_some_and(|a| a.iter().any(|x| x == "integer"))
            });
            // utoipa 6 spells the formats `u-int8` …; the format registry's names are `uint8` ….
            let (format, max) = match m.get("format").and_then(Value::as_str) {
                Some("u-int8" | "uint8") => (Some("uint8"), Some(u64::from(u8::MAX))),
                Some("u-int16" | "uint16") => (Some("uint16"), Some(u64::from(u16::MAX))),
                Some("u-int32" | "uint32") => (Some("uint32"), Some(u64::from(u32::MAX))),
                Some("u-int64" | "uint64") => (Some("uint64"), Some(u64::MAX)),
                // `usize`: the only unsigned integer utoipa leaves without a format.
                None if m.get("minimum").and_then(Value::as_u64) == Some(0) => {
                    (None, Some(u64::MAX))
                }
                _ => (None, None),
            };
            if let Some(f) = format.filter(|_| integer) {
                m.insert("format".into(), f.into());
            }
            if let Some(max) = max.filter(|_| integer && !m.contains_key("maximum")) {
                m.insert("maximum".into(), max.into());
            }
            m.values_mut().for_each(widen_unsigned);
        }
        Value::Array(a) => a.iter_mut().for_each(widen_unsigned),
        _ => {}
    }
}

/// Operations that read their path and query from the raw URL (label URLs must answer a
/// verdict for any URL, never a parse error) carry this extension until [`complete`] runs.
pub(in crate::http) const RAW_URL: &str = "x-raw-url";

/// Adds the statuses the `ApiPath`, `ApiQuery`, `ApiJson`, `ApiForm`, `ApiMultipart` and
/// auth extractors answer before any handler code runs.
fn extractor_answers(openapi: &mut utoipa::openapi::OpenApi) {
    for op in operations(openapi) {
        let raw_url = op
            .extensions
            .as_mut()
            .is_some_and(|e| e.remove(RAW_URL).is_some());
        let params = !raw_url
            && op.parameters.iter().flatten().any(|p| match p {
                RefOr::T(p) => matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query),
                RefOr::Ref(_) => true,
            });
        let body_types: Vec<String> = match &op.request_body {
            Some(RefOr::T(b)) => b.content.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let json_body = body_types.iter().any(|t| t == "application/json");
        let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let mut add = |status: &str, name: &str| {
            op.responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
        };
        if params || !body_types.is_empty() {
            add("400", "BadRequest");
        }
        if secured {
            add("401", "Unauthorized");
        }
        if !body_types.is_empty() {
            add("413", "PayloadTooLarge");
            add("415", "UnsupportedMediaType");
        }
        if json_body {
            add("422", "Unprocessable");
        }
    }
}

/// `?gtin=` is the same as leaving `gtin` out (`ApiQuery` drops empty values), so every
/// optional query parameter admits the empty value. utoipa 6 has no field for
/// `allowEmptyValue`; the parameter's extension map is serialised flat, so it goes there.
fn empty_query_values(openapi: &mut utoipa::openapi::OpenApi) {
    for op in operations(openapi) {
        for p in op.parameters.iter_mut().flatten() {
            let RefOr::T(p) = p else { continue };
            if matches!(p.parameter_in, ParameterIn::Query) && matches!(p.required, Required::False)
            {
                p.extensions
                    .get_or_insert_with(Default::default)
                    .insert("allowEmptyValue".into(), true.into());
            }
        }
    }
}
