//! Rendered labels decode back to their URL.

use super::*;
use chrono::NaiveDate;

fn content(serial: u32) -> LabelContent {
    LabelContent {
        url: format!(
            "https://truyxuat.vinhlong.gov.vn/01/08930000100016/10/ABCDEFGHIJ0123456789/21/{serial}?v=1&k=LhPc4IGl&c=4-280831&s=N7UHKHfV3b7cHpA0ADVM4VNH3HbDOufA_vDDVACisQHMGlz7uVv4yGN2eI4p0A9Uyw_kNT1tW_0WbOSOzF8LAw"
        ),
        product_name: "Kẹo dừa sáp Ư Ờ ả ấ ẫ ơ ư đ".into(),
        stars: Some(4),
        lot: "ABCDEFGHIJ0123456789".into(),
        expiry: NaiveDate::from_ymd_opt(2027, 11, 30).unwrap_or_default(),
        serial,
        quantity: 10_000_000,
        extra: None,
    }
}

fn decode_png(png: &[u8]) -> Vec<String> {
    let img = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect()
}

#[test]
fn png_label_decodes_to_its_url() {
    let c = content(9_999_999);
    let d = lay_out(&LabelSpec::default(), &c).unwrap();
    assert!(d.module_mm >= layout::MIN_MODULE_MM);
    let png = render_png(&d, 300).unwrap();
    assert_eq!(decode_png(&png), vec![c.url]);
}

#[test]
fn too_small_labels_are_refused_with_the_size_needed() {
    let spec = LabelSpec {
        width_mm: 15.0,
        height_mm: 15.0,
        ..LabelSpec::default()
    };
    let err = lay_out(&spec, &content(1)).unwrap_err();
    assert_eq!(err.code(), "label_too_small");
    assert!(err.to_string().contains("at least"), "{err}");
    let zero = LabelSpec {
        width_mm: 0.0,
        ..LabelSpec::default()
    };
    assert_eq!(
        lay_out(&zero, &content(1)).unwrap_err().code(),
        "invalid_label_size"
    );
}

#[test]
fn svg_has_text_as_text_and_a_vector_qr() {
    let d = lay_out(&LabelSpec::default(), &content(7)).unwrap();
    let svg = render_svg(&d);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains(">Kẹo dừa sáp"), "{svg}");
    assert!(svg.contains("★★★★"));
    assert!(svg.contains("Số: 7/10000000"));
    // The lot is printed whole, never shortened.
    assert!(svg.contains("Lô: ABCDEFGHIJ0123456789<"), "{svg}");
}

#[test]
fn pdf_sheet_has_one_page_per_grid() {
    let sheet = SheetSpec::default();
    let mut out = Vec::new();
    let pages = write_pdf_sheet(&sheet, (1..=25).map(|s| Ok(content(s))), &mut out).unwrap();
    assert_eq!(pages, 2);
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("%PDF-1.7"));
    assert!(text.contains("/Count 2"));
    assert!(text.trim_end().ends_with("%%EOF"));
}

/// The chunks of a PNG file, in order: (type, data).
fn png_chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let mut out = Vec::new();
    let mut rest = &png[8..];
    while rest.len() >= 12 {
        let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = rest[4..8].try_into().unwrap();
        out.push((kind, rest[8..8 + len].to_vec()));
        rest = &rest[12 + len..];
    }
    out
}

#[test]
fn png_labels_state_their_dpi_in_phys() {
    let c = content(42);
    for (dpi, ppm) in [(300, 11811), (600, 23622), (203, 7992), (1200, 47244)] {
        let spec = LabelSpec {
            dpi,
            ..LabelSpec::default()
        };
        let d = lay_out(&spec, &c).unwrap();
        let chunks = png_chunks(&render_png(&d, dpi).unwrap());
        let phys = chunks
            .iter()
            .position(|(k, _)| k == b"pHYs")
            .unwrap_or_else(|| panic!("no pHYs chunk at {dpi} dpi"));
        let idat = chunks.iter().position(|(k, _)| k == b"IDAT").unwrap();
        assert!(phys < idat, "pHYs must precede IDAT");
        let data = &chunks[phys].1;
        assert_eq!(data.len(), 9);
        let x = u32::from_be_bytes(data[..4].try_into().unwrap());
        let y = u32::from_be_bytes(data[4..8].try_into().unwrap());
        assert_eq!((x, y, data[8]), (ppm, ppm, 1), "{dpi} dpi");
        assert_eq!(pixels_per_metre(dpi), ppm);
        // Read back, the density gives the label's physical width.
        let width_px = u32::from_be_bytes(chunks[0].1[..4].try_into().unwrap());
        let width_mm = f64::from(width_px) / f64::from(x) * 1000.0;
        assert!((width_mm - 50.0).abs() < 0.2, "{dpi} dpi: {width_mm} mm");
    }
}
