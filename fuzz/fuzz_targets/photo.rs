//! Photo verification: QR decoding of arbitrary images, and the multipart upload route.
#![no_main]

#[path = "harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ocop_trace::render::decode_photo(data);
    let h = harness::harness();
    let boundary = "XfuzzBoundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let ct = format!("multipart/form-data; boundary={boundary}");
    h.send_ok("POST", "/verify/photo", body, &ct);
    // The raw bytes as a whole multipart body, too.
    h.send_ok("POST", "/verify/photo", data.to_vec(), &ct);
});
