//! Human text as stored: trimmed, NFC-normalised, bounded, free of control characters.

use super::DomainError;
use unicode_normalization::UnicodeNormalization;

/// Normalises `input` to NFC and checks it is a usable single-line name or field.
pub fn nfc_text(field: &str, input: &str, max_chars: usize) -> Result<String, DomainError> {
    let s: String = input.trim().nfc().collect();
    if s.is_empty() {
        return Err(DomainError::InvalidText(format!(
            "{field} must not be empty"
        )));
    }
    if s.chars().count() > max_chars {
        return Err(DomainError::InvalidText(format!(
            "{field} is longer than {max_chars} characters"
        )));
    }
    if s.chars().any(char::is_control) {
        return Err(DomainError::InvalidText(format!(
            "{field} must not contain control characters"
        )));
    }
    Ok(s)
}

/// Like [`nfc_text`] for optional fields; an empty string counts as absent.
pub fn nfc_opt(
    field: &str,
    input: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>, DomainError> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => nfc_text(field, s, max_chars).map(Some),
    }
}

/// Multi-line notes: NFC, bounded, newlines and tabs allowed.
pub fn nfc_notes(input: Option<&str>, max_chars: usize) -> Result<Option<String>, DomainError> {
    let Some(s) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let s: String = s.nfc().collect();
    if s.chars().count() > max_chars {
        return Err(DomainError::InvalidText(format!(
            "notes are longer than {max_chars} characters"
        )));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(DomainError::InvalidText(
            "notes must not contain control characters".into(),
        ));
    }
    Ok(Some(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_is_stored_composed() {
        let decomposed = "Ma\u{0302}\u{0323}t hoa du\u{031B}\u{0300}a";
        assert_eq!(
            nfc_text("name", decomposed, 100),
            Ok("Mật hoa dừa".to_owned())
        );
    }

    #[test]
    fn rejects_empty_long_and_control() {
        assert!(nfc_text("name", "   ", 10).is_err());
        assert!(nfc_text("name", "abcdefghijk", 10).is_err());
        assert!(nfc_text("name", "a\u{0007}b", 10).is_err());
    }
}
