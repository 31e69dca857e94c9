//! The precedence table, held against every code and every pair of competing conditions.

use super::*;
use crate::domain::{
    Batch, Certificate, IssuingLevel, Lot, NewCertificate, Origin, Recall, Revocation, Star,
};
use crate::label::{LabelError, SignedLabel};
use chrono::{NaiveDate, Utc};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// A condition that makes one code apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cond {
    Malformed,
    UnknownKey,
    KeyRevoked,
    UnknownBatch,
    SerialOutOfRange,
    BadSignature,
    Recalled,
    ProductExpired,
    CertRevoked,
    CertExpired,
    Clones,
    CertExpiring,
}

const CONDS: [(Cond, VerdictCode); 12] = [
    (Cond::Malformed, VerdictCode::Malformed),
    (Cond::UnknownKey, VerdictCode::UnknownKey),
    (Cond::KeyRevoked, VerdictCode::KeyRevoked),
    (Cond::UnknownBatch, VerdictCode::UnknownBatch),
    (Cond::SerialOutOfRange, VerdictCode::SerialOutOfRange),
    (Cond::BadSignature, VerdictCode::BadSignature),
    (Cond::Recalled, VerdictCode::BatchRecalled),
    (Cond::ProductExpired, VerdictCode::ProductExpired),
    (Cond::CertRevoked, VerdictCode::CertificateRevoked),
    (Cond::CertExpired, VerdictCode::CertificateExpired),
    (Cond::Clones, VerdictCode::CloneSuspected),
    (Cond::CertExpiring, VerdictCode::CertificateExpiring),
];

const TODAY: &str = "2026-12-01";

fn certificate(valid_until: &str, revoked: bool) -> Certificate {
    let mut c = NewCertificate {
        star: 4,
        potential_5_star: false,
        score: Some(80),
        decision_no: "1306/QĐ-UBND".into(),
        decision_date: d("2025-09-15"),
        issuing_body: "UBND tỉnh Vĩnh Long".into(),
        level: IssuingLevel::Province,
        valid_until: Some(d(valid_until)),
    }
    .into_certificate(3, 2, d("2025-09-15"), Utc::now())
    .unwrap_or_else(|e| panic!("test certificate: {e}"));
    if revoked {
        c.revocation = Some(Revocation {
            date: d("2026-11-01"),
            reason: "vi phạm".into(),
        });
    }
    c
}

fn context(conds: &[Cond]) -> BatchContext {
    let has = |c| conds.contains(&c);
    let cert_until = if has(Cond::CertExpired) {
        "2026-11-30"
    } else if has(Cond::CertExpiring) {
        "2026-12-20"
    } else {
        "2028-09-14"
    };
    let batch = Batch {
        id: 7,
        product_id: 2,
        subject_id: 1,
        certificate_id: 3,
        gtin: None,
        lot: Lot::parse("CK2611-01").unwrap_or_else(|e| panic!("lot: {e}")),
        production_date: d("2026-11-20"),
        expiry_date: d(if has(Cond::ProductExpired) {
            "2026-11-30"
        } else {
            "2027-11-20"
        }),
        quantity: 100,
        origin: Origin {
            region: "Vùng dừa sáp Cầu Kè".into(),
            province: "Vĩnh Long".into(),
            district: None,
            commune: None,
        },
        notes: None,
        star: Star::new(4).unwrap_or_else(|e| panic!("star: {e}")),
        cert_valid_until: d("2028-09-14"),
        kid: "kid-test".into(),
        issued_at: Utc::now(),
        record: String::new(),
    };
    let facts = BatchFacts::from(&batch);
    BatchContext {
        product: None,
        subject: None,
        facts,
        certificates: vec![certificate(cert_until, has(Cond::CertRevoked))],
        recall: has(Cond::Recalled).then(|| Recall {
            batch_id: 7,
            reason: "Nhãn in sai".into(),
            date: d("2026-11-25"),
            recorded_at: Utc::now(),
            actor: "tok_x".into(),
        }),
        log_index: Some(4),
        pin_enabled: false,
        contact: Default::default(),
        batch,
    }
}

fn verdict(conds: &[Cond]) -> VerdictCode {
    let has = |c| conds.contains(&c);
    let ctx = context(conds);
    let serial = if has(Cond::SerialOutOfRange) { 101 } else { 5 };
    let parsed: Result<SignedLabel, LabelError> = if has(Cond::Malformed) {
        Err(LabelError("not a label".into()))
    } else {
        Ok(SignedLabel {
            label: ctx.batch.unit_label(serial),
            sig: [0; 64],
        })
    };
    let facts = Facts {
        key: if has(Cond::UnknownKey) {
            KeyState::Unknown
        } else if has(Cond::KeyRevoked) {
            KeyState::Revoked
        } else {
            KeyState::Trusted
        },
        batch: if has(Cond::UnknownBatch) {
            BatchKnowledge::NotFound
        } else {
            BatchKnowledge::Known(&ctx)
        },
        signature_ok: !has(Cond::BadSignature),
    };
    let evidence = ScanEvidence {
        summary: ScanSummary {
            count: 1,
            first: None,
            distinct_sources: 1,
        },
        suspected: has(Cond::Clones),
        detail: String::new(),
    };
    judge(parsed.as_ref(), &facts, d(TODAY), Some(&evidence)).code
}

