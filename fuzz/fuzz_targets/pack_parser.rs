//! Any bytes as a pack file: parsed or refused with diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(diags) = dengbao::catalog::parse_pack("fuzz.toml", &text, "fuzz.toml") {
        assert!(!diags.is_empty());
    }
});
