//! Printable labels: QR code plus human-readable text, as PNG, SVG or an A4 PDF sheet.
//! All formats draw the same [`layout::Drawing`].

mod fit;
pub mod layout;
mod passport_image;
mod pdf;
mod photo;
mod png;
pub mod qr;
mod svg;
pub mod text;

pub use fit::{MIN_MODULE_MM, MIN_MODULE_MM_Q, TooSmall, check_raster, lay_out_png, min_module_mm};
pub use layout::{Drawing, LabelContent, LabelSpec, lay_out};
pub use passport_image::{
    Encoded, LARGE_SIDE, PhotoSizes, THUMB_MAX_BYTES, THUMB_SIDE, document_image, photo_sizes,
};
pub use pdf::{SheetSpec, write_pdf_sheet};
pub use photo::decode_photo;
pub use png::{pixels_per_metre, render_png};
pub use qr::{Ecc, QrMatrix};
pub use svg::render_svg;

/// Why a label could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    BadSize(String),
    /// The label cannot hold its QR code at a readable module size (code `label_too_small`,
    /// or `ecc_q_too_small` when only ECC Q's stricter minimum refuses it).
    #[error("{0}")]
    TooSmall(TooSmall),
    #[error("{0}")]
    Qr(String),
    #[error("the bundled font could not be loaded")]
    Font,
    #[error("image encoding failed: {0}")]
    Encode(String),
    #[error("output failed: {0}")]
    Io(#[from] std::io::Error),
}

impl RenderError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadSize(_) => "invalid_label_size",
            Self::TooSmall(t) => t.code(),
            Self::Qr(_) => "qr_too_large",
            Self::Font | Self::Encode(_) | Self::Io(_) => "render_failed",
        }
    }
}

impl From<TooSmall> for RenderError {
    fn from(t: TooSmall) -> Self {
        Self::TooSmall(t)
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fit;
