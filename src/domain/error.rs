//! Validation errors raised when raw input becomes a domain value.

/// Why an input could not become a domain value. Each variant has a stable `code`
/// that the HTTP layer and the CLI show unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    InvalidGtin(String),
    #[error("{0}")]
    InvalidGln(String),
    #[error("{0}")]
    InvalidLot(String),
    #[error("{0}")]
    InvalidText(String),
    #[error("{0}")]
    InvalidStar(String),
    #[error("{0}")]
    ScoreOutOfBand(String),
    #[error("{0}")]
    IssuerNotCompetent(String),
    #[error("{0}")]
    InvalidDate(String),
    #[error("{0}")]
    InvalidQuantity(String),
    #[error("{0}")]
    InvalidGroup(String),
    #[error("{0}")]
    CertificateNotActive(String),
    #[error("{0}")]
    InvalidSerialRange(String),
    #[error("{0}")]
    InvalidLogRange(String),
    #[error("{0}")]
    InvalidTokenRequest(String),
    #[error("{0}")]
    InvalidBackupRequest(String),
    #[error("{0}")]
    UnsupportedFormat(String),
    #[error("{0}")]
    InvalidLogin(String),
    #[error("{0}")]
    WeakPassword(String),
}

impl DomainError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidGtin(_) => "invalid_gtin",
            Self::InvalidGln(_) => "invalid_gln",
            Self::InvalidLot(_) => "invalid_lot",
            Self::InvalidText(_) => "invalid_text",
            Self::InvalidStar(_) => "invalid_star",
            Self::ScoreOutOfBand(_) => "score_out_of_band",
            Self::IssuerNotCompetent(_) => "issuer_not_competent",
            Self::InvalidDate(_) => "invalid_date",
            Self::InvalidQuantity(_) => "invalid_quantity",
            Self::InvalidGroup(_) => "invalid_group",
            Self::CertificateNotActive(_) => "certificate_not_active",
            Self::InvalidSerialRange(_) => "invalid_serial_range",
            Self::InvalidLogRange(_) => "invalid_log_range",
            Self::InvalidTokenRequest(_) => "invalid_token_request",
            Self::InvalidBackupRequest(_) => "invalid_backup_request",
            Self::UnsupportedFormat(_) => "unsupported_format",
            Self::InvalidLogin(_) => "invalid_login",
            Self::WeakPassword(_) => "weak_password",
        }
    }
}
