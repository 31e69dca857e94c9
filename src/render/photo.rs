//! Reading a label back from a phone photo: decode, downscale, find the QR code.

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Decodes the first QR code in a JPEG or PNG photo. `Ok(None)` when there is none;
/// `Err` when the bytes are not a photo we accept.
pub fn decode_photo(bytes: &[u8]) -> Result<Option<String>, String> {
    let format = image::guess_format(bytes).map_err(|_| "not a JPEG or PNG image".to_owned())?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err("only JPEG and PNG photos are accepted".into());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // 50 megapixels is more than any phone camera; beyond it the image is refused.
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| format!("the image cannot be read: {e}"))?;
    // rqrr's cost grows with the pixel count; phone photos are far larger than needed.
    for side in [1600u32, 1000, 2400] {
        if let Some(url) = scan(&img, side) {
            return Ok(Some(url));
        }
    }
    Ok(None)
}

fn scan(img: &DynamicImage, max_side: u32) -> Option<String> {
    let luma = if img.width().max(img.height()) > max_side {
        img.resize(max_side, max_side, image::imageops::FilterType::Triangle)
            .to_luma8()
    } else {
        img.to_luma8()
    };
    let mut prepared = rqrr::PreparedImage::prepare(luma);
    prepared
        .detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, content)| content))
}
