//! The province OCOP office as the public pages name it: shoppers are told whom to call, so
//! its name, hotline and address are configuration (`office_*` settings), not code.

use super::config::{ConfigError, Setting, Source};
use serde::Deserialize;

/// The office a shopper is sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Its name in Vietnamese.
    pub name: String,
    /// Its name in English; the Vietnamese name when not given.
    pub name_en: Option<String>,
    /// The hotline as people write it, e.g. `0270 3822 123`.
    pub hotline: String,
    /// Its postal address.
    pub address: String,
}

/// Demo values: obviously placeholders, so that a real deployment notices them and sets its own.
impl Default for Office {
    fn default() -> Self {
        Self {
            name: "Văn phòng Điều phối Chương trình OCOP tỉnh (bản demo)".into(),
            name_en: Some("Provincial OCOP Coordination Office (demo)".into()),
            hotline: "1800 0000".into(),
            address: "Số 1 đường Trung tâm, phường 1, tỉnh Vĩnh Long".into(),
        }
    }
}

impl Office {
    /// The name for an English page (`en`) or a Vietnamese one.
    pub fn name_in(&self, en: bool) -> &str {
        match (&self.name_en, en) {
            (Some(n), true) => n,
            _ => &self.name,
        }
    }

    /// The `tel:` link of the hotline: its digits, with a leading `+` kept.
    pub fn tel_href(&self) -> String {
        tel_href(&self.hotline)
    }
}

/// A `tel:` URI for a phone number as people write it (spaces, dots and dashes dropped).
pub fn tel_href(phone: &str) -> String {
    let plus = if phone.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{plus}{digits}")
}

/// The office settings a TOML file or the command line may give.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct OfficeSettings {
    pub office_name: Option<String>,
    pub office_name_en: Option<String>,
    pub office_hotline: Option<String>,
    pub office_address: Option<String>,
}

/// Merges flag/env over file over the demo default, checks the values, and lists them.
pub fn resolve(
    cmd: &OfficeSettings,
    file: &OfficeSettings,
    shown: &mut Vec<Setting>,
) -> Result<Office, ConfigError> {
    let d = Office::default();
    let mut one = |name: &'static str, c: &Option<String>, f: &Option<String>, def: String| {
        let (value, source) = match (c, f) {
            (Some(v), _) => (v.trim().to_owned(), Source::Command),
            (None, Some(v)) => (v.trim().to_owned(), Source::File),
            (None, None) => (def, Source::Default),
        };
        shown.push(Setting {
            name,
            value: value.clone(),
            source,
        });
        value
    };
    let name = one("office_name", &cmd.office_name, &file.office_name, d.name);
    let name_en = one(
        "office_name_en",
        &cmd.office_name_en,
        &file.office_name_en,
        d.name_en.unwrap_or_default(),
    );
    let hotline = one(
        "office_hotline",
        &cmd.office_hotline,
        &file.office_hotline,
        d.hotline,
    );
    let address = one(
        "office_address",
        &cmd.office_address,
        &file.office_address,
        d.address,
    );
    let invalid = |name: &'static str, value: &str, reason: &str| ConfigError::Invalid {
        name,
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    for (n, v) in [("office_name", &name), ("office_address", &address)] {
        if v.is_empty() || v.chars().count() > 200 {
            return Err(invalid(n, v, "must be 1 to 200 characters"));
        }
    }
    let digits = hotline.chars().filter(char::is_ascii_digit).count();
    let allowed = |c: char| c.is_ascii_digit() || " .-()+".contains(c);
    if !(3..=15).contains(&digits) || !hotline.chars().all(allowed) {
        return Err(invalid(
            "office_hotline",
            &hotline,
            "expected a phone number: 3 to 15 digits, with spaces, dots, dashes or a leading +",
        ));
    }
    Ok(Office {
        name,
        name_en: Some(name_en).filter(|n| !n.is_empty()),
        hotline,
        address,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hotline_becomes_a_tel_link_and_bad_numbers_are_refused() {
        assert_eq!(tel_href("0270 3822.123"), "tel:02703822123");
        assert_eq!(tel_href("+84 270 3822 123"), "tel:+842703822123");
        let mut shown = Vec::new();
        let file = OfficeSettings {
            office_hotline: Some("0270 3822 123".into()),
            ..OfficeSettings::default()
        };
        let cmd = OfficeSettings {
            office_name: Some("Văn phòng OCOP tỉnh Vĩnh Long".into()),
            ..OfficeSettings::default()
        };
        let o = resolve(&cmd, &file, &mut shown).unwrap_or_default();
        assert_eq!(o.name, "Văn phòng OCOP tỉnh Vĩnh Long");
        assert_eq!(o.hotline, "0270 3822 123");
        assert_eq!(o.address, Office::default().address);
        let bad = OfficeSettings {
            office_hotline: Some("call us".into()),
            ..OfficeSettings::default()
        };
        assert!(resolve(&bad, &file, &mut shown).is_err());
    }
}
