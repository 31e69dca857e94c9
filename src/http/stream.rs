//! Response bodies produced by blocking code (PDF sheets, CSV, backups), streamed through a
//! bounded channel so memory stays flat whatever the size.

use axum::body::{Body, Bytes};
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
