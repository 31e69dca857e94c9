//! Form fields the office's forms share: each field carries its label, what was typed, its
//! hint and the sentence of its refusal, so one template (`console/fields.html`) draws every
//! field the same way (error beside the field, `aria-invalid`, `aria-describedby`).

/// How a field is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Select,
    Check,
    Area,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// As typed; for a checkbox, non-empty when ticked.
    pub value: String,
    pub kind: Kind,
    pub hint: Option<&'static str>,
    pub error: Option<String>,
    /// (value, label) of a select.
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub maxlength: usize,
    /// `numeric` for digits, else empty.
    pub inputmode: &'static str,
    pub placeholder: &'static str,
}

impl Field {
    /// A text input.
    pub fn text(name: &'static str, label: &'static str, value: &str, maxlength: usize) -> Self {
        Self {
            name,
            label,
            value: value.to_owned(),
            kind: Kind::Text,
            hint: None,
            error: None,
            options: Vec::new(),
            required: false,
            maxlength,
            inputmode: "",
            placeholder: "",
        }
    }

    /// A select among `options`.
    pub fn select(
        name: &'static str,
        label: &'static str,
        value: &str,
        options: Vec<(String, String)>,
    ) -> Self {
        Self {
            kind: Kind::Select,
            options,
            ..Self::text(name, label, value, 0)
        }
    }

    /// A checkbox, ticked when `on`.
    pub fn check(name: &'static str, label: &'static str, on: bool) -> Self {
        Self {
            kind: Kind::Check,
            ..Self::text(name, label, if on { "yes" } else { "" }, 0)
        }
    }

    /// A text area.
    pub fn area(name: &'static str, label: &'static str, value: &str, maxlength: usize) -> Self {
        Self {
            kind: Kind::Area,
            ..Self::text(name, label, value, maxlength)
        }
    }

    /// Marks the field required.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Adds a hint under the label.
    pub fn hint(mut self, h: &'static str) -> Self {
        self.hint = Some(h);
        self
    }

    /// Digits keypad and a placeholder.
    pub fn numeric(mut self) -> Self {
        self.inputmode = "numeric";
        self
    }

    /// A placeholder (e.g. day/month/year).
    pub fn placeholder(mut self, p: &'static str) -> Self {
        self.placeholder = p;
        self
    }

    /// The ids `aria-describedby` names: the hint and the error, when present.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-err", self.name));
        }
        ids.join(" ")
    }

    pub fn is_select(&self) -> bool {
        self.kind == Kind::Select
    }
    pub fn is_check(&self) -> bool {
        self.kind == Kind::Check
    }
    pub fn is_area(&self) -> bool {
        self.kind == Kind::Area
    }
}

/// Puts each error beside its field; errors for no field (name "") are returned, for the
/// summary at the top.
pub fn place(fields: &mut [Field], errors: Vec<(&'static str, String)>) -> Vec<String> {
    let mut general = Vec::new();
    for (name, msg) in errors {
        match fields.iter_mut().find(|f| f.name == name) {
            Some(f) => f.error = Some(msg),
            None => general.push(msg),
        }
    }
    general
}

/// A date as people type it (`01/12/2026`, `1.12.2026`) or in ISO form (`2026-12-01`).
/// Plain text, not a date input: a phone set to English would show month/day/year.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    // Phone keypads offer different separators: 01.12.2026 and 01-12-2026 count too.
    let slashed: String = s
        .chars()
        .map(|c| if matches!(c, '.' | '-' | ' ') { '/' } else { c })
        .collect();
    chrono::NaiveDate::parse_from_str(&slashed, "%d/%m/%Y").ok()
}
