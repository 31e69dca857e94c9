//! Backup files: framing, limits, manifest and checksum checks never panic or over-allocate.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ocop_trace::backup::read(data, None, |_| Ok(()));
});
