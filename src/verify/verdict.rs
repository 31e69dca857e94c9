//! Verdict codes, their severity and the sentences a shopper reads.

use serde::{Deserialize, Serialize};

/// How worried a shopper should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Genuine and in order.
    Ok,
    /// Genuine, with something worth knowing.
    Notice,
    /// Genuine label, but the product's claims no longer hold.
    Warning,
    /// Do not trust or do not use.
    Danger,
}

/// The outcome of checking a label. The snake_case names are stable API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictCode {
    Genuine,
    CertificateExpiring,
    CertificateExpired,
    CertificateRevoked,
    BatchRecalled,
    ProductExpired,
    CloneSuspected,
    BadSignature,
    UnknownKey,
    KeyRevoked,
    UnknownBatch,
    SerialOutOfRange,
    Malformed,
}

impl VerdictCode {
    /// Every code, for documentation and metrics.
    pub const ALL: [VerdictCode; 13] = [
        Self::Genuine,
        Self::CertificateExpiring,
        Self::CertificateExpired,
        Self::CertificateRevoked,
        Self::BatchRecalled,
        Self::ProductExpired,
        Self::CloneSuspected,
        Self::BadSignature,
        Self::UnknownKey,
        Self::KeyRevoked,
        Self::UnknownBatch,
        Self::SerialOutOfRange,
        Self::Malformed,
    ];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Genuine => "genuine",
            Self::CertificateExpiring => "certificate_expiring",
            Self::CertificateExpired => "certificate_expired",
            Self::CertificateRevoked => "certificate_revoked",
            Self::BatchRecalled => "batch_recalled",
            Self::ProductExpired => "product_expired",
            Self::CloneSuspected => "clone_suspected",
            Self::BadSignature => "bad_signature",
            Self::UnknownKey => "unknown_key",
            Self::KeyRevoked => "key_revoked",
            Self::UnknownBatch => "unknown_batch",
            Self::SerialOutOfRange => "serial_out_of_range",
            Self::Malformed => "malformed",
        }
    }

    /// True when the label's signature was found valid (the label itself is genuine).
    pub fn signature_valid(self) -> bool {
        matches!(
            self,
            Self::Genuine
                | Self::CertificateExpiring
                | Self::CertificateExpired
                | Self::CertificateRevoked
                | Self::BatchRecalled
                | Self::ProductExpired
                | Self::CloneSuspected
        )
    }

    /// How serious it is.
    pub fn severity(self) -> Severity {
        match self {
            Self::Genuine => Severity::Ok,
            Self::CertificateExpiring => Severity::Notice,
            Self::CertificateExpired | Self::CertificateRevoked | Self::Malformed => {
                Severity::Warning
            }
            _ => Severity::Danger,
        }
    }

    /// One sentence in Vietnamese.
    pub fn message_vi(self) -> &'static str {
        match self {
            Self::Genuine => {
                "Sản phẩm chính hãng: tem do chủ thể OCOP đã đăng ký phát hành và hạng sao còn hiệu lực."
            }
            Self::CertificateExpiring => {
                "Sản phẩm chính hãng. Giấy chứng nhận OCOP sẽ hết hạn trong vòng 30 ngày."
            }
            Self::CertificateExpired => {
                "Tem thật, nhưng giấy chứng nhận OCOP đã hết hạn: sản phẩm không còn được dùng hạng sao OCOP."
            }
            Self::CertificateRevoked => {
                "Tem thật, nhưng giấy chứng nhận OCOP đã bị thu hồi: đây không còn là sản phẩm OCOP."
            }
            Self::BatchRecalled => {
                "Lô hàng này đã bị thu hồi. Không sử dụng sản phẩm và liên hệ nơi bán."
            }
            Self::ProductExpired => "Sản phẩm đã quá hạn sử dụng. Không nên sử dụng.",
            Self::CloneSuspected => {
                "Cảnh báo: tem này đã được quét ở nhiều nơi khác nhau trong nhiều ngày — có thể là tem sao chép."
            }
            Self::BadSignature => {
                "Cảnh báo hàng giả: chữ ký trên tem không hợp lệ. Tem có thể bị làm giả hoặc sửa đổi."
            }
            Self::UnknownKey => {
                "Tem không do hệ thống truy xuất OCOP của tỉnh phát hành (khóa ký không xác định)."
            }
            Self::KeyRevoked => {
                "Cảnh báo: khóa ký của tem đã bị thu hồi; không thể tin cậy tem này."
            }
            Self::UnknownBatch => "Không tìm thấy lô hàng của tem này trong hệ thống.",
            Self::SerialOutOfRange => {
                "Số thứ tự trên tem vượt quá số lượng của lô hàng: có thể là tem giả."
            }
            Self::Malformed => "Mã QR này không phải tem truy xuất OCOP hợp lệ hoặc đã bị hỏng.",
        }
    }

    /// One sentence in English.
    pub fn message_en(self) -> &'static str {
        match self {
            Self::Genuine => {
                "Genuine product: this label was issued by a registered OCOP producer and its star rating is valid."
            }
            Self::CertificateExpiring => {
                "Genuine product. Its OCOP certificate expires within 30 days."
            }
            Self::CertificateExpired => {
                "Genuine label, but the OCOP certificate has expired: the product may no longer claim its stars."
            }
            Self::CertificateRevoked => {
                "Genuine label, but the OCOP certificate was revoked: this is no longer an OCOP product."
            }
            Self::BatchRecalled => {
                "This batch has been recalled. Do not use the product; contact the seller."
            }
            Self::ProductExpired => "This product is past its expiry date. Do not use it.",
            Self::CloneSuspected => {
                "Warning: this label has been scanned in many different places over several days — it may be a copied label."
            }
            Self::BadSignature => {
                "Counterfeit warning: the label's signature is invalid. It may be forged or altered."
            }
            Self::UnknownKey => {
                "This label was not issued by the province's OCOP trace system (unknown signing key)."
            }
            Self::KeyRevoked => {
                "Warning: the key that signed this label was revoked; the label cannot be trusted."
            }
            Self::UnknownBatch => "The batch on this label is not in the register.",
            Self::SerialOutOfRange => {
                "The serial number is beyond the batch quantity: the label may be fake."
            }
            Self::Malformed => "This QR code is not a valid OCOP trace label, or it is damaged.",
        }
    }
}