#[test]
fn the_precedence_table_names_every_code_once() {
    for code in VerdictCode::ALL {
        assert_eq!(
            PRECEDENCE.iter().filter(|c| **c == code).count(),
            1,
            "{code:?}"
        );
    }
}

#[test]
fn each_condition_alone_gives_its_code_and_none_gives_genuine() {
    assert_eq!(verdict(&[]), VerdictCode::Genuine);
    for (cond, code) in CONDS {
        assert_eq!(verdict(&[cond]), code, "{cond:?} alone");
    }
}

#[test]
fn of_two_competing_conditions_the_earlier_in_precedence_wins() {
    let rank = |c: VerdictCode| PRECEDENCE.iter().position(|p| *p == c);
    for (a, code_a) in CONDS {
        for (b, code_b) in CONDS {
            if a == b {
                continue;
            }
            // Certificate states exclude each other: one certificate is one of them.
            let cert = [Cond::CertExpired, Cond::CertExpiring];
            if cert.contains(&a) && cert.contains(&b) {
                continue;
            }
            let want = if rank(code_a) < rank(code_b) {
                code_a
            } else {
                code_b
            };
            assert_eq!(verdict(&[a, b]), want, "{a:?} with {b:?}");
        }
    }
}

#[test]
fn a_forged_label_shows_no_batch_facts_and_a_genuine_one_shows_them() {
    let ctx = context(&[]);
    let parsed = Ok(SignedLabel {
        label: ctx.batch.unit_label(5),
        sig: [0; 64],
    });
    let mut facts = Facts {
        key: KeyState::Trusted,
        batch: BatchKnowledge::Known(&ctx),
        signature_ok: true,
    };
    let v = judge(parsed.as_ref(), &facts, d(TODAY), None);
    assert!(v.batch.is_some() && v.certificate.is_some() && v.log_index.is_some());
    facts.signature_ok = false;
    let v = judge(parsed.as_ref(), &facts, d(TODAY), None);
    assert_eq!(v.code, VerdictCode::BadSignature);
    assert!(v.batch.is_none() && v.certificate.is_none() && v.recall.is_none());
}

#[test]
fn offline_judges_the_claims_the_label_carries() {
    let ctx = context(&[]);
    let parsed = Ok(SignedLabel {
        label: ctx.batch.unit_label(5),
        sig: [0; 64],
    });
    let facts = |ok| Facts {
        key: KeyState::Trusted,
        batch: BatchKnowledge::Offline,
        signature_ok: ok,
    };
    let on = |day: &str, ok| judge(parsed.as_ref(), &facts(ok), d(day), None).code;
    assert_eq!(on(TODAY, true), VerdictCode::Genuine);
    assert_eq!(on("2028-09-01", true), VerdictCode::CertificateExpiring);
    assert_eq!(on("2028-09-15", true), VerdictCode::CertificateExpired);
    assert_eq!(on(TODAY, false), VerdictCode::BadSignature);
}

#[test]
fn the_certificate_in_force_is_the_latest_decision_not_yet_replaced() {
    let mut old = certificate("2028-09-14", false);
    let mut new = certificate("2029-09-14", false);
    new.id = 9;
    new.decision_date = d("2026-12-10");
    old.superseded_by = Some(9);
    old.superseded_on = Some(d("2026-12-10"));
    let certs = [old, new];
    let pick = |day| Certificate::in_force(&certs, d(day)).map(|c| c.id);
    assert_eq!(pick("2025-01-01"), None, "before any decision");
    assert_eq!(
        pick(TODAY),
        Some(3),
        "the replacement has not taken effect yet"
    );
    assert_eq!(pick("2026-12-10"), Some(9));
}

#[test]
fn the_verdict_table_in_the_label_docs_lists_every_code_as_produced() {
    let doc = include_str!("../../docs/label-format.md");
    for code in VerdictCode::ALL {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", code.as_str())));
        let row = row.unwrap_or_else(|| panic!("docs/label-format.md has no row for {code:?}"));
        assert!(
            !row.contains("not yet produced") && !row.contains("reserved"),
            "docs/label-format.md says {code:?} is not produced: {row}"
        );
    }
}
