//! A4 label sheets as PDF, written page by page so memory stays flat for any number of
//! labels. The QR is vector (one rectangle per run of dark modules); text is drawn from the
//! bundled font's glyph outlines, each glyph a Form XObject defined once per document, so
//! the PDF needs no embedded font program and renders identically everywhere.
//!
//! The writer is hand-rolled because the PDF crates on crates.io build the whole document
//! in memory; the object syntax used here is a small, fixed subset of ISO 32000.

use super::RenderError;
use super::layout::{Drawing, LabelContent, LabelSpec, QUIET_MODULES, lay_out};
use super::text::{fonts, layout};
use ab_glyph::{Font, GlyphId, OutlineCurve, PxScale, ScaleFont};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

const A4_W_MM: f32 = 210.0;
const A4_H_MM: f32 = 297.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Sheet geometry: a grid of equal labels on A4.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetSpec {
    pub columns: u32,
    pub rows: u32,
    pub margin_mm: f32,
    pub gap_mm: f32,
    pub ecc: super::Ecc,
}

impl Default for SheetSpec {
    fn default() -> Self {
        Self {
            columns: 3,
            rows: 8,
            margin_mm: 8.0,
            gap_mm: 3.0,
            ecc: super::Ecc::M,
        }
    }
}

impl SheetSpec {
    /// The size of each label cell.
    pub fn label_spec(&self) -> Result<LabelSpec, RenderError> {
        if !(1..=20).contains(&self.columns) || !(1..=40).contains(&self.rows) {
            return Err(RenderError::BadSize(
                "columns must be 1–20 and rows 1–40".into(),
            ));
        }
        if !(0.0..=50.0).contains(&self.margin_mm) || !(0.0..=30.0).contains(&self.gap_mm) {
            return Err(RenderError::BadSize(
                "margin must be 0–50 mm and gap 0–30 mm".into(),
            ));
        }
        let (c, r) = (self.columns as f32, self.rows as f32);
        let w = (A4_W_MM - 2.0 * self.margin_mm - (c - 1.0) * self.gap_mm) / c;
        let h = (A4_H_MM - 2.0 * self.margin_mm - (r - 1.0) * self.gap_mm) / r;
        if w <= 0.0 || h <= 0.0 {
            return Err(RenderError::BadSize(
                "margins and gaps leave no room for labels".into(),
            ));
        }
        Ok(LabelSpec {
            width_mm: w,
            height_mm: h,
            dpi: 300,
            ecc: self.ecc,
        })
    }

    /// Labels per page.
    pub fn per_page(&self) -> u32 {
        self.columns * self.rows
    }
}

/// Byte-counting writer so object offsets can go into the xref table.
struct Counted<W> {
    inner: W,
    pos: u64,
}

impl<W: Write> Counted<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }
}

struct Doc<W> {
    out: Counted<W>,
    offsets: Vec<u64>,
    glyphs: HashMap<(bool, GlyphId), usize>,
}

impl<W: Write> Doc<W> {
    /// Reserves an object number (1-based).
    fn reserve(&mut self) -> usize {
        self.offsets.push(0);
        self.offsets.len()
    }

    fn object(&mut self, id: usize, body: &[u8]) -> std::io::Result<()> {
        self.offsets[id - 1] = self.out.pos;
        self.out.put(format!("{id} 0 obj\n").as_bytes())?;
        self.out.put(body)?;
        self.out.put(b"\nendobj\n")
    }

    fn stream(&mut self, id: usize, dict: &str, data: &[u8]) -> std::io::Result<()> {
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(data, 1);
        let mut body = format!(
            "<< {dict} /Length {} /Filter /FlateDecode >>\nstream\n",
            packed.len()
        )
        .into_bytes();
        body.extend_from_slice(&packed);
        body.extend_from_slice(b"\nendstream");
        self.object(id, &body)
    }
}

