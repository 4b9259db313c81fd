//! Any bytes as a bundle: verified or refused, never a panic, with bounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.zip");
    std::fs::write(&path, data).unwrap();
    let _ = dengbao::evidence::bundle::verify_bundle(&path, None, None);
});
