//! Property tests for the parsers that face the public: parse(render(x)) == x for label URLs,
//! GTINs and lots, and no input makes them (or offline verification) panic.

use ocop_trace::crypto::{KeyRing, b64url};
use ocop_trace::domain::{Gtin, Lot, Star, is_cset82};
use ocop_trace::label::{LabelClaims, LabelIdentity, SignedLabel, UnitLabel};
use ocop_trace::verify::verify_offline;
use proptest::prelude::*;

/// Written again here on purpose: the property must not trust the code it checks.
fn check_digit(body: &[u8]) -> u8 {
    // GS1 mod 10: weights 3,1,3,… from the right of the body.
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn cset82() -> Vec<char> {
    (0x20u8..0x7f)
        .map(char::from)
        .filter(|c| is_cset82(*c))
        .collect()
}

fn lot_strategy() -> impl Strategy<Value = String> {
    let chars = cset82();
    proptest::collection::vec(proptest::sample::select(chars), 1..=20)
        .prop_map(|v| v.into_iter().collect())
}

fn kid_strategy() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = ('A'..='Z')
        .chain('a'..='z')
        .chain('0'..='9')
        .chain(['-', '_'])
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 8)
        .prop_map(|v| v.into_iter().collect())
}

fn label_strategy() -> impl Strategy<Value = SignedLabel> {
    let identity = prop_oneof![
        (proptest::collection::vec(0u8..10, 13), lot_strategy()).prop_map(|(mut body, lot)| {
            body.push(check_digit(&body));
            let text: String = body.iter().map(|d| char::from(b'0' + d)).collect();
            LabelIdentity::Gs1 {
                gtin: Gtin::parse(&text).expect("valid by construction"),
                lot: Lot::parse(&lot).expect("valid by construction"),
            }
        }),
        (1u64..u64::MAX).prop_map(|id| LabelIdentity::Batch { id }),
    ];
    (
        kid_strategy(),
        identity,
        1u32..=u32::MAX,
        3u8..=5,
        (2000i32..2100, 1u32..=12, 1u32..=28),
        proptest::collection::vec(any::<u8>(), 64),
    )
        .prop_map(
            |(kid, identity, serial, star, (y, m, d), sig)| SignedLabel {
                label: UnitLabel {
                    kid,
                    identity,
                    serial,
                    claims: LabelClaims {
                        star: Star::new(star).expect("3..=5"),
                        valid_until: chrono::NaiveDate::from_ymd_opt(y, m, d).expect("day ≤ 28"),
                    },
                },
                sig: sig.try_into().expect("64 bytes"),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn label_urls_round_trip(label in label_strategy(), base in prop_oneof![
        Just("https://truyxuat.travinh.gov.vn".to_owned()),
        Just("http://127.0.0.1:8080".to_owned()),
        Just("https://ocop.example.vn/tv".to_owned()),
    ]) {
        let url = label.url(&base);
        prop_assert_eq!(SignedLabel::parse_url(&url), Ok(label.clone()));
        // The same URL with a fragment or surrounding spaces (as some scanners add) too.
        prop_assert_eq!(SignedLabel::parse_url(&format!(" {url}#x ")), Ok(label));
    }

    #[test]
    fn gtins_round_trip(body in proptest::collection::vec(0u8..10, 7..=13usize)) {
        let mut digits = body.clone();
        digits.push(check_digit(&body));
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        prop_assume!(matches!(text.len(), 8 | 12 | 13 | 14));
        let g = Gtin::parse(&text).expect("valid check digit");
        prop_assert_eq!(g.as_str().len(), 14);
        prop_assert!(g.as_str().ends_with(&text));
        prop_assert_eq!(Gtin::parse(g.as_str()), Ok(g.clone()));
        // Any other check digit is refused.
        let mut wrong = digits.clone();
        let last = wrong.len() - 1;
        wrong[last] = (wrong[last] + 1) % 10;
        let wrong: String = wrong.iter().map(|d| char::from(b'0' + d)).collect();
        prop_assert!(Gtin::parse(&wrong).is_err());
    }

    #[test]
    fn lots_round_trip(lot in lot_strategy()) {
        let parsed = Lot::parse(&lot).expect("cset82, 1..=20");
        prop_assert_eq!(parsed.as_str(), lot.as_str());
    }

    #[test]
    fn lots_outside_cset82_are_refused(prefix in lot_strategy(), bad in any::<char>()) {
        prop_assume!(!is_cset82(bad));
        let s = format!("{}{bad}", &prefix[..prefix.len().min(10)]);
        prop_assert!(Lot::parse(&s).is_err());
    }

    #[test]
    fn no_string_panics_the_public_parsers(s in any::<String>()) {
        let _ = Gtin::parse(&s);
        let _ = Lot::parse(&s);
        let _ = SignedLabel::parse_url(&s);
        let ring = KeyRing::default();
        let _ = verify_offline(&ring, &s, chrono::NaiveDate::MIN);
    }

    #[test]
    fn mangled_label_urls_never_panic(label in label_strategy(), cut in any::<prop::sample::Index>(),
                                      insert in any::<String>()) {
        let url = label.url("https://truyxuat.example.vn");
        let at = cut.index(url.len() + 1);
        if url.is_char_boundary(at) {
            let mangled = format!("{}{insert}{}", &url[..at], &url[at..]);
            let _ = SignedLabel::parse_url(&mangled);
            let _ = verify_offline(&KeyRing::default(), &mangled, chrono::NaiveDate::MAX);
        }
        let _ = b64url(insert.as_bytes());
    }
}
