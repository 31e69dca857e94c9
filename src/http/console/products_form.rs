//! The product form as typed, its fields, the product it asks for, and its refusals in
//! words (a wrong GTIN check digit is explained, with the digit it should be).

use super::fields::Field;
use super::products::group_name;
use crate::domain::{GreenChain, Gtin, NewProduct, Rules};
use crate::http::ApiError;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use serde::Deserialize;

/// The product form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct ProductForm {
    #[serde(default)]
    pub(super) subject_id: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) group: String,
    #[serde(default)]
    pub(super) subgroup: String,
    #[serde(default)]
    pub(super) gtin: String,
    #[serde(default)]
    pub(super) brand: String,
    #[serde(default)]
    pub(super) raw_material_region: String,
    #[serde(default)]
    pub(super) green_region: String,
    #[serde(default)]
    pub(super) brand_supported: Option<String>,
    #[serde(default)]
    pub(super) trademark_registered: Option<String>,
    #[serde(default)]
    pub(super) tourism: Option<String>,
    #[serde(default)]
    pub(super) listings: String,
    #[serde(default)]
    pub(super) csrf: String,
}

super::posted::csrf_forms!(ProductForm);

impl ProductForm {
    /// The product to register. Spaces, dashes and dots typed between a barcode's digit
    /// groups ("893 4588 01222 8") are dropped from the form itself, so that a refusal shows
    /// and explains the digits that were checked.
    pub(super) fn request(
        &mut self,
        t: &'static Catalogue,
    ) -> Result<NewProduct, (&'static str, String)> {
        self.gtin = self
            .gtin
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
            .collect();
        let Ok(subject_id) = self.subject_id.trim().parse::<u64>() else {
            return Err(("subject_id", t.err_product_subject.to_owned()));
        };
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
        Ok(NewProduct {
            subject_id,
            name: self.name.clone(),
            group: self.group.clone(),
            subgroup: opt(&self.subgroup),
            gtin: opt(&self.gtin),
            brand: opt(&self.brand),
            raw_material_region: opt(&self.raw_material_region),
            green_chain: opt(&self.green_region).map(|region| GreenChain { region }),
            brand_supported: self.brand_supported.is_some(),
            trademark_registered: self.trademark_registered.is_some(),
            listings: self
                .listings
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            tourism: self.tourism.is_some(),
        })
    }
}

pub(super) fn fields(lang: Lang, f: &ProductForm, subjects: Vec<(String, String)>) -> Vec<Field> {
    let t = lang.t();
    let rules = Rules::get();
    let mut groups = vec![(String::new(), t.group_choose.to_owned())];
    groups.extend(rules.groups.iter().map(|g| {
        (
            g.code.clone(),
            format!("{}. {}", g.number, group_name(lang, &g.code)),
        )
    }));
    let mut subgroups = vec![(String::new(), t.subgroup_none.to_owned())];
    for g in &rules.groups {
        for s in &g.subgroups {
            let name = match lang {
                Lang::Vi => &s.vi,
                Lang::En => &s.en,
            };
            subgroups.push((s.code.clone(), format!("{} {name}", s.code)));
        }
    }
    let mut subject_opts = vec![(String::new(), t.subject_choose.to_owned())];
    subject_opts.extend(subjects);
    vec![
        Field::select("subject_id", t.subject_label, &f.subject_id, subject_opts).required(),
        Field::text("name", t.product_name_label, &f.name, 200).required(),
        Field::select("group", t.group_label, &f.group, groups).required(),
        Field::select("subgroup", t.subgroup_label, &f.subgroup, subgroups),
        Field::text("gtin", t.gtin_label, &f.gtin, 20)
            .numeric()
            .hint(t.gtin_hint),
        Field::text("brand", t.brand_label, &f.brand, 200),
        Field::text(
            "raw_material_region",
            t.raw_region_label,
            &f.raw_material_region,
            200,
        ),
        Field::text("green_region", t.green_region_label, &f.green_region, 200)
            .hint(t.green_region_hint),
        Field::check(
            "brand_supported",
            t.brand_supported_label,
            f.brand_supported.is_some(),
        ),
        Field::check(
            "trademark_registered",
            t.trademark_label,
            f.trademark_registered.is_some(),
        ),
        Field::check("tourism", t.tourism_label, f.tourism.is_some()),
        Field::area("listings", t.listings_label, &f.listings, 6000).hint(t.listings_hint),
    ]
}

