//! Any bytes as an engagement file: refused, or opened, summarised and verified — never
//! a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.dengbao");
    std::fs::write(&path, data).unwrap();
    let Ok(store) = dengbao::store::Store::open(&path, dengbao::store::Access::Read, "fuzz") else {
        return;
    };
    if let Ok(data) = dengbao::summary::EngagementData::load(&store) {
        let _ = data.status();
    }
    let _ = dengbao::evidence::verify::verify_engagement(&store, None, &mut |_, _| {});
});
