//! Small helpers for the server-rendered pages: escaping, the page shell, SVG bars.

use std::fmt::Write;

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A complete page: mobile-first, no scripts, no external requests.
pub fn page(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>\
body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:60em;padding:0 .8em;color:#1d1d1f}}\
h1{{font-size:1.4em}}h2{{font-size:1.1em;margin-top:1.5em}}table{{border-collapse:collapse}}\
td,th{{padding:.2em .6em;text-align:left;border-bottom:1px solid #ddd}}.num{{text-align:right}}\
.met{{color:#1b7f3b}}.on_track{{color:#1f6fb2}}.behind,.missed{{color:#b3261e}}\
a{{color:#1f6fb2}}form input{{padding:.3em}}</style></head><body>{body}</body></html>",
        esc(title)
    )
}

/// Horizontal bars as inline SVG: one row per (label, value).
pub fn bars(rows: &[(String, f64)], colour: &str) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0f64, f64::max).max(1.0);
    let h = 22 * rows.len() + 4;
    let mut s = format!(
        "<svg width=\"100%\" viewBox=\"0 0 600 {h}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 22 * i + 2;
        let w = (value / max * 330.0).max(0.0);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"230\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 13,
            esc(label),
            236.0 + w,
            y + 13,
            value
        );
    }
    s.push_str("</svg>");
    s
}

/// A progress bar (0–100%+) as inline SVG.
pub fn progress(percent: f64, status: &str) -> String {
    let colour = match status {
        "met" => "#1b7f3b",
        "on_track" => "#1f6fb2",
        _ => "#b3261e",
    };
    let w = percent.clamp(0.0, 100.0) * 2.0;
    format!(
        "<svg width=\"200\" height=\"14\" viewBox=\"0 0 200 14\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"200\" height=\"14\" fill=\"#eee\"/><rect width=\"{w:.1}\" height=\"14\" fill=\"{colour}\"/></svg>"
    )
}