/// What is wrong with a GTIN as typed, in words: digits only, how many, and which last
/// digit the digits before it call for.
pub fn gtin_problem(t: &'static Catalogue, typed: &str) -> String {
    let d: Vec<char> = typed.chars().collect();
    if d.is_empty() || !d.iter().all(char::is_ascii_digit) {
        return t.err_gtin_digits.to_owned();
    }
    if ![8, 12, 13, 14].contains(&d.len()) {
        return fill(t.err_gtin_length, &[&d.len().to_string()]);
    }
    let data: String = d[..d.len() - 1].iter().collect();
    let expected = Gtin::with_check_digit(&data)
        .ok()
        .and_then(|g| g.as_str().chars().last())
        .unwrap_or('0');
    let last = d[d.len() - 1];
    fill(
        t.err_gtin_check,
        &[
            &(d.len() - 1).to_string(),
            &expected.to_string(),
            &last.to_string(),
        ],
    )
}

/// The field and sentence of a refused product.
pub(super) fn field_error(
    t: &'static Catalogue,
    e: &ApiError,
    gtin: &str,
) -> Option<(&'static str, String)> {
    let m = e.message.as_str();
    let field = |f: &'static str, s: &str| Some((f, s.to_owned()));
    match e.code.as_str() {
        "invalid_gtin" => Some(("gtin", gtin_problem(t, gtin))),
        "gtin_taken" => field("gtin", t.err_gtin_taken),
        "invalid_group" if m.starts_with("sub-group") => field("subgroup", t.err_subgroup),
        "invalid_group" => field("group", t.err_group),
        "not_found" => field("subject_id", t.err_product_subject),
        "invalid_text" if m.starts_with("listings") || m.contains("listings") => {
            field("listings", t.err_listings)
        }
        "invalid_text" if m.starts_with("subgroup") => field("subgroup", t.err_subgroup),
        "invalid_text" if m.starts_with("brand") => field("brand", t.err_required),
        "invalid_text" if m.starts_with("raw_material_region") => {
            field("raw_material_region", t.err_required)
        }
        "invalid_text" if m.starts_with("green_chain") => field("green_region", t.err_required),
        "invalid_text" => field("name", t.err_product_name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_check_digit_is_explained_with_the_right_one() {
        let t = Lang::En.t();
        let m = gtin_problem(t, "8934588012229");
        assert!(m.contains("should be 8") && m.contains("12"), "{m}");
        assert!(gtin_problem(t, "89345").contains('5'));
        assert_eq!(gtin_problem(t, "89a"), t.err_gtin_digits);
    }

    #[test]
    fn a_product_form_keeps_the_barcode_digits_and_one_listing_a_line() {
        let t = Lang::En.t();
        let mut f = ProductForm {
            subject_id: " 4 ".into(),
            name: "Chè Tân Cương".into(),
            gtin: "893 4588-01222.8".into(),
            brand: "  ".into(),
            listings: "https://shop.example/a\n\n  https://shop.example/b  ".into(),
            ..ProductForm::default()
        };
        let req = f.request(t).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(f.gtin, "8934588012228");
        assert_eq!((req.subject_id, req.brand), (4, None));
        assert_eq!(
            req.listings,
            ["https://shop.example/a", "https://shop.example/b"]
        );
        f.subject_id = "x".into();
        assert_eq!(f.request(t).err().map(|e| e.0), Some("subject_id"));
    }
}
