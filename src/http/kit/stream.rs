//! Response bodies produced by blocking code (PDF sheets, CSV, backups), streamed through a
//! bounded channel so memory stays flat whatever the size.

use crate::render::RenderError;
use crate::render::SheetSpec;
use crate::service::PrintJob;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::io::Write;

/// A `Write` whose bytes become the response body, in chunks of 256 KiB.
pub struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= 256 * 1024 {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

/// Runs `produce` on a blocking thread and streams what it writes. A failure aborts the
/// body, so the client sees a truncated transfer rather than a short file.
pub fn stream_body<E: std::fmt::Display + From<std::io::Error>>(
    what: &'static str,
    produce: impl FnOnce(&mut ChannelWriter) -> Result<(), E> + Send + 'static,
) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let mut w = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::new(),
        };
        let result = produce(&mut w).and_then(|()| w.flush().map_err(E::from));
        if let Err(e) = result {
            tracing::warn!(error = %e, "{what} stopped");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }))
}

/// CSV rows for an inkjet line, streamed as an attachment (the API and the console).
pub(in crate::http) fn csv_response(job: PrintJob) -> Response {
    let (id, f, t) = (job.batch.id, job.run.from, job.run.to);
    let mut resp = Response::new(Body::empty());
    notice_header(&mut resp, &job);
    *resp.body_mut() = stream_body("label output", move |w| {
        let issuer = job.issuer().ok_or(RenderError::Font)?;
        let template = job.batch.unit_label(f);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pin = |serial: u32| job.pin(serial).unwrap_or_default();
        let pins: Option<&(dyn Fn(u32) -> String + Sync)> = if job.pin(f).is_some() {
            Some(&pin)
        } else {
            None
        };
        crate::label::bulk::write_csv(issuer, &template, &job.base_url, f, t, threads, pins, w)?;
        Ok::<(), RenderError>(())
    });
    attachment(
        &mut resp,
        "text/csv; charset=utf-8",
        &format!("labels-{id}-{f}-{t}.csv"),
    );
    resp
}

/// An A4 sheet of labels, streamed as an attachment (the API and the console).
pub(in crate::http) fn pdf_response(job: PrintJob, sheet: SheetSpec) -> Response {
    let (id, f, t) = (job.batch.id, job.run.from, job.run.to);
    let mut resp = Response::new(Body::empty());
    notice_header(&mut resp, &job);
    *resp.body_mut() = stream_body("label output", move |w| {
        let contents = (f..=t).map(|serial| job.content(serial).ok_or(RenderError::Font));
        crate::render::write_pdf_sheet(&sheet, contents, w)?;
        Ok::<(), RenderError>(())
    });
    attachment(
        &mut resp,
        "application/pdf",
        &format!("labels-{id}-{f}-{t}.pdf"),
    );
    resp
}

pub(in crate::http) fn notice_header(resp: &mut Response, job: &PrintJob) {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&job.run.id.to_string()) {
        h.insert("x-print-run", v);
    }
    if job.run.reprint {
        h.insert("x-print-reprint", HeaderValue::from_static("true"));
    }
    if let Some(n) = &job.notice
        && let Ok(v) = HeaderValue::from_str(&n.en)
    {
        h.insert("x-ocop-notice", v);
    }
}

fn attachment(resp: &mut Response, content_type: &'static str, name: &str) {
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
}
