//! Printable labels: QR code plus human-readable text, as PNG, SVG or an A4 PDF sheet.
//! All formats draw the same [`layout::Drawing`].

pub mod layout;
mod pdf;
mod photo;
mod png;
pub mod qr;
mod svg;
pub mod text;

pub use layout::{Drawing, LabelContent, LabelSpec, lay_out};
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
    #[error("{0}")]
    TooSmall(String),
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
            Self::TooSmall(_) => "label_too_small",
            Self::Qr(_) => "qr_too_large",
            Self::Font | Self::Encode(_) | Self::Io(_) => "render_failed",
        }
    }
}

#[cfg(test)]
mod tests;
