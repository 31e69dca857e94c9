//! OCOP rules that change by decree, loaded from `ocop_rules.json` rather than written as code.

use super::{DomainError, IssuingLevel, Star};
use chrono::NaiveDate;
use serde::Deserialize;
use std::sync::OnceLock;

/// The rules file compiled into the binary.
pub const RULES_JSON: &str = include_str!("ocop_rules.json");

/// A score band for one star level.
#[derive(Debug, Clone, Deserialize)]
pub struct StarBand {
    pub star: u8,
    pub min_score: u8,
    pub max_score_exclusive: u8,
}

/// Which level may grant which stars, for decisions dated in `[from, until]`.
#[derive(Debug, Clone, Deserialize)]
pub struct CompetenceRule {
    pub level: IssuingLevel,
    pub stars: Vec<u8>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub basis: String,
}

/// A product sub-group from the decision's annex.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct SubGroup {
    pub code: String,
    pub vi: String,
    pub en: String,
}

/// One of the six OCOP product groups.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Group {
    pub code: String,
    pub number: u8,
    pub vi: String,
    pub en: String,
    pub subgroups: Vec<SubGroup>,
}

/// A renamed or merged issuing body. Certificates keep the name they were issued under.
#[derive(Debug, Clone, Deserialize)]
pub struct BodySuccession {
    pub from: String,
    pub to: String,
    pub since: NaiveDate,
    pub basis: String,
}

/// The whole rule set.
#[derive(Debug, Clone, Deserialize)]
pub struct Rules {
    pub version: u32,
    pub certificate_validity_months: u32,
    pub expiring_window_days: i64,
    pub star_bands: Vec<StarBand>,
    pub competence: Vec<CompetenceRule>,
    #[serde(default)]
    pub issuing_body_successors: Vec<BodySuccession>,
    pub groups: Vec<Group>,
}

impl Rules {
    /// The compiled-in rules. The file is part of the source tree and checked by a unit
    /// test, so failing to parse it is a build defect, not a runtime condition.
    pub fn get() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| match serde_json::from_str(RULES_JSON) {
            Ok(r) => r,
            Err(e) => panic!("src/domain/ocop_rules.json is invalid: {e}"),
        })
    }

    /// Checks that `score` (when given) lies in the band of `star`.
    pub fn check_score(&self, star: Star, score: Option<u8>) -> Result<(), DomainError> {
        let Some(score) = score else { return Ok(()) };
        let band = self.star_bands.iter().find(|b| b.star == star.get());
        match band {
            Some(b) if (b.min_score..b.max_score_exclusive).contains(&score) && score <= 100 => {
                Ok(())
            }
            Some(b) => Err(DomainError::ScoreOutOfBand(format!(
                "a {star}★ rating needs a score from {} to below {}, got {score}",
                b.min_score, b.max_score_exclusive
            ))),
            None => Err(DomainError::InvalidStar(format!("no band for {star}★"))),
        }
    }

    /// Checks that `level` could grant `star` on `decision_date`.
    pub fn check_competence(
        &self,
        level: IssuingLevel,
        star: Star,
        decision_date: NaiveDate,
    ) -> Result<&CompetenceRule, DomainError> {
        self.competence
            .iter()
            .find(|r| {
                r.level == level
                    && r.stars.contains(&star.get())
                    && r.from.is_none_or(|f| decision_date >= f)
                    && r.until.is_none_or(|u| decision_date <= u)
            })
            .ok_or_else(|| {
                let who: Vec<String> = self
                    .competence
                    .iter()
                    .filter(|r| {
                        r.stars.contains(&star.get())
                            && r.from.is_none_or(|f| decision_date >= f)
                            && r.until.is_none_or(|u| decision_date <= u)
                    })
                    .map(|r| r.level.as_str().to_owned())
                    .collect();
                DomainError::IssuerNotCompetent(format!(
                    "a {} body may not grant {star}★ on {decision_date}; {} level may ({})",
                    level.as_str(),
                    if who.is_empty() {
                        "no".to_owned()
                    } else {
                        who.join(" or ")
                    },
                    "Quyết định 148/QĐ-TTg as amended by 1489/QĐ-TTg"
                ))
            })
    }

    /// `body` and every body it succeeded (transitively), for searches that must find
    /// certificates issued before a rename or merger.
    pub fn body_lineage(&self, body: &str) -> Vec<String> {
        let mut out = vec![body.to_owned()];
        let mut i = 0;
        while i < out.len() && out.len() < 64 {
            let current = out[i].clone();
            for s in self
                .issuing_body_successors
                .iter()
                .filter(|s| s.to == current)
            {
                if !out.contains(&s.from) {
                    out.push(s.from.clone());
                }
            }
            i += 1;
        }
        out
    }

    /// Looks up a group by code.
    pub fn group(&self, code: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// Checks a group code and an optional sub-group code that must belong to it.
    pub fn check_group(&self, group: &str, subgroup: Option<&str>) -> Result<(), DomainError> {
        let g = self.group(group).ok_or_else(|| {
            let all: Vec<&str> = self.groups.iter().map(|g| g.code.as_str()).collect();
            DomainError::InvalidGroup(format!(
                "unknown OCOP group '{group}'; expected one of {}",
                all.join(", ")
            ))
        })?;
        if let Some(sg) = subgroup
            && !g.subgroups.iter().any(|s| s.code == sg)
        {
            return Err(DomainError::InvalidGroup(format!(
                "sub-group '{sg}' is not in group '{group}'"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn star(n: u8) -> Star {
        Star::new(n).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn rules_file_parses_with_six_groups() {
        let r = Rules::get();
        assert_eq!(r.groups.len(), 6);
        assert_eq!(r.certificate_validity_months, 36);
    }

    #[test]
    fn competence_follows_the_2025_reform() {
        let r = Rules::get();
        assert!(
            r.check_competence(IssuingLevel::District, star(3), d("2024-05-01"))
                .is_ok()
        );
        assert!(
            r.check_competence(IssuingLevel::District, star(3), d("2025-07-06"))
                .is_err()
        );
        assert!(
            r.check_competence(IssuingLevel::Province, star(3), d("2025-07-05"))
                .is_err()
        );
        assert!(
            r.check_competence(IssuingLevel::Province, star(3), d("2025-07-06"))
                .is_ok()
        );
        assert!(
            r.check_competence(IssuingLevel::Province, star(4), d("2023-01-01"))
                .is_ok()
        );
        assert!(
            r.check_competence(IssuingLevel::Central, star(5), d("2026-01-01"))
                .is_ok()
        );
        let err = r.check_competence(IssuingLevel::Province, star(5), d("2026-01-01"));
        assert_eq!(
            err.map_err(|e| e.code()).err(),
            Some("issuer_not_competent")
        );
    }

    #[test]
    fn merged_bodies_keep_their_history() {
        let lineage = Rules::get().body_lineage("UBND tỉnh Vĩnh Long");
        assert!(lineage.contains(&"UBND tỉnh Trà Vinh".to_owned()));
        assert_eq!(
            Rules::get().body_lineage("UBND tỉnh Trà Vinh"),
            vec!["UBND tỉnh Trà Vinh".to_owned()]
        );
    }

    #[test]
    fn scores_must_sit_in_the_band() {
        let r = Rules::get();
        assert!(r.check_score(star(3), Some(50)).is_ok());
        assert!(r.check_score(star(3), Some(70)).is_err());
        assert!(r.check_score(star(5), Some(100)).is_ok());
        assert!(r.check_score(star(5), Some(89)).is_err());
    }
}
