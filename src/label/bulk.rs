//! Bulk label output: signs serial ranges on every core and writes them in serial order.

use super::UnitLabel;
use crate::crypto::Issuer;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;

/// Serials signed per work unit: large enough to amortise channel traffic, small enough
/// to keep memory flat (≈ 1 MB of text per chunk).
const CHUNK: u32 = 4096;

/// Writes `serial,url` CSV rows (with a header) for `from..=to` to `out`, signing on
/// `threads` worker threads. Rows come out in serial order; memory stays bounded by a few
/// chunks per thread whatever the range.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site per output; a struct would only rename them"
)]
pub fn write_csv<W: Write>(
    issuer: &Issuer,
    template: &UnitLabel,
    base: &str,
    from: u32,
    to: u32,
    threads: usize,
    pin: Option<&(dyn Fn(u32) -> String + Sync)>,
    out: &mut W,
) -> std::io::Result<u64> {
    out.write_all(if pin.is_some() {
        b"serial,url,pin\n"
    } else {
        b"serial,url\n"
    })?;
    if from > to {
        return Ok(0);
    }
    let threads = threads.max(1);
    let chunks = (u64::from(to) - u64::from(from)) / u64::from(CHUNK) + 1;
    let (tx, rx) = mpsc::sync_channel::<(u64, String)>(threads * 2);
    std::thread::scope(|scope| {
        for t in 0..threads as u64 {
            let tx = tx.clone();
            scope.spawn(move || {
                let mut label = template.clone();
                let mut msg = String::with_capacity(160);
                let mut c = t;
                while c < chunks {
                    let start = u64::from(from) + c * u64::from(CHUNK);
                    let end = (start + u64::from(CHUNK) - 1).min(u64::from(to));
                    let mut buf = String::with_capacity((end - start + 1) as usize * 240);
                    for serial in start..=end {
                        // start..=end lies within from..=to, both u32.
                        label.serial = serial as u32;
                        label.write_message(&mut msg);
                        let Some(sig) = issuer.sign(msg.as_bytes()) else {
                            return;
                        };
                        buf.push_str(&label.serial.to_string());
                        buf.push(',');
                        label.write_url(base, &sig, &mut buf);
                        if let Some(pin) = pin {
                            buf.push(',');
                            buf.push_str(&pin(label.serial));
                        }
                        buf.push('\n');
                    }
                    if tx.send((c, buf)).is_err() {
                        return;
                    }
                    c += threads as u64;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut written = 0u64;
        for (idx, buf) in rx {
            pending.insert(idx, buf);
            while let Some(buf) = pending.remove(&next) {
                out.write_all(buf.as_bytes())?;
                written += u64::from(CHUNK)
                    .min(u64::from(to) - u64::from(from) + 1 - next * u64::from(CHUNK));
                next += 1;
            }
        }
        if next != chunks {
            return Err(std::io::Error::other(
                "label signing stopped early (no private key for this batch's kid)",
            ));
        }
        Ok(written)
    })
}
