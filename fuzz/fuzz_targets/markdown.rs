//! Fuzz target `markdown`: see `folio_fuzz::markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = folio_fuzz::markdown(data);
});
