//! Size refusals name a size that is accepted; ECC Q is refused where its modules get too
//! small for phones.

use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;

fn content(serial: u32, lot_len: usize) -> LabelContent {
    let lot: String = "ABCDEFGHIJ0123456789".chars().take(lot_len).collect();
    LabelContent {
        url: format!(
            "https://truyxuat.vinhlong.gov.vn/01/08930000100016/10/{lot}/21/{serial}?v=1&k=LhPc4IGl&c=4-280831&s=N7UHKHfV3b7cHpA0ADVM4VNH3HbDOufA_vDDVACisQHMGlz7uVv4yGN2eI4p0A9Uyw_kNT1tW_0WbOSOzF8LAw"
        ),
        product_name: "Kẹo dừa sáp".into(),
        stars: Some(4),
        lot,
        expiry: NaiveDate::from_ymd_opt(2027, 11, 30).unwrap_or_default(),
        serial,
        quantity: 10_000_000,
        extra: None,
    }
}

fn spec(width_mm: f32, height_mm: f32, dpi: u32, ecc: Ecc) -> LabelSpec {
    LabelSpec {
        width_mm,
        height_mm,
        dpi,
        ecc,
    }
}

/// The refusal of `spec` for `content` as SVG/PDF (`lay_out`) or PNG (`lay_out_png`) output.
fn refusal(spec: &LabelSpec, c: &LabelContent, raster: bool) -> Option<TooSmall> {
    let checked = if raster {
        lay_out_png(spec, c)
    } else {
        lay_out(spec, c)
    };
    match checked {
        Ok(_) => None,
        Err(RenderError::TooSmall(t)) => Some(t),
        Err(e) => panic!("{spec:?}: unexpected {e}"),
    }
}