/// Writes labels for `contents` (any iterator, consumed lazily) as an A4 PDF to `out`.
/// Returns the number of pages.
pub fn write_pdf_sheet<W: Write>(
    sheet: &SheetSpec,
    contents: impl Iterator<Item = Result<LabelContent, RenderError>>,
    out: W,
) -> Result<u32, RenderError> {
    let spec = sheet.label_spec()?;
    let fonts = fonts().ok_or(RenderError::Font)?;
    let mut doc = Doc {
        out: Counted { inner: out, pos: 0 },
        offsets: Vec::new(),
        glyphs: HashMap::new(),
    };
    doc.out.put(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
    let catalog = doc.reserve();
    let pages = doc.reserve();
    let resources = doc.reserve();
    let mut kids = Vec::new();
    let page_h = A4_H_MM * PT_PER_MM;
    let mut content = String::new();
    let mut on_page = 0u32;
    for item in contents {
        let label = item?;
        let d = lay_out(&spec, &label)?;
        let (col, row) = (on_page % sheet.columns, on_page / sheet.columns);
        let ox = sheet.margin_mm + col as f32 * (spec.width_mm + sheet.gap_mm);
        let oy = sheet.margin_mm + row as f32 * (spec.height_mm + sheet.gap_mm);
        draw_label(&mut doc, fonts, &mut content, &d, ox, oy, page_h);
        on_page += 1;
        if on_page == sheet.per_page() {
            kids.push(flush_page(&mut doc, &mut content, pages, resources)?);
            on_page = 0;
        }
    }
    if on_page > 0 || kids.is_empty() {
        kids.push(flush_page(&mut doc, &mut content, pages, resources)?);
    }
    // Glyph forms and the shared resource dictionary come last: only now is the set known.
    let mut xobjects = String::from("<< /XObject << ");
    let mut glyphs: Vec<((bool, GlyphId), usize)> =
        doc.glyphs.iter().map(|(k, v)| (*k, *v)).collect();
    glyphs.sort_by_key(|g| g.1);
    for ((bold, id), obj) in glyphs {
        let (bbox, path) = glyph_path(fonts.face(bold), id);
        doc.stream(
            obj,
            &format!("/Type /XObject /Subtype /Form /BBox [{bbox}]"),
            path.as_bytes(),
        )?;
        let _ = write!(xobjects, "/G{obj} {obj} 0 R ");
    }
    xobjects.push_str(">> >>");
    doc.object(resources, xobjects.as_bytes())?;
    let kid_refs: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    doc.object(
        pages,
        format!(
            "<< /Type /Pages /Count {} /Kids [{}] >>",
            kids.len(),
            kid_refs.join(" ")
        )
        .as_bytes(),
    )?;
    doc.object(
        catalog,
        format!("<< /Type /Catalog /Pages {pages} 0 R >>").as_bytes(),
    )?;
    let xref_at = doc.out.pos;
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", doc.offsets.len() + 1);
    for off in &doc.offsets {
        let _ = writeln!(xref, "{off:010} 00000 n ");
    }
    let _ = write!(
        xref,
        "trailer\n<< /Size {} /Root {catalog} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        doc.offsets.len() + 1
    );
    doc.out.put(xref.as_bytes())?;
    doc.out.inner.flush()?;
    Ok(kids.len() as u32)
}

fn flush_page<W: Write>(
    doc: &mut Doc<W>,
    content: &mut String,
    pages: usize,
    resources: usize,
) -> Result<usize, RenderError> {
    let page = doc.reserve();
    let stream = doc.reserve();
    doc.stream(stream, "", content.as_bytes())?;
    content.clear();
    doc.object(
        page,
        format!(
            "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {:.2} {:.2}] /Resources {resources} 0 R /Contents {stream} 0 R >>",
            A4_W_MM * PT_PER_MM,
            A4_H_MM * PT_PER_MM
        )
        .as_bytes(),
    )?;
    Ok(page)
}

fn draw_label<W: Write>(
    doc: &mut Doc<W>,
    fonts: &super::text::Fonts,
    out: &mut String,
    d: &Drawing,
    ox: f32,
    oy: f32,
    page_h: f32,
) {
    let k = PT_PER_MM;
    let m = d.module_mm;
    let qx = ox + d.qr_x + QUIET_MODULES as f32 * m;
    let qy = oy + d.qr_y + QUIET_MODULES as f32 * m;
    out.push_str("0 g\n");
    for (row, start, len) in d.qr.dark_runs() {
        let x = (qx + start as f32 * m) * k;
        let y = page_h - (qy + (row + 1) as f32 * m) * k;
        // A hair of overlap so rasterisers never leave seams between adjacent runs.
        let _ = writeln!(
            out,
            "{x:.3} {:.3} {:.3} {:.3} re",
            y - 0.05,
            len as f32 * m * k + 0.05,
            m * k + 0.05
        );
    }
    out.push_str("f\n");
    for line in &d.lines {
        let font = fonts.face(line.bold);
        let size = line.size * k;
        let scale = font.as_scaled(PxScale::from(size)).h_scale_factor();
        let (glyphs, _) = layout(font, size, &line.text);
        let (bx, by) = ((ox + line.x) * k, page_h - (oy + line.baseline) * k);
        for g in glyphs {
            let next = doc.offsets.len() + 1;
            let obj = *doc.glyphs.entry((line.bold, g.id)).or_insert(next);
            if obj == next {
                doc.offsets.push(0);
            }
            let _ = writeln!(
                out,
                "q {scale:.6} 0 0 {scale:.6} {:.3} {by:.3} cm /G{obj} Do Q",
                bx + g.x
            );
        }
    }
}

/// A glyph's outline as PDF path operators in font units (y up), and its bounding box.
fn glyph_path(font: &ab_glyph::FontRef<'static>, id: GlyphId) -> (String, String) {
    let Some(outline) = font.outline(id) else {
        return ("0 0 1 1".into(), String::new());
    };
    let b = outline.bounds;
    let mut p = String::new();
    let mut cur: Option<ab_glyph::Point> = None;
    for c in &outline.curves {
        let start = match c {
            OutlineCurve::Line(a, _)
            | OutlineCurve::Quad(a, _, _)
            | OutlineCurve::Cubic(a, _, _, _) => *a,
        };
        if cur != Some(start) {
            let _ = write!(p, "{} {} m ", start.x, start.y);
        }
        let end = match c {
            OutlineCurve::Line(_, e) => {
                let _ = write!(p, "{} {} l ", e.x, e.y);
                *e
            }
            OutlineCurve::Quad(a, q, e) => {
                let c1 = (a.x + 2.0 / 3.0 * (q.x - a.x), a.y + 2.0 / 3.0 * (q.y - a.y));
                let c2 = (e.x + 2.0 / 3.0 * (q.x - e.x), e.y + 2.0 / 3.0 * (q.y - e.y));
                let _ = write!(
                    p,
                    "{:.1} {:.1} {:.1} {:.1} {} {} c ",
                    c1.0, c1.1, c2.0, c2.1, e.x, e.y
                );
                *e
            }
            OutlineCurve::Cubic(_, c1, c2, e) => {
                let _ = write!(p, "{} {} {} {} {} {} c ", c1.x, c1.y, c2.x, c2.y, e.x, e.y);
                *e
            }
        };
        cur = Some(end);
    }
    p.push('f');
    (
        format!(
            "{} {} {} {}",
            b.min.x.floor(),
            b.min.y.floor(),
            b.max.x.ceil(),
            b.max.y.ceil()
        ),
        p,
    )
}
