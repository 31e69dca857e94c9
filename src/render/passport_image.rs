//! Passport photos: an upload is decoded under limits, turned upright, flattened onto white
//! and re-encoded as JPEG in two sizes. Re-encoding writes only pixels, so whatever metadata
//! the upload carried (EXIF with GPS position, camera serial, XMP) is gone.

use crate::domain::{DomainError, UPLOAD_LIMIT};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// Long side of the large size, in pixels.
pub const LARGE_SIDE: u32 = 1200;
/// Long side of the thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 320;
/// Largest thumbnail: the first image a public page loads stays under it.
pub const THUMB_MAX_BYTES: usize = 60 * 1024;
/// Widest or tallest image decoded.
const MAX_SIDE: u32 = 10_000;
/// Most memory a decode may take.
const MAX_ALLOC: u64 = 192 * 1024 * 1024;

/// One encoded JPEG.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A photo in its two sizes.
#[derive(Debug, Clone)]
pub struct PhotoSizes {
    pub large: Encoded,
    pub thumb: Encoded,
}

/// Decodes a JPEG, PNG or WebP upload under limits, upright.
fn decode(bytes: &[u8]) -> Result<DynamicImage, DomainError> {
    if bytes.len() > UPLOAD_LIMIT {
        return Err(DomainError::FileTooLarge(format!(
            "the file is {} bytes; at most {UPLOAD_LIMIT} bytes (5 MB) are accepted",
            bytes.len()
        )));
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP))
        .ok_or_else(|| DomainError::InvalidImage("not a JPEG, PNG or WebP image".into()))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits.clone());
    let bomb = |_| {
        DomainError::ImageTooLarge(format!(
            "the image is too large to decode: at most {MAX_SIDE} pixels a side and {} MB of pixels",
            MAX_ALLOC / (1024 * 1024)
        ))
    };
    let failed = |e: ImageError| match e {
        ImageError::Limits(l) => bomb(l),
        e => DomainError::InvalidImage(format!("the image cannot be read: {e}")),
    };
    let mut decoder = reader.into_decoder().map_err(failed)?;
    limits.reserve(decoder.total_bytes()).map_err(|e| match e {
        ImageError::Limits(l) => bomb(l),
        e => failed(e),
    })?;
    let orientation = decoder.orientation().map_err(failed)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(failed)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Pixels on white: JPEG has no transparency.
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (p, q) in rgba.pixels().zip(out.pixels_mut()) {
        let a = u16::from(p[3]);
        for c in 0..3 {
            let v = (u16::from(p[c]) * a + 255 * (255 - a)) / 255;
            q[c] = u8::try_from(v).unwrap_or(u8::MAX);
        }
    }
    out
}

/// Fits within `side`×`side` (never enlarges) and encodes at `quality`.
fn sized(img: &RgbImage, side: u32, quality: u8) -> Result<Encoded, DomainError> {
    let fitted;
    let view = if img.width().max(img.height()) > side {
        fitted = DynamicImage::ImageRgb8(img.clone())
            .resize(side, side, FilterType::CatmullRom)
            .into_rgb8();
        &fitted
    } else {
        img
    };
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(view)
        .map_err(|e| DomainError::InvalidImage(format!("the image cannot be re-encoded: {e}")))?;
    Ok(Encoded {
        bytes,
        width: view.width(),
        height: view.height(),
    })
}

/// The two sizes of a photo upload; the thumbnail is under [`THUMB_MAX_BYTES`].
pub fn photo_sizes(bytes: &[u8]) -> Result<PhotoSizes, DomainError> {
    let rgb = flatten(decode(bytes)?);
    let large = sized(&rgb, LARGE_SIDE, 82)?;
    let mut thumb = sized(&rgb, THUMB_SIDE, 78)?;
    for q in [65, 50, 35] {
        if thumb.bytes.len() < THUMB_MAX_BYTES {
            break;
        }
        thumb = sized(&rgb, THUMB_SIDE, q)?;
    }
    Ok(PhotoSizes { large, thumb })
}

/// A document scanned as an image: one large size, metadata stripped.
pub fn document_image(bytes: &[u8]) -> Result<Encoded, DomainError> {
    let rgb = flatten(decode(bytes)?);
    sized(&rgb, 2000, 85)
}
