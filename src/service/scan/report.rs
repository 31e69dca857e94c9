//! Shoppers' reports of labels that look fake: validated, rate-limited per source, and tied to
//! the label's verdict when a label is given. Separate because it takes free text from the
//! public and has its own validation.

use super::ScanSource;
use crate::domain::{DomainError, Report};
use crate::label::SignedLabel;
use crate::service::{App, ServiceError};

impl App {
    /// Stores a shopper's report, rate-limited per source.
    pub fn report_fake(
        &self,
        source: ScanSource,
        label: Option<&str>,
        text: &str,
        place: Option<&str>,
        phone: Option<&str>,
    ) -> Result<Option<Report>, ServiceError> {
        if !self.allow("report", source.network, 5.0) {
            return Ok(None);
        }
        let text = crate::domain::text::nfc_notes(Some(text), 2000)?
            .ok_or_else(|| DomainError::InvalidText("please describe what looks wrong".into()))?;
        let place = crate::domain::text::nfc_opt("place", place, 200)?;
        let phone = report_phone(phone)?;
        let label = label.map(|l| l.chars().take(600).collect::<String>());
        let (batch_id, verdict) = match label.as_deref().map(SignedLabel::parse_url) {
            Some(parsed) => {
                let v = self.verify_label(parsed)?;
                (
                    v.batch.as_ref().map(|b| b.id),
                    Some(v.code.as_str().to_owned()),
                )
            }
            None => (None, None),
        };
        let r = Report {
            id: self.store.next_id()?,
            at: self.clock.now(),
            label,
            batch_id,
            text,
            place,
            verdict,
            phone,
        };
        self.store.insert_report(&r)?;
        Ok(Some(r))
    }
}

/// A shopper's phone number for a call back: empty is none; otherwise 8 to 15 digits with
/// spaces, dots, dashes or a leading `+`, kept as typed (trimmed).
fn report_phone(phone: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(p) = phone.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let allowed =
        |(i, c): (usize, char)| c.is_ascii_digit() || " .-".contains(c) || (i == 0 && c == '+');
    if (8..=15).contains(&digits) && p.chars().enumerate().all(allowed) && p.len() <= 30 {
        Ok(Some(p.to_owned()))
    } else {
        Err(DomainError::InvalidText(
            "phone: 8 to 15 digits, or leave it empty".into(),
        ))
    }
}
