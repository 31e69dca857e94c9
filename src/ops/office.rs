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
    /// Its logo, read and checked at start-up; served at `/assets/office-logo`.
    pub logo: Option<Logo>,
}

/// An office logo: a PNG or an SVG without scripts, at most [`LOGO_LIMIT`] bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// `image/png` or `image/svg+xml`.
    pub content_type: &'static str,
    /// The file's bytes.
    pub bytes: std::sync::Arc<[u8]>,
}

/// The largest logo accepted: it is on every page, so it must stay small.
pub const LOGO_LIMIT: usize = 100 * 1024;

impl Logo {
    /// Reads and checks the logo at `path`; the error says what is wrong, for start-up.
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
        if bytes.len() > LOGO_LIMIT {
            return Err(format!(
                "the file has {} bytes; a logo may have at most {LOGO_LIMIT}",
                bytes.len()
            ));
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let content_type = match ext.as_deref() {
            Some("png") if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => "image/png",
            Some("png") => return Err("the file is not a PNG image".into()),
            Some("svg") => {
                let text = std::str::from_utf8(&bytes)
                    .map_err(|_| "the SVG file is not UTF-8 text".to_owned())?;
                let lower = text.to_ascii_lowercase();
                if !lower.contains("<svg") {
                    return Err("the file is not an SVG image".into());
                }
                // Served from our own origin: an SVG that scripts or loads elsewhere would
                // break the pages' promise of no third-party requests.
                if [
                    "<script",
                    "javascript:",
                    "onload=",
                    "href=\"http",
                    "href='http",
                    "url(http",
                ]
                .iter()
                .any(|bad| lower.contains(bad))
                {
                    return Err("the SVG contains a script or an external link".into());
                }
                "image/svg+xml"
            }
            _ => return Err("expected a .png or .svg file".into()),
        };
        Ok(Self {
            content_type,
            bytes: bytes.into(),
        })
    }
}

/// Demo values: obviously placeholders, so that a real deployment notices them and sets its own.
impl Default for Office {
    fn default() -> Self {
        Self {
            name: "Văn phòng Điều phối Chương trình OCOP tỉnh (bản demo)".into(),
            name_en: Some("Provincial OCOP Coordination Office (demo)".into()),
            hotline: "1800 0000".into(),
            address: "Số 1 đường Trung tâm, phường 1, tỉnh Vĩnh Long".into(),
            logo: None,
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
    pub office_logo: Option<String>,
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
    let logo_path = one(
        "office_logo",
        &cmd.office_logo,
        &file.office_logo,
        String::new(),
    );
    let logo = if logo_path.is_empty() {
        None
    } else {
        let logo = Logo::load(std::path::Path::new(&logo_path));
        Some(logo.map_err(|reason| invalid("office_logo", &logo_path, &reason))?)
    };
    Ok(Office {
        name,
        name_en: Some(name_en).filter(|n| !n.is_empty()),
        hotline,
        address,
        logo,
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

    #[test]
    fn a_logo_is_checked_at_start_up() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
            p.display().to_string()
        };
        let svg = write("ok.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>");
        let with = |path: String| OfficeSettings {
            office_logo: Some(path),
            ..OfficeSettings::default()
        };
        let none = OfficeSettings::default();
        let mut shown = Vec::new();
        let o = resolve(&with(svg), &none, &mut shown).unwrap_or_default();
        assert_eq!(o.logo.map(|l| l.content_type), Some("image/svg+xml"));
        for bad in [
            write("s.svg", b"<svg><script>alert(1)</script></svg>"),
            write("fake.png", b"<svg/>"),
            write("logo.gif", b"GIF89a"),
            dir.path().join("missing.png").display().to_string(),
        ] {
            let e = resolve(&with(bad.clone()), &none, &mut shown);
            assert!(
                matches!(
                    &e,
                    Err(ConfigError::Invalid {
                        name: "office_logo",
                        ..
                    })
                ),
                "{bad}: {e:?}"
            );
        }
    }
}
