//! What a shopper should do after each verdict, as steps from the catalogue. Kept apart from
//! the page's layout so that every non-green verdict visibly has its own advice.

use crate::http::kit::catalogue::Catalogue;
use crate::service::ClaimOutcome;
use crate::verify::VerdictCode;

/// The steps after verdict `c`; empty for a genuine product.
pub fn steps(t: &Catalogue, c: VerdictCode) -> Vec<&'static str> {
    match c {
        VerdictCode::Genuine => vec![],
        VerdictCode::CertificateExpiring => vec![t.step_fine],
        VerdictCode::CertificateExpired | VerdictCode::CertificateRevoked => {
            vec![t.step_not_ocop, t.step_stars_on_pack]
        }
        VerdictCode::BatchRecalled => vec![
            t.step_do_not_use,
            t.step_return,
            t.step_keep_pack,
            t.step_call,
        ],
        VerdictCode::ProductExpired => vec![t.step_do_not_use, t.step_tell_seller],
        // A copied label does not make every unit under it fake: suggest checks, not blame.
        VerdictCode::CloneSuspected => vec![
            t.step_pin_check,
            t.step_ask_seller,
            t.step_report,
            t.step_call,
        ],
        VerdictCode::BadSignature
        | VerdictCode::UnknownKey
        | VerdictCode::KeyRevoked
        | VerdictCode::UnknownBatch
        | VerdictCode::SerialOutOfRange => vec![
            t.step_do_not_buy,
            t.step_keep_pack,
            t.step_photo,
            t.step_report,
            t.step_call,
        ],
        VerdictCode::Malformed => vec![t.step_rescan, t.step_if_still],
    }
}

/// The steps after a PIN answer that puts the product in doubt; `None` when the PIN answer
/// does not change the advice (a correct first claim, a typo).
/// What to do when a genuine label's PIN was activated before this scan.
pub fn used_before_steps(t: &Catalogue) -> Vec<&'static str> {
    vec![
        t.step_just_scratched,
        t.step_keep_pack,
        t.step_report,
        t.step_call,
    ]
}

pub fn pin_steps(t: &Catalogue, o: &ClaimOutcome) -> Option<Vec<&'static str>> {
    match o {
        ClaimOutcome::AlreadyClaimed { .. } => Some(vec![
            t.step_pin_reused,
            t.step_keep_pack,
            t.step_report,
            t.step_call,
        ]),
        ClaimOutcome::Locked => Some(vec![t.step_pin_locked, t.step_keep_pack, t.step_call]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::kit::catalogue::{EN, VI};

    #[test]
    fn every_verdict_but_genuine_has_advice_in_both_languages() {
        for c in VerdictCode::ALL {
            for t in [&VI, &EN] {
                assert_eq!(steps(t, c).is_empty(), c == VerdictCode::Genuine, "{c:?}");
            }
        }
    }
}
