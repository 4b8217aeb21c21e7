//! Fuzz target `manifest`: see `folio_fuzz::manifest`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = folio_fuzz::manifest(data);
});
