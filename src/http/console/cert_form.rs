//! The certificate form shared by a first grant and a new decision that replaces one: what
//! is typed (dates as dd/mm/yyyy), the request it becomes, and every refusal of the rules
//! (which level may award which stars on which date, score bands, dates) as a sentence
//! beside the field it concerns.

use super::fields::{Field, parse_date};
use crate::domain::{Certificate, IssuingLevel, NewCertificate, Rules};
use crate::http::ApiError;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use chrono::NaiveDate;
use serde::Deserialize;

/// The certificate form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct CertForm {
    #[serde(default)]
    pub star: String,
    #[serde(default)]
    pub potential_5_star: Option<String>,
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub decision_no: String,
    #[serde(default)]
    pub decision_date: String,
    #[serde(default)]
    pub issuing_body: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub valid_until: String,
    /// Set on the confirmation step of a replacement.
    #[serde(default)]
    pub confirm: Option<String>,
    /// Back from the confirmation step to the form, with what was typed.
    #[serde(default)]
    pub edit: Option<String>,
    #[serde(default)]
    pub csrf: String,
}

super::posted::csrf_forms!(CertForm);

/// A field name and the sentence shown beside it ("" for the summary).
pub type FieldError = (&'static str, String);

const LEVELS: [IssuingLevel; 3] = [
    IssuingLevel::Province,
    IssuingLevel::Central,
    IssuingLevel::District,
];

/// A level as a sentence names it ("cấp tỉnh", "province").
pub fn level_name(t: &'static Catalogue, l: IssuingLevel) -> &'static str {
    match l {
        IssuingLevel::District => t.level_district,
        IssuingLevel::Province => t.level_province,
        IssuingLevel::Central => t.level_central,
    }
}

impl CertForm {
    /// A form that starts from an existing certificate's stars, level and body (a renewal
    /// usually keeps them).
    pub fn from_certificate(c: &Certificate) -> Self {
        Self {
            star: c.star.get().to_string(),
            issuing_body: c.issuing_body.clone(),
            level: c.level.as_str().to_owned(),
            ..Self::default()
        }
    }

    /// Dates shown again as people write them, whichever way they were typed.
    pub fn tidy(&mut self) {
        for d in [&mut self.decision_date, &mut self.valid_until] {
            if let Some(day) = parse_date(d) {
                *d = day.format("%d/%m/%Y").to_string();
            }
        }
    }

    /// The form's fields, with `errors` placed beside them by the caller.
    pub fn fields(&self, t: &'static Catalogue) -> Vec<Field> {
        let mut stars = vec![(String::new(), t.star_choose.to_owned())];
        stars.extend((3..=5).map(|n: u8| (n.to_string(), fill(t.stars, &[&n.to_string()]))));
        let levels = LEVELS
            .iter()
            .map(|l| (l.as_str().to_owned(), level_option(t, *l).to_owned()))
            .collect();
        vec![
            Field::text("decision_no", t.decision_no_label, &self.decision_no, 60)
                .required()
                .hint(t.decision_no_hint),
            Field::text(
                "decision_date",
                t.decision_date_label,
                &self.decision_date,
                12,
            )
            .required()
            .placeholder(t.date_placeholder),
            Field::text(
                "issuing_body",
                t.issuing_body_label,
                &self.issuing_body,
                200,
            )
            .required()
            .hint(t.issuing_body_hint),
            Field::select("level", t.level_label, &self.level, levels),
            Field::select("star", t.star_label, &self.star, stars).required(),
            Field::text("score", t.score_label, &self.score, 3)
                .numeric()
                .hint(t.score_hint),
            Field::check(
                "potential_5_star",
                t.potential_label,
                self.potential_5_star.is_some(),
            ),
            Field::text("valid_until", t.valid_until_label, &self.valid_until, 12)
                .placeholder(t.date_placeholder)
                .hint(t.valid_until_hint),
        ]
    }

    /// The request, or the fields that cannot even be read.
    pub fn request(&self, t: &'static Catalogue) -> Result<NewCertificate, Vec<FieldError>> {
        let mut errors = Vec::new();
        let star = self.star.trim().parse::<u8>().ok();
        if star.is_none() {
            errors.push(("star", t.err_star.to_owned()));
        }
        let level = LEVELS.into_iter().find(|l| l.as_str() == self.level);
        if level.is_none() {
            errors.push(("level", t.err_level.to_owned()));
        }
        let decision_date = parse_date(&self.decision_date);
        if decision_date.is_none() {
            errors.push(("decision_date", t.err_date.to_owned()));
        }
        let score = match self.score.trim() {
            "" => Ok(None),
            s => s.parse::<u8>().map(Some),
        };
        if score.is_err() {
            errors.push(("score", t.err_score_number.to_owned()));
        }
        let valid_until = match self.valid_until.trim() {
            "" => Ok(None),
            s => parse_date(s).map(Some).ok_or(()),
        };
        if valid_until.is_err() {
            errors.push(("valid_until", t.err_date.to_owned()));
        }
        let (Some(star), Some(level), Some(decision_date), Ok(score), Ok(valid_until)) =
            (star, level, decision_date, score, valid_until)
        else {
            return Err(errors);
        };
        Ok(NewCertificate {
            star,
            potential_5_star: self.potential_5_star.is_some(),
            score,
            decision_no: self.decision_no.clone(),
            decision_date,
            issuing_body: self.issuing_body.clone(),
            level,
            valid_until,
        })
    }
}

fn level_option(t: &'static Catalogue, l: IssuingLevel) -> &'static str {
    match l {
        IssuingLevel::District => t.level_district_option,
        IssuingLevel::Province => t.level_province_option,
        IssuingLevel::Central => t.level_central_option,
    }
}

/// Why `level` may not award `star` stars on `day`, and who may, from the rules file.
pub fn competence_sentence(lang: Lang, level: IssuingLevel, star: u8, day: NaiveDate) -> String {
    let t = lang.t();
    let may: Vec<&str> = Rules::get()
        .competence
        .iter()
        .filter(|r| {
            r.stars.contains(&star)
                && r.from.is_none_or(|f| day >= f)
                && r.until.is_none_or(|u| day <= u)
        })
        .map(|r| level_name(t, r.level))
        .collect();
    let head = fill(
        t.err_competence,
        &[&lang.date(day), level_name(t, level), &star.to_string()],
    );
    if may.is_empty() {
        return format!("{head} {}", t.err_competence_nobody);
    }
    let who = may.join(t.or_word);
    format!("{head} {}", fill(t.err_competence_who, &[&who]))
}

/// The field and sentence of a refused certificate. `prev` is the certificate being
/// replaced, if any.
pub fn field_error(
    lang: Lang,
    e: &ApiError,
    req: &NewCertificate,
    prev: Option<&Certificate>,
) -> Option<FieldError> {
    let t = lang.t();
    let m = e.message.as_str();
    let s = |f: &'static str, v: &str| Some((f, v.to_owned()));
    match e.code.as_str() {
        "invalid_star" if m.contains("potential") => s("potential_5_star", t.err_potential),
        "invalid_star" => s("star", t.err_star),
        "score_out_of_band" => {
            let band = Rules::get()
                .star_bands
                .iter()
                .find(|b| b.star == req.star)?;
            Some((
                "score",
                fill(
                    t.err_score_band,
                    &[
                        &req.star.to_string(),
                        &band.min_score.to_string(),
                        &band
                            .max_score_exclusive
                            .saturating_sub(1)
                            .min(100)
                            .to_string(),
                    ],
                ),
            ))
        }
        "issuer_not_competent" => Some((
            "level",
            competence_sentence(lang, req.level, req.star, req.decision_date),
        )),
        "invalid_date" if m.contains("future") => s("decision_date", t.err_decision_future),
        "invalid_date" if m.contains("valid_until") => s("valid_until", t.err_valid_until),
        "invalid_date" if m.contains("predates") => Some((
            "decision_date",
            fill(
                t.err_decision_predates,
                &[&prev.map(|p| lang.date(p.decision_date)).unwrap_or_default()],
            ),
        )),
        "invalid_date" => s("decision_date", t.err_date),
        "invalid_text" if m.starts_with("issuing_body") => s("issuing_body", t.err_issuing_body),
        "invalid_text" => s("decision_no", t.err_decision_no),
        "certificate_exists" => s("", t.err_cert_exists),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_competence_sentence_names_who_may_award() {
        let day = NaiveDate::from_ymd_opt(2025, 8, 1).unwrap_or_default();
        let en = competence_sentence(Lang::En, IssuingLevel::District, 3, day);
        assert!(en.contains("district") && en.contains("province"), "{en}");
        let vi = competence_sentence(Lang::Vi, IssuingLevel::Province, 5, day);
        assert!(
            vi.contains("cấp trung ương") && vi.contains("01/08/2025"),
            "{vi}"
        );
    }
}