/// The `W × H mm` the message advises, read back from the text a producer sees.
fn advised_in_message(message: &str) -> Option<(f32, f32)> {
    let (_, rest) = message.split_once("a label of at least ")?;
    let (size, _) = rest.split_once(" mm")?;
    let (w, h) = size.split_once(" × ")?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

#[test]
fn the_reported_sizes_get_advice_that_is_accepted() {
    let c = content(9_999_999, 20);
    for (w, h) in [
        (30.0, 20.0),
        (30.0, 21.7),
        (30.0, 21.9),
        (30.0, 30.0),
        (15.0, 15.0),
    ] {
        let s = spec(w, h, 300, Ecc::M);
        let t = refusal(&s, &c, false).unwrap_or_else(|| panic!("{w}×{h} should be refused"));
        assert_eq!(t.code(), "label_too_small");
        let (aw, ah) = advised_in_message(&t.to_string()).unwrap();
        assert_eq!(Some((aw, ah)), t.advised, "{t}");
        assert!(aw >= w && ah >= h, "{t}");
        assert!(lay_out(&spec(aw, ah, 300, Ecc::M), &c).is_ok(), "{t}");
    }
    // A square label is limited by the text column, not its short side: the width grows.
    let t = refusal(&spec(30.0, 30.0, 300, Ecc::M), &c, false).unwrap();
    let (aw, ah) = t.advised.unwrap();
    assert!(aw > 30.0 && ah == 30.0, "{t}");
}

#[test]
fn advice_too_large_for_any_label_says_so() {
    // No URL a label carries needs this (version 40 fits in 300 mm); the message still holds.
    let t = fit::check(30.0, 20.0, 1000, 40, Ecc::M, None).unwrap_err();
    assert_eq!(t.advised, None);
    assert!(t.to_string().contains("no label up to 300 mm"), "{t}");
}

#[test]
fn png_refusals_come_from_whole_pixel_modules_and_advise_for_that_dpi() {
    // At 100 dpi a pixel is 0.254 mm: 0.33 mm needs two pixels, i.e. 0.508 mm modules.
    let c = content(1000, 9);
    let s = spec(50.0, 30.0, 100, Ecc::M);
    assert!(lay_out(&s, &c).is_ok());
    let t = refusal(&s, &c, true).unwrap();
    assert_eq!((t.code(), t.dpi), ("label_too_small", Some(100)));
    let (aw, ah) = t.advised.unwrap();
    let advised = spec(aw, ah, 100, Ecc::M);
    let d = lay_out(&advised, &c).unwrap();
    let png = render_png(&d, 100).unwrap();
    assert!(!png.is_empty());
    assert!(render_png(&lay_out(&s, &c).unwrap(), 100).is_err());
}

#[test]
fn ecc_q_at_the_default_size_is_refused_and_m_is_not() {
    let c = content(1000, 9);
    let default = LabelSpec::default();
    let m = lay_out(&default, &c).unwrap();
    assert!(m.module_mm >= 0.45, "{}", m.module_mm);
    let q = LabelSpec {
        ecc: Ecc::Q,
        ..default
    };
    let t = refusal(&q, &c, false).unwrap();
    assert_eq!(t.code(), "ecc_q_too_small");
    let err = RenderError::TooSmall(t.clone());
    assert_eq!(err.code(), "ecc_q_too_small");
    assert!(
        t.module_mm < MIN_MODULE_MM_Q && t.module_mm >= MIN_MODULE_MM,
        "{t}"
    );
    let text = t.to_string();
    assert!(
        text.contains("use ECC M") && text.contains("0.45 mm"),
        "{text}"
    );
    // Bigger labels are where Q belongs: the advised size is accepted, as vector and PNG.
    let (aw, ah) = t.advised.unwrap();
    let bigger = spec(aw, ah, 300, Ecc::Q);
    assert!(lay_out(&bigger, &c).is_ok());
    // As PNG, whole 300-dpi pixels may print smaller modules; then that advice holds.
    let (pw, ph) = refusal(&bigger, &c, true).map_or((aw, ah), |t| t.advised.unwrap());
    let d = lay_out(&spec(pw, ph, 300, Ecc::Q), &c).unwrap();
    assert!(render_png(&d, 300).is_ok());
}

#[test]
fn ecc_q_on_a_label_too_small_even_for_m_modules_is_label_too_small() {
    let c = content(1000, 9);
    let t = refusal(&spec(20.0, 15.0, 300, Ecc::Q), &c, false).unwrap();
    assert_eq!(t.code(), "label_too_small");
    assert!(t.to_string().contains("ECC M needs less"), "{t}");
    let (aw, ah) = t.advised.unwrap();
    assert!(lay_out(&spec(aw, ah, 300, Ecc::Q), &c).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whenever a size is refused, the size its message advises (read back from the text) is
    /// accepted with the same content, ECC level, dpi and output kind, and is no smaller.
    #[test]
    fn every_refusal_advises_an_accepted_size(
        width in 5.0f32..90.0,
        height in 5.0f32..90.0,
        dpi in 72u32..=1200,
        q in any::<bool>(),
        raster in any::<bool>(),
        serial in 1u32..=10_000_000,
        lot_len in 1usize..=20,
    ) {
        let ecc = if q { Ecc::Q } else { Ecc::M };
        let c = content(serial, lot_len);
        let s = spec(width, height, dpi, ecc);
        if let Some(t) = refusal(&s, &c, raster) {
            prop_assert!(matches!(t.code(), "label_too_small" | "ecc_q_too_small"));
            let text = t.to_string();
            let advised = advised_in_message(&text);
            prop_assert_eq!(advised, t.advised, "{}", text);
            let (aw, ah) = advised.unwrap_or_else(|| panic!("no advice: {text}"));
            prop_assert!(aw >= width && ah >= height, "{}", text);
            let again = refusal(&spec(aw, ah, dpi, ecc), &c, raster);
            prop_assert!(again.is_none(), "{} → still refused: {}", text, again.map(|t| t.to_string()).unwrap_or_default());
        }
    }
}
