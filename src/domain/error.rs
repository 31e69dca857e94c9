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
    /// An upload that is no image we accept, or one that would decode too large.
    #[error("{0}")]
    InvalidImage(String),
    /// An upload over the size limit.
    #[error("{0}")]
    FileTooLarge(String),
    /// An image whose pixels would take too much memory (a decompression bomb).
    #[error("{0}")]
    ImageTooLarge(String),
    /// A seventh photo.
    #[error("{0}")]
    TooManyPhotos(String),
    /// A document file that is neither a PDF nor an image we accept.
    #[error("{0}")]
    InvalidDocument(String),
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
            Self::InvalidImage(_) => "invalid_image",
            Self::FileTooLarge(_) => "file_too_large",
            Self::ImageTooLarge(_) => "image_too_large",
            Self::TooManyPhotos(_) => "too_many_photos",
            Self::InvalidDocument(_) => "invalid_document",
        }
    }
}
